// compound_interest: compound interest written as a lesson: state the formula, identify the
// variables, substitute, compute each intermediate value, round (as the question asks) and
// interpret the result.
//
// Difficulty: compounding once a year and short terms first; then twice or 4 times a year and
// longer terms (more decimals in the growth factor). Form 1 (difficulty >= 3) asks for the
// interest earned instead of the final amount. Every intermediate value is exact: parameters
// are chosen so the growth factor has at most 6/8/10/12/16 decimals by difficulty.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

class CompoundInterest final : public Family {
 public:
  CompoundInterest()
      : Family("compound_interest",
               "Compound interest as a lesson: formula, variables, "
               "substitution, each value, rounding, meaning.",
               3, false) {}

  int forms(int d) const override { return d >= 3 ? 2 : 1; }

  static int max_decimals(int d) {
    static const int kCap[] = {6, 8, 10, 12, 16};
    return kCap[d - 1];
  }

  std::vector<VarSpec> variables(const Problem& p) const override {
    int d = p.difficulty;
    return {spec("P", VarType::kMoney, 100, 20000, 100, true, "principal"),
            spec("r", VarType::kPercent, 1, 12, d == 1 ? Rational(1) : frac(1, 2), false,
                 "yearly rate in percent"),
            spec("n", VarType::kCount, 1,
                 d == 1   ? 1
                 : d == 2 ? 2
                          : 4,
                 1, false, "compounding periods per year"),
            spec("t", VarType::kCount, 2, d <= 2 ? 4 : 10, 1, false, "years")};
  }

  std::vector<EntitySpec> entities(const Problem&) const override {
    return {{"person", EntityKind::kPerson}};
  }

  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    static const long kPeriods[] = {1, 2, 4};
    int choices = p.difficulty == 1 ? 1 : p.difficulty == 2 ? 2 : 3;
    set_var(p, "n", kPeriods[rng.below(static_cast<uint64_t>(choices))]);
  }

  void build(const Problem& p, Builder& b) const override {
    Ref P = b.var("P"), r = b.var("r"), n = b.var("n"), t = b.var("t");
    const Num& nv = b.value(n);
    b.require(nv == 1 || nv == 2 || nv == 4, "n must be 1, 2 or 4");
    b.require(b.value(r) > 0, "the rate must be positive");
    bool interest = b.form() == 1;
    ask(b, P, r, n, t, interest);
    b.step(b.line() << "Use the compound interest formula A = P(1 + r/n)^(nt), where P is the "
                    << "principal, r is the yearly rate as a decimal, n is the number of times "
                    << "interest is added per year, t is the number of years and A is the "
                    << "final amount.");
    Ref rd = b.div(r, b.num(100));
    auto s = b.line();
    s << "Identify the variables: P is " << b.txt(P) << " dollars, r is " << b.ann(rd) << ", n is "
      << b.txt(n) << " and t is " << b.txt(t) << ".";
    b.step(std::move(s));
    b.step(b.line() << "Substitute them: A = " << b.txt(P) << "*(1+" << b.txt(rd) << "/" << b.txt(n)
                    << ")^(" << b.txt(n) << "*" << b.txt(t) << ").");
    Ref rate = b.div(rd, n);
    Ref periods = b.mul(n, t);
    if (nv == 1) {
      b.silent(rate);  // r/1 and 1*t are r and t
      b.silent(periods);
    } else {
      b.step(b.line() << "The rate per period is " << b.ann(rate) << ".");
    }
    Ref factor = b.add(b.num(1), rate);
    b.step(b.line() << "Each period multiplies the balance by " << b.ann(factor) << ".");
    if (nv != 1) b.step(b.line() << "There are " << b.ann(periods) << " periods.");
    Ref growth = b.pow(factor, periods);
    int dec = decimals_of(b.value(growth));
    b.require(dec >= 0, "the growth factor must be a terminating decimal");
    b.require_range(dec <= max_decimals(p.difficulty), "the growth factor has too many decimals");
    b.step(b.line() << "Over all periods the balance grows by a factor of " << b.ann(growth)
                    << ".");
    Ref amount = b.mul(P, growth);
    b.step(b.line() << "Multiplying by the principal gives " << b.ann(amount) << " dollars.");
    Ref cents = b.round(amount, 2);
    if (b.value(cents) == b.value(amount)) {
      b.silent(cents);
    } else {
      b.require(!is_int(b.value(cents)), "the rounded amount must show cents");
      b.step(b.line() << "Rounded to the nearest cent, that is " << b.ann(cents) << " dollars.");
    }
    Ref answer = cents;
    if (interest) {
      answer = b.sub(cents, P);
      b.step(b.line() << "The interest earned is " << b.ann(answer) << " dollars.");
      b.step(b.line() << "Because each period's interest also earns interest, in " << b.txt(t)
                      << " years the deposit of " << b.txt(P) << " dollars earns " << b.txt(answer)
                      << " dollars.");
    } else {
      b.step(b.line() << "Because each period's interest also earns interest, after " << b.txt(t)
                      << " years the account holds " << b.txt(answer) << " dollars.");
    }
    b.answer(answer);
  }

 private:
  static void ask(Builder& b, Ref P, Ref r, Ref n, Ref t, bool interest) {
    const std::string& who = b.ent("person");
    const Num& nv = b.value(n);
    auto often = [&](Builder::Line& l) {
      if (nv == 1)
        l << "compounded once a year";
      else if (nv == 2)
        l << "compounded twice a year";
      else
        l << "compounded " << Builder::Q{n} << " times a year";
    };
    const char* what = interest ? "How much interest will it earn" : "How much will it be worth";
    if (b.phrasing() == 0) {
      auto l = b.line();
      l << who << " deposits " << Q{P} << " in a savings account that pays " << Q{r}
        << " yearly interest, ";
      often(l);
      b.say(std::move(l << "."));
      b.ask(b.line() << what << " after " << Q{t} << " years, rounded to the nearest cent?");
    } else if (b.phrasing() == 1) {
      auto l = b.line();
      l << "A bank offers " << Q{r} << " interest per year, ";
      often(l);
      b.say(std::move(l << "."));
      b.ask(b.line() << "If " << who << " invests " << Q{P} << " and makes no withdrawals, "
                     << (interest ? "how much interest will the investment earn"
                                  : "what will the investment be worth")
                     << " after " << Q{t} << " years, rounded to the nearest cent?");
    } else {
      auto l = b.line();
      l << who << " puts " << Q{P} << " into an account with a yearly interest rate of " << Q{r}
        << ", ";
      often(l);
      b.say(std::move(l << "."));
      b.ask(b.line() << (interest ? "How much interest has it earned" : "What is the balance")
                     << " after " << Q{t} << " years, to the nearest cent?");
    }
  }
};

}  // namespace

const Family& compound_interest_family() {
  static const CompoundInterest f;
  return f;
}

}  // namespace stepwise::tasks

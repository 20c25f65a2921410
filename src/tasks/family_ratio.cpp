// ratio_split: sharing in a ratio, finding a total from one share or from a difference, and
// scaling a recipe.
//
// Difficulty: 1 share of two; 2 share of three; 3 total from one share; 4 a share from the
// difference of two shares; 5 a recipe scaled to another number of servings.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

class RatioSplit final : public Family {
 public:
  RatioSplit() : Family("ratio_split", "Ratios: proportional shares, totals, recipes.", 3, false) {}

  std::vector<VarSpec> variables(const Problem& p) const override {
    // Money in two phrasings, things in the other.
    VarType amount = p.phrasing == 1 ? VarType::kCount : VarType::kMoney;
    switch (p.difficulty) {
      case 1:
        return {spec("a", VarType::kCount, 1, 9, 1, false, "first part"),
                spec("b", VarType::kCount, 1, 9, 1, false, "second part"),
                spec("total", amount, 2, 1800, 1, true, "amount shared")};
      case 2:
        return {spec("a", VarType::kCount, 1, 9, 1, false, "first part"),
                spec("b", VarType::kCount, 1, 9, 1, false, "second part"),
                spec("c", VarType::kCount, 1, 9, 1, false, "third part"),
                spec("total", amount, 3, 2700, 1, true, "amount shared")};
      case 3:
        return {spec("a", VarType::kCount, 1, 9, 1, false, "first part"),
                spec("b", VarType::kCount, 1, 9, 1, false, "second part"),
                spec("share", amount, 1, 900, 1, true, "first share")};
      case 4:
        return {spec("a", VarType::kCount, 1, 9, 1, false, "smaller part"),
                spec("b", VarType::kCount, 2, 12, 1, false, "larger part"),
                spec("diff", amount, 1, 1100, 1, true, "difference of the shares")};
      default:
        return {spec("qty", VarType::kDecimal, frac(5, 4), 40, frac(1, 4), true,
                     "amount in the recipe"),
                spec("serves", VarType::kCount, 2, 12, 1, false, "servings of the recipe"),
                spec("want", VarType::kCount, 2, 40, 1, false, "servings wanted")};
    }
  }

  std::vector<EntitySpec> entities(const Problem& p) const override {
    if (p.difficulty == 5) return {{"person", EntityKind::kPerson}};
    std::vector<EntitySpec> e{{"person", EntityKind::kPerson},
                              {"person2", EntityKind::kPerson},
                              {"thing", EntityKind::kCollectible}};
    if (p.difficulty == 2) e.push_back({"person3", EntityKind::kPerson});
    return e;
  }

  // Amounts are drawn as a whole number of parts, so every share is whole.
  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    Rational mag = pow10(p.magnitude);
    Rational unit = Rational(rng.range(1, 100)) * mag;
    const Rational& a = *p.find(p.difficulty == 5 ? "serves" : "a");
    switch (p.difficulty) {
      case 1:
        set_var(p, "total", unit * (a + *p.find("b")));
        break;
      case 2:
        set_var(p, "total", unit * (a + *p.find("b") + *p.find("c")));
        break;
      case 3:
        set_var(p, "share", unit * a);
        break;
      case 4:
        set_var(p, "diff", unit * (*p.find("b") - a));
        break;
      default:
        set_var(p, "qty", draw_value(frac(1, 4), 4, frac(1, 4), rng) * a * mag);
        break;
    }
  }

  void build(const Problem& p, Builder& b) const override {
    if (p.difficulty == 5) return recipe(b);
    Ref a = b.var("a"), c2 = b.var("b");
    b.require(b.value(a) != b.value(c2), "the parts must differ");
    bool money = b.phrasing() != 1;
    std::string unit = money ? " dollars" : " " + b.ent("thing");
    const std::string& A = b.ent("person");
    const std::string& B = b.ent("person2");
    switch (p.difficulty) {
      case 1: {
        Ref total = b.var("total");
        if (b.phrasing() == 0) {
          b.say(b.line() << A << " and " << B << " share " << Q{total} << " in the ratio " << Q{a}
                         << " to " << Q{c2} << ".");
          b.ask(b.line() << "How many dollars does " << B << " get?");
        } else if (b.phrasing() == 1) {
          b.say(b.line() << Q{total} << " " << b.ent("thing") << " are split between " << A
                         << " and " << B << " in the ratio " << Q{a} << " to " << Q{c2} << ".");
          b.ask(b.line() << "How many " << b.ent("thing") << " does " << B << " receive?");
        } else {
          b.say(b.line() << "A prize of " << Q{total} << " is divided between " << A << " and " << B
                         << " in the ratio " << Q{a} << " to " << Q{c2} << ".");
          b.ask(b.line() << "What is " << B << "'s share, in dollars?");
        }
        Ref parts = b.add(a, c2);
        b.step(b.line() << "There are " << b.ann(parts) << " parts in all.");
        Ref each = b.div(total, parts);
        b.require(is_int(b.value(each)), "each part must be whole");
        b.step(b.line() << "Each part is " << b.ann(each) << unit << ".");
        Ref share = b.mul(each, c2);
        b.step(b.line() << B << " gets " << b.ann(share) << unit << ".");
        return b.answer(share);
      }
      case 2:
        return three_way(b, a, c2, unit);
      case 3: {
        Ref s = b.var("share");
        if (b.phrasing() == 0) {
          b.say(b.line() << A << " and " << B << " share some money in the ratio " << Q{a} << " to "
                         << Q{c2} << ".");
          b.say(b.line() << A << " gets " << Q{s} << ".");
          b.ask(b.line() << "How many dollars were shared in total?");
        } else if (b.phrasing() == 1) {
          b.say(b.line() << A << " and " << B << " divide their " << b.ent("thing")
                         << " in the ratio " << Q{a} << " to " << Q{c2} << ", and " << A
                         << " ends up with " << Q{s} << ".");
          b.ask(b.line() << "How many " << b.ent("thing") << " did they have together?");
        } else {
          b.say(b.line() << "Profits are split between " << A << " and " << B << " in the ratio "
                         << Q{a} << " to " << Q{c2} << ".");
          b.say(b.line() << A << "'s share is " << Q{s} << ".");
          b.ask(b.line() << "What was the total profit, in dollars?");
        }
        Ref each = b.div(s, a);
        b.require(is_int(b.value(each)), "each part must be whole");
        b.step(b.line() << "One part is " << b.ann(each) << unit << ".");
        Ref parts = b.add(a, c2);
        b.step(b.line() << "There are " << b.ann(parts) << " parts in all.");
        Ref total = b.mul(each, parts);
        b.step(b.line() << "The total is " << b.ann(total) << unit << ".");
        return b.answer(total);
      }
      default: {
        Ref d = b.var("diff");
        b.require(b.value(c2) > b.value(a), "the second part must be larger");
        if (b.phrasing() == 0) {
          b.say(b.line() << "The money of " << A << " and " << B << " is in the ratio " << Q{a}
                         << " to " << Q{c2} << ".");
          b.say(b.line() << B << " has " << Q{d} << " more than " << A << ".");
          b.ask(b.line() << "How many dollars does " << A << " have?");
        } else if (b.phrasing() == 1) {
          b.say(b.line() << "The numbers of " << b.ent("thing") << " owned by " << A << " and " << B
                         << " are in the ratio " << Q{a} << " to " << Q{c2} << ", and " << B
                         << " owns " << Q{d} << " more.");
          b.ask(b.line() << "How many " << b.ent("thing") << " does " << A << " own?");
        } else {
          b.say(b.line() << "Savings of " << A << " and " << B << " are in the ratio " << Q{a}
                         << " to " << Q{c2} << ".");
          b.say(b.line() << "The difference between them is " << Q{d} << ".");
          b.ask(b.line() << "How much has " << A << " saved, in dollars?");
        }
        Ref gap = b.sub(c2, a);
        b.step(b.line() << "The difference is " << b.ann(gap) << " parts.");
        Ref each = b.div(d, gap);
        b.require(is_int(b.value(each)), "each part must be whole");
        b.step(b.line() << "One part is " << b.ann(each) << unit << ".");
        Ref share = b.mul(each, a);
        b.step(b.line() << A << " has " << b.ann(share) << unit << ".");
        return b.answer(share);
      }
    }
  }

 private:
  static void three_way(Builder& b, Ref a, Ref c2, const std::string& unit) {
    Ref c3 = b.var("c"), total = b.var("total");
    const std::string& A = b.ent("person");
    const std::string& B = b.ent("person2");
    const std::string& C = b.ent("person3");
    if (b.phrasing() == 0) {
      b.say(b.line() << A << ", " << B << " and " << C << " share " << Q{total} << " in the ratio "
                     << Q{a} << " to " << Q{c2} << " to " << Q{c3} << ".");
      b.ask(b.line() << "How many dollars does " << C << " get?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << Q{total} << " " << b.ent("thing") << " are shared by " << A << ", " << B
                     << " and " << C << " in the ratio " << Q{a} << " to " << Q{c2} << " to "
                     << Q{c3} << ".");
      b.ask(b.line() << "How many " << b.ent("thing") << " does " << C << " get?");
    } else {
      b.say(b.line() << "Three partners, " << A << ", " << B << " and " << C << ", split "
                     << Q{total} << " in the ratio " << Q{a} << " to " << Q{c2} << " to " << Q{c3}
                     << ".");
      b.ask(b.line() << "What is " << C << "'s share, in dollars?");
    }
    Ref parts = b.sum({a, c2, c3});
    b.step(b.line() << "There are " << b.ann(parts) << " parts in all.");
    Ref each = b.div(total, parts);
    b.require(is_int(b.value(each)), "each part must be whole");
    b.step(b.line() << "Each part is " << b.ann(each) << unit << ".");
    Ref share = b.mul(each, c3);
    b.step(b.line() << C << " gets " << b.ann(share) << unit << ".");
    b.answer(share);
  }

  static void recipe(Builder& b) {
    Ref qty = b.var("qty"), serves = b.var("serves"), want = b.var("want");
    b.require(b.value(want) != b.value(serves), "the servings must differ");
    const char* unit = b.phrasing() == 0   ? "cups of flour"
                       : b.phrasing() == 1 ? "cups of milk"
                                           : "liters of stock";
    if (b.phrasing() == 0) {
      b.say(b.line() << "A recipe uses " << Q{qty} << " cups of flour for " << Q{serves}
                     << " servings.");
      b.ask(b.line() << "How many cups of flour are needed for " << Q{want} << " servings?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << b.ent("person") << "'s pancake recipe needs " << Q{qty}
                     << " cups of milk to feed " << Q{serves} << " people.");
      b.ask(b.line() << "How many cups of milk are needed to feed " << Q{want} << " people?");
    } else {
      b.say(b.line() << "A soup for " << Q{serves} << " people takes " << Q{qty}
                     << " liters of stock.");
      b.ask(b.line() << "How many liters of stock does the soup take for " << Q{want}
                     << " people?");
    }
    Ref one = b.div(qty, serves);
    int dec = decimals_of(b.value(one));
    b.require(dec >= 0 && dec <= 2, "the amount per serving must have at most 2 decimals");
    b.step(b.line() << "For one serving that is " << b.ann(one) << " " << unit << ".");
    Ref total = b.mul(one, want);
    b.step(b.line() << "For " << b.txt(want) << " servings it is " << b.ann(total) << " " << unit
                    << ".");
    b.answer(total);
  }
};

}  // namespace

const Family& ratio_split_family() {
  static const RatioSplit f;
  return f;
}

}  // namespace stepwise::tasks

// shopping_change: items bought at unit prices, paid for with a round amount; the change.
//
// Difficulty: 1 item kind (2 steps); 2 kinds; 3 kinds; 3 kinds with prices in cents; 4 kinds
// with cents and larger counts.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

class ShoppingChange final : public Family {
 public:
  ShoppingChange()
      : Family("shopping_change", "Buying several items at unit prices and working out the change.",
               3, false) {}

  static int items(int d) { return d == 1 ? 1 : d == 2 ? 2 : d <= 4 ? 3 : 4; }

  std::vector<VarSpec> variables(const Problem& p) const override {
    int d = p.difficulty;
    std::vector<VarSpec> v;
    bool cents = d >= 4;
    for (int i = 0; i < items(d); ++i) {
      v.push_back(spec(nth("n", i), VarType::kCount, 2, d <= 3 ? 9 : 15, 1, false,
                       "how many of item " + std::to_string(i + 1)));
      v.push_back(spec(nth("p", i), VarType::kMoney, cents ? frac(1, 4) : Rational(1), 20,
                       cents ? frac(1, 20) : Rational(1), true,
                       "price of one item " + std::to_string(i + 1)));
    }
    v.push_back(spec("pay", VarType::kMoney, 5, 2000, 5, true, "amount paid"));
    return v;
  }

  std::vector<EntitySpec> entities(const Problem& p) const override {
    std::vector<EntitySpec> e{{"person", EntityKind::kPerson}};
    for (int i = 0; i < items(p.difficulty); ++i)
      e.push_back({nth("item", i), EntityKind::kShopItem});
    return e;
  }

  // Counts and prices uniformly; the payment is the smallest round amount above the total, or
  // the next one.
  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    Rational total = 0;
    for (int i = 0; i < items(p.difficulty); ++i)
      total += *p.find(nth("n", i)) * *p.find(nth("p", i));
    static const long kBills[] = {5, 10, 20, 50, 100, 200, 500, 1000, 2000};
    Rational mag = pow10(p.magnitude);
    int skip = rng.chance(0.3) ? 1 : 0;
    for (long bill : kBills) {
      if (bill * mag <= total) continue;
      if (skip-- > 0) continue;
      set_var(p, "pay", bill * mag);
      return;
    }
    set_var(p, "pay", 2000 * mag);
  }

  void build(const Problem& p, Builder& b) const override {
    int k = items(p.difficulty);
    std::vector<Builder::Ref> n, price;
    std::vector<std::string> item;
    for (int i = 0; i < k; ++i) {
      n.push_back(b.var(nth("n", i)));
      price.push_back(b.var(nth("p", i)));
      item.push_back(b.ent(nth("item", i)));
    }
    Builder::Ref pay = b.var("pay");
    const std::string& who = b.ent("person");
    std::string he = b.he("person");
    auto sep = [k](int i) { return i == 0 ? "" : i + 1 == k ? " and " : ", "; };
    if (b.phrasing() == 0) {
      auto s = b.line();
      s << who << " buys ";
      for (int i = 0; i < k; ++i)
        s << sep(i) << Builder::Q{n[i]} << " " << item[i] << " at " << Builder::Q{price[i]}
          << " each";
      b.say(std::move(s << "."));
      b.say(b.line() << Builder::cap(he) << " pays with " << Builder::Q{pay} << ".");
      b.ask(b.line() << "How much change does " << he << " get, in dollars?");
    } else if (b.phrasing() == 1) {
      auto s = b.line();
      s << "At the market, ";
      for (int i = 0; i < k; ++i)
        s << sep(i) << item[i] << " cost " << Builder::Q{price[i]} << " each";
      b.say(std::move(s << "."));
      auto t = b.line();
      t << who << " buys ";
      for (int i = 0; i < k; ++i) t << sep(i) << Builder::Q{n[i]} << " " << item[i];
      b.say(std::move(t << (k > 1 ? "," : "") << " and hands the cashier " << Builder::Q{pay}
                        << "."));
      b.ask(b.line() << "How many dollars of change should " << who << " get back?");
    } else {
      b.say(b.line() << who << " has " << Builder::Q{pay} << ".");
      auto s = b.line();
      s << Builder::cap(he) << " buys ";
      for (int i = 0; i < k; ++i)
        s << sep(i) << Builder::Q{n[i]} << " " << item[i] << " for " << Builder::Q{price[i]}
          << " each";
      b.say(std::move(s << "."));
      b.ask(b.line() << "How much money does " << he << " have left, in dollars?");
    }
    std::vector<Builder::Ref> cost;
    for (int i = 0; i < k; ++i) {
      cost.push_back(b.mul(n[i], price[i]));
      b.step(b.line() << "The " << item[i] << " cost " << b.ann(cost[i]) << " dollars.");
    }
    Builder::Ref total = cost[0];
    if (k > 1) {
      total = b.sum(cost);
      b.step(b.line() << "Altogether " << he << " spends " << b.ann(total) << " dollars.");
    }
    Builder::Ref change = b.sub(pay, total);
    b.require(b.value(change) > 0, "the payment must exceed the cost");
    if (b.phrasing() == 2)
      b.step(b.line() << Builder::cap(he) << " has " << b.ann(change) << " dollars left.");
    else
      b.step(b.line() << "The change is " << b.ann(change) << " dollars.");
    b.answer(change);
  }
};

}  // namespace

const Family& shopping_change_family() {
  static const ShoppingChange f;
  return f;
}

}  // namespace stepwise::tasks

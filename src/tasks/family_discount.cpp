// discount_percent: sale prices, discounts on totals, percent change, discount then tax, and
// successive discounts.
//
// Difficulty: 1 sale price; 2 discount on a total; 3 percent increase or decrease (forms 0/1);
// 4 discount then sales tax; 5 two successive discounts on several items.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

class DiscountPercent final : public Family {
 public:
  DiscountPercent()
      : Family("discount_percent", "Discounts, sales tax and percent change of a price.", 3,
               false) {}

  int forms(int d) const override { return d == 3 ? 2 : 1; }

  std::vector<VarSpec> variables(const Problem& p) const override {
    const Rational cents = frac(1, 20);
    switch (p.difficulty) {
      case 1:
        return {spec("price", VarType::kMoney, 10, 200, 5, true, "regular price"),
                spec("rate", VarType::kPercent, 5, 60, 5, false, "discount in percent")};
      case 2:
        return {spec("n", VarType::kCount, 2, 8, 1, false, "items bought"),
                spec("price", VarType::kMoney, 10, 120, 5, true, "price of one item"),
                spec("rate", VarType::kPercent, 5, 40, 5, false, "discount in percent")};
      case 3:
        return {spec("old", VarType::kMoney, 20, 500, 5, true, "earlier price"),
                spec("new", VarType::kMoney, 1, 1000, cents, true, "later price")};
      case 4:
        return {spec("price", VarType::kMoney, 20, 400, 5, true, "regular price"),
                spec("rate", VarType::kPercent, 5, 50, 5, false, "discount in percent"),
                spec("tax", VarType::kPercent, 2, 10, 1, false, "sales tax in percent")};
      default:
        return {spec("n", VarType::kCount, 2, 6, 1, false, "items bought"),
                spec("price", VarType::kMoney, 20, 400, 5, true, "regular price"),
                spec("rate1", VarType::kPercent, 10, 50, 5, false, "first discount"),
                spec("rate2", VarType::kPercent, 5, 30, 5, false, "second discount")};
    }
  }

  std::vector<EntitySpec> entities(const Problem&) const override {
    return {{"person", EntityKind::kPerson}, {"item", EntityKind::kBigItem}};
  }

  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    if (p.difficulty != 3) return;
    // The new price from a whole percent change of the old one.
    Rational pct = Rational(rng.range(1, 16) * 5);
    Rational old = *p.find("old");
    set_var(p, "new", old * (p.form == 0 ? Rational(100 + pct) : Rational(100 - pct)) / 100);
  }

  void build(const Problem& p, Builder& b) const override {
    switch (p.difficulty) {
      case 1:
        sale_price(b);
        break;
      case 2:
        total_discount(b);
        break;
      case 3:
        percent_change(b);
        break;
      case 4:
        discount_tax(b);
        break;
      default:
        successive(b);
        break;
    }
  }

 private:
  // discount = price*rate/100, then the price less the discount.
  static Ref discounted(Builder& b, Ref price, Ref rate, const char* what) {
    Ref disc = b.div(b.mul(price, rate), b.num(100));
    b.require(decimals_of(b.value(disc)) <= 2, "the discount must be in whole cents");
    b.step(b.line() << "The discount is " << b.ann(disc) << " dollars.");
    Ref rest = b.sub(price, disc);
    b.step(b.line() << what << b.ann(rest) << " dollars.");
    return rest;
  }

  static void sale_price(Builder& b) {
    Ref price = b.var("price"), rate = b.var("rate");
    const std::string& who = b.ent("person");
    std::string item = b.singular("item");
    if (b.phrasing() == 0) {
      b.say(b.line() << "A " << item << " costs " << Q{price} << ".");
      b.say(b.line() << "It is on sale for " << Q{rate} << " off.");
      b.ask(b.line() << "What is the sale price, in dollars?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << who << " wants a " << item << " that normally sells for " << Q{price}
                     << ".");
      b.say(b.line() << "The store takes " << Q{rate} << " off the price.");
      b.ask(b.line() << "How many dollars does " << who << " pay?");
    } else {
      b.say(b.line() << "The regular price of a " << item << " is " << Q{price} << ".");
      b.say(b.line() << "During a sale the price is reduced by " << Q{rate} << ".");
      b.ask(b.line() << "What does the " << item << " cost during the sale, in dollars?");
    }
    b.answer(discounted(b, price, rate, "The sale price is "));
  }

  static void total_discount(Builder& b) {
    Ref n = b.var("n"), price = b.var("price"), rate = b.var("rate");
    const std::string& who = b.ent("person");
    const std::string& items = b.ent("item");
    if (b.phrasing() == 0) {
      b.say(b.line() << who << " buys " << Q{n} << " " << items << " at " << Q{price} << " each.");
      b.say(b.line() << "The store gives " << Q{rate} << " off the total.");
      b.ask(b.line() << "How much does " << who << " pay, in dollars?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "A shop sells " << items << " for " << Q{price} << " each.");
      b.say(b.line() << "For a bulk order of " << Q{n} << " " << items << " it takes " << Q{rate}
                     << " off the whole bill.");
      b.ask(b.line() << "What does the bulk order cost, in dollars?");
    } else {
      b.say(b.line() << who << " orders " << Q{n} << " " << items << " priced at " << Q{price}
                     << " each and uses a coupon for " << Q{rate} << " off the order.");
      b.ask(b.line() << "How many dollars does " << who << " spend?");
    }
    Ref total = b.mul(n, price);
    b.step(b.line() << "Before the discount the " << items << " cost " << b.ann(total)
                    << " dollars.");
    b.answer(discounted(b, total, rate, "After the discount the total is "));
  }

  static void percent_change(Builder& b) {
    Ref old = b.var("old"), now = b.var("new");
    bool up = b.form() == 0;
    const std::string& who = b.ent("person");
    std::string item = b.singular("item");
    const char* dir = up ? "increase" : "decrease";
    if (b.phrasing() == 0) {
      b.say(b.line() << "The price of a " << item << " " << (up ? "rose" : "fell") << " from "
                     << Q{old} << " to " << Q{now} << ".");
      b.ask(b.line() << "By what percent did the price " << dir << "?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "Last year a " << item << " cost " << Q{old} << ".");
      b.say(b.line() << "This year it costs " << Q{now} << ".");
      b.ask(b.line() << "What is the percent " << dir << " in its price?");
    } else {
      b.say(b.line() << who << " bought a " << item << " for " << Q{old}
                     << " and later sold it for " << Q{now} << ".");
      b.ask(b.line() << "By what percent did its value " << (up ? "go up" : "go down") << "?");
    }
    b.require(b.value(now) != b.value(old), "the price must change");
    Ref change = up ? b.sub(now, old) : b.sub(old, now);
    b.require(b.value(change) > 0, "the change must go the stated way");
    b.step(b.line() << "The price went " << (up ? "up" : "down") << " by " << b.ann(change)
                    << " dollars.");
    Ref pct = b.mul(b.div(change, old), b.num(100));
    int dec = decimals_of(b.value(pct));
    b.require(dec >= 0 && dec <= 1, "the percent change must have at most 1 decimal");
    b.step(b.line() << "As a percent of the original price that is " << b.ann(pct) << " percent.");
    b.answer(pct);
  }

  static void discount_tax(Builder& b) {
    Ref price = b.var("price"), rate = b.var("rate"), tax = b.var("tax");
    const std::string& who = b.ent("person");
    std::string item = b.singular("item");
    if (b.phrasing() == 0) {
      b.say(b.line() << "A " << item << " is priced at " << Q{price} << ".");
      b.say(b.line() << "It is marked " << Q{rate} << " off, and then a sales tax of " << Q{tax}
                     << " is added to the sale price.");
      b.ask(b.line() << "What is the final cost, in dollars?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << who << " buys a " << item << " listed at " << Q{price} << " with a "
                     << Q{rate} << " discount.");
      b.say(b.line() << "Sales tax of " << Q{tax} << " is charged on the discounted price.");
      b.ask(b.line() << "How much does " << who << " pay in total, in dollars?");
    } else {
      b.say(b.line() << "A store sells a " << item << " for " << Q{price} << ".");
      b.say(b.line() << "This week everything is " << Q{rate} << " off, and the tax rate is "
                     << Q{tax} << " of the reduced price.");
      b.ask(b.line() << "How many dollars does the " << item << " cost with tax?");
    }
    Ref sale = discounted(b, price, rate, "The sale price is ");
    Ref t = b.div(b.mul(sale, tax), b.num(100));
    b.require(decimals_of(b.value(t)) <= 2, "the tax must be in whole cents");
    b.step(b.line() << "The tax is " << b.ann(t) << " dollars.");
    Ref final_cost = b.add(sale, t);
    b.step(b.line() << "The final cost is " << b.ann(final_cost) << " dollars.");
    b.answer(final_cost);
  }

  static void successive(Builder& b) {
    Ref n = b.var("n"), price = b.var("price"), r1 = b.var("rate1"), r2 = b.var("rate2");
    const std::string& who = b.ent("person");
    const std::string& items = b.ent("item");
    std::string item = b.singular("item");
    if (b.phrasing() == 0) {
      b.say(b.line() << "A " << item << " costs " << Q{price} << ".");
      b.say(b.line() << "Its price is cut by " << Q{r1} << ", and then the reduced price is cut by "
                     << "another " << Q{r2} << ".");
      b.ask(b.line() << "How much do " << Q{n} << " " << items << " cost after both discounts, "
                     << "in dollars?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << who << " needs " << Q{n} << " " << items << " that cost " << Q{price}
                     << " each.");
      b.say(b.line() << "The store takes " << Q{r1} << " off, and at the register a coupon takes "
                     << Q{r2} << " off the discounted price.");
      b.ask(b.line() << "How many dollars does " << who << " pay for all of them?");
    } else {
      b.say(b.line() << "The list price of a " << item << " is " << Q{price} << ".");
      b.say(b.line() << "A first markdown of " << Q{r1} << " is followed by a second markdown of "
                     << Q{r2} << " on the new price.");
      b.ask(b.line() << "What is the total price of " << Q{n} << " " << items << " after both "
                     << "markdowns, in dollars?");
    }
    Ref first = b.div(b.mul(price, r1), b.num(100));
    b.step(b.line() << "The first discount is " << b.ann(first) << " dollars.");
    Ref p1 = b.sub(price, first);
    b.step(b.line() << "After it the price is " << b.ann(p1) << " dollars.");
    Ref second = b.div(b.mul(p1, r2), b.num(100));
    b.require(decimals_of(b.value(second)) <= 2, "the second discount must be in whole cents");
    b.step(b.line() << "The second discount is " << b.ann(second) << " dollars.");
    Ref p2 = b.sub(p1, second);
    b.step(b.line() << "So one " << item << " costs " << b.ann(p2) << " dollars.");
    Ref total = b.mul(n, p2);
    b.step(b.line() << "For all of them that is " << b.ann(total) << " dollars.");
    b.answer(total);
  }
};

}  // namespace

const Family& discount_percent_family() {
  static const DiscountPercent f;
  return f;
}

}  // namespace stepwise::tasks

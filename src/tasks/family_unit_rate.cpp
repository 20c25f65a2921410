// unit_rate: price of one, price of many, comparing two offers, rates over time, and how
// many a budget buys.
//
// Difficulty: 1 unit price; 2 unit price then a larger amount; 3 which store is cheaper per
// item (form: which one); 4 a per-minute rate over hours; 5 how many items a budget buys.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

class UnitRate final : public Family {
 public:
  UnitRate()
      : Family("unit_rate", "Unit prices and rates: one item, many items, best offer.", 3, false) {}

  int forms(int d) const override { return d == 3 ? 2 : 1; }

  std::vector<VarSpec> variables(const Problem& p) const override {
    const Rational cents = frac(1, 20);
    switch (p.difficulty) {
      case 1:
        return {spec("count", VarType::kCount, 2, 12, 1, false, "items in the pack"),
                spec("total", VarType::kMoney, frac(1, 2), 120, cents, true, "price of the pack")};
      case 2:
        return {spec("count", VarType::kCount, 2, 12, 1, false, "items priced"),
                spec("total", VarType::kMoney, frac(1, 2), 120, cents, true, "their price"),
                spec("want", VarType::kCount, 2, 40, 1, false, "items wanted")};
      case 3:
        return {spec("count1", VarType::kCount, 2, 12, 1, false, "items in offer 1"),
                spec("total1", VarType::kMoney, frac(1, 2), 120, cents, true, "price of offer 1"),
                spec("count2", VarType::kCount, 2, 12, 1, false, "items in offer 2"),
                spec("total2", VarType::kMoney, frac(1, 2), 120, cents, true, "price of offer 2")};
      case 4:
        return {spec("made", VarType::kCount, 4, 1500, 1, true, "items made"),
                spec("minutes", VarType::kCount, 2, 30, 1, false, "minutes taken"),
                spec("hours", VarType::kCount, 2, 12, 1, false, "hours of work")};
      default:
        return {spec("count", VarType::kCount, 2, 12, 1, false, "items priced"),
                spec("total", VarType::kMoney, frac(1, 2), 120, cents, true, "their price"),
                spec("budget", VarType::kMoney, 1, 600, cents, true, "money to spend")};
    }
  }

  std::vector<EntitySpec> entities(const Problem& p) const override {
    std::vector<EntitySpec> e{{"person", EntityKind::kPerson}, {"item", EntityKind::kShopItem}};
    if (p.difficulty == 3) {
      e.push_back({"store1", EntityKind::kStore});
      e.push_back({"store2", EntityKind::kStore});
    }
    return e;
  }

  // Prices are drawn as unit price times count, so unit prices come out in cents.
  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    Rational mag = pow10(p.magnitude);
    auto unit = [&]() -> Rational { return draw_value(frac(1, 4), 10, frac(1, 20), rng) * mag; };
    switch (p.difficulty) {
      case 3:
        set_var(p, "total1", unit() * *p.find("count1"));
        set_var(p, "total2", unit() * *p.find("count2"));
        break;
      case 4:
        set_var(p, "made", Rational(rng.range(2, 50)) * *p.find("minutes") * mag);
        break;
      case 5: {
        Rational u = unit();
        set_var(p, "total", u * *p.find("count"));
        set_var(p, "budget", u * rng.range(3, 60));
        break;
      }
      default:
        set_var(p, "total", unit() * *p.find("count"));
        break;
    }
  }

  void build(const Problem& p, Builder& b) const override {
    switch (p.difficulty) {
      case 1:
      case 2:
        price_of(b, p.difficulty == 2);
        break;
      case 3:
        compare(b);
        break;
      case 4:
        rate_over_time(b);
        break;
      default:
        budget(b);
        break;
    }
  }

 private:
  static Ref unit_price(Builder& b, Ref total, Ref count, const std::string& where) {
    Ref u = b.div(total, count);
    b.require(decimals_of(b.value(u)) >= 0 && decimals_of(b.value(u)) <= 2,
              "the unit price must be in whole cents");
    b.step(b.line() << (where.empty() ? "One " : where + "one ") << b.singular("item") << " costs "
                    << b.ann(u) << " dollars.");
    return u;
  }

  static void price_of(Builder& b, bool many) {
    Ref count = b.var("count"), total = b.var("total");
    Ref want = many ? b.var("want") : -1;
    const std::string& who = b.ent("person");
    const std::string& items = b.ent("item");
    std::string item = b.singular("item");
    if (b.phrasing() == 0)
      b.say(b.line() << "A pack of " << Q{count} << " " << items << " costs " << Q{total} << ".");
    else if (b.phrasing() == 1)
      b.say(b.line() << who << " paid " << Q{total} << " for " << Q{count} << " " << items << ".");
    else
      b.say(b.line() << Q{count} << " " << items << " sell for " << Q{total} << " in total.");
    if (many) {
      b.require(b.value(want) != b.value(count), "the amounts must differ");
      b.ask(b.line() << "At the same price, how much do " << Q{want} << " " << items
                     << " cost, in dollars?");
    } else {
      b.ask(b.line() << "How much does one " << item << " cost, in dollars?");
    }
    Ref u = unit_price(b, total, count, "");
    if (!many) {
      b.answer(u);
      return;
    }
    Ref cost = b.mul(u, want);
    b.step(b.line() << "So " << b.txt(want) << " " << items << " cost " << b.ann(cost)
                    << " dollars.");
    b.answer(cost);
  }

  static void compare(Builder& b) {
    Ref c1 = b.var("count1"), t1 = b.var("total1"), c2 = b.var("count2"), t2 = b.var("total2");
    const std::string& s1 = b.ent("store1");
    const std::string& s2 = b.ent("store2");
    const std::string& items = b.ent("item");
    std::string item = b.singular("item");
    if (b.phrasing() == 0) {
      b.say(b.line() << s1 << " sells " << Q{c1} << " " << items << " for " << Q{t1} << ".");
      b.say(b.line() << s2 << " sells " << Q{c2} << " " << items << " for " << Q{t2} << ".");
      b.ask(b.line() << "How many dollars cheaper per " << item << " is the better offer?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << b.ent("person") << " compares two shops: " << s1 << " asks " << Q{t1}
                     << " for " << Q{c1} << " " << items << ", and " << s2 << " asks " << Q{t2}
                     << " for " << Q{c2} << " " << items << ".");
      b.ask(b.line() << "How much does the cheaper shop save per " << item << ", in dollars?");
    } else {
      b.say(b.line() << "At " << s1 << ", " << Q{c1} << " " << items << " cost " << Q{t1}
                     << ", while at " << s2 << ", " << Q{c2} << " " << items << " cost " << Q{t2}
                     << ".");
      b.ask(b.line() << "What is the difference in the price of one " << item
                     << " between the two stores, in dollars?");
    }
    Ref u1 = unit_price(b, t1, c1, "At " + s1 + " ");
    Ref u2 = unit_price(b, t2, c2, "At " + s2 + " ");
    bool first_cheaper = b.form() == 0;
    Ref diff = first_cheaper ? b.sub(u2, u1) : b.sub(u1, u2);
    b.require(b.value(diff) > 0, "the stated store must be cheaper");
    b.step(b.line() << (first_cheaper ? s1 : s2) << " is cheaper by " << b.ann(diff)
                    << " dollars per " << item << ".");
    b.answer(diff);
  }

  static void rate_over_time(Builder& b) {
    Ref made = b.var("made"), minutes = b.var("minutes"), hours = b.var("hours");
    const std::string& who = b.ent("person");
    const char* he = b.he("person");
    const char* thing = b.phrasing() == 0 ? "bottles" : b.phrasing() == 1 ? "letters" : "pages";
    if (b.phrasing() == 0) {
      b.say(b.line() << "A machine fills " << Q{made} << " bottles in " << Q{minutes}
                     << " minutes.");
      b.ask(b.line() << "At this rate, how many bottles does it fill in " << Q{hours} << " hours?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << who << " folds " << Q{made} << " letters in " << Q{minutes} << " minutes.");
      b.ask(b.line() << "Working at the same speed, how many letters does " << he << " fold in "
                     << Q{hours} << " hours?");
    } else {
      b.say(b.line() << "A printer prints " << Q{made} << " pages every " << Q{minutes}
                     << " minutes.");
      b.ask(b.line() << "How many pages does it print in " << Q{hours} << " hours?");
    }
    Ref per_min = b.div(made, minutes);
    b.require(is_int(b.value(per_min)), "the rate per minute must be whole");
    b.step(b.line() << "That is " << b.ann(per_min) << " " << thing << " per minute.");
    Ref mins = b.mul(hours, b.num(60));
    b.step(b.line() << b.txt(hours) << " hours is " << b.ann(mins) << " minutes.");
    Ref total = b.mul(per_min, mins);
    b.step(b.line() << "In that time it makes " << b.ann(total) << " " << thing << ".");
    b.answer(total);
  }

  static void budget(Builder& b) {
    Ref count = b.var("count"), total = b.var("total"), money = b.var("budget");
    const std::string& who = b.ent("person");
    const std::string& items = b.ent("item");
    if (b.phrasing() == 0) {
      b.say(b.line() << Q{count} << " " << items << " cost " << Q{total} << ".");
      b.ask(b.line() << "How many " << items << " can be bought with " << Q{money} << "?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << who << " sees " << items << " priced at " << Q{total} << " for " << Q{count}
                     << ".");
      b.ask(b.line() << "How many " << items << " can " << b.he("person") << " buy with "
                     << Q{money} << " at that price?");
    } else {
      b.say(b.line() << "A store charges " << Q{total} << " for every " << Q{count} << " " << items
                     << ", and " << who << " has " << Q{money} << " to spend.");
      b.ask(b.line() << "How many " << items << " can " << who << " get?");
    }
    b.require(b.value(money) != b.value(total), "the budget must differ from the price");
    Ref u = unit_price(b, total, count, "");
    Ref n = b.div(money, u);
    b.require(is_int(b.value(n)) && b.value(n) >= 1, "the budget must buy a whole number");
    b.step(b.line() << "With " << b.txt(money) << " dollars that buys " << b.ann(n) << " " << items
                    << ".");
    b.answer(n);
  }
};

}  // namespace

const Family& unit_rate_family() {
  static const UnitRate f;
  return f;
}

}  // namespace stepwise::tasks

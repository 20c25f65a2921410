// unit_conversion: conversions by the common factors (60, 24, 7, 12, 52, 365, 1000, 100, 10).
//
// Difficulty (the form picks the units): 1 one factor; 2 a chain of two factors; 3 a mixed
// amount ("3 hours and 25 minutes") into the smaller unit; 4 into the larger unit (one or two
// divisions); 5 km per hour to meters per second and back.
#include <array>

#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

struct Pair {
  const char* big;    // plural
  const char* one;    // "an hour"
  const char* small;  // plural
  long factor;
};
constexpr std::array<Pair, 13> kPairs = {{
    {"hours", "an hour", "minutes", 60},
    {"minutes", "a minute", "seconds", 60},
    {"days", "a day", "hours", 24},
    {"weeks", "a week", "days", 7},
    {"years", "a year", "months", 12},
    {"kilometers", "a kilometer", "meters", 1000},
    {"kilograms", "a kilogram", "grams", 1000},
    {"liters", "a liter", "milliliters", 1000},
    {"meters", "a meter", "centimeters", 100},
    {"dollars", "a dollar", "cents", 100},
    {"centimeters", "a centimeter", "millimeters", 10},
    {"feet", "a foot", "inches", 12},
    {"years", "a year", "weeks", 52},
}};

struct Chain {
  const char *big, *mid, *small;
  long f1, f2;
};
constexpr std::array<Chain, 6> kChains = {{
    {"days", "hours", "minutes", 24, 60},
    {"hours", "minutes", "seconds", 60, 60},
    {"weeks", "days", "hours", 7, 24},
    {"kilometers", "meters", "centimeters", 1000, 100},
    {"meters", "centimeters", "millimeters", 100, 10},
    {"years", "days", "hours", 365, 24},
}};

constexpr int kNumPairs = static_cast<int>(kPairs.size());

class UnitConversion final : public Family {
 public:
  UnitConversion()
      : Family("unit_conversion",
               "Converting between units of time, length, mass, "
               "volume and money.",
               3, false) {}

  int forms(int d) const override {
    switch (d) {
      case 1:
      case 3:
        return kNumPairs;
      case 2:
        return static_cast<int>(kChains.size());
      case 4:
        return kNumPairs + static_cast<int>(kChains.size());
      default:
        return 2;
    }
  }

  std::vector<VarSpec> variables(const Problem& p) const override {
    switch (p.difficulty) {
      case 1:
        return {spec("v", VarType::kCount, 2, 50, 1, true, "amount to convert")};
      case 2:
        return {spec("v", VarType::kCount, 2, 30, 1, true, "amount to convert")};
      case 3: {
        long f = kPairs[static_cast<size_t>(p.form % kNumPairs)].factor;
        return {spec("v1", VarType::kCount, 2, 30, 1, true, "amount in the larger unit"),
                spec("v2", VarType::kCount, 2, f - 1, 1, false, "amount in the smaller unit")};
      }
      case 4:
        return {spec("v", VarType::kCount, 1, 400000, 1, true, "amount to convert")};
      default:
        return {spec("v", VarType::kDecimal, 1, 400, frac(1, 10), true, "speed")};
    }
  }

  std::vector<EntitySpec> entities(const Problem&) const override {
    return {{"person", EntityKind::kPerson}};
  }

  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    Rational mag = pow10(p.magnitude);
    if (p.difficulty == 4) {
      long f = p.form < kNumPairs ? kPairs[static_cast<size_t>(p.form)].factor
                                  : kChains[static_cast<size_t>(p.form - kNumPairs)].f1 *
                                        kChains[static_cast<size_t>(p.form - kNumPairs)].f2;
      set_var(p, "v", draw_value(1, 40, frac(1, 4), rng) * f * mag);
    } else if (p.difficulty == 5) {
      Rational ms = draw_value(1, 60, frac(1, 2), rng) * mag;
      set_var(p, "v", p.form == 0 ? ms * frac(18, 5) : ms);
    }
  }

  void build(const Problem& p, Builder& b) const override {
    switch (p.difficulty) {
      case 1:
        single(b, kPairs[static_cast<size_t>(p.form)]);
        break;
      case 2:
        chain(b, kChains[static_cast<size_t>(p.form)]);
        break;
      case 3:
        mixed(b, kPairs[static_cast<size_t>(p.form)]);
        break;
      case 4:
        if (p.form < kNumPairs)
          divide(b, kPairs[static_cast<size_t>(p.form)]);
        else
          divide_chain(b, kChains[static_cast<size_t>(p.form - kNumPairs)]);
        break;
      default:
        speed(b);
        break;
    }
  }

 private:
  static void question(Builder& b, Ref v, const char* from, const char* to) {
    if (b.phrasing() == 0) {
      b.ask(b.line() << "How many " << to << " are in " << Q{v} << " " << from << "?");
    } else if (b.phrasing() == 1) {
      b.ask(b.line() << "Convert " << Q{v} << " " << from << " to " << to << ".");
    } else {
      b.say(b.line() << b.ent("person") << " has a note that says " << Q{v} << " " << from << ".");
      b.ask(b.line() << "How many " << to << " is that?");
    }
  }

  static void single(Builder& b, const Pair& u) {
    Ref v = b.var("v");
    question(b, v, u.big, u.small);
    Ref r = b.mul(v, b.num(u.factor));
    b.step(b.line() << Builder::cap(u.one) << " is " << std::to_string(u.factor) << " " << u.small
                    << ", so " << b.txt(v) << " " << u.big << " is " << b.ann(r) << " " << u.small
                    << ".");
    b.answer(r);
  }

  static void chain(Builder& b, const Chain& c) {
    Ref v = b.var("v");
    question(b, v, c.big, c.small);
    Ref r1 = b.mul(v, b.num(c.f1));
    b.step(b.line() << b.txt(v) << " " << c.big << " is " << b.ann(r1) << " " << c.mid << ".");
    Ref r2 = b.mul(r1, b.num(c.f2));
    b.step(b.line() << "That is " << b.ann(r2) << " " << c.small << ".");
    b.answer(r2);
  }

  static void mixed(Builder& b, const Pair& u) {
    Ref v1 = b.var("v1"), v2 = b.var("v2");
    if (b.phrasing() == 0) {
      b.ask(b.line() << "How many " << u.small << " are in " << Q{v1} << " " << u.big << " and "
                     << Q{v2} << " " << u.small << "?");
    } else if (b.phrasing() == 1) {
      b.ask(b.line() << "Write " << Q{v1} << " " << u.big << " and " << Q{v2} << " " << u.small
                     << " in " << u.small << ".");
    } else {
      b.say(b.line() << b.ent("person") << " records " << Q{v1} << " " << u.big << " and " << Q{v2}
                     << " " << u.small << ".");
      b.ask(b.line() << "How many " << u.small << " is that in all?");
    }
    Ref r1 = b.mul(v1, b.num(u.factor));
    b.step(b.line() << b.txt(v1) << " " << u.big << " is " << b.ann(r1) << " " << u.small << ".");
    Ref r2 = b.add(r1, v2);
    b.step(b.line() << "Adding " << b.txt(v2) << " " << u.small << " gives " << b.ann(r2) << " "
                    << u.small << ".");
    b.answer(r2);
  }

  static Ref exact_div(Builder& b, Ref v, long f) {
    Ref r = b.div(v, b.num(f));
    int dec = decimals_of(b.value(r));
    b.require(dec >= 0 && dec <= 2, "the result must have at most 2 decimals");
    return r;
  }

  static void divide(Builder& b, const Pair& u) {
    Ref v = b.var("v");
    question(b, v, u.small, u.big);
    Ref r = exact_div(b, v, u.factor);
    b.step(b.line() << Builder::cap(u.one) << " is " << std::to_string(u.factor) << " " << u.small
                    << ", so " << b.txt(v) << " " << u.small << " is " << b.ann(r) << " " << u.big
                    << ".");
    b.answer(r);
  }

  static void divide_chain(Builder& b, const Chain& c) {
    Ref v = b.var("v");
    question(b, v, c.small, c.big);
    Ref r1 = exact_div(b, v, c.f2);
    b.step(b.line() << b.txt(v) << " " << c.small << " is " << b.ann(r1) << " " << c.mid << ".");
    Ref r2 = exact_div(b, r1, c.f1);
    b.step(b.line() << "That is " << b.ann(r2) << " " << c.big << ".");
    b.answer(r2);
  }

  static void speed(Builder& b) {
    Ref v = b.var("v");
    bool to_ms = b.form() == 0;
    const char* from = to_ms ? "km per hour" : "meters per second";
    const char* to = to_ms ? "meters per second" : "km per hour";
    if (b.phrasing() == 0) {
      b.say(b.line() << "A car travels at " << Q{v} << " " << from << ".");
      b.ask(b.line() << "What is its speed in " << to << "?");
    } else if (b.phrasing() == 1) {
      b.ask(b.line() << "Convert " << Q{v} << " " << from << " to " << to << ".");
    } else {
      b.say(b.line() << b.ent("person") << " cycles at " << Q{v} << " " << from << ".");
      b.ask(b.line() << "How fast is that in " << to << "?");
    }
    Ref secs = b.mul(b.num(60), b.num(60));
    b.step(b.line() << "An hour has " << b.ann(secs) << " seconds.");
    Ref r = -1;
    if (to_ms) {
      Ref meters = b.mul(v, b.num(1000));
      b.step(b.line() << b.txt(v) << " km is " << b.ann(meters) << " meters.");
      r = b.div(meters, secs);
    } else {
      Ref meters = b.mul(v, secs);
      b.step(b.line() << "In an hour that is " << b.ann(meters) << " meters.");
      r = b.div(meters, b.num(1000));
    }
    int dec = decimals_of(b.value(r));
    b.require(dec >= 0 && dec <= 2, "the speed must have at most 2 decimals");
    b.step(b.line() << "So the speed is " << b.ann(r) << " " << to << ".");
    b.answer(r);
  }
};

}  // namespace

const Family& unit_conversion_family() {
  static const UnitConversion f;
  return f;
}

}  // namespace stepwise::tasks

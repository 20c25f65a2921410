// speed_distance_time: distance from speed and time, time from distance, average speed over
// two legs, speed from minutes, and two travellers meeting.
//
// Difficulty: 1 distance; 2 time; 3 average speed of a two-leg trip; 4 speed in km per hour
// from a time in minutes; 5 where two travellers heading toward each other meet.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

class SpeedDistanceTime final : public Family {
 public:
  SpeedDistanceTime()
      : Family("speed_distance_time", "Speed, distance and time: trips, average speed, meeting.", 3,
               false) {}

  std::vector<VarSpec> variables(const Problem& p) const override {
    switch (p.difficulty) {
      case 1:
        return {spec("speed", VarType::kCount, 20, 120, 5, true, "speed in km per hour"),
                spec("time", VarType::kCount, 2, 9, 1, false, "hours travelled")};
      case 2:
        return {spec("distance", VarType::kDecimal, 5, 1200, frac(1, 4), true, "distance in km"),
                spec("speed", VarType::kCount, 20, 120, 5, true, "speed in km per hour")};
      case 3:
        return {spec("km1", VarType::kCount, 10, 800, 1, true, "first leg in km"),
                spec("h1", VarType::kCount, 2, 6, 1, false, "hours on the first leg"),
                spec("km2", VarType::kCount, 10, 800, 1, true, "second leg in km"),
                spec("h2", VarType::kCount, 2, 6, 1, false, "hours on the second leg")};
      case 4:
        return {spec("distance", VarType::kDecimal, frac(1, 2), 300, frac(1, 10), true,
                     "distance in km"),
                spec("minutes", VarType::kCount, 6, 150, 3, false, "minutes taken")};
      default:
        return {spec("gap", VarType::kDecimal, 20, 2000, frac(1, 4), true, "distance apart in km"),
                spec("v1", VarType::kCount, 20, 120, 5, true, "speed of the first"),
                spec("v2", VarType::kCount, 20, 120, 5, true, "speed of the second")};
    }
  }

  std::vector<EntitySpec> entities(const Problem& p) const override {
    std::vector<EntitySpec> e{{"person", EntityKind::kPerson}};
    if (p.difficulty == 5) e.push_back({"person2", EntityKind::kPerson});
    return e;
  }

  // Distances are drawn as speed times a time, so the answers come out exact.
  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    Rational mag = pow10(p.magnitude);
    switch (p.difficulty) {
      case 2:
        set_var(p, "distance", *p.find("speed") * draw_value(1, 10, frac(1, 4), rng));
        break;
      case 3:
        set_var(p, "km1", *p.find("h1") * Rational(rng.range(4, 24) * 5) * mag);
        set_var(p, "km2", *p.find("h2") * Rational(rng.range(4, 24) * 5) * mag);
        break;
      case 4:
        set_var(p, "distance", *p.find("minutes") * Rational(rng.range(2, 20) * 6) * mag / 60);
        break;
      case 5:
        set_var(p, "gap", (*p.find("v1") + *p.find("v2")) * draw_value(1, 8, frac(1, 4), rng));
        break;
      default:
        break;
    }
  }

  void build(const Problem& p, Builder& b) const override {
    switch (p.difficulty) {
      case 1:
        distance(b);
        break;
      case 2:
        duration(b);
        break;
      case 3:
        average(b);
        break;
      case 4:
        from_minutes(b);
        break;
      default:
        meeting(b);
        break;
    }
  }

 private:
  static void distance(Builder& b) {
    Ref v = b.var("speed"), t = b.var("time");
    const std::string& who = b.ent("person");
    if (b.phrasing() == 0) {
      b.say(b.line() << who << " drives at " << Q{v} << " km per hour for " << Q{t} << " hours.");
      b.ask(b.line() << "How many kilometers does " << b.he("person") << " travel?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "A train travels at a steady " << Q{v} << " km per hour.");
      b.ask(b.line() << "How far does it go in " << Q{t} << " hours, in kilometers?");
    } else {
      b.say(b.line() << "Moving at " << Q{v} << " km per hour, a bus keeps going for " << Q{t}
                     << " hours.");
      b.ask(b.line() << "How many kilometers does it cover?");
    }
    Ref d = b.mul(v, t);
    b.step(b.line() << "Distance is speed times time: " << b.ann(d) << " km.");
    b.answer(d);
  }

  static void duration(Builder& b) {
    Ref d = b.var("distance"), v = b.var("speed");
    const std::string& who = b.ent("person");
    if (b.phrasing() == 0) {
      b.say(b.line() << who << " drives " << Q{d} << " km at " << Q{v} << " km per hour.");
      b.ask(b.line() << "How many hours does the trip take?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "A ferry covers " << Q{d} << " km at an average speed of " << Q{v}
                     << " km per hour.");
      b.ask(b.line() << "How long is the crossing, in hours?");
    } else {
      b.say(b.line() << "The road to the coast is " << Q{d} << " km long, and " << who
                     << " rides at " << Q{v} << " km per hour.");
      b.ask(b.line() << "How many hours does the ride take?");
    }
    Ref t = b.div(d, v);
    int dec = decimals_of(b.value(t));
    b.require(dec >= 0 && dec <= 2, "the time must have at most 2 decimals");
    b.step(b.line() << "Time is distance divided by speed: " << b.ann(t) << " hours.");
    b.answer(t);
  }

  static void average(Builder& b) {
    Ref d1 = b.var("km1"), t1 = b.var("h1"), d2 = b.var("km2"), t2 = b.var("h2");
    const std::string& who = b.ent("person");
    if (b.phrasing() == 0) {
      b.say(b.line() << who << " drives " << Q{d1} << " km in " << Q{t1} << " hours, then " << Q{d2}
                     << " km in " << Q{t2} << " hours.");
      b.ask(b.line() << "What is the average speed for the whole trip, in km per hour?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "On the first part of a journey a van covers " << Q{d1} << " km in "
                     << Q{t1} << " hours.");
      b.say(b.line() << "On the second part it covers " << Q{d2} << " km in " << Q{t2}
                     << " hours.");
      b.ask(b.line() << "Find its average speed over the journey in km per hour.");
    } else {
      b.say(b.line() << who << " cycles " << Q{d1} << " km in " << Q{t1} << " hours and rests, "
                     << "then cycles " << Q{d2} << " km more in " << Q{t2} << " hours.");
      b.ask(b.line() << "What was " << b.his("person")
                     << " average speed while cycling, in km per hour?");
    }
    Ref dist = b.add(d1, d2);
    b.step(b.line() << "The total distance is " << b.ann(dist) << " km.");
    Ref time = b.add(t1, t2);
    b.step(b.line() << "The total time is " << b.ann(time) << " hours.");
    Ref v = b.div(dist, time);
    int dec = decimals_of(b.value(v));
    b.require(dec >= 0 && dec <= 2, "the average speed must have at most 2 decimals");
    b.step(b.line() << "The average speed is " << b.ann(v) << " km per hour.");
    b.answer(v);
  }

  static void from_minutes(Builder& b) {
    Ref d = b.var("distance"), m = b.var("minutes");
    const std::string& who = b.ent("person");
    if (b.phrasing() == 0) {
      b.say(b.line() << who << " cycles " << Q{d} << " km in " << Q{m} << " minutes.");
      b.ask(b.line() << "What is " << b.his("person") << " average speed in km per hour?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "A runner finishes a " << Q{d} << " km route in " << Q{m} << " minutes.");
      b.ask(b.line() << "How fast is that in km per hour?");
    } else {
      b.say(b.line() << "It takes " << who << " " << Q{m} << " minutes to skate " << Q{d}
                     << " km.");
      b.ask(b.line() << "What is the speed in km per hour?");
    }
    b.require(b.value(d) != b.value(m), "distance and minutes must differ");
    Ref hours = b.div(m, b.num(60));
    b.step(b.line() << b.txt(m) << " minutes is " << b.ann(hours) << " hours.");
    Ref v = b.div(d, hours);
    int dec = decimals_of(b.value(v));
    b.require(dec >= 0 && dec <= 2, "the speed must have at most 2 decimals");
    b.step(b.line() << "The speed is " << b.ann(v) << " km per hour.");
    b.answer(v);
  }

  static void meeting(Builder& b) {
    Ref gap = b.var("gap"), v1 = b.var("v1"), v2 = b.var("v2");
    const std::string& a = b.ent("person");
    const std::string& c = b.ent("person2");
    if (b.phrasing() == 0) {
      b.say(b.line() << a << " and " << c << " live " << Q{gap} << " km apart.");
      b.say(b.line() << "They drive toward each other, " << a << " at " << Q{v1} << " km per hour "
                     << "and " << c << " at " << Q{v2} << " km per hour.");
      b.ask(b.line() << "How many kilometers has " << a << " driven when they meet?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "Two trains start " << Q{gap} << " km apart and head toward each other.");
      b.say(b.line() << "The first runs at " << Q{v1} << " km per hour and the second at " << Q{v2}
                     << " km per hour.");
      b.ask(b.line() << "How far from its starting point is the first train when they meet, "
                     << "in kilometers?");
    } else {
      b.say(b.line() << a << " leaves one town at " << Q{v1} << " km per hour while " << c
                     << " leaves another town, " << Q{gap} << " km away, at " << Q{v2}
                     << " km per hour, on the same road toward " << a << ".");
      b.ask(b.line() << "How many kilometers from " << b.his("person") << " town does " << a
                     << " meet " << c << "?");
    }
    Ref closing = b.add(v1, v2);
    b.step(b.line() << "Together they close the gap at " << b.ann(closing) << " km per hour.");
    Ref t = b.div(gap, closing);
    int dec = decimals_of(b.value(t));
    b.require(dec >= 0 && dec <= 2, "the meeting time must have at most 2 decimals");
    b.step(b.line() << "They meet after " << b.ann(t) << " hours.");
    Ref d1 = b.mul(v1, t);
    b.step(b.line() << "By then " << (b.phrasing() == 1 ? std::string("the first train") : a)
                    << " has covered " << b.ann(d1) << " km.");
    b.answer(d1);
  }
};

}  // namespace

const Family& speed_distance_time_family() {
  static const SpeedDistanceTime f;
  return f;
}

}  // namespace stepwise::tasks

// work_time: people working together, by splitting the job into equal parts (the product of
// the times), so every rate is a whole number of parts per hour.
//
// Difficulty: 1 two workers together; 2 the same in minutes; 3 three workers; 4 one starts
// alone and the other joins; 5 a tap filling a tank while a leak empties it.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

class WorkTime final : public Family {
 public:
  WorkTime() : Family("work_time", "Work and time: people or pipes working together.", 3, false) {}

  std::vector<VarSpec> variables(const Problem& p) const override {
    std::vector<VarSpec> v{spec("a", VarType::kCount, 2, 15, 1, true, "hours for the first"),
                           spec("b", VarType::kCount, 2, 15, 1, true, "hours for the second")};
    if (p.difficulty == 3) v.push_back(spec("c", VarType::kCount, 2, 15, 1, true, "hours, third"));
    if (p.difficulty == 4)
      v.push_back(spec("h", VarType::kCount, 2, 10, 1, false, "hours the first works alone"));
    return v;
  }

  std::vector<EntitySpec> entities(const Problem& p) const override {
    if (p.difficulty == 5) return {};
    std::vector<EntitySpec> e{{"person", EntityKind::kPerson},
                              {"person2", EntityKind::kPerson},
                              {"job", EntityKind::kJob}};
    if (p.difficulty == 3) e.push_back({"person3", EntityKind::kPerson});
    return e;
  }

  void build(const Problem& p, Builder& b) const override {
    if (p.difficulty == 5) return fill_and_drain(b);
    Ref a = b.var("a"), c2 = b.var("b");
    b.require(b.value(a) != b.value(c2), "the times must differ");
    Ref c3 = p.difficulty == 3 ? b.var("c") : -1;
    Ref h = p.difficulty == 4 ? b.var("h") : -1;
    const std::string& A = b.ent("person");
    const std::string& B = b.ent("person2");
    ask_together(b, a, c2, c3, h);
    Ref parts = c3 >= 0 ? b.mul(b.mul(a, c2), c3) : b.mul(a, c2);
    b.step(b.line() << "Think of the job as " << b.ann(parts) << " equal parts.");
    Ref ra = b.div(parts, a), rb = b.div(parts, c2);
    auto s = b.line();
    s << A << " does " << b.ann(ra) << " parts per hour and " << B << " does " << b.ann(rb)
      << " parts per hour";
    Ref rate = b.add(ra, rb);
    if (c3 >= 0) {
      Ref rc = b.div(parts, c3);
      s << ", and " << b.ent("person3") << " does " << b.ann(rc) << " parts per hour";
      rate = b.sum({ra, rb, rc});
    }
    b.step(std::move(s << "."));
    Ref left = parts;
    if (h >= 0) {
      Ref done = b.mul(ra, h);
      b.step(b.line() << "Working alone, " << A << " finishes " << b.ann(done) << " parts.");
      left = b.sub(parts, done);
      b.require(b.value(left) > 0, "some work must be left");
      b.step(b.line() << "That leaves " << b.ann(left) << " parts.");
    }
    b.step(b.line() << "Together they do " << b.ann(rate) << " parts per hour.");
    Ref t = b.div(left, rate);
    int dec = decimals_of(b.value(t));
    b.require(dec >= 0 && dec <= 2, "the time must have at most 2 decimals");
    if (p.difficulty != 2) {
      b.step(b.line() << "So " << (h >= 0 ? "the rest" : "the job") << " takes them " << b.ann(t)
                      << " hours.");
      return b.answer(t);
    }
    b.step(b.line() << "So the job takes them " << b.ann(t) << " hours.");
    Ref minutes = b.mul(t, b.num(60));
    b.require(is_int(b.value(minutes)), "the time must be whole minutes");
    b.step(b.line() << "In minutes that is " << b.ann(minutes) << ".");
    b.answer(minutes);
  }

 private:
  static void ask_together(Builder& b, Ref a, Ref c2, Ref c3, Ref h) {
    const std::string& A = b.ent("person");
    const std::string& B = b.ent("person2");
    const std::string& job = b.ent("job");
    bool minutes = b.difficulty() == 2;
    const char* unit = minutes ? "minutes" : "hours";
    if (b.phrasing() == 0) {
      b.say(b.line() << A << " can " << job << " in " << Q{a} << " hours.");
      b.say(b.line() << B << " can do it in " << Q{c2} << " hours.");
      if (c3 >= 0) b.say(b.line() << b.ent("person3") << " can do it in " << Q{c3} << " hours.");
    } else if (b.phrasing() == 1) {
      auto s = b.line();
      s << "Working alone, " << A << " needs " << Q{a} << " hours to " << job
        << (c3 >= 0 ? ", " : " and ") << B << " needs " << Q{c2} << " hours";
      if (c3 >= 0) s << " and " << b.ent("person3") << " needs " << Q{c3} << " hours";
      b.say(std::move(s << "."));
    } else {
      auto s = b.line();
      s << "It takes " << A << " " << Q{a} << " hours to " << job << " and " << B << " " << Q{c2}
        << " hours";
      if (c3 >= 0) s << ", while " << b.ent("person3") << " takes " << Q{c3} << " hours";
      b.say(std::move(s << "."));
    }
    if (h >= 0) {
      b.say(b.line() << A << " works alone for " << Q{h} << " hours, and then " << B
                     << " joins in.");
      b.ask(b.line() << "How many more hours does it take them to finish?");
      return;
    }
    b.ask(b.line() << "Working together, how many " << unit << " does it take them to " << job
                   << "?");
  }

  static void fill_and_drain(Builder& b) {
    Ref a = b.var("a"), c2 = b.var("b");
    b.require(b.value(c2) > b.value(a), "the leak must be slower than the tap");
    const char* tank = b.phrasing() == 0 ? "tank" : b.phrasing() == 1 ? "pool" : "tub";
    if (b.phrasing() == 0) {
      b.say(b.line() << "A tap fills a tank in " << Q{a} << " hours.");
      b.say(b.line() << "A leak empties the full tank in " << Q{c2} << " hours.");
      b.ask(b.line() << "Starting empty, with the tap open and the leak leaking, how many hours "
                     << "does it take to fill the tank?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "One pipe fills a pool in " << Q{a} << " hours, and a drain empties it in "
                     << Q{c2} << " hours.");
      b.ask(b.line() << "If both are open and the pool starts empty, how many hours until it is "
                     << "full?");
    } else {
      b.say(b.line() << "A faucet can fill a tub in " << Q{a} << " hours, but the plug leaks and "
                     << "would empty a full tub in " << Q{c2} << " hours.");
      b.ask(b.line() << "How many hours does it take to fill the empty tub?");
    }
    Ref parts = b.mul(a, c2);
    b.step(b.line() << "Think of the " << tank << " as " << b.ann(parts) << " equal parts.");
    Ref fill = b.div(parts, a), drain = b.div(parts, c2);
    b.step(b.line() << "Filling adds " << b.ann(fill) << " parts per hour and the leak removes "
                    << b.ann(drain) << " parts per hour.");
    Ref net = b.sub(fill, drain);
    b.step(b.line() << "The " << tank << " gains " << b.ann(net) << " parts per hour.");
    Ref t = b.div(parts, net);
    int dec = decimals_of(b.value(t));
    b.require(dec >= 0 && dec <= 2, "the time must have at most 2 decimals");
    b.step(b.line() << "So it fills in " << b.ann(t) << " hours.");
    b.answer(t);
  }
};

}  // namespace

const Family& work_time_family() {
  static const WorkTime f;
  return f;
}

}  // namespace stepwise::tasks

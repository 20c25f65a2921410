// average: means of a few values, the score still needed for a target mean, weighted means,
// and the value that moved a mean.
//
// Difficulty: 1 mean of 3 scores; 2 mean of 5 values; 3 score needed on the last test (form:
// 4 or 5 tests); 4 weighted mean of two groups; 5 the value whose arrival changed the mean.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

class Average final : public Family {
 public:
  Average()
      : Family("average", "Means: plain, weighted, a missing value, a changed mean.", 3, false) {}

  int forms(int d) const override { return d == 3 ? 2 : 1; }

  static int values(const Problem& p) {
    switch (p.difficulty) {
      case 1:
        return 3;
      case 2:
        return 5;
      case 3:
        return p.form == 0 ? 3 : 4;  // scores known so far
      default:
        return 0;
    }
  }

  std::vector<VarSpec> variables(const Problem& p) const override {
    std::vector<VarSpec> v;
    switch (p.difficulty) {
      case 1:
      case 2:
        v.push_back(spec("k", VarType::kCount, values(p), values(p), 1, false, "how many values"));
        for (int i = 0; i < values(p); ++i)
          v.push_back(spec(nth("s", i), VarType::kCount, p.difficulty == 1 ? 40 : 10, 100, 1, false,
                           "a value"));
        return v;
      case 3:
        v.push_back(spec("k", VarType::kCount, values(p) + 1, values(p) + 1, 1, false, "tests"));
        v.push_back(spec("target", VarType::kCount, 60, 95, 1, false, "target mean"));
        for (int i = 0; i < values(p); ++i)
          v.push_back(spec(nth("s", i), VarType::kCount, 40, 100, 1, false, "a score"));
        return v;
      case 4:
        return {spec("n1", VarType::kCount, 2, 12, 1, false, "size of group 1"),
                spec("w1", VarType::kCount, 2, 60, 1, true, "value in group 1"),
                spec("n2", VarType::kCount, 2, 12, 1, false, "size of group 2"),
                spec("w2", VarType::kCount, 2, 60, 1, true, "value in group 2")};
      default:
        return {spec("k", VarType::kCount, 3, 9, 1, false, "values at first"),
                spec("mean1", VarType::kCount, 10, 90, 1, true, "mean at first"),
                spec("k2", VarType::kCount, 4, 10, 1, false, "values after"),
                spec("mean2", VarType::kCount, 10, 90, 1, true, "mean after")};
    }
  }

  std::vector<EntitySpec> entities(const Problem&) const override {
    return {{"person", EntityKind::kPerson}};
  }

  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    if (p.difficulty == 5) set_var(p, "k2", *p.find("k") + 1);
  }

  void build(const Problem& p, Builder& b) const override {
    switch (p.difficulty) {
      case 1:
      case 2:
        mean(p, b);
        break;
      case 3:
        needed(p, b);
        break;
      case 4:
        weighted(b);
        break;
      default:
        changed(b);
        break;
    }
  }

 private:
  static void list(Builder::Line& l, const std::vector<Ref>& s) {
    for (size_t i = 0; i < s.size(); ++i)
      l << (i == 0 ? "" : i + 1 == s.size() ? " and " : ", ") << Q{s[i]};
  }

  static void mean(const Problem& p, Builder& b) {
    Ref k = b.var("k");
    std::vector<Ref> s;
    for (int i = 0; i < values(p); ++i) s.push_back(b.var(nth("s", i)));
    const std::string& who = b.ent("person");
    auto l = b.line();
    if (b.phrasing() == 0) {
      l << who << " took " << Q{k} << " tests and scored ";
      list(l, s);
      b.say(std::move(l << "."));
      b.ask(b.line() << "What was " << b.his("person") << " average score?");
    } else if (b.phrasing() == 1) {
      l << "The temperatures at noon on " << Q{k} << " days were ";
      list(l, s);
      b.say(std::move(l << " degrees."));
      b.ask(b.line() << "What was the mean noon temperature, in degrees?");
    } else {
      l << "In " << Q{k} << " games a team scored ";
      list(l, s);
      b.say(std::move(l << " points."));
      b.ask(b.line() << "What is the average number of points per game?");
    }
    Ref total = b.sum(s);
    b.step(b.line() << "The values add up to " << b.ann(total) << ".");
    Ref m = b.div(total, k);
    int dec = decimals_of(b.value(m));
    b.require(dec >= 0 && dec <= (p.difficulty == 1 ? 0 : 1), "the mean must be simple");
    b.step(b.line() << "Dividing by the " << b.txt(k) << " values gives an average of " << b.ann(m)
                    << ".");
    b.answer(m);
  }

  static void needed(const Problem& p, Builder& b) {
    Ref k = b.var("k"), target = b.var("target");
    std::vector<Ref> s;
    for (int i = 0; i < values(p); ++i) s.push_back(b.var(nth("s", i)));
    const std::string& who = b.ent("person");
    const char* his = b.his("person");
    auto l = b.line();
    if (b.phrasing() == 0) {
      b.say(b.line() << who << " wants an average of " << Q{target} << " over " << Q{k}
                     << " tests.");
      l << Builder::cap(his) << " scores so far are ";
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "To pass a course, " << who << " needs a mean score of " << Q{target}
                     << " on " << Q{k} << " exams.");
      l << "The exams so far gave ";
    } else {
      b.say(b.line() << "A class goal is an average of " << Q{target} << " points over " << Q{k}
                     << " rounds of a quiz.");
      l << "The first rounds scored ";
    }
    list(l, s);
    b.say(std::move(l << "."));
    b.ask(b.line() << "What score is needed on the last one?");
    Ref need_total = b.mul(target, k);
    b.step(b.line() << "An average of " << b.txt(target) << " over " << b.txt(k)
                    << " needs a total of " << b.ann(need_total) << " points.");
    Ref have = b.sum(s);
    b.step(b.line() << "The scores so far add up to " << b.ann(have) << " points.");
    Ref last = b.sub(need_total, have);
    b.require(b.value(last) >= 1 && b.value(last) <= 100, "the needed score must be possible");
    b.step(b.line() << "So the last one needs " << b.ann(last) << " points.");
    b.answer(last);
  }

  static void weighted(Builder& b) {
    Ref n1 = b.var("n1"), w1 = b.var("w1"), n2 = b.var("n2"), w2 = b.var("w2");
    b.require(b.value(w1) != b.value(w2), "the groups must differ");
    const char* unit = b.phrasing() == 2 ? " dollars" : " kg";
    if (b.phrasing() == 0) {
      b.say(b.line() << "A truck carries " << Q{n1} << " crates that weigh " << Q{w1}
                     << " kg each and " << Q{n2} << " crates that weigh " << Q{w2} << " kg each.");
      b.ask(b.line() << "What is the average weight of a crate, in kg?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << b.ent("person") << " packs " << Q{n1} << " bags of " << Q{w1} << " kg and "
                     << Q{n2} << " bags of " << Q{w2} << " kg.");
      b.ask(b.line() << "What is the mean weight of the bags, in kg?");
    } else {
      b.say(b.line() << "A shop sold " << Q{n1} << " tickets at " << Q{w1} << " dollars and "
                     << Q{n2} << " tickets at " << Q{w2} << " dollars.");
      b.ask(b.line() << "What was the average price of a ticket, in dollars?");
    }
    Ref g1 = b.mul(n1, w1);
    b.step(b.line() << "The first group comes to " << b.ann(g1) << unit << ".");
    Ref g2 = b.mul(n2, w2);
    b.step(b.line() << "The second group comes to " << b.ann(g2) << unit << ".");
    Ref total = b.add(g1, g2);
    b.step(b.line() << "Together that is " << b.ann(total) << unit << ".");
    Ref count = b.add(n1, n2);
    b.step(b.line() << "There are " << b.ann(count) << " in all.");
    Ref m = b.div(total, count);
    int dec = decimals_of(b.value(m));
    b.require(dec >= 0 && dec <= 2, "the mean must have at most 2 decimals");
    b.step(b.line() << "The average is " << b.ann(m) << unit << ".");
    b.answer(m);
  }

  static void changed(Builder& b) {
    Ref k = b.var("k"), m1 = b.var("mean1"), k2 = b.var("k2"), m2 = b.var("mean2");
    b.require(b.value(k2) == b.value(k) + 1, "one value is added");
    b.require(b.value(m1) != b.value(m2), "the mean must change");
    if (b.phrasing() == 0) {
      b.say(b.line() << "The average of " << Q{k} << " numbers is " << Q{m1} << ".");
      b.say(b.line() << "After one more number is added, the average of the " << Q{k2}
                     << " numbers is " << Q{m2} << ".");
      b.ask(b.line() << "What number was added?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "The average age of " << Q{k} << " friends is " << Q{m1} << " years.");
      b.say(b.line() << "When " << b.ent("person") << " joins them, the average age of the "
                     << Q{k2} << " friends becomes " << Q{m2} << " years.");
      b.ask(b.line() << "How old is " << b.ent("person") << "?");
    } else {
      b.say(b.line() << Q{k} << " parcels weigh " << Q{m1} << " kg on average.");
      b.say(b.line() << "With one more parcel, the " << Q{k2} << " parcels weigh " << Q{m2}
                     << " kg on average.");
      b.ask(b.line() << "How many kg does the new parcel weigh?");
    }
    Ref before = b.mul(m1, k);
    b.step(b.line() << "At first the total is " << b.ann(before) << ".");
    Ref after = b.mul(m2, k2);
    b.step(b.line() << "Afterwards the total is " << b.ann(after) << ".");
    Ref added = b.sub(after, before);
    b.require(b.value(added) >= 1, "the added value must be positive");
    b.step(b.line() << "So the new value is " << b.ann(added) << ".");
    b.answer(added);
  }
};

}  // namespace

const Family& average_family() {
  static const Average f;
  return f;
}

}  // namespace stepwise::tasks

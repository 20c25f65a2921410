// linear_equation: a linear equation solved step by step, written as an equation, as a number
// puzzle, or as a story about ages and boxes.
//
// Difficulty: 1 a*x + b = c; 2 a*x - b = c; 3 a*(x + b) = c; 4 a*x + b = c*x + d; 5 ages: one
// is m times as old as the other, and in y years their ages add up to S.
#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

class LinearEquation final : public Family {
 public:
  LinearEquation()
      : Family("linear_equation", "A linear equation solved step by step (also as ages).", 3,
               false) {}

  std::vector<VarSpec> variables(const Problem& p) const override {
    switch (p.difficulty) {
      case 1:
      case 2:
      case 3:
        return {spec("a", VarType::kCount, 2, 9, 1, false, "coefficient"),
                spec("b", VarType::kCount, 2, 40, 1, true, "constant"),
                spec("c", VarType::kCount, 5, 600, 1, true, "right-hand side")};
      case 4:
        return {spec("a", VarType::kCount, 3, 12, 1, false, "left coefficient"),
                spec("b", VarType::kCount, 2, 40, 1, true, "left constant"),
                spec("c", VarType::kCount, 1, 11, 1, false, "right coefficient"),
                spec("d", VarType::kCount, 2, 400, 1, true, "right constant")};
      default:
        return {spec("m", VarType::kCount, 2, 6, 1, false, "times as old"),
                spec("y", VarType::kCount, 2, 15, 1, false, "years ahead"),
                spec("S", VarType::kCount, 10, 200, 1, false, "sum of the ages then")};
    }
  }

  std::vector<EntitySpec> entities(const Problem&) const override {
    return {{"person", EntityKind::kPerson}, {"person2", EntityKind::kPerson}};
  }

  // The solution x is drawn first; the right-hand side follows from it.
  void propose(Problem& p, Rng& rng) const override {
    Family::propose(p, rng);
    Rational mag = pow10(p.magnitude);
    Rational x = Rational(rng.range(2, 20)) * mag;
    const Rational& a = *p.find(p.difficulty == 5 ? "m" : "a");
    switch (p.difficulty) {
      case 1:
        set_var(p, "c", a * x + *p.find("b"));
        break;
      case 2:
        set_var(p, "c", a * x - *p.find("b"));
        break;
      case 3:
        set_var(p, "c", a * (x + *p.find("b")));
        break;
      case 4:
        set_var(p, "d", (a - *p.find("c")) * x + *p.find("b"));
        break;
      default:
        set_var(p, "S", (a + 1) * x + 2 * *p.find("y"));
        break;
    }
  }

  void build(const Problem& p, Builder& b) const override {
    switch (p.difficulty) {
      case 1:
      case 2:
        one_side(b, p.difficulty == 1);
        break;
      case 3:
        bracket(b);
        break;
      case 4:
        both_sides(b);
        break;
      default:
        ages(b);
        break;
    }
  }

 private:
  // a*x + b = c (plus) or a*x - b = c.
  static void one_side(Builder& b, bool plus) {
    Ref a = b.var("a"), k = b.var("b"), c = b.var("c");
    const std::string& A = b.ent("person");
    const std::string& B = b.ent("person2");
    if (b.phrasing() == 0) {
      b.ask(b.line() << "Solve for x: " << Q{a} << "x " << (plus ? "+" : "-") << " " << Q{k}
                     << " = " << Q{c} << ".");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << A << " thinks of a number, multiplies it by " << Q{a} << " and "
                     << (plus ? "adds " : "subtracts ") << Q{k} << ".");
      b.say(b.line() << "The result is " << Q{c} << ".");
      b.ask(b.line() << "What is the number?");
    } else {
      b.say(b.line() << B << " is " << Q{k} << (plus ? " years older" : " years younger")
                     << " than " << Q{a} << " times " << A << "'s age.");
      b.say(b.line() << B << " is " << Q{c} << " years old.");
      b.ask(b.line() << "How old is " << A << "?");
    }
    Ref r1 = plus ? b.sub(c, k) : b.add(c, k);
    b.require(b.value(r1) > 0, "the solution must be positive");
    if (b.phrasing() == 0)
      b.step(b.line() << (plus ? "Subtract " : "Add ") << b.txt(k) << (plus ? " from" : " to")
                      << " both sides: " << b.ann(r1) << ".");
    else if (b.phrasing() == 1)
      b.step(b.line() << "Undo " << (plus ? "adding " : "subtracting ") << b.txt(k) << ": "
                      << b.ann(r1) << ".");
    else
      b.step(b.line() << (plus ? "Without the " : "With the ") << b.txt(k)
                      << (plus ? " extra years, " : " missing years added back, ") << B
                      << "'s age would be " << b.ann(r1) << ".");
    Ref x = b.div(r1, a);
    b.require(is_int(b.value(x)), "the solution must be whole");
    if (b.phrasing() == 0)
      b.step(b.line() << "Divide both sides by " << b.txt(a) << " to get x: " << b.ann(x) << ".");
    else if (b.phrasing() == 1)
      b.step(b.line() << "Undo multiplying by " << b.txt(a) << ": the number is " << b.ann(x)
                      << ".");
    else
      b.step(b.line() << "That is " << b.txt(a) << " times " << A << "'s age, so " << A << " is "
                      << b.ann(x) << ".");
    b.answer(x);
  }

  // a*(x + b) = c.
  static void bracket(Builder& b) {
    Ref a = b.var("a"), k = b.var("b"), c = b.var("c");
    const std::string& A = b.ent("person");
    if (b.phrasing() == 0) {
      b.ask(b.line() << "Solve for x: " << Q{a} << "(x + " << Q{k} << ") = " << Q{c} << ".");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << A << " thinks of a number, adds " << Q{k} << ", and multiplies the sum by "
                     << Q{a} << ".");
      b.say(b.line() << "The result is " << Q{c} << ".");
      b.ask(b.line() << "What is the number?");
    } else {
      b.say(b.line() << "If " << A << " were " << Q{k} << " years older, " << Q{a} << " times "
                     << b.his("person") << " age would be " << Q{c} << ".");
      b.ask(b.line() << "How old is " << A << "?");
    }
    Ref r1 = b.div(c, a);
    b.require(is_int(b.value(r1)), "the division must be whole");
    if (b.phrasing() == 2)
      b.step(b.line() << A << "'s age plus " << b.txt(k) << " is " << b.ann(r1) << ".");
    else
      b.step(b.line() << "Divide both sides by " << b.txt(a) << ": " << b.ann(r1) << ".");
    Ref x = b.sub(r1, k);
    b.require(b.value(x) > 0, "the solution must be positive");
    if (b.phrasing() == 0)
      b.step(b.line() << "Subtract " << b.txt(k) << " from both sides to get x: " << b.ann(x)
                      << ".");
    else if (b.phrasing() == 1)
      b.step(b.line() << "Undo adding " << b.txt(k) << ": the number is " << b.ann(x) << ".");
    else
      b.step(b.line() << "So " << A << " is " << b.ann(x) << ".");
    b.answer(x);
  }

  // a*x + b = c*x + d.
  static void both_sides(Builder& b) {
    Ref a = b.var("a"), k = b.var("b"), c = b.var("c"), d = b.var("d");
    const std::string& A = b.ent("person");
    const std::string& B = b.ent("person2");
    if (b.phrasing() == 0) {
      b.ask(b.line() << "Solve for x: " << Q{a} << "x + " << Q{k} << " = " << Q{c} << "x + " << Q{d}
                     << ".");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << "Multiplying a number by " << Q{a} << " and adding " << Q{k}
                     << " gives the same result as multiplying it by " << Q{c} << " and adding "
                     << Q{d} << ".");
      b.ask(b.line() << "What is the number?");
    } else {
      b.say(b.line() << A << " has " << Q{a} << " full boxes of pencils and " << Q{k}
                     << " loose pencils.");
      b.say(b.line() << B << " has " << Q{c} << " full boxes and " << Q{d} << " loose pencils.");
      b.say(b.line() << "They have the same number of pencils, and every box holds the same "
                     << "number.");
      b.ask(b.line() << "How many pencils are in each box?");
    }
    Ref coef = b.sub(a, c);
    b.require(b.value(coef) > 0, "the left coefficient must be larger");
    Ref rhs = b.sub(d, k);
    b.require(b.value(rhs) > 0, "the right constant must be larger");
    if (b.phrasing() == 0) {
      b.step(b.line() << "Move the x terms to the left: " << b.ann(coef) << " of them remain.");
      b.step(b.line() << "Move the numbers to the right: " << b.ann(rhs) << ".");
    } else if (b.phrasing() == 1) {
      b.step(b.line() << "The first way uses " << b.ann(coef) << " more copies of the number.");
      b.step(b.line() << "Those copies make up the difference " << b.ann(rhs) << ".");
    } else {
      b.step(b.line() << A << " has " << b.ann(coef) << " more boxes.");
      b.step(b.line() << B << " has " << b.ann(rhs) << " more loose pencils.");
    }
    Ref x = b.div(rhs, coef);
    b.require(is_int(b.value(x)), "the solution must be whole");
    if (b.phrasing() == 2)
      b.step(b.line() << "So each box holds " << b.ann(x) << ".");
    else
      b.step(b.line() << "Divide to get the number: " << b.ann(x) << ".");
    b.answer(x);
  }

  static void ages(Builder& b) {
    Ref m = b.var("m"), y = b.var("y"), S = b.var("S");
    const std::string& A = b.ent("person");
    const std::string& B = b.ent("person2");
    if (b.phrasing() == 0) {
      b.say(b.line() << A << " is " << Q{m} << " times as old as " << B << ".");
      b.say(b.line() << "In " << Q{y} << " years, the sum of their ages will be " << Q{S} << ".");
      b.ask(b.line() << "How old is " << B << " now?");
    } else if (b.phrasing() == 1) {
      b.say(b.line() << A << " is " << Q{m} << " times as old as " << b.his("person")
                     << " grandchild " << B << ".");
      b.say(b.line() << "In " << Q{y} << " years their ages will add up to " << Q{S} << " years.");
      b.ask(b.line() << "How old is " << B << " now?");
    } else {
      b.say(b.line() << B << "'s age times " << Q{m} << " gives " << A << "'s age.");
      b.say(b.line() << Q{y} << " years from now, " << A << " and " << B << " together will be "
                     << Q{S} << " years old.");
      b.ask(b.line() << "What is " << B << "'s age today?");
    }
    Ref both = b.mul(y, b.num(2));
    b.step(b.line() << "In " << b.txt(y) << " years each of them is " << b.txt(y)
                    << " years older, which adds " << b.ann(both) << " years to the sum.");
    Ref now = b.sub(S, both);
    b.require(b.value(now) > 0, "the ages must be positive now");
    b.step(b.line() << "So today their ages add up to " << b.ann(now) << ".");
    Ref times = b.add(m, b.num(1));
    b.step(b.line() << A << "'s age is " << b.txt(m) << " times " << B << "'s, so together they "
                    << "are " << b.ann(times) << " times " << B << "'s age.");
    Ref x = b.div(now, times);
    b.require(is_int(b.value(x)), "the age must be whole");
    b.step(b.line() << B << " is " << b.ann(x) << " years old.");
    b.answer(x);
  }
};

}  // namespace

const Family& linear_equation_family() {
  static const LinearEquation f;
  return f;
}

}  // namespace stepwise::tasks

// multiplication_detailed / multiplication_terse: long multiplication by partial products.
//
// The second operand's digits are taken off one at a time; each gives a partial product,
// shifted by its place value (10, 100, 1000, then products of those). Detailed: one step per
// digit and per shift, with a running total; terse: one step per partial product and one sum.
#include <array>

#include "base/check.h"
#include "tasks/scratch_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

constexpr int kMaxMultiplierDigits = 8;  // partial products summed in one op

struct Shape {
  int da, db;
};
constexpr std::array<std::array<Shape, 3>, 5> kMulShapes = {{
    {{{2, 1}, {2, 1}, {3, 1}}},
    {{{3, 1}, {2, 2}, {2, 2}}},
    {{{3, 2}, {4, 2}, {3, 2}}},
    {{{4, 3}, {3, 3}, {4, 3}}},
    {{{5, 4}, {5, 3}, {4, 4}}},
}};

class Multiplication final : public Family {
 public:
  explicit Multiplication(bool terse)
      : Family(terse ? "multiplication_terse" : "multiplication_detailed",
               terse ? "Long multiplication by partial products, terse scratchpad."
                     : "Long multiplication by partial products, each step explained.",
               3, true),
        terse_(terse) {}

  bool valid_structure(const Problem& p) const override {
    int da = 0, db = 0;
    return parse_digit_counts(p.structure, da, db) && db <= kMaxMultiplierDigits;
  }

  void choose_template(Problem& p, Rng& rng) const override {
    const Shape& s = kMulShapes[static_cast<size_t>(p.difficulty - 1)][rng.below(3)];
    p.form = 0;
    p.structure = digit_counts(s.da, s.db);
  }

  std::vector<VarSpec> variables(const Problem& p) const override { return scratch_variables(p); }
  void widen(Problem& p, int digits) const override { widen_digits(p, digits); }

  void build(const Problem& p, Builder& b) const override {
    int da = 0, db = 0;
    SW_CHECK(parse_digit_counts(p.structure, da, db));
    Ref a = b.var("a"), c = b.var("b");
    if (b.phrasing() == 0)
      b.ask(b.line() << "What is " << Q{a} << " * " << Q{c} << "?");
    else if (b.phrasing() == 1)
      b.ask(b.line() << "Multiply " << Q{a} << " by " << Q{c} << ".");
    else
      b.ask(b.line() << "Find the product of " << Q{a} << " and " << Q{c}
                     << " using partial products.");
    b.require(b.value(a) >= Num(2) && b.value(c) >= Num(2), "both factors must be at least 2");
    Ref product = b.mul(a, c);
    b.display_only(true);
    Ref result = db == 1 ? single(b, a, c) : partials(b, a, c, db);
    b.display_only(false);
    b.answer(result, product);
  }

 private:
  Ref single(Builder& b, Ref a, Ref c) const {
    Ref m = b.mul(a, c);
    if (terse_)
      b.step(b.line() << "Product: " << b.ann(m) << ".");
    else
      b.step(b.line() << "The second number has one digit, so multiply directly: " << b.ann(m)
                      << ".");
    return m;
  }

  // x times 10^place, written with the constants 10, 100 and 1000.
  static Ref shift(Builder& b, Ref x, int place) {
    static const long kSmall[] = {1, 10, 100};
    if (place % 3 != 0) x = b.mul(x, b.num(kSmall[place % 3]));
    for (int k = 0; k < place / 3; ++k) x = b.mul(x, b.num(1000));
    return x;
  }

  Ref partials(Builder& b, Ref a, Ref c, int db) const {
    std::vector<Ref> parts;
    Ref q = c;
    for (int i = 0; i < db; ++i) {
      const char* place = place_name(i);
      Ref quot = -1, d = q;
      if (i < db - 1) {
        quot = b.fdiv(q, b.num(10));
        d = b.sub(q, b.mul(quot, b.num(10)));
      }
      if (terse_) {
        Ref pp = shift(b, b.mul(a, d), i);
        auto l = b.line();
        l << Builder::cap(place) << ": ";
        if (quot >= 0) l << b.ann(quot) << ", ";
        b.step(std::move(l << b.ann(pp) << "."));
        parts.push_back(pp);
      } else {
        if (quot >= 0)
          b.step(b.line() << "Take the " << place << " digit of " << b.txt(c) << ": " << b.ann(quot)
                          << ", and " << b.ann(d) << ".");
        Ref pp = b.mul(a, d);
        auto l = b.line();
        l << "Multiply " << b.txt(a) << " by the " << place << " digit " << b.txt(d) << ": "
          << b.ann(pp);
        if (i > 0) {
          pp = shift(b, pp, i);
          l << ", then shift it to the " << place << " place: " << b.ann(pp);
        }
        b.step(std::move(l << "."));
        parts.push_back(pp);
      }
      if (quot >= 0) q = quot;
    }
    if (terse_) {
      Ref total = b.sum(parts);
      b.step(b.line() << "Sum: " << b.ann(total) << ".");
      return total;
    }
    Ref total = parts[0];
    for (size_t i = 1; i < parts.size(); ++i) {
      total = b.add(total, parts[i]);
      b.step(b.line() << (i + 1 == parts.size() ? "Adding the last partial product gives "
                                                : "Running total of the partial products: ")
                      << b.ann(total) << ".");
    }
    return total;
  }

  bool terse_;
};

}  // namespace

const Family& multiplication_detailed_family() {
  static const Multiplication f(false);
  return f;
}

const Family& multiplication_terse_family() {
  static const Multiplication f(true);
  return f;
}

}  // namespace stepwise::tasks

// addition_detailed / addition_terse: column addition with carries, as a scratchpad.
//
// Difficulty sets the digit counts (2+2 up to 8+8); the detailed format explains each column in
// words, the terse one writes only the arithmetic.
#include <array>
#include <charconv>

#include "base/check.h"
#include "tasks/scratch_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;

constexpr std::array<const char*, kMaxScratchDigits> kPlaces = {"ones",
                                                                "tens",
                                                                "hundreds",
                                                                "thousands",
                                                                "ten-thousands",
                                                                "hundred-thousands",
                                                                "millions",
                                                                "ten-millions",
                                                                "hundred-millions",
                                                                "billions",
                                                                "ten-billions",
                                                                "hundred-billions",
                                                                "trillions",
                                                                "ten-trillions",
                                                                "hundred-trillions",
                                                                "quadrillions",
                                                                "ten-quadrillions",
                                                                "hundred-quadrillions",
                                                                "quintillions",
                                                                "ten-quintillions"};

// Digit counts per difficulty: {da, db} choices.
struct Shape {
  int da, db;
};
constexpr std::array<std::array<Shape, 3>, 5> kAddShapes = {{
    {{{2, 2}, {2, 1}, {2, 2}}},
    {{{3, 3}, {3, 2}, {3, 3}}},
    {{{4, 4}, {4, 3}, {4, 4}}},
    {{{5, 5}, {6, 5}, {6, 6}}},
    {{{7, 7}, {8, 7}, {8, 8}}},
}};

class Addition final : public Family {
 public:
  explicit Addition(bool terse)
      : Family(terse ? "addition_terse" : "addition_detailed",
               terse ? "Column addition with carries, terse scratchpad."
                     : "Column addition with carries, each column explained.",
               3, true),
        terse_(terse) {}

  bool valid_structure(const Problem& p) const override {
    int da = 0, db = 0;
    return parse_digit_counts(p.structure, da, db) && (da >= 2 || db >= 2);
  }

  void choose_template(Problem& p, Rng& rng) const override {
    const Shape& s = kAddShapes[static_cast<size_t>(p.difficulty - 1)][rng.below(3)];
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
      b.ask(b.line() << "What is " << Q{a} << " + " << Q{c} << "?");
    else if (b.phrasing() == 1)
      b.ask(b.line() << "Add " << Q{a} << " and " << Q{c} << ".");
    else
      b.ask(b.line() << "Find the sum of " << Q{a} << " and " << Q{c}
                     << " by adding column by column.");
    Ref total = b.add(a, c);
    b.display_only(true);
    std::vector<Ref> written;
    Ref qa = a, qc = c;
    bool carry = false;
    int cols = da > db ? da : db;
    for (int i = 0; i < cols; ++i) {
      Column col = column(b, i, da, db, qa, qc, carry);
      written.push_back(col.write);
      carry = col.carry;
    }
    if (carry) written.push_back(b.num(1));
    Ref h = written.back();
    for (size_t j = written.size() - 1; j-- > 0;) h = b.add(b.mul(h, b.num(10)), written[j]);
    if (terse_)
      b.step(b.line() << "Sum: " << b.ann(h) << ".");
    else
      b.step(b.line() << "Reading the written digits from the left gives " << b.ann(h) << ".");
    b.display_only(false);
    b.answer(h, total);
  }

 private:
  struct Column {
    Ref write;
    bool carry;
  };

  // The place-`i` digit of an operand with `n` digits, taken off `q` (what is left of it after
  // the columns done so far); `quot` receives q//10 when it had to be computed. -1: no digit.
  static Ref digit(Builder& b, int i, int n, Ref q, Ref& quot) {
    quot = -1;
    if (i >= n) return -1;
    if (i == n - 1) return q;  // the leading digit is what is left
    quot = b.fdiv(q, b.num(10));
    Ref d = b.sub(q, b.mul(quot, b.num(10)));
    return d;
  }

  Column column(Builder& b, int i, int da, int db, Ref& qa, Ref& qc, bool carry) const {
    Ref na = -1, nc = -1;
    Ref dA = digit(b, i, da, qa, na), dC = digit(b, i, db, qc, nc);
    std::vector<Ref> terms;
    if (dA >= 0) terms.push_back(dA);
    if (dC >= 0) terms.push_back(dC);
    if (carry) terms.push_back(b.num(1));
    Ref s = b.sum(terms);
    const char* place = kPlaces[static_cast<size_t>(i)];
    auto l = b.line();
    if (terse_) {
      l << Builder::cap(place) << ": ";
      if (na >= 0) l << b.ann(na) << ", ";
      if (nc >= 0) l << b.ann(nc) << ", ";
      l << (b.known(s) ? b.txt(s) : b.ann(s));
    } else {
      l << Builder::cap(place) << " column: ";
      describe_digit(b, l, place, na, dA, b.var("a"));
      l << "; ";
      describe_digit(b, l, place, nc, dC, b.var("b"));
      l << ".";
      if (terms.size() > 1)
        l << " Adding " << (carry ? "the digits and the carry" : "the digits") << " gives "
          << b.ann(s) << ".";
    }
    Column out{s, false};
    if (b.shown(s) >= 10) {
      out.write = b.sub(s, b.num(10));
      out.carry = true;
      if (terse_)
        l << ", write " << b.ann(out.write) << ", carry 1.";
      else
        l << " That is 10 or more, so write " << b.ann(out.write) << " and carry 1.";
    } else {
      l << (terse_ ? "." : " Write " + b.txt(s) + ".");
    }
    b.step(std::move(l));
    // The quotients carry on to the next column.
    if (na >= 0) qa = na;
    if (nc >= 0) qc = nc;
    return out;
  }

  static void describe_digit(Builder& b, Builder::Line& l, const char* place, Ref quot, Ref d,
                             Ref number) {
    if (d < 0) {
      l << b.txt(number) << " has no " << place << " digit";
    } else if (quot >= 0) {
      l << b.ann(quot) << ", so the " << place << " digit of " << b.txt(number) << " is "
        << b.ann(d);
    } else {
      l << "the " << place << " digit of " << b.txt(number) << " is " << b.txt(d);
    }
  }

  bool terse_;
};

}  // namespace

bool parse_digit_counts(const std::string& s, int& da, int& db) {
  size_t comma = s.find(',');
  if (comma == std::string::npos || s.size() > 8) return false;
  auto parse = [](const char* b, const char* e, int& out) {
    auto r = std::from_chars(b, e, out);
    return r.ec == std::errc() && r.ptr == e && out >= 1 && out <= kMaxScratchDigits;
  };
  return parse(s.data(), s.data() + comma, da) &&
         parse(s.data() + comma + 1, s.data() + s.size(), db);
}

std::string digit_counts(int da, int db) { return std::to_string(da) + "," + std::to_string(db); }

const char* place_name(int place) { return kPlaces[static_cast<size_t>(place)]; }

std::vector<VarSpec> scratch_variables(const Problem& p) {
  int da = 2, db = 2;
  if (!parse_digit_counts(p.structure, da, db)) return {};
  return {spec("a", VarType::kInt, pow10(da - 1), pow10(da) - 1, 1, false, "first operand"),
          spec("b", VarType::kInt, pow10(db - 1), pow10(db) - 1, 1, false, "second operand")};
}

void widen_digits(Problem& p, int digits) {
  int da = 2, db = 2;
  if (!parse_digit_counts(p.structure, da, db)) return;
  da = da + digits > kMaxScratchDigits ? kMaxScratchDigits : da + digits;
  db = db + digits > kMaxScratchDigits ? kMaxScratchDigits : db + digits;
  p.structure = digit_counts(da, db);
}

const Family& addition_detailed_family() {
  static const Addition f(false);
  return f;
}

const Family& addition_terse_family() {
  static const Addition f(true);
  return f;
}

}  // namespace stepwise::tasks

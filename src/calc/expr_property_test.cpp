// Property tests of the expression parser: random expressions, evaluated by the parser and by a
// straightforward reference computed here with mpq_class, must agree (errors included).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/rng.h"
#include "calc/calc.h"

namespace stepwise::calc {
namespace {

struct Gen {
  Rng rng;
  bool div_zero = false;
};

// A random literal: integers (some beyond int64 when multiplied), decimals, thousands.
void literal(Gen& g, std::string& text, Rational& value) {
  switch (g.rng.below(4)) {
    case 0: {
      int64_t v = g.rng.range(0, 20);
      text = std::to_string(v);
      value = v;
      break;
    }
    case 1: {
      int64_t v = g.rng.range(0, 999999999999999);
      text = std::to_string(v);
      value = mpz_class(std::to_string(v));
      break;
    }
    case 2: {
      int64_t whole = g.rng.range(0, 99), frac = g.rng.range(0, 99);
      text = std::to_string(whole) + "." + (frac < 10 ? "0" : "") + std::to_string(frac);
      value = Rational(whole * 100 + frac, 100);
      break;
    }
    default: {
      int64_t hi = g.rng.range(1, 999), lo = g.rng.range(0, 999);
      std::string lo_s = std::to_string(lo);
      text = std::to_string(hi) + "," + std::string(3 - lo_s.size(), '0') + lo_s;
      value = hi * 1000 + lo;
      break;
    }
  }
  value.canonicalize();
}

// Fully bracketed random tree: exercises every operator and the int64 -> GMP switch.
void tree(Gen& g, int depth, std::string& text, Rational& value) {
  if (depth == 0 || g.rng.chance(0.3)) {
    literal(g, text, value);
    if (g.rng.chance(0.2)) {
      text = "-" + text;
      value = -value;
    }
    return;
  }
  std::string a, b;
  Rational x, y;
  tree(g, depth - 1, a, x);
  tree(g, depth - 1, b, y);
  static const char* kOps[] = {"+", "-", "*", "x", "/", "//", "÷"};
  int op = static_cast<int>(g.rng.below(7));
  text = "(" + a + " " + kOps[op] + " " + b + ")";
  switch (op) {
    case 0:
      value = x + y;
      break;
    case 1:
      value = x - y;
      break;
    case 2:
    case 3:
      value = x * y;
      break;
    default:
      if (y == 0) {
        g.div_zero = true;
        value = 0;
      } else if (op == 5) {
        Rational q = x / y;
        mpz_class f;
        mpz_fdiv_q(f.get_mpz_t(), q.get_num_mpz_t(), q.get_den_mpz_t());
        value = f;
      } else {
        value = x / y;
      }
  }
}

TEST(EvaluateProperty, RandomBracketedTreesMatchTheReference) {
  Gen g{Rng(12345), false};
  Parsed out;
  for (int i = 0; i < 3000; ++i) {
    g.div_zero = false;
    std::string text;
    Rational value;
    tree(g, 4, text, value);
    Status s = evaluate_into(text, out);
    if (g.div_zero) {
      ASSERT_FALSE(s.ok()) << text;
      EXPECT_NE(s.error().message.find("division by zero"), std::string::npos) << text;
    } else {
      ASSERT_TRUE(s.ok()) << text << ": " << s.error().message;
      EXPECT_EQ(out.value, value) << text;
    }
  }
}

// Unbracketed chains: the reference folds * and / first, then + and -, left to right.
TEST(EvaluateProperty, RandomChainsRespectPrecedence) {
  Rng rng(777);
  for (int i = 0; i < 3000; ++i) {
    int n = static_cast<int>(rng.range(1, 7));
    std::vector<Rational> terms;
    std::vector<char> adds;
    std::string text;
    Rational cur;
    bool div_zero = false;
    for (int k = 0; k < n; ++k) {
      int64_t v = rng.range(-30, 30);
      Rational r(v);
      char op = k == 0 ? '+' : "+-*/"[rng.below(4)];
      if (k > 0) text += std::string(" ") + op + " ";
      text += std::to_string(v);
      if (k == 0 || op == '+' || op == '-') {
        if (k > 0) {
          terms.push_back(cur);
        }
        adds.push_back(op);
        cur = r;
      } else if (op == '*') {
        cur *= r;
      } else if (v == 0) {
        div_zero = true;
      } else {
        cur /= r;
      }
    }
    terms.push_back(cur);
    Rational expect = 0;
    for (size_t k = 0; k < terms.size(); ++k) expect += adds[k] == '-' ? -terms[k] : terms[k];
    auto r = evaluate(text);
    if (div_zero) {
      EXPECT_FALSE(r.ok()) << text;
    } else {
      ASSERT_TRUE(r.ok()) << text << ": " << r.error().message;
      EXPECT_EQ(r->value, expect) << text;
    }
  }
}

TEST(EvaluateProperty, PowersMatchTheReference) {
  Rng rng(99);
  for (int i = 0; i < 1000; ++i) {
    int64_t b = rng.range(-12, 12), e = rng.range(-6, 12);
    std::string text = "(" + std::to_string(b) + ")^(" + std::to_string(e) + ")";
    auto r = evaluate(text);
    if (b == 0 && e < 0) {
      EXPECT_FALSE(r.ok()) << text;
      continue;
    }
    Rational expect = 1;
    for (int64_t k = 0; k < (e < 0 ? -e : e); ++k) expect *= b;
    if (e < 0) expect = 1 / expect;
    ASSERT_TRUE(r.ok()) << text << ": " << r.error().message;
    EXPECT_EQ(r->value, expect) << text;
  }
}

}  // namespace
}  // namespace stepwise::calc

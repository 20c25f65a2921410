// expr_internal.h: the expression parser's class, shared by expr.cpp (the grammar) and
// expr_number.cpp (operands, error messages, the public entry points). Not part of the interface.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "calc/calc_internal.h"

namespace stepwise::calc::detail {

enum class Op { kNone, kAdd, kSub, kMul, kDiv, kFloorDiv, kPow, kImplicit };

enum class Err {
  kNone,
  kExpectedOperand,
  kExpectedClose,
  kUnexpected,
  kDivZero,
  kTooLarge,
  kExponent,
  kIrrational,
  kTooDeep,
  kTooLong,
};

// Syntax errors may be backtracked over in prefix mode; the others never are.
inline bool is_syntax(Err e) {
  return e == Err::kExpectedOperand || e == Err::kExpectedClose || e == Err::kUnexpected;
}

inline constexpr int kDepthCeiling = 1000;  // whatever Limits says: bounds the native stack

// One parse of one expression into `out`; see expr.cpp for the grammar. Not reusable.
class Parser {
 public:
  Parser(std::string_view s, const Limits& limits, Parsed& out, bool prefix)
      : s_(s),
        lim_(limits),
        out_(out),
        prefix_(prefix),
        max_depth_(std::clamp(limits.max_depth, 1, kDepthCeiling)) {}

  Status run() {
    if (s_.size() > lim_.max_length) return fail_now(lim_.max_length, Err::kTooLong);
    skip_ws();
    Val v;
    if (!parse_sum(v)) return error_status();
    size_t end = pos_;
    if (!prefix_) {
      skip_ws();
      if (pos_ != s_.size()) {
        fail(pos_, Err::kUnexpected);
        return error_status();
      }
      end = s_.size();
    }
    v.store(out_.value);
    out_.operands.resize(nops_);
    out_.ops = ops_;
    out_.end = end;
    return Status::Ok();
  }

 private:
  struct Mark {
    size_t pos, nops;
    int ops;
  };

  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  bool word(size_t i, std::string_view w) const {
    if (i > s_.size() || s_.size() - i < w.size()) return false;
    for (size_t k = 0; k < w.size(); ++k) {
      if (s_[i + k] != w[k]) return false;
    }
    return !is_alpha(at(i + w.size()));
  }
  Mark mark() const { return {pos_, nops_, ops_}; }
  void reset(const Mark& m) {
    pos_ = m.pos;
    nops_ = m.nops;
    ops_ = m.ops;
  }
  bool fail(size_t pos, Err e) {
    err_ = e;
    err_pos_ = pos;
    return false;
  }
  Status fail_now(size_t pos, Err e) {
    fail(pos, e);
    return error_status();
  }
  // After a failed right operand: true (and the error cleared) when prefix mode may stop before
  // the operator instead.
  bool backtrack(const Mark& m) {
    if (!prefix_ || !is_syntax(err_)) return false;
    err_ = Err::kNone;
    reset(m);
    return true;
  }

  void skip_ws();
  Op peek_op(size_t& len) const;
  bool check_size(const Val& v, size_t op_pos) {
    return v.bits() <= lim_.max_bits || fail(op_pos, Err::kTooLarge);
  }
  bool parse_sum(Val& v);
  bool parse_product(Val& v);
  bool parse_unary(Val& v);
  bool parse_power(Val& v);
  bool parse_primary(Val& v);
  bool parse_group(Val& v, char open, char close);
  bool parse_frac(Val& v);
  bool parse_number(Val& v);
  size_t mixed_part(size_t q, int64_t& a, int64_t& b) const;
  Status error_status() const;

  std::string_view s_;
  const Limits& lim_;
  Parsed& out_;
  bool prefix_;
  int max_depth_;
  size_t pos_ = 0;
  size_t nops_ = 0;  // operands written so far in out_.operands
  int ops_ = 0;
  int depth_ = 0;
  int exponent_depth_ = 0;
  Err err_ = Err::kNone;
  size_t err_pos_ = 0;
  char err_char_ = ')';
  size_t err_open_ = 0;
};

}  // namespace stepwise::calc::detail

// expr.cpp: the expression parser (recursive descent, one level per precedence) and evaluate().
//
// sum     := product (('+' | '-') product)*
// product := unary (('*' | 'x' | '×' | '·' | '/' | '÷' | '//' | 'of') unary | '(' sum ')')*
// unary   := ('+' | '-')* power
// power   := postfix (('^' | '**') unary)?          right-associative, 2^-1 allowed
// postfix := primary '%'*
// primary := number | '(' sum ')' | '[' sum ']' | '{' sum '}' | '\frac{' sum '}{' sum '}'
// Recursion happens only through brackets and powers, both counted against Limits::max_depth.
#include <algorithm>
#include <string>

#include "calc/expr_internal.h"

namespace stepwise::calc::detail {

void Parser::skip_ws() {
  for (;;) {
    char c = at(pos_);
    if (c != ' ' && c != '\\' && static_cast<unsigned char>(c) > ' ' &&
        static_cast<unsigned char>(c) < 0x80) {
      return;  // the common case: a token starts here
    }
    if (size_t n = detail::space_at(s_, pos_)) {
      pos_ += n;
    } else if (at(pos_) == '\\' &&
               (at(pos_ + 1) == ',' || at(pos_ + 1) == ';' || at(pos_ + 1) == ':' ||
                at(pos_ + 1) == '!' || at(pos_ + 1) == ' ')) {
      pos_ += 2;
    } else if (word(pos_, "\\left")) {
      pos_ += 5;
    } else if (word(pos_, "\\right")) {
      pos_ += 6;
    } else if (word(pos_, "\\quad")) {
      pos_ += 5;
    } else {
      return;
    }
  }
}

Op Parser::peek_op(size_t& len) const {
  std::string_view r = s_.substr(pos_);
  len = 1;
  switch (at(pos_)) {
    case '+':
      return Op::kAdd;
    case '-':
      return Op::kSub;
    case '^':
      return Op::kPow;
    case '*':
      return at(pos_ + 1) == '*' ? (len = 2, Op::kPow) : Op::kMul;
    case '/':
      return at(pos_ + 1) == '/' ? (len = 2, Op::kFloorDiv) : Op::kDiv;
    case 'x':
    case 'X':
      return is_alpha(at(pos_ + 1)) ? Op::kNone : Op::kMul;
    case '(':
      return len = 0, Op::kImplicit;
    case 'o':
      return word(pos_, "of") ? (len = 2, Op::kMul) : Op::kNone;
    case '\\':
      break;
    default:
      if (static_cast<unsigned char>(at(pos_)) < 0x80) return Op::kNone;
      break;
  }
  len = r.size() >= 2 ? 2 : 1;
  if (r.starts_with("\xC3\x97") || r.starts_with("\xC2\xB7")) return Op::kMul;  // × ·
  if (r.starts_with("\xC3\xB7")) return Op::kDiv;                               // ÷
  len = 3;
  if (r.starts_with("\xE2\x88\x92") || r.starts_with("\xE2\x80\x93")) return Op::kSub;  // − –
  if (r.starts_with("\xE2\x8B\x85") || r.starts_with("\xE2\x88\x97")) return Op::kMul;  // ⋅ ∗
  if (word(pos_, "\\times")) return len = 6, Op::kMul;
  if (word(pos_, "\\cdot")) return len = 5, Op::kMul;
  if (word(pos_, "\\div")) return len = 4, Op::kDiv;
  return Op::kNone;
}

bool Parser::parse_sum(Val& v) {
  if (!parse_product(v)) return false;
  for (;;) {
    Mark m = mark();
    skip_ws();
    size_t len, op_pos = pos_;
    Op op = peek_op(len);
    if (op != Op::kAdd && op != Op::kSub) {
      reset(m);
      return true;
    }
    pos_ += len;
    Val r;
    if (!parse_product(r)) return backtrack(m);
    v.add(r, op == Op::kSub);
    ++ops_;
    if (!check_size(v, op_pos)) return false;
  }
}

bool Parser::parse_product(Val& v) {
  if (!parse_unary(v)) return false;
  for (;;) {
    Mark m = mark();
    skip_ws();
    size_t len, op_pos = pos_;
    Op op = peek_op(len);
    if (op != Op::kMul && op != Op::kDiv && op != Op::kFloorDiv && op != Op::kImplicit) {
      reset(m);
      return true;
    }
    pos_ += len;
    Val r;
    if (!parse_unary(r)) return backtrack(m);
    bool ok = op == Op::kDiv ? v.div(r) : op == Op::kFloorDiv ? v.floor_div(r) : (v.mul(r), true);
    if (!ok) return fail(op_pos, Err::kDivZero);
    ++ops_;
    if (!check_size(v, op_pos)) return false;
  }
}

bool Parser::parse_unary(Val& v) {
  skip_ws();
  bool negative = false;
  int signs = 0;
  for (;;) {
    size_t len;
    Op op = peek_op(len);
    if (op != Op::kAdd && op != Op::kSub) break;
    if (depth_ + ++signs > max_depth_) return fail(pos_, Err::kTooDeep);
    negative ^= op == Op::kSub;
    pos_ += len;
    skip_ws();
  }
  if (!parse_power(v)) return false;
  ops_ += signs;
  if (negative) v.negate();
  return true;
}

bool Parser::parse_power(Val& v) {
  if (!parse_primary(v)) return false;
  while (at(pos_) == '%') {  // percent of a bracketed value: "(20+30)%"
    v.div(Val(100));
    ++ops_;
    ++pos_;
  }
  Mark m = mark();
  skip_ws();
  size_t len, op_pos = pos_;
  if (peek_op(len) != Op::kPow) {
    reset(m);
    return true;
  }
  pos_ += len;
  if (++depth_ > max_depth_) return fail(op_pos, Err::kTooDeep);
  ++exponent_depth_;
  Val e;
  bool ok = parse_unary(e);
  --exponent_depth_;
  --depth_;
  if (!ok) return backtrack(m);
  switch (detail::pow_in_place(v, e, lim_.max_exponent, lim_.max_bits)) {
    case detail::PowStatus::kOk:
      break;
    case detail::PowStatus::kDivZero:
      return fail(op_pos, Err::kDivZero);
    case detail::PowStatus::kExponentTooLarge:
      return fail(op_pos, Err::kExponent);
    case detail::PowStatus::kTooLarge:
      return fail(op_pos, Err::kTooLarge);
    case detail::PowStatus::kIrrational:
      return fail(op_pos, Err::kIrrational);
  }
  ++ops_;
  return true;
}

bool Parser::parse_primary(Val& v) {
  skip_ws();
  switch (at(pos_)) {
    case '(':
      return parse_group(v, '(', ')');
    case '[':
      return parse_group(v, '[', ']');
    case '{':
      return parse_group(v, '{', '}');
    default:
      break;
  }
  if (word(pos_, "\\frac") || word(pos_, "\\dfrac") || word(pos_, "\\tfrac")) return parse_frac(v);
  return parse_number(v);
}

bool Parser::parse_group(Val& v, char open, char close) {
  size_t open_pos = pos_;
  if (++depth_ > max_depth_) return fail(open_pos, Err::kTooDeep);
  ++pos_;
  bool saved_prefix = prefix_;
  prefix_ = false;  // inside brackets the expression must run to the closing bracket
  bool ok = parse_sum(v);
  prefix_ = saved_prefix;
  --depth_;
  if (!ok) return false;
  skip_ws();
  if (at(pos_) != close) {
    err_char_ = close;
    err_open_ = open_pos;
    (void)open;
    return fail(pos_, Err::kExpectedClose);
  }
  ++pos_;
  return true;
}

bool Parser::parse_frac(Val& v) {
  size_t frac_pos = pos_;
  pos_ += at(pos_ + 1) == 'f' ? 5 : 6;
  skip_ws();
  if (at(pos_) != '{') return fail(pos_, Err::kExpectedOperand);
  if (!parse_group(v, '{', '}')) return false;
  skip_ws();
  if (at(pos_) != '{') return fail(pos_, Err::kExpectedOperand);
  Val d;
  if (!parse_group(d, '{', '}')) return false;
  if (!v.div(d)) return fail(frac_pos, Err::kDivZero);
  ++ops_;
  return check_size(v, frac_pos);
}

}  // namespace stepwise::calc::detail

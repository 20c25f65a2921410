// expr_number.cpp: the parser's operands (numbers, mixed numbers), its error messages, and the
// public entry points evaluate(), evaluate_into(), evaluate_prefix().
#include <algorithm>
#include <string>

#include "calc/expr_internal.h"

namespace stepwise::calc {
namespace detail {

// " a/b" (0 < a < b) after a plain integer ending at q, unambiguous only when nothing that
// binds tighter follows ("2 1/2", not "2 1/2^2"): the end of the fraction, or q.
size_t Parser::mixed_part(size_t q, int64_t& a, int64_t& b) const {
  detail::Lexeme n, d;
  if (at(q) != ' ' || !detail::lex_numeral(s_, q + 1, n) || !n.plain_integer() ||
      n.digit_count > 18 || at(n.end) != '/' || !detail::lex_numeral(s_, n.end + 1, d) ||
      !d.plain_integer() || d.digit_count > 18) {
    return q;
  }
  char c = at(d.end);
  if (c == '^' || c == '%' || c == '(' || c == '/' || c == '.' ||
      (c == '*' && at(d.end + 1) == '*')) {
    return q;
  }
  a = b = 0;
  for (size_t k = n.int_begin; k < n.int_end; ++k) a = a * 10 + (s_[k] - '0');
  for (size_t k = d.int_begin; k < d.int_end; ++k) b = b * 10 + (s_[k] - '0');
  return a > 0 && a < b ? d.end : q;
}

bool Parser::parse_number(Val& v) {
  size_t begin = pos_, p = pos_;
  size_t cur = detail::currency_at(s_, p);
  if (cur != 0) {
    p += cur;
    while (size_t n = detail::space_at(s_, p)) p += n;
  }
  detail::Lexeme lx;
  if (!detail::lex_numeral(s_, p, lx)) return fail(begin, Err::kExpectedOperand);
  if (!detail::numeral_value(s_, lx, lim_.max_bits, v)) return fail(begin, Err::kTooLarge);
  Form form = lx.vulgar_den != 0 ? (lx.digit_count != 0 ? Form::kMixed : Form::kFraction)
              : (lx.decimals >= 0 || lx.exp10 != 0) ? Form::kDecimal
                                                    : Form::kInteger;
  size_t q = lx.end;
  int64_t a = 0, b = 0;
  if (lx.plain_integer() && lx.digit_count <= 18) {
    if (size_t e = mixed_part(q, a, b); e != q) {
      v.add(Val(a, b), false);
      form = Form::kMixed;
      q = e;
    }
  }
  bool percent = false;
  if (at(q) == '%' || (at(q) == ' ' && at(q + 1) == '%')) {
    q += at(q) == '%' ? 1 : 2;
    percent = true;
    v.div(Val(100));
  } else if (cur == 0) {
    size_t c = at(q) == ' ' ? q + 1 : q;
    size_t n = detail::currency_at(s_, c);
    if (n != 0 && at(c) != '$' && at(c) != '\\') {
      cur = n;
      q = c + n;
    }
  }
  pos_ = q;
  if (nops_ == out_.operands.size()) out_.operands.emplace_back();
  Operand& op = out_.operands[nops_++];
  op.exponent = exponent_depth_ > 0;
  Number& num = op.number;
  v.store(num.value);
  num.begin = begin;
  num.end = q;
  num.decimals = lx.decimals;
  num.digits = detail::significant_digits(s_, lx);
  num.exp10 = lx.exp10;
  num.form = form;
  num.percent = percent;
  num.currency = cur != 0;
  num.thousands = lx.thousands;
  num.scaled = false;
  num.negative = false;
  return true;
}

Status Parser::error_status() const {
  std::string msg = "col " + std::to_string(err_pos_ + 1) + ": ";
  char c = at(err_pos_);
  bool printable = c > ' ' && c < 0x7f;
  switch (err_) {
    case Err::kNone:
      msg += "internal error";
      break;
    case Err::kExpectedOperand:
      msg += "expected a number or '('";
      if (err_pos_ >= s_.size()) {
        msg += " at the end";
      } else if (printable) {
        msg += std::string(", found '") + c + "'";
      }
      break;
    case Err::kExpectedClose:
      msg +=
          std::string("expected '") + err_char_ + "' to close col " + std::to_string(err_open_ + 1);
      break;
    case Err::kUnexpected:
      if (c == ',') {
        msg += "',' is not an operator (a list? thousands separators need groups of 3 digits)";
      } else if (c == ')' || c == ']' || c == '}') {
        msg += std::string("unbalanced '") + c + "'";
      } else if (printable) {
        msg += std::string("unexpected '") + c + "'";
      } else {
        msg += "unexpected character";
      }
      break;
    case Err::kDivZero:
      msg += "division by zero";
      break;
    case Err::kTooLarge:
      msg += "number too large (over " + std::to_string(lim_.max_bits) + " bits)";
      break;
    case Err::kExponent:
      msg += "exponent too large (limit " + std::to_string(lim_.max_exponent) + ")";
      break;
    case Err::kIrrational:
      msg += "the result is not a rational number";
      break;
    case Err::kTooDeep:
      msg += "nesting too deep (limit " + std::to_string(max_depth_) + ")";
      break;
    case Err::kTooLong:
      msg += "expression too long (" + std::to_string(s_.size()) + " bytes, limit " +
             std::to_string(lim_.max_length) + ")";
      break;
  }
  return Error{std::move(msg)};
}

}  // namespace detail

using detail::Parser;

Status evaluate_into(std::string_view expr, Parsed& out, const Limits& limits) {
  return Parser(expr, limits, out, /*prefix=*/false).run();
}

Result<Parsed> evaluate(std::string_view expr, const Limits& limits) {
  Parsed out;
  Status s = evaluate_into(expr, out, limits);
  if (!s) return s.error();
  return out;
}

Result<Parsed> evaluate_prefix(std::string_view text, const Limits& limits) {
  // Prose may be longer than any expression: parse within the first max_length bytes, and call
  // an expression that reaches that cut too long.
  std::string_view view = text.substr(0, std::min(text.size(), limits.max_length));
  Parsed out;
  Status s = Parser(view, limits, out, /*prefix=*/true).run();
  if (!s) return s.error();
  if (view.size() < text.size() && out.end == view.size()) {
    return Error{"col " + std::to_string(view.size() + 1) + ": expression too long (limit " +
                 std::to_string(limits.max_length) + " bytes)"};
  }
  return out;
}

}  // namespace stepwise::calc

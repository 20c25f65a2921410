// Fuzzes the calc parsers: any bytes give a value or an Error (never a crash, hang or unbounded
// allocation), and what comes back is consistent: offsets inside the input, canonical text that
// evaluates to the same value, a prefix that re-parses alone, an answer equal to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/check.h"
#include "calc/calc.h"

namespace calc = stepwise::calc;

namespace {

void check_expression(std::string_view text) {
  auto r = calc::evaluate(text);
  if (r) {
    SW_CHECK(r->end == text.size());
    size_t last = 0;
    for (const calc::Operand& op : r->operands) {
      SW_CHECK(op.number.begin < op.number.end && op.number.end <= text.size());
      SW_CHECK(op.number.begin >= last);
      last = op.number.end;
    }
    auto again = calc::evaluate(calc::to_text(r->value));
    SW_CHECK(again.ok() && again->value == r->value);
  } else {
    SW_CHECK(r.error().message.starts_with("col "));
  }
  auto p = calc::evaluate_prefix(text);
  if (p) {
    SW_CHECK(p->end <= text.size());
    auto whole = calc::evaluate(text.substr(0, p->end));
    SW_CHECK(whole.ok() && whole->value == p->value);
  }
}

void check_numbers(std::string_view text) {
  size_t last = 0;
  for (const calc::Number& n : calc::find_numbers(text)) {
    SW_CHECK(n.begin < n.end && n.end <= text.size() && n.begin >= last);
    last = n.end;
  }
  auto one = calc::parse_number(text);
  if (one) SW_CHECK(one->end <= text.size());
}

void check_answers(std::string_view data) {
  size_t cut = data.find('\n');
  std::string_view a = data.substr(0, cut), b = cut == data.npos ? a : data.substr(cut + 1);
  calc::AnswerCheck c = calc::answers_equal(a, b);
  SW_CHECK(!c.reason.empty());
  calc::AnswerCheck self = calc::answers_equal(a, a);
  SW_CHECK(self.equal || calc::normalize_answer(a).empty());
  calc::EquivOptions loose;
  loose.rounding_allowed = loose.cents_to_dollars = true;
  SW_CHECK(!calc::answers_equal(a, b, loose).reason.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_expression(text);
  check_numbers(text);
  check_answers(text);
  return 0;
}

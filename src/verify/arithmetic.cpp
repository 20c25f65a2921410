// The arithmetic pass: every annotation and every equation chain of a step recomputed exactly.
#include <algorithm>
#include <string>

#include "verify/checker_internal.h"

namespace stepwise::verify {

using detail::Role;

namespace {

enum AnnState : uint8_t { kAnnUnchecked = 0, kAnnConsistent = 1, kAnnWrong = 2, kAnnReported = 4 };

bool is_div_zero(const Error& e) { return e.message.find("division by zero") != std::string::npos; }

// Equal apart from spaces: "48/2" and "48 / 2".
bool same_expression(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  for (;;) {
    while (i < a.size() && a[i] == ' ') ++i;
    while (j < b.size() && b[j] == ' ') ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (a[i++] != b[j++]) return false;
  }
}

// A written integer that is the floor or the ceiling of a non-integer exact value: "6" for 20/3.
bool rounded_to_integer(const calc::Rational& exact, const calc::Number& w) {
  if (w.form != calc::Form::kInteger || w.percent) return false;
  if (mpz_cmp_ui(exact.get_den_mpz_t(), 1) == 0) return false;
  if (mpz_cmp_ui(w.value.get_den_mpz_t(), 1) != 0) return false;
  mpz_class fl;
  mpz_fdiv_q(fl.get_mpz_t(), exact.get_num_mpz_t(), exact.get_den_mpz_t());
  mpz_class ce = fl + 1;
  return w.value.get_num() == fl || w.value.get_num() == ce;
}

// An exact value for people: "24", "2.5", and "6.6666..." for 20/3 (four places, cut).
std::string show(const calc::Rational& v) {
  std::string exact = calc::to_text(v);
  if (exact.find('/') == std::string::npos) return exact;
  mpz_class scaled = v.get_num() * 10000;
  mpz_tdiv_q(scaled.get_mpz_t(), scaled.get_mpz_t(), v.get_den_mpz_t());
  bool negative = sgn(v) < 0;
  if (negative) scaled = -scaled;
  std::string digits = scaled.get_str();
  if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
  digits.insert(digits.size() - 4, ".");
  return (negative ? "-" : "") + digits + "...";
}

// "100 - 40 = 60%": a percent sign written as the unit of a result counted in percent.
bool as_percent_unit(const calc::Rational& v, const calc::Number& written) {
  if (!written.percent) return false;
  calc::Rational hundred = written.value * 100;
  return hundred == v;
}

json::Value extra3(std::string_view expr, const calc::Rational& computed,
                   std::string_view written) {
  auto x = json::Value::object();
  x.set("expr", json::Value::string(std::string(expr)));
  x.set("computed", json::Value::string(show(computed)));
  x.set("written", json::Value::string(std::string(written)));
  return x;
}

std::string annotation_text(const detail::Annotation& a) {
  return "<<" + std::string(a.expr) + "=" + std::string(a.written) + ">>";
}

// The index of the number whose digits start at `pos` ("$" or a sign may come just before), or -1.
int number_at(const std::vector<calc::Number>& nums, size_t pos) {
  auto it = std::upper_bound(nums.begin(), nums.end(), pos,
                             [](size_t p, const calc::Number& n) { return p < n.begin; });
  if (it == nums.begin()) return -1;
  --it;
  if (it->begin <= pos && pos < it->end && pos - it->begin <= 3)
    return static_cast<int>(it - nums.begin());
  return -1;
}

}  // namespace

void Verifier::Impl::arithmetic(int step, std::string_view text) {
  auto& sc = scans_[static_cast<size_t>(step)];
  auto& f = facts_[static_cast<size_t>(step)];
  detail::scan_step(text, sc);
  f.comp_begin = static_cast<uint32_t>(comps_.size());
  f.roles.assign(sc.numbers.size(), Role::kStated);
  for (size_t k = 0; k < sc.numbers.size(); ++k)
    if (sc.marker != std::string::npos && sc.numbers[k].begin >= sc.marker)
      f.roles[k] = Role::kMarker;
  ann_state_.assign(sc.annotations.size(), kAnnUnchecked);
  ann_parsed_.assign(sc.annotations.size(), -1);
  for (size_t k = 0; k < sc.annotations.size(); ++k) check_annotation(step, k);
  if (opt_.inline_equations)
    for (const auto& c : sc.chains) check_chain(step, c);
  for (const auto& n : sc.numbers) seen_last_.note(n.value, step);
  f.comp_end = static_cast<uint32_t>(comps_.size());
  for (size_t i = f.comp_begin + 1; i < comps_.size(); ++i)  // few per step: insertion sort
    for (size_t j = i; j > f.comp_begin && comps_[j].pos < comps_[j - 1].pos; --j)
      std::swap(comps_[j], comps_[j - 1]);
}

void Verifier::Impl::check_annotation(int step, size_t k) {
  auto& sc = scans_[static_cast<size_t>(step)];
  const auto& a = sc.annotations[k];
  if (a.written.empty()) {
    add(kUncheckedArithmetic, step,
        "the annotation <<" + std::string(a.expr) + ">> has no \"=result\" to check");
    return;
  }
  calc::Parsed& p = next_parsed();
  Status st = calc::evaluate_into(a.expr, p, opt_.limits);
  if (!st) {
    --parsed_used_;
    if (is_div_zero(st.error())) {
      add(kDivisionByZero, step, annotation_text(a) + " divides by zero",
          extra3(a.expr, 0, a.written));
    } else {
      add(kUncheckedArithmetic, step,
          "could not read the annotation " + annotation_text(a) + ": " + st.error().message);
    }
    return;
  }
  calc::Number& w = written_;
  std::string w_error;
  if (!detail::plain_integer(a.written, w)) {
    auto parsed = calc::parse_number(a.written);
    if (parsed)
      w = std::move(*parsed);
    else
      w_error = parsed.error().message;
  }
  auto& c = add_comp(step, a.visible_pos);
  c.parsed = static_cast<int32_t>(parsed_used_ - 1);
  ann_parsed_[k] = c.parsed;
  c.value = store(p.value);
  c.result = true;
  c.sig = signature(p);
  for (const auto& o : p.operands) operand_last_.note(o.number.value, step);
  seen_last_.note(p.value, step);
  if (!w_error.empty()) {
    add(kUncheckedArithmetic, step,
        "the result of " + annotation_text(a) + " is not a number: " + w_error);
    return;
  }
  c.written = static_cast<int32_t>(store(w.value));
  seen_last_.note(w.value, step);
  auto m = calc::classify_written(p.value, w, true);
  if (m != calc::WrittenMatch::kNo) {
    ann_state_[k] = kAnnConsistent;
  } else if (rounded_to_integer(p.value, w)) {
    ann_state_[k] = kAnnConsistent;
    add(kRoundedResult, step,
        std::string(a.expr) + " = " + show(p.value) + ", written rounded to " +
            std::string(a.written) + " in " + annotation_text(a),
        extra3(a.expr, p.value, a.written));
  } else {
    ann_state_[k] = kAnnWrong | kAnnReported;
    add(kArithMismatch, step,
        std::string(a.expr) + " = " + show(p.value) + ", not " + std::string(a.written) +
            " (annotation " + annotation_text(a) + ")",
        extra3(a.expr, p.value, a.written));
  }
  // The number shown right after the annotation must be the one it computed.
  int at = number_at(sc.numbers, a.visible_pos);
  if (at < 0) return;
  const calc::Number& shown = sc.numbers[static_cast<size_t>(at)];
  facts_[static_cast<size_t>(step)].roles[static_cast<size_t>(at)] = Role::kDerived;
  if (shown.value == w.value || as_percent_unit(w.value, shown) ||
      calc::classify_written(p.value, shown, true) != calc::WrittenMatch::kNo)
    return;
  if (ann_state_[k] & kAnnReported) return;
  ann_state_[k] |= kAnnReported;
  std::string shown_text = sc.visible.substr(shown.begin, shown.end - shown.begin);
  add(kAnnotationMismatch, step,
      "the text shows " + shown_text + " right after the annotation " + annotation_text(a) +
          ", which computes " + show(p.value),
      extra3(a.expr, p.value, shown_text));
}

void Verifier::Impl::check_chain(int step, const detail::Chain& chain) {
  auto& sc = scans_[static_cast<size_t>(step)];
  auto& roles = facts_[static_cast<size_t>(step)].roles;
  // Evaluate each segment: a plain number is its own value.
  auto& vals = seg_vals_;
  uint32_t n = chain.count;
  vals.assign(n, detail::SegVal{});
  bool any_op = false;
  for (uint32_t k = 0; k < n; ++k) {
    const auto& s = sc.segments[chain.first + k];
    auto& sv = vals[k];
    if (!s.has_op) {
      sv.ok = true;
      sv.value = store(sc.numbers[s.first].value);
      continue;
    }
    any_op = true;
    if (!s.balanced) continue;
    int32_t same = -1;  // "48/2 = <<48/2=24>>24": the annotation already computed it
    for (size_t a = 0; a < sc.annotations.size() && same < 0; ++a)
      if (ann_parsed_[a] >= 0 && same_expression(sc.annotations[a].expr, sc.eval(s)))
        same = ann_parsed_[a];
    if (same >= 0) {
      sv.ok = true;
      sv.annotated = true;
      sv.parsed = same;
      sv.value = store(parsed_[static_cast<size_t>(same)].value);
      continue;
    }
    calc::Parsed& p = next_parsed();
    Status st = calc::evaluate_into(sc.eval(s), p, opt_.limits);
    if (!st) {
      --parsed_used_;
      bool annotated = false;  // the annotation of the same expression reported it already
      for (const auto& a : sc.annotations) annotated |= same_expression(a.expr, sc.eval(s));
      if (is_div_zero(st.error()) && !annotated)
        add(kDivisionByZero, step, std::string(sc.span(s.begin, s.end)) + " divides by zero",
            extra3(sc.span(s.begin, s.end), 0, ""));
      continue;
    }
    sv.ok = true;
    sv.parsed = static_cast<int32_t>(parsed_used_ - 1);
    sv.value = store(p.value);
  }
  // A chain of plain numbers derives something only when it is a unit conversion by a constant
  // ("2 hours = 120 minutes"); otherwise its numbers are claims like any other prose.
  bool conversion = false;
  if (!any_op) {
    for (uint32_t k = 0; k + 1 < n && !conversion; ++k) {
      const auto& a = vals_[vals[k].value];
      const auto& b = vals_[vals[k + 1].value];
      if (a == 0 || b == 0) continue;
      tmp_ = a > b ? calc::Rational(a / b) : calc::Rational(b / a);
      for (const auto& c : detail::builtin_constants())
        if (c.value > 1 && tmp_ == c.value) conversion = true;
    }
    if (!conversion) return;
  }
  // Check each '=' of the chain.
  for (uint32_t k = 0; k + 1 < n; ++k) {
    const auto& L = sc.segments[chain.first + k];
    const auto& R = sc.segments[chain.first + k + 1];
    if (!vals[k].ok || !vals[k + 1].ok || !any_op) continue;
    if ((k == 0 && L.incomplete_left) || R.incomplete_right) continue;
    const calc::Rational& lv = vals_[vals[k].value];
    const calc::Rational& rv = vals_[vals[k + 1].value];
    const calc::Number* lnum = L.has_op ? nullptr : &sc.numbers[L.first];
    const calc::Number* rnum = R.has_op ? nullptr : &sc.numbers[R.first];
    bool equal = lv == rv || (rnum && as_percent_unit(lv, *rnum));
    if (!equal && rnum) equal = calc::classify_written(lv, *rnum, true) != calc::WrittenMatch::kNo;
    if (!equal && lnum) equal = calc::classify_written(rv, *lnum, true) != calc::WrittenMatch::kNo;
    if (equal) continue;
    if (k == 0 && !L.has_op) continue;  // "20% of 50 = 10": a label before '='
    if (!L.has_op && !R.has_op && (L.unit || R.unit)) continue;  // a unit conversion
    if (R.has_op && vals[k + 1].parsed >= 0) {                   // "10 - 2 = 8 - 3 = 5": running
      const auto& ops = parsed_[static_cast<size_t>(vals[k + 1].parsed)].operands;
      if (!ops.empty() && ops[0].number.value == lv) continue;
    }
    if (L.has_op && detail::tight_fractions(sc.eval(L), alt_)) {  // "12 / 2/3 = 18"
      calc::Parsed& p = next_parsed();
      bool same = calc::evaluate_into(alt_, p, opt_.limits).ok() &&
                  (p.value == rv || (rnum && calc::classify_written(p.value, *rnum, true) !=
                                                 calc::WrittenMatch::kNo));
      --parsed_used_;
      if (same) continue;
    }
    std::string lt(sc.span(L.begin, L.end)), rt(sc.span(R.begin, R.end));
    // A result shown right after an annotation of the same expression was checked with the
    // annotation ("20 / 3 = <<20/3=6>>6"); one of another expression disagrees with it.
    int ann = -1;
    for (size_t a = 0; a < sc.annotations.size(); ++a) {
      size_t at = sc.annotations[a].visible_pos;
      if (rnum && rnum->begin <= at && at < rnum->end && at - rnum->begin <= 3)
        ann = static_cast<int>(a);
    }
    if (ann >= 0 && same_expression(sc.annotations[static_cast<size_t>(ann)].expr, sc.eval(L)))
      continue;
    if (rnum && rounded_to_integer(lv, *rnum)) {
      add(kRoundedResult, step, lt + " = " + show(lv) + ", written rounded to " + rt,
          extra3(lt, lv, rt));
      continue;
    }
    if (ann >= 0) {
      auto& state = ann_state_[static_cast<size_t>(ann)];
      if (state & kAnnReported) continue;
      state |= kAnnReported;
      add(kAnnotationMismatch, step,
          "the text says " + lt + " = " + rt + ", but " + lt + " = " + show(lv) +
              "; its annotation " + annotation_text(sc.annotations[static_cast<size_t>(ann)]) +
              " computes something else",
          extra3(lt, lv, rt));
      continue;
    }
    add(kArithMismatch, step, lt + " = " + show(lv) + ", not " + rt, extra3(lt, lv, rt));
  }
  // Record the computations and results, in text order.
  for (uint32_t k = 0; k < n; ++k) {
    const auto& s = sc.segments[chain.first + k];
    for (uint32_t i = 0; i < s.count; ++i) roles[s.first + i] = Role::kDerived;
    if (!vals[k].ok) continue;
    auto& c = add_comp(step, s.begin);
    c.parsed = vals[k].parsed;
    c.value = vals[k].value;
    c.result = k + 1 == n;
    if (k > 0) c.prev = vals[k - 1].parsed;
    if (c.result && c.parsed < 0 && k > 0 && vals[k - 1].ok) {
      c.written = static_cast<int32_t>(c.value);  // "= 16.830000000000002": as written, and
      c.value = vals[k - 1].value;                // the exact value it stands for
    }
    if (c.parsed < 0) continue;  // a written number: noted with the step's numbers
    const auto& p = parsed_[static_cast<size_t>(c.parsed)];
    c.sig = signature(p);
    if (vals[k].annotated) continue;  // noted with its annotation
    for (const auto& o : p.operands) operand_last_.note(o.number.value, step);
    seen_last_.note(vals_[c.value], step);
  }
}

}  // namespace stepwise::verify

// What people and scripts read: explain() blocks and the run's Figures.
#include <cstdio>
#include <set>
#include <string>

#include "base/progress.h"
#include "verify/verify.h"

namespace stepwise::verify {

namespace {

// Appends `text` indented by `indent`, continuation lines included.
void append_indented(std::string& out, std::string_view text, std::string_view indent) {
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    if (i > 0) out += indent;
    out.append(text.substr(i, nl - i));
    out += '\n';
    i = nl + 1;
  }
}

void append_finding(std::string& out, const trace::Finding& f) {
  out += f.severity == "error" ? "    ^ error   " : "    ^ warning ";
  out += f.code;
  out += ": ";
  out += f.message;
  out += '\n';
}

std::string percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

json::Value counts(const std::map<std::string, uint64_t>& m) {
  auto o = json::Value::object();
  for (const auto& [k, v] : m) o.set(k, json::Value::number(static_cast<int64_t>(v)));
  return o;
}

}  // namespace

std::string explain(const trace::Trace& t, const trace::Verdict& v, std::string_view where) {
  std::string out = "== ";
  if (!where.empty()) out += std::string(where) + "  ";
  out += t.id + "  ok=" + (v.ok ? "true" : "false") +
         " answer_ok=" + (v.answer_ok ? "true" : "false") +
         " first_error=" + (v.first_error ? std::to_string(*v.first_error) : "none") + "\n";
  out += "question: ";
  append_indented(out, t.question, "          ");
  for (size_t i = 0; i < t.steps.size(); ++i) {
    std::string label = "[" + std::to_string(i) + "] ";
    out += label;
    append_indented(out, t.steps[i].text, std::string(label.size(), ' '));
    for (const auto& f : v.findings)
      if (f.step && static_cast<size_t>(*f.step) == i) append_finding(out, f);
  }
  const json::Value* found = v.extra.find("answer");
  const json::Value* rule = v.extra.find("answer_rule");
  std::string answer = t.answer ? *t.answer
                       : found && found->is_string()
                           ? found->str() + " (rule \"" + (rule ? rule->str() : "") + "\")"
                           : std::string("(none found)");
  out += "answer: " + answer + "   gold: " + (t.gold ? *t.gold : std::string("(none)")) + "\n";
  for (const auto& f : v.findings)
    if (!f.step || static_cast<size_t>(*f.step) >= t.steps.size()) append_finding(out, f);
  return out;
}

void Figures::add(const trace::Verdict& v, bool has_gold) {
  ++traces;
  ok += v.ok;
  answer_ok += v.answer_ok;
  with_gold += has_gold;
  bool errors = false, warnings = false;
  std::set<std::string_view> codes;
  for (const auto& f : v.findings) {
    ++findings[f.code];
    codes.insert(f.code);
    (f.severity == "error" ? errors : warnings) = true;
  }
  for (auto c : codes) ++traces_with[std::string(c)];
  with_errors += errors;
  with_warnings += warnings;
  if (v.first_error) {
    ++first_error[*v.first_error];
  } else if (!v.ok) {
    ++first_error_trace_level;
  }
}

void Figures::merge(const Figures& o) {
  read += o.read;
  traces += o.traces;
  ok += o.ok;
  answer_ok += o.answer_ok;
  with_gold += o.with_gold;
  with_errors += o.with_errors;
  with_warnings += o.with_warnings;
  bad_lines += o.bad_lines;
  for (const auto& [k, n] : o.findings) findings[k] += n;
  for (const auto& [k, n] : o.traces_with) traces_with[k] += n;
  for (const auto& [k, n] : o.first_error) first_error[k] += n;
  first_error_trace_level += o.first_error_trace_level;
}

json::Value Figures::to_json() const {
  auto o = json::Value::object();
  auto num = [](uint64_t v) { return json::Value::number(static_cast<int64_t>(v)); };
  o.set("traces", num(traces));
  o.set("ok", num(ok));
  o.set("answer_ok", num(answer_ok));
  o.set("with_gold", num(with_gold));
  o.set("with_errors", num(with_errors));
  o.set("with_warnings", num(with_warnings));
  o.set("findings", counts(findings));
  o.set("traces_with", counts(traces_with));
  auto fe = json::Value::object();
  for (const auto& [k, n] : first_error) fe.set(std::to_string(k), num(n));
  o.set("first_error", std::move(fe));
  o.set("first_error_trace_level", num(first_error_trace_level));
  o.set("bad_lines", num(bad_lines));
  o.set("read", num(read));
  o.set("bytes", num(bytes));
  o.set("seconds", json::Value::number(seconds));
  o.set("worker_cpu_seconds", json::Value::number(worker_cpu_seconds));
  o.set("mb_per_s",
        json::Value::number(seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0));
  o.set("threads", num(threads));
  return o;
}

std::string Figures::to_text() const {
  std::string s;
  char buf[160];
  std::snprintf(buf, sizeof buf, "verify: %llu traces in %s (%.1f MB/s, %llu thread%s)\n",
                static_cast<unsigned long long>(traces), human_duration(seconds).c_str(),
                seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0,
                static_cast<unsigned long long>(threads), threads == 1 ? "" : "s");
  s += buf;
  s += "  ok          " + pad(std::to_string(ok), 10) + percent(ok, traces) + "\n";
  s += "  answer_ok   " + pad(std::to_string(answer_ok), 10) + percent(answer_ok, with_gold) +
       " of " + std::to_string(with_gold) + " with gold\n";
  s += "  errors      " + pad(std::to_string(with_errors), 10) + "traces with an error\n";
  s += "  warnings    " + pad(std::to_string(with_warnings), 10) + "traces with a warning\n";
  if (!findings.empty()) {
    s += "  findings (count, traces):\n";
    for (const auto& [code, n] : findings)
      s += "    " + pad(code, 22) + pad(std::to_string(n), 10) +
           std::to_string(traces_with.count(code) ? traces_with.at(code) : 0) + "\n";
  }
  if (!first_error.empty() || first_error_trace_level > 0) {
    s += "  first error at step:";
    for (const auto& [k, n] : first_error) s += " " + std::to_string(k) + ":" + std::to_string(n);
    if (first_error_trace_level > 0)
      s += "  whole trace:" + std::to_string(first_error_trace_level);
    s += "\n";
  }
  s += "  bad lines   " + std::to_string(bad_lines) + "\n";
  return s;
}

}  // namespace stepwise::verify

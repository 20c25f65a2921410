// Scoring one completion: split it, compare its answers with the gold, verify its steps.
#include "eval/score.h"

#include "base/check.h"
#include "calc/calc.h"
#include "trace/answer.h"

namespace stepwise::eval {
namespace {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// Marks each step with its first error-level finding; keeps the others for the trace.
void mark_steps(const trace::Verdict& v, Scored& s) {
  for (const auto& f : v.findings) {
    if (f.severity != "error") continue;
    if (f.code != verify::kAnswerMismatch) s.process_ok = false;
    if (!f.step || *f.step < 0 || static_cast<size_t>(*f.step) >= s.steps.size()) {
      s.trace_findings.push_back(f);
      continue;
    }
    StepMark& m = s.steps[static_cast<size_t>(*f.step)];
    if (!m.ok) continue;
    m.ok = false;
    m.code = f.code;
    m.message = f.message;
  }
}

}  // namespace

Completion parse_completion(std::string_view text) {
  Completion c;
  std::string_view body = text;
  size_t at = text.rfind("####");
  if (at != std::string_view::npos) {
    c.has_marker = true;
    std::string_view rest = text.substr(at + 4);
    c.strict = std::string(trim(rest.substr(0, rest.find('\n'))));
    body = text.substr(0, at);
  }
  while (!body.empty()) {
    size_t nl = body.find('\n');
    std::string_view line = trim(body.substr(0, nl));
    if (!line.empty()) c.steps.emplace_back(line);
    if (nl == std::string_view::npos) break;
    body.remove_prefix(nl + 1);
  }
  return c;
}

std::string flexible_answer(std::string_view text) {
  trace::FoundAnswer a = trace::extract_answer(text);
  if (a.outcome == trace::Outcome::kFound) return a.value;
  if (a.outcome == trace::Outcome::kAmbiguous && !a.candidates.empty()) return a.candidates.back();
  return "";
}

bool answer_matches(std::string_view answer, std::string_view gold, std::string_view question) {
  if (answer.empty()) return false;
  if (answer == gold) return true;
  return calc::answers_equal(answer, gold, verify::answer_policy(question)).equal;
}

verify::VerifyOptions eval_verify_options() { return verify::VerifyOptions{}; }

Scored score_sample(const trace::Trace& problem, std::string_view completion, bool answer_only,
                    verify::Verifier& verifier) {
  SW_CHECK(problem.gold.has_value());
  const std::string& gold = *problem.gold;
  Completion c = parse_completion(completion);
  Scored s;
  s.completion = std::string(completion);
  s.strict = c.strict;
  s.flexible = flexible_answer(completion);
  s.correct = answer_matches(s.strict, gold, problem.question);
  s.correct_flexible = answer_matches(s.flexible, gold, problem.question);
  if (answer_only) return s;
  trace::Trace t;
  t.id = problem.id;
  t.task = problem.task;
  t.question = problem.question;
  for (auto& text : c.steps) {
    t.steps.push_back(trace::Step{text, json::Value::object()});
    s.steps.push_back(StepMark{std::move(text), true, "", ""});
  }
  if (!s.strict.empty()) t.answer = s.strict;
  t.gold = gold;
  trace::Verdict v = verifier.verify(t);
  s.judged = true;
  s.process_ok = true;
  mark_steps(v, s);
  s.first_error = v.first_error.value_or(-1);
  s.trace_valid = v.ok && !s.strict.empty();
  return s;
}

}  // namespace stepwise::eval

// The hand-written corpus (testdata/cases.jsonl): each line is a trace record plus
//   "name":   a unique case name (letters, digits, '_')
//   "expect": the findings it must produce, exactly, as "code@step" or "code" (whole trace)
// The verdict must hold exactly those findings (no more, no fewer); ok and first_error must
// follow from their severities.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "trace/record.h"
#include "verify/verify.h"

namespace stepwise::verify {
namespace {

struct Case {
  std::string name;
  int line = 0;
  trace::Trace trace;
  std::multiset<std::string> expect;
};

std::string key(const trace::Finding& f) {
  return f.step ? f.code + "@" + std::to_string(*f.step) : f.code;
}

Severity severity(std::string_view code) {
  for (const auto& c : all_codes())
    if (code == c.code) return c.severity;
  ADD_FAILURE() << "unknown code " << code;
  return Severity::kError;
}

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::ifstream in(std::string(STEPWISE_SOURCE_DIR) + "/src/verify/testdata/cases.jsonl");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    auto v = json::parse(line);
    if (!v) {
      ADD_FAILURE() << "cases.jsonl:" << n << ": " << v.error().message;
      continue;
    }
    Case c;
    c.line = n;
    c.name = v->find("name") ? v->find("name")->str() : "line" + std::to_string(n);
    if (const auto* e = v->find("expect"))
      for (const auto& x : e->items()) c.expect.insert(x.str());
    v->erase("name");
    v->erase("expect");
    auto t = trace::from_json(std::move(*v));
    if (!t) {
      ADD_FAILURE() << "cases.jsonl:" << n << ": " << t.error().message;
      continue;
    }
    c.trace = std::move(*t);
    cases.push_back(std::move(c));
  }
  return cases;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = load_cases();
  return all;
}

class CorpusTest : public ::testing::TestWithParam<size_t> {};

TEST_P(CorpusTest, GivesExactlyTheExpectedFindings) {
  const Case& c = cases()[GetParam()];
  trace::Verdict v = verify_trace(c.trace);
  std::multiset<std::string> got;
  std::set<std::string> got_unique;
  for (const auto& f : v.findings)
    if (got_unique.insert(key(f)).second) got.insert(key(f));
  std::string detail;
  for (const auto& f : v.findings)
    detail += "\n    " + key(f) + " [" + f.severity + "] " + f.message;
  EXPECT_EQ(got, c.expect) << "cases.jsonl:" << c.line << " (" << c.name << ")" << detail;
  // ok and first_error follow from the expected findings' severities.
  bool errors = false;
  std::optional<int> first;
  for (const auto& e : c.expect) {
    auto at = e.find('@');
    if (severity(e.substr(0, at)) != Severity::kError) continue;
    errors = true;
    if (at != std::string::npos) {
      int s = std::stoi(e.substr(at + 1));
      if (!first || s < *first) first = s;
    }
  }
  EXPECT_EQ(v.ok, !errors) << c.name;
  EXPECT_EQ(v.first_error, first) << c.name;
  // Same verdict again: verification is deterministic.
  trace::Verdict again = verify_trace(c.trace);
  ASSERT_EQ(again.findings.size(), v.findings.size());
  for (size_t i = 0; i < v.findings.size(); ++i)
    EXPECT_EQ(again.findings[i].message, v.findings[i].message);
}

std::string case_name(const ::testing::TestParamInfo<size_t>& info) {
  return cases()[info.param].name;
}

std::vector<size_t> indices() {
  std::vector<size_t> out(cases().size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = i;
  return out;
}

INSTANTIATE_TEST_SUITE_P(Cases, CorpusTest, ::testing::ValuesIn(indices()), case_name);

TEST(Corpus, HasAtLeast200UniquelyNamedCasesCoveringEveryCode) {
  EXPECT_GE(cases().size(), 200u);
  std::set<std::string> names, codes;
  for (const auto& c : cases()) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate case name " << c.name;
    for (const auto& e : c.expect) codes.insert(e.substr(0, e.find('@')));
  }
  for (const auto& c : all_codes()) EXPECT_TRUE(codes.count(c.code)) << "no case for " << c.code;
  size_t clean = 0;
  for (const auto& c : cases()) clean += c.expect.empty();
  EXPECT_GE(clean, 40u) << "correct traces guard against false alarms";
}

}  // namespace
}  // namespace stepwise::verify

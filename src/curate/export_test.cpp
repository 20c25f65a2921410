#include "curate/export.h"

#include <gtest/gtest.h>

namespace stepwise::curate {
namespace {

const char* kTeacherSystem = "You are a careful math teacher. Think step by step.";

// A teacher candidate that carries its generation prompt in several places.
trace::Trace teacher_trace() {
  trace::Trace t;
  t.id = "p1.0";
  t.question = "Ann has 3 pens and buys 2 more. How many pens?";
  t.steps = {{"She has 3+2=<<3+2=5>>5 pens.", json::Value::object()}};
  t.answer = "5";
  t.gold = "5";
  trace::Source src;
  src.kind = "teacher";
  src.prompt_hash = "abc";
  src.extra.set("system", json::Value::string(kTeacherSystem));
  t.source = src;
  t.extra.set("raw", json::Value::string(std::string(kTeacherSystem) + "\nShe has 5.\n#### 5"));
  t.meta = json::Value::object();
  t.meta.set("prompt", json::Value::string(kTeacherSystem));
  return t;
}

TEST(CompletionText, StepsThenTheAnswerOnce) {
  trace::Trace t = teacher_trace();
  EXPECT_EQ(completion_text(t, {}), "She has 3+2=<<3+2=5>>5 pens.\n#### 5");
  t.steps.push_back({"#### 5", json::Value::object()});
  EXPECT_EQ(completion_text(t, {}), "She has 3+2=<<3+2=5>>5 pens.\n#### 5");
  ExportOptions o;
  o.strip_annotations = true;
  t.steps.pop_back();
  EXPECT_EQ(completion_text(t, o), "She has 3+2=5 pens.\n#### 5");
}

TEST(StripAnnotations, RemovesEachAnnotation) {
  EXPECT_EQ(strip_annotations("a <<1+1=2>>2 b <<2*2=4>>4"), "a 2 b 4");
  EXPECT_EQ(strip_annotations("no end <<1+1"), "no end <<1+1");
}

TEST(ExportJson, MessagesWithTheTrainingSystemPromptOnly) {
  ExportOptions o;
  o.format = Format::kMessages;
  json::Value v = export_json(teacher_trace(), o);
  EXPECT_EQ(json::to_string(v),
            R"({"messages":[{"role":"user","content":"Ann has 3 pens and buys 2 more. How many )"
            R"(pens?"},{"role":"assistant","content":"She has 3+2=<<3+2=5>>5 pens.\n#### 5"}]})");
  o.system = "Solve the problem.";
  v = export_json(teacher_trace(), o);
  const auto& msgs = v.find("messages")->items();
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[0].find("role")->str(), "system");
  EXPECT_EQ(msgs[0].find("content")->str(), "Solve the problem.");
}

TEST(ExportJson, PromptErasureNoTeacherTextLeaks) {
  for (Format f : {Format::kMessages, Format::kPrompt}) {
    ExportOptions o;
    o.format = f;
    o.system = "Train prompt.";
    std::string out = json::to_string(export_json(teacher_trace(), o));
    EXPECT_EQ(out.find("careful math teacher"), std::string::npos) << out;
    EXPECT_EQ(out.find("abc"), std::string::npos) << out;
  }
  std::string text;
  append_text(text, teacher_trace(), {});
  EXPECT_EQ(text.find("careful math teacher"), std::string::npos);
}

TEST(ExportJson, PromptCompletionAndText) {
  ExportOptions o;
  o.format = Format::kPrompt;
  EXPECT_EQ(json::to_string(export_json(teacher_trace(), o)),
            R"({"prompt":"Ann has 3 pens and buys 2 more. How many pens?",)"
            R"("completion":"She has 3+2=<<3+2=5>>5 pens.\n#### 5"})");
  std::string text;
  append_text(text, teacher_trace(), {});
  EXPECT_EQ(text,
            "Ann has 3 pens and buys 2 more. How many pens?\nShe has 3+2=<<3+2=5>>5 "
            "pens.\n#### 5\n\n");
}

TEST(FormatNames, RoundTrip) {
  for (Format f : {Format::kTrace, Format::kMessages, Format::kPrompt, Format::kText})
    EXPECT_EQ(parse_format(format_name(f)), f);
  EXPECT_FALSE(parse_format("csv"));
}

}  // namespace
}  // namespace stepwise::curate

#include "teach/prompt.h"

#include <gtest/gtest.h>

#include <fstream>

#include "teach/test_util.h"

namespace stepwise::teach {
namespace {

TEST(Templates, BuiltInDefaultsAreTheFilesInTemplates) {
  const Templates& t = builtin_templates();
  EXPECT_EQ(t.system, testing::slurp(std::string(STEPWISE_SOURCE_DIR) + "/templates/system.txt"));
  EXPECT_EQ(t.user, testing::slurp(std::string(STEPWISE_SOURCE_DIR) + "/templates/user.txt"));
  EXPECT_NE(t.system.find("<<expression=value>>"), std::string::npos);
  EXPECT_NE(t.system.find("#### N"), std::string::npos);
  auto loaded = load_templates("");
  ASSERT_TRUE(loaded) << loaded.error().message;
}

TEST(CheckTemplate, NamesTheFileLineAndColumnOfAnUnknownPlaceholder) {
  Status s = check_template("Question: {question}\nHint: {gols}", {"question", "gold"}, "u.txt");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "u.txt:2:7: unknown placeholder {gols}; known: {question} {gold}");
  EXPECT_FALSE(check_template("a } b", {}, "x"));
  EXPECT_FALSE(check_template("a { b", {}, "x"));
  EXPECT_TRUE(check_template("{{literal}} {q}", {"q"}, "x"));
}

TEST(Render, SubstitutesAndUnescapesBraces) {
  EXPECT_EQ(render("{{x}} = {x}, {y}", {{"x", "1"}}), "{x} = 1, ");
}

TEST(LoadTemplates, AFileInTheDirectoryReplacesItsDefault) {
  testing::TempDir dir;
  std::ofstream(dir.file("user.txt")) << "Q: {question}";
  auto t = load_templates(dir.path());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->user, "Q: {question}");
  EXPECT_EQ(t->system, builtin_templates().system);
  std::ofstream(dir.file("hint.txt")) << "gold is {answer}";
  auto bad = load_templates(dir.path());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            dir.file("hint.txt") + ":1:9: unknown placeholder {answer}; known: {gold}");
  EXPECT_FALSE(load_templates(dir.file("nope")));
}

PromptInput input(bool hint) {
  PromptInput in;
  in.question = "Ann has 3 pens and buys 4. How many?";
  in.examples = {{"Bo has 1 cat and gets 2. How many?", {"1+2=<<1+2=3>>3 cats."}, "3"}};
  if (hint) in.hint_gold = "7";
  return in;
}

TEST(BuildPrompt, ChatHasSystemThenExamplePairsThenTheQuestion) {
  Prompt p = build_prompt(builtin_templates(), Api::kChat, input(false));
  ASSERT_EQ(p.messages.size(), 4u);
  EXPECT_EQ(p.messages[0].role, "system");
  EXPECT_EQ(p.messages[1].content, "Question: Bo has 1 cat and gets 2. How many?");
  EXPECT_EQ(p.messages[2].role, "assistant");
  EXPECT_EQ(p.messages[2].content, "1. 1+2=<<1+2=3>>3 cats.\n#### 3");
  EXPECT_EQ(p.messages[3].content, "Question: Ann has 3 pens and buys 4. How many?");
}

TEST(BuildPrompt, RationalizeAddsTheHintToTheQuestionOnly) {
  Prompt p = build_prompt(builtin_templates(), Api::kChat, input(true));
  EXPECT_EQ(p.messages[3].content,
            "Question: Ann has 3 pens and buys 4. How many?\nThe correct final answer is 7. Show "
            "the steps that lead to it.");
  EXPECT_EQ(p.messages[1].content.find("correct final answer"), std::string::npos);
}

TEST(BuildPrompt, CompletionsIsOneTextEndingInAnswer) {
  Prompt p = build_prompt(builtin_templates(), Api::kCompletions, input(false));
  EXPECT_TRUE(p.messages.empty());
  const std::string tail = "Question: Ann has 3 pens and buys 4. How many?\nAnswer:\n";
  ASSERT_GE(p.text.size(), tail.size());
  EXPECT_EQ(p.text.substr(p.text.size() - tail.size()), tail);
  EXPECT_NE(p.text.find("Question: Bo has 1 cat and gets 2. How many?\nAnswer:\n1. 1+2="),
            std::string::npos);
  EXPECT_EQ(p.text.find(builtin_templates().system.substr(0, 40)), 0u);
}

TEST(NumberSteps, NumbersFromOne) {
  EXPECT_EQ(number_steps({"a", "b"}), "1. a\n2. b");
  EXPECT_EQ(number_steps({}), "");
}

}  // namespace
}  // namespace stepwise::teach

#include "trace/answer.h"

#include <gtest/gtest.h>

namespace stepwise::trace {
namespace {

struct Case {
  const char* text;
  const char* outcome;  // "found" | "none" | "ambiguous"
  const char* rule;
  const char* value;  // for found; for ambiguous, the candidates joined by " | "
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.text; }

class Extract : public ::testing::TestWithParam<Case> {};

TEST_P(Extract, FindsTheFinalAnswer) {
  const Case& c = GetParam();
  FoundAnswer a = extract_answer(c.text);
  EXPECT_STREQ(outcome_name(a.outcome), c.outcome);
  EXPECT_EQ(a.rule, c.rule);
  if (a.outcome == Outcome::kAmbiguous) {
    std::string joined;
    for (const auto& x : a.candidates) joined += (joined.empty() ? "" : " | ") + x;
    EXPECT_EQ(joined, c.value);
    EXPECT_EQ(a.value, "");
  } else {
    EXPECT_EQ(a.value, c.value);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, Extract,
    ::testing::Values(
        // ####
        Case{"Natalia sold 48/2 = <<48/2=24>>24 clips.\n#### 72", "found", "####", "72"},
        Case{"#### 1,080", "found", "####", "1080"}, Case{"#### $18.50", "found", "####", "18.50"},
        Case{"#### -3", "found", "####", "-3"}, Case{"####72", "found", "####", "72"},
        Case{"x\n#### 5\nmore\n#### 5.0", "found", "####", "5"},
        Case{"#### 5\n#### 6", "ambiguous", "####", "5 | 6"},
        Case{"#### \n so the answer is 4.", "found", "the answer is", "4"},
        Case{"##### 12", "found", "####", "12"},
        // the answer is
        Case{"So the answer is 18.", "found", "the answer is", "18"},
        Case{"The answer is: 42", "found", "the answer is", "42"},
        Case{"The final answer is $\\boxed{7}$.", "found", "the answer is", "7"},
        Case{"The answer is **73**.", "found", "the answer is", "73"},
        Case{"Thus the answer is therefore 12 apples.", "found", "the answer is", "12"},
        Case{"The answer is $1,250.", "found", "the answer is", "1250"},
        Case{"The answer is 3.5, since half of 7 is 3.5.", "found", "the answer is", "3.5"},
        Case{"The answer is (2, 3).", "found", "the answer is", "(2, 3)"},
        Case{"The answer is Monday.", "found", "the answer is", "Monday"},
        Case{"The answer is not obvious. Adding gives 9 apples.", "found", "last number", "9"},
        Case{"The answer is 4. Checking again, the answer is 5.", "ambiguous", "the answer is",
             "4 | 5"},
        Case{"The answer is 25%.", "found", "the answer is", "25"},
        Case{"THE ANSWER IS 8", "found", "the answer is", "8"},
        Case{"The answer isn't 5; it is 6.", "found", "last number", "6"},
        // \boxed{}
        Case{"So $x = \\boxed{5}$.", "found", "\\boxed{}", "5"},
        Case{"$\\boxed{\\frac{1}{2}}$", "found", "\\boxed{}", "\\frac{1}{2}"},
        Case{"\\boxed{\\dfrac{3}{4}}", "found", "\\boxed{}", "\\frac{3}{4}"},
        Case{"\\boxed{\\text{13}}", "found", "\\boxed{}", "13"},
        Case{"\\boxed{13\\text{ cm}}", "found", "\\boxed{}", "13"},
        Case{"\\boxed{\\boxed{9}}", "found", "\\boxed{}", "9"},
        Case{"\\boxed{1}\\boxed{2}", "ambiguous", "\\boxed{}", "1 | 2"},
        Case{"\\boxed{x^{2}+1}", "found", "\\boxed{}", "x^{2}+1"},
        Case{"\\boxed{(1,2)} and later \\boxed{(3,4)}", "ambiguous", "\\boxed{}", "(1,2) | (3,4)"},
        Case{"\\boxed{4} ... \\boxed{4.0}", "found", "\\boxed{}", "4"},
        Case{"\\boxed{\\text{Monday}}", "found", "\\boxed{}", "Monday"},
        Case{"\\boxed{90^\\circ}", "found", "\\boxed{}", "90"},
        Case{"\\boxed{x = 3}", "found", "\\boxed{}", "3"},
        Case{"\\boxed{-\\$5}", "found", "\\boxed{}", "-5"},
        Case{"\\fbox{12}", "found", "\\boxed{}", "12"},
        Case{"\\boxed 7", "found", "\\boxed{}", "7"},
        Case{"\\boxed{unclosed 5", "found", "last number", "5"},
        // Answer:
        Case{"Work...\nAnswer: 42", "found", "answer:", "42"},
        Case{"**Final Answer:** 17", "found", "answer:", "17"},
        Case{"**Answer**: $5.00", "found", "answer:", "5.00"},
        Case{"Answer:\n36 apples", "found", "answer:", "36"},
        Case{"Answer: 3\nFinal answer: 4", "ambiguous", "answer:", "3 | 4"},
        Case{"answer: \\text{B}", "found", "answer:", "B"},
        // last number
        Case{"She has 3 apples and buys 4 more, so 7 apples.", "found", "last number", "7"},
        Case{"The total is 1,234,567 dollars", "found", "last number", "1234567"},
        Case{"It drops to -12 degrees", "found", "last number", "-12"},
        Case{"from 3-5 people", "found", "last number", "5"},
        Case{"a ratio of 3/4", "found", "last number", "3/4"},
        Case{"costs 12.50.", "found", "last number", "12.50"},
        Case{"no numbers here", "none", "", ""}, Case{"", "none", "", ""}));

TEST(Normalize, CleansAnswersAsWritten) {
  EXPECT_EQ(normalize_answer("**$1,080.**"), "1080");
  EXPECT_EQ(normalize_answer("  `42`  "), "42");
  EXPECT_EQ(normalize_answer("\\(\\frac{1}{2}\\)"), "\\frac{1}{2}");
  EXPECT_EQ(normalize_answer("\xE2\x88\x92"
                             "7"),
            "-7");
  EXPECT_EQ(normalize_answer("18 dollars"), "18");
  EXPECT_EQ(normalize_answer("3 hours and 20 minutes"), "3 hours and 20 minutes");
  EXPECT_EQ(normalize_answer("2 pi"), "2 pi");
  EXPECT_EQ(normalize_answer("+5"), "5");
  EXPECT_EQ(normalize_answer("1{,}000"), "1000");
  EXPECT_EQ(normalize_answer("x \\le 5"), "x \\le 5");
  EXPECT_EQ(normalize_answer("(2, 3)"), "(2, 3)");
  EXPECT_EQ(normalize_answer("12,34"), "12,34");  // not a thousands grouping
  EXPECT_EQ(normalize_answer("\xE2\x82\xAC"
                             "20"),
            "20");
}

TEST(AnswerKey, CanonicalNumbers) {
  EXPECT_EQ(answer_key("5.50"), "5.5");
  EXPECT_EQ(answer_key("5.0"), "5");
  EXPECT_EQ(answer_key("+3"), "3");
  EXPECT_EQ(answer_key(".5"), "0.5");
  EXPECT_EQ(answer_key("007"), "7");
  EXPECT_EQ(answer_key("-0.0"), "0");
  EXPECT_EQ(answer_key("1,000"), "1000");
  EXPECT_EQ(answer_key("(2, 3)"), "(2,3)");
  EXPECT_EQ(answer_key("3/4"), "3/4");
}

TEST(Extraction, AmbiguousKeepsTheCandidates) {
  Extraction e = to_extraction(extract_answer("#### 1\n#### 2"));
  EXPECT_EQ(e.outcome, Outcome::kAmbiguous);
  EXPECT_EQ(json::to_string(e.extra), R"({"candidates":["1","2"]})");
  EXPECT_TRUE(to_extraction(extract_answer("#### 1")).extra.members().empty());
}

TEST(Extraction, PathologicalInputStaysFast) {
  std::string nested;
  for (int i = 0; i < 20000; ++i) nested += "\\boxed{";
  nested += "1";
  for (int i = 0; i < 20000; ++i) nested += "}";
  FoundAnswer a = extract_answer(nested);
  EXPECT_EQ(a.outcome, Outcome::kFound);
  EXPECT_EQ(a.value, "1");
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "the answer is ";
  EXPECT_EQ(extract_answer(many).outcome, Outcome::kNone);
}

}  // namespace
}  // namespace stepwise::trace

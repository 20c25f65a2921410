#include "teach/openai.h"

#include <gtest/gtest.h>

namespace stepwise::teach {
namespace {

Prompt chat_prompt() {
  Prompt p;
  p.messages = {{"system", "Be exact."}, {"user", "Question: 2+2?"}};
  return p;
}

TEST(BuildRequest, ChatBodyHasFieldsInFixedOrder) {
  SamplingParams sp;
  sp.temperature = 0.5;
  sp.seed = 7;
  sp.max_tokens = 100;
  sp.stop = {"\n\n"};
  EXPECT_EQ(build_request(Api::kChat, "m", chat_prompt(), sp, 4),
            "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be exact.\"},"
            "{\"role\":\"user\",\"content\":\"Question: 2+2?\"}],\"temperature\":0.5,"
            "\"max_tokens\":100,\"n\":4,\"seed\":7,\"stop\":[\"\\n\\n\"]}");
}

TEST(BuildRequest, LeavesOutUnsetOptionalFieldsAndNOfOne) {
  Prompt p;
  p.text = "Q";
  SamplingParams sp;
  std::string body = build_request(Api::kCompletions, "m", p, sp, 1);
  EXPECT_EQ(body, "{\"model\":\"m\",\"prompt\":\"Q\",\"temperature\":0.7,\"max_tokens\":512}");
  sp.top_p = 0.9;
  EXPECT_NE(build_request(Api::kCompletions, "m", p, sp, 1).find("\"top_p\":0.9"),
            std::string::npos);
}

TEST(ParseCompletion, ReadsChatChoicesSortedByIndexAndUsage) {
  auto c = parse_completion(
      R"({"id":"x","choices":[{"index":1,"message":{"role":"assistant","content":"b"},)"
      R"("finish_reason":"length"},{"index":0,"message":{"content":"a"},"finish_reason":"stop"}],)"
      R"("usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}})",
      Api::kChat);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->choices.size(), 2u);
  EXPECT_EQ(c->choices[0].text, "a");
  EXPECT_EQ(c->choices[1].text, "b");
  EXPECT_EQ(c->choices[1].finish_reason, "length");
  EXPECT_EQ(c->prompt_tokens, 10);
  EXPECT_EQ(c->completion_tokens, 3);
  EXPECT_EQ(c->id, "x");
}

TEST(ParseCompletion, ReadsCompletionsTextAndNullContent) {
  auto c = parse_completion(R"({"choices":[{"text":"t"}]})", Api::kCompletions);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->choices[0].text, "t");
  EXPECT_FALSE(c->prompt_tokens);
  auto n = parse_completion(R"({"choices":[{"message":{"content":null}}]})", Api::kChat);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->choices[0].text, "");
}

TEST(ParseCompletion, RejectsWhatIsNotACompletion) {
  EXPECT_NE(parse_completion("{\"choices\":[", Api::kChat).error().message.find("invalid JSON"),
            std::string::npos);
  EXPECT_EQ(parse_completion("[]", Api::kChat).error().message, "expected a JSON object");
  EXPECT_EQ(parse_completion("{}", Api::kChat).error().message, "missing \"choices\"");
  EXPECT_EQ(parse_completion(R"({"choices":[{"text":"a"}]})", Api::kChat).error().message,
            "choice 0: missing \"message\"");
  EXPECT_EQ(parse_completion(R"({"choices":[{"message":{}}]})", Api::kChat).error().message,
            "choice 0: missing \"message.content\"");
  EXPECT_EQ(parse_completion(R"({"error":{"message":"overloaded"}})", Api::kChat).error().message,
            "server error: overloaded");
  EXPECT_EQ(parse_completion(R"({"choices":[{"index":0,"text":"a"},{"index":0,"text":"b"}]})",
                             Api::kCompletions)
                .error()
                .message,
            "duplicate choice index 0");
  EXPECT_FALSE(parse_completion(R"({"choices":[{"index":-1,"text":"a"}]})", Api::kCompletions));
}

TEST(ErrorMessage, PrefersTheErrorObjectElseABodyPrefixOnOneLine) {
  EXPECT_EQ(error_message(R"({"error":{"message":"bad key","type":"auth"}})"), "bad key");
  EXPECT_EQ(error_message(R"({"error":"plain"})"), "plain");
  EXPECT_EQ(error_message("<html>\nBad Gateway</html>"), "<html> Bad Gateway</html>");
  EXPECT_EQ(error_message(std::string(300, 'x')).size(), 200u);
}

TEST(EstimateTokens, IsBytesOverFourRoundedUpPlusFramingPerMessage) {
  EXPECT_EQ(estimate_tokens(""), 0);
  EXPECT_EQ(estimate_tokens("abcd"), 1);
  EXPECT_EQ(estimate_tokens("abcde"), 2);
  Prompt p = chat_prompt();  // 9 and 14 bytes -> 3 + 4 tokens, plus 4 per message
  EXPECT_EQ(estimate_prompt_tokens(Api::kChat, p), 15);
}

}  // namespace
}  // namespace stepwise::teach

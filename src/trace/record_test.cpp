#include "trace/record.h"

#include <gtest/gtest.h>

#include "trace/record_internal.h"

namespace stepwise::trace {
namespace {

json::Value parse(std::string_view s) {
  auto v = json::parse(s);
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : json::Value();
}

std::string line_of(const Trace& t) {
  std::string out;
  append_jsonl(out, t);
  return out;
}

// A record with every field, unknown fields at every level, and numbers in unusual spellings.
constexpr std::string_view kFull =
    R"({"id":"shop-1","task":"shopping","question":"Ann buys 3 pens at $4 each. Cost?",)"
    R"("steps":[{"text":"3*4=<<3*4=12>>12","expr":"3*4","value":12.0},{"text":"So 12."}],)"
    R"("answer":"12","gold":12.50,"extraction":{"outcome":"found","rule":"the answer is","pos":7},)"
    R"("source":{"kind":"teacher","name":"vllm","model":"m-7b","sample":3,"prompt_hash":"ab",)"
    R"("hinted":true,"temperature":0.70},"program":{"op":"mul","args":[3,4]},)"
    R"("verdict":{"ok":false,"answer_ok":false,"first_error":1,"findings":[{"code":"arith_mismatch",)"
    R"("step":1,"severity":"error","message":"12 != 12.5","got":"12"}],"checked_at":"x"},)"
    R"("meta":{"difficulty":2,"w":1e3},"zeta":[1,2.50,{"b":null,"a":true}],"alpha":-0.0})";

TEST(Record, FullRecordRoundTripsByteForByte) {
  auto t = from_json(parse(kFull));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(line_of(*t), std::string(kFull) + "\n");
  EXPECT_EQ(t->steps[0].extra.find("value")->str(), "12.0");
  EXPECT_TRUE(t->gold_is_number);
  EXPECT_EQ(*t->gold, "12.50");
  EXPECT_EQ(t->source->sample, 3);
  EXPECT_EQ(t->verdict->findings[0].step, 1);
  EXPECT_EQ(t->extra.members()[0].first, "zeta");
  EXPECT_EQ(t->extra.members()[1].first, "alpha");
}

TEST(Record, ToJsonEqualsTheWrittenLine) {
  auto t = from_json(parse(kFull));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(json::to_string(to_json(*t)) + "\n", line_of(*t));
  EXPECT_EQ(to_json(*t), parse(kFull));
}

TEST(Record, UnknownFieldsKeepTheirOrderAfterCanonicalFields) {
  auto t = from_json(parse(R"({"z":1,"question":"q","a":{"y":2,"x":3},"id":"i","m":"s"})"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(line_of(*t), R"({"id":"i","question":"q","steps":[],"z":1,"a":{"y":2,"x":3},"m":"s"})"
                         "\n");
}

TEST(Record, StepsMayBeStringsAndAreWrittenAsObjects) {
  auto t = from_json(parse(R"({"id":"i","question":"q","steps":["a",{"text":"b","k":1}]})"));
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->steps.size(), 2u);
  EXPECT_EQ(t->steps[0].text, "a");
  EXPECT_EQ(line_of(*t), R"({"id":"i","question":"q","steps":[{"text":"a"},{"text":"b","k":1}]})"
                         "\n");
}

TEST(Record, NumericAnswersStayNumbersAndStringsStayStrings) {
  auto t = from_json(parse(R"({"id":"i","question":"q","answer":7.50,"gold":"7.5"})"));
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->answer_is_number);
  EXPECT_FALSE(t->gold_is_number);
  EXPECT_EQ(line_of(*t), R"({"id":"i","question":"q","steps":[],"answer":7.50,"gold":"7.5"})"
                         "\n");
  // A caller that sets a non-number text with the number flag still gets valid JSON.
  t->answer = "seven";
  EXPECT_NE(line_of(*t).find(R"("answer":"seven")"), std::string::npos);
}

TEST(Record, NullOptionalFieldsAreAbsent) {
  auto t = from_json(
      parse(R"({"id":"i","question":"q","answer":null,"source":null,"verdict":null,"meta":null})"));
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->answer);
  EXPECT_FALSE(t->source);
  EXPECT_EQ(line_of(*t), R"({"id":"i","question":"q","steps":[]})"
                         "\n");
}

TEST(Record, MissingIdIsTheContentId) {
  auto t = from_json(parse(R"({"task":"shop","question":"q","steps":["a"],"answer":"1"})"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->id, content_id(*t));
  EXPECT_TRUE(t->id.starts_with("shop-"));
  auto numeric = from_json(parse(R"({"id":17,"question":"q"})"));
  ASSERT_TRUE(numeric.ok());
  EXPECT_EQ(numeric->id, "17");
}

TEST(Record, ContentIdIsStableAndDependsOnlyOnContent) {
  Trace t;
  t.task = "gsm8k";
  t.question = "Natalia sold clips to 48 of her friends.";
  t.steps = {Step{"48/2 = <<48/2=24>>24"}, Step{"48+24 = <<48+24=72>>72"}};
  t.answer = "72";
  // Golden value: ids are stored in datasets, so this must never change.
  EXPECT_EQ(content_id(t), "gsm8k-7d7a9d194f0ed2f2");
  Trace same = t;
  same.source = Source{};
  same.meta = json::Value::object();
  same.extra.set("x", json::Value::number(int64_t{1}));
  EXPECT_EQ(content_id(same), content_id(t));
  Trace other = t;
  other.steps[1].text += " ";
  EXPECT_NE(content_id(other), content_id(t));
  Trace moved = t;  // the same texts split differently are different content
  moved.steps = {Step{"48/2 = <<48/2=24>>24 48+24 = <<48+24=72>>72"}};
  EXPECT_NE(content_id(moved), content_id(t));
  Trace odd = t;
  odd.task = "my task/v2";
  EXPECT_TRUE(content_id(odd).starts_with("my_task_v2-"));
  Trace plain = t;
  plain.task.clear();
  EXPECT_TRUE(content_id(plain).starts_with("trace-"));
}

struct BadCase {
  const char* json;
  const char* message;
};

class RecordErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(RecordErrors, NameTheFieldAndWhatWasExpected) {
  auto t = from_json(parse(GetParam().json));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Record, RecordErrors,
    ::testing::Values(
        BadCase{R"([1,2])", "expected a JSON object, found array"},
        BadCase{R"({"steps":[]})", "missing field \"question\""},
        BadCase{R"({"question":5})", "field \"question\": expected a string, found number"},
        BadCase{R"({"question":"q","steps":3})",
                "field \"steps\": expected an array of strings or objects, found number"},
        BadCase{R"({"question":"q","steps":["a",7]})",
                "field \"steps[1]\": expected a string or an object with \"text\", found number"},
        BadCase{R"({"question":"q","steps":[{"text":null}]})",
                "field \"steps[0].text\": expected a string, found null"},
        BadCase{R"({"question":"q","steps":[{"expr":"1+1"}]})",
                "field \"steps[0]\": missing field \"text\""},
        BadCase{R"({"question":"q","answer":[1]})",
                "field \"answer\": expected a string or a number, found array"},
        BadCase{R"({"question":"q","gold":true})",
                "field \"gold\": expected a string or a number, found boolean"},
        BadCase{R"({"question":"q","source":"gsm8k"})",
                "field \"source\": expected an object, found string"},
        BadCase{R"({"question":"q","source":{"sample":1.5}})",
                "field \"source.sample\": expected an integer, found number"},
        BadCase{R"({"question":"q","source":{"hinted":"yes"}})",
                "field \"source.hinted\": expected true or false, found string"},
        BadCase{R"({"question":"q","extraction":{"outcome":"maybe"}})",
                "field \"extraction.outcome\": expected \"found\", \"none\" or \"ambiguous\", "
                "found string"},
        BadCase{R"({"question":"q","verdict":{"findings":{}}})",
                "field \"verdict.findings\": expected an array of objects, found object"},
        BadCase{R"({"question":"q","verdict":{"findings":[{"step":"2"}]}})",
                "field \"verdict.findings[0].step\": expected an integer, found string"},
        BadCase{R"({"question":"q","task":[]})", "field \"task\": expected a string, found array"},
        BadCase{R"({"question":"q","id":{}})", "field \"id\": expected a string, found object"}));

TEST(Record, InvalidUtf8InMemoryIsRepairedOnOutput) {
  Trace t;
  t.id = "x";
  t.question = std::string("bad \xff byte");
  std::string line = line_of(t);
  EXPECT_TRUE(json::valid_utf8(line));
  EXPECT_TRUE(json::parse(line.substr(0, line.size() - 1)).ok());
}

}  // namespace
}  // namespace stepwise::trace

// ---------------------------------------------------------------- the fast reading path

namespace stepwise::trace {
namespace {

// Runs both paths on `line`; returns whether the fast path took it.
bool fast_agrees(const std::string& line, Trace& reused) {
  std::string buf = line;
  buf.reserve(line.size() + kParsePadding);
  bool fast = parse_trace_fast(std::string_view(buf.data(), line.size()), reused);
  auto v = json::parse(line);
  Result<Trace> slow = v ? from_json(std::move(*v)) : Result<Trace>(v.error());
  if (fast) {
    EXPECT_TRUE(slow.ok()) << "fast path accepted what the general path rejects: " << line;
    if (slow.ok()) {
      std::string a, b;
      append_jsonl(a, reused);
      append_jsonl(b, *slow);
      EXPECT_EQ(a, b) << line;
      EXPECT_EQ(reused.answer_is_number, slow->answer_is_number) << line;
    }
  }
  return fast;
}

TEST(ParseTraceFast, AgreesWithTheGeneralPath) {
  std::vector<std::string> lines = {
      std::string(kFull),
      R"({"question":"q"})",
      R"({"question":"q","steps":["a",{"text":"b","x":[1,{"y":null}]}],"steps":["c"]})",
      R"({"question":"q","answer":"5","answer":null})",
      R"({"question":"q","answer":5.0e1,"gold":-0})",
      R"({"question":"q","id":12,"task":null,"source":null,"verdict":null})",
      R"({"qu\u0065stion":"\u00e9\n\"","st\u0065ps":[]})",
      R"({"question":"q","meta":null,"program":[1,2],"z":"\ud83d\ude00"})",
      R"({"question":"q","source":{"sample":3.0,"hinted":false,"k":{}}})",
      R"({"question":"q","verdict":{"ok":true,"answer_ok":false,"first_error":null,)"
      R"("findings":[{"code":"c","step":1e0,"k":[]}]}})",
      R"({"question":"q","extraction":{"outcome":"none","rule":"","c":[1]}})",
      // Rejected by both, or by the fast path alone (then the general path decides):
      R"({"question":"q",})",
      R"({"question":"q"} x)",
      R"({"question":"q","a":01})",
      R"({"question":"q","steps":[1]})",
      R"({"steps":[]})",
      R"([{"question":"q"}])",
      R"({"question":"q","answer":true})",
      R"({"question":"q","source":{"sample":1.5}})",
      R"({"question":"q","extraction":{"outcome":"maybe"}})",
      R"({"question":"q","x":tru})",
      R"({"question":"q","x":nulll})",
      R"({"question":"q","x":[1,]})",
      "{\"question\":\"a\x01\"}",
  };
  std::string deep =
      R"({"question":"q","x":)" + std::string(510, '[') + std::string(510, ']') + "}";
  lines.push_back(deep);
  std::string deeper =
      R"({"question":"q","x":)" + std::string(512, '[') + std::string(512, ']') + "}";
  lines.push_back(deeper);
  Trace reused;
  int taken = 0;
  for (const auto& line : lines) taken += fast_agrees(line, reused);
  EXPECT_GE(taken, 11);
  // Records met one after another reuse the buffers and leave nothing behind.
  ASSERT_TRUE(fast_agrees(std::string(kFull), reused));
  ASSERT_TRUE(fast_agrees(R"({"question":"short"})", reused));
  EXPECT_FALSE(reused.answer);
  EXPECT_TRUE(reused.steps.empty());
  EXPECT_FALSE(reused.source);
}

}  // namespace
}  // namespace stepwise::trace

namespace stepwise::trace {
namespace {

// The reference: one byte at a time, as the JSON grammar says.
std::string quoted_reference(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"')
      out += "\\\"";
    else if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\b')
      out += "\\b";
    else if (c == '\f')
      out += "\\f";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      size_t k = 1;  // length of a valid UTF-8 sequence here, else 0
      while (k <= 4 && i + k <= s.size() && !json::valid_utf8(s.substr(i, k))) ++k;
      if (k > 4 || i + k > s.size()) {
        out += "\xEF\xBF\xBD";
      } else {
        out.append(s.substr(i, k));
        i += k - 1;
      }
    }
  }
  return out + "\"";
}

// Records are written by the word-at-a-time quoting in base/json.cpp: every special byte at
// every position of every length must come out as the byte-at-a-time reference says.
TEST(RecordWriting, QuotingMatchesTheReferenceAtEveryPosition) {
  const std::vector<std::string> specials = {
      "\"",   "\\",  "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
      "\xff", "\xc3"};
  for (size_t len = 0; len <= 40; ++len) {
    for (const std::string& sp : specials) {
      for (size_t at = 0; at <= len; ++at) {
        std::string s(len, 'a');
        s.insert(at, sp);
        std::string got;
        json::append_quoted(got, s);
        ASSERT_EQ(got, quoted_reference(s)) << "len " << len << " at " << at;
      }
    }
  }
}

}  // namespace
}  // namespace stepwise::trace

#include "base/base.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>

namespace stepwise {
namespace {

TEST(Json, RoundTripsKeyOrderAndNumberText) {
  std::string text = R"({"b":1.50,"a":[1,2e3,-0.0,{"x":null}],"c":"q\"\\\n\u00e9","d":true})";
  auto v = json::parse(text);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(json::to_string(*v),
            R"({"b":1.50,"a":[1,2e3,-0.0,{"x":null}],"c":"q\"\\\né","d":true})");
  EXPECT_EQ(v->members()[0].first, "b");
  EXPECT_EQ(v->find("b")->str(), "1.50");
}

TEST(Json, ParsesScalarsAtRoot) {
  EXPECT_EQ(json::parse("12")->as_int(), 12);
  EXPECT_EQ(json::parse("\"x\"")->str(), "x");
  EXPECT_TRUE(json::parse("null")->is_null());
  EXPECT_TRUE(json::parse("false")->is_bool());
}

TEST(Json, ReportsColumnOfError) {
  auto v = json::parse(R"({"a":1,"b" 2})");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message, "col 12: expected ':' after object key");
  auto t = json::parse(R"({"a":1} x)");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("trailing"), std::string::npos) << t.error().message;
}

TEST(Json, RejectsInvalidUtf8AndBadNumbers) {
  auto v = json::parse("{\"a\":\"\xff\"}");
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("UTF-8"), std::string::npos) << v.error().message;
  EXPECT_FALSE(json::parse("[01]"));
  EXPECT_FALSE(json::parse("[1.]"));
  EXPECT_FALSE(json::parse(""));
}

TEST(Json, DeepNestingIsAnErrorNotACrash) {
  std::string deep(10000, '[');
  deep += std::string(10000, ']');
  EXPECT_FALSE(json::parse(deep));
}

TEST(Json, QuotingEscapesControlsAndRepairsUtf8) {
  std::string out;
  json::append_quoted(out, std::string("a\x01\xff"
                                       "b",
                                       4));
  EXPECT_EQ(out,
            "\"a\\u0001\xEF\xBF\xBD"
            "b\"");
  EXPECT_TRUE(json::valid_utf8("h\xC3\xA9llo"));
  EXPECT_FALSE(json::valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(json::valid_utf8("\xED\xA0\x80"));  // surrogate
}

TEST(Json, SetReplacesInPlaceAndEraseRemoves) {
  auto o = json::Value::object();
  o.set("a", json::Value::number(int64_t{1}));
  o.set("b", json::Value::number(int64_t{2}));
  o.set("a", json::Value::string("x"));
  EXPECT_EQ(json::to_string(o), R"({"a":"x","b":2})");
  EXPECT_TRUE(o.erase("a"));
  EXPECT_FALSE(o.erase("a"));
  EXPECT_EQ(json::to_string(o), R"({"b":2})");
}

TEST(Json, DoublesUseShortestRoundTrip) {
  EXPECT_EQ(json::Value::number(0.1).str(), "0.1");
  EXPECT_EQ(json::Value::number(16.83).str(), "16.83");
  EXPECT_TRUE(json::Value::number(1.0 / 0.0).is_null());
}

TEST(Rng, SameSeedSameStreamAndUnbiasedRange) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next(), b.next());
  EXPECT_NE(a.next(), c.next());
  Rng r(7);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 30000; ++i) ++counts[r.range(0, 2)];
  for (int k : counts) EXPECT_NEAR(k, 10000, 500);
}

TEST(Hash, StableAndSensitive) {
  EXPECT_EQ(hash64("abc"), hash64("abc"));
  EXPECT_NE(hash64("abc"), hash64("abd"));
  EXPECT_NE(hash64("abc", 1), hash64("abc", 2));
  std::set<uint64_t> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(hash64(std::to_string(i)));
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_EQ(to_hex(0xabcULL, 4), "0abc");
}

TEST(AtomicFile, CommitReplacesAndAbandonLeavesOld) {
  auto dir = std::filesystem::temp_directory_path() / ("sw_atomic_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "out.txt").string();
  ASSERT_TRUE(write_file_atomic(path, "old"));
  {
    AtomicFile f;
    ASSERT_TRUE(f.open(path));
    f.write("new but abandoned");
  }
  EXPECT_EQ(*read_file(path), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
  ASSERT_TRUE(write_file_atomic(path, "new"));
  EXPECT_EQ(*read_file(path), "new");
  EXPECT_FALSE(write_file_atomic((dir / "missing" / "x").string(), "y"));
  std::filesystem::remove_all(dir);
}

TEST(Diagnostics, CountsByKindAndStrictStops) {
  Diagnostics d;
  d.set_print(false);
  EXPECT_TRUE(d.report("json", "a.jsonl:3:7", "expected ':'"));
  EXPECT_TRUE(d.report("json", "a.jsonl:4", "x"));
  EXPECT_TRUE(d.report("utf8", "a.jsonl:9", "y"));
  EXPECT_EQ(d.count(), 3u);
  EXPECT_EQ(d.by_kind().at("json"), 2u);
  EXPECT_EQ(d.first(), "a.jsonl:3:7: expected ':'");
  Diagnostics s(/*strict=*/true);
  s.set_print(false);
  EXPECT_FALSE(s.report("json", "a:1", "bad"));
}

TEST(Summary, WritesSameFiguresAsJson) {
  auto path = (std::filesystem::temp_directory_path() / "sw_summary_test.json").string();
  Summary s("stats");
  s.set_int("traces", 3);
  s.line("3 traces");
  ASSERT_TRUE(s.emit(path, /*quiet=*/true));
  auto v = json::parse(*read_file(path));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->find("traces")->as_int(), 3);
  EXPECT_EQ(v->find("verb")->str(), "stats");
  std::remove(path.c_str());
}

TEST(Progress, HumanUnits) {
  EXPECT_EQ(human_count(999), "999");
  EXPECT_EQ(human_count(1500), "1.5k");
  EXPECT_EQ(human_duration(65), "1m05s");
}

}  // namespace
}  // namespace stepwise

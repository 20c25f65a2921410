#include "curate/curate.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "curate/curate_internal.h"

namespace stepwise::curate {
namespace {

namespace fs = std::filesystem;

// One input record, built field by field; to_line() gives its JSONL text.
struct Rec {
  std::string id, pid, question, answer = "24", gold = "24", family = "f1";
  std::vector<std::string> steps = {"Pens 3*4=<<3*4=12>>12.", "Books 2*7=<<2*7=14>>14.",
                                    "Total 12+14=<<12+14=26>>26.", "Change 50-26=<<50-26=24>>24."};
  bool verdict = true, ok = true, answer_ok = true, has_gold = true;
  int warnings = 0;
  bool crosscheck = true;
  bool detour = false;
  std::string rule = "####";  // extraction.rule
  json::Value agreement = json::Value::number(0.9), brittle = json::Value::boolean(false),
              alt = json::Value::boolean(true);

  std::string to_line() const {
    auto v = json::Value::object();
    v.set("id", json::Value::string(id));
    v.set("task", json::Value::string(family));
    v.set("question", json::Value::string(question));
    auto st = json::Value::array();
    for (const auto& s : steps) st.push(json::Value::string(s));
    v.set("steps", std::move(st));
    v.set("answer", json::Value::string(answer));
    if (has_gold) v.set("gold", json::Value::string(gold));
    auto ex = json::Value::object();
    ex.set("outcome", json::Value::string("found"));
    ex.set("rule", json::Value::string(rule));
    v.set("extraction", std::move(ex));
    if (verdict) {
      auto vd = json::Value::object();
      vd.set("ok", json::Value::boolean(ok));
      vd.set("answer_ok", json::Value::boolean(answer_ok));
      auto f = json::Value::array();
      for (int i = 0; i < warnings; ++i) {
        auto w = json::Value::object();
        w.set("code", json::Value::string("unit"));
        w.set("severity", json::Value::string("warning"));
        f.push(std::move(w));
      }
      vd.set("findings", std::move(f));
      v.set("verdict", std::move(vd));
    }
    auto meta = json::Value::object();
    meta.set("problem_id", json::Value::string(pid.empty() ? id : pid));
    meta.set("difficulty", json::Value::number(int64_t{1}));
    meta.set("family", json::Value::string(family));
    v.set("meta", std::move(meta));
    if (crosscheck) {
      auto cc = json::Value::object();
      cc.set("agreement", agreement);
      cc.set("brittle", brittle);
      cc.set("alt_agree", alt);
      cc.set("detour_step", detour ? json::Value::number(int64_t{1}) : json::Value());
      v.set("crosscheck", std::move(cc));
    }
    return json::to_string(v) + "\n";
  }
};

const char* kLong =
    "On a bright Saturday morning Ann walks to the old stationery shop at the corner of the "
    "market square, where the owner greets every customer by name and keeps a jar of sweets on "
    "the counter. She buys 3 pens at $4 each and 2 books at $7 each for her younger brother, "
    "who starts school next week and has asked for them many times. She pays with a $50 note "
    "that her grandmother gave her for her birthday. How much change does she get?";
const char* kEvalNgram =
    "A baker makes 48 muffins in the morning and sells 30 of them before noon on a busy day. "
    "How many muffins are left?";
const char* kEvalTemplate =
    "Kira buys 6 mugs at $5 each. She pays with $40. How much change does she get?";

Rec valid(std::string id, std::string question) {
  Rec r;
  r.id = std::move(id);
  r.question = std::move(question);
  return r;
}

// Every drop reason once (unbalanced twice) and two kept records: 23 lines.
std::string every_reason_input() {
  std::vector<Rec> rs;
  auto add = [&](Rec r) { rs.push_back(std::move(r)); };
  Rec r = valid("unverified", "Q unverified?");
  r.verdict = false;
  add(r);
  r = valid("no_gold", "Q no gold?");
  r.has_gold = false;
  r.answer_ok = false;
  add(r);
  r = valid("answer_wrong", "Q wrong?");
  r.answer_ok = r.ok = false;
  add(r);
  r = valid("step_error", "Q step?");
  r.ok = false;
  add(r);
  r = valid("answer_not_stated", "Q not stated?");
  r.rule = "last number";
  add(r);
  r = valid("warnings", "Q warnings?");
  r.warnings = 2;
  add(r);
  r = valid("no_crosscheck", "Q no crosscheck?");
  r.crosscheck = false;
  add(r);
  r = valid("low_agreement", "Q low?");
  r.agreement = json::Value::number(0.2);
  add(r);
  r = valid("brittle", "Q brittle?");
  r.brittle = json::Value::boolean(true);
  add(r);
  r = valid("detour", "Q detour?");
  r.detour = true;
  add(r);
  r = valid("alt_disagree", "Q alt?");
  r.alt = json::Value::boolean(false);
  add(r);
  r = valid("alt_unknown", "Q alt unknown?");
  r.alt = json::Value();
  add(r);
  add(valid("ngram", std::string("Note: ") + kEvalNgram));
  add(valid("template",
            "Ben buys 3 pens at $4 each. He pays with $50. How much change does he get?"));
  // Problem P: A is best; B repeats A's path (worse rank: longer); C is another path.
  Rec a = valid("A", kLong);
  a.pid = "P";
  add(a);
  Rec b = a;
  b.id = "B";
  b.steps[0] = "The pens cost 4*3=<<4*3=12>>12 dollars in all.";
  add(b);
  Rec c = a;
  c.id = "C";
  c.steps = {"50-12=<<50-12=38>>38 after the pens, and 2*7=<<2*7=14>>14 for books.",
             "38-14=<<38-14=24>>24 left."};
  c.agreement = json::Value::number(0.5);
  add(c);
  Rec exact = a;  // the same text as A, filed under another problem
  exact.id = "exact";
  exact.pid = "Q";
  add(exact);
  Rec near = a;  // one word changed
  near.id = "near";
  near.pid = "R";
  near.question = std::string(kLong).replace(std::string(kLong).find("bright"), 6, "sunny");
  add(near);
  add(valid("S", "Tom reads 12 pages on Monday and 12 pages on Tuesday. How many pages?"));
  add(valid("T", "A tank holds 24 liters and leaks 3 liters an hour. How long until empty?"));
  Rec u = valid("U", "Sofia plants 4 rows of 6 tulips. How many tulips does she plant?");
  u.family = "f2";
  add(u);
  std::string out = "{oops\n";
  for (const Rec& x : rs) out += x.to_line();
  return out;
}

class CurateRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("curate_test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    write("in.jsonl", every_reason_input());
    write("eval.jsonl", std::string(R"({"question":")") + kEvalNgram + R"(","answer":"#### 18"})" +
                            "\n" + R"({"question":")" + kEvalTemplate + R"(","answer":"#### 10"})" +
                            "\n");
    o_.inputs = {path("in.jsonl")};
    o_.output = path("out.jsonl");
    o_.policy = *parse_policy(
        "strict,max-warnings=1,min-agreement=0.5,no-brittle,require-alt-agree,"
        "no-detour,require-stated-answer");
    o_.decontam.eval_files = {path("eval.jsonl")};
    o_.balance = true;
    o_.report = path("report.jsonl");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
  }
  std::string read(const std::string& name) const {
    std::ifstream f(path(name), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  std::vector<json::Value> lines(const std::string& name) const {
    std::vector<json::Value> out;
    std::istringstream in(read(name));
    for (std::string l; std::getline(in, l);) out.push_back(*json::parse(l));
    return out;
  }
  CurateResult run(Diagnostics* d = nullptr) {
    Diagnostics quiet;
    quiet.set_print(false);
    auto r = run_curate(o_, d ? *d : quiet);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : CurateResult{};
  }
  fs::path dir_;
  CurateOptions o_;
};

TEST_F(CurateRun, EveryReasonCountedAndTheCountsAddUp) {
  CurateResult r = run();
  EXPECT_EQ(r.read, 23u);
  EXPECT_EQ(r.bad_lines, 1u);
  for (size_t i = 0; i < kNumDrops; ++i) {
    auto d = static_cast<Drop>(i);
    EXPECT_EQ(r.dropped[i], d == Drop::kUnbalanced ? 2u : 1u) << drop_name(d);
  }
  EXPECT_EQ(r.kept, 2u);
  uint64_t sum = r.kept;
  for (uint64_t n : r.dropped) sum += n;
  EXPECT_EQ(sum, r.read);
  std::vector<json::Value> out = lines("out.jsonl");
  ASSERT_EQ(out.size(), 2u);
  std::set<std::string> ids;
  for (const auto& v : out) ids.insert(v.find("id")->str());
  EXPECT_TRUE(ids.count("U"));  // the only record of family f2 survives balancing
  EXPECT_EQ(r.decontam.items()[0].find("leaked")->as_int(), 2);
}

TEST_F(CurateRun, ReportListsEveryDroppedRecordWithItsReason) {
  CurateResult r = run();
  std::map<std::string, uint64_t> by_reason;
  std::map<std::string, std::string> reason_of;
  for (const auto& v : lines("report.jsonl")) {
    ++by_reason[v.find("reason")->str()];
    if (v.find("id")->is_string()) reason_of[v.find("id")->str()] = v.find("reason")->str();
  }
  for (size_t i = 0; i < kNumDrops; ++i)
    EXPECT_EQ(by_reason[std::string(kDropNames[i])], r.dropped[i]) << kDropNames[i];
  EXPECT_EQ(reason_of["B"], "duplicate_path");
  EXPECT_EQ(reason_of["C"], "not_best_of_k");
  EXPECT_EQ(reason_of["exact"], "duplicate_exact");
  EXPECT_EQ(reason_of["near"], "near_duplicate");
  EXPECT_EQ(reason_of["ngram"], "contaminated_ngram");
  EXPECT_EQ(reason_of["template"], "contaminated_template");
  for (const auto& v : lines("report.jsonl")) {
    if (v.find("id")->str() == "near") {
      EXPECT_EQ(v.find("detail")->str().rfind("duplicate of A (similarity ", 0), 0u);
      EXPECT_EQ(v.find("where")->str(), path("in.jsonl") + ":20");
    }
  }
}

TEST_F(CurateRun, SameInputAndSeedGiveTheSameBytes) {
  o_.curriculum = {Order::kCurriculum, 2, Pacing::kRoot, 0.2};
  o_.balance = false;
  o_.fractions = {50};
  o_.seed = 3;
  (void)run();
  std::string first = read("out.jsonl"), first_half = read("out.f50.jsonl");
  std::string report = read("report.jsonl");
  (void)run();
  EXPECT_EQ(read("out.jsonl"), first);
  EXPECT_EQ(read("out.f50.jsonl"), first_half);
  EXPECT_EQ(read("report.jsonl"), report);
  o_.curriculum.order = Order::kShuffle;
  o_.exporter.format = Format::kMessages;
  (void)run();
  std::string shuffled = read("out.jsonl");
  (void)run();
  EXPECT_EQ(read("out.jsonl"), shuffled);
}

TEST_F(CurateRun, KeptRecordsComeThroughUnchangedPlusTheirDifficulty) {
  o_.balance = false;
  o_.report.clear();
  (void)run();
  std::vector<json::Value> out = lines("out.jsonl");
  ASSERT_EQ(out.size(), 4u);  // A, S, T, U
  for (json::Value& v : out) {
    ASSERT_TRUE(v.find("curate"));
    EXPECT_TRUE(v.find("curate")->find("difficulty")->is_number());
    EXPECT_TRUE(v.find("crosscheck"));  // unknown fields pass through
    v.erase("curate");
  }
  std::istringstream in(every_reason_input());
  std::set<std::string> inputs;
  for (std::string l; std::getline(in, l);) {
    auto v = json::parse(l);
    if (!v) continue;
    auto t = trace::from_json(std::move(*v));
    if (t) inputs.insert(json::to_string(trace::to_json(*t)));
  }
  for (const json::Value& v : out)
    EXPECT_TRUE(inputs.count(json::to_string(v))) << json::to_string(v);
}

TEST_F(CurateRun, FractionsAreNestedSubsetsOfTheOutput) {
  std::string big;
  for (int i = 0; i < 200; ++i) {
    Rec r = valid("r" + std::to_string(i), "Item " + std::to_string(i) + " costs " +
                                               std::to_string(i * 7 % 97) + " coins in shop " +
                                               std::to_string(i) + ". What does it cost?");
    r.steps = {"It costs " + std::to_string(i * 7 % 97) + " coins, item " + std::to_string(i)};
    big += r.to_line();
  }
  write("big.jsonl", big);
  o_.inputs = {path("big.jsonl")};
  o_.balance = false;
  o_.fractions = {10, 50, 100};
  o_.curriculum.order = Order::kCurriculum;
  CurateResult r = run();
  ASSERT_EQ(r.kept, 200u);
  auto ids = [&](const std::string& name) {
    std::set<std::string> s;
    for (const auto& v : lines(name)) s.insert(v.find("id")->str());
    return s;
  };
  auto f10 = ids("out.f10.jsonl"), f50 = ids("out.f50.jsonl"), f100 = ids("out.f100.jsonl");
  EXPECT_EQ(f10.size(), 20u);
  EXPECT_EQ(f50.size(), 100u);
  EXPECT_EQ(f100, ids("out.jsonl"));
  EXPECT_TRUE(std::includes(f50.begin(), f50.end(), f10.begin(), f10.end()));
  EXPECT_TRUE(std::includes(f100.begin(), f100.end(), f50.begin(), f50.end()));
}

TEST_F(CurateRun, ExportFormats) {
  o_.balance = false;
  o_.exporter.format = Format::kPrompt;
  (void)run();
  for (const auto& v : lines("out.jsonl")) {
    EXPECT_TRUE(v.find("prompt")->is_string());
    EXPECT_NE(v.find("completion")->str().find("#### 24"), std::string::npos);
    EXPECT_EQ(v.members().size(), 2u);
  }
  o_.exporter.format = Format::kText;
  o_.output = path("out.txt");
  (void)run();
  EXPECT_NE(read("out.txt").find("Change 50-26=<<50-26=24>>24.\n#### 24\n\n"), std::string::npos);
}

TEST_F(CurateRun, StrictModeStopsAtTheBadLineAndWritesNothing) {
  Diagnostics strict(true);
  strict.set_print(false);
  auto r = run_curate(o_, strict);
  EXPECT_FALSE(r);
  EXPECT_FALSE(fs::exists(path("out.jsonl")));
  EXPECT_FALSE(fs::exists(path("report.jsonl")));
}

TEST_F(CurateRun, MissingInputIsAnError) {
  o_.inputs = {path("missing.jsonl")};
  Diagnostics d;
  EXPECT_FALSE(run_curate(o_, d));
  o_.inputs = {path("in.jsonl")};
  o_.output = "-";
  o_.fractions = {10};
  EXPECT_FALSE(run_curate(o_, d));
}

TEST_F(CurateRun, SummaryFigures) {
  Diagnostics d;
  d.set_print(false);
  Summary s("curate");
  ASSERT_TRUE(curate(o_, d, s));
  EXPECT_EQ(s.figures.find("read")->as_int(), 23);
  EXPECT_EQ(s.figures.find("kept")->as_int(), 2);
  EXPECT_EQ(s.figures.find("dropped")->find("near_duplicate")->as_int(), 1);
  EXPECT_NE(s.text.find("check: 2 kept + 21 dropped = 23 read"), std::string::npos) << s.text;
}

TEST(FractionPath, BeforeTheLastExtension) {
  EXPECT_EQ(internal::fraction_path("train.jsonl", 10), "train.f10.jsonl");
  EXPECT_EQ(internal::fraction_path("out/a.b.jsonl.gz", 25), "out/a.b.f25.jsonl.gz");
  EXPECT_EQ(internal::fraction_path("out.d/train", 50), "out.d/train.f50");
  EXPECT_EQ(internal::fraction_path(".hidden", 5), ".hidden.f5");
  EXPECT_EQ(internal::fraction_path("x.gz", 5), "x.f5.gz");
}

}  // namespace
}  // namespace stepwise::curate

// verify_file(): output in input order whatever the thread count and batching, sharding,
// bad lines, strict mode, explain, gzip output, and agreement with verify_trace().
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/rng.h"
#include "trace/jsonl.h"
#include "verify/verify.h"

namespace stepwise::verify {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/verify_test_XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_all(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_all(const std::string& path, const std::string& data) {
  std::ofstream f(path);
  f << data;
}

// `n` records: most correct, some with a wrong step, a wrong answer or an ungrounded number.
std::string make_input(int n, uint64_t seed) {
  Rng rng(seed);
  std::string out;
  for (int i = 0; i < n; ++i) {
    int64_t a = rng.range(2, 30), b = rng.range(2, 30), c = rng.range(1, 20);
    int64_t ab = a * b, total = ab + c;
    int kind = static_cast<int>(rng.below(4));
    int64_t shown = kind == 1 ? ab + 1 : ab;
    int64_t extra = kind == 2 ? 97 : c;
    std::string q = "Jo buys " + std::to_string(a) + " boxes of " + std::to_string(b) +
                    " pens and " + std::to_string(c) + " more pens. How many pens?";
    std::string s0 = std::to_string(a) + " * " + std::to_string(b) + " = <<" + std::to_string(a) +
                     "*" + std::to_string(b) + "=" + std::to_string(shown) + ">>" +
                     std::to_string(shown) + " pens.";
    int64_t t2 = shown + extra;
    std::string s1 = std::to_string(shown) + " + " + std::to_string(extra) + " = <<" +
                     std::to_string(shown) + "+" + std::to_string(extra) + "=" +
                     std::to_string(t2) + ">>" + std::to_string(t2) + " pens.";
    std::string answer = std::to_string(kind == 3 ? t2 + 2 : t2);
    out += "{\"id\":\"t" + std::to_string(i) + "\",\"question\":";
    json::append_quoted(out, q);
    out += ",\"steps\":[";
    json::append_quoted(out, s0);
    out += ",";
    json::append_quoted(out, s1);
    out += "],\"answer\":\"" + answer + "\",\"gold\":\"" + std::to_string(total) +
           "\",\"meta\":{\"n\":" + std::to_string(i) + "}}\n";
  }
  return out;
}

struct FileRun {
  Figures fig;
  std::string out, explain;
  uint64_t bad = 0;
};

FileRun run_file(const std::string& in, const std::string& out, FileOptions o,
                 bool strict = false) {
  o.progress = false;
  Diagnostics diag(strict);
  diag.set_print(false);
  std::FILE* ex = o.explain ? std::tmpfile() : nullptr;
  if (ex) o.explain = ex;
  auto fig = verify_file(in, out, o, diag);
  FileRun r;
  EXPECT_TRUE(fig.ok()) << (fig.ok() ? "" : fig.error().message);
  if (fig.ok()) r.fig = *fig;
  if (!out.empty() && fig.ok()) r.out = read_all(out);
  r.bad = diag.count();
  if (ex) {
    std::rewind(ex);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, ex)) > 0) r.explain.append(buf, n);
    std::fclose(ex);
  }
  return r;
}

std::vector<std::string> ids(const std::string& jsonl) {
  std::vector<std::string> out;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) {
    auto v = json::parse(line);
    if (v && v->find("id")) out.push_back(v->find("id")->str());
  }
  return out;
}

TEST(VerifyFile, SameBytesForEveryThreadCountAndBatching) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  write_all(in, make_input(2000, 7));
  FileOptions o;
  o.threads = 1;
  FileRun one = run_file(in, dir.file("out1.jsonl"), o);
  ASSERT_EQ(one.fig.traces, 2000u);
  EXPECT_GT(one.fig.ok, 0u);
  EXPECT_LT(one.fig.ok, 2000u);
  for (int threads : {2, 3, 8}) {
    for (size_t batch : {size_t{1}, size_t{7}, size_t{512}}) {
      FileOptions p;
      p.threads = threads;
      p.batch_records = batch;
      p.max_batches = batch == 1 ? 3 : 0;
      FileRun r = run_file(in, dir.file("out.jsonl"), p);
      EXPECT_EQ(r.out, one.out) << threads << " threads, batch " << batch;
      EXPECT_EQ(r.fig.ok, one.fig.ok);
      EXPECT_EQ(r.fig.findings, one.fig.findings);
      EXPECT_EQ(r.fig.first_error, one.fig.first_error);
    }
  }
}

TEST(VerifyFile, OutputKeepsInputOrderAndFields) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  write_all(in, make_input(500, 11));
  FileOptions o;
  o.threads = 4;
  o.batch_records = 3;
  FileRun r = run_file(in, dir.file("out.jsonl"), o);
  auto got = ids(r.out);
  ASSERT_EQ(got.size(), 500u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], "t" + std::to_string(i));
  // Each record carries its verdict, and the same verdict verify_trace() gives.
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    auto v = json::parse(line);
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(v->find("meta"));  // unknown and known fields pass through
    auto t = trace::from_json(std::move(*v));
    ASSERT_TRUE(t.ok());
    ASSERT_TRUE(t->verdict.has_value());
    trace::Verdict fresh = verify_trace(*t);
    EXPECT_EQ(fresh.ok, t->verdict->ok);
    EXPECT_EQ(fresh.first_error, t->verdict->first_error);
    ASSERT_EQ(fresh.findings.size(), t->verdict->findings.size());
    for (size_t i = 0; i < fresh.findings.size(); ++i)
      EXPECT_EQ(fresh.findings[i].message, t->verdict->findings[i].message);
  }
}

TEST(VerifyFile, ShardsPartitionTheInput) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  write_all(in, make_input(300, 3));
  FileOptions all;
  all.threads = 2;
  FileRun whole = run_file(in, dir.file("all.jsonl"), all);
  std::vector<std::string> merged(300);
  uint64_t traces = 0, ok = 0;
  for (uint32_t i = 0; i < 3; ++i) {
    FileOptions o;
    o.threads = 2;
    o.shard_index = i;
    o.shard_count = 3;
    FileRun r = run_file(in, dir.file("shard" + std::to_string(i) + ".jsonl"), o);
    traces += r.fig.traces;
    ok += r.fig.ok;
    EXPECT_EQ(r.fig.read, 300u);
    for (const auto& id : ids(r.out)) {
      int n = std::stoi(id.substr(1));
      EXPECT_EQ(static_cast<uint32_t>(n % 3), i) << id;  // line n+1 -> shard n mod 3
      merged[static_cast<size_t>(n)] = id;
    }
  }
  EXPECT_EQ(traces, 300u);
  EXPECT_EQ(ok, whole.fig.ok);
  for (size_t i = 0; i < merged.size(); ++i) EXPECT_EQ(merged[i], "t" + std::to_string(i));
}

TEST(VerifyFile, BadLinesAreReportedCountedAndSkipped) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  std::string good = make_input(10, 5);
  std::string data = good.substr(0, good.find('\n') + 1) + "{\"question\": oops}\n" +
                     "{\"id\": \"no-question\", \"steps\": []}\n" + "\n" +
                     good.substr(good.find('\n') + 1);
  write_all(in, data);
  FileOptions o;
  o.threads = 2;
  FileRun r = run_file(in, dir.file("out.jsonl"), o);
  EXPECT_EQ(r.fig.traces, 10u);
  EXPECT_EQ(r.fig.bad_lines, 2u);
  EXPECT_EQ(r.bad, 2u);
  EXPECT_EQ(ids(r.out).size(), 10u);
}

TEST(VerifyFile, StrictStopsAtTheFirstBadLineAndWritesNothing) {
  TempDir dir;
  std::string in = dir.file("in.jsonl"), out = dir.file("out.jsonl");
  write_all(in, make_input(5, 5) + "not json\n" + make_input(5, 6));
  FileOptions o;
  o.threads = 2;
  o.progress = false;
  Diagnostics diag(/*strict=*/true);
  diag.set_print(false);
  auto fig = verify_file(in, out, o, diag);
  ASSERT_FALSE(fig.ok());
  EXPECT_NE(fig.error().message.find(":6"), std::string::npos) << fig.error().message;
  EXPECT_FALSE(fs::exists(out));
}

TEST(VerifyFile, ExplainShowsFindingsUnderTheirStepsInInputOrder) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  write_all(in, make_input(200, 9));
  FileOptions o;
  o.threads = 3;
  o.batch_records = 5;
  o.explain = stdout;  // replaced by a temporary file in run_file()
  FileRun r = run_file(in, "", o);
  ASSERT_FALSE(r.explain.empty());
  EXPECT_NE(r.explain.find("^ error   arith_mismatch"), std::string::npos);
  EXPECT_NE(r.explain.find("[1] "), std::string::npos);
  // Blocks appear in input order.
  size_t last = 0;
  int last_line = 0;
  while ((last = r.explain.find(in + ":", last)) != std::string::npos) {
    last += in.size() + 1;
    int line = std::atoi(r.explain.c_str() + last);
    EXPECT_GT(line, last_line);
    last_line = line;
  }
  EXPECT_GT(last_line, 0);
}

TEST(VerifyFile, GzipOutputRoundTrips) {
  TempDir dir;
  std::string in = dir.file("in.jsonl"), out = dir.file("out.jsonl.gz");
  write_all(in, make_input(50, 2));
  FileOptions o;
  o.threads = 2;
  o.progress = false;
  Diagnostics diag;
  ASSERT_TRUE(verify_file(in, out, o, diag).ok());
  auto reader = trace::JsonlReader::open(out);
  ASSERT_TRUE(reader.ok());
  trace::Trace t;
  int n = 0;
  while ((*reader)->next_trace(t, diag)) {
    EXPECT_TRUE(t.verdict.has_value());
    ++n;
  }
  EXPECT_EQ(n, 50);
}

TEST(VerifyFile, EmptyInputGivesEmptyOutput) {
  TempDir dir;
  std::string in = dir.file("in.jsonl"), out = dir.file("out.jsonl");
  write_all(in, "");
  FileRun r = run_file(in, out, FileOptions{});
  EXPECT_EQ(r.fig.traces, 0u);
  EXPECT_TRUE(fs::exists(out));
  EXPECT_EQ(r.out, "");
}

TEST(VerifyFile, MissingInputIsAnError) {
  FileOptions o;
  o.progress = false;
  Diagnostics diag;
  auto fig = verify_file("/nonexistent/in.jsonl", "", o, diag);
  ASSERT_FALSE(fig.ok());
  EXPECT_NE(fig.error().message.find("/nonexistent/in.jsonl"), std::string::npos);
}

TEST(VerifyFile, BadShardIsAnError) {
  FileOptions o;
  o.shard_index = 3;
  o.shard_count = 3;
  Diagnostics diag;
  EXPECT_FALSE(verify_file("-", "", o, diag).ok());
}

TEST(Figures, SummaryJsonHasTheSameFiguresAsTheText) {
  Figures f;
  trace::Verdict ok;
  ok.ok = ok.answer_ok = true;
  trace::Verdict bad;
  trace::Finding fi;
  fi.code = kArithMismatch;
  fi.step = 2;
  bad.findings.push_back(fi);
  bad.first_error = 2;
  f.add(ok, true);
  f.add(bad, true);
  f.add(bad, false);
  auto j = f.to_json();
  EXPECT_EQ(j.find("traces")->as_int(), 3);
  EXPECT_EQ(j.find("ok")->as_int(), 1);
  EXPECT_EQ(j.find("with_gold")->as_int(), 2);
  EXPECT_EQ(j.find("findings")->find("arith_mismatch")->as_int(), 2);
  EXPECT_EQ(j.find("first_error")->find("2")->as_int(), 2);
  std::string text = f.to_text();
  EXPECT_NE(text.find("arith_mismatch"), std::string::npos);
  EXPECT_NE(text.find("2:2"), std::string::npos);
}

}  // namespace
}  // namespace stepwise::verify

// teach::run() end to end against the fault-injecting test server on 127.0.0.1.
#include "teach/teach.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <set>
#include <thread>

#include "teach/cache.h"
#include "teach/test_server.h"
#include "teach/test_util.h"

namespace stepwise::teach {
namespace {

using testing::TempDir;

// The integer at a path of object keys in `v` (-1 when absent).
int64_t at(const json::Value& v, std::initializer_list<std::string_view> path) {
  const json::Value* cur = &v;
  for (std::string_view k : path) {
    cur = cur->find(k);
    if (!cur) return -1;
  }
  return cur->as_int().value_or(-1);
}

json::Value parse_line(const std::string& line) {
  auto v = json::parse(line);
  EXPECT_TRUE(v) << line;
  return v ? *v : json::Value();
}

class TeachRun : public ::testing::Test {
 protected:
  void start(TestServerOptions so = {}, int problems = 10) {
    server_ = std::make_unique<TestServer>(so);
    ASSERT_TRUE(server_->start());
    testing::write_problems(dir_.file("problems.jsonl"), problems);
  }
  TeachOptions options(int k = 2) { return testing::options_for(server_->url(), dir_, k); }
  Summary run_ok(const TeachOptions& o) {
    auto s = run(o);
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : Summary("teach");
  }
  TempDir dir_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(TeachRun, WritesKCandidatesPerProblemInProblemThenSampleOrder) {
  start();
  Summary s = run_ok(options(3));
  EXPECT_EQ(at(s.figures, {"candidates"}), 30);
  EXPECT_EQ(at(s.figures, {"drops"}), 0);
  EXPECT_EQ(s.figures.find("sampling")->str(), "n");
  EXPECT_EQ(server_->stats().requests, 10);  // one request with n=3 per problem
  auto out = testing::lines(dir_.file("out.jsonl"));
  ASSERT_EQ(out.size(), 30u);
  for (size_t i = 0; i < out.size(); ++i) {
    json::Value r = parse_line(out[i]);
    std::string pid = "p" + std::to_string(i / 3);
    EXPECT_EQ(r.find("id")->str(), pid + "." + std::to_string(i % 3));
    EXPECT_EQ(r.find("meta")->find("problem_id")->str(), pid);
    EXPECT_EQ(r.find("answer")->str(), r.find("gold")->str());
    EXPECT_EQ(r.find("source")->find("kind")->str(), "teacher");
    EXPECT_EQ(r.find("source")->find("model")->str(), "test-model");
    EXPECT_EQ(at(r, {"source", "sample"}), static_cast<int64_t>(i % 3));
    EXPECT_EQ(r.find("source")->find("prompt_hash")->str().size(), 16u);
    EXPECT_NE(r.find("raw")->str().find("#### "), std::string::npos);
    EXPECT_GE(r.find("steps")->items().size(), 2u);
  }
}

TEST_F(TeachRun, CompletionsApiWorksToo) {
  start();
  TeachOptions o = options(2);
  o.api = Api::kCompletions;
  Summary s = run_ok(o);
  EXPECT_EQ(at(s.figures, {"candidates"}), 20);
  EXPECT_EQ(s.figures.find("api")->str(), "completions");
}

TEST_F(TeachRun, AutoSamplingFallsBackToSeparateRequestsWhenNIsIgnored) {
  TestServerOptions so;
  so.n_mode = "ignore";
  start(so, 5);
  TeachOptions o = options(3);
  o.params.seed = 100;
  Summary s = run_ok(o);
  EXPECT_EQ(s.figures.find("sampling")->str(), "separate");
  EXPECT_EQ(at(s.figures, {"candidates"}), 15);
  // The probe (n=3, answered with one choice) counts as sample 0 of problem 0.
  EXPECT_EQ(server_->stats().requests, 1 + 2 + 4 * 3);
  EXPECT_EQ(server_->stats().duplicates(), 0);  // seeds differ per sample: distinct requests
}

TEST_F(TeachRun, AutoSamplingFallsBackWhenNIsRejected) {
  TestServerOptions so;
  so.n_mode = "reject";
  start(so, 5);
  Summary s = run_ok(options(3));
  EXPECT_EQ(s.figures.find("sampling")->str(), "separate");
  EXPECT_EQ(at(s.figures, {"candidates"}), 15);
  EXPECT_EQ(at(s.figures, {"drops"}), 0);
  EXPECT_EQ(server_->stats().requests, 1 + 5 * 3);
}

TEST_F(TeachRun, RetriesEveryTransientFaultAndHonoursRetryAfter) {
  TestServerOptions so;
  so.retry_after_s = 1;
  so.slow_s = 1.0;
  start(so, 3);
  server_->push_faults({Fault::k429, Fault::k500, Fault::kReset, Fault::kTruncated,
                        Fault::kMalformed, Fault::kSlow, Fault::k503});
  TeachOptions o = options(1);
  o.concurrency = 1;
  o.timeout_s = 0.3;
  o.max_retries = 10;  // problem 0 meets all seven faults
  auto start_time = std::chrono::steady_clock::now();
  Summary s = run_ok(o);
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  EXPECT_GE(secs, 1.0);  // the 429 asked for a second
  EXPECT_EQ(at(s.figures, {"candidates"}), 3);
  EXPECT_EQ(at(s.figures, {"attempt_failures", "http_429"}), 1);
  EXPECT_EQ(at(s.figures, {"attempt_failures", "http_500"}), 1);
  EXPECT_EQ(at(s.figures, {"attempt_failures", "http_503"}), 1);
  EXPECT_EQ(at(s.figures, {"attempt_failures", "bad_response"}), 1);
  EXPECT_EQ(at(s.figures, {"attempt_failures", "timeout"}), 1);
  EXPECT_GE(at(s.figures, {"attempt_failures", "read"}), 1);  // reset, truncated
  EXPECT_EQ(at(s.figures, {"requests", "attempts"}), 3 + 7);
  EXPECT_EQ(server_->stats().ok, 3);
}

TEST_F(TeachRun, RetryAfterAsAnHttpDateIsHonoured) {
  TestServerOptions so;
  so.retry_after_s = 2;
  start(so, 1);
  server_->push_faults({Fault::k429Date});
  TeachOptions o = options(1);
  auto t0 = std::chrono::steady_clock::now();
  Summary s = run_ok(o);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(900));
  EXPECT_EQ(at(s.figures, {"candidates"}), 1);
}

TEST_F(TeachRun, FailuresAndUnparseableAnswersAreDropsWithTheirReasons) {
  TestServerOptions so;
  so.bad_answer_rate = 0.3;
  start(so, 20);
  server_->push_faults({Fault::k500, Fault::k500, Fault::k500, Fault::k400});
  TeachOptions o = options(2);
  o.sampling = Sampling::kN;
  o.concurrency = 1;
  o.max_retries = 2;
  Summary s = run_ok(o);
  EXPECT_EQ(at(s.figures, {"drops_by_reason", "http_500"}), 2);  // p0: 3 attempts, gave up
  EXPECT_EQ(at(s.figures, {"drops_by_reason", "http_400"}), 2);  // p1: refused
  int64_t no_steps = at(s.figures, {"drops_by_reason", "no_steps"});
  EXPECT_GT(no_steps, 0);
  EXPECT_EQ(at(s.figures, {"candidates"}) + at(s.figures, {"drops"}), 40);
  auto drops = testing::lines(dir_.file("out.drops.jsonl"));
  ASSERT_EQ(static_cast<int64_t>(drops.size()), at(s.figures, {"drops"}));
  json::Value first = parse_line(drops[0]);
  EXPECT_EQ(first.find("id")->str(), "p0.0");
  EXPECT_EQ(first.find("meta")->find("drop")->find("reason")->str(), "http_500");
  EXPECT_EQ(first.find("meta")->find("drop")->find("stage")->str(), "request");
  bool saw_parse = false;
  for (const std::string& line : drops) {
    json::Value d = parse_line(line);
    if (d.find("meta")->find("drop")->find("reason")->str() != "no_steps") continue;
    saw_parse = true;
    EXPECT_EQ(d.find("raw")->str(), "I am sorry, I cannot solve this one.");
  }
  EXPECT_TRUE(saw_parse);
}

TEST_F(TeachRun, ARerunIsServedFromTheCacheAndWritesTheSameBytes) {
  start();
  TeachOptions o = options(2);
  run_ok(o);
  int64_t requests = server_->stats().requests;
  std::string first = testing::slurp(o.output);
  Summary again = run_ok(o);
  EXPECT_EQ(server_->stats().requests, requests);
  EXPECT_EQ(at(again.figures, {"requests", "cached"}), 10);
  EXPECT_EQ(at(again.figures, {"requests", "attempts"}), 0);
  EXPECT_EQ(testing::slurp(o.output), first);
  EXPECT_TRUE(testing::exists(dir_.file("out.jsonl.cache.db")));
}

TEST_F(TeachRun, DryRunEstimatesWithoutSendingOrWriting) {
  start();
  TeachOptions o = options(4);
  o.dry_run = true;
  o.sampling = Sampling::kSeparate;
  Summary s = run_ok(o);
  EXPECT_EQ(server_->stats().requests, 0);
  EXPECT_FALSE(testing::exists(o.output));
  EXPECT_FALSE(testing::exists(dir_.file("out.jsonl.cache.db")));
  EXPECT_EQ(at(s.figures, {"requests", "planned"}), 40);
  EXPECT_EQ(at(s.figures, {"requests", "to_send"}), 40);
  EXPECT_GT(at(s.figures, {"estimated_tokens", "prompt"}), 40 * 50);
  EXPECT_EQ(at(s.figures, {"estimated_tokens", "completion_max"}), 40 * 512);
  o.dry_run = false;
  run_ok(o);
  o.dry_run = true;
  Summary after = run_ok(o);
  EXPECT_EQ(at(after.figures, {"requests", "to_send"}), 0);
  EXPECT_EQ(at(after.figures, {"requests", "cached"}), 40);
}

TEST_F(TeachRun, TheBudgetStopsCleanlyAndARerunContinues) {
  start({}, 40);
  TeachOptions o = options(1);
  o.concurrency = 2;
  o.budget_tokens = 1000;  // each request is roughly 150 tokens
  Summary s = run_ok(o);
  EXPECT_EQ(s.figures.find("budget_reached")->as_bool(), true);
  int64_t done = at(s.figures, {"candidates"});
  EXPECT_GT(done, 3);
  EXPECT_LT(done, 20);
  EXPECT_EQ(at(s.figures, {"pending"}), 40 - done);
  EXPECT_EQ(at(s.figures, {"requests", "not_sent"}), 40 - done);
  EXPECT_EQ(at(s.figures, {"drops"}), 0);
  EXPECT_GE(at(s.figures, {"tokens", "total"}), 1000);
  EXPECT_EQ(static_cast<int64_t>(testing::lines(o.output).size()), done);
  o.budget_tokens = 0;
  Summary rest = run_ok(o);
  EXPECT_EQ(at(rest.figures, {"candidates"}), 40);
  EXPECT_EQ(at(rest.figures, {"requests", "cached"}), done);
  EXPECT_EQ(server_->stats().ok, 40);
  EXPECT_EQ(server_->stats().duplicates(), 0);
}

TEST_F(TeachRun, AWrongKeyStopsTheRunAtOnce) {
  TestServerOptions so;
  so.api_key = "right";
  start(so, 50);
  setenv("TEACH_TEST_KEY", "wrong", 1);
  TeachOptions o = options(1);
  o.api_key_env = "TEACH_TEST_KEY";
  o.sampling = Sampling::kSeparate;
  auto s = run(o);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("http_401"), std::string::npos) << s.error().message;
  EXPECT_LE(server_->stats().requests, o.concurrency + 1);
  setenv("TEACH_TEST_KEY", "right", 1);
  EXPECT_TRUE(run(o));
}

TEST_F(TeachRun, RequestsPerMinuteArePacedAndExtraHeadersSent) {
  start({}, 25);
  TeachOptions o = options(1);
  o.rpm = 600;  // 10 a second, bursts of 10: 25 requests take at least 1.5 s
  o.concurrency = 8;
  o.headers = {{"X-Run", "7"}};
  setenv("TEACH_TEST_KEY", "sk-run", 1);
  o.api_key_env = "TEACH_TEST_KEY";
  auto t0 = std::chrono::steady_clock::now();
  Summary s = run_ok(o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(at(s.figures, {"candidates"}), 25);
  EXPECT_GE(secs, 1.4);
  EXPECT_LT(secs, 10);
  auto h = server_->last_headers();
  EXPECT_EQ(h["x-run"], "7");
  EXPECT_EQ(h["authorization"], "Bearer sk-run");
}

TEST_F(TeachRun, AnUnreachableEndpointStopsTheRun) {
  start({}, 30);
  TeachOptions o = options(1);
  server_->stop();  // nothing listens on the port any more
  o.max_retries = 1;
  auto t0 = std::chrono::steady_clock::now();
  auto s = run(o);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("connection"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("reachable"), std::string::npos) << s.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

TEST_F(TeachRun, RationalizeHintsTheGoldAndMarksTheCandidates) {
  start({}, 2);
  TeachOptions o = options(1);
  o.rationalize = true;
  run_ok(o);
  json::Value r = parse_line(testing::lines(o.output)[0]);
  EXPECT_TRUE(r.find("source")->find("hinted")->as_bool());
  auto cache = Cache::open(dir_.file("out.jsonl.cache.db"));
  ASSERT_TRUE(cache);
  std::string key = r.find("source")->find("request")->str();
  auto e = (*cache)->get(key);
  ASSERT_TRUE(e && e->has_value());
  EXPECT_NE((*e)->request.find("The correct final answer is " + r.find("gold")->str()),
            std::string::npos);
}

// kill -9 of a running `stepwise teach`, then a rerun: nothing stored is paid for again, at
// most the requests in flight at the kill are, and the output equals an uninterrupted run's.
TEST_F(TeachRun, KillNineThenRerunMatchesAnUninterruptedRun) {
  std::string bin = testing::stepwise_bin();
  if (bin.empty()) GTEST_SKIP() << "STEPWISE_BIN not set";
  TestServerOptions so;
  so.delay_s = 0.01;
  start(so, 150);
  auto args = [&](const std::string& name) {
    return std::vector<std::string>{bin,
                                    "teach",
                                    dir_.file("problems.jsonl"),
                                    "-o",
                                    dir_.file(name + ".jsonl"),
                                    "--endpoint",
                                    server_->url(),
                                    "--model",
                                    "m",
                                    "-k",
                                    "2",
                                    "--sampling",
                                    "separate",
                                    "--seed",
                                    "1",
                                    "-j",
                                    "4",
                                    "--few-shot",
                                    "0",
                                    "--no-progress"};
  };
  ASSERT_EQ(testing::wait_child(testing::spawn(args("a"), dir_.file("a.log"))), 0)
      << testing::slurp(dir_.file("a.log"));
  auto s0 = server_->stats().ok_by_body;
  pid_t pid = testing::spawn(args("b"), dir_.file("b.log"));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (server_->stats().ok < 300 + 100 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, SIGKILL);
  ASSERT_EQ(testing::wait_child(pid), 128 + SIGKILL);
  auto s1 = server_->stats().ok_by_body;
  EXPECT_FALSE(testing::exists(dir_.file("b.jsonl")));
  std::set<std::string> cached;
  {
    auto cache = Cache::open(dir_.file("b.jsonl.cache.db"));
    ASSERT_TRUE(cache);
    auto keys = (*cache)->keys();
    ASSERT_TRUE(keys);
    for (const std::string& key : *keys) {
      cached.insert(TestServer::body_hash((*(*cache)->get(key))->request));
    }
  }
  EXPECT_GE(cached.size(), 90u);
  int64_t served_not_stored = 0;
  for (const auto& [body, n] : s1) {
    if (n > s0[body] && !cached.count(body)) ++served_not_stored;
  }
  for (const std::string& body : cached) EXPECT_EQ(s1[body], s0[body] + 1);
  EXPECT_LE(served_not_stored, 4);  // at most the requests in flight
  ASSERT_EQ(testing::wait_child(testing::spawn(args("b"), dir_.file("b2.log"))), 0)
      << testing::slurp(dir_.file("b2.log"));
  auto s2 = server_->stats().ok_by_body;
  for (const std::string& body : cached) EXPECT_EQ(s2[body], s1[body]) << "paid twice";
  EXPECT_EQ(testing::slurp(dir_.file("b.jsonl")), testing::slurp(dir_.file("a.jsonl")));
  EXPECT_EQ(testing::lines(dir_.file("b.jsonl")).size(), 300u);
}

}  // namespace
}  // namespace stepwise::teach

// The scale test of `stepwise teach`: 1,000 problems x k = 4 against the local test server with
// 20% of attempts faulted (429, 500, slow, malformed, truncated, reset): every successful
// response is recorded exactly once, and a kill -9 in the middle followed by a rerun gives the
// same output as the uninterrupted run. Labelled `slow`.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "teach/cache.h"
#include "teach/teach.h"
#include "teach/test_server.h"
#include "teach/test_util.h"

namespace stepwise::teach {
namespace {

TestServerOptions faulty() {
  TestServerOptions so;
  so.fault_rate = 0.2;
  so.retry_after_s = 0;
  so.slow_s = 0.6;
  so.seed = 7;
  so.threads = 48;
  return so;
}

TEST(TeachAtScale, ThousandProblemsTimesFourWithTwentyPercentFaults) {
  testing::TempDir dir;
  TestServer server(faulty());
  ASSERT_TRUE(server.start());
  testing::write_problems(dir.file("problems.jsonl"), 1000);
  TeachOptions o = testing::options_for(server.url(), dir, 4);
  o.sampling = Sampling::kSeparate;  // 4,000 requests rather than 1,000
  o.params.seed = 1;
  o.concurrency = 16;
  o.timeout_s = 0.3;
  o.max_retries = 12;
  auto s = run(o);
  ASSERT_TRUE(s) << s.error().message;
  const TestServerStats st = server.stats();
  // Every request was answered once and only once, and every answer was recorded.
  EXPECT_EQ(st.ok, 4000);
  EXPECT_EQ(static_cast<int64_t>(st.ok_by_body.size()), 4000);
  EXPECT_EQ(st.duplicates(), 0);
  int64_t faults = 0;
  for (const auto& [kind, n] : st.faults) faults += n;
  EXPECT_NEAR(static_cast<double>(faults) / static_cast<double>(st.requests), 0.2, 0.03);
  EXPECT_EQ(s->figures.find("candidates")->as_int(), 4000);
  EXPECT_EQ(s->figures.find("drops")->as_int(), 0);
  auto cache = Cache::open(dir.file("out.jsonl.cache.db"));
  ASSERT_TRUE(cache);
  EXPECT_EQ(*(*cache)->size(), 4000);
  EXPECT_EQ(testing::lines(o.output).size(), 4000u);
}

TEST(TeachAtScale, KillNineMidRunWithFaultsThenRerunGivesTheSameOutput) {
  std::string bin = testing::stepwise_bin();
  if (bin.empty()) GTEST_SKIP() << "STEPWISE_BIN not set";
  testing::TempDir dir;
  TestServer server(faulty());
  ASSERT_TRUE(server.start());
  testing::write_problems(dir.file("problems.jsonl"), 1000);
  auto args = [&](const std::string& name) {
    return std::vector<std::string>{bin,
                                    "teach",
                                    dir.file("problems.jsonl"),
                                    "-o",
                                    dir.file(name + ".jsonl"),
                                    "--endpoint",
                                    server.url(),
                                    "--model",
                                    "m",
                                    "-k",
                                    "4",
                                    "--seed",
                                    "1",
                                    "-j",
                                    "16",
                                    "--few-shot",
                                    "0",
                                    "--timeout",
                                    "0.3",
                                    "--backoff-base",
                                    "0.01",
                                    "--backoff-max",
                                    "0.05",
                                    "--max-retries",
                                    "12",
                                    "--no-progress"};
  };
  ASSERT_EQ(testing::wait_child(testing::spawn(args("a"), dir.file("a.log"))), 0)
      << testing::slurp(dir.file("a.log"));
  const int64_t after_a = server.stats().ok;
  pid_t pid = testing::spawn(args("b"), dir.file("b.log"));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (server.stats().ok < after_a + after_a / 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  ASSERT_EQ(testing::wait_child(pid), 128 + SIGKILL);
  const int64_t served_before_kill = server.stats().ok - after_a;
  ASSERT_EQ(testing::wait_child(testing::spawn(args("b"), dir.file("b2.log"))), 0)
      << testing::slurp(dir.file("b2.log"));
  const int64_t served_b = server.stats().ok - after_a;
  // Requests paid twice: at most those in flight at the kill (16 workers).
  EXPECT_LE(served_b - after_a, 16);
  EXPECT_GT(served_before_kill, 0);
  EXPECT_EQ(testing::slurp(dir.file("b.jsonl")), testing::slurp(dir.file("a.jsonl")));
  EXPECT_EQ(testing::lines(dir.file("b.jsonl")).size(), 4000u);
}

}  // namespace
}  // namespace stepwise::teach

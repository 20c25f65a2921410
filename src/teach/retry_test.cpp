#include "teach/retry.h"

#include <gtest/gtest.h>

#include <thread>

#include "teach/rate_limiter.h"

namespace stepwise::teach {
namespace {

// 1994-11-06 08:49:37 UTC.
const auto kNov1994 = std::chrono::system_clock::from_time_t(784111777);

TEST(ParseRetryAfter, ReadsDeltaSeconds) {
  auto now = std::chrono::system_clock::now();
  EXPECT_EQ(parse_retry_after("120", now), 120.0);
  EXPECT_EQ(parse_retry_after(" 0 ", now), 0.0);
  EXPECT_DOUBLE_EQ(*parse_retry_after("1.5", now), 1.5);
  EXPECT_FALSE(parse_retry_after("", now));
  EXPECT_FALSE(parse_retry_after("-1", now));
  EXPECT_FALSE(parse_retry_after("12abc", now));
  EXPECT_FALSE(parse_retry_after("1.", now));
  EXPECT_FALSE(parse_retry_after("9999999999999", now));
}

TEST(ParseRetryAfter, ReadsTheThreeHttpDateForms) {
  auto before = kNov1994 - std::chrono::seconds(30);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", before), 30.0);
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", before), 30.0);
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", before), 30.0);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kNov1994 + std::chrono::hours(1)),
            0.0);
  EXPECT_FALSE(parse_retry_after("Sun, 06 Nov 1994 08:49:37 PST", before));
  EXPECT_FALSE(parse_retry_after("Sun, 32 Nov 1994 08:49:37 GMT", before));
  EXPECT_FALSE(parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", before));
  EXPECT_FALSE(parse_retry_after("soon", before));
}

TEST(RetryPolicy, FullJitterStaysUnderTheCeilingAndHonoursRetryAfter) {
  RetryPolicy p;
  p.base_s = 1;
  p.max_s = 8;
  Rng rng(3);
  double sum = 0;
  for (int i = 0; i < 1000; ++i) {
    double d = p.delay(2, std::nullopt, rng);  // ceiling 4
    EXPECT_GE(d, 0);
    EXPECT_LT(d, 4);
    sum += d;
  }
  EXPECT_NEAR(sum / 1000, 2.0, 0.2);  // uniform on [0, 4)
  for (int i = 0; i < 100; ++i) EXPECT_LT(p.delay(30, std::nullopt, rng), 8);
  EXPECT_GE(p.delay(0, 5.0, rng), 5.0);
  p.max_retry_after_s = 10;
  EXPECT_EQ(p.delay(0, 3600.0, rng), 10.0);
}

TEST(Retryable, RetriesTransientFailuresOnly) {
  for (const char* c : {"http_429", "http_500", "http_503", "http_408", "timeout", "connection",
                        "read", "write", "bad_response"}) {
    EXPECT_TRUE(retryable(c)) << c;
  }
  for (const char* c : {"http_400", "http_401", "http_404", "http_422", "ssl", "canceled", "x"}) {
    EXPECT_FALSE(retryable(c)) << c;
  }
  EXPECT_TRUE(fatal("http_401"));
  EXPECT_TRUE(fatal("http_404"));
  EXPECT_FALSE(fatal("http_429"));
}

TEST(TokenBucket, AllowsOneSecondOfBurstThenPacesAtTheRate) {
  TokenBucket b(600);  // 10 per second, bursts of 10
  auto t0 = Clock::now();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(b.reserve(1, t0), t0);
  auto next = b.reserve(1, t0);
  EXPECT_NEAR(std::chrono::duration<double>(next - t0).count(), 0.1, 1e-6);
  auto later = b.reserve(5, t0);  // waits for its own debt too
  EXPECT_NEAR(std::chrono::duration<double>(later - t0).count(), 0.6, 1e-6);
  TokenBucket unlimited(0);
  EXPECT_EQ(unlimited.reserve(1e9, t0), t0);
}

TEST(RateLimiter, PausesEveryCallerUntilAServerSaysSo) {
  RateLimiter l(0, 0);
  auto until = Clock::now() + std::chrono::milliseconds(200);
  l.pause_until(until);
  l.pause_until(until - std::chrono::milliseconds(100));  // never shortens
  EXPECT_GE(l.reserve(1), until);
}

TEST(RateLimiter, SettlingGivesBackOverEstimatedTokens) {
  RateLimiter l(0, 60);  // one token per second, bucket of 1
  auto t = l.reserve(31);
  EXPECT_GT(t, Clock::now() + std::chrono::seconds(25));
  l.settle(31, 1);  // only 1 was used: 30 come back
  EXPECT_LT(l.reserve(1), Clock::now() + std::chrono::seconds(2));
}

}  // namespace
}  // namespace stepwise::teach

#include "teach/cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <thread>

#include "teach/test_util.h"

namespace stepwise::teach {
namespace {

using testing::TempDir;

CacheEntry entry(const std::string& key, const std::string& response) {
  CacheEntry e;
  e.key = key;
  e.request = "{\"q\":1}";
  e.response = response;
  e.prompt_tokens = 10;
  e.completion_tokens = 20;
  return e;
}

TEST(CacheKey, DependsOnEveryPartAndIsStable) {
  std::string k = cache_key("http://h:1/v1/chat/completions", "{}", 0);
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(k, cache_key("http://h:1/v1/chat/completions", "{}", 0));
  EXPECT_NE(k, cache_key("http://h:2/v1/chat/completions", "{}", 0));
  EXPECT_NE(k, cache_key("http://h:1/v1/chat/completions", "{ }", 0));
  EXPECT_NE(k, cache_key("http://h:1/v1/chat/completions", "{}", 1));
}

TEST(Cache, StoresAndReadsBackAcrossReopen) {
  TempDir dir;
  std::string path = dir.file("c.db");
  {
    auto c = Cache::open(path);
    ASSERT_TRUE(c) << c.error().message;
    auto missing = (*c)->get("k1");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());
    ASSERT_TRUE((*c)->put(entry("k1", "body-1")));
    ASSERT_TRUE((*c)->put(entry("k2", "body-2")));
    ASSERT_TRUE((*c)->put(entry("k1", "body-1b")));  // same key: replaced
    EXPECT_EQ(*(*c)->size(), 2);
  }
  auto c = Cache::open(path);
  ASSERT_TRUE(c);
  auto e = (*c)->get("k1");
  ASSERT_TRUE(e && e->has_value());
  EXPECT_EQ((*e)->response, "body-1b");
  EXPECT_EQ((*e)->request, "{\"q\":1}");
  EXPECT_EQ((*e)->prompt_tokens, 10);
  EXPECT_EQ((*e)->completion_tokens, 20);
  EXPECT_GT((*e)->created_unix, 1e9);
  EXPECT_EQ(*(*c)->keys(), (std::vector<std::string>{"k1", "k2"}));
  EXPECT_TRUE(*(*c)->contains("k2"));
}

TEST(Cache, RunsInWalModeWithNormalSync) {
  TempDir dir;
  std::string path = dir.file("c.db");
  auto c = Cache::open(path);
  ASSERT_TRUE(c);
  ASSERT_TRUE((*c)->put(entry("k", "v")));
  // A second connection sees the committed row at once (the writer is still open) and the
  // journal mode is persistent in the file.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM responses", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(Cache, RejectsAFileThatIsNotACache) {
  TempDir dir;
  std::string path = dir.file("not.db");
  std::ofstream(path) << "this is not a database, just some text that is long enough to matter";
  auto c = Cache::open(path);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(path), std::string::npos);
  EXPECT_FALSE(Cache::open(dir.file("missing-dir/c.db")));
}

TEST(Cache, ManyThreadsWriteConcurrently) {
  TempDir dir;
  auto c = Cache::open(dir.file("c.db"));
  ASSERT_TRUE(c);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE((*c)->put(entry("k" + std::to_string(t) + "-" + std::to_string(i), "v")));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(*(*c)->size(), 400);
}

}  // namespace
}  // namespace stepwise::teach

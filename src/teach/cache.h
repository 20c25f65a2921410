// cache.h: the crash-safe, request-level response cache of `stepwise teach` (SQLite).
//
// One row per answered request, keyed by a hash of what determines the answer (endpoint,
// request body with model, parameters, prompt and n, and the sample index), written the moment
// the response arrives, in its own transaction. The database runs in WAL mode with
// synchronous=NORMAL: a committed row survives the process being killed at any instant
// (kill -9, OOM, crash), because the WAL frames are in the kernel's page cache as soon as
// the commit returns; it may not survive a power loss or kernel crash after the commit (that
// needs synchronous=FULL: an fsync per row, set `durable_fsync`). A rerun therefore never
// pays twice for a request it has a row for. Format: docs/teach.md ("The cache").
//
// Thread-safe: every call takes the cache's mutex (SQLite is used from one connection).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stepwise::teach {

struct CacheEntry {
  std::string key;            // 32 hex digits, see cache_key()
  std::string request;        // the request body as sent
  std::string response;       // the response body as received (HTTP 200)
  int64_t prompt_tokens = 0;  // as reported by the server (or estimated)
  int64_t completion_tokens = 0;
  double created_unix = 0;  // seconds since the epoch when it was stored
};

// The key of one request: 128 bits of hash64 over the canonical endpoint URL, the request body
// and the index of the first sample it answers, as 32 hex digits.
std::string cache_key(const std::string& endpoint_url, const std::string& body, int64_t sample);

class Cache {
 public:
  // Opens (creating when absent) the cache at `path`. Error when the file cannot be opened,
  // is not a SQLite database, or was written by an incompatible version.
  static Result<std::unique_ptr<Cache>> open(const std::string& path, bool durable_fsync = false);
  ~Cache();
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  // The entry for `key`, nullopt when absent. Error on a database failure.
  Result<std::optional<CacheEntry>> get(const std::string& key);
  // True when `key` has a row.
  Result<bool> contains(const std::string& key);
  // Stores `e` (replacing a row with the same key) and commits before returning. Error on a
  // database failure (disk full, read-only file); the caller must then not count it as stored.
  Status put(const CacheEntry& e);
  // Number of rows.
  Result<int64_t> size();
  // Every key (for tests and tools), in key order.
  Result<std::vector<std::string>> keys();
  const std::string& path() const { return path_; }

 private:
  Cache() = default;
  Status exec(const char* sql);
  Error db_error(const std::string& what) const;

  std::mutex mu_;
  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
  sqlite3_stmt* put_ = nullptr;
};

}  // namespace stepwise::teach

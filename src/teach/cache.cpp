#include "teach/cache.h"

#include <sqlite3.h>

#include <chrono>

#include "base/hash.h"

namespace stepwise::teach {

namespace {

constexpr int kFormatVersion = 1;

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS responses ("
    "  key TEXT PRIMARY KEY,"
    "  request TEXT NOT NULL,"
    "  response TEXT NOT NULL,"
    "  prompt_tokens INTEGER NOT NULL,"
    "  completion_tokens INTEGER NOT NULL,"
    "  created_unix REAL NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);";

std::string column_text(sqlite3_stmt* st, int col) {
  const unsigned char* p = sqlite3_column_text(st, col);
  int n = sqlite3_column_bytes(st, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : "";
}

void bind_text(sqlite3_stmt* st, int col, const std::string& s) {
  sqlite3_bind_text(st, col, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

}  // namespace

std::string cache_key(const std::string& endpoint_url, const std::string& body, int64_t sample) {
  std::string material = endpoint_url;
  material.push_back('\n');
  material += std::to_string(sample);
  material.push_back('\n');
  material += body;
  return to_hex(hash64(material, 0x7465616368ULL)) + to_hex(hash64(material, 0x6361636865ULL));
}

Error Cache::db_error(const std::string& what) const {
  return Error{path_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory")};
}

Status Cache::exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown error";
    sqlite3_free(msg);
    return Error{path_ + ": " + m};
  }
  return Status::Ok();
}

Result<std::unique_ptr<Cache>> Cache::open(const std::string& path, bool durable_fsync) {
  std::unique_ptr<Cache> c(new Cache());
  c->path_ = path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &c->db_, flags, nullptr) != SQLITE_OK) {
    return c->db_error("cannot open the cache");
  }
  sqlite3_busy_timeout(c->db_, 10000);
  // WAL: a commit appends to the log and returns once the frames are written (with NORMAL,
  // without fsync). See cache.h for what that means after kill -9 and after a power loss.
  if (auto s = c->exec("PRAGMA journal_mode=WAL;"); !s) return s.error();
  if (auto s = c->exec(durable_fsync ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
      !s) {
    return s.error();
  }
  if (auto s = c->exec(kSchema); !s) return s.error();
  std::string version_sql = "INSERT OR IGNORE INTO meta(name, value) VALUES('format', '" +
                            std::to_string(kFormatVersion) + "');";
  if (auto s = c->exec(version_sql.c_str()); !s) return s.error();
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(c->db_, "SELECT value FROM meta WHERE name='format'", -1, &st, nullptr) !=
      SQLITE_OK) {
    return c->db_error("cannot read the cache format");
  }
  std::string version = sqlite3_step(st) == SQLITE_ROW ? column_text(st, 0) : "";
  sqlite3_finalize(st);
  if (version != std::to_string(kFormatVersion)) {
    return Error{path + ": cache format " + version + ", this stepwise reads format " +
                 std::to_string(kFormatVersion)};
  }
  if (sqlite3_prepare_v2(c->db_,
                         "SELECT key, request, response, prompt_tokens, completion_tokens, "
                         "created_unix FROM responses WHERE key = ?1",
                         -1, &c->get_, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(c->db_,
                         "INSERT OR REPLACE INTO responses(key, request, response, prompt_tokens, "
                         "completion_tokens, created_unix) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                         -1, &c->put_, nullptr) != SQLITE_OK) {
    return c->db_error("cannot prepare statements");
  }
  return c;
}

Cache::~Cache() {
  sqlite3_finalize(get_);
  sqlite3_finalize(put_);
  sqlite3_close(db_);
}

Result<std::optional<CacheEntry>> Cache::get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite3_reset(get_);
  bind_text(get_, 1, key);
  int rc = sqlite3_step(get_);
  if (rc == SQLITE_DONE) return std::optional<CacheEntry>();
  if (rc != SQLITE_ROW) return db_error("cannot read");
  CacheEntry e;
  e.key = column_text(get_, 0);
  e.request = column_text(get_, 1);
  e.response = column_text(get_, 2);
  e.prompt_tokens = sqlite3_column_int64(get_, 3);
  e.completion_tokens = sqlite3_column_int64(get_, 4);
  e.created_unix = sqlite3_column_double(get_, 5);
  sqlite3_reset(get_);
  return std::optional<CacheEntry>(std::move(e));
}

Result<bool> Cache::contains(const std::string& key) {
  auto e = get(key);
  if (!e) return e.error();
  return e->has_value();
}

Status Cache::put(const CacheEntry& e) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite3_reset(put_);
  bind_text(put_, 1, e.key);
  bind_text(put_, 2, e.request);
  bind_text(put_, 3, e.response);
  sqlite3_bind_int64(put_, 4, e.prompt_tokens);
  sqlite3_bind_int64(put_, 5, e.completion_tokens);
  double created = e.created_unix;
  if (created == 0) {
    created =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  sqlite3_bind_double(put_, 6, created);
  int rc = sqlite3_step(put_);
  sqlite3_reset(put_);
  if (rc != SQLITE_DONE) return db_error("cannot store a response");
  return Status::Ok();
}

Result<int64_t> Cache::size() {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM responses", -1, &st, nullptr) != SQLITE_OK) {
    return db_error("cannot count");
  }
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return n;
}

Result<std::vector<std::string>> Cache::keys() {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT key FROM responses ORDER BY key", -1, &st, nullptr) !=
      SQLITE_OK) {
    return db_error("cannot list keys");
  }
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) out.push_back(column_text(st, 0));
  sqlite3_finalize(st);
  return out;
}

}  // namespace stepwise::teach

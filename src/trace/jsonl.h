// jsonl.h: streaming JSON Lines input and atomic JSON Lines output.
//
// JsonlReader reads a file, a gzip file (by the ".gz" extension) or standard input ("-") one
// line at a time in bounded memory, whatever the file size. Every bad line (malformed JSON,
// invalid UTF-8, a line over `max_line_bytes`, a binary file, a truncated last line) is
// reported through Diagnostics as "file:line(:col): what was expected" and skipped; the good
// lines all come through unchanged. Blank lines are skipped silently. Not thread-safe.
//
// JsonlWriter writes to a temporary file and renames it into place on commit() ("-" writes
// to standard output).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/atomic_file.h"
#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "trace/trace.h"

namespace stepwise::trace {

struct ReadOptions {
  // Lines longer than this are reported ("too_long") and skipped without being held in memory.
  size_t max_line_bytes = size_t{64} << 20;
};

class JsonlReader {
 public:
  // Opens `path` ("-" = stdin; "*.gz" = gzip). Error when it cannot be opened.
  static Result<std::unique_ptr<JsonlReader>> open(const std::string& path,
                                                   const ReadOptions& opts = {});
  virtual ~JsonlReader() = default;

  // The next good JSON value, or false at the end of input or when `diag` is strict and a bad
  // line was found (then stopped() is true). Bad lines are reported to `diag` and skipped.
  virtual bool next(json::Value& out, Diagnostics& diag) = 0;
  // Like next(), and also converts to a Trace; records that are valid JSON but not valid
  // traces are reported ("bad_record") and skipped.
  bool next_trace(Trace& out, Diagnostics& diag);

  // 1-based line number of the last line returned (or reported).
  virtual uint64_t line() const = 0;
  // Bytes of (uncompressed) input consumed so far, for progress.
  virtual uint64_t bytes() const = 0;
  // Total input size in bytes when known (plain files), else 0.
  virtual uint64_t size_hint() const = 0;
  virtual bool stopped() const = 0;
  const std::string& path() const { return path_; }
  // "path:line", for messages about the last record.
  std::string where() const;

 protected:
  std::string path_;
};

class JsonlWriter {
 public:
  Status open(const std::string& path) { return file_.open(path); }
  void write(const Trace& t);
  void write(const json::Value& v);
  // Renames into place. Nothing is visible at `path` before this succeeds.
  Status commit() { return file_.commit(); }
  uint64_t records() const { return records_; }

 private:
  AtomicFile file_;
  std::string buf_;
  uint64_t records_ = 0;
};

}  // namespace stepwise::trace

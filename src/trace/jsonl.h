// jsonl.h: streaming JSON Lines input and atomic JSON Lines output.
//
// JsonlReader reads a file, a gzip file (by the ".gz" extension or the gzip magic bytes) or
// standard input ("-", plain or gzip) one line at a time in bounded memory, whatever the file
// size: it holds at most one line (up to `max_line_bytes`) plus one read chunk. Every bad line
// is reported once through Diagnostics as "file:line[:col]: what was expected" under a stable
// kind, and skipped; the good lines all come through unchanged:
//
//   kind        cause
//   json        malformed JSON ("traces.jsonl:7:18: expected ':' after object key")
//   utf8        bytes that are not UTF-8 (the column of the first bad byte)
//   too_long    a line over max_line_bytes (streamed past, never held in memory)
//   binary      NUL bytes: a binary (or compressed) file is reported once and skipped whole;
//               a stray NUL inside a text file is reported for its line
//   truncated   a last line without a newline that does not parse (an interrupted write)
//   not_object  valid JSON that is not an object (one record per line)
//   bad_record  an object that is not a valid trace (next_trace only): `field "steps": ...`
//   io          a read error, e.g. a corrupt or truncated gzip stream (reading stops there)
//
// Blank lines, a UTF-8 byte-order mark and CRLF line ends are accepted silently. With a strict
// Diagnostics the first bad line stops the reader (stopped() is then true). Not thread-safe:
// one reader per thread. The format is specified in docs/trace-format.md.
//
// JsonlWriter writes records to a temporary file and renames it into place on commit(), so a
// reader of `path` never sees a partial file; a path ending in ".gz" is written gzip-compressed
// and "-" writes to standard output.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/atomic_file.h"
#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "trace/record.h"

namespace stepwise::trace {

struct ReadOptions {
  // Lines longer than this are reported ("too_long") and skipped without being held in memory.
  size_t max_line_bytes = size_t{64} << 20;
  // Bytes read from the file at a time.
  size_t chunk_bytes = size_t{1} << 20;
};

// Where bytes come from (a file descriptor, a gzip stream, memory). Internal to jsonl.cpp.
class ByteSource;

class JsonlReader {
 public:
  // Opens `path` ("-" = stdin; gzip by ".gz" or by its magic bytes). Error names the path and
  // the cause when it cannot be opened or is a directory.
  static Result<std::unique_ptr<JsonlReader>> open(const std::string& path,
                                                   const ReadOptions& opts = {});
  // Reads `data` as if it were a file called `name` (tests, fuzzing). Never fails.
  static std::unique_ptr<JsonlReader> from_memory(std::string data, std::string name,
                                                  const ReadOptions& opts = {});
  ~JsonlReader();
  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;

  // The next good JSON object: true with `out` set; false at the end of input or when `diag`
  // is strict and a bad line was found (then stopped() is true). Bad lines are reported to
  // `diag` and skipped.
  bool next(json::Value& out, Diagnostics& diag);
  // Like next(), and also converts to a Trace (from_json); objects that are not valid traces
  // are reported ("bad_record") and skipped.
  bool next_trace(Trace& out, Diagnostics& diag);

  // 1-based line number of the last line returned (or reported).
  uint64_t line() const { return line_; }
  // Input bytes consumed so far, in the unit of size_hint() (compressed bytes for gzip).
  uint64_t bytes() const;
  // Size of the input in bytes when known (regular files), else 0.
  uint64_t size_hint() const { return size_hint_; }
  // Good values returned so far.
  uint64_t good() const { return good_; }
  bool stopped() const { return stopped_; }
  // The path as given ("-" for stdin).
  const std::string& path() const { return path_; }
  // "path:line" ("<stdin>:line" for stdin), for messages about the last record.
  std::string where() const;

 private:
  JsonlReader(std::unique_ptr<ByteSource> src, std::string path, const ReadOptions& opts);
  bool next_line(std::string_view& line, bool& has_newline, Diagnostics& diag);
  bool fill(Diagnostics& diag);
  bool skip_long_line(Diagnostics& diag);
  bool report_too_long(Diagnostics& diag, uint64_t len);
  bool check_file_start(Diagnostics& diag);
  bool report(Diagnostics& diag, const char* kind, const std::string& where,
              const std::string& message);
  bool bad_json(std::string_view line, bool has_newline, const Error& e, Diagnostics& diag);
  bool next_text_line(std::string_view& line, bool& has_newline, Diagnostics& diag);
  bool parse_line(std::string_view line, bool has_newline, json::Value& out, Diagnostics& diag);

  std::unique_ptr<ByteSource> src_;
  std::string path_, name_;
  ReadOptions opts_;
  struct Free {
    void operator()(char* p) const;
  };
  std::unique_ptr<char, Free> buf_;  // malloc'd, grown with realloc
  size_t cap_ = 0, begin_ = 0, end_ = 0, scanned_ = 0;
  bool eof_ = false, started_ = false, stopped_ = false;
  uint64_t line_ = 0, good_ = 0, size_hint_ = 0;
};

class JsonlWriter {
 public:
  JsonlWriter();
  ~JsonlWriter();  // Discards everything unless commit() succeeded.
  JsonlWriter(const JsonlWriter&) = delete;
  JsonlWriter& operator=(const JsonlWriter&) = delete;

  // Opens a temporary file beside `path` ("-" = stdout; "*.gz" = gzip). Error when the
  // directory is not writable.
  Status open(const std::string& path);
  // Appends one record (append_jsonl) or one JSON value and a newline. Write errors are
  // reported by commit().
  void write(const Trace& t);
  void write(const json::Value& v);
  // Flushes and renames into place. Nothing is visible at `path` before this succeeds.
  Status commit();
  uint64_t records() const { return records_; }
  // Uncompressed bytes written so far.
  uint64_t bytes() const { return bytes_; }

 private:
  struct Gzip;
  void flush(bool finish);

  AtomicFile file_;
  std::unique_ptr<Gzip> gz_;
  std::string buf_;
  uint64_t records_ = 0, bytes_ = 0;
};

}  // namespace stepwise::trace

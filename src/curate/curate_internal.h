// curate_internal.h: the plumbing of the curate pipeline (curate.cpp): block-allocated arrays,
// the spill file that holds the records between passes, and the output files.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/atomic_file.h"
#include "base/status.h"
#include "curate/export.h"
#include "trace/jsonl.h"

namespace stepwise::curate::internal {

// An append-only array in fixed blocks: growing never copies (no 2x peak as with
// std::vector), and take_all() moves it into one vector block by block.
template <typename T>
class Chunked {
 public:
  static constexpr size_t kBlock = size_t{1} << 16;
  void push_back(const T& v) {
    if (size_ % kBlock == 0) blocks_.emplace_back(new T[kBlock]);
    blocks_.back()[size_ % kBlock] = v;
    ++size_;
  }
  size_t size() const { return size_; }
  T& operator[](size_t i) { return blocks_[i / kBlock][i % kBlock]; }
  const T& operator[](size_t i) const { return blocks_[i / kBlock][i % kBlock]; }
  // Moves everything into one vector, freeing each block once copied.
  std::vector<T> take_all() {
    std::vector<T> out;
    out.reserve(size_);
    for (size_t b = 0; b < blocks_.size(); ++b) {
      size_t n = std::min(kBlock, size_ - b * kBlock);
      out.insert(out.end(), blocks_[b].get(), blocks_[b].get() + n);
      blocks_[b].reset();
    }
    blocks_.clear();
    size_ = 0;
    return out;
  }

 private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  size_t size_ = 0;
};

// A temporary file of "where\t<record JSON>\n" lines, unlinked as soon as it is created (it
// vanishes with the process). Written once, then read in order and at offsets.
class Spill {
 public:
  ~Spill();
  // Creates the file in `dir`. Error names the directory when it is not writable.
  static Result<std::unique_ptr<Spill>> create(const std::string& dir);
  // Appends one record; returns its line's length in bytes.
  uint32_t append(std::string_view where, const trace::Trace& t);
  // Writes what is buffered. Error on a failed write (e.g. a full disk).
  Status flush();
  uint64_t size() const { return written_; }
  // Reads the line at [offset, offset + len) into `line` (newline stripped).
  Status read_at(uint64_t offset, uint32_t len, std::string& line) const;

  // Sequential reading from the start: the next line and its offset; false at the end.
  bool next(std::string& line, uint64_t& offset);

 private:
  explicit Spill(int fd) : fd_(fd) {}
  int fd_;
  std::string buf_;
  uint64_t written_ = 0;
  bool failed_ = false;
  // Sequential reader state.
  std::string rbuf_;
  size_t rpos_ = 0;
  uint64_t roff_ = 0;  // file offset of rbuf_[0]
};

// Splits a spill line into its location and its JSON.
void split_line(std::string_view line, std::string_view& where, std::string_view& json);

// One output file in one of the export formats, written atomically.
class OutputFile {
 public:
  Status open(const std::string& path, const ExportOptions& opts);
  // Writes one kept record: `record` is its JSON (consumed); `difficulty` and `stage` go into
  // the "curate" object of the trace format. Error when the record does not convert back.
  Status write(json::Value record, double difficulty, int stage);
  Status commit();
  uint64_t records() const { return records_; }

 private:
  ExportOptions opts_;
  trace::JsonlWriter jsonl_;
  AtomicFile text_;
  std::string buf_;
  uint64_t records_ = 0;
};

// The path of a fraction subset: ".f<p>" before the last extension (before the one ahead of
// ".gz"): "train.jsonl" -> "train.f10.jsonl", "out/a.b.jsonl.gz" -> "out/a.b.f10.jsonl.gz",
// "train" -> "train.f10".
std::string fraction_path(const std::string& path, int percent);

// Peak resident set size of this process in bytes (getrusage).
uint64_t peak_rss_bytes();

}  // namespace stepwise::curate::internal

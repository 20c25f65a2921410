// atomic_file.h: outputs that appear whole or not at all.
//
// AtomicFile writes to a temporary file beside the target and renames it over the target on
// commit(), after flushing it to disk; a crash or an early return leaves the old file (or no
// file) in place, never a half-written one. The path "-" means standard output (written
// directly, since stdout cannot be renamed). Not thread-safe: one writer per file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "base/status.h"

namespace stepwise {

class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();  // Discards the temporary file unless commit() succeeded.
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Opens a temporary file next to `path` (or stdout for "-"). Error when the directory is not
  // writable.
  Status open(const std::string& path);
  // Buffered append; errors are reported by commit().
  void write(std::string_view data);
  // Flushes, fsyncs and renames into place. Error on any failed write, flush or rename; the
  // target is then left as it was.
  Status commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_, tmp_;
  std::FILE* f_ = nullptr;
  bool is_stdout_ = false;
  bool failed_ = false;
};

// Writes `data` to `path` atomically ("-" is stdout).
Status write_file_atomic(const std::string& path, std::string_view data);

// Reads a whole file (small files: configs, templates). Error names the path and the cause.
Result<std::string> read_file(const std::string& path);

}  // namespace stepwise

// test_util.h: helpers shared by the teach tests (temporary folders, problem files, reading
// outputs back, running the stepwise binary as a child process). Test code only.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "teach/teach.h"

namespace stepwise::teach::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its files by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Writes `n` problems as trace records: id "p<i>", a question with a few numbers, gold the
// sum the test server computes (so the candidates are right).
void write_problems(const std::string& path, int n);

// The whole file as a string ("" when absent).
std::string slurp(const std::string& path);
// The non-empty lines of a file.
std::vector<std::string> lines(const std::string& path);
bool exists(const std::string& path);

// Options for a run against `url` writing into `dir`, quiet and without progress.
TeachOptions options_for(const std::string& url, const TempDir& dir, int k = 2);

// Starts `argv` (argv[0] a path) as a child process with stdout/stderr sent to `log`.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log);
// Waits for a child; returns its exit status (128 + signal when killed).
int wait_child(pid_t pid);
// The stepwise binary under test ($STEPWISE_BIN, set by CTest), "" when unknown.
std::string stepwise_bin();

}  // namespace stepwise::teach::testing

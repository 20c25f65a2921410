#include "teach/test_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stepwise::teach::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/teach-test-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  char* made = mkdtemp(buf.data());
  if (made) path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

void write_problems(const std::string& path, int n) {
  std::ofstream out(path);
  for (int i = 0; i < n; ++i) {
    int a = 2 + i % 17, b = 3 + (i * 7) % 23, c = 1 + (i * 13) % 11;
    out << "{\"id\":\"p" << i << "\",\"task\":\"toy\",\"question\":\"Ann has " << a
        << " pens, buys " << b << " more and finds " << c
        << ". How many pens does she have?\",\"gold\":\"" << a + b + c << "\"}\n";
  }
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

TeachOptions options_for(const std::string& url, const TempDir& dir, int k) {
  TeachOptions o;
  o.input = dir.file("problems.jsonl");
  o.output = dir.file("out.jsonl");
  o.endpoint = url;
  o.model = "test-model";
  o.k = k;
  o.few_shot = 0;
  o.progress = false;
  o.backoff_base_s = 0.01;
  o.backoff_max_s = 0.05;
  o.timeout_s = 5;
  o.concurrency = 4;
  return o;
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& log) {
  // Everything the child needs is built before fork(): the parent runs server threads, so the
  // child may only make async-signal-safe calls (an allocation could deadlock on a lock held by
  // a thread that does not exist in the child).
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const char* log_path = log.c_str();
  pid_t pid = fork();
  if (pid != 0) return pid;
  int fd = ::open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
  }
  execv(args[0], args.data());
  _exit(127);
}

int wait_child(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

std::string stepwise_bin() {
  const char* bin = std::getenv("STEPWISE_BIN");
  return bin ? bin : "";
}

}  // namespace stepwise::teach::testing

// progress.h: a progress line on a terminal (done/total, rate, ETA), silent otherwise.
//
// Draws on stderr only when stderr is a terminal (or STEPWISE_PROGRESS=1), at most ~10 times a
// second, so it costs nothing in pipelines and tests. update() is thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace stepwise {

class Progress {
 public:
  // `total` 0 means unknown (no ETA, no percentage). `unit` names what is counted ("traces").
  Progress(std::string label, uint64_t total, std::string unit);
  ~Progress();  // Calls finish().
  // Adds `n` to the count and redraws when due. `extra` is appended to the line (e.g. "loss 1.23").
  void add(uint64_t n = 1, const std::string& extra = "");
  void set(uint64_t done, const std::string& extra = "");
  // Draws the final line and a newline (once).
  void finish();
  // Whether progress is drawn at all.
  static bool enabled();
  double seconds() const;

 private:
  void draw(bool final, const std::string& extra);
  std::string label_, unit_;
  uint64_t total_;
  std::atomic<uint64_t> done_{0};
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::mutex mu_;
  bool finished_ = false;
  bool enabled_;
};

// "1.2k", "3.4M": compact counts for progress lines and summaries.
std::string human_count(double v);
// "1m05s", "12s", "2h03m".
std::string human_duration(double seconds);

}  // namespace stepwise

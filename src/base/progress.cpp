#include "base/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace stepwise {

bool Progress::enabled() {
  const char* env = std::getenv("STEPWISE_PROGRESS");
  if (env) return std::strcmp(env, "1") == 0;
  return ::isatty(STDERR_FILENO) != 0;
}

Progress::Progress(std::string label, uint64_t total, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_),
      enabled_(enabled()) {}

Progress::~Progress() { finish(); }

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::add(uint64_t n, const std::string& extra) {
  done_.fetch_add(n, std::memory_order_relaxed);
  if (enabled_) draw(false, extra);
}

void Progress::set(uint64_t done, const std::string& extra) {
  done_.store(done, std::memory_order_relaxed);
  if (enabled_) draw(false, extra);
}

void Progress::finish() {
  if (!enabled_) return;
  draw(true, "");
}

void Progress::draw(bool final, const std::string& extra) {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  auto now = std::chrono::steady_clock::now();
  if (!final && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  uint64_t done = done_.load(std::memory_order_relaxed);
  double rate = secs > 0 ? static_cast<double>(done) / secs : 0.0;
  std::string line = "\r\x1b[2K" + label_ + " " + human_count(static_cast<double>(done));
  if (total_ > 0) {
    line += "/" + human_count(static_cast<double>(total_)) + " " + unit_;
    char pct[16];
    std::snprintf(pct, sizeof pct, " %3.0f%%",
                  100.0 * static_cast<double>(done) / static_cast<double>(total_));
    line += pct;
  } else {
    line += " " + unit_;
  }
  line += "  " + human_count(rate) + " " + unit_ + "/s";
  if (total_ > 0 && rate > 0 && done < total_ && !final)
    line += "  ETA " + human_duration(static_cast<double>(total_ - done) / rate);
  if (final) line += "  in " + human_duration(secs);
  if (!extra.empty()) line += "  " + extra;
  if (final) {
    line += "\n";
    finished_ = true;
  }
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

std::string human_count(double v) {
  char buf[32];
  if (v < 1e3)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (v < 1e6)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else if (v < 1e9)
    std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.1fG", v / 1e9);
  return buf;
}

std::string human_duration(double s) {
  char buf[32];
  auto t = static_cast<long>(s + 0.5);
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%.1fs", s);
  else if (t < 3600)
    std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
  return buf;
}

}  // namespace stepwise

// board.cpp: one progress display for the demo's stages and its concurrent training runs.
#include <unistd.h>

#include <cstdio>

#include "base/progress.h"
#include "demo/demo_internal.h"

namespace stepwise::demo {

namespace {

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Board::Board(bool enabled)
    : tty_(enabled && Progress::enabled()),
      enabled_(enabled),
      t0_(std::chrono::steady_clock::now()),
      stage_t0_(t0_),
      last_draw_(t0_) {}

Board::~Board() {
  std::lock_guard<std::mutex> lock(mu_);
  clear_locked();
}

double Board::seconds() const { return since(t0_); }

void Board::clear_locked() {
  if (!tty_ || drawn_ == 0) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(drawn_), "");
  drawn_ = 0;
}

void Board::draw_locked(bool force) {
  if (!tty_) return;
  if (!force && since(last_draw_) < 0.25) return;
  last_draw_ = std::chrono::steady_clock::now();
  std::string line = "[" + human_duration(since(t0_)) + "]";
  if (!stage_.empty()) line += " " + stage_ + " " + human_duration(since(stage_t0_));
  for (const auto& [label, r] : runs_) {
    if (r.done) continue;
    line += " | " + label + " " + std::to_string(r.step) + "/" + std::to_string(r.steps);
    double el = since(r.start);
    if (r.step > 0 && r.steps > r.step)
      line += " eta " + human_duration(el / static_cast<double>(r.step) *
                                       static_cast<double>(r.steps - r.step));
    char buf[48];
    std::snprintf(buf, sizeof buf, " loss %.3f", r.loss);
    line += buf;
  }
  if (line.size() > 150) line.resize(150);
  clear_locked();
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = line.size();
}

void Board::stage(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  stage_ = name;
  stage_t0_ = std::chrono::steady_clock::now();
  draw_locked(true);
}

void Board::done(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  clear_locked();
  if (enabled_)
    std::fprintf(stderr, "demo: %-40s done in %s\n", name.c_str(),
                 human_duration(since(stage_t0_)).c_str());
  stage_.clear();
  draw_locked(true);
}

void Board::student(const std::string& label, int64_t steps) {
  std::lock_guard<std::mutex> lock(mu_);
  Run& r = runs_[label];
  r = Run{};
  r.steps = steps;
  r.start = std::chrono::steady_clock::now();
  clear_locked();
  if (enabled_)
    std::fprintf(stderr, "demo: student %s starts (%lld steps)\n", label.c_str(),
                 static_cast<long long>(steps));
  draw_locked(true);
}

void Board::step(const std::string& label, int64_t step, double loss, double tokens_per_s) {
  std::lock_guard<std::mutex> lock(mu_);
  Run& r = runs_[label];
  r.step = step;
  r.loss = loss;
  r.rate = tokens_per_s;
  draw_locked(false);
}

void Board::student_done(const std::string& label, const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  Run& r = runs_[label];
  r.done = true;
  clear_locked();
  if (enabled_)
    std::fprintf(stderr, "demo: student %s trained in %s: %s\n", label.c_str(),
                 human_duration(since(r.start)).c_str(), what.c_str());
  draw_locked(true);
}

void Board::note(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  clear_locked();
  if (enabled_) std::fprintf(stderr, "demo: %s\n", line.c_str());
  draw_locked(true);
}

}  // namespace stepwise::demo

#include "base/diagnostics.h"

#include <cstdio>

namespace stepwise {

bool Diagnostics::report(const std::string& kind, const std::string& where,
                         const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  ++count_;
  ++by_kind_[kind];
  std::string line = where + ": " + message;
  if (first_.empty()) first_ = line;
  if (print_ && count_ <= max_printed_) std::fprintf(stderr, "%s\n", line.c_str());
  if (sink_) sink_(kind, where, message);
  return !strict_;
}

uint64_t Diagnostics::count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return count_;
}

std::map<std::string, uint64_t> Diagnostics::by_kind() const {
  std::lock_guard<std::mutex> lock(mu_);
  return by_kind_;
}

std::string Diagnostics::first() const {
  std::lock_guard<std::mutex> lock(mu_);
  return first_;
}

json::Value Diagnostics::to_json() const {
  std::lock_guard<std::mutex> lock(mu_);
  auto out = json::Value::object();
  out.set("bad_records", json::Value::number(static_cast<int64_t>(count_)));
  auto kinds = json::Value::object();
  for (const auto& [k, n] : by_kind_) kinds.set(k, json::Value::number(static_cast<int64_t>(n)));
  out.set("by_kind", std::move(kinds));
  return out;
}

void Diagnostics::print_tail() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (count_ == 0 || !print_) return;
  std::string kinds;
  for (const auto& [k, n] : by_kind_) {
    if (!kinds.empty()) kinds += ", ";
    kinds += k + ": " + std::to_string(n);
  }
  std::fprintf(stderr, "%llu bad record%s (%s)", static_cast<unsigned long long>(count_),
               count_ == 1 ? "" : "s", kinds.c_str());
  if (count_ > max_printed_)
    std::fprintf(stderr, "; %llu not shown",
                 static_cast<unsigned long long>(count_ - max_printed_));
  std::fprintf(stderr, "\n");
}

}  // namespace stepwise

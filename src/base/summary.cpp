#include "base/summary.h"

#include <cstdio>

#include "base/atomic_file.h"

namespace stepwise {

Summary::Summary(std::string verb) : figures(json::Value::object()) {
  figures.set("verb", json::Value::string(std::move(verb)));
}

Status Summary::emit(const std::string& json_path, bool quiet) const {
  if (!quiet) std::fputs(text.c_str(), stderr);
  if (json_path.empty()) return Status::Ok();
  std::string out;
  json::append_pretty(out, figures);
  out.push_back('\n');
  return write_file_atomic(json_path, out);
}

}  // namespace stepwise

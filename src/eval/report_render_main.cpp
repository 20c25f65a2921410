// eval_report_render: renders an eval summary JSON file as the self-contained HTML report.
//
//   eval_report_render SUMMARY.json OUT.html [--title TEXT] [--extra EXTRA.json]
//
// A development and test tool (the browser check in tests/cli_report_browser.sh uses it); the
// page is the one render_html() gives `stepwise eval` and `stepwise demo`. Exit 0 on success, 1
// when a file cannot be read, parsed or written (the message names it), 2 on a usage error.
#include <cstdio>
#include <string>
#include <string_view>

#include "base/atomic_file.h"
#include "base/json.h"
#include "eval/report_html.h"

namespace {

stepwise::Result<stepwise::json::Value> load_json(const std::string& path) {
  auto text = stepwise::read_file(path);
  if (!text) return text.error();
  auto value = stepwise::json::parse(*text);
  if (!value) return stepwise::Error{path + ": " + value.error().message};
  return value;
}

int usage() {
  std::fprintf(stderr,
               "usage: eval_report_render SUMMARY.json OUT.html [--title TEXT] "
               "[--extra EXTRA.json]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string in, out, extra_path;
  stepwise::eval::ReportOptions opts;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--title" || arg == "--extra") && i + 1 < argc) {
      (arg == "--title" ? opts.title : extra_path) = argv[++i];
    } else if (!arg.empty() && arg[0] == '-' && arg != "-") {
      return usage();
    } else if (in.empty()) {
      in = arg;
    } else if (out.empty()) {
      out = arg;
    } else {
      return usage();
    }
  }
  if (in.empty() || out.empty()) return usage();
  auto summary = load_json(in);
  if (!summary) {
    std::fprintf(stderr, "eval_report_render: %s\n", summary.error().message.c_str());
    return 1;
  }
  if (!extra_path.empty()) {
    auto extra = load_json(extra_path);
    if (!extra) {
      std::fprintf(stderr, "eval_report_render: %s\n", extra.error().message.c_str());
      return 1;
    }
    opts.extra = std::move(*extra);
  }
  const std::string html = stepwise::eval::render_html(*summary, opts);
  if (auto st = stepwise::write_file_atomic(out, html); !st) {
    std::fprintf(stderr, "eval_report_render: %s\n", st.error().message.c_str());
    return 1;
  }
  return 0;
}

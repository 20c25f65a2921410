// `stepwise show IN`: traces pretty-printed, with numbered steps and findings under them.
#include <cstdio>
#include <memory>

#include "base/diagnostics.h"
#include "base/summary.h"
#include "cli/trace_flags.h"
#include "cli/verb.h"
#include "trace/show.h"

namespace stepwise::cli {
namespace {

struct Flags {
  trace::ShowOptions opts;
  int64_t index = -1;  // --index; -1 = not given
  CommonFlags common;
};

int run(Flags f) {
  if (f.index >= 0) f.opts.index = static_cast<uint64_t>(f.index);
  Diagnostics diag(f.common.strict);
  Summary summary("show");
  Status st = trace::show(f.opts, diag, summary, stdout);
  diag.print_tail();
  if (auto s = summary.emit(f.common.summary, f.common.quiet); !s)
    return fail("show", s.error().message);
  return st ? 0 : fail("show", st.error().message);
}

VerbRunner setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  app.add_option("input", f->opts.input, "Input JSONL file (.gz read as gzip; - = stdin)")
      ->required();
  app.add_option("--id", f->opts.id, "Show the record(s) with this id");
  app.add_option("--index", f->index, "Start at this 0-based record position")
      ->check(CLI::NonNegativeNumber);
  app.add_option("-n,--count", f->opts.count, "How many records to show (0 = all)")
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--color", [f](const std::string& m) { f->opts.color = *trace::parse_color_mode(m); },
         "Colour: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN")
      ->default_str("auto");
  app.add_option("--width", f->opts.width, "Wrap text at this many columns (0 = terminal)")
      ->capture_default_str();
  add_import_flags(app, f->opts.import, f->opts.read);
  add_common_flags(app, f->common);
  return [f] { return run(*f); };
}

VerbRegistration reg("show",
                     "Pretty-print traces: question, numbered steps, answer, gold, findings",
                     setup);

}  // namespace
}  // namespace stepwise::cli

// `stepwise stats IN...`: counts, histograms and agreement figures of trace files.
#include <memory>

#include "base/diagnostics.h"
#include "base/summary.h"
#include "cli/trace_flags.h"
#include "cli/verb.h"
#include "trace/stats.h"

namespace stepwise::cli {
namespace {

struct Flags {
  trace::StatsOptions opts;
  CommonFlags common;
};

int run(const Flags& f) {
  Diagnostics diag(f.common.strict);
  Summary summary("stats");
  Status st = trace::stats(f.opts, diag, summary);
  diag.print_tail();
  if (auto s = summary.emit(f.common.summary, f.common.quiet); !s)
    return fail("stats", s.error().message);
  return st ? 0 : fail("stats", st.error().message);
}

VerbRunner setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  app.add_option("inputs", f->opts.inputs, "Input JSONL files (.gz read as gzip; - = stdin)")
      ->required();
  app.add_option("--top", f->opts.top, "Sources and tasks listed in the JSON figures")
      ->capture_default_str();
  add_import_flags(app, f->opts.import, f->opts.read);
  add_common_flags(app, f->common);
  return [f] { return run(*f); };
}

VerbRegistration reg("stats",
                     "Counts, steps-per-trace histogram, answers, sources and bad lines of traces",
                     setup);

}  // namespace
}  // namespace stepwise::cli

// `stepwise convert IN -o OUT`: a dataset in any supported layout -> trace records (or GSM8K).
#include <memory>

#include "base/diagnostics.h"
#include "base/summary.h"
#include "cli/trace_flags.h"
#include "cli/verb.h"
#include "trace/convert.h"

namespace stepwise::cli {
namespace {

struct Flags {
  trace::ConvertOptions opts;
  CommonFlags common;
};

int run(const Flags& f) {
  Diagnostics diag(f.common.strict);
  Summary summary("convert");
  Status st = trace::convert(f.opts, diag, summary);
  diag.print_tail();
  if (auto s = summary.emit(f.common.summary, f.common.quiet); !s)
    return fail("convert", s.error().message);
  return st ? 0 : fail("convert", st.error().message);
}

VerbRunner setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  app.add_option("input", f->opts.input, "Input JSONL file (.gz read as gzip; - = stdin)")
      ->required();
  app.add_option("-o,--output", f->opts.output,
                 "Output file, written atomically (.gz = gzip; - = stdout)")
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--to", [f](const std::string& name) { f->opts.to = *trace::parse_format(name); },
         "Output layout: trace records, or gsm8k (question + answer ending in \"#### gold\")")
      ->check(CLI::IsMember({"trace", "gsm8k"}))
      ->type_name("LAYOUT")
      ->default_str("trace");
  add_import_flags(app, f->opts.import, f->opts.read);
  add_common_flags(app, f->common);
  return [f] { return run(*f); };
}

VerbRegistration reg("convert",
                     "Convert a dataset (GSM8K, MATH, step lists, any fields) to trace records",
                     setup);

}  // namespace
}  // namespace stepwise::cli

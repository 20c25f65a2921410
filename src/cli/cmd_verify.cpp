// `stepwise verify IN [-o OUT]`: the exact step verifier over a trace file (docs/verify.md).
#include <cstdio>
#include <memory>
#include <string>

#include "base/diagnostics.h"
#include "base/summary.h"
#include "cli/verb.h"
#include "verify/verify.h"

namespace stepwise::cli {
namespace {

struct VerifyFlags {
  std::string input, output, shard;
  bool explain = false, no_inline = false, no_grounding = false;
  verify::FileOptions file;
  CommonFlags common;
};

// "i/n" -> shard index and count. False when malformed or i >= n.
bool parse_shard(const std::string& s, uint32_t& i, uint32_t& n) {
  unsigned long a = 0, b = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(s.c_str(), "%lu%c%lu%c", &a, &slash, &b, &extra) != 3 || slash != '/')
    return false;
  if (b == 0 || a >= b || b > (1ul << 31)) return false;
  i = static_cast<uint32_t>(a);
  n = static_cast<uint32_t>(b);
  return true;
}

int run(VerifyFlags& f) {
  if (!f.shard.empty() && !parse_shard(f.shard, f.file.shard_index, f.file.shard_count)) {
    std::fprintf(stderr, "stepwise verify: --shard expects i/n with 0 <= i < n, got \"%s\"\n",
                 f.shard.c_str());
    return 2;
  }
  f.file.verify.inline_equations = !f.no_inline;
  f.file.verify.grounding = !f.no_grounding;
  if (f.explain) f.file.explain = f.output == "-" ? stderr : stdout;
  Diagnostics diag(f.common.strict);
  auto fig = verify::verify_file(f.input, f.output, f.file, diag);
  if (!fig) return fail("verify", fig.error().message);
  return report_figures("verify", *fig, diag, f.common);
}

VerbRegistration reg(
    "verify", "Check every step of each trace exactly and write a verdict into each record",
    [](CLI::App& app) -> VerbRunner {
      auto f = std::make_shared<VerifyFlags>();
      app.add_option("input", f->input, "trace file (JSON Lines; .gz or - for stdin)")->required();
      app.add_option("-o,--output", f->output,
                     "write the records with their verdicts here (- for stdout)");
      app.add_option("-j,--threads", f->file.threads, "worker threads (0: one per core)")
          ->check(CLI::NonNegativeNumber);
      app.add_option("--shard", f->shard, "i/n: only the records on lines L with (L-1) mod n == i");
      app.add_flag("--explain", f->explain,
                   "print each trace that has findings, with them under their steps");
      app.add_option("--const", f->file.verify.extra_constants,
                     "another number every operand may use (repeatable)")
          ->allow_extra_args(false);  // one value per --const: never the input path
      app.add_flag("--no-inline", f->no_inline,
                   "check only <<annotations>>, not equations written in the text");
      app.add_flag("--no-grounding", f->no_grounding, "do not check where operands come from");
      add_common_flags(app, f->common);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace stepwise::cli

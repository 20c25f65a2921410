// `stepwise crosscheck IN -o OUT`: agreement, alternative solutions and perturbation tests
// written into each record (docs/crosscheck.md).
#include <memory>
#include <string>

#include "base/diagnostics.h"
#include "base/summary.h"
#include "cli/verb.h"
#include "crosscheck/crosscheck.h"

namespace stepwise::cli {
namespace {

struct CrosscheckFlags {
  std::string input, output;
  bool no_distractor = false, no_inline = false;
  crosscheck::FileOptions file;
  CommonFlags common;
};

int run(CrosscheckFlags& f) {
  f.file.check.distractor = !f.no_distractor;
  f.file.check.inline_equations = !f.no_inline;
  Diagnostics diag(f.common.strict);
  auto fig = crosscheck::crosscheck_file(f.input, f.output, f.file, diag);
  if (!fig) return fail("crosscheck", fig.error().message);
  return report_figures("crosscheck", *fig, diag, f.common);
}

VerbRegistration reg(
    "crosscheck",
    "Agreement, alternative solutions and perturbation tests across each problem's candidates",
    [](CLI::App& app) -> VerbRunner {
      auto f = std::make_shared<CrosscheckFlags>();
      app.add_option("input", f->input, "candidate traces (JSON Lines; .gz or - for stdin)")
          ->required();
      app.add_option("-o,--output", f->output,
                     "write the records with their \"crosscheck\" signals here (- for stdout)");
      app.add_option("--perturbations", f->file.check.perturbations,
                     "perturbed instances per problem")
          ->check(CLI::Range(0, 1000));
      app.add_option("--seed", f->file.check.seed, "seed of the perturbations");
      app.add_flag("--no-distractor", f->no_distractor, "skip the distractor test");
      app.add_flag("--no-inline", f->no_inline,
                   "lift only <<annotations>>, not equations written in the text");
      app.add_flag("--report", f->file.report,
                   "precision/recall per flaw of the verifier alone and with crosscheck "
                   "(synthetic-teacher candidates with verdicts)");
      add_common_flags(app, f->common);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace stepwise::cli

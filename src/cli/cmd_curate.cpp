// `stepwise curate IN... -o OUT`: verified candidates -> a training set (filter, best-of-k,
// dedup, decontaminate, curriculum order, export) and an account of every record left out.
// Flags override the values of a --config file; defaults live in curate::CurateOptions.
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "base/diagnostics.h"
#include "base/summary.h"
#include "cli/trace_flags.h"
#include "cli/verb.h"
#include "curate/curate.h"

namespace stepwise::cli {
namespace {

using curate::CurateOptions;
using Apply = std::function<Status(CurateOptions&)>;

struct Flags {
  CurateOptions cli;  // what the flags hold; copied onto the config's values when given
  CommonFlags common;
  std::string config, policy, rules, order, pacing, format;
  std::vector<int> fractions;
  double min_agreement = 0;
  int64_t max_warnings = 0;
  bool no_exact = false, no_near = false, no_paths = false;
  std::vector<std::pair<CLI::Option*, Apply>> binds;
};

int run(Flags& f) {
  CurateOptions o;
  if (!f.config.empty()) {
    if (Status st = curate::load_config(f.config, o); !st) {
      std::fprintf(stderr, "stepwise curate: %s\n", st.error().message.c_str());
      return 2;
    }
  }
  for (auto& [opt, apply] : f.binds) {
    if (opt->count() == 0) continue;
    if (Status st = apply(o); !st) {
      std::fprintf(stderr, "stepwise curate: %s\n", st.error().message.c_str());
      return 2;
    }
  }
  o.inputs = f.cli.inputs;
  o.output = f.cli.output;
  o.import = f.cli.import;
  o.read = f.cli.read;
  Diagnostics diag(f.common.strict);
  Summary summary("curate");
  Status st = curate::curate(o, diag, summary);
  diag.print_tail();
  if (!st) return fail("curate", st.error().message);
  if (auto s = summary.emit(f.common.summary, f.common.quiet); !s)
    return fail("curate", s.error().message);
  return 0;
}

template <typename T>
Apply copy_field(T CurateOptions::*group, const CurateOptions& cli) {
  return [group, &cli](CurateOptions& o) -> Status {
    o.*group = cli.*group;
    return {};
  };
}

void add_policy_flags(CLI::App& app, Flags& f) {
  auto& b = f.binds;
  b.emplace_back(app.add_option("--policy", f.policy,
                                "Filter policy: strict | outcome | none, with modifiers, e.g. "
                                "outcome,no-brittle,min-agreement=0.5 (default strict)"),
                 [&f](CurateOptions& o) -> Status {
                   auto p = curate::parse_policy(f.policy);
                   if (!p) return p.error();
                   o.policy = *p;
                   return {};
                 });
  b.emplace_back(app.add_option("--min-agreement", f.min_agreement,
                                "Keep only crosscheck.agreement >= X (0..1)")
                     ->check(CLI::Range(0.0, 1.0)),
                 [&f](CurateOptions& o) -> Status {
                   o.policy.min_agreement = f.min_agreement;
                   return {};
                 });
  b.emplace_back(app.add_flag("--no-brittle", f.cli.policy.no_brittle,
                              "Drop traces crosscheck flagged brittle"),
                 [](CurateOptions& o) -> Status {
                   o.policy.no_brittle = true;
                   return {};
                 });
  b.emplace_back(app.add_flag("--no-detour", f.cli.policy.no_detour,
                              "Drop traces with a cancelled detour (crosscheck.detour_step)"),
                 [](CurateOptions& o) -> Status {
                   o.policy.no_detour = true;
                   return {};
                 });
  b.emplace_back(app.add_flag("--require-stated-answer", f.cli.policy.require_stated_answer,
                              "Drop traces whose answer is only their last number"),
                 [](CurateOptions& o) -> Status {
                   o.policy.require_stated_answer = true;
                   return {};
                 });
  b.emplace_back(app.add_option("--max-warnings", f.max_warnings,
                                "Drop traces with more than N warning findings")
                     ->check(CLI::NonNegativeNumber),
                 [&f](CurateOptions& o) -> Status {
                   o.policy.max_warnings = f.max_warnings;
                   return {};
                 });
  b.emplace_back(app.add_flag("--require-alt-agree", f.cli.policy.require_alt_agree,
                              "Keep only traces an alternative solution agrees with"),
                 [](CurateOptions& o) -> Status {
                   o.policy.require_alt_agree = true;
                   return {};
                 });
}

void add_selection_flags(CLI::App& app, Flags& f) {
  auto& b = f.binds;
  CurateOptions& c = f.cli;
  b.emplace_back(app.add_option("--keep", c.select.keep,
                                "Best-of-k: candidates kept per problem (0 = every distinct path)")
                     ->check(CLI::NonNegativeNumber),
                 [&c](CurateOptions& o) -> Status {
                   o.select.keep = c.select.keep;
                   return {};
                 });
  b.emplace_back(app.add_flag("--no-distinct-paths", f.no_paths,
                              "Keep candidates that repeat a better candidate's computations"),
                 [](CurateOptions& o) -> Status {
                   o.select.distinct_paths = false;
                   return {};
                 });
  b.emplace_back(app.add_flag("--no-exact-dedup", f.no_exact, "Keep exact text duplicates"),
                 [](CurateOptions& o) -> Status {
                   o.dedup.exact = false;
                   return {};
                 });
  b.emplace_back(app.add_flag("--no-near-dedup", f.no_near, "Keep MinHash near duplicates"),
                 [](CurateOptions& o) -> Status {
                   o.dedup.near = false;
                   return {};
                 });
  auto dedup_int = [&](const char* name, int curate::DedupOptions::*field, const char* help) {
    b.emplace_back(app.add_option(name, c.dedup.*field, help)->check(CLI::PositiveNumber),
                   [&c, field](CurateOptions& o) -> Status {
                     o.dedup.*field = c.dedup.*field;
                     return {};
                   });
  };
  b.emplace_back(
      app.add_option("--near-threshold", c.dedup.threshold,
                     "Estimated Jaccard at which texts are near duplicates (default 0.8)")
          ->check(CLI::Range(0.01, 1.0)),
      [&c](CurateOptions& o) -> Status {
        o.dedup.threshold = c.dedup.threshold;
        return {};
      });
  dedup_int("--shingle", &curate::DedupOptions::shingle, "Words per MinHash shingle (default 5)");
  dedup_int("--minhash", &curate::DedupOptions::num_hashes, "MinHash bins (default 128)");
  dedup_int("--bands", &curate::DedupOptions::bands, "LSH bands (default 8)");
  dedup_int("--rows", &curate::DedupOptions::rows, "Bins per LSH band (default: from threshold)");
}

void add_decontam_flags(CLI::App& app, Flags& f) {
  auto& b = f.binds;
  CurateOptions& c = f.cli;
  b.emplace_back(app.add_option("--eval", c.decontam.eval_files,
                                "Evaluation set to decontaminate against (repeatable)"),
                 [&c](CurateOptions& o) -> Status {
                   o.decontam.eval_files = c.decontam.eval_files;
                   return {};
                 });
  b.emplace_back(app.add_option("--ngram", c.decontam.ngram,
                                "Words per n-gram of the overlap rule (default 13)")
                     ->check(CLI::PositiveNumber),
                 [&c](CurateOptions& o) -> Status {
                   o.decontam.ngram = c.decontam.ngram;
                   return {};
                 });
  b.emplace_back(
      app.add_option("--decontam-rules", f.rules, "Leak rules: ngram,template (default both)"),
      [&f](CurateOptions& o) -> Status {
        o.decontam.by_ngram = o.decontam.by_template = false;
        std::stringstream parts(f.rules);
        for (std::string r; std::getline(parts, r, ',');) {
          if (r != "ngram" && r != "template")
            return Error{"--decontam-rules: \"" + r + "\" is not ngram or template"};
          (r == "ngram" ? o.decontam.by_ngram : o.decontam.by_template) = true;
        }
        if (!o.decontam.by_ngram && !o.decontam.by_template)
          return Error{"--decontam-rules: expected ngram, template or both"};
        return {};
      });
}

void add_order_flags(CLI::App& app, Flags& f) {
  auto& b = f.binds;
  CurateOptions& c = f.cli;
  b.emplace_back(app.add_option("--order", f.order, "input | shuffle | curriculum (default input)"),
                 [&f](CurateOptions& o) -> Status {
                   auto v = curate::parse_order(f.order);
                   if (!v) return Error{"--order: expected input, shuffle or curriculum"};
                   o.curriculum.order = *v;
                   return {};
                 });
  b.emplace_back(app.add_option("--stages", c.curriculum.stages, "Difficulty stages (default 4)")
                     ->check(CLI::Range(1, 255)),
                 [&c](CurateOptions& o) -> Status {
                   o.curriculum.stages = c.curriculum.stages;
                   return {};
                 });
  b.emplace_back(app.add_option("--pacing", f.pacing, "linear | root | step (default linear)"),
                 [&f](CurateOptions& o) -> Status {
                   auto v = curate::parse_pacing(f.pacing);
                   if (!v) return Error{"--pacing: expected linear, root or step"};
                   o.curriculum.pacing = *v;
                   return {};
                 });
  b.emplace_back(app.add_option("--replay", c.curriculum.replay,
                                "Share of positions drawn from earlier stages (0..1)")
                     ->check(CLI::Range(0.0, 1.0)),
                 [&c](CurateOptions& o) -> Status {
                   o.curriculum.replay = c.curriculum.replay;
                   return {};
                 });
  b.emplace_back(app.add_flag("--balance", c.balance, "Balance over family x difficulty"),
                 [](CurateOptions& o) -> Status {
                   o.balance = true;
                   return {};
                 });
  b.emplace_back(app.add_option("--balance-max", c.balance_max,
                                "Per-bucket cap of --balance (default: the smallest bucket)"),
                 [&c](CurateOptions& o) -> Status {
                   o.balance = true;
                   o.balance_max = c.balance_max;
                   return {};
                 });
  b.emplace_back(app.add_option("--fractions", f.fractions,
                                "Also write nested subsets OUT.f<p>.* (e.g. 10,25,50,100)")
                     ->delimiter(',')
                     ->check(CLI::Range(1, 100)),
                 [&f](CurateOptions& o) -> Status {
                   o.fractions = f.fractions;
                   return {};
                 });
  b.emplace_back(app.add_option("--seed", c.seed, "Seed of shuffles and samples (default 0)"),
                 copy_field(&CurateOptions::seed, c));
}

void add_output_flags(CLI::App& app, Flags& f) {
  auto& b = f.binds;
  CurateOptions& c = f.cli;
  b.emplace_back(app.add_option("--format", f.format, "trace | messages | prompt | text"),
                 [&f](CurateOptions& o) -> Status {
                   auto v = curate::parse_format(f.format);
                   if (!v) return Error{"--format: expected trace, messages, prompt or text"};
                   o.exporter.format = *v;
                   return {};
                 });
  b.emplace_back(app.add_option("--system", c.exporter.system,
                                "Training system prompt of the messages format (default none)"),
                 [&c](CurateOptions& o) -> Status {
                   o.exporter.system = c.exporter.system;
                   return {};
                 });
  b.emplace_back(app.add_flag("--strip-annotations", c.exporter.strip_annotations,
                              "Remove <<expr=value>> annotations from exported steps"),
                 [](CurateOptions& o) -> Status {
                   o.exporter.strip_annotations = true;
                   return {};
                 });
  b.emplace_back(app.add_option("--report", c.report,
                                "Write the dropped records' ids and reasons "
                                "as JSONL to PATH"),
                 copy_field(&CurateOptions::report, c));
  b.emplace_back(app.add_flag("--report-records", c.report_records,
                              "The report carries each dropped record whole"),
                 copy_field(&CurateOptions::report_records, c));
  b.emplace_back(app.add_option("--tmp-dir", c.tmp_dir,
                                "Directory of the temporary spill file (default: the output's)"),
                 copy_field(&CurateOptions::tmp_dir, c));
}

VerbRegistration reg(
    "curate", "Select a training set: filter, best-of-k, dedup, decontaminate, curriculum, export",
    [](CLI::App& app) -> VerbRunner {
      auto f = std::make_shared<Flags>();
      app.add_option("inputs", f->cli.inputs, "Trace JSONL files (.gz read as gzip; - = stdin)")
          ->required();
      app.add_option("-o,--output", f->cli.output, "The training set, written atomically")
          ->required();
      app.add_option("--config", f->config, "TOML file of options; flags override it");
      add_policy_flags(app, *f);
      add_selection_flags(app, *f);
      add_decontam_flags(app, *f);
      add_order_flags(app, *f);
      add_output_flags(app, *f);
      add_import_flags(app, f->cli.import, f->cli.read);
      app.get_option("--from")->default_str("trace");  // curate reads trace records by default
      add_common_flags(app, f->common);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace stepwise::cli

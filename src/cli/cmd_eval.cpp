// `stepwise eval CKPT... --problems FILE`: scores students through the verifier (src/eval).
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base/atomic_file.h"
#include "base/diagnostics.h"
#include "base/summary.h"
#include "cli/verb.h"
#include "eval/eval.h"
#if __has_include("eval/report_html.h")
#include "eval/report_html.h"
#define STEPWISE_EVAL_HTML 1
#endif

namespace stepwise::cli {
namespace {

struct Flags {
  eval::EvalOptions opts;
  std::vector<std::string> checkpoints;
  std::string labels, html;
  CommonFlags common;
};

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');) out.push_back(part);
  return out;
}

// Checkpoints and labels onto the options. Error when the counts differ.
Status resolve(Flags& f) {
  std::vector<std::string> labels = split_commas(f.labels);
  if (!f.labels.empty() && labels.size() != f.checkpoints.size())
    return Error{"--label: " + std::to_string(labels.size()) + " labels for " +
                 std::to_string(f.checkpoints.size()) + " checkpoints"};
  for (size_t i = 0; i < f.checkpoints.size(); ++i)
    f.opts.models.push_back({i < labels.size() ? labels[i] : "", f.checkpoints[i]});
  f.opts.progress = !f.common.quiet;
  return {};
}

Status write_html(const std::string& path, const json::Value& summary) {
#ifdef STEPWISE_EVAL_HTML
  return write_file_atomic(path, eval::render_html(summary));
#else
  (void)summary;
  return Error{"--html " + path + ": the HTML report is not part of this build"};
#endif
}

int run(Flags& f) {
  if (f.opts.rescore.empty() && f.checkpoints.empty()) {
    std::fprintf(stderr, "stepwise eval: give one or more checkpoints, or --rescore FILE\n");
    return 2;
  }
  if (f.opts.rescore.empty() && f.opts.problems.empty()) {
    std::fprintf(stderr, "stepwise eval: --problems FILE is required when sampling\n");
    return 2;
  }
  if (auto st = resolve(f); !st) {
    std::fprintf(stderr, "stepwise eval: %s\n", st.error().message.c_str());
    return 2;
  }
  Diagnostics diag(f.common.strict);
  auto result = eval::evaluate(f.opts, diag);
  diag.print_tail();
  if (!result) return fail("eval", result.error().message);
  Summary s("eval");
  for (const auto& [k, v] : result->members()) s.set(k, v);
  s.set("diagnostics", diag.to_json());
  s.text = eval::summary_text(*result);
  if (!f.html.empty()) {
    if (auto st = write_html(f.html, s.figures); !st) return fail("eval", st.error().message);
    s.line("report: " + f.html);
  }
  if (!f.opts.generations_out.empty()) s.line("generations: " + f.opts.generations_out);
  if (auto st = s.emit(f.common.summary, f.common.quiet); !st)
    return fail("eval", st.error().message);
  return 0;
}

void add_sampling_flags(CLI::App& app, Flags& f) {
  auto& g = f.opts.sampling;
  app.add_option("-k", f.opts.k, "Samples per problem (sample 0 greedy, the others sampled)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--temperature", g.temperature, "Temperature of samples 1..k-1")
      ->capture_default_str();
  app.add_option("--top-k", g.top_k, "Top-k of samples 1..k-1 (0 = off)")->capture_default_str();
  app.add_option("--top-p", g.top_p, "Nucleus of samples 1..k-1 (1 = off)")->capture_default_str();
  app.add_option("--max-new-tokens", g.max_new_tokens, "Longest completion, in tokens")
      ->capture_default_str();
  app.add_option("--batch", g.batch, "Prompts decoded together")->capture_default_str();
  app.add_option("--device", f.opts.device, "cpu | cuda | cuda:N")->capture_default_str();
}

VerbRegistration reg(
    "eval", "Score students through the verifier: accuracy, steps, robustness, reports",
    [](CLI::App& app) -> VerbRunner {
      auto f = std::make_shared<Flags>();
      auto& o = f->opts;
      app.add_option("checkpoints", f->checkpoints, "checkpoint.safetensors of each student");
      app.add_option("--problems", o.problems, "Held-out problems (trace JSONL with gold)");
      app.add_option("--label", f->labels, "Comma-separated model labels (default m1,m2,...)");
      add_sampling_flags(app, *f);
      app.add_option("--perturb-sets", o.perturb_sets,
                     "Robustness sets (new numbers; a distractor clause)")
          ->capture_default_str();
      app.add_option("--ood-digits", o.ood_digits, "Out-of-distribution split with N more digits")
          ->capture_default_str();
      app.add_option("--ood-problems", o.ood_problems, "Extra problems scored as split \"ood\"");
      app.add_option("--limit", o.limit, "Use only the first N problems of each file (0 = all)")
          ->capture_default_str();
      app.add_option("--threads", o.threads, "Models sampled in parallel")->capture_default_str();
      app.add_option("--seed", o.seed, "Seed of perturbations and sampling")->capture_default_str();
      app.add_option("--generations", o.generations_out, "Write the raw generations (JSONL) here");
      app.add_option("--rescore", o.rescore, "Score stored generations instead (no model needed)");
      app.add_option("--html", f->html, "Write a self-contained HTML report here");
      app.add_option("--examples", o.examples, "Worked wrong examples kept per model")
          ->capture_default_str();
      add_common_flags(app, f->common);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace stepwise::cli

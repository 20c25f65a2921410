// demo: the main job, `stepwise demo`: the claim of stepwise shown end to end.
//
// What it is: one command that runs the whole loop from a built-in default, with no input files
// and no network: generate problems from several families -> the synthetic teacher proposes k
// candidates per problem (about 30% flawed) -> verify every step and cross-check the candidates
// -> curate (strict policy, best of k) and order as a curriculum -> train three students on
// the same problems with the same step budget:
//   (a) a small student on the validated traces,
//   (b) a student with >= 4x the parameters on the answers only,
//   (c) the small student on the unfiltered teacher traces (one candidate per problem),
// -> evaluate all three on held-out problems and on perturbed variants -> a report (terminal
// table, summary JSON, self-contained HTML) in a run folder. (b) starts training as soon as the
// problems exist, on its own core, while the validation stages and (a) and (c) use the other.
// With seeds > 1 the training and evaluation repeat per seed and the report gives means with
// 95% confidence intervals.
//
// What it is not: a benchmark of the stages (bench/ has those) or a tuning tool.
//
// Entry points: run_demo(), demo_defaults() / quick_defaults(). Guide: docs/demo.md.
// Depends on: base, trace, tasks, teach, verify, crosscheck, curate, train, eval.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "train/train.h"

namespace stepwise::demo {

// One student of the experiment.
struct StudentPlan {
  std::string label;        // "a" | "b" | "c"
  std::string description;  // for the report: "small, validated traces"
  std::string data;         // "validated" | "answers" | "unfiltered"
  train::Mode mode = train::Mode::kTrace;
  train::ModelConfig model;
  int64_t batch = 16;  // rows per step (set so that every student sees as many problems per step)
};

struct DemoOptions {
  std::string run_dir = "runs/demo";
  // Problems.
  std::vector<std::string> families = {"shopping_change", "linear_equation"};
  int min_difficulty = 1, max_difficulty = 2;
  int64_t problems = 30000;  // per family, training pool (before validation)
  int64_t heldout = 250;     // per family, never trained on
  // Teacher and validation.
  int k = 4;              // candidates per problem
  double flaw_rate = -1;  // share of flawed candidates; < 0 = the synthetic teacher's default
  int crosscheck_perturbations = 2;
  // Training (the same step budget for every student).
  int64_t steps = 6000;
  double lr = 1e-2;  // small students on short procedural traces like a high rate
  int64_t warmup = 30;
  // Every student uses the same tokenizer: BPE with single-digit pieces packs a problem into
  // about 2.5x fewer positions than characters do, for the same arithmetic per digit.
  train::TokenizerKind tokenizer = train::TokenizerKind::kSentencePiece;
  int64_t spm_vocab = 512;
  // Each digit one token per (digit, place value): the ones digits of two numbers are the same
  // kind of token wherever the numbers stand, which is what column arithmetic needs.
  bool place_digits = true;
  std::vector<StudentPlan> students;  // empty = the default a, b, c (see default_students)
  // Evaluation.
  int perturb_sets = 2;  // robustness sets (new numbers, a distractor clause)
  // Held-out completions sampled per problem after the greedy one (eval's temperature 0.8,
  // top-p 0.95): the "sampled" accuracy, where flaws a student learned with some probability
  // show even when its greedy answer is right. 0 = none.
  int samples = 3;
  int64_t eval_limit = 0;  // problems of the held-out set used (0 = all)
  // Repetition and machine.
  uint64_t seed = 1;
  int seeds = 1;    // training + evaluation repeated with seeds seed, seed+1, ...
  int threads = 0;  // 0 = one per hardware thread
  bool quick = false;
  bool progress = true;
};

// The built-in default (what `stepwise demo` runs) and the reduced run of `--quick`.
DemoOptions demo_defaults();
DemoOptions quick_defaults();
// The three students used when DemoOptions::students is empty: (a) d_model 64, 2 layers, trace
// mode; (b) d_model 128, 3 layers (more than 4x the parameters of (a)), answer mode; (c) as (a).
std::vector<StudentPlan> default_students();

// Runs the demo into o.run_dir (created; earlier contents of the same names replaced): stage
// files (problems, candidates, verified, checked, train sets), one folder per student and seed,
// eval.json (eval's summary of the last seed), demo.json (the figures below), report.html.
// Progress for every stage on a terminal. Returns demo.json's content:
// {"options", "machine", "stages": {...}, "students": [{label, ..., "heldout", "numbers",
//  "distractor": {mean, lo, hi, n}}], "training": [train reports], "seeds": [{"seed",
//  "heldout_accuracy": {label: x}}], "claim": {"a_minus_b", "a_minus_c": {mean, lo, hi, n, over,
//  significant}}, "seconds"}.
// Error: a stage failed (its message, prefixed by the stage), or the run folder is unwritable.
Result<json::Value> run_demo(const DemoOptions& o);

// The terminal table of a demo.json (one row per student, then the differences).
std::string demo_table(const json::Value& demo);

// Mean and 95% confidence interval (Student's t) of `xs`; with one value the interval is the
// value itself. {mean, lo, hi, n}.
struct Interval {
  double mean = 0, lo = 0, hi = 0;
  int64_t n = 0;
};
Interval mean_ci(const std::vector<double>& xs);
// 95% interval of the mean of paired differences d_i = x_i - y_i over problems (normal
// approximation), for one seed: how sure the difference between two students is.
Interval paired_ci(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace stepwise::demo

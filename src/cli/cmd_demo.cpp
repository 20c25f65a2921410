// `stepwise demo`: the main job: the claim of stepwise, end to end, from a built-in default
// (demo/demo.h).
#include <cstdio>
#include <memory>
#include <sstream>

#include "base/summary.h"
#include "cli/verb.h"
#include "demo/demo.h"
#include "tasks/tasks.h"

namespace stepwise::cli {
namespace {

struct DemoFlags {
  demo::DemoOptions o = demo::demo_defaults();
  bool quick = false;
  int samples = -1;  // -1: the default of the run (DemoOptions::samples)
  std::string out, families, difficulty, digits;
  int64_t problems = 0, heldout = 0, steps = 0;
  CommonFlags common;
};

// --quick first (its defaults), then every flag given explicitly over them.
Status resolve(DemoFlags& f) {
  demo::DemoOptions& o = f.o;
  if (f.quick) {
    demo::DemoOptions q = demo::quick_defaults();
    q.seeds = o.seeds;
    q.seed = o.seed;
    q.threads = o.threads;
    q.flaw_rate = o.flaw_rate;
    q.k = o.k;
    o = q;
  }
  if (!f.out.empty()) o.run_dir = f.out;
  if (!f.families.empty()) {
    o.families.clear();
    std::stringstream names(f.families);
    for (std::string n; std::getline(names, n, ',');)
      if (!n.empty()) o.families.push_back(n);
  }
  if (!f.difficulty.empty())
    if (auto st = tasks::parse_difficulty(f.difficulty, o.min_difficulty, o.max_difficulty); !st)
      return st;
  if (f.problems > 0) o.problems = f.problems;
  if (f.heldout > 0) o.heldout = f.heldout;
  if (f.steps > 0) o.steps = f.steps;
  if (f.samples >= 0) o.samples = f.samples;
  if (!f.digits.empty()) {
    auto place = parse_digits_flag(f.digits);
    if (!place) return place.error();
    o.place_digits = *place;
  }
  if (o.seeds < 1) return Error{"--seeds must be at least 1"};
  if (o.k < 1) return Error{"-k must be at least 1"};
  o.progress = !f.common.quiet;
  return {};
}

int run(DemoFlags& f) {
  if (auto st = resolve(f); !st) return fail("demo", st.error().message);
  auto d = demo::run_demo(f.o);
  if (!d) return fail("demo", d.error().message);
  Summary summary("demo");
  summary.figures = *d;
  summary.figures.set("verb", json::Value::string("demo"));
  summary.text = demo::demo_table(*d) + "report: " + f.o.run_dir + "/report.html (figures in " +
                 f.o.run_dir + "/demo.json)\n";
  if (Status st = summary.emit(f.common.summary, f.common.quiet); !st)
    return fail("demo", st.error().message);
  return 0;
}

VerbRegistration reg(
    "demo", "The main job: validated traces vs. a 4x larger answer-only student, end to end",
    [](CLI::App& app) {
      auto f = std::make_shared<DemoFlags>();
      app.add_flag("--quick", f->quick, "A reduced run (about 2 minutes; for CI)");
      app.add_option("--seeds", f->o.seeds, "Repeat training and evaluation over N seeds")
          ->capture_default_str();
      app.add_option("--seed", f->o.seed, "First seed")->capture_default_str();
      app.add_option("-o,--out", f->out, "Run folder (default runs/demo, runs/demo-quick)");
      app.add_option("--families", f->families, "FAMILY[,FAMILY...] of the problems");
      app.add_option("--difficulty", f->difficulty, "D or D1-D2 (1..5)");
      app.add_option("--problems", f->problems, "Training problems per family");
      app.add_option("--heldout", f->heldout, "Held-out problems per family");
      app.add_option("--steps", f->steps, "Optimizer steps of every student");
      app.add_option("--digits", f->digits,
                     "place (default: one token per digit and place value) | plain");
      app.add_option("-k", f->o.k, "Teacher candidates per problem")->capture_default_str();
      app.add_option("--flaw-rate", f->o.flaw_rate,
                     "Share of flawed teacher candidates (default: the teacher's, 0.30)");
      app.add_option("--samples", f->samples,
                     "Held-out completions sampled per problem after the greedy one, for the "
                     "sampled accuracy (default 3; 0 = none)")
          ->check(CLI::Range(0, 63));
      app.add_option("--threads", f->o.threads, "Cores to use (0 = all)")->capture_default_str();
      add_common_flags(app, f->common);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace stepwise::cli

// `stepwise gen`: problems and traces from the built-in families (tasks/gen.h).
#include <cstdio>
#include <memory>
#include <sstream>

#include "cli/verb.h"
#include "tasks/tasks.h"

namespace stepwise::cli {
namespace {

struct GenFlags {
  std::string families;  // "a,b" or "all"
  std::string difficulty = "1-5";
  std::string format = "trace";
  bool list = false;
  tasks::GenOptions options;
  CommonFlags common;
};

int run(GenFlags& f) {
  if (f.list) {
    std::fputs(tasks::list_families_text().c_str(), stdout);
    return 0;
  }
  if (f.families.empty()) {
    std::fprintf(stderr, "stepwise gen: name the families (or all); --list shows them\n");
    return 2;
  }
  std::stringstream names(f.families);
  for (std::string name; std::getline(names, name, ',');)
    if (!name.empty()) f.options.families.push_back(name);
  if (Status st =
          tasks::parse_difficulty(f.difficulty, f.options.min_difficulty, f.options.max_difficulty);
      !st) {
    std::fprintf(stderr, "stepwise gen: %s\n", st.error().message.c_str());
    return 2;
  }
  f.options.format = f.format == "answer" ? tasks::Format::kAnswer : tasks::Format::kTrace;
  Summary summary("gen");
  auto report = tasks::run_gen(f.options, summary);
  if (!report) return fail("gen", report.error().message);
  if (Status st = summary.emit(f.common.summary, f.common.quiet); !st)
    return fail("gen", st.error().message);
  return 0;
}

VerbRegistration reg(
    "gen", "Generate problems and traces from the built-in families", [](CLI::App& app) {
      auto f = std::make_shared<GenFlags>();
      app.add_option("families", f->families, "FAMILY[,FAMILY...] or all");
      app.add_option("-n", f->options.n, "Problems per family")->capture_default_str();
      app.add_option("--seed", f->options.seed, "Random seed")->capture_default_str();
      app.add_option("--difficulty", f->difficulty, "D or D1-D2 (1..5)")->capture_default_str();
      app.add_option("--format", f->format, "trace (steps) or answer (answer only)")
          ->check(CLI::IsMember({"trace", "answer"}))
          ->capture_default_str();
      app.add_option("-o,--output", f->options.output, "Output JSONL ('-' = stdout)")
          ->capture_default_str();
      app.add_flag("--list", f->list, "List the families with an example each");
      add_common_flags(app, f->common);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace stepwise::cli

// verb.h: how a `stepwise <verb>` registers itself.
//
// Each verb lives in its own cmd_<verb>.cpp, compiled into the `stepwise` binary, and registers
// with a static VerbRegistration. Its setup function adds the verb's flags to a CLI11
// subcommand, binding them to an options struct, and returns the function that runs it; that
// function maps the options onto one library call, prints the summary, and returns the exit
// code (0 ok, 1 failure, 2 usage). Verbs are listed in `stepwise --help` in name order.
//
// Example:
//   static int run(const Options& o);
//   static VerbRegistration reg("stats", "Counts and histograms of a trace file",
//       [](CLI::App& app) -> VerbRunner {
//         auto o = std::make_shared<Options>();
//         app.add_option("input", o->input, "trace file")->required();
//         add_common_flags(app, o->common);
//         return [o] { return run(*o); };
//       });
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/summary.h"

namespace stepwise::cli {

using VerbRunner = std::function<int()>;
using VerbSetup = std::function<VerbRunner(CLI::App&)>;

struct VerbInfo {
  std::string name, help;
  VerbSetup setup;
};

std::vector<VerbInfo>& verb_registry();

struct VerbRegistration {
  VerbRegistration(std::string name, std::string help, VerbSetup setup) {
    verb_registry().push_back({std::move(name), std::move(help), std::move(setup)});
  }
};

// Flags every verb shares.
struct CommonFlags {
  std::string summary;  // --summary PATH: the figures as JSON
  bool strict = false;  // --strict: the first bad record is fatal (exit 1)
  bool quiet = false;   // --quiet: no human summary
};
void add_common_flags(CLI::App& app, CommonFlags& flags);

// The students' digit tokens from a --digits value: true for "place", false for "plain".
// Error: any other value.
Result<bool> parse_digits_flag(const std::string& value);

// Prints "stepwise <verb>: <message>" to stderr and returns 1: for errors in main's callers.
int fail(const std::string& verb, const std::string& message);

// The end of a verb whose one library call returned `fig` (a figures type with to_json() and
// to_text()): the summary is those figures plus the diagnostics; prints the bad-record tail and
// the human summary, writes --summary. Returns the exit code (1 when the summary can't be
// written).
template <class Figures>
int report_figures(const std::string& verb, const Figures& fig, const Diagnostics& diag,
                   const CommonFlags& common) {
  Summary s(verb);
  json::Value figures = fig.to_json();
  for (auto& [k, v] : figures.members()) s.set(k, std::move(v));
  s.set("diagnostics", diag.to_json());
  s.text = fig.to_text();
  diag.print_tail();
  Status st = s.emit(common.summary, common.quiet);
  return st ? 0 : fail(verb, st.error().message);
}

}  // namespace stepwise::cli

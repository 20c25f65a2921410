// The `stepwise` command: one subcommand per verb (see verb.h), `--help` on each, `--version`.
#include <algorithm>
#include <cstdio>
#include <exception>

#include "cli/verb.h"

#ifndef STEPWISE_VERSION
#define STEPWISE_VERSION "0.0.0"
#endif

namespace stepwise::cli {

std::vector<VerbInfo>& verb_registry() {
  static std::vector<VerbInfo> verbs;
  return verbs;
}

Result<bool> parse_digits_flag(const std::string& value) {
  if (value != "plain" && value != "place")
    return Error{"--digits: expected plain or place, got \"" + value + "\""};
  return value == "place";
}

void add_common_flags(CLI::App& app, CommonFlags& flags) {
  app.add_option("--summary", flags.summary, "Write the summary figures as JSON to PATH");
  app.add_flag("--strict", flags.strict, "Stop at the first bad record (exit 1)");
  app.add_flag("-q,--quiet", flags.quiet, "Do not print the human summary");
}

int fail(const std::string& verb, const std::string& message) {
  std::fprintf(stderr, "stepwise %s: %s\n", verb.c_str(), message.c_str());
  return 1;
}

}  // namespace stepwise::cli

int main(int argc, char** argv) {
  using namespace stepwise::cli;
  CLI::App app{"stepwise: build, validate and train on reasoning traces", "stepwise"};
  app.set_version_flag("--version", "stepwise " STEPWISE_VERSION);
  app.require_subcommand(1);
  auto& verbs = verb_registry();
  std::sort(verbs.begin(), verbs.end(),
            [](const VerbInfo& a, const VerbInfo& b) { return a.name < b.name; });
  std::vector<std::pair<CLI::App*, VerbRunner>> runners;
  for (auto& v : verbs) {
    CLI::App* sub = app.add_subcommand(v.name, v.help);
    runners.emplace_back(sub, v.setup(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    for (auto& [sub, run] : runners)
      if (sub->parsed()) return run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stepwise: error: %s\n", e.what());
    return 1;
  }
  return 2;
}

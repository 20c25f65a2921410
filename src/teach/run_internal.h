// run_internal.h: the pieces of teach::run() (teach.h). Internal to teach/.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/summary.h"
#include "teach/candidate.h"
#include "teach/prompt.h"
#include "teach/teach.h"
#include "trace/jsonl.h"

namespace stepwise::teach::internal {

// The problems of a run, in input order, with where each came from ("file:line").
struct Problems {
  std::vector<trace::Trace> items;
  std::vector<std::string> where;
};

// Reads the input. Records the teacher cannot use (no gold in rationalize mode) are reported
// to `diag` and left out. Error: the input cannot be opened, or `diag` is strict and a bad
// record was found.
Result<Problems> read_problems(const TeachOptions& o, Diagnostics& diag);

// The default file names derived from the output (see TeachOptions).
std::string drops_path(const TeachOptions& o);
std::string cache_path(const TeachOptions& o);

// The candidates file and the drops file, written together and committed at the end.
class Outputs {
 public:
  Status open(const TeachOptions& o);
  void candidate(const trace::Trace& t) { out_.write(t); }
  void drop(const trace::Trace& t, const std::string& reason);
  Status commit();
  int64_t candidates() const { return static_cast<int64_t>(out_.records()); }
  int64_t drops() const { return drops_total_; }
  const std::map<std::string, int64_t>& drops_by_reason() const { return by_reason_; }
  const std::string& drops_file() const { return drops_path_; }

 private:
  trace::JsonlWriter out_, drops_;
  std::string drops_path_;
  int64_t drops_total_ = 0;
  std::map<std::string, int64_t> by_reason_;
};

// Prompts for problems: templates plus few-shot examples from each problem's family (the
// problem's `task`, else its program's family; problems of no known family get examples from
// the first built-in family). Examples are generated once per family, with a fixed seed, and
// never repeat the question being asked. Thread-safe.
class PromptMaker {
 public:
  PromptMaker(Templates templates, Api api, int few_shot, bool rationalize)
      : t_(std::move(templates)), api_(api), few_shot_(few_shot), rationalize_(rationalize) {}
  Prompt prompt_for(const trace::Trace& problem) const;

 private:
  std::vector<Example> examples_for(const trace::Trace& problem) const;
  Templates t_;
  Api api_;
  int few_shot_;
  bool rationalize_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::vector<Example>> by_family_;
};

// The figures shared by both teachers' summaries: drops, candidates, extraction outcomes.
void add_output_figures(Summary& s, const Outputs& out, const TeachOptions& o);

Result<Summary> run_openai(const TeachOptions& o, const Problems& problems);
Result<Summary> run_synthetic(const TeachOptions& o, const Problems& problems);

}  // namespace stepwise::teach::internal

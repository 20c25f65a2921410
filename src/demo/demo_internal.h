// demo_internal.h: the parts of run_demo() (not a public interface).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "demo/demo.h"

namespace stepwise::demo {

// The files of a run folder.
struct Paths {
  std::string dir;
  std::string generated, problems, heldout;  // gen output, its training pool and held-out part
  std::string candidates, unfiltered;        // teacher candidates; the first one per problem
  std::string verified, checked, validated;  // verify, crosscheck and curate outputs
};
Paths paths_for(const std::string& dir);

// Progress of every stage and student, on one line of a terminal (redrawn), or as plain lines
// when stderr is not a terminal. Thread-safe: students report from their training threads.
class Board {
 public:
  explicit Board(bool enabled);
  ~Board();
  void stage(const std::string& name);                    // a stage starts (main thread)
  void done(const std::string& name);                     // and ends, with its time
  void student(const std::string& label, int64_t steps);  // a student starts training
  void step(const std::string& label, int64_t step, double loss, double tokens_per_s);
  void student_done(const std::string& label, const std::string& what);
  void note(const std::string& line);  // a line of its own
  double seconds() const;

 private:
  struct Run {
    int64_t step = 0, steps = 0;
    double loss = 0, rate = 0;
    std::chrono::steady_clock::time_point start;
    bool done = false;
  };
  void draw_locked(bool force);
  void clear_locked();
  bool tty_ = false, enabled_ = true;
  std::mutex mu_;
  std::string stage_;
  std::chrono::steady_clock::time_point t0_, stage_t0_, last_draw_;
  std::map<std::string, Run> runs_;
  size_t drawn_ = 0;
};

// Stage 1: problems (gen, split into pool and held-out). Fills stages["gen"].
Status run_problem_stage(const DemoOptions& o, const Paths& p, Board& board, json::Value& stages);
// Stages 2-6: teacher, unfiltered set, verify, crosscheck, curate. Fills stages[...].
Status run_validation_stages(const DemoOptions& o, const Paths& p, Board& board,
                             json::Value& stages);

// One student's training run. `data` is the trace file it trains on.
struct TrainJob {
  StudentPlan plan;
  std::string data, out;  // trace file; run folder (checkpoint.safetensors inside)
  uint64_t seed = 0;
  int64_t steps = 0;
  double lr = 0;
  int64_t warmup = 0;
  train::TokenizerKind tokenizer = train::TokenizerKind::kChar;
  int64_t spm_vocab = 512;
  bool place_digits = false;
};
// Trains `job` on one thread of compute, reporting steps to `board`. Returns train's report JSON.
Result<json::Value> train_student(const TrainJob& job, Board& board);
// Rows per step for each plan so that every student sees about as many problems per step as
// the first one: rows scale with the mean sequence length of each student's data.
Status balance_batches(std::vector<StudentPlan>& plans, const std::vector<std::string>& data);

// Machine facts for the report: cores, CPU model, memory.
json::Value machine_json();

// demo.json from the run's parts: options, machine, stage figures, training reports, the eval
// summary of every seed (in seed order) and the claim with its intervals.
json::Value build_demo_json(const DemoOptions& o, const std::vector<StudentPlan>& plans,
                            const json::Value& stages, const json::Value& runs,
                            const std::vector<json::Value>& summaries, double seconds);
// Writes demo.json, eval.json (the last seed's eval summary), table.txt and report.html.
Status write_reports(const Paths& p, const json::Value& demo, const json::Value& last_summary);

}  // namespace stepwise::demo

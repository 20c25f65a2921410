// demo.cpp: run_demo(): the stages, the three students (scheduled over the cores) and the
// evaluation, seed after seed; then the claim and the report.
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <thread>

#include "base/atomic_file.h"
#include "demo/demo_internal.h"
#include "eval/eval.h"

namespace stepwise::demo {

DemoOptions demo_defaults() { return DemoOptions{}; }

DemoOptions quick_defaults() {
  DemoOptions o;
  o.run_dir = "runs/demo-quick";
  o.families = {"shopping_change"};
  o.problems = 8000;
  o.heldout = 200;
  o.steps = 1200;
  o.perturb_sets = 1;
  o.crosscheck_perturbations = 1;
  o.quick = true;
  return o;
}

namespace {

// Which file each student trains on.
std::string data_of(const StudentPlan& s, const Paths& p) {
  if (s.data == "validated") return p.validated;
  if (s.data == "unfiltered") return p.unfiltered;
  return p.problems;  // answers: the problems with their gold answers
}

std::string student_dir(const Paths& p, const StudentPlan& s, uint64_t seed) {
  return p.dir + "/students/" + s.label + "-seed" + std::to_string(seed);
}

TrainJob job_for(const DemoOptions& o, const Paths& p, const StudentPlan& s, uint64_t seed) {
  TrainJob j;
  j.plan = s;
  j.data = data_of(s, p);
  j.out = student_dir(p, s, seed);
  j.seed = seed;
  j.steps = o.steps;
  j.lr = o.lr;
  j.warmup = o.warmup;
  j.tokenizer = o.tokenizer;
  j.spm_vocab = o.spm_vocab;
  j.place_digits = o.place_digits;
  return j;
}

// Lowers the scheduling priority of the calling thread only (Linux: a thread id is a process id
// for setpriority). Best effort: a failure leaves the priority as it was.
void lower_thread_priority() {
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
}

// The students that need no validated data (answers only) start at once on a thread of their
// own, so two cores are busy from the first minute; the others start together as soon as the
// validation stages are done, at a lower priority: the early student keeps a core to itself
// and the later ones share the other until it ends, then spread over both, so that all end at
// about (all training work) / cores. Each student trains on one thread, so the results do not
// depend on how the threads share the cores.
Status train_seed(const DemoOptions& o, const Paths& p, const std::vector<StudentPlan>& plans,
                  uint64_t seed, bool validate_first, Board& board, json::Value& stages,
                  json::Value& runs) {
  auto launch = [&](const StudentPlan& s, bool lower) {
    return std::async(std::launch::async, [&, s, lower] {
      if (lower) lower_thread_priority();
      return train_student(job_for(o, p, s, seed), board);
    });
  };
  std::vector<std::future<Result<json::Value>>> early, late;
  for (const auto& s : plans)
    if (s.data == "answers") early.push_back(launch(s, false));
  Status st;
  if (validate_first) st = run_validation_stages(o, p, board, stages);
  if (st)
    for (const auto& s : plans)
      if (s.data != "answers") late.push_back(launch(s, !early.empty()));
  std::vector<Result<json::Value>> done;
  for (auto* group : {&late, &early})
    for (auto& f : *group) done.push_back(f.get());  // always joined, even after a failure
  if (!st) return st;
  for (auto& r : done) {
    if (!r) return r.error();
    runs.push(std::move(*r));
  }
  return {};
}

Result<json::Value> evaluate_seed(const DemoOptions& o, const Paths& p,
                                  const std::vector<StudentPlan>& plans, uint64_t seed,
                                  Board& board) {
  eval::EvalOptions e;
  for (const auto& s : plans)
    e.models.push_back({s.label, student_dir(p, s, seed) + "/checkpoint.safetensors"});
  e.problems = p.heldout;
  e.perturb_sets = o.perturb_sets;
  e.limit = o.eval_limit;
  e.threads = std::max(1, o.threads);
  e.seed = seed;
  e.generations_out = p.dir + "/generations-seed" + std::to_string(seed) + ".jsonl";
  e.progress = false;
  board.stage("evaluate students (seed " + std::to_string(seed) + ")");
  Diagnostics diag;
  diag.set_print(false);
  auto summary = eval::evaluate(e, diag);
  if (!summary) return Error{"eval: " + summary.error().message};
  if (o.samples > 0) {  // the held-out problems again, greedy and sampled
    e.k = 1 + o.samples;
    e.perturb_sets = 0;
    e.generations_out = p.dir + "/generations-sampled-seed" + std::to_string(seed) + ".jsonl";
    auto sampled = eval::evaluate(e, diag);
    if (!sampled) return Error{"eval (sampled): " + sampled.error().message};
    summary->set("sampled", std::move(*sampled));
  }
  board.done("evaluate students (seed " + std::to_string(seed) + ")");
  return summary;
}

}  // namespace

Result<json::Value> run_demo(const DemoOptions& in) {
  DemoOptions o = in;
  if (o.threads <= 0)
    o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<StudentPlan> plans = o.students.empty() ? default_students() : o.students;
  std::error_code ec;
  std::filesystem::create_directories(o.run_dir + "/students", ec);
  if (ec) return Error{o.run_dir + ": cannot create the run folder: " + ec.message()};
  Paths p = paths_for(o.run_dir);
  Board board(o.progress);
  json::Value stages = json::Value::object(), runs = json::Value::array();
  if (auto st = run_problem_stage(o, p, board, stages); !st) return st.error();
  // Batches: every student sees as many problems per step; the generated traces stand in for
  // the validated ones, which do not exist yet when the answer-only student starts.
  if (auto st = balance_batches(plans, std::vector<std::string>(plans.size(), p.problems)); !st)
    return st.error();
  std::vector<json::Value> summaries;
  for (int i = 0; i < std::max(1, o.seeds); ++i) {
    uint64_t seed = o.seed + static_cast<uint64_t>(i);
    if (auto st = train_seed(o, p, plans, seed, i == 0, board, stages, runs); !st)
      return st.error();
    auto s = evaluate_seed(o, p, plans, seed, board);
    if (!s) return s.error();
    summaries.push_back(std::move(*s));
  }
  json::Value demo = build_demo_json(o, plans, stages, runs, summaries, board.seconds());
  if (auto st = write_reports(p, demo, summaries.back()); !st) return st.error();
  return demo;
}

}  // namespace stepwise::demo

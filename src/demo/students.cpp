// students.cpp: the demo's three students: their shapes, their batches and their training runs.
#include <cmath>
#include <fstream>
#include <thread>

#include "demo/demo_internal.h"
#include "trace/jsonl.h"

namespace stepwise::demo {

std::vector<StudentPlan> default_students() {
  train::ModelConfig small;
  small.d_model = 64;
  small.n_layer = 2;
  small.n_head = 8;  // with place-value digits, steadier over seeds than 4 heads (docs/demo.md)
  small.ctx = 192;
  train::ModelConfig large = small;
  large.d_model = 128;  // with 3 layers: 4.04x the parameters of (a), embeddings included
  large.n_layer = 3;
  large.n_head = 4;
  int64_t rows = 16;
  return {
      {"a", "small student, validated traces", "validated", train::Mode::kTrace, small, rows},
      {"b", "4x larger student, answers only", "answers", train::Mode::kAnswer, large, rows},
      {"c", "small student, unfiltered teacher traces", "unfiltered", train::Mode::kTrace, small,
       rows},
  };
}

namespace {

// Mean length in characters of the sequences a student trains on (prompt + target), over the
// first `limit` records of `path`.
Result<double> mean_sequence_chars(const std::string& path, train::Mode mode, int64_t limit) {
  auto r = trace::JsonlReader::open(path);
  if (!r) return r.error();
  Diagnostics diag;
  diag.set_print(false);
  trace::Trace t;
  double sum = 0;
  int64_t n = 0;
  while (n < limit && (*r)->next_trace(t, diag)) {
    sum += static_cast<double>(t.question.size() + train::target_text(t, mode).size() + 3);
    ++n;
  }
  if (n == 0) return Error{path + ": no usable record"};
  return sum / static_cast<double>(n);
}

}  // namespace

Status balance_batches(std::vector<StudentPlan>& plans, const std::vector<std::string>& data) {
  if (plans.empty()) return {};
  auto first = mean_sequence_chars(data[0], plans[0].mode, 2000);
  if (!first) return first.error();
  for (size_t i = 1; i < plans.size(); ++i) {
    auto len = mean_sequence_chars(data[i], plans[i].mode, 2000);
    if (!len) return len.error();
    double rows = static_cast<double>(plans[0].batch) * *len / *first *
                  static_cast<double>(plans[0].model.ctx) / static_cast<double>(plans[i].model.ctx);
    plans[i].batch = std::max<int64_t>(1, std::llround(rows));
  }
  return {};
}

Result<json::Value> train_student(const TrainJob& job, Board& board) {
  train::TrainOptions t;
  t.data = job.data;
  t.out = job.out;
  t.mode = job.plan.mode;
  t.model = job.plan.model;
  t.batch = job.plan.batch;
  t.steps = job.steps;
  t.lr = job.lr;
  t.warmup = job.warmup;
  t.seed = job.seed;
  // (a) and (c) see their problems in the same curriculum order once, then shuffled epochs;
  // (b) starts before the curriculum exists and trains on shuffled epochs throughout.
  t.shuffle = job.plan.data != "validated" && job.plan.data != "unfiltered";
  t.curriculum_once = !t.shuffle;
  t.tokenizer = job.tokenizer;
  t.spm_vocab = job.spm_vocab;
  t.place_digits = job.place_digits;
  t.threads = 1;
  t.progress = false;
  t.checkpoint_every = job.steps;
  t.log_every = 10;
  t.distributed_from_env = false;
  const std::string label = job.plan.label;
  t.on_step = [&board, label](int64_t step, double loss, double rate) {
    board.step(label, step, loss, rate);
  };
  board.student(label, job.steps);
  Diagnostics diag;
  diag.set_print(false);
  auto rep = train::train(t, diag);
  if (!rep) return Error{"train " + label + ": " + rep.error().message};
  char buf[96];
  std::snprintf(buf, sizeof buf, "%lld params, final loss %.4f, %.0f tokens/s",
                static_cast<long long>(rep->params), rep->final_loss, rep->tokens_per_s);
  board.student_done(label, buf);
  json::Value v = rep->to_json();
  v.set("label", json::Value::string(label));
  v.set("batch_rows", json::Value::number(job.plan.batch));
  return v;
}

json::Value machine_json() {
  json::Value m = json::Value::object();
  m.set("hardware_threads",
        json::Value::number(static_cast<int64_t>(std::thread::hardware_concurrency())));
  std::ifstream cpu("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpu, line))
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) m.set("cpu", json::Value::string(line.substr(colon + 2)));
      break;
    }
  std::ifstream mem("/proc/meminfo");
  while (std::getline(mem, line))
    if (line.rfind("MemTotal:", 0) == 0) {
      m.set("memory_kb", json::Value::number(static_cast<int64_t>(std::atoll(line.c_str() + 9))));
      break;
    }
  return m;
}

}  // namespace stepwise::demo

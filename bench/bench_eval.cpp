// bench_eval: sampling throughput of a student with and without the KV cache.
//
// Usage: bench_eval [--d 64] [--L 2] [--h 4] [--ctx 256] [--new 96] [--device cpu]
// Makes a small character-level model (one training step on generated shopping problems: the
// weights are as good as random, which does not matter for speed), then decodes greedily
// --new tokens after shopping questions at batch 1 (8 prompts one after another) and batch 64
// (one batch of 64 prompts), with the KV cache and with the whole prefix recomputed for every
// token. Prints a table: generated tokens/s and the speed-up the cache gives. Tokens are counted
// in the completions (one character = one token), so rows that stop early count what they wrote.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/rng.h"
#include "eval/eval.h"
#include "tasks/tasks.h"
#include "train/train.h"

using namespace stepwise;

#ifdef STEPWISE_EVAL_SAMPLING

namespace {

struct Args {
  train::ModelConfig model;
  int64_t new_tokens = 96;
  std::string device = "cpu";
};

bool parse(int argc, char** argv, Args& a) {
  a.model.d_model = 64;
  a.model.n_layer = 2;
  a.model.n_head = 4;
  a.model.ctx = 256;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string f = argv[i];
    const char* v = argv[i + 1];
    if (f == "--d")
      a.model.d_model = std::atoll(v);
    else if (f == "--L")
      a.model.n_layer = std::atoll(v);
    else if (f == "--h")
      a.model.n_head = std::atoll(v);
    else if (f == "--ctx")
      a.model.ctx = std::atoll(v);
    else if (f == "--new")
      a.new_tokens = std::atoll(v);
    else if (f == "--device")
      a.device = v;
    else
      return false;
  }
  return argc % 2 == 1;
}

std::vector<trace::Trace> problems(int n) {
  std::vector<trace::Trace> out;
  Rng rng(11);
  for (int i = 0; i < n; ++i)
    out.push_back(*tasks::generate(*tasks::find_family("shopping_change"), 1, rng));
  return out;
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Tokens per second of greedy decoding of `questions` in batches of `batch`.
double tokens_per_s(train::Student& s, const std::vector<std::string>& questions, int64_t batch,
                    bool cache, int64_t new_tokens, size_t& tokens, double& seconds) {
  train::GenerateOptions g;
  g.max_new_tokens = new_tokens;
  g.batch = batch;
  g.use_cache = cache;
  auto t0 = std::chrono::steady_clock::now();
  auto out = s.generate(questions, g);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  tokens = 0;
  if (out)
    for (const auto& c : *out) tokens += code_points(c);
  return static_cast<double>(tokens) / seconds;
}

std::string make_student(const Args& a) {
  auto dir = std::filesystem::temp_directory_path() /
             ("stepwise_bench_eval_" + std::to_string(::getpid()));
  train::TrainOptions o;
  o.model = a.model;
  o.steps = 1;
  o.batch = 8;
  o.out = dir.string();
  o.progress = false;
  o.distributed_from_env = false;
  Diagnostics diag;
  auto rep = train::train(o, problems(64), diag);
  if (!rep) {
    std::fprintf(stderr, "bench_eval: %s\n", rep.error().message.c_str());
    return "";
  }
  return rep->checkpoint;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse(argc, argv, a)) {
    std::fprintf(stderr,
                 "usage: bench_eval [--d N] [--L N] [--h N] [--ctx N] [--new N] "
                 "[--device D]\n");
    return 2;
  }
  std::string ck = make_student(a);
  if (ck.empty()) return 1;
  auto student = train::Student::load(ck, a.device);
  std::filesystem::remove_all(std::filesystem::path(ck).parent_path());
  if (!student) return std::fprintf(stderr, "bench_eval: %s\n", student.error().message.c_str()), 1;
  std::vector<std::string> qs;
  for (const auto& t : problems(64)) qs.push_back(t.question);
  std::printf("model d %lld L %lld h %lld ctx %lld (%lld params), %lld new tokens, greedy, %s\n",
              static_cast<long long>(a.model.d_model), static_cast<long long>(a.model.n_layer),
              static_cast<long long>(a.model.n_head), static_cast<long long>(a.model.ctx),
              static_cast<long long>((*student)->params()), static_cast<long long>(a.new_tokens),
              a.device.c_str());
  std::printf("%-6s %-6s %8s %8s %9s %10s\n", "batch", "cache", "prompts", "tokens", "seconds",
              "tokens/s");
  size_t tokens = 0;
  double secs = 0;
  for (int64_t batch : {int64_t{1}, int64_t{64}}) {
    std::vector<std::string> prompts(qs.begin(), qs.begin() + (batch == 1 ? 8 : 64));
    (void)tokens_per_s(**student, {prompts[0]}, 1, true, 8, tokens, secs);  // warm-up
    double rate[2];
    for (bool cache : {true, false}) {
      rate[cache] = tokens_per_s(**student, prompts, batch, cache, a.new_tokens, tokens, secs);
      std::printf("%-6lld %-6s %8zu %8zu %9.3f %10.0f\n", static_cast<long long>(batch),
                  cache ? "on" : "off", prompts.size(), tokens, secs, rate[cache]);
    }
    std::printf("KV-cache speed-up at batch %lld: %.2fx\n", static_cast<long long>(batch),
                rate[1] / rate[0]);
  }
  return 0;
}
#else
int main() {
  std::printf("bench_eval: sampling needs a build with libtorch (STEPWISE_WITH_TORCH=ON)\n");
  return 0;
}
#endif

// bench_train: training throughput of stepwise's trainer at the PyTorch reference's shapes.
//
// Usage: bench_train --d 64 --L 2 --h 4 [--ctx 192] [--bs 64] [--steps 20] [--threads 1]
//        bench_train --ceiling --d 64 --L 2 --h 4 [--tokens N] [--threads 1]
//        bench_train --gelu --d 64 [--tokens N] [--threads 1]
// Trains on generated shopping traces (trace mode, packed rows of ctx tokens) for 5 warm-up
// steps plus --steps timed ones; RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT make it one of a
// data-parallel group (--bs is the global batch). Prints one JSON line (rank 0 only):
// {"params", "tok_per_s", "gflops", ...}. --ceiling prints the fp32 matmul throughput (torch::mm
// and oneDNN sgemm) on the model's GEMM shapes instead; --gelu the MLP's GELU (forward and
// backward over tokens x 4 d_model values), the trainer's kernel against libtorch's.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "base/diagnostics.h"
#include "train/shop_internal.h"
#include "train/train.h"

using namespace stepwise;

int main(int argc, char** argv) {
  train::ModelConfig c;
  int64_t bs = 64, steps = 20, tokens = 0;
  int threads = 1;
  bool ceiling = false, gelu = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::atoll(argv[++i]) : 0LL; };
    if (a == "--d")
      c.d_model = next();
    else if (a == "--L")
      c.n_layer = next();
    else if (a == "--h")
      c.n_head = next();
    else if (a == "--ctx")
      c.ctx = next();
    else if (a == "--bs")
      bs = next();
    else if (a == "--steps")
      steps = next();
    else if (a == "--threads")
      threads = static_cast<int>(next());
    else if (a == "--tokens")
      tokens = next();
    else if (a == "--ceiling")
      ceiling = true;
    else if (a == "--gelu")
      gelu = true;
    else {
      std::fprintf(stderr, "bench_train: unknown flag %s\n", a.c_str());
      return 2;
    }
  }
  if (gelu) {
    auto g = train::measure_gelu((tokens ? tokens : bs * c.ctx) * 4 * c.d_model, threads);
    std::printf("{\"fused_ns\": %.3f, \"aten_ns\": %.3f}\n", g.fused_ns, g.aten_ns);
    return 0;
  }
  if (ceiling) {
    c.vocab = 72;
    auto m = train::measure_matmul_ceiling(c, tokens ? tokens : bs * c.ctx, threads);
    std::printf("{\"aten_gflops\": %.1f, \"dnnl_gflops\": %.1f}\n", m.aten_gflops, m.dnnl_gflops);
    return 0;
  }
  auto traces = train::make_shop_traces(20000, 1);
  train::TrainOptions o;
  o.model = c;
  o.batch = bs;
  o.steps = 5 + steps;
  o.warmup = 5;
  o.threads = threads;
  o.progress = false;
  o.checkpoint_every = 0;
  o.log_every = 1;
  const char* rank = std::getenv("RANK");
  o.out = (std::filesystem::temp_directory_path() /
           ("stepwise_bench_train_" + std::to_string(::getpid()) + (rank ? rank : "0")))
              .string();
  // Time from the end of the warm-up steps: the hook runs on rank 0 after step 5.
  std::chrono::steady_clock::time_point t5;
  o.eval_every = 5;
  train::EvalHook hook = [&](train::Student&, int64_t step) {
    if (step == 5) t5 = std::chrono::steady_clock::now();
    return json::Value::object();
  };
  Diagnostics diag;
  auto rep = train::train(o, traces, diag, hook);
  auto end = std::chrono::steady_clock::now();
  std::filesystem::remove_all(o.out);
  if (!rep) {
    std::fprintf(stderr, "bench_train: %s\n", rep.error().message.c_str());
    return 1;
  }
  if (rep->rank != 0) return 0;
  double secs = std::chrono::duration<double>(end - t5).count();
  // Rows are packed to ctx, so every step sees nearly the same number of tokens.
  double timed_tokens = static_cast<double>(rep->tokens_seen) * double(steps) / double(steps + 5);
  double tok_s = timed_tokens / secs;
  c.vocab = 72;
  double flops = train::train_flops_per_token(c, c.ctx);
  std::printf(
      "{\"params\": %lld, \"world\": %d, \"threads\": %d, \"tok_per_s\": %.0f, \"gflops\": %.2f, "
      "\"final_loss\": %.4f, \"tokens_per_step\": %.0f}\n",
      static_cast<long long>(rep->params), rep->world_size, threads, tok_s, tok_s * flops / 1e9,
      rep->final_loss, double(rep->tokens_seen) / double(steps + 5));
  return 0;
}

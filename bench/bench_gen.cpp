// bench_gen: generation throughput of the problem families on one thread.
//
// For each family: draw problems (instance_rng(seed, family, i), difficulties 1..5 in turn),
// render them with steps and program, and serialize each record to JSONL in memory (the
// output buffer is reused). Prints traces/s and MB/s per family, then the aggregate over the
// arithmetic families (scratchpads and expressions) and over all families.
// Usage: bench_gen [SECONDS_PER_FAMILY] (default 1.0).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tasks/tasks.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double traces = 0, bytes = 0, seconds = 0, cpu = 0;
};

double thread_cpu() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Figures run_family(const stepwise::tasks::Family& f, double seconds) {
  Figures out;
  std::string buf;
  buf.reserve(1 << 20);
  auto start = Clock::now();
  double cpu0 = thread_cpu();
  uint64_t i = 0;
  for (;;) {
    for (int k = 0; k < 256; ++k, ++i) {
      stepwise::Rng rng = stepwise::tasks::instance_rng(1, f.name(), i);
      int d = 1 + static_cast<int>(i % 5);
      auto t = stepwise::tasks::generate(f, d, rng);
      if (!t) {
        std::fprintf(stderr, "%s\n", t.error().message.c_str());
        std::exit(1);
      }
      stepwise::trace::append_jsonl(buf, *t);
      if (buf.size() > (1u << 20)) {
        out.bytes += static_cast<double>(buf.size());
        buf.clear();
      }
    }
    out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (out.seconds >= seconds) break;
  }
  out.bytes += static_cast<double>(buf.size());
  out.traces = static_cast<double>(i);
  out.cpu = thread_cpu() - cpu0;
  return out;
}

void row(const char* name, const Figures& f) {
  std::printf("%-26s %10.0f %12.0f %12.0f %9.1f %10.0f\n", name, f.traces, f.traces / f.seconds,
              f.traces / f.cpu, f.bytes / f.cpu / 1e6, f.bytes / f.traces);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  std::printf("%-26s %10s %12s %12s %9s %10s\n", "family", "traces", "traces/s", "traces/cpu-s",
              "MB/cpu-s", "bytes/rec");
  Figures arith, all;
  for (const stepwise::tasks::Family* f : stepwise::tasks::families()) {
    Figures r = run_family(*f, seconds);
    row(f->name().c_str(), r);
    for (Figures* agg : {&all, f->arithmetic() ? &arith : nullptr}) {
      if (!agg) continue;
      agg->traces += r.traces;
      agg->bytes += r.bytes;
      agg->seconds += r.seconds;
      agg->cpu += r.cpu;
    }
  }
  row("= arithmetic families", arith);
  row("= all families", all);
  return 0;
}

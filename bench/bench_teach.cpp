// bench_teach: what `stepwise teach` costs on this machine, apart from the teacher itself.
//
//   requests/s   teach::run() against the in-process test server on 127.0.0.1 (no faults, no
//                latency): HTTP, JSON, prompt rendering, the SQLite cache and the output, with
//                1, 4 and 16 requests in flight (client and server share the machine)
//   cache rows/s one committed row per response, WAL with synchronous=NORMAL (the default) and
//                FULL (--durable-cache: an fsync per row)
//   parse MB/s   teacher texts split into steps and final answer (parse_solution)
//   synthetic    candidates/s of the synthetic teacher (render + flaws), one thread
//
// Usage: bench_teach [REQUESTS] [DIR]   (default 3000 requests, $TMPDIR or /tmp)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tasks/tasks.h"
#include "teach/cache.h"
#include "teach/solution.h"
#include "teach/synthetic.h"
#include "teach/teach.h"
#include "teach/test_server.h"

namespace {

using namespace stepwise;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void write_problems(const std::string& path, int n) {
  std::ofstream out(path);
  for (int i = 0; i < n; ++i) {
    out << "{\"id\":\"p" << i << "\",\"question\":\"Ann has " << 2 + i % 17 << " pens, buys "
        << 3 + i % 23 << " more and finds " << 1 + i % 11 << ". How many pens?\"}\n";
  }
}

void bench_requests(const std::string& dir, int n) {
  teach::TestServer server({});
  if (!server.start()) return;
  write_problems(dir + "/problems.jsonl", n);
  for (int c : {1, 4, 16}) {
    std::string out = dir + "/out" + std::to_string(c) + ".jsonl";
    teach::TeachOptions o;
    o.input = dir + "/problems.jsonl";
    o.output = out;
    o.endpoint = server.url();
    o.model = "bench";
    o.k = 1;
    o.few_shot = 2;
    o.concurrency = c;
    o.progress = false;
    auto t = Clock::now();
    auto s = teach::run(o);
    double secs = since(t);
    if (!s) {
      std::fprintf(stderr, "bench_teach: %s\n", s.error().message.c_str());
      return;
    }
    std::printf("requests (in flight %2d)  %8d requests  %7.2f s  %8.0f requests/s\n", c, n, secs,
                n / secs);
  }
}

void bench_cache(const std::string& dir, int n) {
  for (bool full : {false, true}) {
    std::string path = dir + (full ? "/full.db" : "/normal.db");
    auto cache = teach::Cache::open(path, full);
    if (!cache) return;
    teach::CacheEntry e;
    e.request = std::string(1500, 'q');
    e.response = std::string(1200, 'r');
    int rows = full ? n / 10 : n;
    auto t = Clock::now();
    for (int i = 0; i < rows; ++i) {
      e.key = std::to_string(i);
      if (!(*cache)->put(e)) return;
    }
    double secs = since(t);
    std::printf("cache rows, synchronous=%-6s %8d rows      %7.2f s  %8.0f rows/s\n",
                full ? "FULL" : "NORMAL", rows, secs, rows / secs);
  }
}

void bench_parse() {
  std::string text =
      "Let's solve it step by step.\n1. The notebooks cost 13*3.55=<<13*3.55=46.15>>46.15 "
      "dollars.\n2. The towels cost 11*0.65=<<11*0.65=7.15>>7.15 dollars.\n3. Altogether he "
      "spends 46.15+7.15=<<46.15+7.15=53.3>>53.3 dollars.\n4. He has 200-53.3=<<200-53.3=146.7>>"
      "146.7 dollars left.\n#### 146.7";
  const int reps = 200000;
  size_t steps = 0;
  auto t = Clock::now();
  for (int i = 0; i < reps; ++i) steps += teach::parse_solution(text).steps.size();
  double secs = since(t);
  std::printf("parse_solution            %8d texts     %7.2f s  %8.1f MB/s (%zu steps)\n", reps,
              secs, reps * text.size() / secs / 1e6, steps);
}

void bench_synthetic() {
  tasks::GenOptions g;
  g.families = {"all"};
  g.n = 100;
  g.seed = 1;
  std::vector<trace::Trace> problems;
  if (!tasks::generate_many(g, [&](const trace::Trace& t) { problems.push_back(t); })) return;
  teach::SyntheticOptions o;
  int n = 0;
  auto t = Clock::now();
  for (int rep = 0; rep < 4; ++rep) {
    for (const trace::Trace& p : problems) n += teach::synthetic_answer(p, rep, o).ok();
  }
  double secs = since(t);
  std::printf("synthetic teacher         %8d answers   %7.2f s  %8.0f answers/s\n", n, secs,
              n / secs);
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 3000;
  const char* tmp = std::getenv("TMPDIR");
  std::string base = argc > 2 ? argv[2] : (tmp && *tmp ? tmp : "/tmp");
  std::string dir = base + "/bench_teach." + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  bench_requests(dir, n);
  bench_cache(dir, n);
  bench_parse();
  bench_synthetic();
  std::filesystem::remove_all(dir);
  return 0;
}

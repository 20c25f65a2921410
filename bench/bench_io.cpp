// Read + write throughput of canonical trace records, one thread.
//
// Generates realistic records (question, 3-8 annotated steps, answer, gold, extraction, source,
// verdict, meta) into a temporary file of about BENCH_IO_MB megabytes (default 200), then times
//   parse      JsonlReader::next (lines -> json::Value)
//   read       JsonlReader::next_trace (lines -> Trace)
//   write      append_jsonl + JsonlWriter of records already in memory (incl. fsync)
//   read+write next_trace -> JsonlWriter::write -> commit: the path every stage takes
// and prints MB/s of JSONL text (input bytes; the output is byte-identical to the input), by
// wall-clock time and by this process's CPU time (user + system).
// Usage: bench_io [megabytes] [dir]   (dir defaults to $TMPDIR or /tmp; the disk matters: the
// writer fsyncs its output before renaming it into place)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/rng.h"
#include "trace/jsonl.h"

namespace {

using stepwise::Diagnostics;
using stepwise::Rng;
namespace tr = stepwise::trace;

const char* kNames[] = {"Natalia", "Weng", "Betty", "Julie", "James", "Albert", "Zoë"};
const char* kThings[] = {"clips", "apples", "pencils", "cookies", "stickers", "marbles"};

tr::Trace make_trace(Rng& rng, uint64_t i) {
  tr::Trace t;
  t.task = "shopping_change";
  std::string who = kNames[rng.below(7)], what = kThings[rng.below(6)];
  int64_t a = rng.range(2, 99), b = rng.range(2, 40), c = rng.range(2, 12);
  t.question = who + " has " + std::to_string(a) + " " + what + " and buys " + std::to_string(b) +
               " packs with " + std::to_string(c) + " " + what +
               " in each pack. She then gives a third of them to \"her friends\" and keeps the "
               "rest. How many " +
               what + " does she keep?";
  int64_t total = a;
  int steps = static_cast<int>(rng.range(3, 8));
  for (int s = 0; s < steps; ++s) {
    int64_t x = rng.range(2, 50);
    std::string e = std::to_string(total) + "+" + std::to_string(x);
    tr::Step step;
    step.text = "Next " + who + " adds " + std::to_string(x) + " more " + what + ": " + e +
                " = <<" + e + "=" + std::to_string(total + x) + ">>" + std::to_string(total + x) +
                " " + what + " in total.";
    total += x;
    if (s == 0) step.extra.set("value", stepwise::json::Value::number(total));
    t.steps.push_back(std::move(step));
  }
  t.answer = std::to_string(total);
  t.gold = std::to_string(rng.chance(0.8) ? total : total + 1);
  t.extraction = tr::Extraction{tr::Outcome::kFound, "####", stepwise::json::Value::object()};
  t.source = tr::Source{};
  t.source->kind = "teacher";
  t.source->name = "local-vllm";
  t.source->model = "qwen2.5-7b-instruct";
  t.source->sample = static_cast<int64_t>(i % 4);
  t.source->prompt_hash = "9f2c4e1a7b3d5f60";
  t.verdict = tr::Verdict{};
  t.verdict->ok = *t.answer == *t.gold;
  t.verdict->answer_ok = t.verdict->ok;
  if (!t.verdict->ok)
    t.verdict->findings.push_back(tr::Finding{"answer_mismatch", std::nullopt, "error",
                                              "final answer differs from gold",
                                              stepwise::json::Value::object()});
  t.meta = stepwise::json::Value::object();
  t.meta.set("difficulty", stepwise::json::Value::number(rng.range(1, 5)));
  t.id = tr::content_id(t);
  return t;
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU seconds (user + system) of this process: on a shared machine the wall time also counts
// the time other processes held the CPU or the disk.
double cpu() {
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

struct Row {
  const char* name;
  double mb, secs, cpu_secs;
  uint64_t records;
};

}  // namespace

int main(int argc, char** argv) {
  const char* env = std::getenv("BENCH_IO_MB");
  double target_mb = argc > 1 ? std::atof(argv[1]) : env ? std::atof(env) : 200.0;
  std::string dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path().string();
  std::string in = dir + "/bench_io_in.jsonl", out = dir + "/bench_io_out.jsonl";

  // Generate the input once.
  Rng rng(42);
  std::vector<tr::Trace> sample;
  {
    tr::JsonlWriter w;
    if (!w.open(in)) {
      std::fprintf(stderr, "cannot write %s\n", in.c_str());
      return 1;
    }
    for (uint64_t i = 0; static_cast<double>(w.bytes()) < target_mb * 1e6; ++i) {
      tr::Trace t = make_trace(rng, i);
      w.write(t);
      if (sample.size() < 20000) sample.push_back(std::move(t));
    }
    if (!w.commit()) return 1;
  }
  double bytes = static_cast<double>(std::filesystem::file_size(in));
  std::vector<Row> rows;
  Diagnostics diag(true);

  auto time_read = [&](const char* name, bool traces, bool write) {
    auto r = tr::JsonlReader::open(in);
    if (!r) return false;
    tr::JsonlWriter w;
    if (write && !w.open(out)) return false;
    double t0 = now(), c0 = cpu();
    uint64_t n = 0;
    stepwise::json::Value v;
    tr::Trace t;
    if (traces) {
      while ((*r)->next_trace(t, diag)) {
        if (write) w.write(t);
        ++n;
      }
    } else {
      while ((*r)->next(v, diag)) ++n;
    }
    if (write && !w.commit()) return false;
    rows.push_back({name, bytes / 1e6, now() - t0, cpu() - c0, n});
    return true;
  };
  if (!time_read("parse (json::Value)", false, false)) return 1;
  if (!time_read("read (Trace)", true, false)) return 1;
  {
    tr::JsonlWriter w;
    if (!w.open(out)) return 1;
    double t0 = now(), c0 = cpu();
    uint64_t n = 0;
    while (static_cast<double>(w.bytes()) < bytes)
      for (const tr::Trace& t : sample) {
        w.write(t);
        ++n;
      }
    if (!w.commit()) return 1;
    rows.push_back(
        {"write (append_jsonl)", static_cast<double>(w.bytes()) / 1e6, now() - t0, cpu() - c0, n});
  }
  if (!time_read("read+write", true, true)) return 1;
  bool same = std::filesystem::file_size(out) == std::filesystem::file_size(in);

  std::printf("%-22s %8s %8s %9s %9s %11s\n", "bench_io (1 thread)", "MB", "seconds", "MB/s",
              "MB/s cpu", "records/s");
  for (const Row& r : rows)
    std::printf("%-22s %8.1f %8.2f %9.1f %9.1f %11.0f\n", r.name, r.mb, r.secs, r.mb / r.secs,
                r.mb / r.cpu_secs, static_cast<double>(r.records) / r.secs);
  std::printf("output identical in size to input: %s; %.0f bytes/record\n", same ? "yes" : "NO",
              bytes / static_cast<double>(rows[0].records));
  if (!std::getenv("BENCH_IO_KEEP")) std::filesystem::remove(in);
  std::filesystem::remove(out);
  return diag.count() == 0 && same ? 0 : 1;
}

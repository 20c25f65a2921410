// Throughput of `stepwise verify` over generated GSM8K-style traces.
//
//   bench_verify gen N PATH [SEED]        writes N traces (2-6 annotated steps, "#### N", gold)
//   bench_verify run PATH THREADS [OUT [annotations]]
//                                         verify_file(PATH -> OUT) with THREADS workers (only
//                                         annotations and the answer: what the Python reference
//                                         checks, with "annotations"); prints
//                                         one line: traces, MB, wall seconds, MB/s, MB/s per
//                                         thread (wall, and per worker CPU-second), MB per CPU-
//                                         second of the whole process (reader and writer too),
//                                         peak RSS (VmHWM), ok count
//   bench_verify stages PATH [LIMIT]      one thread, in memory: parse / verify / serialize
//                                         split, to see where the time goes
// The problems are shopping, discount, rate, wage and sharing stories with small integers and
// money amounts; about 2% carry a planted arithmetic error and 1% a wrong final answer, so the
// verifier does real work on both paths. bench/run.sh prints the table.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/rng.h"
#include "trace/jsonl.h"
#include "verify/verify.h"

namespace {

using stepwise::Rng;
namespace json = stepwise::json;
namespace tr = stepwise::trace;

const char* kNames[] = {"Ann", "Ben", "Carla", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo"};
const char* kItems[] = {"pens", "notebooks", "apples", "tickets", "shirts", "plants", "mugs"};

std::string n2s(int64_t v) { return std::to_string(v); }

// One annotated step "<text> a op b = <<a op b = c>>c <unit>."
std::string step(const std::string& lead, int64_t a, char op, int64_t b, int64_t c,
                 const std::string& unit) {
  std::string e = n2s(a) + op + n2s(b);
  return lead + " " + e + " = <<" + e + "=" + n2s(c) + ">>" + n2s(c) + " " + unit + ".";
}

struct Problem {
  std::string question;
  std::vector<std::string> steps;
  int64_t answer = 0;
};

Problem shopping(Rng& r, const std::string& who, const std::string& item) {
  Problem p;
  int64_t a = r.range(2, 9), pa = r.range(2, 15), b = r.range(2, 6), pb = r.range(3, 25);
  int64_t c1 = a * pa, c2 = b * pb, total = c1 + c2, paid = (total / 50 + 1) * 50 + 50;
  p.question = who + " buys " + n2s(a) + " " + item + " at $" + n2s(pa) + " each and " + n2s(b) +
               " bags at $" + n2s(pb) + " each. " + who + " pays with $" + n2s(paid) +
               ". How much change does " + who + " get?";
  p.steps = {step("The " + item + " cost", a, '*', pa, c1, "dollars"),
             step("The bags cost", b, '*', pb, c2, "dollars"),
             step("Together that is", c1, '+', c2, total, "dollars"),
             step("The change is", paid, '-', total, paid - total, "dollars")};
  p.answer = paid - total;
  return p;
}

Problem discount(Rng& r, const std::string& who, const std::string& item) {
  Problem p;
  int64_t price = r.range(2, 40) * 10, pct = r.range(1, 9) * 10, n = r.range(2, 5);
  int64_t off = price * pct / 100, sale = price - off, total = sale * n;
  p.question = "A shop sells " + item + " for $" + n2s(price) + " each. This week they are " +
               n2s(pct) + "% off. " + who + " buys " + n2s(n) + " of them. How much does " + who +
               " pay?";
  p.steps = {"The discount is " + n2s(pct) + "/100 * " + n2s(price) + " = <<" + n2s(pct) + "/100*" +
                 n2s(price) + "=" + n2s(off) + ">>" + n2s(off) + " dollars.",
             step("Each one costs", price, '-', off, sale, "dollars"),
             step(who + " pays", sale, '*', n, total, "dollars")};
  p.answer = total;
  return p;
}

Problem rate(Rng& r, const std::string& who, const std::string&) {
  Problem p;
  int64_t s1 = r.range(30, 70), h1 = r.range(2, 5), s2 = r.range(20, 60), m2 = r.range(1, 3) * 30;
  int64_t d1 = s1 * h1;
  int64_t d2 = s2 * m2 / 60;
  if (s2 * m2 % 60 != 0) {
    s2 = 60;
    d2 = m2;
  }
  p.question = who + " drives at " + n2s(s1) + " miles per hour for " + n2s(h1) +
               " hours, then at " + n2s(s2) + " miles per hour for " + n2s(m2) +
               " minutes. How many miles does " + who + " drive in all?";
  stepwise::calc::Rational frac(m2, 60);
  frac.canonicalize();
  std::string hours = stepwise::calc::to_text(frac);
  p.steps = {step("First part:", s1, '*', h1, d1, "miles"),
             "The second part takes " + n2s(m2) + "/60 = <<" + n2s(m2) + "/60=" + hours + ">>" +
                 hours + " hours.",
             "Second part: " + n2s(s2) + "*" + hours + " = <<" + n2s(s2) + "*" + hours + "=" +
                 n2s(d2) + ">>" + n2s(d2) + " miles.",
             step("In all", d1, '+', d2, d1 + d2, "miles")};
  p.answer = d1 + d2;
  return p;
}

Problem wage(Rng& r, const std::string& who, const std::string&) {
  Problem p;
  int64_t w = r.range(9, 30), h = r.range(3, 9), d = r.range(2, 6), spend = r.range(10, 90);
  int64_t day = w * h, week = day * d;
  p.question = who + " earns $" + n2s(w) + " an hour and works " + n2s(h) + " hours a day for " +
               n2s(d) + " days. " + who + " spends $" + n2s(spend) +
               " on lunch. How much money is left?";
  p.steps = {step("Each day " + who + " earns", w, '*', h, day, "dollars"),
             step("In " + n2s(d) + " days that is", day, '*', d, week, "dollars"),
             step("After lunch", week, '-', spend, week - spend, "dollars are left")};
  p.answer = week - spend;
  return p;
}

Problem sharing(Rng& r, const std::string& who, const std::string& item) {
  Problem p;
  int64_t k = r.range(2, 8), each = r.range(3, 20), extra = r.range(1, 9);
  int64_t total = k * each + extra;
  p.question = who + " has " + n2s(total) + " " + item + " and gives " + n2s(extra) +
               " to a neighbour, then shares the rest equally among " + n2s(k) +
               " friends. How many does each friend get?";
  p.steps = {step("After the neighbour there are", total, '-', extra, total - extra, item),
             step("Each friend gets", total - extra, '/', k, each, item)};
  p.answer = each;
  return p;
}

// One trace record as a JSON line. About 2% have a wrong annotation, 1% a wrong answer.
std::string make_record(Rng& r, uint64_t i) {
  std::string who = kNames[r.below(10)], item = kItems[r.below(7)];
  Problem p;
  switch (r.below(5)) {
    case 0:
      p = shopping(r, who, item);
      break;
    case 1:
      p = discount(r, who, item);
      break;
    case 2:
      p = rate(r, who, item);
      break;
    case 3:
      p = wage(r, who, item);
      break;
    default:
      p = sharing(r, who, item);
      break;
  }
  if (r.chance(0.02)) {  // plant an arithmetic error: the written result of one step is off
    std::string& s = p.steps[r.below(p.steps.size())];
    size_t at = s.rfind(">>");
    if (at != std::string::npos) s.insert(at + 2, "1");
  }
  int64_t answer = r.chance(0.01) ? p.answer + 1 : p.answer;
  std::string out = "{\"id\":\"bench-" + std::to_string(i) + "\",\"question\":";
  json::append_quoted(out, p.question);
  out += ",\"steps\":[";
  for (size_t k = 0; k < p.steps.size(); ++k) {
    if (k) out += ',';
    json::append_quoted(out, p.steps[k]);
  }
  out += ",\"#### " + n2s(answer) + "\"],\"gold\":\"" + n2s(p.answer) + "\"}\n";
  return out;
}

// User + system CPU seconds of the whole process so far (reader, workers, writer).
double process_cpu_seconds() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

double peak_rss_mb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

int gen(uint64_t n, const std::string& path, uint64_t seed) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return std::perror(path.c_str()), 1;
  Rng r(seed);
  std::string buf;
  for (uint64_t i = 0; i < n; ++i) {
    buf += make_record(r, i);
    if (buf.size() > (1 << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), f);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), f);
  return std::fclose(f) == 0 ? 0 : 1;
}

int run(const std::string& in, int threads, const std::string& out, bool annotations_only) {
  stepwise::Diagnostics diag;
  stepwise::verify::FileOptions o;
  o.threads = threads;
  o.progress = false;
  if (annotations_only) {  // what the Python reference checks: annotations and the answer
    o.verify.inline_equations = o.verify.grounding = o.verify.leaps = false;
    o.verify.redundancy = false;
  }
  double cpu0 = process_cpu_seconds();
  auto fig = stepwise::verify::verify_file(in, out, o, diag);
  if (!fig) return std::fprintf(stderr, "%s\n", fig.error().message.c_str()), 1;
  double cpu = process_cpu_seconds() - cpu0;
  double mb = static_cast<double>(fig->bytes) / 1e6;
  std::printf(
      "threads=%d traces=%llu mb=%.1f seconds=%.2f mb_s=%.1f mb_s_thread=%.1f "
      "mb_s_thread_cpu=%.1f mb_per_cpu_s=%.1f rss_mb=%.1f ok=%llu\n",
      threads, static_cast<unsigned long long>(fig->traces), mb, fig->seconds, mb / fig->seconds,
      mb / fig->seconds / threads, mb / fig->worker_cpu_seconds, mb / cpu, peak_rss_mb(),
      static_cast<unsigned long long>(fig->ok));
  return 0;
}

// Where one thread spends its time: parse + convert, verify, serialize (in memory).
int stages(const std::string& in, uint64_t limit) {
  std::ifstream f(in);
  std::vector<std::string> lines;
  std::string line;
  uint64_t bytes = 0;
  while (lines.size() < limit && std::getline(f, line)) {
    bytes += line.size() + 1;
    lines.push_back(line);
  }
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  std::vector<tr::Trace> traces;
  traces.reserve(lines.size());
  for (const auto& l : lines) traces.push_back(*tr::from_json(*json::parse(l)));
  auto t1 = clock::now();
  stepwise::verify::Verifier v;
  uint64_t ok = 0;
  for (auto& t : traces) {
    t.verdict = v.verify(t);
    ok += t.verdict->ok;
  }
  auto t2 = clock::now();
  std::string out;
  for (const auto& t : traces) {
    tr::append_jsonl(out, t);
    if (out.size() > (1 << 22)) out.clear();
  }
  auto t3 = clock::now();
  auto mbs = [&](clock::duration d) {
    return static_cast<double>(bytes) / 1e6 / std::chrono::duration<double>(d).count();
  };
  std::printf(
      "stages on %zu traces (%.1f MB): parse %.0f MB/s, verify %.0f MB/s, serialize %.0f MB/s; ok "
      "%llu\n",
      traces.size(), static_cast<double>(bytes) / 1e6, mbs(t1 - t0), mbs(t2 - t1), mbs(t3 - t2),
      static_cast<unsigned long long>(ok));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "gen" && argc >= 4)
    return gen(std::strtoull(argv[2], nullptr, 10), argv[3],
               argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1);
  if (cmd == "run" && argc >= 4)
    return run(argv[2], std::atoi(argv[3]), argc > 4 ? argv[4] : "",
               argc > 5 && std::string(argv[5]) == "annotations");
  if (cmd == "stages" && argc >= 3)
    return stages(argv[2], argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 100000);
  std::fprintf(stderr,
               "usage: bench_verify gen N PATH [SEED] | run PATH THREADS [OUT [annotations]] | "
               "stages PATH "
               "[LIMIT]\n");
  return 2;
}

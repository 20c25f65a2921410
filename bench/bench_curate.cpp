// Curation at scale: N synthetic traces through decontamination (n-gram + template against an
// evaluation set) and deduplication (exact + MinHash LSH), the same objects `stepwise curate`
// runs in its streaming passes. Prints throughput (records/s, MB/s of trace text) and peak
// memory (getrusage ru_maxrss) as a table.
//
// Usage: bench_curate [N=1000000] [EVAL=1319]; bench_curate --write FILE N writes N synthetic
// verified trace records (4 candidates a problem, 1 in 5 wrong) for timing `stepwise curate`. The
// traces come from a small generator of its own: 40 training templates x names x items x numbers,
// 3-5 steps each; 3% are exact copies of an earlier trace, 3% near copies (one word changed) of an
// earlier trace of another problem, 0.1% copy an evaluation question and 0.1% reuse an evaluation
// template with new numbers.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "base/hash.h"
#include "base/json.h"
#include "base/rng.h"
#include "curate/decontam.h"
#include "curate/dedup.h"
#include "curate/text.h"

namespace curate = stepwise::curate;
using stepwise::Rng;

namespace {

const char* kNames[] = {"Ann",  "Ben",   "Carla", "David", "Elena", "Farid", "Grace", "Hugo",
                        "Ines", "Jamal", "Kira",  "Liam",  "Maya",  "Noah",  "Olga",  "Pablo"};
const char* kItems[] = {"pens",   "books",   "apples", "mugs",   "candles", "shirts", "puzzles",
                        "towels", "cookies", "plants", "stamps", "marbles", "cards",  "beads"};
const char* kVerbs[] = {"buys", "collects", "sells", "packs", "finds", "orders", "paints", "wraps"};
const char* kPlaces[] = {"market", "school", "garden", "library", "station", "bakery", "harbor"};

// A question template: %N name, %I item, %V verb, %P place, %d a number.
std::string fill(const std::string& tmpl, Rng& rng) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '%' || i + 1 == tmpl.size()) {
      out += tmpl[i];
      continue;
    }
    char c = tmpl[++i];
    if (c == 'N') out += kNames[rng.below(16)];
    if (c == 'I') out += kItems[rng.below(14)];
    if (c == 'V') out += kVerbs[rng.below(8)];
    if (c == 'P') out += kPlaces[rng.below(7)];
    if (c == 'd') out += std::to_string(rng.range(2, 999));
  }
  return out;
}

// `count` templates of 6-9 clauses from a pool of clause shapes, seeded by `salt`.
std::vector<std::string> templates(int count, uint64_t salt) {
  static const char* kClauses[] = {
      "%N %V %d %I at the %P",          "each of them costs $%d",
      "then %N gives away %d %I",       "%N walks %d minutes to the %P",
      "the shop closes after %d hours", "a box holds %d %I",
      "%N already has %d %I at home",   "the price rises by %d cents",
      "%N pays with a $%d note",        "%d friends share the rest equally",
      "on the way back %N loses %d %I", "the %P is %d meters away",
      "every week %N saves $%d",        "the teacher adds %d more %I"};
  Rng rng(salt);
  std::vector<std::string> out;
  for (int t = 0; t < count; ++t) {
    std::string s;
    int clauses = 6 + static_cast<int>(rng.below(4));
    for (int c = 0; c < clauses; ++c) {
      std::string cl = kClauses[rng.below(14)];
      s += (c == 0 ? "" : (rng.chance(0.5) ? ", and " : ". ")) + cl;
    }
    out.push_back(s + ". How many %I does %N have in the end?");
  }
  return out;
}

struct Record {
  std::string id, question, text;  // text = question + steps + answer
  uint64_t group = 0;
};

class Generator {
 public:
  Generator(std::vector<std::string> eval_questions, uint64_t seed)
      : train_(templates(40, 11)),
        eval_tmpl_(templates(20, 22)),
        eval_(std::move(eval_questions)),
        rng_(seed) {}

  Record next(uint64_t i) {
    Record r;
    r.id = "r" + std::to_string(i);
    r.group = stepwise::hash64(r.id);
    double u = rng_.uniform();
    if (u < 0.03 && !recent_.empty()) {  // exact copy of an earlier trace
      const Record& src = recent_[rng_.below(recent_.size())];
      r.question = src.question;
      r.text = src.text;
    } else if (u < 0.06 && !recent_.empty()) {  // near copy: one word changed
      const Record& src = recent_[rng_.below(recent_.size())];
      r.question = src.question;
      r.text = src.text;
      size_t sp = r.text.find(' ', r.text.find('\n'));  // in the first step
      r.text.insert(sp == std::string::npos ? r.text.size() : sp, " indeed");
    } else {
      if (u < 0.061) {
        r.question = eval_[rng_.below(eval_.size())];
      } else if (u < 0.062) {
        r.question = fill(eval_tmpl_[rng_.below(eval_tmpl_.size())], rng_);
      } else {
        r.question = fill(train_[rng_.below(train_.size())], rng_);
      }
      r.text = r.question + steps();
    }
    if (recent_.size() < 4096) {
      recent_.push_back(r);
    } else {
      recent_[rng_.below(4096)] = r;
    }
    return r;
  }

 private:
  std::string steps() {
    std::string s;
    int n = 3 + static_cast<int>(rng_.below(3));
    int64_t acc = rng_.range(2, 99);
    for (int k = 0; k < n; ++k) {
      int64_t x = rng_.range(2, 99);
      s += "\nStep " + std::to_string(k + 1) + ": " + std::to_string(acc) + " + " +
           std::to_string(x) + " = <<" + std::to_string(acc) + "+" + std::to_string(x) + "=" +
           std::to_string(acc + x) + ">>" + std::to_string(acc + x) + " " + kItems[rng_.below(14)];
      acc += x;
    }
    return s + "\n#### " + std::to_string(acc);
  }
  std::vector<std::string> train_, eval_tmpl_, eval_;
  std::vector<Record> recent_;
  Rng rng_;
};

// Accumulated process CPU time and wall time of the timed sections.
struct Timer {
  double cpu = 0, wall = 0;
  void start() {
    cpu0_ = cpu_now();
    wall0_ = std::chrono::steady_clock::now();
  }
  void stop() {
    cpu += cpu_now() - cpu0_;
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0_).count();
  }
  static double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  double cpu0_ = 0;
  std::chrono::steady_clock::time_point wall0_;
};

double rss_mb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// Writes n synthetic verified trace records (4 candidates per problem) as JSONL, for timing
// `stepwise curate` end to end: bench_curate --write FILE N.
int write_traces(const char* path, uint64_t n) {
  std::FILE* f = std::fopen(path, "w");
  if (!f) return 1;
  Generator gen({"unused evaluation question"}, 7);
  std::string line;
  for (uint64_t i = 0; i < n; ++i) {
    Record r = gen.next(i);
    size_t nl = r.text.find('\n');
    std::string steps = r.text.substr(nl + 1, r.text.rfind("\n#### ") - nl - 1);
    stepwise::json::Value v = stepwise::json::Value::object();
    v.set("id", stepwise::json::Value::string(r.id));
    v.set("task", stepwise::json::Value::string("synthetic"));
    v.set("question", stepwise::json::Value::string(r.question));
    auto st = stepwise::json::Value::array();
    for (size_t b = 0; b <= steps.size();) {
      size_t e = std::min(steps.find('\n', b), steps.size());
      st.push(stepwise::json::Value::string(steps.substr(b, e - b)));
      b = e + 1;
    }
    v.set("steps", std::move(st));
    std::string answer = r.text.substr(r.text.rfind("#### ") + 5);
    v.set("answer", stepwise::json::Value::string(answer));
    v.set("gold", stepwise::json::Value::string(i % 5 == 0 ? "0" : answer));
    auto verdict = stepwise::json::Value::object();
    verdict.set("ok", stepwise::json::Value::boolean(i % 5 != 0));
    verdict.set("answer_ok", stepwise::json::Value::boolean(i % 5 != 0));
    verdict.set("findings", stepwise::json::Value::array());
    v.set("verdict", std::move(verdict));
    auto meta = stepwise::json::Value::object();
    meta.set("problem_id", stepwise::json::Value::string("p" + std::to_string(i / 4)));
    meta.set("difficulty", stepwise::json::Value::number(static_cast<int64_t>(1 + i % 3)));
    v.set("meta", std::move(meta));
    line = stepwise::json::to_string(v);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), f);
  }
  return std::fclose(f) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--write")
    return write_traces(argv[2], std::strtoull(argv[3], nullptr, 10));
  const uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const uint64_t n_eval = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1319;
  std::vector<std::string> eval_questions;
  {
    Rng rng(33);
    std::vector<std::string> tm = templates(20, 22);
    for (uint64_t i = 0; i < n_eval; ++i) eval_questions.push_back(fill(tm[rng.below(20)], rng));
  }
  curate::DecontamOptions dopts;
  curate::Decontaminator decontam(dopts);
  size_t f = decontam.add_file("synthetic-eval");
  for (uint64_t i = 0; i < n_eval; ++i)
    decontam.add_question(f, "e" + std::to_string(i), eval_questions[i]);
  curate::DedupOptions opts;
  opts.expected = n;
  curate::Deduper dedup(opts);
  Generator gen(eval_questions, 7);
  uint64_t bytes = 0, kept = 0, exact = 0, near = 0, ngram = 0, tmpl = 0;
  Timer t_decontam, t_dedup;
  std::vector<Record> batch;
  std::vector<char> leaked;
  for (uint64_t i = 0; i < n;) {
    batch.clear();
    for (; i < n && batch.size() < 8192; ++i) batch.push_back(gen.next(i));
    leaked.assign(batch.size(), 0);
    t_decontam.start();
    for (size_t k = 0; k < batch.size(); ++k) {
      auto leak = decontam.check(batch[k].id, batch[k].question);
      if (!leak) continue;
      leaked[k] = 1;
      (*leak == curate::Drop::kContaminatedNgram ? ngram : tmpl)++;
    }
    t_decontam.stop();
    t_dedup.start();
    for (size_t k = 0; k < batch.size(); ++k) {
      bytes += batch[k].text.size();
      if (leaked[k]) continue;
      auto v = dedup.add(batch[k].text, batch[k].group);
      if (v.kind == curate::Deduper::Kind::kNew) ++kept;
      if (v.kind == curate::Deduper::Kind::kExact) ++exact;
      if (v.kind == curate::Deduper::Kind::kNear) ++near;
    }
    t_dedup.stop();
  }
  const double mb = static_cast<double>(bytes) / 1e6;
  const uint64_t survivors = n - ngram - tmpl;
  std::printf("%-9s %10s %7s %8s %8s %9s %8s %9s %8s %7s %6s %10s %8s\n", "stage", "records", "MB",
              "cpu_s", "wall_s", "rec/s", "MB/s", "kept", "exact", "near", "leaks", "tables_MB",
              "peak_MB");
  auto row = [&](const char* name, uint64_t recs, const Timer& t, std::string counts, double tables,
                 double peak) {
    std::printf("%-9s %10llu %7.0f %8.1f %8.1f %9.0f %8.1f %s %10.1f %8s\n", name,
                static_cast<unsigned long long>(recs), mb, t.cpu, t.wall, recs / t.cpu, mb / t.cpu,
                counts.c_str(), tables,
                peak > 0 ? std::to_string(static_cast<int>(peak)).c_str() : "");
  };
  char counts[128];
  std::snprintf(counts, sizeof counts, "%9s %8s %7s %6llu", "", "", "",
                static_cast<unsigned long long>(ngram + tmpl));
  row("decontam", n, t_decontam, counts, decontam.memory_bytes() / 1e6, 0);
  std::snprintf(counts, sizeof counts, "%9llu %8llu %7llu %6s",
                static_cast<unsigned long long>(kept), static_cast<unsigned long long>(exact),
                static_cast<unsigned long long>(near), "");
  row("dedup", survivors, t_dedup, counts, dedup.memory_bytes() / 1e6, 0);
  Timer total;
  total.cpu = t_decontam.cpu + t_dedup.cpu;
  total.wall = t_decontam.wall + t_dedup.wall;
  std::snprintf(counts, sizeof counts, "%9llu %8llu %7llu %6llu",
                static_cast<unsigned long long>(kept), static_cast<unsigned long long>(exact),
                static_cast<unsigned long long>(near),
                static_cast<unsigned long long>(ngram + tmpl));
  row("total", n, total, counts, (dedup.memory_bytes() + decontam.memory_bytes()) / 1e6, rss_mb());
  std::printf(
      "rates per CPU second (the machine is shared; wall_s includes waiting); leaks: ngram "
      "%llu, template %llu; LSH %d bands x %d rows\n",
      static_cast<unsigned long long>(ngram), static_cast<unsigned long long>(tmpl), dedup.bands(),
      dedup.rows());
  return 0;
}

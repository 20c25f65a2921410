// The curate pipeline: three streaming passes over a spill file.
//   pass 1  read the inputs; filter (policy) and decontaminate each record; spill the rest and
//           keep a 40-byte selection entry per spilled record
//   select  sort the entries by problem and rank: best-of-k over distinct paths
//   pass 2  read the spill in order; exact + near dedup of the selected records; keep a 32-byte
//           entry (offset, difficulty, bucket, tie) per kept record
//   balance optional per-bucket caps
//   pass 3  order each output set and copy its records out of the spill by offset
#include "curate/curate.h"

#include <chrono>
#include <cmath>
#include <map>

#include "base/check.h"
#include "base/hash.h"
#include "base/progress.h"
#include "curate/curate_internal.h"
#include "curate/text.h"
#include "trace/scan.h"

namespace stepwise::curate {
namespace {

using internal::Chunked;
using internal::OutputFile;
using internal::Spill;

// One kept record between pass 2 and pass 3.
struct KeptRec {
  uint64_t offset = 0;
  uint64_t tie = 0;  // seeded hash of the id
  uint32_t len = 0;
  uint32_t bucket = 0;  // (family << 16) | level
  float difficulty = 0;
};

std::string drop_detail(Drop d, const trace::Trace& t, const CrossSignals& s, const Policy& p) {
  switch (d) {
    case Drop::kAnswerWrong:
      return "answer " + t.answer.value_or("(none)") + ", gold " + t.gold.value_or("(none)");
    case Drop::kStepError: {
      for (const auto& f : t.verdict->findings)
        if (f.severity == "error")
          return f.code + (f.step ? " at step " + std::to_string(*f.step) : std::string());
      return "verdict.ok is false";
    }
    case Drop::kTooManyWarnings:
      return std::to_string(warning_count(t)) + " warnings > " + std::to_string(*p.max_warnings);
    case Drop::kLowAgreement:
      return s.agreement ? "agreement " + std::to_string(*s.agreement) : "no agreement";
    default:
      return "";
  }
}

// The --report file: one JSON line per dropped record.
class DropLog {
 public:
  Status open(const std::string& path, bool records) {
    records_ = records;
    enabled_ = !path.empty();
    return enabled_ ? out_.open(path) : Status();
  }
  bool enabled() const { return enabled_; }
  bool records() const { return records_; }
  void add(const json::Value& id, Drop reason, std::string_view where, const std::string& detail,
           json::Value record) {
    if (!enabled_) return;
    auto v = json::Value::object();
    v.set("id", id);
    v.set("reason", json::Value::string(std::string(drop_name(reason))));
    v.set("where", json::Value::string(std::string(where)));
    if (!detail.empty()) v.set("detail", json::Value::string(detail));
    if (records_ && !record.is_null()) v.set("record", std::move(record));
    out_.write(v);
  }
  Status commit() { return enabled_ ? out_.commit() : Status(); }

 private:
  trace::JsonlWriter out_;
  bool enabled_ = false, records_ = false;
};

class Pipeline {
 public:
  Pipeline(const CurateOptions& o, Diagnostics& d) : opts_(o), diag_(d) {}
  Result<CurateResult> run();

 private:
  Status setup();
  Status filter_pass();
  bool on_record(trace::Trace& t, const std::string& where);
  void select();
  Status dedup_pass();
  Status keep_or_drop(std::string_view line, uint64_t offset, Deduper& dedup);
  Status balance();
  Status write_outputs();
  Status write_set(OutputFile& out, const std::vector<uint32_t>& subset, bool main);
  void drop(Drop d, const json::Value& id, std::string_view where, const std::string& detail,
            json::Value record);
  // Reports a record that is only in the spill (decided after pass 1).
  void drop_spilled(Drop d, std::string_view line, const std::string& detail);
  std::string kept_id(uint32_t k);
  uint32_t family_id(const trace::Trace& t);

  const CurateOptions& opts_;
  Diagnostics& diag_;
  CurateResult res_;
  std::unique_ptr<Decontaminator> decontam_;
  std::unique_ptr<Spill> spill_;
  DropLog log_;
  bool selecting_ = false;
  uint64_t good_ = 0, spilled_ = 0, bad_before_ = 0;
  Chunked<Candidate> cands_;
  std::vector<uint8_t> status_;
  Chunked<KeptRec> kept_;
  std::map<std::string, uint32_t> families_;
};

Status Pipeline::setup() {
  if (opts_.inputs.empty()) return Error{"no input file"};
  if (opts_.output.empty()) return Error{"no output file (-o PATH)"};
  if (opts_.output == "-" && !opts_.fractions.empty())
    return Error{"--fractions needs an output path, not \"-\""};
  if (opts_.exporter.format == Format::kText && opts_.output.ends_with(".gz"))
    return Error{"the text format is written uncompressed: use an output path without .gz"};
  for (int p : opts_.fractions)
    if (p < 1 || p > 100) return Error{"--fractions: " + std::to_string(p) + " is not in 1..100"};
  if (!opts_.decontam.eval_files.empty()) {
    auto d = Decontaminator::load(opts_.decontam, opts_.read, diag_);
    if (!d) return d.error();
    decontam_ = std::move(*d);
  }
  bad_before_ = diag_.count();
  std::string dir = opts_.tmp_dir;
  if (dir.empty() && opts_.output != "-") {
    size_t slash = opts_.output.rfind('/');
    dir = slash == std::string::npos ? "." : opts_.output.substr(0, slash);
  }
  if (dir.empty()) dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  auto spill = Spill::create(dir);
  if (!spill) return spill.error();
  spill_ = std::move(*spill);
  selecting_ = opts_.select.keep > 0 || opts_.select.distinct_paths;
  if (Status st = log_.open(opts_.report, opts_.report_records); !st) return st;
  if (log_.enabled())
    diag_.set_sink([this](const std::string& kind, const std::string& where, const std::string& m) {
      log_.add(json::Value(), Drop::kBadLine, where, kind + ": " + m, json::Value());
    });
  return {};
}

void Pipeline::drop(Drop d, const json::Value& id, std::string_view where,
                    const std::string& detail, json::Value record) {
  ++res_.dropped[static_cast<size_t>(d)];
  log_.add(id, d, where, detail, std::move(record));
}

bool Pipeline::on_record(trace::Trace& t, const std::string& where) {
  ++good_;
  t.extra.erase("curate");  // a previous run's annotation is recomputed, never carried over
  const CrossSignals s = read_signals(t);
  std::optional<Drop> d = apply_policy(opts_.policy, t, s);
  if (!d && decontam_) d = decontam_->check(t.id, t.question);
  if (d) {
    std::string detail = log_.enabled() ? drop_detail(*d, t, s, opts_.policy) : "";
    drop(*d, json::Value::string(t.id), where, detail,
         log_.records() ? trace::to_json(t) : json::Value());
    return true;
  }
  if (selecting_) {
    cands_.push_back({problem_key(t), rank_key(t, s), hash64(t.id),
                      path_key(t, extract_computations(t)), static_cast<uint32_t>(spilled_)});
  }
  spill_->append(where, t);
  ++spilled_;
  return true;
}

Status Pipeline::filter_pass() {
  for (const std::string& path : opts_.inputs) {
    auto scan = trace::scan_records(
        path, opts_.import, opts_.read, diag_,
        [this](trace::Trace& t, const trace::JsonlReader& r) { return on_record(t, r.where()); },
        "curate");
    if (!scan) return scan.error();
    if (scan->stopped) return Error{"stopped at a bad line (--strict): " + diag_.first()};
  }
  SW_CHECK(spilled_ < 0xffffffffu);
  res_.bad_lines = diag_.count() - bad_before_;
  res_.dropped[static_cast<size_t>(Drop::kBadLine)] = res_.bad_lines;
  return spill_->flush();
}

void Pipeline::select() {
  if (!selecting_) {
    status_.assign(spilled_, kSelected);
    return;
  }
  std::vector<Candidate> c = cands_.take_all();
  res_.candidates = c.size();
  status_ = select_best(c, spilled_, opts_.select);
  for (size_t i = 0; i < c.size(); ++i) res_.problems += i == 0 || c[i].problem != c[i - 1].problem;
}

std::string Pipeline::kept_id(uint32_t k) {
  std::string line;
  if (!spill_->read_at(kept_[k].offset, kept_[k].len, line)) return "";
  std::string_view where, js;
  internal::split_line(line, where, js);
  auto v = json::parse(js);
  const json::Value* id = v ? v->find("id") : nullptr;
  return id && id->is_string() ? id->str() : "";
}

void Pipeline::drop_spilled(Drop d, std::string_view line, const std::string& detail) {
  if (!log_.enabled()) {
    drop(d, json::Value(), "", "", json::Value());
    return;
  }
  std::string_view where, js;
  internal::split_line(line, where, js);
  auto v = json::parse(js);
  json::Value id = v && v->find("id") ? *v->find("id") : json::Value();
  drop(d, id, where, detail, log_.records() && v ? std::move(*v) : json::Value());
}

uint32_t Pipeline::family_id(const trace::Trace& t) {
  std::string fam = t.task;
  if (const json::Value* f = t.meta.is_object() ? t.meta.find("family") : nullptr;
      f && f->is_string())
    fam = f->str();
  auto [it, fresh] = families_.emplace(fam, static_cast<uint32_t>(families_.size()));
  return it->second;
}

Status Pipeline::keep_or_drop(std::string_view line, uint64_t offset, Deduper& dedup) {
  std::string_view where, js;
  internal::split_line(line, where, js);
  auto v = json::parse(js);
  if (!v) return Error{"the temporary file does not read back: " + v.error().message};
  auto t = trace::from_json(std::move(*v));
  if (!t) return Error{"the temporary file does not read back: " + t.error().message};
  Deduper::Verdict dv = dedup.add(record_text(*t), problem_key(*t));
  if (dv.kind != Deduper::Kind::kNew) {
    Drop d = dv.kind == Deduper::Kind::kExact ? Drop::kDuplicateExact : Drop::kNearDuplicate;
    std::string detail;
    if (log_.enabled()) {
      detail = "duplicate of " + kept_id(dv.other);
      if (d == Drop::kNearDuplicate)
        detail += " (similarity " + std::to_string(std::lround(dv.similarity * 100)) + "%)";
    }
    drop(d, json::Value::string(t->id), where, detail,
         log_.records() ? trace::to_json(*t) : json::Value());
    return {};
  }
  KeptRec k;
  k.offset = offset;
  k.len = static_cast<uint32_t>(line.size() + 1);
  k.tie = hash64(t->id, opts_.seed ^ 0x74696521ULL);
  DifficultyFeatures f = difficulty_features(*t, extract_computations(*t));
  k.difficulty = static_cast<float>(difficulty_score(f, opts_.difficulty));
  int level = f.meta ? static_cast<int>(std::lround(*f.meta)) : -1;
  k.bucket = (family_id(*t) << 16) | static_cast<uint32_t>(level & 0xffff);
  kept_.push_back(k);
  return {};
}

Status Pipeline::dedup_pass() {
  DedupOptions dopts = opts_.dedup;
  dopts.expected = static_cast<size_t>(std::count(status_.begin(), status_.end(), kSelected));
  Deduper dedup(dopts);
  res_.bands = dedup.bands();
  res_.rows = dedup.rows();
  Progress progress("curate: dedup", spilled_, "records");
  std::string line;
  uint64_t offset = 0;
  for (size_t i = 0; spill_->next(line, offset); ++i) {
    SW_CHECK(i < status_.size());
    if (status_[i] != kSelected) {
      drop_spilled(static_cast<Drop>(status_[i]), line, "");
    } else if (Status st = keep_or_drop(line, offset, dedup); !st) {
      return st;
    }
    if ((i & 4095) == 0) progress.set(i);
  }
  progress.finish();
  res_.dedup_bytes = dedup.memory_bytes();
  status_ = {};
  return {};
}

Status Pipeline::balance() {
  if (!opts_.balance || kept_.size() == 0) return {};
  std::vector<KeptRec> all = kept_.take_all();
  const size_t n = all.size();
  std::vector<float> d(n);
  std::vector<uint64_t> tie(n);
  for (size_t i = 0; i < n; ++i) {
    d[i] = all[i].difficulty;
    tie[i] = all[i].tie;
  }
  // Records without meta.difficulty are levelled by their difficulty stage.
  std::vector<uint8_t> stage = difficulty_stages(d, tie, opts_.curriculum.stages);
  std::vector<uint32_t> bucket(n);
  std::map<uint32_t, uint64_t> sizes;
  for (size_t i = 0; i < n; ++i) {
    uint32_t b = all[i].bucket;
    if ((b & 0xffff) == 0xffff) b = (b & 0xffff0000u) | 0x8000u | stage[i];
    bucket[i] = b;
    ++sizes[b];
  }
  res_.balance_buckets = sizes.size();
  res_.balance_cap = opts_.balance_max;
  if (res_.balance_cap == 0) {
    res_.balance_cap = UINT64_MAX;
    for (const auto& [b, c] : sizes) res_.balance_cap = std::min(res_.balance_cap, c);
  }
  std::vector<bool> keep = balance_keep(bucket, tie, opts_.balance_max);
  std::string line;
  for (size_t i = 0; i < n; ++i) {
    if (keep[i]) {
      kept_.push_back(all[i]);
      continue;
    }
    line.clear();
    if (log_.enabled())
      if (Status st = spill_->read_at(all[i].offset, all[i].len, line); !st) return st;
    drop_spilled(Drop::kUnbalanced, line,
                 log_.enabled() ? "bucket cap " + std::to_string(res_.balance_cap) : "");
  }
  return {};
}

Status Pipeline::write_set(OutputFile& out, const std::vector<uint32_t>& subset, bool main) {
  const size_t m = subset.size();
  std::vector<float> d(m);
  std::vector<uint64_t> tie(m);
  for (size_t i = 0; i < m; ++i) {
    d[i] = kept_[subset[i]].difficulty;
    tie[i] = kept_[subset[i]].tie;
  }
  std::vector<uint32_t> order = curriculum_order(d, tie, opts_.curriculum, opts_.seed);
  std::vector<uint8_t> stage = difficulty_stages(d, tie, opts_.curriculum.stages);
  if (main && m > 0) {
    res_.stage_sizes.assign(static_cast<size_t>(std::clamp(opts_.curriculum.stages, 1, 255)), 0);
    for (uint8_t s : stage) ++res_.stage_sizes[s];
    res_.difficulty_min = *std::min_element(d.begin(), d.end());
    res_.difficulty_max = *std::max_element(d.begin(), d.end());
    double sum = 0;
    for (float x : d) sum += x;
    res_.difficulty_mean = sum / static_cast<double>(m);
  }
  Progress progress("curate: write", m, "records");
  std::string line;
  for (size_t pos = 0; pos < m; ++pos) {
    const KeptRec& k = kept_[subset[order[pos]]];
    if (Status st = spill_->read_at(k.offset, k.len, line); !st) return st;
    std::string_view where, js;
    internal::split_line(line, where, js);
    auto v = json::parse(js);
    if (!v) return Error{"the temporary file does not read back: " + v.error().message};
    double diff = std::round(static_cast<double>(k.difficulty) * 100.0) / 100.0;
    if (Status st = out.write(std::move(*v), diff, stage[order[pos]]); !st) return st;
    if ((pos & 4095) == 0) progress.set(pos);
  }
  progress.finish();
  return {};
}

Status Pipeline::write_outputs() {
  const size_t n = kept_.size();
  std::vector<std::unique_ptr<OutputFile>> outs;
  std::vector<uint32_t> all(n);
  for (size_t i = 0; i < n; ++i) all[i] = static_cast<uint32_t>(i);
  outs.push_back(std::make_unique<OutputFile>());
  if (Status st = outs.back()->open(opts_.output, opts_.exporter); !st) return st;
  if (Status st = write_set(*outs.back(), all, true); !st) return st;
  std::vector<uint64_t> tie(n);
  for (size_t i = 0; i < n; ++i) tie[i] = kept_[i].tie;
  if (opts_.exporter.format == Format::kText && opts_.output.ends_with(".gz"))
    return Error{"the text format is written uncompressed: use an output path without .gz"};
  for (int p : opts_.fractions) {
    std::vector<uint32_t> subset = fraction_subset(tie, p);
    outs.push_back(std::make_unique<OutputFile>());
    if (Status st = outs.back()->open(internal::fraction_path(opts_.output, p), opts_.exporter);
        !st)
      return st;
    if (Status st = write_set(*outs.back(), subset, false); !st) return st;
    res_.fractions.emplace_back(p, subset.size());
  }
  for (auto& o : outs)
    if (Status st = o->commit(); !st) return st;
  res_.kept = n;
  return {};
}

Result<CurateResult> Pipeline::run() {
  const auto start = std::chrono::steady_clock::now();
  struct SinkReset {
    Diagnostics& d;
    ~SinkReset() { d.set_sink(nullptr); }
  } reset{diag_};
  for (auto step : {&Pipeline::setup, &Pipeline::filter_pass}) {
    if (Status st = (this->*step)(); !st) return st.error();
  }
  select();
  for (auto step : {&Pipeline::dedup_pass, &Pipeline::balance, &Pipeline::write_outputs}) {
    if (Status st = (this->*step)(); !st) return st.error();
  }
  if (Status st = log_.commit(); !st) return st.error();
  res_.read = good_ + res_.bad_lines;
  uint64_t total = res_.kept;
  for (uint64_t d : res_.dropped) total += d;
  SW_CHECK(total == res_.read);  // every record is kept or dropped for exactly one reason
  if (decontam_) {
    res_.decontam = decontam_->report();
    res_.decontam_text = decontam_->report_text();
  }
  res_.spill_bytes = spill_->size();
  res_.peak_rss = internal::peak_rss_bytes();
  res_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return res_;
}

}  // namespace

Result<CurateResult> run_curate(const CurateOptions& opts, Diagnostics& diag) {
  Pipeline p(opts, diag);
  return p.run();
}

Status curate(const CurateOptions& opts, Diagnostics& diag, Summary& summary) {
  auto r = run_curate(opts, diag);
  if (!r) return r.error();
  summarize(opts, *r, summary);
  return {};
}

}  // namespace stepwise::curate

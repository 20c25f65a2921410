// verify_file(): a reader thread, N worker threads over bounded batches, and an in-order writer.
//
//   reader (thread)      JsonlReader::next_trace -> batches of up to batch_records traces
//   workers (N threads)  Verifier::verify, serialization, explain text, figures per batch
//   writer (caller)      batches in input order -> output file, explain stream, progress
//
// At most max_batches batches exist at any time (they are recycled), so memory does not grow
// with the input. Bad lines are reported by the reader, in input order.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "base/atomic_file.h"
#include "base/progress.h"
#include "trace/jsonl.h"
#include "verify/verify.h"

namespace stepwise::verify {

namespace {

struct Batch {
  uint64_t seq = 0;
  size_t size = 0;  // traces in use (the vectors keep their capacity)
  std::vector<trace::Trace> traces;
  std::vector<uint64_t> lines;
  uint64_t bytes_end = 0;
  std::string out, explain;
  Figures figures;

  void reset() {
    size = 0;
    out.clear();
    explain.clear();
    figures = Figures{};
  }
};

class Pipeline {
 public:
  Pipeline(const FileOptions& o, trace::JsonlReader& reader, Diagnostics& diag, bool serialize)
      : o_(o), reader_(reader), diag_(diag), serialize_(serialize) {
    max_batches_ = o.max_batches ? o.max_batches : 2 * static_cast<size_t>(workers()) + 2;
  }

  int workers() const {
    if (o_.threads > 0) return std::min(o_.threads, kMaxWorkers);
    return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, kMaxWorkers);
  }
  static constexpr int kMaxWorkers = 256;

  // Runs the whole pipeline; `sink` receives each finished batch in input order.
  template <typename Sink>
  void run(Sink&& sink) {
    std::thread reader([this] { read(); });
    std::vector<std::thread> pool;
    for (int i = 0; i < workers(); ++i) pool.emplace_back([this] { work(); });
    for (uint64_t next = 0;; ++next) {
      std::unique_ptr<Batch> b = take_done(next);
      if (!b) break;
      sink(*b);
      give_back(std::move(b));
    }
    reader.join();
    for (auto& t : pool) t.join();
  }

  uint64_t records_read() const { return read_; }
  double worker_cpu() const { return worker_cpu_; }

 private:
  std::unique_ptr<Batch> take_free() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_free_.wait(lock, [&] { return !free_.empty() || created_ < max_batches_; });
    if (!free_.empty()) {
      auto b = std::move(free_.back());
      free_.pop_back();
      return b;
    }
    ++created_;
    return std::make_unique<Batch>();
  }

  void give_back(std::unique_ptr<Batch> b) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(b));
    cv_free_.notify_one();
  }

  void read() {
    uint64_t seq = 0;
    bool more = true;
    while (more) {
      auto b = take_free();
      b->reset();
      b->seq = seq;
      while (b->size < o_.batch_records) {
        if (b->size == b->traces.size()) {
          b->traces.emplace_back();
          b->lines.push_back(0);
        }
        if (!reader_.next_trace(b->traces[b->size], diag_)) {
          more = false;
          break;
        }
        ++read_;
        uint64_t line = reader_.line();
        if (o_.shard_count > 1 && (line - 1) % o_.shard_count != o_.shard_index) continue;
        b->lines[b->size++] = line;
      }
      b->bytes_end = reader_.bytes();
      std::lock_guard<std::mutex> lock(mu_);
      if (b->size == 0) {
        free_.push_back(std::move(b));
        cv_free_.notify_one();
        continue;
      }
      ++seq;
      work_.push_back(std::move(b));
      cv_work_.notify_one();
    }
    std::lock_guard<std::mutex> lock(mu_);
    reading_done_ = true;
    total_ = seq;
    cv_work_.notify_all();
    cv_done_.notify_all();
  }

  static double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }

  void work() {
    Verifier verifier(o_.verify);
    std::string where;
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_work_.wait(lock, [&] { return !work_.empty() || reading_done_; });
        if (work_.empty()) {
          worker_cpu_ += thread_cpu_seconds();
          return;
        }
        b = std::move(work_.front());
        work_.pop_front();
      }
      for (size_t i = 0; i < b->size; ++i) {
        trace::Trace& t = b->traces[i];
        t.verdict = verifier.verify(t);
        b->figures.add(*t.verdict, t.gold.has_value());
        if (serialize_) trace::append_jsonl(b->out, t);
        if (o_.explain && !t.verdict->findings.empty()) {
          where = reader_.path() + ":" + std::to_string(b->lines[i]);
          b->explain += explain(t, *t.verdict, where);
        }
      }
      std::lock_guard<std::mutex> lock(mu_);
      done_[b->seq] = std::move(b);
      cv_done_.notify_all();
    }
  }

  std::unique_ptr<Batch> take_done(uint64_t seq) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_done_.wait(lock, [&] { return done_.count(seq) || (reading_done_ && seq >= total_); });
    auto it = done_.find(seq);
    if (it == done_.end()) return nullptr;
    auto b = std::move(it->second);
    done_.erase(it);
    return b;
  }

  const FileOptions& o_;
  trace::JsonlReader& reader_;
  Diagnostics& diag_;
  bool serialize_;
  size_t max_batches_ = 8, created_ = 0;
  uint64_t read_ = 0, total_ = 0;  // read_: written by the reader, read after join
  std::mutex mu_;
  std::condition_variable cv_free_, cv_work_, cv_done_;
  std::vector<std::unique_ptr<Batch>> free_;
  std::deque<std::unique_ptr<Batch>> work_;
  std::map<uint64_t, std::unique_ptr<Batch>> done_;
  bool reading_done_ = false;
  double worker_cpu_ = 0;  // guarded by mu_
};

}  // namespace

Result<Figures> verify_file(const std::string& in, const std::string& out,
                            const FileOptions& options, Diagnostics& diag) {
  if (options.shard_count == 0 || options.shard_index >= options.shard_count)
    return Error{"--shard i/n needs 0 <= i < n"};
  auto reader = trace::JsonlReader::open(in);
  if (!reader) return reader.error();
  bool gz = out.size() > 3 && out.ends_with(".gz");
  AtomicFile file;
  trace::JsonlWriter gz_writer;
  if (!out.empty()) {
    Status st = gz ? gz_writer.open(out) : file.open(out);
    if (!st) return st.error();
  }
  uint64_t bad_before = diag.count();
  auto start = std::chrono::steady_clock::now();
  Pipeline pipe(options, **reader, diag, !out.empty() && !gz);
  Figures fig;
  std::unique_ptr<Progress> progress;
  if (options.progress)
    progress = std::make_unique<Progress>("verify", (*reader)->size_hint(), "bytes");
  pipe.run([&](Batch& b) {
    if (!out.empty() && gz) {
      for (size_t i = 0; i < b.size; ++i) gz_writer.write(b.traces[i]);
    } else if (!out.empty()) {
      file.write(b.out);
    }
    if (options.explain && !b.explain.empty()) std::fputs(b.explain.c_str(), options.explain);
    fig.merge(b.figures);
    if (progress)
      progress->set(b.bytes_end, human_count(static_cast<double>(fig.traces)) + " traces");
  });
  if (progress) progress->finish();
  fig.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fig.read = pipe.records_read();
  fig.bytes = (*reader)->bytes();
  fig.bad_lines = diag.count() - bad_before;
  fig.threads = static_cast<uint64_t>(pipe.workers());
  fig.worker_cpu_seconds = pipe.worker_cpu();
  if ((*reader)->stopped()) return Error{diag.first()};
  if (!out.empty()) {
    Status st = gz ? gz_writer.commit() : file.commit();
    if (!st) return st.error();
  }
  return fig;
}

}  // namespace stepwise::verify

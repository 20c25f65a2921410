// decontam.h: decontamination of training records against evaluation sets.
//
// A training record leaks into an evaluation file when its question
//   ngram     shares a word n-gram (default 13 words, text.h ngram_hashes) with one of the
//             file's questions, or
//   template  has the template of one of them (text.h template_text: the same problem with
//             other numbers, names or items).
// The index holds only 64-bit hashes (and the evaluation questions themselves, for the
// report's examples), so it grows with the evaluation sets, never with the training data:
// checking a training record is a few dozen hash lookups. Each evaluation file gets its own
// report: its questions, how many training records leak into it, by which rule (a record can
// match both), and the first few examples. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "curate/drop.h"
#include "curate/hash_table.h"
#include "trace/jsonl.h"

namespace stepwise::curate {

struct DecontamOptions {
  std::vector<std::string> eval_files;  // evaluation sets, any layout the importer reads
  int ngram = 13;                       // words per n-gram (>= 1)
  bool by_ngram = true;                 // apply the n-gram rule
  bool by_template = true;              // apply the template rule
  int examples = 3;                     // examples kept per file for the report
};

class Decontaminator {
 public:
  // An index with no evaluation questions yet (check() then never finds a leak).
  explicit Decontaminator(const DecontamOptions& opts);
  ~Decontaminator();
  Decontaminator(Decontaminator&&) noexcept;
  Decontaminator& operator=(Decontaminator&&) noexcept;

  // Reads every file of opts.eval_files (plain, gzip; the layout is detected per file) and
  // indexes its questions. Error when a file cannot be opened or holds no question; bad lines
  // are reported to `diag` and skipped.
  static Result<std::unique_ptr<Decontaminator>> load(const DecontamOptions& opts,
                                                      const trace::ReadOptions& read,
                                                      Diagnostics& diag);

  // Adds an evaluation file named `name` and returns its number; then add_question() to it.
  size_t add_file(const std::string& name);
  void add_question(size_t file, const std::string& id, const std::string& question);

  // Checks one training question against every file, counting each leak in that file's
  // report. Returns kContaminatedNgram when any file matched by n-gram, else
  // kContaminatedTemplate when any matched by template, else nullopt.
  std::optional<Drop> check(std::string_view train_id, std::string_view question);

  bool empty() const { return files_.empty(); }
  // [{"file", "questions", "leaked", "by_rule": {"ngram", "template"}, "examples": [...]}]
  json::Value report() const;
  // One line per file: "eval test.jsonl: 1319 questions; 12 training records leak (ngram 3,
  // template 11)".
  std::string report_text() const;
  size_t memory_bytes() const;

 private:
  struct File;
  DecontamOptions opts_;
  std::vector<std::unique_ptr<File>> files_;
};

}  // namespace stepwise::curate

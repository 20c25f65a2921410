#include "curate/decontam.h"

#include <algorithm>

#include "curate/text.h"
#include "trace/scan.h"

namespace stepwise::curate {

struct Decontaminator::File {
  std::string name;
  HashMap64 ngrams, templates;  // hash -> question number
  std::vector<std::string> ids, questions;
  uint64_t leaked = 0, by_ngram = 0, by_template = 0;
  json::Value examples = json::Value::array();
};

Decontaminator::Decontaminator(const DecontamOptions& opts) : opts_(opts) {
  opts_.ngram = std::max(opts_.ngram, 1);
}

Decontaminator::~Decontaminator() = default;
Decontaminator::Decontaminator(Decontaminator&&) noexcept = default;
Decontaminator& Decontaminator::operator=(Decontaminator&&) noexcept = default;

Result<std::unique_ptr<Decontaminator>> Decontaminator::load(const DecontamOptions& opts,
                                                             const trace::ReadOptions& read,
                                                             Diagnostics& diag) {
  auto d = std::make_unique<Decontaminator>(opts);
  for (const std::string& path : opts.eval_files) {
    size_t f = d->add_file(path);
    trace::ImportOptions imp;
    auto scan = trace::scan_records(
        path, imp, read, diag,
        [&](trace::Trace& t, const trace::JsonlReader&) {
          d->add_question(f, t.id, t.question);
          return true;
        },
        "eval");
    if (!scan) return Error{"--eval: " + scan.error().message};
    if (scan->stopped) return Error{"--eval " + path + ": stopped at a bad line (--strict)"};
    if (d->files_[f]->questions.empty())
      return Error{"--eval " + path +
                   ": no question found (expected trace, GSM8K or MATH records)"};
  }
  return d;
}

size_t Decontaminator::add_file(const std::string& name) {
  files_.push_back(std::make_unique<File>());
  files_.back()->name = name;
  return files_.size() - 1;
}

void Decontaminator::add_question(size_t file, const std::string& id, const std::string& question) {
  File& f = *files_.at(file);
  const auto n = static_cast<uint32_t>(f.questions.size());
  f.ids.push_back(id);
  f.questions.push_back(question);
  for (uint64_t h : ngram_hashes(question, opts_.ngram)) (void)f.ngrams.insert(h, n);
  (void)f.templates.insert(template_key(question), n);
}

std::optional<Drop> Decontaminator::check(std::string_view train_id, std::string_view question) {
  if (files_.empty()) return std::nullopt;
  std::vector<uint64_t> grams;
  if (opts_.by_ngram) grams = ngram_hashes(question, opts_.ngram);
  const uint64_t tkey = opts_.by_template ? template_key(question) : 0;
  bool any_ngram = false, any_template = false;
  for (auto& fp : files_) {
    File& f = *fp;
    std::optional<uint32_t> ng, tp;
    for (uint64_t h : grams)
      if ((ng = f.ngrams.find(h))) break;
    if (opts_.by_template) tp = f.templates.find(tkey);
    if (!ng && !tp) continue;
    ++f.leaked;
    f.by_ngram += ng ? 1 : 0;
    f.by_template += tp ? 1 : 0;
    any_ngram = any_ngram || ng.has_value();
    any_template = any_template || tp.has_value();
    if (f.examples.items().size() < static_cast<size_t>(std::max(opts_.examples, 0))) {
      uint32_t e = ng ? *ng : *tp;
      auto ex = json::Value::object();
      ex.set("rule", json::Value::string(ng ? "ngram" : "template"));
      ex.set("train_id", json::Value::string(std::string(train_id)));
      ex.set("train_question", json::Value::string(std::string(question)));
      ex.set("eval_id", json::Value::string(f.ids[e]));
      ex.set("eval_question", json::Value::string(f.questions[e]));
      f.examples.push(std::move(ex));
    }
  }
  if (any_ngram) return Drop::kContaminatedNgram;
  if (any_template) return Drop::kContaminatedTemplate;
  return std::nullopt;
}

json::Value Decontaminator::report() const {
  auto out = json::Value::array();
  for (const auto& fp : files_) {
    const File& f = *fp;
    auto r = json::Value::object();
    r.set("file", json::Value::string(f.name));
    r.set("questions", json::Value::number(static_cast<int64_t>(f.questions.size())));
    r.set("leaked", json::Value::number(static_cast<int64_t>(f.leaked)));
    auto rules = json::Value::object();
    rules.set("ngram", json::Value::number(static_cast<int64_t>(f.by_ngram)));
    rules.set("template", json::Value::number(static_cast<int64_t>(f.by_template)));
    r.set("by_rule", std::move(rules));
    r.set("examples", f.examples);
    out.push(std::move(r));
  }
  return out;
}

std::string Decontaminator::report_text() const {
  std::string out;
  for (const auto& fp : files_) {
    const File& f = *fp;
    out += "  eval " + f.name + ": " + std::to_string(f.questions.size()) + " questions; " +
           std::to_string(f.leaked) + " training record" + (f.leaked == 1 ? "" : "s") +
           " leak (ngram " + std::to_string(f.by_ngram) + ", template " +
           std::to_string(f.by_template) + ")\n";
    for (const auto& ex : f.examples.items())
      out += "    e.g. " + ex.find("train_id")->str() + " ~ " + ex.find("eval_id")->str() + " (" +
             ex.find("rule")->str() + ")\n";
  }
  return out;
}

size_t Decontaminator::memory_bytes() const {
  size_t n = 0;
  for (const auto& fp : files_) {
    n += fp->ngrams.memory_bytes() + fp->templates.memory_bytes();
    for (const auto& q : fp->questions) n += q.capacity();
  }
  return n;
}

}  // namespace stepwise::curate

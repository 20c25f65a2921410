// fewshot.cpp: PromptMaker (run_internal.h): prompts with few-shot examples from the families.
#include "tasks/tasks.h"
#include "teach/run_internal.h"

namespace stepwise::teach::internal {

namespace {

// The seed of the few-shot examples: fixed, so every prompt of a family shares its examples
// (servers with prefix caching reuse them) and reruns build the same requests.
constexpr uint64_t kFewShotSeed = 0x66657773686f74ULL;

const tasks::Family* family_of(const trace::Trace& problem) {
  if (const tasks::Family* f = tasks::find_family(problem.task)) return f;
  if (const json::Value* fam = problem.program.find("family"); fam && fam->is_string()) {
    if (const tasks::Family* f = tasks::find_family(fam->str())) return f;
  }
  return tasks::families().empty() ? nullptr : tasks::families().front();
}

Example to_example(const trace::Trace& t) {
  Example e;
  e.question = t.question;
  for (const trace::Step& s : t.steps) e.steps.push_back(s.text);
  e.answer = t.answer ? *t.answer : t.gold.value_or("");
  return e;
}

}  // namespace

std::vector<Example> PromptMaker::examples_for(const trace::Trace& problem) const {
  if (few_shot_ <= 0) return {};
  const tasks::Family* f = family_of(problem);
  if (!f) return {};
  std::vector<Example> pool;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_family_.find(f->name());
    if (it == by_family_.end()) {
      std::vector<Example> made;
      // One more than needed, so that a problem that happens to be an example is replaced.
      for (int i = 0; i <= few_shot_; ++i) {
        Rng rng = tasks::instance_rng(kFewShotSeed, f->name(), static_cast<uint64_t>(i));
        auto t = tasks::generate(*f, /*difficulty=*/2, rng);
        if (t) made.push_back(to_example(*t));
      }
      it = by_family_.emplace(f->name(), std::move(made)).first;
    }
    pool = it->second;
  }
  std::vector<Example> out;
  for (Example& e : pool) {
    if (static_cast<int>(out.size()) < few_shot_ && e.question != problem.question) {
      out.push_back(std::move(e));
    }
  }
  return out;
}

Prompt PromptMaker::prompt_for(const trace::Trace& problem) const {
  PromptInput in;
  in.question = problem.question;
  in.task = problem.task;
  if (rationalize_ && problem.gold) in.hint_gold = *problem.gold;
  in.examples = examples_for(problem);
  return build_prompt(t_, api_, in);
}

}  // namespace stepwise::teach::internal

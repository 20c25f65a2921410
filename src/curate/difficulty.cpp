#include "curate/difficulty.h"

#include "curate/text.h"

namespace stepwise::curate {

int count_clauses(std::string_view question) {
  int n = 0;
  bool open = false;  // words since the last boundary
  for (const Token& tok : tokenize(question)) {
    bool boundary =
        tok.kind == TokenKind::kPunct && (tok.text == "." || tok.text == "?" || tok.text == "!" ||
                                          tok.text == "," || tok.text == ";" || tok.text == ":");
    bool conj = tok.kind == TokenKind::kWord && (tok.text == "and" || tok.text == "but");
    if ((boundary || conj) && open) {
      ++n;
      open = false;
    } else if (!boundary && !conj) {
      open = true;
    }
  }
  return n + (open ? 1 : 0);
}

DifficultyFeatures difficulty_features(const trace::Trace& t,
                                       const std::vector<Computation>& comps) {
  DifficultyFeatures f;
  f.steps = static_cast<int>(t.steps.size());
  ArithmeticLoad load = arithmetic_load(comps);
  f.operations = load.operations;
  f.max_digits = load.max_digits;
  f.carries = load.carries;
  f.clauses = count_clauses(t.question);
  if (t.meta.is_object()) {
    const json::Value* d = t.meta.find("difficulty");
    if (d && d->is_number()) f.meta = d->as_double();
  }
  return f;
}

double difficulty_score(const DifficultyFeatures& f, const DifficultyWeights& w) {
  return w.steps * f.steps + w.operations * f.operations + w.digits * f.max_digits +
         w.carries * f.carries + w.clauses * f.clauses + w.meta * f.meta.value_or(0.0);
}

}  // namespace stepwise::curate

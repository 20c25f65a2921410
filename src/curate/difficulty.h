// difficulty.h: how hard a trace is, scored from the trace itself.
//
//   difficulty = steps_w * steps + ops_w * operations + digits_w * max_digits
//              + carries_w * carries + clauses_w * clauses + meta_w * meta.difficulty
// with the features of DifficultyFeatures and the weights of DifficultyWeights (defaults 1,
// 0.5, 0.5, 0.25, 0.25, 1; docs/curate.md, "Difficulty"). meta.difficulty (a number, written by
// the problem families) counts when present and adds 0 otherwise. Pure functions; thread-safe.
#pragma once

#include <optional>

#include "curate/computations.h"
#include "trace/record.h"

namespace stepwise::curate {

struct DifficultyFeatures {
  int steps = 0;               // number of steps
  int operations = 0;          // arithmetic operators in the computations (computations.h)
  int max_digits = 0;          // most digits of any number computed with
  int carries = 0;             // carries, borrows, digit products >= 10, quotient digits
  int clauses = 0;             // clauses of the question: sentences, plus ',' ';' ':' and " and "
  std::optional<double> meta;  // meta.difficulty when it is a number
};

struct DifficultyWeights {
  double steps = 1.0;
  double operations = 0.5;
  double digits = 0.5;
  double carries = 0.25;
  double clauses = 0.25;
  double meta = 1.0;
};

// The features of `t`; `comps` are its computations (extract_computations(t)).
DifficultyFeatures difficulty_features(const trace::Trace& t,
                                       const std::vector<Computation>& comps);

// The weighted sum above.
double difficulty_score(const DifficultyFeatures& f, const DifficultyWeights& w);

// Number of clauses in a question (at least 1 for a non-empty question).
int count_clauses(std::string_view question);

}  // namespace stepwise::curate

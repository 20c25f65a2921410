// problem.h: problem families, their templates, and the problems drawn from them.
//
// A Family is a parametric template: typed variables with ranges (VarSpec), named entities
// (people, items, jobs), a few phrasings, a difficulty knob 1..5, validity constraints and a
// step program. A Problem is one assignment of values and words to a family's template; it
// renders to a trace record (question, steps with <<expr=value>> annotations, answer, gold and
// the symbolic program). Everything here is deterministic given the Rng. Families are
// immutable singletons: all functions are thread-safe as long as each thread has its own Rng.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/rng.h"
#include "base/status.h"
#include "calc/calc.h"
#include "trace/trace.h"

namespace stepwise::tasks {

using calc::Rational;

inline constexpr int kMinDifficulty = 1;
inline constexpr int kMaxDifficulty = 5;
inline constexpr int kMaxMagnitude = 12;  // at most 10^12 times the template's ranges

// How a variable is written in the question.
enum class VarType {
  kCount,    // a positive whole number of things: "3 pens"
  kInt,      // a whole number (digits of a scratchpad, an equation's constant)
  kMoney,    // dollars: "$4", "$4.50" (at most 2 decimals)
  kPercent,  // a rate written with '%': the value is the number before '%' ("25%" -> 25)
  kDecimal,  // a terminating decimal: "2.5"
};
const char* var_type_name(VarType t);  // "count" | "int" | "money" | "percent" | "decimal"

// One typed variable of a template, at one difficulty.
struct VarSpec {
  std::string name;  // identifier used in the program ("n1", "price")
  VarType type = VarType::kCount;
  Rational lo, hi;         // inclusive range (before any magnitude scaling)
  Rational step = 1;       // values are multiples of `step`
  bool magnitude = false;  // scaled by the "scale" perturbation (money, distances, ...)
  std::string role;        // what it means, for people: "price of one item"
};

// Kinds of named entities; each kind has a small built-in word list.
enum class EntityKind { kPerson, kShopItem, kBigItem, kCollectible, kJob, kStore };
const char* entity_kind_name(EntityKind k);
// The built-in words of a kind (people's names; items in the plural; jobs as verb phrases).
const std::vector<std::string>& entity_words(EntityKind k);

struct EntitySpec {
  std::string role;  // "person", "item1", ...
  EntityKind kind = EntityKind::kPerson;
};

// An irrelevant sentence with a number, inserted into the question (see perturb.h).
struct Distractor {
  int pattern = 0;   // which built-in sentence pattern
  std::string name;  // the person it mentions
  Rational value;    // the number it carries
  int position = 0;  // inserted before this sentence of the question (never after the last)
};

struct Binding {
  std::string name;
  Rational value;
};

// One problem: a family's template with values and words filled in.
struct Problem {
  std::string family;
  int difficulty = 1;
  int form = 0;           // structural variant within the difficulty (which sub-problem)
  int phrasing = 0;       // wording variant, 0..phrasings-1
  std::string structure;  // family-defined template detail (an expression's shape, digit counts)
  int magnitude = 0;      // ranges of magnitude variables are scaled by 10^magnitude
  std::vector<Binding> vars;                                  // in template order
  std::vector<std::pair<std::string, std::string>> entities;  // role -> word
  std::vector<Distractor> distractors;

  // The value of variable `name`, or nullptr.
  const Rational* find(std::string_view name) const;
  // The word for entity `role`, or "" when absent.
  const std::string& entity(std::string_view role) const;
};

// What a teacher may change when rendering the steps of a problem (realistic flaws). The
// question, gold and program are always those of the true problem.
struct StepOverrides {
  // Op id ("t3", or "d5" for a display-only op) -> the result written for it. Later steps use
  // the written value, as a person who made the slip would.
  std::vector<std::pair<std::string, Rational>> op_values;
  // Variable name -> the value used for it in the steps (a mis-copied quantity).
  std::vector<std::pair<std::string, Rational>> var_values;
};

enum class Format { kTrace, kAnswer };  // steps and answer | answer only (no steps)

// A rendered problem.
struct Rendered {
  trace::Trace trace;
  // For each step, the ids of the ops whose results it writes ("t2", "d7").
  std::vector<std::vector<std::string>> step_ops;
  // Constraint violations of the (true) problem; empty when valid.
  std::vector<std::string> violations;
  int sentences = 0;  // sentences of the question before distractors (each ends with . or ?)
};

class Builder;  // builder_internal.h: the step program's vocabulary

// A problem family. Implementations live in family_*.cpp; use families() / find_family().
class Family {
 public:
  virtual ~Family() = default;

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  int phrasings() const { return phrasings_; }
  // True for the algorithmic families (scratchpads, expressions).
  bool arithmetic() const { return arithmetic_; }

  // Structural variants at `difficulty` (>= 1).
  virtual int forms(int difficulty) const;
  // The typed variables of `p`'s template (its difficulty, form and structure; values unused).
  virtual std::vector<VarSpec> variables(const Problem& p) const = 0;
  // What of p.structure variables() depends on (they are cached per difficulty, form,
  // phrasing and this key). Default: the whole structure.
  virtual std::string variables_key(const Problem& p) const { return p.structure; }
  // The named entities of `p`'s template.
  virtual std::vector<EntitySpec> entities(const Problem& p) const;

  // Whether p.structure is one this family can build (default: empty).
  virtual bool valid_structure(const Problem& p) const;
  // Chooses the template of `p` (form, structure) for p.difficulty.
  virtual void choose_template(Problem& p, Rng& rng) const;
  // Proposes values for p.vars (magnitude variables scaled by 10^p.magnitude). Proposals may
  // violate constraints; sample() rejects those. The default draws each VarSpec uniformly.
  virtual void propose(Problem& p, Rng& rng) const;
  // Grows the template's magnitude by `digits` (default: p.magnitude += digits).
  virtual void widen(Problem& p, int digits) const;
  // The step program: writes the question, the steps and the constraints into `b`.
  virtual void build(const Problem& p, Builder& b) const = 0;

 protected:
  Family(std::string name, std::string description, int phrasings, bool arithmetic)
      : name_(std::move(name)),
        description_(std::move(description)),
        phrasings_(phrasings),
        arithmetic_(arithmetic) {}

 private:
  std::string name_, description_;
  int phrasings_;
  bool arithmetic_;
};

// Every built-in family, in a stable order (the order of `stepwise gen --list`).
const std::vector<const Family*>& families();
// The family called `name`, or nullptr.
const Family* find_family(std::string_view name);

// Violations of `p`'s constraints: variables missing or of the wrong type, values off their
// grid, and every constraint of the step program (positivity, integrality, no division by
// zero). With `check_ranges`, values must also lie in their ranges and the answer in its
// sensible range. Empty when valid.
std::vector<std::string> violations(const Family& f, const Problem& p, bool check_ranges = true);

// Renders `p`. Never fails: an invalid problem renders with `violations` filled (division by
// zero yields 0). The trace: id "<family>-<16 hex digits>" (a hash of the question), task =
// family, source {kind "generator", name family}, program (see program.h), meta {difficulty,
// family, phrasing}; with Format::kAnswer the steps are empty and the answer is the gold.
Rendered render(const Family& f, const Problem& p, Format format = Format::kTrace,
                const StepOverrides* overrides = nullptr);

// Draws a valid problem at `difficulty` (clamped to 1..5): template, entities, values.
// Error only when the template's constraints could not be met in many attempts (a bug).
Result<Problem> sample_problem(const Family& f, int difficulty, Rng& rng);

// One generated trace at `difficulty`: sample_problem + render.
Result<trace::Trace> generate(const Family& f, int difficulty, Rng& rng,
                              Format format = Format::kTrace);

// The Problem recorded in a trace's program (family, template, values, entities,
// distractors). Error names what is missing or wrong: `program: unknown family "x"`,
// `program: variable "n1" missing`.
Result<Problem> problem_from_program(const json::Value& program);

}  // namespace stepwise::tasks

// The generations file: writing it, and reading it back with every bad line reported.
#include "eval/generations.h"

#include <cstdlib>
#include <optional>

#include "trace/jsonl.h"

namespace stepwise::eval {
namespace {

constexpr int kMaxK = 4096;
constexpr size_t kMaxModels = 1024, kMaxSets = 4096;

json::Value str(const std::string& s) { return json::Value::string(s); }
json::Value num(int64_t v) { return json::Value::number(v); }

// Field access with messages that name the field and what was expected.
struct Fields {
  const json::Value& obj;
  std::string prefix;  // "models[2]." for nested objects
  std::string error;

  const json::Value* get(const char* key, json::Type type, const char* expected) {
    const json::Value* v = obj.find(key);
    if (!v) return fail(std::string("missing field \"") + prefix + key + "\"");
    if (v->type() != type)
      return fail(std::string("field \"") + prefix + key + "\": expected " + expected + ", found " +
                  trace::type_name(*v));
    return v;
  }
  std::optional<int64_t> integer(const char* key, int64_t lo, int64_t hi) {
    const json::Value* v = get(key, json::Type::kNumber, "an integer");
    if (!v) return std::nullopt;
    auto i = v->as_int();
    if (!i || *i < lo || *i > hi) {
      fail(std::string("field \"") + prefix + key + "\": expected an integer in [" +
           std::to_string(lo) + ", " + std::to_string(hi) + "], found " + v->str());
      return std::nullopt;
    }
    return i;
  }
  const json::Value* fail(std::string msg) {
    if (error.empty()) error = std::move(msg);
    return nullptr;
  }
};

Result<ModelGenerations> parse_model(const json::Value& v, size_t i) {
  if (!v.is_object()) return Error{"field \"models\": expected objects"};
  Fields f{v, "models[" + std::to_string(i) + "].", ""};
  ModelGenerations m;
  const json::Value* label = f.get("label", json::Type::kString, "a string");
  const json::Value* ck = f.get("checkpoint", json::Type::kString, "a string");
  const json::Value* info = f.get("info", json::Type::kObject, "an object");
  const json::Value* curve = f.get("curve", json::Type::kArray, "an array");
  const json::Value* evals = f.get("evals", json::Type::kArray, "an array");
  const json::Value* ao = f.get("answer_only", json::Type::kBool, "true or false");
  if (!f.error.empty()) return Error{f.error};
  if (label->str().empty()) return Error{"field \"" + f.prefix + "label\": expected a name"};
  m.label = label->str();
  m.checkpoint = ck->str();
  m.info = *info;
  m.curve = *curve;
  m.evals = *evals;
  m.answer_only = ao->as_bool();
  return m;
}

Result<SplitSet> parse_set(const json::Value& v, size_t i) {
  if (!v.is_object()) return Error{"field \"sets\": expected objects"};
  Fields f{v, "sets[" + std::to_string(i) + "].", ""};
  const json::Value* split = f.get("split", json::Type::kString, "a string");
  auto set = f.integer("set", 0, 1 << 20);
  auto n = f.integer("n", 0, int64_t{1} << 40);
  if (!f.error.empty()) return Error{f.error};
  if (!known_split(split->str()))
    return Error{"field \"" + f.prefix + "split\": unknown split \"" + split->str() + "\""};
  return SplitSet{split->str(), static_cast<int>(*set), *n};
}

Status parse_lists(const json::Value& h, Generations& g) {
  Fields f{h, "", ""};
  const json::Value* sets = f.get("sets", json::Type::kArray, "an array");
  const json::Value* models = f.get("models", json::Type::kArray, "an array");
  if (!f.error.empty()) return Error{f.error};
  if (sets->items().size() > kMaxSets || models->items().size() > kMaxModels)
    return Error{"too many models or split sets"};
  for (size_t i = 0; i < sets->items().size(); ++i) {
    auto s = parse_set(sets->items()[i], i);
    if (!s) return s.error();
    for (const auto& o : g.sets)
      if (o.split == s->split && o.set == s->set)
        return Error{"field \"sets\": split set " + s->split + "/" + std::to_string(s->set) +
                     " listed twice"};
    g.sets.push_back(std::move(*s));
  }
  for (size_t i = 0; i < models->items().size(); ++i) {
    auto m = parse_model(models->items()[i], i);
    if (!m) return m.error();
    for (const auto& o : g.models)
      if (o.label == m->label) return Error{"model label \"" + m->label + "\" listed twice"};
    m->items.resize(g.sets.size());
    g.models.push_back(std::move(*m));
  }
  return {};
}

Result<Generations> parse_header(const json::Value& h) {
  Fields f{h, "", ""};
  Generations g;
  auto version = f.integer("stepwise_generations", 1, 1);
  auto k = f.integer("k", 1, kMaxK);
  const json::Value* seed = f.get("seed", json::Type::kNumber, "an unsigned integer");
  const json::Value* problems = f.get("problems", json::Type::kString, "a string");
  auto n = f.integer("n_problems", 0, int64_t{1} << 40);
  const json::Value* sampling = f.get("sampling", json::Type::kObject, "an object");
  if (!f.error.empty()) return Error{f.error};
  (void)version;
  char* end = nullptr;
  g.seed = std::strtoull(seed->str().c_str(), &end, 10);
  if (seed->str().empty() || seed->str()[0] == '-' || *end != '\0')
    return Error{"field \"seed\": expected an unsigned integer, found " + seed->str()};
  g.k = static_cast<int>(*k);
  g.problems = problems->str();
  g.n_problems = *n;
  g.sampling = *sampling;
  if (auto st = parse_lists(h, g); !st) return st.error();
  return g;
}

// Adds one sample line to `g`; false (and `why`) when it is not a valid sample.
bool add_sample(json::Value& v, Generations& g, std::string& why) {
  Fields f{v, "", ""};
  const json::Value* model = f.get("model", json::Type::kString, "a string");
  const json::Value* split = f.get("split", json::Type::kString, "a string");
  auto set = f.integer("set", 0, 1 << 20);
  auto index = f.integer("index", 0, int64_t{1} << 40);
  auto sample = f.integer("sample", 0, g.k - 1);
  const json::Value* completion = f.get("completion", json::Type::kString, "a string");
  json::Value* problem = v.find("problem");
  if (!problem) f.fail("missing field \"problem\"");
  if (!f.error.empty()) return why = f.error, false;
  ModelGenerations* m = nullptr;
  for (auto& x : g.models) m = x.label == model->str() ? &x : m;
  if (!m) return why = "unknown model \"" + model->str() + "\" (not in the header)", false;
  size_t s = 0;
  while (s < g.sets.size() && (g.sets[s].split != split->str() || g.sets[s].set != *set)) ++s;
  if (s == g.sets.size())
    return why = "unknown split set " + split->str() + "/" + std::to_string(*set), false;
  if (*index >= g.sets[s].n)
    return why = "field \"index\": " + std::to_string(*index) + " is beyond the set's " +
                 std::to_string(g.sets[s].n) + " problems",
           false;
  auto t = trace::from_json(std::move(*problem));
  if (!t) return why = "field \"problem\": " + t.error().message, false;
  if (!t->gold) return why = "field \"problem\": no gold answer", false;
  auto [it, fresh] = m->items[s].try_emplace(*index);
  if (fresh) {
    it->second.problem = std::move(*t);
  } else if (it->second.problem.id != t->id || it->second.problem.gold != t->gold) {
    return why = "problem " + t->id + " differs from the one read before for this index", false;
  }
  if (!it->second.completions.emplace(static_cast<int>(*sample), completion->str()).second)
    return why = "duplicate sample " + std::to_string(*sample), false;
  return true;
}

Result<Generations> read_all(trace::JsonlReader& r, Diagnostics& diag) {
  json::Value v;
  if (!r.next(v, diag)) {
    if (r.stopped()) return Error{diag.first()};
    return Error{r.path() + ": empty file: expected a generations header on line 1"};
  }
  auto g = parse_header(v);
  if (!g) return Error{r.where() + ": not a generations header: " + g.error().message};
  while (r.next(v, diag)) {
    std::string why;
    if (add_sample(v, *g, why)) continue;
    if (!diag.report("bad_generation", r.where(), why)) return Error{diag.first()};
  }
  if (r.stopped()) return Error{diag.first()};
  return g;
}

}  // namespace

bool known_split(std::string_view split) {
  for (const char* s : kSplits)
    if (split == s) return true;
  return false;
}

bool robustness_split(std::string_view split) {
  return split == "numbers" || split == "distractor";
}

json::Value header_json(const Generations& g) {
  json::Value h = json::Value::object();
  h.set("stepwise_generations", num(1));
  h.set("k", num(g.k));
  h.set("seed", json::Value::number_raw(std::to_string(g.seed)));
  h.set("problems", str(g.problems));
  h.set("n_problems", num(g.n_problems));
  h.set("sampling", g.sampling);
  json::Value sets = json::Value::array();
  for (const auto& s : g.sets) {
    json::Value o = json::Value::object();
    o.set("split", str(s.split));
    o.set("set", num(s.set));
    o.set("n", num(s.n));
    sets.push(std::move(o));
  }
  h.set("sets", std::move(sets));
  json::Value models = json::Value::array();
  for (const auto& m : g.models) {
    json::Value o = json::Value::object();
    o.set("label", str(m.label));
    o.set("checkpoint", str(m.checkpoint));
    o.set("info", m.info);
    o.set("curve", m.curve);
    o.set("evals", m.evals);
    o.set("answer_only", json::Value::boolean(m.answer_only));
    models.push(std::move(o));
  }
  h.set("models", std::move(models));
  return h;
}

json::Value sample_json(const ModelGenerations& m, const SplitSet& s, int64_t index,
                        const trace::Trace& problem, int sample, const std::string& completion) {
  json::Value v = json::Value::object();
  v.set("model", str(m.label));
  v.set("checkpoint", str(m.checkpoint));
  v.set("split", str(s.split));
  v.set("set", num(s.set));
  v.set("index", num(index));
  v.set("problem", trace::to_json(problem));
  v.set("sample", num(sample));
  v.set("completion", str(completion));
  return v;
}

Status write_generations(const Generations& g, const std::string& path) {
  trace::JsonlWriter w;
  if (auto st = w.open(path); !st) return st;
  w.write(header_json(g));
  for (const auto& m : g.models)
    for (size_t s = 0; s < g.sets.size() && s < m.items.size(); ++s)
      for (const auto& [index, item] : m.items[s])
        for (const auto& [sample, text] : item.completions)
          w.write(sample_json(m, g.sets[s], index, item.problem, sample, text));
  return w.commit();
}

Result<Generations> read_generations(const std::string& path, Diagnostics& diag) {
  auto r = trace::JsonlReader::open(path);
  if (!r) return r.error();
  return read_all(**r, diag);
}

Result<Generations> read_generations_text(std::string text, const std::string& name,
                                          Diagnostics& diag) {
  auto r = trace::JsonlReader::from_memory(std::move(text), name);
  return read_all(*r, diag);
}

}  // namespace stepwise::eval

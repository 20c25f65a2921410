// Model configuration files, parameter and FLOP counts, mode names, the report's JSON.
#include <toml++/toml.h>

#include "train/train.h"

namespace stepwise::train {

const char* mode_name(Mode m) {
  switch (m) {
    case Mode::kTrace:
      return "trace";
    case Mode::kAnswer:
      return "answer";
    case Mode::kMultitask:
      return "multitask";
  }
  return "trace";
}

Result<Mode> parse_mode(std::string_view s) {
  if (s == "trace") return Mode::kTrace;
  if (s == "answer") return Mode::kAnswer;
  if (s == "multitask") return Mode::kMultitask;
  return Error{"unknown mode \"" + std::string(s) + "\" (expected trace, answer or multitask)"};
}

Result<ModelConfig> load_model_config(const std::string& path, ModelConfig c) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    return Error{path + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) + ": " +
                 std::string(e.description())};
  }
  const toml::table* t = root["model"].as_table() ? root["model"].as_table() : &root;
  struct Key {
    const char* name;
    int64_t* field;
  };
  for (Key k : {Key{"d_model", &c.d_model}, Key{"n_layer", &c.n_layer}, Key{"n_head", &c.n_head},
                Key{"ctx", &c.ctx}}) {
    const toml::node* n = t->get(k.name);
    if (!n) continue;
    auto v = n->value<int64_t>();
    if (!v || *v <= 0)
      return Error{path + ": \"" + std::string(k.name) + "\" must be a positive integer"};
    *k.field = *v;
  }
  if (const toml::node* n = t->get("dropout")) {
    auto v = n->value<double>();
    if (!v || *v < 0 || *v >= 1) return Error{path + ": \"dropout\" must be a number in [0, 1)"};
    c.dropout = *v;
  }
  if (const toml::node* n = t->get("tie_embeddings")) {
    auto v = n->value<bool>();
    if (!v) return Error{path + ": \"tie_embeddings\" must be true or false"};
    c.tie_embeddings = *v;
  }
  for (const auto& [k, v] : *t) {
    std::string_view key = k.str();
    if (key != "d_model" && key != "n_layer" && key != "n_head" && key != "ctx" &&
        key != "dropout" && key != "tie_embeddings" && !v.is_table())
      return Error{path + ": unknown key \"" + std::string(key) + "\""};
  }
  return c;
}

int64_t count_params(const ModelConfig& c) {
  int64_t d = c.d_model;
  int64_t per_layer =
      2 * 2 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d);
  int64_t head = c.tie_embeddings ? 0 : c.vocab * d;
  return c.vocab * d + head + c.ctx * d + c.n_layer * per_layer + 2 * d;
}

double train_flops_per_token(const ModelConfig& c, int64_t t) {
  double d = static_cast<double>(c.d_model);
  double head = static_cast<double>(c.vocab) * d;
  double non_embedding =
      static_cast<double>(count_params(c) - c.vocab * c.d_model - c.ctx * c.d_model) -
      (c.tie_embeddings ? 0.0 : head);
  return 6.0 * (non_embedding + head) +
         12.0 * static_cast<double>(c.n_layer) * d * static_cast<double>(t);
}

json::Value TrainReport::to_json() const {
  json::Value v = json::Value::object();
  v.set("steps", json::Value::number(steps));
  v.set("params", json::Value::number(params));
  v.set("final_loss", json::Value::number(final_loss));
  v.set("tokens_seen", json::Value::number(tokens_seen));
  v.set("tokens_trained", json::Value::number(tokens_trained));
  v.set("tokens_per_s", json::Value::number(tokens_per_s));
  v.set("seconds", json::Value::number(seconds));
  v.set("examples", json::Value::number(examples));
  v.set("skipped", json::Value::number(skipped));
  v.set("truncated", json::Value::number(truncated));
  v.set("world_size", json::Value::number(int64_t{world_size}));
  json::Value curve = json::Value::array();
  for (const auto& [s, l] : losses) {
    json::Value p = json::Value::array();
    p.push(json::Value::number(s));
    p.push(json::Value::number(l));
    curve.push(std::move(p));
  }
  v.set("losses", std::move(curve));
  v.set("evals", evals);
  v.set("checkpoint", json::Value::string(checkpoint));
  return v;
}

}  // namespace stepwise::train

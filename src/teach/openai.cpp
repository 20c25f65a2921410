#include "teach/openai.h"

#include <algorithm>

namespace stepwise::teach {

const char* api_name(Api api) { return api == Api::kChat ? "chat" : "completions"; }

const char* api_path(Api api) { return api == Api::kChat ? "/chat/completions" : "/completions"; }

std::string build_request(Api api, const std::string& model, const Prompt& prompt,
                          const SamplingParams& params, int n) {
  using json::Value;
  Value body = Value::object();
  body.set("model", Value::string(model));
  if (api == Api::kChat) {
    Value messages = Value::array();
    for (const Message& m : prompt.messages) {
      Value msg = Value::object();
      msg.set("role", Value::string(m.role));
      msg.set("content", Value::string(m.content));
      messages.push(std::move(msg));
    }
    body.set("messages", std::move(messages));
  } else {
    body.set("prompt", Value::string(prompt.text));
  }
  body.set("temperature", Value::number(params.temperature));
  if (params.top_p) body.set("top_p", Value::number(*params.top_p));
  body.set("max_tokens", Value::number(params.max_tokens));
  if (n != 1) body.set("n", Value::number(static_cast<int64_t>(n)));
  if (params.seed) body.set("seed", Value::number(*params.seed));
  if (!params.stop.empty()) {
    Value stop = Value::array();
    for (const std::string& s : params.stop) stop.push(Value::string(s));
    body.set("stop", std::move(stop));
  }
  return json::to_string(body);
}

namespace {

// The error object's message, when `v` is {"error": ...}.
std::optional<std::string> error_of(const json::Value& v) {
  const json::Value* err = v.find("error");
  if (!err || err->is_null()) return std::nullopt;
  if (err->is_string()) return err->str();
  if (const json::Value* msg = err->find("message"); msg && msg->is_string()) return msg->str();
  return json::to_string(*err);
}

Result<Choice> parse_choice(const json::Value& c, size_t pos, Api api) {
  const std::string where = "choice " + std::to_string(pos) + ": ";
  if (!c.is_object()) return Error{where + "expected an object"};
  Choice out;
  out.index = static_cast<int64_t>(pos);
  if (const json::Value* idx = c.find("index"); idx && idx->is_number()) {
    auto i = idx->as_int();
    if (!i || *i < 0) return Error{where + "\"index\" must be a non-negative integer"};
    out.index = *i;
  }
  if (const json::Value* fr = c.find("finish_reason"); fr && fr->is_string()) {
    out.finish_reason = fr->str();
  }
  const json::Value* text = nullptr;
  if (api == Api::kChat) {
    const json::Value* msg = c.find("message");
    if (!msg || !msg->is_object()) return Error{where + "missing \"message\""};
    text = msg->find("content");
    if (!text) return Error{where + "missing \"message.content\""};
  } else {
    text = c.find("text");
    if (!text) return Error{where + "missing \"text\""};
  }
  if (text->is_string()) {
    out.text = text->str();
  } else if (!text->is_null()) {
    return Error{where + "content must be a string or null"};
  }
  return out;
}

std::optional<int64_t> usage_field(const json::Value& usage, std::string_view key) {
  const json::Value* v = usage.find(key);
  if (!v || !v->is_number()) return std::nullopt;
  auto i = v->as_int();
  if (!i || *i < 0) return std::nullopt;
  return i;
}

}  // namespace

Result<Completion> parse_completion(std::string_view body, Api api) {
  auto parsed = json::parse(body);
  if (!parsed) return Error{"invalid JSON: " + parsed.error().message};
  const json::Value& v = *parsed;
  if (!v.is_object()) return Error{"expected a JSON object"};
  if (auto err = error_of(v)) return Error{"server error: " + *err};
  Completion out;
  if (const json::Value* id = v.find("id"); id && id->is_string()) out.id = id->str();
  const json::Value* choices = v.find("choices");
  if (!choices || !choices->is_array()) return Error{"missing \"choices\""};
  for (size_t i = 0; i < choices->items().size(); ++i) {
    auto c = parse_choice(choices->items()[i], i, api);
    if (!c) return c.error();
    out.choices.push_back(std::move(*c));
  }
  std::stable_sort(out.choices.begin(), out.choices.end(),
                   [](const Choice& a, const Choice& b) { return a.index < b.index; });
  for (size_t i = 1; i < out.choices.size(); ++i) {
    if (out.choices[i].index == out.choices[i - 1].index) {
      return Error{"duplicate choice index " + std::to_string(out.choices[i].index)};
    }
  }
  if (const json::Value* usage = v.find("usage"); usage && usage->is_object()) {
    out.prompt_tokens = usage_field(*usage, "prompt_tokens");
    out.completion_tokens = usage_field(*usage, "completion_tokens");
  }
  return out;
}

std::string error_message(std::string_view body) {
  if (auto parsed = json::parse(body); parsed && parsed->is_object()) {
    if (auto err = error_of(*parsed)) return *err;
  }
  std::string out;
  for (char c : body.substr(0, 200)) {
    out.push_back((c == '\n' || c == '\r' || c == '\t') ? ' ' : c);
  }
  if (!json::valid_utf8(out)) {
    std::string quoted;
    json::append_quoted(quoted, out);
    return quoted;
  }
  return out;
}

int64_t estimate_tokens(std::string_view text) {
  return static_cast<int64_t>((text.size() + 3) / 4);
}

int64_t estimate_prompt_tokens(Api api, const Prompt& prompt) {
  if (api == Api::kCompletions) return estimate_tokens(prompt.text);
  int64_t total = 0;
  for (const Message& m : prompt.messages) total += 4 + estimate_tokens(m.content);
  return total;
}

}  // namespace stepwise::teach

// test_server_answers.cpp: what the test server answers (test_server.h): the deterministic
// solution of a prompt's question, and the OpenAI response body around it.
#include <cctype>

#include "base/hash.h"
#include "teach/test_server_internal.h"

namespace stepwise::teach {

namespace {

// The prompt text a request carries: the last user message (chat) or the prompt.
std::string prompt_text(const json::Value& req) {
  if (const json::Value* p = req.find("prompt"); p && p->is_string()) return p->str();
  std::string out;
  if (const json::Value* msgs = req.find("messages"); msgs && msgs->is_array()) {
    for (const json::Value& m : msgs->items()) {
      const json::Value* role = m.find("role");
      const json::Value* content = m.find("content");
      if (role && role->is_string() && role->str() == "user" && content && content->is_string()) {
        out = content->str();
      }
    }
  }
  return out;
}

// Prompt tokens as a server would count them, roughly: bytes / 4 over every message (plus 4
// each) or over the prompt, the same rule as the client's estimate.
int64_t prompt_tokens(const json::Value& req) {
  auto tokens = [](const std::string& s) { return static_cast<int64_t>((s.size() + 3) / 4); };
  if (const json::Value* p = req.find("prompt"); p && p->is_string()) return tokens(p->str());
  int64_t n = 0;
  if (const json::Value* msgs = req.find("messages"); msgs && msgs->is_array()) {
    for (const json::Value& m : msgs->items()) {
      const json::Value* content = m.find("content");
      n += 4 + (content && content->is_string() ? tokens(content->str()) : 0);
    }
  }
  return n;
}

int64_t int_field(const json::Value& req, std::string_view key, int64_t fallback) {
  const json::Value* v = req.find(key);
  if (!v || !v->is_number()) return fallback;
  return v->as_int().value_or(fallback);
}

double unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

}  // namespace

std::string error_body(const std::string& message, const std::string& type) {
  json::Value err = json::Value::object();
  err.set("message", json::Value::string(message));
  err.set("type", json::Value::string(type));
  json::Value body = json::Value::object();
  body.set("error", std::move(err));
  return json::to_string(body);
}

std::string test_server_answer(const std::string& prompt) {
  size_t q = prompt.rfind("Question:");
  std::string question = q == std::string::npos ? prompt : prompt.substr(q + 9);
  if (size_t a = question.find("\nAnswer"); a != std::string::npos) question.resize(a);
  std::vector<std::string> numbers;
  for (size_t i = 0; i < question.size() && numbers.size() < 8;) {
    if (!std::isdigit(static_cast<unsigned char>(question[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < question.size() && std::isdigit(static_cast<unsigned char>(question[j]))) ++j;
    if (j - i <= 9) numbers.push_back(question.substr(i, j - i));
    i = j;
  }
  if (numbers.empty()) return "1. The question gives no quantities, so the total is 0.\n#### 0";
  std::string out;
  int64_t total = std::stoll(numbers[0]);
  out += "1. Start with " + numbers[0] + ".\n";
  for (size_t i = 1; i < numbers.size(); ++i) {
    int64_t next = total + std::stoll(numbers[i]);
    std::string expr = std::to_string(total) + "+" + numbers[i];
    out += std::to_string(i + 1) + ". Add " + numbers[i] + ": " + expr + "=<<" + expr + "=" +
           std::to_string(next) + ">>" + std::to_string(next) + ".\n";
    total = next;
  }
  return out + "#### " + std::to_string(total);
}

std::string completion_body(const json::Value& req, const std::string& hash, bool chat,
                            const TestServerOptions& opt, int* status) {
  int64_t n = int_field(req, "n", 1);
  if (n > 1 && opt.n_mode == "reject") {
    *status = 400;
    return error_body("n > 1 is not supported", "invalid_request_error");
  }
  if (n < 1 || n > 128) {
    *status = 400;
    return error_body("n must be in 1..128", "invalid_request_error");
  }
  if (opt.n_mode == "ignore") n = 1;
  std::string prompt = prompt_text(req);
  int64_t max_tokens = int_field(req, "max_tokens", 1 << 20);
  int64_t seed = int_field(req, "seed", 0);
  json::Value choices = json::Value::array();
  int64_t completion = 0;
  for (int64_t i = 0; i < n; ++i) {
    uint64_t h = hash64(hash + "/" + std::to_string(i) + "/" + std::to_string(seed), opt.seed);
    std::string text = unit(h) < opt.bad_answer_rate ? "I am sorry, I cannot solve this one."
                                                     : test_server_answer(prompt);
    std::string finish = "stop";
    if (static_cast<int64_t>(text.size()) > max_tokens * 4) {
      text.resize(static_cast<size_t>(std::max<int64_t>(0, max_tokens * 4)));
      finish = "length";
    }
    completion += static_cast<int64_t>((text.size() + 3) / 4);
    json::Value c = json::Value::object();
    c.set("index", json::Value::number(i));
    json::Value content = json::Value::string(text);
    if (chat) {
      json::Value msg = json::Value::object();
      msg.set("role", json::Value::string("assistant"));
      msg.set("content", std::move(content));
      c.set("message", std::move(msg));
    } else {
      c.set("text", std::move(content));
    }
    c.set("finish_reason", json::Value::string(finish));
    choices.push(std::move(c));
  }
  json::Value body = json::Value::object();
  body.set("id", json::Value::string("cmpl-" + hash));
  body.set("object", json::Value::string(chat ? "chat.completion" : "text_completion"));
  if (const json::Value* m = req.find("model"); m && m->is_string()) body.set("model", *m);
  body.set("choices", std::move(choices));
  json::Value usage = json::Value::object();
  int64_t prompt_n = prompt_tokens(req);
  usage.set("prompt_tokens", json::Value::number(prompt_n));
  usage.set("completion_tokens", json::Value::number(completion));
  usage.set("total_tokens", json::Value::number(prompt_n + completion));
  body.set("usage", std::move(usage));
  *status = 200;
  return json::to_string(body);
}

}  // namespace stepwise::teach

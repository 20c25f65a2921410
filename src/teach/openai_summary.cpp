// openai_summary.cpp: the summaries of the openai teacher's runs and dry runs.
#include "teach/openai_run_internal.h"

namespace stepwise::teach::internal {

const char* sampling_name(Sampling s) {
  return s == Sampling::kN ? "n" : s == Sampling::kSeparate ? "separate" : "auto";
}

namespace {

std::string tokens_text(int64_t n) { return human_count(static_cast<double>(n)); }

}  // namespace

Summary dry_run_summary(const TeachOptions& o, Sampling mode, const Problems& ps,
                        const std::vector<Request>& to_send, int64_t planned,
                        const std::string& note) {
  int64_t prompt = 0, completion = 0;
  for (const Request& r : to_send) {
    prompt += r.prompt_tokens;
    completion += r.estimated_tokens - r.prompt_tokens;
  }
  Summary s("teach");
  s.set("dry_run", json::Value::boolean(true));
  s.set_int("problems", static_cast<int64_t>(ps.items.size()));
  s.set_int("k", o.k);
  s.set("sampling", json::Value::string(sampling_name(mode)));
  json::Value req = json::Value::object();
  req.set("planned", json::Value::number(planned));
  req.set("cached", json::Value::number(planned - static_cast<int64_t>(to_send.size())));
  req.set("to_send", json::Value::number(static_cast<int64_t>(to_send.size())));
  s.set("requests", std::move(req));
  json::Value est = json::Value::object();
  est.set("prompt", json::Value::number(prompt));
  est.set("completion_max", json::Value::number(completion));
  est.set("total_max", json::Value::number(prompt + completion));
  s.set("estimated_tokens", std::move(est));
  s.line("teach (dry run): " + std::to_string(ps.items.size()) + " problems x " +
         std::to_string(o.k) +
         " samples; sampling: " + (note.empty() ? std::string(sampling_name(mode)) : note));
  s.line("  requests: " + std::to_string(planned) + " planned, " +
         std::to_string(planned - static_cast<int64_t>(to_send.size())) + " cached, " +
         std::to_string(to_send.size()) + " to send");
  s.line("  estimated tokens: " + tokens_text(prompt) + " prompt (bytes/4) + at most " +
         tokens_text(completion) + " completion (max_tokens x n) = at most " +
         tokens_text(prompt + completion));
  if (o.budget_tokens > 0) s.line("  budget: " + tokens_text(o.budget_tokens) + " tokens");
  return s;
}

void add_run_figures(Summary& s, const DispatchFigures& f, int64_t planned, int64_t cached,
                     int64_t pending, const TeachOptions& o) {
  json::Value req = json::Value::object();
  req.set("planned", json::Value::number(planned));
  req.set("cached", json::Value::number(cached));
  req.set("sent", json::Value::number(f.requests - f.not_sent));
  req.set("stored", json::Value::number(f.succeeded));
  req.set("failed", json::Value::number(f.failed));
  req.set("not_sent", json::Value::number(f.not_sent));
  req.set("attempts", json::Value::number(f.attempts));
  s.set("requests", std::move(req));
  json::Value af = json::Value::object();
  std::string causes;
  for (const auto& [code, n] : f.attempt_failures) {
    af.set(code, json::Value::number(n));
    causes += (causes.empty() ? "" : ", ") + code + " " + std::to_string(n);
  }
  s.set("attempt_failures", std::move(af));
  json::Value tok = json::Value::object();
  tok.set("prompt", json::Value::number(f.prompt_tokens));
  tok.set("completion", json::Value::number(f.completion_tokens));
  tok.set("total", json::Value::number(f.prompt_tokens + f.completion_tokens));
  tok.set("estimated", json::Value::boolean(f.usage_estimated));
  s.set("tokens", std::move(tok));
  s.set_int("budget_tokens", o.budget_tokens);
  s.set("budget_reached", json::Value::boolean(f.budget_reached));
  s.set_int("pending", pending);
  s.set("seconds", json::Value::number(f.seconds));
  s.line("  requests: " + std::to_string(planned) + " planned, " + std::to_string(cached) +
         " answered from the cache, " + std::to_string(f.succeeded) + " sent and stored (" +
         std::to_string(f.attempts) + " attempts), " + std::to_string(f.failed) + " failed");
  if (!causes.empty()) s.line("  failed attempts by cause: " + causes);
  int64_t total = f.prompt_tokens + f.completion_tokens;
  double rate = f.seconds > 0 ? static_cast<double>(total) / f.seconds : 0;
  if (f.attempts == 0) {
    s.line("  tokens spent: none (every answer came from the cache)");
  } else {
    s.line("  tokens spent: " + tokens_text(f.prompt_tokens) + " prompt + " +
           tokens_text(f.completion_tokens) + " completion" +
           (f.usage_estimated ? " (partly estimated)" : "") +
           (f.seconds >= 0.5 ? ", " + human_count(rate) + " tokens/s" : "") + " in " +
           human_duration(f.seconds));
  }
  if (f.budget_reached) {
    s.line("  budget of " + tokens_text(o.budget_tokens) + " tokens reached: " +
           std::to_string(f.not_sent) + " requests not sent (" + std::to_string(pending) +
           " samples pending); rerun with a larger --budget-tokens to continue from the cache");
  }
}

Summary run_summary_head(const TeachOptions& o, const std::string& url, Sampling mode,
                         const Problems& ps, const std::string& cache, const std::string& note) {
  Summary s("teach");
  s.set("teacher", json::Value::string("openai"));
  s.set("endpoint", json::Value::string(url));
  s.set("model", json::Value::string(o.model));
  s.set("api", json::Value::string(api_name(o.api)));
  s.set_int("problems", static_cast<int64_t>(ps.items.size()));
  s.set_int("k", o.k);
  s.set("sampling", json::Value::string(sampling_name(mode)));
  s.set("cache", json::Value::string(cache));
  s.line("teach: " + std::to_string(ps.items.size()) + " problems x " + std::to_string(o.k) +
         " samples from " + o.model + " at " + url + " (" + api_name(o.api) + ", " +
         sampling_name(mode) + " sampling" + (note.empty() ? "" : ": " + note) + ")");
  return s;
}

}  // namespace stepwise::teach::internal

// openai_run.cpp: run() for the openai teacher: plan, probe `n`, send, rebuild from the cache.
#include <sys/stat.h>

#include <cstdlib>

#include "base/hash.h"
#include "teach/openai_run_internal.h"

namespace stepwise::teach::internal {

namespace {

// One request of the plan: `covers` samples of problem `problem`, from sample `first`.
struct Unit {
  size_t problem = 0;
  int first = 0;
  int n = 1;       // the request's n
  int covers = 1;  // samples it provides (fewer than n for a probe the server cut short)
};

std::string prompt_hash(const Prompt& p) {
  uint64_t h = hash64(p.text, 1);
  for (const Message& m : p.messages) h = hash_combine(h, hash64(m.role + "\n" + m.content, 2));
  return to_hex(h);
}

class Planner {
 public:
  Planner(const TeachOptions& o, const Problems& ps, const PromptMaker& pm, std::string url)
      : o_(o), ps_(ps), pm_(pm), url_(std::move(url)) {}

  Sampling mode = Sampling::kN;
  int probe_choices = 0;  // choices the probe got, in separate mode after a probe

  Unit probe() const { return {0, 0, o_.k, o_.k}; }

  std::vector<Unit> units_of(size_t p) const {
    std::vector<Unit> out;
    if (mode == Sampling::kN || o_.k == 1) return {{p, 0, o_.k, o_.k}};
    int from = 0;
    if (p == 0 && probe_choices > 0) {
      from = std::min(probe_choices, o_.k);
      out.push_back({0, 0, o_.k, from});
    }
    for (int s = from; s < o_.k; ++s) out.push_back({p, s, 1, 1});
    return out;
  }

  Request request_of(const Unit& u, std::string* hash = nullptr) const {
    Prompt prompt = pm_.prompt_for(ps_.items[u.problem]);
    if (hash) *hash = prompt_hash(prompt);
    SamplingParams params = o_.params;
    if (params.seed && u.n == 1) *params.seed += u.first;  // separate requests: seed + sample
    Request r;
    r.body = build_request(o_.api, o_.model, prompt, params, u.n);
    r.key = cache_key(url_, r.body, u.first);
    r.prompt_tokens = estimate_prompt_tokens(o_.api, prompt);
    r.estimated_tokens = r.prompt_tokens + o_.params.max_tokens * u.n;
    return r;
  }

 private:
  const TeachOptions& o_;
  const Problems& ps_;
  const PromptMaker& pm_;
  std::string url_;
};

// Number of choices of the cached response for `key`, -1 when absent or unreadable.
int cached_choices(Cache& cache, const std::string& key, Api api) {
  auto e = cache.get(key);
  if (!e || !e->has_value()) return -1;
  auto c = parse_completion((*e)->response, api);
  return c ? static_cast<int>(c->choices.size()) : -1;
}

// Auto sampling: ask problem 0 with n = k once (or find that answer in the cache) and keep
// `n` when the server honours it. Returns a note for the summary.
std::string resolve_auto(Planner& plan, const TeachOptions& o, Cache* cache, Dispatcher* d) {
  Request probe = plan.request_of(plan.probe());
  int got = cache ? cached_choices(*cache, probe.key, o.api) : -1;
  if (got < 0 && d) {
    d->run({probe});
    got = cached_choices(*cache, probe.key, o.api);
  }
  if (got < 0) {
    plan.mode = Sampling::kSeparate;
    if (!d) return "auto, not probed in a dry run: counted as separate requests, the upper bound";
    const auto& failures = d->figures().failures;
    auto it = failures.find(probe.key);
    return "the request with n=" + std::to_string(o.k) + " failed (" +
           (it != failures.end() ? it->second.code : std::string("no answer")) +
           "): separate requests";
  }
  plan.mode = got >= o.k ? Sampling::kN : Sampling::kSeparate;
  plan.probe_choices = plan.mode == Sampling::kSeparate ? got : 0;
  return "the server returned " + std::to_string(got) + " of " + std::to_string(o.k) +
         " choices for n=" + std::to_string(o.k) + ": " +
         (plan.mode == Sampling::kN ? "n per request" : "separate requests");
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Writes every sample of every problem, in problem order then sample order, from the cache:
// a candidate, a drop with its reason, or nothing yet (pending: never sent).
Status assemble(const TeachOptions& o, const Problems& ps, const Planner& plan, Cache& cache,
                const DispatchFigures& fig, const std::string& name, Outputs& out,
                int64_t& pending) {
  for (size_t p = 0; p < ps.items.size(); ++p) {
    const trace::Trace& problem = ps.items[p];
    for (const Unit& u : plan.units_of(p)) {
      SourceInfo info{name, o.model, "", o.rationalize, json::Value::object()};
      Request req = plan.request_of(u, &info.prompt_hash);
      info.extra.set("request", json::Value::string(req.key));
      auto entry = cache.get(req.key);
      if (!entry) return entry.error();
      if (!entry->has_value()) {
        auto failed = fig.failures.find(req.key);
        if (failed == fig.failures.end()) {
          pending += u.covers;
          continue;
        }
        const RequestFailure& f = failed->second;
        std::string detail = f.detail + " (" + std::to_string(f.attempts) +
                             (f.attempts == 1 ? " attempt)" : " attempts)");
        for (int s = u.first; s < u.first + u.covers; ++s) {
          out.drop(make_drop(problem, s, "", "request", f.code, detail, info), f.code);
        }
        continue;
      }
      auto completion = parse_completion((*entry)->response, o.api);
      for (int s = u.first; s < u.first + u.covers; ++s) {
        size_t idx = static_cast<size_t>(s - u.first);
        if (!completion || idx >= completion->choices.size()) {
          std::string reason = completion ? "missing_choice" : "bad_cached_response";
          out.drop(make_drop(problem, s, "", "parse", reason, "", info), reason);
          continue;
        }
        const Choice& c = completion->choices[idx];
        SourceInfo with = info;
        with.extra.set("finish_reason", json::Value::string(c.finish_reason));
        ParsedSolution parsed = parse_solution(c.text);
        if (!parsed.drop.empty()) {
          out.drop(make_drop(problem, s, c.text, "parse", parsed.drop, "", with), parsed.drop);
        } else {
          out.candidate(make_candidate(problem, s, c.text, parsed, with));
        }
      }
    }
  }
  return Status::Ok();
}

DispatchConfig dispatch_config(const TeachOptions& o, const Endpoint& ep) {
  DispatchConfig cfg;
  cfg.endpoint = ep;
  if (const char* key = std::getenv(o.api_key_env.c_str())) cfg.http.api_key = key;
  cfg.http.headers = o.headers;
  cfg.http.read_timeout_s = o.timeout_s;
  cfg.http.connect_timeout_s = o.connect_timeout_s;
  cfg.http.ca_cert = o.ca_cert;
  cfg.http.verify_tls = !o.insecure;
  cfg.api = o.api;
  cfg.retry = {o.max_retries, o.backoff_base_s, o.backoff_max_s};
  cfg.concurrency = o.concurrency;
  cfg.rpm = o.rpm;
  cfg.tpm = o.tpm;
  cfg.budget_tokens = o.budget_tokens;
  cfg.jitter_seed = o.jitter_seed;
  cfg.progress = o.progress;
  return cfg;
}

// Every request of the plan, in order; those without an answer in `cache` go to `to_send`.
// Returns how many there are in all.
Result<int64_t> list_requests(const Planner& plan, const Problems& ps, Cache* cache,
                              std::vector<Request>& to_send) {
  int64_t planned = 0;
  for (size_t p = 0; p < ps.items.size(); ++p) {
    for (const Unit& u : plan.units_of(p)) {
      ++planned;
      Request r = plan.request_of(u);
      bool cached = false;
      if (cache) {
        auto has = cache->contains(r.key);
        if (!has) return has.error();
        cached = *has;
      }
      if (!cached) to_send.push_back(std::move(r));
    }
  }
  return planned;
}

}  // namespace

Result<Summary> run_openai(const TeachOptions& o, const Problems& ps) {
  if (o.model.empty()) return Error{"--model is required for the openai teacher"};
  auto ep = parse_endpoint(o.endpoint);
  if (!ep) return ep.error();
  auto templates = load_templates(o.templates);
  if (!templates) return templates.error();
  PromptMaker pm(std::move(*templates), o.api, o.few_shot, o.rationalize);
  Planner plan(o, ps, pm, ep->url() + api_path(o.api));
  plan.mode = o.sampling == Sampling::kAuto ? Sampling::kN : o.sampling;

  std::unique_ptr<Cache> cache;
  const std::string cpath = cache_path(o);
  if (!o.dry_run || file_exists(cpath)) {
    auto c = Cache::open(cpath, o.durable_cache);
    if (!c) return c.error();
    cache = std::move(*c);
  }
  std::unique_ptr<Dispatcher> d;
  if (!o.dry_run) d = std::make_unique<Dispatcher>(dispatch_config(o, *ep), *cache);

  std::string note;
  int64_t probe_stored = 0;  // the probe's answer, when this run paid for it
  if (o.sampling == Sampling::kAuto && o.k > 1 && !ps.items.empty()) {
    note = resolve_auto(plan, o, cache.get(), d.get());
    if (d && !d->figures().fatal.empty()) {
      return Error{"stopped: " + d->figures().fatal + "; answers received so far are kept in " +
                   cpath};
    }
    if (d) probe_stored = d->figures().succeeded;
  }
  std::vector<Request> to_send;
  auto listed = list_requests(plan, ps, cache.get(), to_send);
  if (!listed) return listed.error();
  const int64_t planned = *listed;
  if (o.dry_run) return dry_run_summary(o, plan.mode, ps, to_send, planned, note);
  const int64_t cached = planned - static_cast<int64_t>(to_send.size()) - probe_stored;
  d->run(to_send);
  const DispatchFigures& fig = d->figures();
  if (!fig.fatal.empty()) {
    return Error{"stopped: " + fig.fatal + "; answers received so far are kept in " + cpath};
  }
  Outputs out;
  if (auto s = out.open(o); !s) return s.error();
  int64_t pending = 0;
  std::string name = o.name.empty() ? ep->host : o.name;
  if (auto s = assemble(o, ps, plan, *cache, fig, name, out, pending); !s) return s.error();
  if (auto s = out.commit(); !s) return s.error();

  Summary s = run_summary_head(o, ep->url(), plan.mode, ps, cpath, note);
  add_run_figures(s, fig, planned, cached, pending, o);
  add_output_figures(s, out, o);
  return s;
}

}  // namespace stepwise::teach::internal

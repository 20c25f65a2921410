// `stepwise teach`: k candidate traces per problem from a teacher (teach/teach.h).
#include <memory>

#include "cli/verb.h"
#include "teach/teach.h"

namespace stepwise::cli {
namespace {

struct TeachFlags {
  teach::TeachOptions o;
  CommonFlags common;
  std::string teacher = "openai", sampling = "auto";
  std::vector<std::string> headers;
  bool chat = false, completions = false, no_progress = false;
  double top_p = 1.0, flaw_rate = -1;
  int64_t seed = 0;
  std::string flaw_rates;
  CLI::Option* top_p_opt = nullptr;
  CLI::Option* seed_opt = nullptr;
};

int run(TeachFlags& f) {
  teach::TeachOptions& o = f.o;
  o.teacher = f.teacher == "synthetic" ? teach::Teacher::kSynthetic : teach::Teacher::kOpenAI;
  o.sampling = f.sampling == "n"          ? teach::Sampling::kN
               : f.sampling == "separate" ? teach::Sampling::kSeparate
                                          : teach::Sampling::kAuto;
  if (f.completions) o.api = teach::Api::kCompletions;
  if (f.top_p_opt->count() > 0) o.params.top_p = f.top_p;
  if (f.seed_opt->count() > 0) {
    o.params.seed = f.seed;
    o.synthetic.seed = static_cast<uint64_t>(f.seed);
  }
  for (const std::string& h : f.headers) {
    size_t colon = h.find(':');
    if (colon == std::string::npos || colon == 0) {
      return fail("teach", "--header \"" + h + "\": expected \"Name: value\"");
    }
    size_t v = h.find_first_not_of(' ', colon + 1);
    o.headers.emplace_back(h.substr(0, colon), v == std::string::npos ? "" : h.substr(v));
  }
  if (f.flaw_rate >= 0) {
    if (f.flaw_rate > 1) return fail("teach", "--flaw-rate must be in [0, 1]");
    o.synthetic.set_total_rate(f.flaw_rate);
  }
  if (!f.flaw_rates.empty()) {
    if (auto s = o.synthetic.set_rates(f.flaw_rates); !s) return fail("teach", s.error().message);
  }
  o.strict = f.common.strict;
  o.progress = !f.no_progress;
  auto summary = teach::run(o);
  if (!summary) return fail("teach", summary.error().message);
  if (auto s = summary->emit(f.common.summary, f.common.quiet); !s) {
    return fail("teach", s.error().message);
  }
  return 0;
}

VerbRunner setup(CLI::App& app) {
  auto f = std::make_shared<TeachFlags>();
  teach::TeachOptions& o = f->o;
  app.option_defaults()->always_capture_default();  // --help shows the options struct's defaults
  app.add_option("input", o.input, "Problems: trace records (JSONL, .gz or - for stdin)")
      ->required();
  app.add_option("-o,--output", o.output, "Candidates (JSONL), written atomically at the end");
  app.add_option("--drops", o.drops, "Drops (JSONL); default OUT with .drops.jsonl; - for none");
  app.add_option("--cache", o.cache, "SQLite request cache; default OUT.cache.db");
  app.add_flag("--durable-cache", o.durable_cache, "fsync every cached response (power loss)");
  app.add_option("--teacher", f->teacher, "openai | synthetic")
      ->check(CLI::IsMember({"openai", "synthetic"}));
  app.add_option("--endpoint", o.endpoint, "Base URL of an OpenAI-compatible API (http/https)");
  app.add_option("--model", o.model, "Model name sent with every request");
  app.add_option("--name", o.name, "source.name of the candidates (default: endpoint host)");
  app.add_option("--api-key-env", o.api_key_env, "Environment variable holding the API key");
  app.add_option("--header", f->headers, "Extra HTTP header \"Name: value\" (repeatable)")
      ->allow_extra_args(false);
  auto* chat = app.add_flag("--chat", f->chat, "Use /chat/completions (default)");
  app.add_flag("--completions", f->completions, "Use /completions")->excludes(chat);
  app.add_option("--ca-cert", o.ca_cert, "PEM file of trusted CAs for https");
  app.add_flag("--insecure", o.insecure, "Accept any TLS certificate");
  app.add_option("--timeout", o.timeout_s, "Read timeout of a request, seconds");
  app.add_option("--connect-timeout", o.connect_timeout_s, "Connect timeout, seconds");
  app.add_option("-k", o.k, "Candidates per problem");
  app.add_option("--sampling", f->sampling, "auto | n | separate: how k samples are requested")
      ->check(CLI::IsMember({"auto", "n", "separate"}));
  app.add_option("--temperature", o.params.temperature, "Sampling temperature");
  f->top_p_opt = app.add_option("--top-p", f->top_p, "Nucleus sampling (sent only when given)");
  f->seed_opt = app.add_option("--seed", f->seed,
                               "Sampling seed (separate requests use seed + sample); also seeds "
                               "the synthetic teacher");
  app.add_option("--max-tokens", o.params.max_tokens, "Completion tokens per sample");
  app.add_option("--stop", o.params.stop, "Stop sequence (repeatable)")->allow_extra_args(false);
  app.add_option("--templates", o.templates, "Directory of prompt templates (templates/*.txt)");
  app.add_option("--few-shot", o.few_shot, "Worked examples per prompt, from the families");
  app.add_flag("--rationalize", o.rationalize, "Hint the gold answer (source.hinted = true)");
  app.add_option("-j,--concurrency", o.concurrency, "Requests in flight");
  app.add_option("--rpm", o.rpm, "Requests per minute (0: no limit)");
  app.add_option("--tpm", o.tpm, "Tokens per minute (0: no limit)");
  app.add_option("--budget-tokens", o.budget_tokens, "Stop sending after this many tokens");
  app.add_option("--max-retries", o.max_retries, "Retries per request");
  app.add_option("--backoff-base", o.backoff_base_s, "First backoff ceiling, seconds");
  app.add_option("--backoff-max", o.backoff_max_s, "Largest backoff ceiling, seconds");
  app.add_flag("--dry-run", o.dry_run, "Estimate requests and tokens; send nothing");
  app.add_option("--flaw-rate", f->flaw_rate, "Synthetic: share of flawed candidates (0.30)");
  app.add_option("--flaw-rates", f->flaw_rates, "Synthetic: per-flaw rates, name=rate,...");
  app.add_flag("--report", o.report, "Synthetic: verifier precision/recall per flaw type");
  app.add_flag("--no-progress", f->no_progress, "No progress line");
  add_common_flags(app, f->common);
  return [f] { return run(*f); };
}

VerbRegistration reg("teach", "Candidate traces from a teacher (OpenAI-compatible or synthetic)",
                     setup);

}  // namespace
}  // namespace stepwise::cli

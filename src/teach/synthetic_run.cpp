// synthetic_run.cpp: run() for the synthetic teacher, and its verifier report.
#include "teach/report.h"
#include "teach/run_internal.h"
#include "verify/verify.h"

namespace stepwise::teach::internal {

namespace {

json::Value flaw_meta(const SyntheticAnswer& a) {
  json::Value flaws = json::Value::array();
  for (const std::string& f : a.flaws) flaws.push(json::Value::string(f));
  return flaws;
}

void label(trace::Trace& t, const SyntheticAnswer& a) {
  t.meta.set("flaws", flaw_meta(a));
  t.meta.set("flaw_step",
             a.flaw_step ? json::Value::number(static_cast<int64_t>(*a.flaw_step)) : json::Value());
  if (!a.variant.empty()) t.meta.set("flaw_variant", json::Value::string(a.variant));
}

std::string rates_text(const SyntheticOptions& so) {
  std::string out;
  for (int i = 0; i < kFlawCount; ++i) {
    if (so.rates[i] <= 0) continue;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s %.3f", out.empty() ? "" : ", ",
                  flaw_name(static_cast<Flaw>(i)), so.rates[i]);
    out += buf;
  }
  return out;
}

// Candidate `k` of `problem`: written as a candidate or a drop, and added to the report.
void answer_one(const TeachOptions& o, const trace::Trace& problem, int k, Outputs& out,
                FlawReport* report, verify::Verifier& verifier,
                std::map<std::string, int64_t>& planted) {
  SourceInfo info{"synthetic", "synthetic", "", false, json::Value::object()};
  auto a = synthetic_answer(problem, k, o.synthetic);
  if (!a) {
    out.drop(make_drop(problem, k, "", "request", "unsupported_problem", a.error().message, info),
             "unsupported_problem");
    return;
  }
  ++planted[a->flaws.empty() ? "clean" : a->flaws[0]];
  ParsedSolution parsed = parse_solution(a->text);
  if (!parsed.drop.empty()) {
    trace::Trace d = make_drop(problem, k, a->text, "parse", parsed.drop, "", info);
    label(d, *a);
    if (report) report->add_drop(d.meta, parsed.drop);
    out.drop(d, parsed.drop);
    return;
  }
  trace::Trace c = make_candidate(problem, k, a->text, parsed, info);
  label(c, *a);
  if (report) report->add(c, verifier.verify(c));
  out.candidate(c);
}

}  // namespace

Result<Summary> run_synthetic(const TeachOptions& o, const Problems& ps) {
  Summary s("teach");
  s.set("teacher", json::Value::string("synthetic"));
  s.set_int("problems", static_cast<int64_t>(ps.items.size()));
  s.set_int("k", o.k);
  s.set("flaw_rate", json::Value::number(o.synthetic.total_rate()));
  char head[160];
  std::snprintf(head, sizeof head,
                "teach: %zu problems x %d samples from the synthetic teacher "
                "(seed %llu, flaw rate %.3f)",
                ps.items.size(), o.k, static_cast<unsigned long long>(o.synthetic.seed),
                o.synthetic.total_rate());
  s.line(head);
  s.line("  flaw rates: " + rates_text(o.synthetic));
  if (o.dry_run) {
    s.set("dry_run", json::Value::boolean(true));
    s.line("  dry run: " + std::to_string(ps.items.size() * static_cast<size_t>(o.k)) +
           " candidates would be written; no requests, no tokens");
    return s;
  }
  Outputs out;
  if (auto st = out.open(o); !st) return st.error();
  FlawReport report;
  verify::Verifier verifier;
  std::map<std::string, int64_t> planted;
  for (const trace::Trace& problem : ps.items) {
    for (int k = 0; k < o.k; ++k) {
      answer_one(o, problem, k, out, o.report ? &report : nullptr, verifier, planted);
    }
  }
  if (auto st = out.commit(); !st) return st.error();
  json::Value pj = json::Value::object();
  std::string pl;
  for (const auto& [name, n] : planted) {
    pj.set(name, json::Value::number(n));
    pl += (pl.empty() ? "" : ", ") + name + " " + std::to_string(n);
  }
  s.set("planted", std::move(pj));
  s.line("  planted: " + pl);
  add_output_figures(s, out, o);
  if (o.report) {
    s.set("report", report.to_json());
    s.text += report.to_text();
  }
  return s;
}

}  // namespace stepwise::teach::internal

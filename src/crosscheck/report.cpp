// FlawTable: what the verifier alone and verifier + crosscheck catch, per flaw (crosscheck.h).
#include <algorithm>
#include <cstdio>

#include "crosscheck/crosscheck.h"

namespace stepwise::crosscheck {
namespace {

bool crosscheck_flagged(const Signals& s) {
  static const char* kDefects[] = {kDisagreesWithMajority, kAltDisagree,  kBrittle,
                                   kDistractorSensitive,   kCopiedAnswer, kCancelledDetour};
  for (const std::string& f : s.flags) {
    for (const char* d : kDefects) {
      if (f == d) return true;
    }
  }
  return false;
}

double ratio(int64_t a, int64_t b) { return b > 0 ? static_cast<double>(a) / b : 0.0; }

}  // namespace

void FlawTable::add(const trace::Trace& t, const Signals& s) {
  if (!t.verdict || !t.meta.is_object()) return;
  const json::Value* flaws = t.meta.find("flaws");
  if (!flaws || !flaws->is_array()) return;
  std::string name = "clean";
  if (!flaws->items().empty() && flaws->items()[0].is_string()) name = flaws->items()[0].str();
  Row& r = rows_[name];
  bool ver = !t.verdict->ok, xc = crosscheck_flagged(s);
  ++r.n;
  r.verifier += ver;
  r.combined += ver || xc;
  if (!ver) {
    ++r.pass_verifier;
    r.caught += xc;
  }
}

json::Value FlawTable::to_json() const {
  using json::Value;
  const Row clean = rows_.count("clean") ? rows_.at("clean") : Row{};
  Value o = Value::object();
  for (const auto& [name, r] : rows_) {
    Value row = Value::object();
    row.set("n", Value::number(r.n));
    row.set("verifier_flagged", Value::number(r.verifier));
    row.set("combined_flagged", Value::number(r.combined));
    if (name != "clean") {
      row.set("verifier_recall", Value::number(ratio(r.verifier, r.n)));
      row.set("verifier_precision", Value::number(ratio(r.verifier, r.verifier + clean.verifier)));
      row.set("combined_recall", Value::number(ratio(r.combined, r.n)));
      row.set("combined_precision", Value::number(ratio(r.combined, r.combined + clean.combined)));
    }
    row.set("pass_verifier", Value::number(r.pass_verifier));
    row.set("caught_by_crosscheck", Value::number(r.caught));
    o.set(name, std::move(row));
  }
  return o;
}

std::string FlawTable::to_text() const {
  const Row clean = rows_.count("clean") ? rows_.at("clean") : Row{};
  std::string t =
      "flaw                    n   verifier rec  prec   +crosscheck rec  prec   pass-verifier "
      "caught\n";
  char buf[200];
  for (const auto& [name, r] : rows_) {
    if (name == "clean") {
      std::snprintf(buf, sizeof buf,
                    "%-20s %5lld   false alarms %-5lld  false alarms %-5lld   %5lld %6lld\n",
                    name.c_str(), (long long)r.n, (long long)r.verifier, (long long)r.combined,
                    (long long)r.pass_verifier, (long long)r.caught);
    } else {
      std::snprintf(buf, sizeof buf,
                    "%-20s %5lld   %6.3f %6.3f   %6.3f %6.3f          %5lld %6lld\n", name.c_str(),
                    (long long)r.n, ratio(r.verifier, r.n),
                    ratio(r.verifier, r.verifier + clean.verifier), ratio(r.combined, r.n),
                    ratio(r.combined, r.combined + clean.combined), (long long)r.pass_verifier,
                    (long long)r.caught);
    }
    t += buf;
  }
  return t;
}

}  // namespace stepwise::crosscheck

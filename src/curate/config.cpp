#include "curate/config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <functional>
#include <map>

#include "base/atomic_file.h"
#include "curate/curate.h"

namespace stepwise::curate {
namespace {

// Reading one TOML value into an options field, with a message that names the place.
class Ctx {
 public:
  Ctx(std::string name, std::string dir) : name_(std::move(name)), dir_(std::move(dir)) {}
  std::string at(const toml::node& n, const std::string& key) const {
    const auto& b = n.source().begin;
    return name_ + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) + ": " + key;
  }
  Status num(const toml::node& n, const std::string& key, double lo, double hi, double& out) const {
    auto v = n.value<double>();
    if (!v || !(*v >= lo && *v <= hi))
      return Error{at(n, key) + ": expected a number in [" + fmt(lo) + ", " + fmt(hi) + "]"};
    out = *v;
    return {};
  }
  template <typename I>
  Status integer(const toml::node& n, const std::string& key, int64_t lo, int64_t hi,
                 I& out) const {
    auto v = n.value<int64_t>();
    if (!n.is_integer() || !v || *v < lo || *v > hi)
      return Error{at(n, key) + ": expected an integer in [" + std::to_string(lo) + ", " +
                   std::to_string(hi) + "]"};
    out = static_cast<I>(*v);
    return {};
  }
  Status boolean(const toml::node& n, const std::string& key, bool& out) const {
    if (!n.is_boolean()) return Error{at(n, key) + ": expected true or false"};
    out = *n.value<bool>();
    return {};
  }
  Status str(const toml::node& n, const std::string& key, std::string& out) const {
    if (!n.is_string()) return Error{at(n, key) + ": expected a string"};
    out = *n.value<std::string>();
    return {};
  }
  Status strs(const toml::node& n, const std::string& key, std::vector<std::string>& out) const {
    const toml::array* a = n.as_array();
    if (!a) return Error{at(n, key) + ": expected an array of strings"};
    out.clear();
    for (const auto& e : *a) {
      if (!e.is_string()) return Error{at(e, key) + ": expected an array of strings"};
      out.push_back(*e.value<std::string>());
    }
    return {};
  }
  std::string path(const std::string& p) const {
    if (p.empty() || p[0] == '/' || dir_.empty() || p == "-") return p;
    return (std::filesystem::path(dir_) / p).string();
  }

 private:
  static std::string fmt(double v) {
    std::string s = std::to_string(v);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
  }
  std::string name_, dir_;
};

using Handler = std::function<Status(const toml::node&, const std::string&)>;
using Handlers = std::map<std::string, Handler, std::less<>>;

Status apply_table(const toml::node& node, const std::string& section, const Handlers& handlers,
                   const Ctx& ctx) {
  const toml::table* t = node.as_table();
  if (!t) return Error{ctx.at(node, section) + ": expected a table"};
  for (const auto& [k, v] : *t) {
    std::string key(k.str());
    auto it = handlers.find(key);
    if (it == handlers.end()) return Error{ctx.at(v, "[" + section + "] " + key) + ": unknown key"};
    if (Status st = it->second(v, "[" + section + "] " + key); !st) return st;
  }
  return {};
}

Handlers policy_keys(CurateOptions& o, const Ctx& c) {
  Policy& p = o.policy;
  return {
      {"spec",
       [&](const toml::node& n, const std::string& k) -> Status {
         std::string s;
         if (Status st = c.str(n, k, s); !st) return st;
         auto r = parse_policy(s);
         if (!r) return Error{c.at(n, k) + ": " + r.error().message};
         p = *r;
         return {};
       }},
      {"base",
       [&](const toml::node& n, const std::string& k) -> Status {
         std::string s;
         if (Status st = c.str(n, k, s); !st) return st;
         for (PolicyBase b : {PolicyBase::kStrict, PolicyBase::kOutcome, PolicyBase::kNone}) {
           if (s != base_name(b)) continue;
           p.base = b;
           return {};
         }
         return Error{c.at(n, k) + ": expected \"strict\", \"outcome\" or \"none\""};
       }},
      {"min_agreement",
       [&](const toml::node& n, const std::string& k) -> Status {
         double v = 0;
         if (Status st = c.num(n, k, 0, 1, v); !st) return st;
         p.min_agreement = v;
         return {};
       }},
      {"no_brittle",
       [&](const toml::node& n, const std::string& k) { return c.boolean(n, k, p.no_brittle); }},
      {"no_detour",
       [&](const toml::node& n, const std::string& k) { return c.boolean(n, k, p.no_detour); }},
      {"require_stated_answer",
       [&](const toml::node& n, const std::string& k) {
         return c.boolean(n, k, p.require_stated_answer);
       }},
      {"max_warnings",
       [&](const toml::node& n, const std::string& k) -> Status {
         int64_t v = 0;
         if (Status st = c.integer(n, k, 0, INT64_MAX, v); !st) return st;
         p.max_warnings = v;
         return {};
       }},
      {"require_alt_agree",
       [&](const toml::node& n, const std::string& k) {
         return c.boolean(n, k, p.require_alt_agree);
       }},
  };
}

Handlers select_keys(CurateOptions& o, const Ctx& c) {
  return {
      {"keep", [&](const toml::node& n,
                   const std::string& k) { return c.integer(n, k, 0, 1 << 30, o.select.keep); }},
      {"distinct_paths",
       [&](const toml::node& n, const std::string& k) {
         return c.boolean(n, k, o.select.distinct_paths);
       }},
  };
}

Handlers dedup_keys(CurateOptions& o, const Ctx& c) {
  DedupOptions& d = o.dedup;
  return {
      {"exact",
       [&](const toml::node& n, const std::string& k) { return c.boolean(n, k, d.exact); }},
      {"near", [&](const toml::node& n, const std::string& k) { return c.boolean(n, k, d.near); }},
      {"threshold", [&](const toml::node& n,
                        const std::string& k) { return c.num(n, k, 0.01, 1, d.threshold); }},
      {"shingle", [&](const toml::node& n,
                      const std::string& k) { return c.integer(n, k, 1, 64, d.shingle); }},
      {"num_hashes", [&](const toml::node& n,
                         const std::string& k) { return c.integer(n, k, 32, 1024, d.num_hashes); }},
      {"bands", [&](const toml::node& n,
                    const std::string& k) { return c.integer(n, k, 1, 1024, d.bands); }},
      {"rows",
       [&](const toml::node& n, const std::string& k) { return c.integer(n, k, 0, 1024, d.rows); }},
      {"bucket_cap",
       [&](const toml::node& n, const std::string& k) {
         return c.integer(n, k, 1, 1 << 16, d.bucket_cap);
       }},
  };
}

Handlers decontam_keys(CurateOptions& o, const Ctx& c) {
  DecontamOptions& d = o.decontam;
  return {
      {"eval",
       [&](const toml::node& n, const std::string& k) -> Status {
         if (Status st = c.strs(n, k, d.eval_files); !st) return st;
         for (auto& f : d.eval_files) f = c.path(f);
         return {};
       }},
      {"ngram", [&](const toml::node& n,
                    const std::string& k) { return c.integer(n, k, 1, 1000, d.ngram); }},
      {"examples", [&](const toml::node& n,
                       const std::string& k) { return c.integer(n, k, 0, 1000, d.examples); }},
      {"rules",
       [&](const toml::node& n, const std::string& k) -> Status {
         std::vector<std::string> rules;
         if (Status st = c.strs(n, k, rules); !st) return st;
         d.by_ngram = d.by_template = false;
         for (const auto& r : rules) {
           if (r != "ngram" && r != "template")
             return Error{c.at(n, k) + ": unknown rule \"" + r + "\" (ngram, template)"};
           (r == "ngram" ? d.by_ngram : d.by_template) = true;
         }
         return {};
       }},
  };
}

Handlers difficulty_keys(CurateOptions& o, const Ctx& c) {
  DifficultyWeights& w = o.difficulty;
  auto weight = [&c](double& field) {
    return [&c, f = &field](const toml::node& n, const std::string& k) {
      return c.num(n, k, -1e6, 1e6, *f);
    };
  };
  return {{"steps", weight(w.steps)},     {"operations", weight(w.operations)},
          {"digits", weight(w.digits)},   {"carries", weight(w.carries)},
          {"clauses", weight(w.clauses)}, {"meta", weight(w.meta)}};
}

Handlers curriculum_keys(CurateOptions& o, const Ctx& c) {
  CurriculumOptions& cu = o.curriculum;
  return {
      {"order",
       [&](const toml::node& n, const std::string& k) -> Status {
         std::string s;
         if (Status st = c.str(n, k, s); !st) return st;
         auto v = parse_order(s);
         if (!v) return Error{c.at(n, k) + ": expected \"input\", \"shuffle\" or \"curriculum\""};
         cu.order = *v;
         return {};
       }},
      {"pacing",
       [&](const toml::node& n, const std::string& k) -> Status {
         std::string s;
         if (Status st = c.str(n, k, s); !st) return st;
         auto v = parse_pacing(s);
         if (!v) return Error{c.at(n, k) + ": expected \"linear\", \"root\" or \"step\""};
         cu.pacing = *v;
         return {};
       }},
      {"stages", [&](const toml::node& n,
                     const std::string& k) { return c.integer(n, k, 1, 255, cu.stages); }},
      {"replay",
       [&](const toml::node& n, const std::string& k) { return c.num(n, k, 0, 1, cu.replay); }},
      {"balance",
       [&](const toml::node& n, const std::string& k) { return c.boolean(n, k, o.balance); }},
      {"balance_max",
       [&](const toml::node& n, const std::string& k) {
         return c.integer(n, k, 0, INT64_MAX, o.balance_max);
       }},
      {"fractions",
       [&](const toml::node& n, const std::string& k) -> Status {
         const toml::array* a = n.as_array();
         if (!a) return Error{c.at(n, k) + ": expected an array of percentages"};
         o.fractions.clear();
         for (const auto& e : *a) {
           int p = 0;
           if (Status st = c.integer(e, k, 1, 100, p); !st) return st;
           o.fractions.push_back(p);
         }
         return {};
       }},
  };
}

Handlers export_keys(CurateOptions& o, const Ctx& c) {
  ExportOptions& e = o.exporter;
  return {
      {"format",
       [&](const toml::node& n, const std::string& k) -> Status {
         std::string s;
         if (Status st = c.str(n, k, s); !st) return st;
         auto v = parse_format(s);
         if (!v)
           return Error{c.at(n, k) + ": expected \"trace\", \"messages\", \"prompt\" or \"text\""};
         e.format = *v;
         return {};
       }},
      {"system", [&](const toml::node& n, const std::string& k) { return c.str(n, k, e.system); }},
      {"strip_annotations",
       [&](const toml::node& n, const std::string& k) {
         return c.boolean(n, k, e.strip_annotations);
       }},
  };
}

}  // namespace

Status apply_config_text(std::string_view text, const std::string& name, CurateOptions& opts) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    return Error{name + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) + ": " +
                 std::string(e.description())};
  }
  Ctx ctx(name, std::filesystem::path(name).parent_path().string());
  const std::map<std::string, Handlers, std::less<>> sections = {
      {"policy", policy_keys(opts, ctx)},         {"select", select_keys(opts, ctx)},
      {"dedup", dedup_keys(opts, ctx)},           {"decontaminate", decontam_keys(opts, ctx)},
      {"difficulty", difficulty_keys(opts, ctx)}, {"curriculum", curriculum_keys(opts, ctx)},
      {"export", export_keys(opts, ctx)}};
  for (const auto& [k, v] : root) {
    std::string key(k.str());
    if (key == "seed") {
      if (Status st = ctx.integer(v, "seed", 0, INT64_MAX, opts.seed); !st) return st;
      continue;
    }
    auto it = sections.find(key);
    if (it == sections.end()) return Error{ctx.at(v, key) + ": unknown table"};
    if (Status st = apply_table(v, key, it->second, ctx); !st) return st;
  }
  return {};
}

Status load_config(const std::string& path, CurateOptions& opts) {
  auto text = read_file(path);
  if (!text) return text.error();
  return apply_config_text(*text, path, opts);
}

}  // namespace stepwise::curate

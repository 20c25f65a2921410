// report_html.cpp: the page of render_html(): head and style sheet, header, model cards and the
// tables. The plots, examples and extra section come from the other report_*.cpp files.
#include "eval/report_html.h"

#include <string>
#include <vector>

#include "eval/report_html_internal.h"

namespace stepwise::eval {
namespace {

using namespace report;  // NOLINT: the helpers of this one component

// Inline style sheet: system fonts only, responsive grid, print rules. No url() anywhere.
constexpr const char* kStyle = R"css(
:root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--soft:#f8fafc;--bad:#b91c1c;--good:#047857}
*{box-sizing:border-box}
body{margin:0;background:#eef0f3;color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
main{max-width:1200px;margin:0 auto;padding:28px 32px 40px;background:#fff;min-height:100vh}
h1{font-size:26px;margin:0 0 4px;letter-spacing:-.01em}
h2{font-size:19px;margin:34px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 8px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.sub{color:var(--muted);margin:0}
nav{margin-top:10px;font-size:13px}nav a{color:#2563eb;text-decoration:none;margin-right:16px}
.lead{color:#4b5563;margin:-4px 0 12px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.card{border:1px solid var(--line);border-top:4px solid;border-radius:6px;padding:10px 12px}
.card .name{font-weight:650;font-size:16px}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:1px 12px;margin:6px 0 0;font-size:12.5px}
.card dt{color:var(--muted)}.card dd{margin:0;overflow-wrap:anywhere}
.card .ckpt{margin-top:6px;font-size:12px;color:var(--muted)}.card .ckpt code{color:var(--fg);word-break:break-all}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{font-weight:600;font-size:12px;color:#374151;background:var(--soft);border-bottom:2px solid #d1d5db;vertical-align:bottom}
thead th.grp{text-align:center;border-bottom:1px solid #d1d5db;color:#111827}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}
.headline thead th{font-size:11.5px;line-height:1.3}.headline td{padding:7px 7px}
td.best{font-weight:700}
tbody tr:hover{background:#fafbfc}
.d{display:block;font-size:11.5px;font-weight:400}.sep{border-left:1px solid #d1d5db}
tr.first td{border-top:2px solid #d1d5db}.splits td:nth-child(2),.nw{white-space:nowrap}.neg{color:var(--bad)}.pos{color:var(--good)}
.pm{color:var(--muted);font-size:12px}
.na{color:#9ca3af}
.figs{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:18px}
.fig{margin:0;border:1px solid var(--line);border-radius:6px;padding:12px 14px;break-inside:avoid}
.fig h3{margin:0 0 4px}
figcaption{font-size:12.5px;color:var(--muted);margin-top:4px}
svg.chart{width:100%;height:auto;display:block}
svg text{font-family:inherit;fill:#374151}
svg .tk{font-size:10.5px;fill:#4b5563}svg .al{font-size:11px}svg .lg{font-size:11px}svg .vl{font-size:9.5px}
svg .grid{stroke:#eceff3}svg .zero{stroke:#6b7280}svg .axis{stroke:#9ca3af}
svg .err{stroke:#111827;stroke-width:1.2;fill:none}
.ex{border:1px solid var(--line);border-left:4px solid;border-radius:6px;padding:10px 14px;margin:10px 0;break-inside:avoid}
.ex header{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center;font-size:13px}
.meta{color:var(--muted)}
.badge{font-size:11.5px;font-weight:600;border-radius:10px;padding:1px 8px}
.badge.bad{background:#fde8e8;color:var(--bad)}.badge.warn{background:#fef3c7;color:#92400e}
.k{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-right:4px}
.q{margin:8px 0}
.steps{list-style:none;padding:0;margin:6px 0;border:1px solid var(--line);border-radius:4px}
.step{display:grid;grid-template-columns:1.6em minmax(0,1fr) minmax(0,36%);gap:12px;padding:5px 10px;border-top:1px solid var(--line)}
.step:first-child{border-top:0}
.idx{color:var(--muted);font-variant-numeric:tabular-nums;text-align:right}
.txt{white-space:pre-wrap;overflow-wrap:anywhere}
.step.first{background:#fdecec;box-shadow:inset 4px 0 0 var(--bad)}
.step.bad{background:#fff7f7}
.finding{font-size:12.5px;color:#7f1d1d;overflow-wrap:anywhere}
.finding code{background:#fee2e2;border-radius:3px;padding:0 4px;color:#991b1b}
.tick{color:var(--good)}
.ans{margin:8px 0 4px}.given{color:var(--bad)}.given.right{color:var(--good)}
details summary{cursor:pointer;color:var(--muted);font-size:12.5px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:8px 10px;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
td.yes{color:var(--good);font-weight:600}td.no{color:var(--bad);font-weight:600}
.note{font-size:13px;color:#374151}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:10px}
@media (max-width:720px){main{padding:16px}.figs{grid-template-columns:1fr}.step{grid-template-columns:1.6em 1fr}.finding{grid-column:2}}
@media print{body{background:#fff}main{max-width:none;padding:0}nav{display:none}.fig,.ex,tr{break-inside:avoid}h2,h3{break-after:avoid}.scroll{overflow:visible}}
)css";

void append_header(std::string& out, const json::Value& summary, const ReportOptions& opts) {
  out += "<header><h1>" + escaped(opts.title) + "</h1><p class=\"sub\">";
  std::vector<std::string> parts;
  const auto n = number_at(field(summary, "n_problems"));
  const std::string problems = text_at(field(summary, "problems"));
  if (n || !problems.empty()) {
    std::string p = n ? fixed(*n, 0) + " problems" : "problems";
    if (!problems.empty()) p += " from <code>" + escaped(problems) + "</code>";
    parts.push_back(p);
  }
  if (const auto k = number_at(field(summary, "k"))) parts.push_back("k = " + fixed(*k, 0));
  const std::string seed = text_at(field(summary, "seed"));
  if (!seed.empty()) parts.push_back("seed " + escaped(seed));
  const std::size_t models = models_of(summary).size();
  parts.push_back(std::to_string(models) + (models == 1 ? " model" : " models"));
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? " \xC2\xB7 " : "") + parts[i];
  out +=
      "</p><nav><a href=\"#models\">Models</a><a href=\"#summary\">Summary</a>"
      "<a href=\"#plots\">Plots</a><a href=\"#examples\">Examples</a>";
  if (opts.extra.is_object()) out += "<a href=\"#extra\">More</a>";
  out += "</nav></header>";
}

void append_model_cards(std::string& out, const json::Value& summary) {
  out += "<section id=\"models\"><h2>Models</h2><div class=\"cards\">";
  const auto& models = models_of(summary);
  for (std::size_t i = 0; i < models.size(); ++i) {
    const json::Value* info = field(models[i], "info");
    appendf(out, "<div class=\"card\" style=\"border-top-color:%s\"><div class=\"name\">",
            model_color(i));
    appendf(out, "<span class=\"sw\" style=\"background:%s\"></span>", model_color(i));
    out += escaped(model_label(models[i], i)) + "</div><dl>";
    if (const auto p = number_at(field(info, "params"))) {
      out += "<dt>params</dt><dd>" + count(*p) + "</dd>";
    }
    for (const auto& [key, value] : members_of(info)) {
      if (key == "params" || value.is_object() || value.is_array() || value.is_null()) continue;
      out += "<dt>" + escaped(key) + "</dt><dd>" + escaped(text_at(&value)) + "</dd>";
    }
    out += "</dl>";
    const std::string ckpt = text_at(field(models[i], "checkpoint"));
    if (!ckpt.empty())
      out += "<div class=\"ckpt\">checkpoint <code>" + escaped(ckpt) + "</code></div>";
    out += "</div>";
  }
  out += "</div></section>";
}

// One metric column of the headline table.
struct Metric {
  const char* key;
  std::string title;
  bool higher_is_better;
};

std::vector<Metric> heldout_metrics(const json::Value& summary) {
  const std::string k = text_at(field(summary, "k"));
  const std::string kk = k.empty() ? "k" : k;
  return {{"accuracy", "Strict accuracy", true},
          {"accuracy_flexible", "Flexible accuracy", true},
          {"extraction_failure", "Extraction failures", false},
          {"maj_at_k", "maj@" + kk, true},
          {"best_of_k_verified", "Best-of-" + kk + " verified", true},
          {"sampled_accuracy", "Sampled accuracy", true},
          {"step_validity", "Step validity", true},
          {"right_answer_wrong_process", "Right answer, wrong process", false}};
}

// The best value of a column when at least two models have one (else nullopt: nothing to mark).
template <typename Get>
std::optional<double> best_of(const std::vector<json::Value>& models, Get get, bool higher) {
  std::optional<double> best;
  int n = 0;
  for (const auto& m : models) {
    const auto v = get(m);
    if (!v) continue;
    ++n;
    if (!best || (higher ? *v > *best : *v < *best)) best = v;
  }
  return n >= 2 ? best : std::nullopt;
}

// "<td class=\"num ...\">" for a numeric cell: missing, best-of-column, first of a group.
std::string num_cell(bool missing, bool best, bool sep) {
  return std::string("<td class=\"num") + (missing ? " na" : "") + (best ? " best" : "") +
         (sep ? " sep" : "") + "\">";
}

void append_robust_cell(std::string& out, const json::Value& model, const json::Value* split,
                        std::optional<double> best, bool sep) {
  const auto mean = split_mean(split);
  out += num_cell(!mean, mean && best && *mean == *best, sep);
  if (!mean) {
    out += std::string(kMissing) + "</td>";
    return;
  }
  out += percent(mean);
  if (const auto sd = number_at(field(field(split, "sets"), "std"))) {
    out += "<span class=\"pm\"> \xC2\xB1 " + fixed(*sd * 100, 1) + "</span>";
  }
  if (const auto d = split_delta(model, split)) {
    out += std::string("<span class=\"d ") +
           (*d < -0.0005  ? "neg"
            : *d > 0.0005 ? "pos"
                          : "") +
           "\">" + points(*d) + "</span>";
  }
  out += "</td>";
}

void append_headline(std::string& out, const json::Value& summary) {
  const auto& models = models_of(summary);
  const auto metrics = heldout_metrics(summary);
  std::vector<std::string> robust;
  for (const auto& s : split_names(summary)) {
    if (s != "heldout") robust.push_back(s);
  }
  out +=
      "<section id=\"summary\"><h2>Summary</h2><div class=\"scroll\"><table class=\"headline\">"
      "<thead><tr><th rowspan=\"2\">Model</th><th rowspan=\"2\">Mode</th>"
      "<th rowspan=\"2\" class=\"num\">Params</th>";
  appendf(out, "<th colspan=\"%zu\" class=\"grp sep\">Held-out</th>", metrics.size());
  if (!robust.empty()) {
    appendf(out,
            "<th colspan=\"%zu\" class=\"grp sep\">Robustness: accuracy \xC2\xB1 std, "
            "\xCE\x94 vs held-out</th>",
            robust.size());
  }
  out += "</tr><tr>";
  for (std::size_t c = 0; c < metrics.size(); ++c) {
    out += (c == 0 ? "<th class=\"num sep\">" : "<th class=\"num\">") + escaped(metrics[c].title) +
           "</th>";
  }
  for (std::size_t c = 0; c < robust.size(); ++c) {
    out += (c == 0 ? "<th class=\"num sep\">" : "<th class=\"num\">") +
           escaped(split_title(robust[c])) + "</th>";
  }
  out += "</tr></thead><tbody>";
  const auto held = [](const json::Value& m) { return field(field(m, "splits"), "heldout"); };
  for (std::size_t i = 0; i < models.size(); ++i) {
    const json::Value& m = models[i];
    appendf(out, "<tr><td><span class=\"sw\" style=\"background:%s\"></span>", model_color(i));
    out += escaped(model_label(m, i)) + "</td><td>";
    const std::string mode = text_at(field(field(m, "info"), "mode"));
    out += mode.empty() ? std::string(kMissing) : escaped(mode);
    const auto params = number_at(field(field(m, "info"), "params"));
    out += "</td><td class=\"num\">" + (params ? count(*params) : std::string(kMissing)) + "</td>";
    for (std::size_t c = 0; c < metrics.size(); ++c) {
      const char* key = metrics[c].key;
      const auto get = [&](const json::Value& x) { return number_at(field(held(x), key)); };
      const auto v = get(m);
      const auto best = best_of(models, get, metrics[c].higher_is_better);
      out += num_cell(!v, v && best && *v == *best, c == 0) + percent(v) + "</td>";
    }
    for (std::size_t c = 0; c < robust.size(); ++c) {
      const std::string& s = robust[c];
      const auto get = [&](const json::Value& x) {
        return split_mean(field(field(x, "splits"), s));
      };
      append_robust_cell(out, m, field(field(m, "splits"), s), best_of(models, get, true), c == 0);
    }
    out += "</tr>";
  }
  out +=
      "</tbody></table></div><p class=\"note\">Strict accuracy reads the answer after "
      "<code>####</code>; flexible accepts the other answer forms. Step validity is the share "
      "of steps the verifier accepts. Bold marks the best value of a column.</p>";
}

void append_split_table(std::string& out, const json::Value& summary) {
  const auto& models = models_of(summary);
  const std::vector<std::pair<const char*, const char*>> cols = {
      {"accuracy", "Strict"},
      {"accuracy_flexible", "Flexible"},
      {"extraction_failure", "Extr. failures"},
      {"maj_at_k", "maj@k"},
      {"best_of_k_verified", "<span class=\"nw\">Best-of-k</span>"},
      {"sampled_accuracy", "Sampled"},
      {"step_validity", "Step validity"},
      {"trace_valid", "Trace valid"},
      {"right_answer_wrong_process", "Right ans., wrong proc."}};
  out +=
      "<h3>All splits</h3><div class=\"scroll\"><table class=\"splits\"><thead><tr>"
      "<th>Model</th><th>Split</th><th class=\"num\">n</th>";
  for (const auto& [key, title] : cols) out += std::string("<th class=\"num\">") + title + "</th>";
  out +=
      "<th class=\"num\">Sets mean \xC2\xB1 std</th><th class=\"num\">\xCE\x94 vs <span "
      "class=\"nw\">held-out</span></th>"
      "</tr></thead><tbody>";
  for (std::size_t i = 0; i < models.size(); ++i) {
    bool first = true;
    for (const auto& [name, split] : members_of(field(models[i], "splits"))) {
      appendf(out, "<tr%s><td><span class=\"sw\" style=\"background:%s\"></span>",
              first && i > 0 ? " class=\"first\"" : "", model_color(i));
      first = false;
      out +=
          escaped(model_label(models[i], i)) + "</td><td>" + escaped(split_title(name)) + "</td>";
      const auto n = number_at(field(split, "n"));
      out += "<td class=\"num\">" + (n ? fixed(*n, 0) : std::string(kMissing)) + "</td>";
      for (const auto& [key, title] : cols) {
        out += "<td class=\"num\">" + percent(number_at(field(split, key))) + "</td>";
      }
      const json::Value* sets = field(split, "sets");
      const auto mean = number_at(field(sets, "mean")), sd = number_at(field(sets, "std"));
      const auto nsets = number_at(field(sets, "n_sets"));
      out += "<td class=\"num\">" + percent(mean);
      if (mean && sd) out += " \xC2\xB1 " + fixed(*sd * 100, 1);
      if (mean && nsets) out += " <span class=\"pm\">(" + fixed(*nsets, 0) + " sets)</span>";
      const auto d = name == "heldout" ? std::nullopt : split_delta(models[i], &split);
      out += "</td><td class=\"num\">" + (d ? points(*d) : std::string(kMissing)) + "</td></tr>";
    }
  }
  out += "</tbody></table></div></section>";
}

}  // namespace

std::string render_html(const json::Value& summary, const ReportOptions& opts) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      escaped(opts.title) + "</title><style>";
  out += kStyle;
  out += "</style></head><body><main>";
  append_header(out, summary, opts);
  if (models_of(summary).empty()) {
    out +=
        "<section id=\"summary\"><h2>Summary</h2><p class=\"na empty\">This summary has no "
        "models: nothing was evaluated.</p></section>";
  } else {
    append_model_cards(out, summary);
    append_headline(out, summary);
    append_split_table(out, summary);
    out += render_plots(summary);
    out += render_examples(summary);
  }
  out += render_extra(opts.extra);
  out +=
      "<footer>Generated by stepwise. A self-contained page: inline styles and SVG, no "
      "scripts, fonts or network requests.</footer></main></body></html>\n";
  return out;
}

}  // namespace stepwise::eval

// report_plots.cpp: the report's plots, built from the summary with the charts of report_svg.cpp.
// Each plot appears only when at least one model has data for it; a model without data for a
// plot is named in its caption instead of silently missing.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "eval/report_html_internal.h"

namespace stepwise::eval::report {
namespace {

struct ModelRef {
  const json::Value* model;
  std::string label, color;
};

std::vector<ModelRef> model_refs(const json::Value& summary) {
  std::vector<ModelRef> refs;
  const auto& models = models_of(summary);
  for (std::size_t i = 0; i < models.size(); ++i) {
    refs.push_back({&models[i], model_label(models[i], i), model_color(i)});
  }
  return refs;
}

const json::Value* heldout(const ModelRef& m) { return field(field(m.model, "splits"), "heldout"); }

std::string figure(const std::string& title, const std::string& svg, const std::string& caption,
                   const std::vector<std::string>& missing) {
  if (svg.empty()) return "";
  std::string out = "<figure class=\"fig\"><h3>";
  append_escaped(out, title);
  out += "</h3>" + svg + "<figcaption>";
  append_escaped(out, caption);
  if (!missing.empty()) {
    out += " <span class=\"na\">No data for ";
    for (std::size_t i = 0; i < missing.size(); ++i) {
      append_escaped(out, (i ? ", " : "") + missing[i]);
    }
    out += ".</span>";
  }
  out += "</figcaption></figure>";
  return out;
}

// Keys ordered as numbers when they read as numbers ("2" < "10"), numbers first, then as text.
bool key_less(const std::string& a, const std::string& b) {
  char *ea = nullptr, *eb = nullptr;
  const double da = std::strtod(a.c_str(), &ea), db = std::strtod(b.c_str(), &eb);
  const bool na = !a.empty() && *ea == '\0', nb = !b.empty() && *eb == '\0';
  if (na != nb) return na;
  if (na && da != db) return da < db;
  return a < b;
}

// Union of the keys of one object per model (`get` picks it), first-appearance or sorted order.
template <typename Get>
std::vector<std::string> key_union(const std::vector<ModelRef>& models, Get get, bool sorted) {
  std::vector<std::string> keys;
  for (const auto& m : models) {
    for (const auto& [k, v] : members_of(get(m))) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  if (sorted) std::stable_sort(keys.begin(), keys.end(), key_less);
  return keys;
}

std::string loss_plot(const std::vector<ModelRef>& models) {
  LineChart c("Learning curves", "training step", "loss (log scale)");
  c.log_y = true;
  std::vector<std::string> missing;
  for (const auto& m : models) {
    Series train(m.label + " train", m.color), held(m.label + " held-out", m.color);
    held.markers = held.dashed = true;
    for (const auto& p : items_of(field(m.model, "curve"))) {
      const auto x = number_at(field(p, "step")), y = number_at(field(p, "loss"));
      if (x && y) train.points.emplace_back(*x, *y);
    }
    for (const auto& p : items_of(field(m.model, "evals"))) {
      const auto x = number_at(field(p, "step")), y = number_at(field(p, "held_out_loss"));
      if (x && y) held.points.emplace_back(*x, *y);
    }
    if (train.points.empty() && held.points.empty()) missing.push_back(m.label);
    if (!train.points.empty()) c.series.push_back(std::move(train));
    if (!held.points.empty()) c.series.push_back(std::move(held));
  }
  return figure(c.title, render_line_chart(c),
                "Training loss per logged step (solid) and held-out loss at each evaluation "
                "(dashed, dots).",
                missing);
}

std::string accuracy_curve_plot(const std::vector<ModelRef>& models) {
  LineChart c("Accuracy during training", "training step", "held-out accuracy");
  c.y_format = YFormat::kPercent;
  c.y_min = 0.0;
  c.y_max = 1.0;
  std::vector<std::string> missing;
  for (const auto& m : models) {
    Series s(m.label, m.color);
    s.markers = true;
    for (const auto& p : items_of(field(m.model, "evals"))) {
      const auto x = number_at(field(p, "step")), y = number_at(field(p, "accuracy"));
      if (x && y) s.points.emplace_back(*x, *y);
    }
    if (s.points.empty()) {
      missing.push_back(m.label);
    } else {
      c.series.push_back(std::move(s));
    }
  }
  return figure(c.title, render_line_chart(c),
                "Answer accuracy on held-out problems at each evaluation during training.",
                missing);
}

// Grouped bars of accuracy over the keys of one held-out breakdown ("by_difficulty", ...).
std::string breakdown_plot(const std::vector<ModelRef>& models, const char* key, bool sorted,
                           BarChart c, const std::string& caption) {
  const auto get = [key](const ModelRef& m) { return field(heldout(m), key); };
  c.categories = key_union(models, get, sorted);
  std::vector<std::string> missing;
  for (const auto& m : models) {
    BarSeries s(m.label, m.color);
    for (const auto& cat : c.categories) {
      const json::Value* cell = field(get(m), cat);
      s.values.push_back(number_at(field(cell, "accuracy")));
      const auto n = number_at(field(cell, "n"));
      s.notes.push_back(n ? "n=" + fixed(*n, 0) : "");
    }
    if (members_of(get(m)).empty()) missing.push_back(m.label);
    c.series.push_back(std::move(s));
  }
  return figure(c.title, render_bar_chart(c), caption, missing);
}

std::string first_error_plot(const std::vector<ModelRef>& models) {
  BarChart c("Where the first error falls", "index of the first wrong step (0 = first step)",
             "share of traces with an error");
  const auto get = [](const ModelRef& m) { return field(heldout(m), "first_error_hist"); };
  c.categories = key_union(models, get, true);
  std::vector<std::string> missing;
  for (const auto& m : models) {
    double total = 0;
    for (const auto& [k, v] : members_of(get(m))) total += number_at(&v).value_or(0);
    if (total <= 0) {
      missing.push_back(m.label);
      continue;
    }
    BarSeries s(m.label, m.color);
    for (const auto& cat : c.categories) {
      const auto n = number_at(field(get(m), cat));
      s.values.push_back(n ? std::optional<double>(*n / total) : std::nullopt);
      s.notes.push_back(n ? fixed(*n, 0) + " of " + fixed(total, 0) + " traces" : "");
    }
    c.series.push_back(std::move(s));
  }
  return figure(
      c.title, render_bar_chart(c),
      "Held-out traces with a wrong step, by the index of the earliest one, as a share of "
      "each model's traces with a wrong step.",
      missing);
}

std::string robustness_plot(const json::Value& summary, const std::vector<ModelRef>& models) {
  BarChart c("Robustness: accuracy change vs held-out", "split",
             "\xCE\x94 accuracy (percentage points)");
  c.y_format = YFormat::kPoints;
  std::vector<std::string> names;
  for (const auto& name : split_names(summary)) {
    if (name != "heldout") names.push_back(name);
  }
  for (const auto& name : names) c.categories.push_back(split_title(name));
  std::vector<std::string> missing;
  for (const auto& m : models) {
    BarSeries s(m.label, m.color);
    bool any = false;
    for (const auto& name : names) {
      const json::Value* split = field(field(m.model, "splits"), name);
      const auto d = split_delta(*m.model, split);
      any = any || d.has_value();
      s.values.push_back(d);
      s.errors.push_back(number_at(field(field(split, "sets"), "std")));
      const auto mean = split_mean(split);
      const auto sets = number_at(field(field(split, "sets"), "n_sets"));
      s.notes.push_back(mean ? "accuracy " + percent(mean) +
                                   (sets ? ", " + fixed(*sets, 0) + " sets" : std::string())
                             : "");
    }
    if (!any) missing.push_back(m.label);
    c.series.push_back(std::move(s));
  }
  return figure(c.title, render_bar_chart(c),
                "Accuracy on perturbed and out-of-distribution splits minus held-out accuracy; "
                "error bars are \xC2\xB1 one standard deviation across the perturbed sets.",
                missing);
}

}  // namespace

std::string render_plots(const json::Value& summary) {
  const auto models = model_refs(summary);
  if (models.empty()) return "";
  std::string figs;
  figs += loss_plot(models);
  figs += accuracy_curve_plot(models);
  figs += breakdown_plot(models, "by_difficulty", true,
                         BarChart("Accuracy by difficulty", "difficulty", "held-out accuracy"),
                         "Held-out answer accuracy per difficulty level.");
  figs += first_error_plot(models);
  figs += robustness_plot(summary, models);
  figs += breakdown_plot(models, "by_family", false,
                         BarChart("Accuracy by family", "problem family", "held-out accuracy"),
                         "Held-out answer accuracy per problem family.");
  std::string out = "<section id=\"plots\"><h2>Plots</h2>";
  if (figs.empty()) {
    out += "<p class=\"na\">This summary has no curves or breakdowns to plot.</p>";
  } else {
    out += "<div class=\"figs\">" + figs + "</div>";
  }
  out += "</section>";
  return out;
}

}  // namespace stepwise::eval::report

// report_examples.cpp: the worked examples of student traces that go wrong, and the caller's
// extra section (tables and notes).
#include <algorithm>
#include <string>
#include <vector>

#include "eval/report_html_internal.h"

namespace stepwise::eval::report {
namespace {

// Stored examples shown per model; the rest are counted in a note.
constexpr std::size_t kMaxExamplesPerModel = 6;

bool goes_wrong(const json::Value& ex) {
  const json::Value* correct = field(ex, "correct");
  if (correct != nullptr && correct->is_bool() && !correct->as_bool()) return true;
  if (number_at(field(ex, "first_error"))) return true;
  for (const auto& s : items_of(field(ex, "steps"))) {
    const json::Value* ok = field(s, "ok");
    if (ok != nullptr && ok->is_bool() && !ok->as_bool()) return true;
  }
  return false;
}

// The index of the first wrong step: "first_error" when it is a valid index, else the first step
// marked ok:false; -1 when none.
long first_wrong_step(const json::Value& ex) {
  const auto& steps = items_of(field(ex, "steps"));
  if (const auto fe = number_at(field(ex, "first_error"))) {
    if (*fe >= 0 && *fe < static_cast<double>(steps.size())) return static_cast<long>(*fe);
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json::Value* ok = field(steps[i], "ok");
    if (ok != nullptr && ok->is_bool() && !ok->as_bool()) return static_cast<long>(i);
  }
  return -1;
}

void append_meta(std::string& out, const json::Value& ex) {
  for (const char* key : {"split", "family", "difficulty", "id"}) {
    const std::string v = text_at(field(ex, key));
    if (v.empty()) continue;
    out += "<span class=\"meta\">";
    if (std::string_view(key) == "difficulty") out += "difficulty ";
    if (std::string_view(key) == "id") out += "id ";
    append_escaped(out, v);
    out += "</span>";
  }
  const json::Value* correct = field(ex, "correct");
  const bool right = correct != nullptr && correct->is_bool() && correct->as_bool();
  out += right ? "<span class=\"badge warn\">right answer, wrong process</span>"
               : "<span class=\"badge bad\">wrong answer</span>";
}

void append_step(std::string& out, const json::Value& step, std::size_t i, long first) {
  const json::Value* ok = field(step, "ok");
  const bool bad = ok != nullptr && ok->is_bool() && !ok->as_bool();
  const bool is_first = static_cast<long>(i) == first;
  const char* cls = is_first ? "step first" : bad ? "step bad" : ok != nullptr ? "step ok" : "step";
  appendf(out, "<li class=\"%s\"><span class=\"idx\">%zu</span><span class=\"txt\">", cls, i);
  append_escaped(out, step.is_string() ? step.str() : text_at(field(step, "text")));
  out += "</span><span class=\"finding\">";
  const std::string code = text_at(field(step, "code"));
  const std::string message = text_at(field(step, "message"));
  if (is_first) out += "<b>first error</b> ";
  if (!code.empty()) {
    out += "<code>";
    append_escaped(out, code);
    out += "</code> ";
  }
  append_escaped(out, message);
  if (!bad && !is_first && ok != nullptr) out += "<span class=\"tick\">\xE2\x9C\x93</span>";
  out += "</span></li>";
}

void append_example(std::string& out, const json::Value& ex, const std::string& label,
                    const char* color) {
  appendf(out, "<article class=\"ex\" style=\"border-left-color:%s\"><header>", color);
  appendf(out, "<span class=\"sw\" style=\"background:%s\"></span><b>", color);
  append_escaped(out, label);
  out += "</b>";
  append_meta(out, ex);
  out += "</header><p class=\"q\"><span class=\"k\">Question</span> ";
  append_escaped(out, text_at(field(ex, "question")));
  out += "</p>";
  const auto& steps = items_of(field(ex, "steps"));
  if (steps.empty()) {
    out += "<p class=\"na\">No steps: the completion is shown below.</p>";
  } else {
    const long first = first_wrong_step(ex);
    out += "<ol class=\"steps\">";
    for (std::size_t i = 0; i < steps.size(); ++i) append_step(out, steps[i], i, first);
    out += "</ol>";
  }
  out += "<p class=\"ans\"><span class=\"k\">Answer</span> ";
  const std::string answer = text_at(field(ex, "answer"));
  const json::Value* correct = field(ex, "correct");
  const bool right = correct != nullptr && correct->is_bool() && correct->as_bool();
  out += answer.empty() ? std::string("<span class=\"na\">none extracted</span>")
                        : (right ? "<b class=\"given right\">" : "<b class=\"given\">") +
                              escaped(answer) + "</b>";
  out += " <span class=\"k\">Gold</span> <b>";
  const std::string gold = text_at(field(ex, "gold"));
  out += gold.empty() ? kMissing : escaped(gold);
  out += "</b></p>";
  const std::string completion = text_at(field(ex, "completion"));
  if (!completion.empty()) {
    out +=
        steps.empty() ? "<pre class=\"raw\">" : "<details><summary>Raw completion</summary><pre>";
    append_escaped(out, completion);
    out += steps.empty() ? "</pre>" : "</pre></details>";
  }
  out += "</article>";
}

}  // namespace

std::string render_examples(const json::Value& summary) {
  const auto& models = models_of(summary);
  if (models.empty()) return "";
  std::string out =
      "<section id=\"examples\"><h2>Where the students go wrong</h2><p class=\"lead\">Stored "
      "examples whose answer is wrong or whose trace has a wrong step. The first wrong step is "
      "highlighted, with the verifier's finding beside it.</p>";
  for (std::size_t i = 0; i < models.size(); ++i) {
    const std::string label = model_label(models[i], i);
    std::vector<const json::Value*> wrong;
    for (const auto& ex : items_of(field(models[i], "examples"))) {
      if (ex.is_object() && goes_wrong(ex)) wrong.push_back(&ex);
    }
    appendf(out, "<h3><span class=\"sw\" style=\"background:%s\"></span>", model_color(i));
    append_escaped(out, label);
    out += "</h3>";
    if (wrong.empty()) {
      out += "<p class=\"na\">No wrong traces among the stored examples.</p>";
      continue;
    }
    const std::size_t shown = std::min(wrong.size(), kMaxExamplesPerModel);
    for (std::size_t k = 0; k < shown; ++k) append_example(out, *wrong[k], label, model_color(i));
    if (shown < wrong.size()) {
      appendf(out, "<p class=\"na\">%zu more wrong examples are stored in the summary.</p>",
              wrong.size() - shown);
    }
  }
  out += "</section>";
  return out;
}

// ---- Extra section -------------------------------------------------------------------------

namespace {

void append_cell(std::string& out, const json::Value* v) {
  if (v == nullptr || v->is_null()) {
    out += "<td class=\"na\">" + std::string(kMissing) + "</td>";
  } else if (v->is_bool()) {
    out += v->as_bool() ? "<td class=\"yes\">\xE2\x9C\x93 yes</td>"
                        : "<td class=\"no\">\xE2\x9C\x97 no</td>";
  } else if (v->is_number()) {
    out += "<td class=\"num\">" + escaped(v->str()) + "</td>";
  } else if (v->is_string()) {
    out += "<td>" + escaped(v->str()) + "</td>";
  } else {
    out += "<td><code>" + escaped(json::to_string(*v)) + "</code></td>";
  }
}

void append_extra_table(std::string& out, const json::Value& section) {
  const auto& rows = items_of(field(section, "rows"));
  std::vector<std::string> columns;
  for (const auto& c : items_of(field(section, "columns"))) columns.push_back(text_at(&c));
  if (columns.empty() && !rows.empty()) {
    for (const auto& [k, v] : members_of(&rows.front())) columns.push_back(k);
  }
  if (rows.empty()) return;
  out += "<div class=\"scroll\"><table class=\"extra\"><thead><tr>";
  for (const auto& c : columns) out += "<th>" + escaped(c) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    if (row.is_array()) {
      for (const auto& cell : row.items()) append_cell(out, &cell);
    } else if (row.is_object()) {
      for (const auto& c : columns) append_cell(out, row.find(c));
    } else {
      append_cell(out, &row);
    }
    out += "</tr>";
  }
  out += "</tbody></table></div>";
}

void append_extra_section(std::string& out, const json::Value& section, int depth) {
  if (!section.is_object() || depth > 4) return;
  std::string title = text_at(field(section, "table_title"));
  if (title.empty()) title = text_at(field(section, "title"));
  if (!title.empty())
    out += (depth == 0 ? "<h2>" : "<h3>") + escaped(title) + (depth == 0 ? "</h2>" : "</h3>");
  append_extra_table(out, section);
  const json::Value* notes = field(section, "notes");
  if (notes != nullptr && notes->is_string())
    out += "<p class=\"note\">" + escaped(notes->str()) + "</p>";
  for (const auto& n : items_of(notes)) out += "<p class=\"note\">" + escaped(text_at(&n)) + "</p>";
  for (const auto& s : items_of(field(section, "sections")))
    append_extra_section(out, s, depth + 1);
}

}  // namespace

std::string render_extra(const json::Value& extra) {
  if (!extra.is_object()) return "";
  std::string body;
  append_extra_section(body, extra, 0);
  if (body.empty()) return "";
  if (body.rfind("<h2>", 0) != 0) body = "<h2>More</h2>" + body;
  return "<section id=\"extra\">" + body + "</section>";
}

}  // namespace stepwise::eval::report

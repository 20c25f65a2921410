#include "curate/export.h"

#include "base/check.h"

namespace stepwise::curate {
namespace {

json::Value message(const char* role, std::string content) {
  auto m = json::Value::object();
  m.set("role", json::Value::string(role));
  m.set("content", json::Value::string(std::move(content)));
  return m;
}

bool ends_with_answer(std::string_view step, std::string_view answer) {
  size_t p = step.rfind("####");
  if (p == std::string_view::npos) return false;
  std::string_view rest = step.substr(p + 4);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\n')) rest.remove_suffix(1);
  return rest == answer;
}

}  // namespace

const char* format_name(Format f) {
  switch (f) {
    case Format::kTrace:
      return "trace";
    case Format::kMessages:
      return "messages";
    case Format::kPrompt:
      return "prompt";
    case Format::kText:
      return "text";
  }
  return "trace";
}

std::optional<Format> parse_format(std::string_view s) {
  for (Format f : {Format::kTrace, Format::kMessages, Format::kPrompt, Format::kText})
    if (s == format_name(f)) return f;
  return std::nullopt;
}

std::string strip_annotations(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t b = text.find("<<", i);
    size_t e = b == std::string_view::npos ? b : text.find(">>", b + 2);
    if (e == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, b - i));
    i = e + 2;
  }
  return out;
}

std::string completion_text(const trace::Trace& t, const ExportOptions& opts) {
  std::string out;
  for (const auto& st : t.steps) {
    if (!out.empty()) out += '\n';
    out += opts.strip_annotations ? strip_annotations(st.text) : st.text;
  }
  const std::string answer = t.answer.value_or("");
  if (t.steps.empty() || !ends_with_answer(t.steps.back().text, answer)) {
    if (!out.empty()) out += '\n';
    out += "#### " + answer;
  }
  return out;
}

json::Value export_json(const trace::Trace& t, const ExportOptions& opts) {
  auto out = json::Value::object();
  if (opts.format == Format::kMessages) {
    auto msgs = json::Value::array();
    if (!opts.system.empty()) msgs.push(message("system", opts.system));
    msgs.push(message("user", t.question));
    msgs.push(message("assistant", completion_text(t, opts)));
    out.set("messages", std::move(msgs));
  } else {
    SW_CHECK(opts.format == Format::kPrompt);
    out.set("prompt", json::Value::string(t.question));
    out.set("completion", json::Value::string(completion_text(t, opts)));
  }
  return out;
}

void append_text(std::string& out, const trace::Trace& t, const ExportOptions& opts) {
  out += t.question;
  out += '\n';
  out += completion_text(t, opts);
  out += "\n\n";
}

}  // namespace stepwise::curate

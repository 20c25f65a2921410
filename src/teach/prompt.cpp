#include "teach/prompt.h"

#include <sys/stat.h>

#include "base/atomic_file.h"
#include "teach/templates_builtin.h"

namespace stepwise::teach {

namespace {

struct TemplateFile {
  const char* file;
  std::string Templates::*member;
  std::vector<std::string> allowed;
};

const std::vector<TemplateFile>& template_files() {
  static const std::vector<TemplateFile> files = {
      {"system.txt", &Templates::system, {"task"}},
      {"user.txt", &Templates::user, {"question", "hint", "task"}},
      {"solution.txt", &Templates::solution, {"steps", "answer"}},
      {"fewshot.txt", &Templates::fewshot, {"user", "solution"}},
      {"hint.txt", &Templates::hint, {"gold"}},
      {"completion.txt", &Templates::completion, {"system", "examples", "user"}},
  };
  return files;
}

std::string location(const std::string& name, std::string_view text, size_t pos) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return name + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
}

std::string trim_end(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

Status check_template(std::string_view text, const std::vector<std::string>& allowed,
                      const std::string& name) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      ++i;
      continue;
    }
    if (c == '}') return Error{location(name, text, i) + "unbalanced '}' (write }} for a brace)"};
    if (c != '{') continue;
    size_t end = text.find_first_of("{}\n", i + 1);
    if (end == std::string_view::npos || text[end] != '}') {
      return Error{location(name, text, i) + "unclosed '{' (write {{ for a brace)"};
    }
    std::string_view key = text.substr(i + 1, end - i - 1);
    bool known = false;
    for (const std::string& a : allowed) known = known || key == a;
    if (!known) {
      std::string list;
      for (const std::string& a : allowed) list += " {" + a + "}";
      return Error{location(name, text, i) + "unknown placeholder {" + std::string(key) +
                   "}; known:" + list};
    }
    i = end;
  }
  return Status::Ok();
}

std::string render(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out.push_back(c);
      ++i;
      continue;
    }
    size_t end = c == '{' ? text.find('}', i + 1) : std::string_view::npos;
    if (end == std::string_view::npos) {
      out.push_back(c);
      continue;
    }
    auto it = values.find(std::string(text.substr(i + 1, end - i - 1)));
    if (it != values.end()) out += it->second;
    i = end;
  }
  return out;
}

const Templates& builtin_templates() {
  static const Templates t = [] {
    Templates out;
    out.system = kBuiltinSystem;
    out.user = kBuiltinUser;
    out.solution = kBuiltinSolution;
    out.fewshot = kBuiltinFewshot;
    out.hint = kBuiltinHint;
    out.completion = kBuiltinCompletion;
    return out;
  }();
  return t;
}

Result<Templates> load_templates(const std::string& dir) {
  Templates t = builtin_templates();
  if (!dir.empty()) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return Error{dir + ": not a readable directory of templates"};
    }
  }
  for (const TemplateFile& f : template_files()) {
    std::string name = std::string("templates/") + f.file;
    if (!dir.empty()) {
      std::string path = dir + "/" + f.file;
      struct stat st {};
      if (::stat(path.c_str(), &st) == 0) {
        auto text = read_file(path);
        if (!text) return text.error();
        t.*f.member = std::move(*text);
        name = path;
      }
    }
    if (auto s = check_template(t.*f.member, f.allowed, name); !s) return s.error();
  }
  return t;
}

std::string number_steps(const std::vector<std::string>& steps) {
  std::string out;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (i) out.push_back('\n');
    out += std::to_string(i + 1) + ". " + steps[i];
  }
  return out;
}

Prompt build_prompt(const Templates& t, Api api, const PromptInput& in) {
  auto user_text = [&](const std::string& question, const std::string& hint) {
    return trim_end(render(t.user, {{"question", question}, {"hint", hint}, {"task", in.task}}));
  };
  auto solution_text = [&](const Example& e) {
    return trim_end(render(t.solution, {{"steps", number_steps(e.steps)}, {"answer", e.answer}}));
  };
  std::string hint = in.hint_gold ? trim_end(render(t.hint, {{"gold", *in.hint_gold}})) : "";
  std::string system = trim_end(render(t.system, {{"task", in.task}}));
  Prompt p;
  if (api == Api::kChat) {
    if (!system.empty()) p.messages.push_back({"system", system});
    for (const Example& e : in.examples) {
      p.messages.push_back({"user", user_text(e.question, "")});
      p.messages.push_back({"assistant", solution_text(e)});
    }
    p.messages.push_back({"user", user_text(in.question, hint)});
    return p;
  }
  std::string examples;
  for (const Example& e : in.examples) {
    examples +=
        render(t.fewshot, {{"user", user_text(e.question, "")}, {"solution", solution_text(e)}});
  }
  p.text =
      render(t.completion,
             {{"system", system}, {"examples", examples}, {"user", user_text(in.question, hint)}});
  return p;
}

}  // namespace stepwise::teach

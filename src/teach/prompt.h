// prompt.h: prompt templates (editable files with {placeholders}) and prompt assembly.
//
// The defaults live in templates/*.txt in the source tree (installed to
// share/stepwise/templates) and are compiled into the binary, so `stepwise teach` works from
// anywhere; `--templates DIR` replaces any of them with the user's own. templates/README.md
// lists the files and their placeholders. A template is checked when it is loaded: an unknown
// placeholder or an unbalanced brace is an error naming file:line:col, so rendering never fails.
// Thread-safe after loading (plain data and pure functions).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "teach/openai.h"

namespace stepwise::teach {

struct Templates {
  std::string system;      // {task}
  std::string user;        // {question} {hint} {task}
  std::string solution;    // {steps} {answer}
  std::string fewshot;     // {user} {solution}
  std::string hint;        // {gold}
  std::string completion;  // {system} {examples} {user}
};

// The defaults compiled from templates/*.txt.
const Templates& builtin_templates();

// The defaults, with each file present in `dir` (system.txt, user.txt, ...) replacing its
// default. "" gives the defaults. Error: `dir` is not a readable directory, a file cannot be
// read, or a template is malformed ("DIR/user.txt:2:8: unknown placeholder {questio}; known:
// {question} {hint} {task}").
Result<Templates> load_templates(const std::string& dir);

// Checks a template against its allowed placeholders; `name` prefixes the error location.
Status check_template(std::string_view text, const std::vector<std::string>& allowed,
                      const std::string& name);

// Replaces {name} by values[name] (absent names render empty) and {{ / }} by braces. The
// template must have passed check_template.
std::string render(std::string_view text, const std::map<std::string, std::string>& values);

// A worked example shown to the teacher before the question (few-shot).
struct Example {
  std::string question;
  std::vector<std::string> steps;  // step texts, annotations included, without numbering
  std::string answer;
};

// What one prompt is made of.
struct PromptInput {
  std::string question;
  std::string task;
  std::optional<std::string> hint_gold;  // set in rationalize mode: the gold answer to hint
  std::vector<Example> examples;
};

// Assembles the chat messages (system, then a user/assistant pair per example, then the user
// question) or, for the completions API, the single text of completion.txt.
Prompt build_prompt(const Templates& t, Api api, const PromptInput& in);

// "1. first\n2. second": steps numbered for {steps}.
std::string number_steps(const std::vector<std::string>& steps);

}  // namespace stepwise::teach

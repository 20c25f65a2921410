// trace_flags.h: the input flags that `convert`, `stats` and `show` share (layout, field map,
// task, source, line limit), bound straight onto trace::ImportOptions and trace::ReadOptions.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "trace/import.h"
#include "trace/jsonl.h"

namespace stepwise::cli {

inline void add_import_flags(CLI::App& app, trace::ImportOptions& imp, trace::ReadOptions& read) {
  app.add_option_function<std::string>(
         "--from", [&imp](const std::string& name) { imp.layout = *trace::parse_layout(name); },
         "Input layout: auto (detect it from the first record), trace, gsm8k, math, steps, "
         "fields")
      ->check(CLI::IsMember({"auto", "trace", "gsm8k", "math", "steps", "fields"}))
      ->type_name("LAYOUT")
      ->default_str("auto");
  app.add_option("--question-field", imp.fields.question,
                 "Input field holding the question (dotted paths reach into objects: meta.q)");
  app.add_option("--steps-field", imp.fields.steps,
                 "Input field holding the steps: a list, or one solution text split into lines");
  app.add_option("--answer-field", imp.fields.answer, "Input field holding the final answer");
  app.add_option("--gold-field", imp.fields.gold, "Input field holding the gold answer");
  app.add_option("--id-field", imp.fields.id, "Input field holding the record id");
  app.add_option("--task-field", imp.fields.task, "Input field holding the task name");
  app.add_option("--task", imp.task, "Set the task of every record to NAME");
  app.add_option("--source-kind", imp.source_kind, "source.kind of imported records that have none")
      ->capture_default_str();
  app.add_option("--source-name", imp.source_name,
                 "source.name of imported records that have none (default: the layout name)");
  app.add_option("--max-line-bytes", read.max_line_bytes,
                 "Lines longer than this are reported (too_long) and skipped")
      ->capture_default_str();
}

}  // namespace stepwise::cli

// `stepwise export CKPT --format safetensors -o DIR`: a student for other tools (src/train).
#include <memory>

#include "base/summary.h"
#include "cli/verb.h"
#include "train/train.h"

namespace stepwise::cli {
namespace {

struct Flags {
  std::string checkpoint, out;
  train::ExportOptions opts;
  CommonFlags common;
};

int run(const Flags& f) {
  if (auto st = train::export_checkpoint(f.checkpoint, f.out, f.opts); !st)
    return fail("export", st.error().message);
  Summary s("export");
  s.set("checkpoint", json::Value::string(f.checkpoint));
  s.set("out", json::Value::string(f.out));
  s.set("format", json::Value::string(f.opts.format));
  s.line("exported " + f.checkpoint + " to " + f.out +
         " (model.safetensors, config.json, tokenizer.json" +
         (f.opts.probe.empty() ? "" : ", reference_logits.json") + ")");
  if (auto st = s.emit(f.common.summary, f.common.quiet); !st)
    return fail("export", st.error().message);
  return 0;
}

VerbRegistration reg(
    "export", "Export a trained student (safetensors + Hugging Face GPT-2 config)",
    [](CLI::App& app) -> VerbRunner {
      auto f = std::make_shared<Flags>();
      app.add_option("checkpoint", f->checkpoint, "A checkpoint written by `stepwise train`")
          ->required();
      app.add_option("-o,--out", f->out, "Output directory")->required();
      app.add_option("--format", f->opts.format, "safetensors")->capture_default_str();
      app.add_option("--probe", f->opts.probe,
                     "Also write our logits for this question (reference_logits.json)");
      add_common_flags(app, f->common);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace stepwise::cli

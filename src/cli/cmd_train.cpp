// `stepwise train --data FILE --out DIR`: trains a student on traces (src/train).
#include <memory>

#include "base/diagnostics.h"
#include "base/summary.h"
#include "cli/verb.h"
#include "train/train.h"

namespace stepwise::cli {
namespace {

struct Flags {
  train::TrainOptions opts;
  std::string mode = "trace", tokenizer = "char", digits = "plain", config, eval_file;
  int64_t d = 0, layers = 0, heads = 0, ctx = 0;
  double dropout = -1;
  bool no_shuffle = false, no_pack = false, tie = false, curriculum = false;
  CommonFlags common;
};

std::string fmt_num(double v, int prec) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  return buf;
}

// Flags over the config file over the defaults.
Status resolve(Flags& f) {
  auto mode = train::parse_mode(f.mode);
  if (!mode) return mode.error();
  f.opts.mode = *mode;
  if (f.tokenizer == "char") {
    f.opts.tokenizer = train::TokenizerKind::kChar;
  } else if (f.tokenizer == "spm" || f.tokenizer == "sentencepiece") {
    f.opts.tokenizer = train::TokenizerKind::kSentencePiece;
  } else {
    return Error{"--tokenizer: expected char or spm, got \"" + f.tokenizer + "\""};
  }
  auto place = parse_digits_flag(f.digits);
  if (!place) return place.error();
  f.opts.place_digits = *place;
  if (!f.config.empty()) {
    auto c = train::load_model_config(f.config, f.opts.model);
    if (!c) return c.error();
    f.opts.model = *c;
  }
  if (f.d) f.opts.model.d_model = f.d;
  if (f.layers) f.opts.model.n_layer = f.layers;
  if (f.heads) f.opts.model.n_head = f.heads;
  if (f.ctx) f.opts.model.ctx = f.ctx;
  if (f.dropout >= 0) f.opts.model.dropout = f.dropout;
  if (f.tie) f.opts.model.tie_embeddings = true;
  f.opts.shuffle = !f.no_shuffle && !f.curriculum;
  f.opts.curriculum_once = f.curriculum;
  f.opts.pack = !f.no_pack;
  f.opts.progress = !f.common.quiet;
  f.opts.strict = f.common.strict;
  return {};
}

int run(Flags& f) {
  if (auto st = resolve(f); !st) return fail("train", st.error().message);
  Diagnostics diag(f.common.strict);
  train::EvalHook hook;
  if (!f.eval_file.empty()) {
    auto h = train::answer_match_hook(f.eval_file, diag);
    if (!h) return fail("train", h.error().message);
    hook = *h;
  }
  auto rep = train::train(f.opts, diag, hook);
  diag.print_tail();
  if (!rep) return fail("train", rep.error().message);
  if (rep->rank != 0) return 0;  // the lead process reports for the group
  Summary s("train");
  json::Value figures = rep->to_json();
  for (auto& [k, v] : figures.members()) s.set(k, v);
  s.set("mode", json::Value::string(train::mode_name(f.opts.mode)));
  s.set("bad_records", json::Value::number(static_cast<int64_t>(diag.count())));
  s.line("trained " + std::to_string(rep->params) + " parameters (" +
         train::mode_name(f.opts.mode) + ") for " + std::to_string(rep->steps) + " steps on " +
         std::to_string(rep->examples) + " sequences" +
         (rep->world_size > 1 ? " over " + std::to_string(rep->world_size) + " processes" : ""));
  s.line("final loss " + fmt_num(rep->final_loss, 4) + ", " + std::to_string(rep->tokens_trained) +
         " tokens trained of " + std::to_string(rep->tokens_seen) + " seen, " +
         fmt_num(rep->tokens_per_s, 0) + " tokens/s, " + fmt_num(rep->seconds, 1) + " s");
  if (rep->skipped || rep->truncated)
    s.line(std::to_string(rep->skipped) + " records skipped, " + std::to_string(rep->truncated) +
           " sequences cut to the context");
  for (const auto& e : rep->evals.items()) s.line("eval " + json::to_string(e));
  s.line("checkpoint: " + rep->checkpoint);
  if (auto st = s.emit(f.common.summary, f.common.quiet); !st)
    return fail("train", st.error().message);
  return 0;
}

VerbRegistration reg(
    "train", "Train a student (trace, answer-only or multitask) on a trace file",
    [](CLI::App& app) -> VerbRunner {
      auto f = std::make_shared<Flags>();
      auto& o = f->opts;
      app.add_option("--data", o.data, "Training traces (JSONL; .gz read as gzip)")->required();
      app.add_option("--out", o.out, "Run directory (checkpoint.safetensors, log.jsonl)")
          ->required();
      app.add_option("--mode", f->mode, "trace | answer | multitask")->capture_default_str();
      app.add_option("--config", f->config,
                     "Model config (TOML: d_model, n_layer, n_head, ctx, dropout, tie_embeddings)");
      app.add_option("--d", f->d, "d_model");
      app.add_option("--layers", f->layers, "Transformer blocks");
      app.add_option("--heads", f->heads, "Attention heads");
      app.add_option("--ctx", f->ctx, "Context length (row length of the packed batch)");
      app.add_option("--dropout", f->dropout, "Dropout probability");
      app.add_flag("--tie-embeddings", f->tie, "Output layer = token embedding (GPT-2 tying)");
      app.add_option("--tokenizer", f->tokenizer, "char | spm (sentencepiece BPE)")
          ->capture_default_str();
      app.add_option("--spm-vocab", o.spm_vocab, "sentencepiece vocabulary size")
          ->capture_default_str();
      app.add_option("--digits", f->digits,
                     "plain | place (one token per digit and place value: ones, tens, ...)")
          ->capture_default_str();
      app.add_option("--steps", o.steps, "Optimizer steps")->capture_default_str();
      app.add_option("--batch", o.batch, "Rows per step (all processes together)")
          ->capture_default_str();
      app.add_option("--lr", o.lr, "Peak learning rate")->capture_default_str();
      app.add_option("--warmup", o.warmup, "Warm-up steps")->capture_default_str();
      app.add_option("--weight-decay", o.weight_decay, "AdamW weight decay")->capture_default_str();
      app.add_option("--clip", o.grad_clip, "Gradient-norm clip (0 = off)")->capture_default_str();
      app.add_option("--seed", o.seed, "Seed of initialisation, data order and dropout")
          ->capture_default_str();
      app.add_flag("--no-shuffle", f->no_shuffle, "Keep the file's order (curriculum)");
      app.add_flag("--curriculum", f->curriculum,
                   "The file's order (a curriculum) for the first epoch, shuffled epochs after");
      app.add_flag("--no-pack", f->no_pack, "One trace per row");
      app.add_flag("--keep-annotations", o.keep_annotations, "Keep <<expr=value>> in steps");
      app.add_flag("--resume", o.resume, "Continue from DIR/checkpoint.safetensors");
      app.add_option("--checkpoint-every", o.checkpoint_every, "Steps between checkpoints")
          ->capture_default_str();
      app.add_option("--stop-after", o.stop_after, "End this invocation after N steps (saved)");
      app.add_option("--device", o.device, "cpu | cuda | cuda:N")->capture_default_str();
      app.add_option("--threads", o.threads, "Compute threads of this process")
          ->capture_default_str();
      app.add_option("--log-every", o.log_every, "Steps between logged losses")
          ->capture_default_str();
      app.add_option("--eval-file", f->eval_file, "Held-out traces scored during training");
      app.add_option("--eval-every", o.eval_every, "Steps between evaluations")
          ->capture_default_str();
      add_common_flags(app, f->common);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace stepwise::cli

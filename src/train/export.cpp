// export.cpp: a trained student as Hugging Face GPT-2 files (safetensors + config.json), and
// the matmul ceiling the benchmark compares against.
#include <chrono>
#include <filesystem>

#include "base/atomic_file.h"
#include "train/safetensors.h"
#include "train/train_internal.h"

namespace stepwise::train {
namespace {

// GPT-2's Conv1D stores its weight as (in,out): the transpose of torch's Linear.
bool is_conv1d(const std::string& name) {
  return name.ends_with(".weight") &&
         (name.find(".c_attn.") != std::string::npos ||
          name.find(".c_proj.") != std::string::npos || name.find(".c_fc.") != std::string::npos);
}

TensorBlob f32_blob(const std::string& name, const at::Tensor& t) {
  at::Tensor c = t.detach().to(at::kCPU, at::kFloat).contiguous();
  TensorBlob b{name, "F32", c.sizes().vec(), std::string()};
  b.data.assign(static_cast<const char*>(c.data_ptr()), static_cast<size_t>(c.numel()) * 4);
  return b;
}

json::Value hf_config(const ModelConfig& c) {
  json::Value v = json::Value::object();
  json::Value arch = json::Value::array();
  arch.push(json::Value::string("GPT2LMHeadModel"));
  v.set("architectures", std::move(arch));
  v.set("model_type", json::Value::string("gpt2"));
  v.set("vocab_size", json::Value::number(c.vocab));
  v.set("n_positions", json::Value::number(c.ctx));
  v.set("n_ctx", json::Value::number(c.ctx));
  v.set("n_embd", json::Value::number(c.d_model));
  v.set("n_layer", json::Value::number(c.n_layer));
  v.set("n_head", json::Value::number(c.n_head));
  v.set("n_inner", json::Value());
  v.set("activation_function", json::Value::string("gelu_new"));
  v.set("layer_norm_epsilon", json::Value::number(1e-5));
  v.set("initializer_range", json::Value::number(0.02));
  for (const char* k : {"resid_pdrop", "embd_pdrop", "attn_pdrop"})
    v.set(k, json::Value::number(0.0));
  v.set("bos_token_id", json::Value::number(int64_t{Tokenizer::kBos}));
  v.set("eos_token_id", json::Value::number(int64_t{Tokenizer::kEos}));
  v.set("pad_token_id", json::Value::number(int64_t{Tokenizer::kPad}));
  v.set("tie_word_embeddings", json::Value::boolean(c.tie_embeddings));
  v.set("torch_dtype", json::Value::string("float32"));
  return v;
}

json::Value tokenizer_file(const Tokenizer& tok, Mode mode) {
  json::Value v = tok.to_json();
  json::Value pieces = json::Value::array();
  for (const auto& p : tok.pieces()) pieces.push(json::Value::string(p));
  v.set("pieces", std::move(pieces));
  v.set("mode", json::Value::string(mode_name(mode)));
  v.set("prompt", json::Value::string(mode == Mode::kMultitask ? "<bos>[answer]{question}\\n"
                                                               : "<bos>{question}\\n"));
  v.set("answer_prefix", json::Value::string("#### "));
  return v;
}

// reference_logits.json: the prompt's ids and our model's logits at every position.
json::Value probe_logits(GPT& model, const Tokenizer& tok, Mode mode, const std::string& q) {
  torch::NoGradGuard no_grad;
  auto ids = prompt_tokens(tok, mode, Task::kAnswer, q);
  auto T = std::min<int64_t>(static_cast<int64_t>(ids.size()), model->cfg.ctx);
  std::vector<int64_t> in(ids.begin(), ids.begin() + T);
  at::Tensor idx = at::from_blob(in.data(), {1, T}, at::kLong).clone();
  AttnMask mask;
  mask.spans = at::tensor({0, 0, static_cast<int32_t>(T)}, at::kInt).view({1, 3});
  mask.B = 1;
  mask.T = T;
  at::Tensor logits = model->logits(model->hidden(idx, at::arange(T).view({1, T}), mask, {}));
  json::Value v = json::Value::object();
  v.set("question", json::Value::string(q));
  json::Value jids = json::Value::array();
  for (int64_t i : in) jids.push(json::Value::number(i));
  v.set("input_ids", std::move(jids));
  json::Value rows = json::Value::array();
  auto a = logits.accessor<float, 2>();
  for (int64_t t = 0; t < T; ++t) {
    json::Value row = json::Value::array();
    for (int64_t j = 0; j < a.size(1); ++j) row.push(json::Value::number(double(a[t][j])));
    rows.push(std::move(row));
  }
  v.set("logits", std::move(rows));
  return v;
}

}  // namespace

Status export_checkpoint(const std::string& checkpoint, const std::string& out_dir,
                         const ExportOptions& opts) {
  if (opts.format != "safetensors")
    return Error{"unknown export format \"" + opts.format + "\" (expected safetensors)"};
  try {
    auto ck = load_checkpoint(checkpoint);
    if (!ck) return ck.error();
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) return Error{out_dir + ": cannot create directory: " + ec.message()};
    std::vector<TensorBlob> blobs;
    for (const auto& [name, t] : ck->params)
      blobs.push_back(f32_blob(name, is_conv1d(name) ? t.t() : t));
    auto st = write_safetensors(out_dir + "/model.safetensors", blobs, {{"format", "pt"}});
    if (!st) return st;
    std::string cfg;
    json::append_pretty(cfg, hf_config(ck->cfg));
    if (st = write_file_atomic(out_dir + "/config.json", cfg + "\n"); !st) return st;
    std::string tokj;
    json::append_pretty(tokj, tokenizer_file(*ck->tokenizer, ck->mode));
    if (st = write_file_atomic(out_dir + "/tokenizer.json", tokj + "\n"); !st) return st;
    if (!ck->tokenizer->spm_model().empty())
      if (st = write_file_atomic(out_dir + "/tokenizer.model", ck->tokenizer->spm_model()); !st)
        return st;
    if (!opts.probe.empty()) {
      GPT model(ck->cfg);
      if (auto s = load_params(model, *ck); !s) return s;
      model->eval();
      std::string probe =
          json::to_string(probe_logits(model, *ck->tokenizer, ck->mode, opts.probe));
      if (st = write_file_atomic(out_dir + "/reference_logits.json", probe + "\n"); !st) return st;
    }
    return {};
  } catch (const c10::Error& e) {
    return Error{std::string("libtorch: ") + e.what_without_backtrace()};
  }
}

MatmulCeiling measure_matmul_ceiling(const ModelConfig& c, int64_t tokens, int threads,
                                     double seconds_per_shape) {
  set_threads(threads);
  torch::NoGradGuard no_grad;
  struct Shape {
    int64_t in, out, count;
  };
  int64_t C = c.d_model, L = c.n_layer;
  std::vector<Shape> shapes = {{C, 3 * C, L},
                               {C, C, L},
                               {C, 4 * C, L},
                               {4 * C, C, L},
                               {C, std::max<int64_t>(c.vocab, 1), 1}};
  auto time_it = [&](const std::function<void()>& fn) {
    return seconds_per_call(fn, seconds_per_shape);
  };
  double flops = 0, t_aten = 0, t_dnnl = 0;
  for (const auto& s : shapes) {
    at::Tensor x = at::randn({tokens, s.in}), w = at::randn({s.out, s.in}),
               dy = at::randn({tokens, s.out});
    at::Tensor y = at::empty({tokens, s.out}), dx = at::empty({tokens, s.in}),
               dw = at::empty({s.out, s.in});
    double f = 3.0 * 2.0 * double(tokens) * double(s.in) * double(s.out) * double(s.count);
    flops += f;
    t_aten += double(s.count) * time_it([&] {
                at::mm_out(y, x, w.t());
                at::mm_out(dx, dy, w);
                at::mm_out(dw, dy.t(), x);
              });
    if (have_dnnl())
      t_dnnl += double(s.count) * time_it([&] {
                  sgemm('N', 'T', tokens, s.out, s.in, 1, x.data_ptr<float>(), s.in,
                        w.data_ptr<float>(), s.in, 0, y.data_ptr<float>(), s.out);
                  sgemm('N', 'N', tokens, s.in, s.out, 1, dy.data_ptr<float>(), s.out,
                        w.data_ptr<float>(), s.in, 0, dx.data_ptr<float>(), s.in);
                  sgemm('T', 'N', s.out, s.in, tokens, 1, dy.data_ptr<float>(), s.out,
                        x.data_ptr<float>(), s.in, 0, dw.data_ptr<float>(), s.in);
                });
  }
  MatmulCeiling m;
  m.aten_gflops = flops / t_aten / 1e9;
  m.dnnl_gflops = t_dnnl > 0 ? flops / t_dnnl / 1e9 : 0;
  return m;
}

}  // namespace stepwise::train

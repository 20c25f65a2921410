// loop.cpp: the training loop (batch -> forward -> loss -> backward -> all-reduce -> clip ->
// AdamW -> log -> eval -> checkpoint), the flat-buffer optimizer and the data set-up.
#include <ATen/autocast_mode.h>
#include <malloc.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <mutex>

#include "base/atomic_file.h"
#include "base/check.h"
#include "base/progress.h"
#include "trace/jsonl.h"
#include "train/train_internal.h"

namespace stepwise::train {

FlatParams FlatParams::build(GPT& model) {
  FlatParams fp;
  std::vector<std::pair<std::string, at::Tensor>> decay, rest;
  for (auto& item : model->named_parameters()) {
    const std::string& name = item.key();
    at::Tensor& p = item.value();
    bool is_table = name.starts_with("wte.") || name.starts_with("wpe.");
    (p.dim() >= 2 && !is_table ? decay : rest).emplace_back(name, p);
  }
  for (auto* group : {&decay, &rest})
    for (auto& [name, p] : *group) {
      fp.names.push_back(name);
      fp.params.push_back(p);
      fp.n += p.numel();
      if (group == &decay) fp.n_decay += p.numel();
    }
  auto opts = fp.params.front().options();
  fp.flat = at::empty({fp.n}, opts);
  fp.grad = at::zeros({fp.n + 1}, opts);
  int64_t off = 0;
  torch::NoGradGuard no_grad;
  for (auto& p : fp.params) {
    at::Tensor view = fp.flat.narrow(0, off, p.numel()).view(p.sizes());
    view.copy_(p.detach());
    p.set_data(view);
    p.mutable_grad() = fp.grad.narrow(0, off, p.numel()).view(p.sizes());
    off += p.numel();
  }
  return fp;
}

void AdamW::init(const FlatParams& p) {
  m = at::zeros_like(p.flat);
  v = at::zeros_like(p.flat);
  step = 0;
}

void AdamW::update(FlatParams& p, double lr, const TrainOptions& o) {
  torch::NoGradGuard no_grad;
  ++step;
  at::Tensor g = p.grad.narrow(0, 0, p.n);
  if (o.weight_decay > 0) p.flat.narrow(0, 0, p.n_decay).mul_(1.0 - lr * o.weight_decay);
  m.lerp_(g, 1.0 - o.beta1);
  v.mul_(o.beta2).addcmul_(g, g, 1.0 - o.beta2);
  double bc1 = 1.0 - std::pow(o.beta1, static_cast<double>(step));
  double bc2 = 1.0 - std::pow(o.beta2, static_cast<double>(step));
  at::Tensor denom = (v.sqrt() / std::sqrt(bc2)).add_(o.eps);
  p.flat.addcdiv_(m, denom, -lr / bc1);
}

namespace {

// Keeps freed activation buffers in the heap. Every step allocates and frees the same large
// tensors (up to tens of MB); with glibc's defaults those go back to the kernel and come back as
// fresh zeroed pages, and the page faults cost 10-15% of a step on one core (bench_train, d128).
// Process-wide and once: training processes want their heap kept.
void keep_heap_for_training() {
  static std::once_flag once;
  std::call_once(once, [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest allowed value
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
  });
}

double lr_at(const TrainOptions& o, int64_t it) {
  if (it < o.warmup) return o.lr * static_cast<double>(it + 1) / static_cast<double>(o.warmup);
  double span = static_cast<double>(std::max<int64_t>(1, o.steps - o.warmup));
  double frac = std::min(1.0, static_cast<double>(it - o.warmup) / span);
  return o.lr * (o.min_lr_ratio + (1.0 - o.min_lr_ratio) * 0.5 * (1.0 + std::cos(M_PI * frac)));
}

Status check_options(const TrainOptions& o) {
  const ModelConfig& c = o.model;
  if (o.out.empty()) return Error{"an output directory is required (--out)"};
  if (o.steps <= 0 || o.batch <= 0) return Error{"steps and batch must be positive"};
  if (c.d_model <= 0 || c.n_layer <= 0 || c.n_head <= 0 || c.ctx < 2)
    return Error{"model sizes must be positive (ctx >= 2)"};
  if (c.d_model % c.n_head != 0)
    return Error{"d_model (" + std::to_string(c.d_model) + ") must be a multiple of n_head (" +
                 std::to_string(c.n_head) + ")"};
  if (o.lr <= 0 || o.warmup < 0 || o.threads <= 0) return Error{"lr, warmup, threads out of range"};
  return {};
}

Result<at::Device> pick_device(const std::string& name) {
  at::Device dev(at::kCPU);
  try {
    dev = at::Device(name);
  } catch (const c10::Error&) {
    return Error{"unknown device \"" + name + "\" (expected cpu, cuda or cuda:N)"};
  }
  if (dev.is_cuda() && !torch::cuda::is_available())
    return Error{"device \"" + name +
                 "\" asked for, but CUDA is not available (this libtorch was built without "
                 "CUDA, or no GPU is visible)"};
  if (!dev.is_cpu() && !dev.is_cuda()) return Error{"unsupported device \"" + name + "\""};
  return dev;
}

// The run's options as JSON, stored in checkpoints (a resume must match the data-shaping ones).
json::Value options_json(const TrainOptions& o) {
  json::Value v = json::Value::object();
  v.set("mode", json::Value::string(mode_name(o.mode)));
  v.set("seed", json::Value::number(static_cast<int64_t>(o.seed)));
  v.set("batch", json::Value::number(o.batch));
  v.set("steps", json::Value::number(o.steps));
  v.set("lr", json::Value::number(o.lr));
  v.set("warmup", json::Value::number(o.warmup));
  v.set("shuffle", json::Value::boolean(o.shuffle));
  v.set("curriculum_once", json::Value::boolean(o.curriculum_once));
  v.set("pack", json::Value::boolean(o.pack));
  v.set("weight_decay", json::Value::number(o.weight_decay));
  v.set("grad_clip", json::Value::number(o.grad_clip));
  return v;
}

Status check_resume(const json::Value& saved, const json::Value& now) {
  for (const char* key : {"mode", "seed", "batch", "shuffle", "curriculum_once", "pack"}) {
    const json::Value *a = saved.find(key), *b = now.find(key);
    if (a && b && !(*a == *b))
      return Error{std::string("cannot resume: the checkpoint was trained with a different \"") +
                   key + "\" (" + json::to_string(*a) + " vs " + json::to_string(*b) + ")"};
  }
  return {};
}

Result<std::vector<trace::Trace>> read_traces(const std::string& path, Diagnostics& diag,
                                              std::vector<std::string>& where) {
  auto reader = trace::JsonlReader::open(path);
  if (!reader) return reader.error();
  std::vector<trace::Trace> out;
  trace::Trace t;
  while ((*reader)->next_trace(t, diag)) {
    out.push_back(std::move(t));
    where.push_back((*reader)->where());
  }
  if ((*reader)->stopped()) return Error{diag.first()};
  return out;
}

// Everything set up before the first step.
struct Setup {
  std::shared_ptr<Tokenizer> tok;
  std::vector<Sequence> seqs;
  std::optional<Checkpoint> ck;
  int64_t skipped = 0;
};

Result<Setup> prepare(const TrainOptions& o, const std::vector<trace::Trace>& traces,
                      const std::vector<std::string>& where, Diagnostics& diag) {
  Setup s;
  std::string ck_path = o.out + "/checkpoint.safetensors";
  if (o.resume) {
    auto ck = load_checkpoint(ck_path);
    if (!ck) return ck.error();
    if (auto st = check_resume(ck->options, options_json(o)); !st) return st.error();
    s.tok = std::shared_ptr<Tokenizer>(std::move(ck->tokenizer));
    s.ck = std::move(*ck);
  } else if (o.tokenizer == TokenizerKind::kChar) {
    s.tok = std::make_shared<Tokenizer>(
        Tokenizer::build_char(tokenizer_texts(traces, o.mode, o.keep_annotations)));
  } else {
    auto tok = Tokenizer::train_sentencepiece(tokenizer_texts(traces, o.mode, o.keep_annotations),
                                              o.spm_vocab);
    if (!tok) return tok.error();
    s.tok = std::make_shared<Tokenizer>(std::move(*tok));
  }
  if (!o.resume && o.place_digits)
    s.tok = std::make_shared<Tokenizer>(std::move(*s.tok).with_place_digits());
  for (size_t i = 0; i < traces.size(); ++i) {
    if (append_sequences(*s.tok, traces[i], o.mode, o.keep_annotations, s.seqs)) continue;
    ++s.skipped;
    std::string at = i < where.size() ? where[i] : "trace " + std::to_string(i + 1);
    if (!diag.report("no_answer", at, "expected an \"answer\" or \"gold\" to train on"))
      return Error{diag.first()};
  }
  if (s.seqs.empty()) return Error{"no usable training record"};
  return s;
}

void write_log(const std::string& path, const RunState& st) {
  std::string text;
  for (const auto& [step, loss] : st.losses) {
    json::Value v = json::Value::object();
    v.set("step", json::Value::number(step));
    v.set("loss", json::Value::number(loss));
    text += json::to_string(v) + "\n";
  }
  for (const auto& e : st.evals.items()) text += json::to_string(e) + "\n";
  (void)write_file_atomic(path, text);  // a log; the checkpoint holds the same figures
}

Result<TrainReport> run(const TrainOptions& o, const std::vector<trace::Trace>& traces,
                        const std::vector<std::string>& where, Diagnostics& diag,
                        const EvalHook& eval) {
  if (auto st = check_options(o); !st) return st.error();
  auto dev = pick_device(o.device);
  if (!dev) return dev.error();
  set_threads(o.threads);
  keep_heap_for_training();
  std::unique_ptr<ProcessGroup> pg = std::make_unique<ProcessGroup>();
  if (o.distributed_from_env) {
    auto g = ProcessGroup::from_env();
    if (!g) return g.error();
    pg = std::move(*g);
  }
  if (o.batch % pg->world() != 0)
    return Error{"batch (" + std::to_string(o.batch) + ") must be a multiple of WORLD_SIZE (" +
                 std::to_string(pg->world()) + ")"};
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) return Error{o.out + ": cannot create directory: " + ec.message()};

  auto setup = prepare(o, traces, where, diag);
  if (!setup) return setup.error();
  ModelConfig cfg = setup->ck ? setup->ck->cfg : o.model;
  cfg.vocab = setup->tok->vocab_size();
  if (setup->ck) cfg.dropout = o.model.dropout;

  auto init_gen = at::make_generator<at::CPUGeneratorImpl>(o.seed);
  GPT model(cfg);
  model->init_weights(init_gen);
  if (setup->ck) {
    if (auto st = load_params(model, *setup->ck); !st) return st.error();
  }
  model->to(*dev);
  model->train();
  FlatParams fp = FlatParams::build(model);
  AdamW adam;
  adam.init(fp);
  RunState state;
  auto drop_gen = at::make_generator<at::CPUGeneratorImpl>(o.seed ^ 0x5deece66dULL);
  if (setup->ck) {
    adam.m.copy_(setup->ck->adam_m);
    adam.v.copy_(setup->ck->adam_v);
    adam.step = setup->ck->adam_step;
    state = setup->ck->state;
    if (state.torch_rng.defined()) drop_gen.set_state(state.torch_rng);
  }
  Packer packer(setup->seqs, cfg.ctx, o.pack, o.shuffle, o.seed);
  if (o.curriculum_once) packer.shuffle_from_epoch(1);
  packer.set_position(state.data);

  TrainReport rep;
  rep.params = fp.n;
  rep.examples = static_cast<int64_t>(setup->seqs.size());
  rep.skipped = setup->skipped;
  rep.truncated = Packer::count_truncated(setup->seqs, cfg.ctx);
  rep.world_size = pg->world();
  rep.rank = pg->rank();
  const bool lead = pg->rank() == 0;
  const std::string ck_path = o.out + "/checkpoint.safetensors";
  const int64_t end = o.stop_after > 0 ? std::min(o.steps, state.step + o.stop_after) : o.steps;
  const int64_t share = o.batch / pg->world();
  const bool autocast = dev->is_cuda() && o.bf16;
  std::optional<at::Generator> gen;
  if (cfg.dropout > 0 && dev->is_cpu()) gen = drop_gen;

  std::unique_ptr<Progress> progress;
  if (o.progress) {
    progress = std::make_unique<Progress>("train", static_cast<uint64_t>(o.steps), "steps");
    progress->set(static_cast<uint64_t>(state.step));
  }
  auto t0 = std::chrono::steady_clock::now();
  int64_t seen_here = 0;
  double loss_value = 0;
  auto student = std::make_unique<Student>(std::make_unique<Student::Impl>(
      Student::Impl{model, setup->tok, o.mode, o.keep_annotations, 0}));

  while (state.step < end) {
    const int64_t it = state.step;
    // batch: the global rows, then this process's share
    Batch global = packer.next(o.batch);
    Batch local = global.slice(pg->rank() * share, (pg->rank() + 1) * share);
    DeviceBatch b = to_device(local, *dev);
    // forward + backward; the loss is the mean over every process's loss positions
    fp.grad.zero_();
    {
      at::autocast::set_enabled(autocast);
      if (autocast) at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
      at::Tensor loss =
          loss_sum(model, b, gen) / static_cast<double>(std::max<int64_t>(1, global.targets));
      at::autocast::set_enabled(false);
      if (autocast) at::autocast::clear_cache();
      loss.backward();
      fp.grad.narrow(0, fp.n, 1).copy_(loss.detach().view({1}));
    }
    pg->allreduce_sum(fp.grad);  // gradients and the loss, summed over processes
    loss_value = fp.grad[fp.n].item<double>();
    at::Tensor g = fp.grad.narrow(0, 0, fp.n);
    if (o.grad_clip > 0) {
      double norm = g.norm().item<double>();
      double coef = o.grad_clip / (norm + 1e-6);
      if (coef < 1.0) g.mul_(coef);
    }
    double lr = lr_at(o, it);
    adam.update(fp, lr, o);
    state.step = it + 1;
    state.tokens_seen += global.tokens;
    state.tokens_trained += global.targets;
    seen_here += global.tokens;
    // log
    if (state.step % std::max<int64_t>(1, o.log_every) == 0 || state.step == o.steps)
      state.losses.emplace_back(state.step, loss_value);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double rate = static_cast<double>(seen_here) / std::max(secs, 1e-9);
    if (progress)
      progress->set(
          static_cast<uint64_t>(state.step),
          "loss " + std::to_string(loss_value).substr(0, 6) + " " + human_count(rate) + " tok/s");
    if (o.on_step && lead) o.on_step(state.step, loss_value, rate);
    // eval
    if (eval && lead && o.eval_every > 0 && state.step % o.eval_every == 0) {
      student->impl()->step = state.step;
      json::Value m = eval(*student, state.step);
      json::Value e = json::Value::object();
      e.set("step", json::Value::number(state.step));
      if (m.is_object())
        for (auto& [k, v] : m.members()) e.set(k, v);
      state.evals.push(std::move(e));
      model->train();
    }
    // checkpoint
    bool save =
        state.step == end || (o.checkpoint_every > 0 && state.step % o.checkpoint_every == 0);
    if (save && lead) {
      state.data = packer.position();
      state.torch_rng = drop_gen.get_state();
      if (auto st = save_checkpoint(ck_path, model, *setup->tok, o.mode, o.keep_annotations,
                                    options_json(o), &adam, state);
          !st)
        return st.error();
      write_log(o.out + "/log.jsonl", state);
    }
  }
  if (progress) progress->finish();
  pg->barrier();
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rep.steps = state.step;
  rep.final_loss = loss_value;
  rep.tokens_seen = state.tokens_seen;
  rep.tokens_trained = state.tokens_trained;
  rep.tokens_per_s = static_cast<double>(seen_here) / std::max(rep.seconds, 1e-9);
  rep.losses = state.losses;
  rep.evals = state.evals;
  rep.checkpoint = ck_path;
  return rep;
}

}  // namespace

Result<TrainReport> train(const TrainOptions& opts, const std::vector<trace::Trace>& traces,
                          Diagnostics& diag, const EvalHook& eval) {
  try {
    return run(opts, traces, {}, diag, eval);
  } catch (const c10::Error& e) {
    return Error{std::string("libtorch: ") + e.what_without_backtrace()};
  } catch (const std::exception& e) {
    return Error{e.what()};
  }
}

Result<TrainReport> train(const TrainOptions& opts, Diagnostics& diag, const EvalHook& eval) {
  std::vector<std::string> where;
  auto traces = read_traces(opts.data, diag, where);
  if (!traces) return traces.error();
  try {
    return run(opts, *traces, where, diag, eval);
  } catch (const c10::Error& e) {
    return Error{std::string("libtorch: ") + e.what_without_backtrace()};
  } catch (const std::exception& e) {
    return Error{e.what()};
  }
}

}  // namespace stepwise::train

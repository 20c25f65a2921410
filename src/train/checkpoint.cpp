// checkpoint.cpp: checkpoints (docs/checkpoint-format.md), the Student handle that samples
// from one, and the Hugging Face GPT-2 export.
#include <cstring>
#include <filesystem>

#include "base/atomic_file.h"
#include "trace/jsonl.h"
#include "train/safetensors.h"
#include "train/train_internal.h"

namespace stepwise::train {
namespace {

constexpr int64_t kFormatVersion = 1;

const char* dtype_name(at::ScalarType t) {
  switch (t) {
    case at::kFloat:
      return "F32";
    case at::kDouble:
      return "F64";
    case at::kLong:
      return "I64";
    case at::kInt:
      return "I32";
    case at::kByte:
      return "U8";
    case at::kBFloat16:
      return "BF16";
    default:
      return "";
  }
}

Result<at::ScalarType> scalar_type(const std::string& d) {
  if (d == "F32") return at::kFloat;
  if (d == "F64") return at::kDouble;
  if (d == "I64") return at::kLong;
  if (d == "I32") return at::kInt;
  if (d == "U8") return at::kByte;
  if (d == "BF16") return at::kBFloat16;
  return Error{"unsupported dtype " + d};
}

TensorBlob blob(const std::string& name, const at::Tensor& t) {
  at::Tensor c = t.detach().to(at::kCPU).contiguous();
  TensorBlob b{name, dtype_name(c.scalar_type()), c.sizes().vec(), std::string()};
  b.data.assign(static_cast<const char*>(c.data_ptr()),
                static_cast<size_t>(c.numel()) * c.element_size());
  return b;
}

at::Tensor tensor(const TensorBlob& b, at::ScalarType type) {
  at::Tensor t = at::empty(b.shape, at::TensorOptions().dtype(type));
  std::memcpy(t.data_ptr(), b.data.data(), b.data.size());
  return t;
}

json::Value config_json(const ModelConfig& c) {
  json::Value v = json::Value::object();
  v.set("d_model", json::Value::number(c.d_model));
  v.set("n_layer", json::Value::number(c.n_layer));
  v.set("n_head", json::Value::number(c.n_head));
  v.set("ctx", json::Value::number(c.ctx));
  v.set("vocab", json::Value::number(c.vocab));
  v.set("dropout", json::Value::number(c.dropout));
  v.set("tie_embeddings", json::Value::boolean(c.tie_embeddings));
  return v;
}

Result<int64_t> get_int(const json::Value& v, const char* key) {
  const json::Value* f = v.find(key);
  if (!f || !f->as_int()) return Error{std::string("missing integer \"") + key + "\""};
  return *f->as_int();
}

Result<ModelConfig> config_from(const json::Value& v) {
  ModelConfig c;
  for (auto [key, field] :
       {std::pair{"d_model", &c.d_model}, std::pair{"n_layer", &c.n_layer},
        std::pair{"n_head", &c.n_head}, std::pair{"ctx", &c.ctx}, std::pair{"vocab", &c.vocab}}) {
    auto x = get_int(v, key);
    if (!x) return x.error();
    if (*x <= 0) return Error{std::string("\"") + key + "\" must be positive"};
    *field = *x;
  }
  if (c.d_model % c.n_head != 0) return Error{"d_model must be a multiple of n_head"};
  if (const json::Value* d = v.find("dropout"); d && d->as_double()) c.dropout = *d->as_double();
  // Checkpoints from before the option always tied the output layer to the embedding.
  const json::Value* tie = v.find("tie_embeddings");
  c.tie_embeddings = !tie || !tie->is_bool() || tie->as_bool();
  return c;
}

json::Value pair_list(const std::vector<std::pair<int64_t, double>>& v) {
  json::Value a = json::Value::array();
  for (const auto& [s, l] : v) {
    json::Value p = json::Value::array();
    p.push(json::Value::number(s));
    p.push(json::Value::number(l));
    a.push(std::move(p));
  }
  return a;
}

Status parse_state(const json::Value& t, Checkpoint& ck) {
  RunState& st = ck.state;
  for (auto [key, field] :
       {std::pair{"step", &st.step}, std::pair{"epoch", &st.data.epoch},
        std::pair{"index", &st.data.index}, std::pair{"adam_step", &ck.adam_step},
        std::pair{"tokens_seen", &st.tokens_seen},
        std::pair{"tokens_trained", &st.tokens_trained}}) {
    auto x = get_int(t, key);
    if (!x) return x.error();
    *field = *x;
  }
  if (const json::Value* l = t.find("losses"); l && l->is_array())
    for (const auto& p : l->items()) {
      if (!p.is_array() || p.items().size() != 2 || !p.items()[0].as_int() ||
          !p.items()[1].as_double())
        return Error{"\"losses\" must hold [step, loss] pairs"};
      st.losses.emplace_back(*p.items()[0].as_int(), *p.items()[1].as_double());
    }
  if (const json::Value* e = t.find("evals"); e && e->is_array()) st.evals = *e;
  return {};
}

}  // namespace

Status save_checkpoint(const std::string& path, GPT& model, const Tokenizer& tok, Mode mode,
                       bool keep_annotations, const json::Value& options, const AdamW* opt,
                       const RunState& state) {
  std::vector<TensorBlob> blobs;
  for (const auto& item : model->named_parameters())
    blobs.push_back(blob(item.key(), item.value()));
  json::Value meta = json::Value::object();
  meta.set("format", json::Value::string("stepwise-checkpoint"));
  meta.set("version", json::Value::number(kFormatVersion));
  meta.set("model", config_json(model->cfg));
  meta.set("mode", json::Value::string(mode_name(mode)));
  meta.set("keep_annotations", json::Value::boolean(keep_annotations));
  meta.set("tokenizer", tok.to_json());
  meta.set("options", options);
  if (!tok.spm_model().empty()) {
    TensorBlob b{
        "tokenizer.spm", "U8", {static_cast<int64_t>(tok.spm_model().size())}, tok.spm_model()};
    blobs.push_back(std::move(b));
  }
  if (opt) {
    blobs.push_back(blob("optim.exp_avg", opt->m));
    blobs.push_back(blob("optim.exp_avg_sq", opt->v));
    if (state.torch_rng.defined()) blobs.push_back(blob("rng.torch", state.torch_rng));
    json::Value t = json::Value::object();
    t.set("step", json::Value::number(state.step));
    t.set("epoch", json::Value::number(state.data.epoch));
    t.set("index", json::Value::number(state.data.index));
    t.set("adam_step", json::Value::number(opt->step));
    t.set("tokens_seen", json::Value::number(state.tokens_seen));
    t.set("tokens_trained", json::Value::number(state.tokens_trained));
    t.set("losses", pair_list(state.losses));
    t.set("evals", state.evals);
    meta.set("train", std::move(t));
  }
  return write_safetensors(path, blobs, {{"stepwise", json::to_string(meta)}});
}

Result<Checkpoint> load_checkpoint(const std::string& path) {
  auto st = read_safetensors(path);
  if (!st) return st.error();
  auto fail = [&](const std::string& m) { return Error{path + ": " + m}; };
  auto it = st->metadata.find("stepwise");
  if (it == st->metadata.end()) return fail("not a stepwise checkpoint (no \"stepwise\" metadata)");
  auto meta = json::parse(it->second);
  if (!meta || !meta->is_object()) return fail("malformed \"stepwise\" metadata");
  const json::Value* fmt = meta->find("format");
  if (!fmt || fmt->str() != "stepwise-checkpoint") return fail("not a stepwise checkpoint");
  Checkpoint ck;
  const json::Value* model = meta->find("model");
  auto cfg = config_from(model ? *model : json::Value());
  if (!cfg) return fail("model: " + cfg.error().message);
  ck.cfg = *cfg;
  const json::Value* mode = meta->find("mode");
  auto m = parse_mode(mode ? mode->str() : "");
  if (!m) return fail(m.error().message);
  ck.mode = *m;
  if (const json::Value* k = meta->find("keep_annotations"); k && k->is_bool())
    ck.keep_annotations = k->as_bool();
  if (const json::Value* o = meta->find("options")) ck.options = *o;
  const TensorBlob* spm = st->find("tokenizer.spm");
  const json::Value* tj = meta->find("tokenizer");
  auto tok = Tokenizer::from_json(tj ? *tj : json::Value(), spm ? spm->data : "");
  if (!tok) return fail(tok.error().message);
  ck.tokenizer = std::make_unique<Tokenizer>(std::move(*tok));
  for (const auto& b : st->tensors) {
    if (b.name.starts_with("optim.") || b.name.starts_with("rng.") ||
        b.name.starts_with("tokenizer."))
      continue;
    auto type = scalar_type(b.dtype);
    if (!type) return fail(b.name + ": " + type.error().message);
    ck.params.emplace_back(b.name, tensor(b, *type));
  }
  if (const json::Value* t = meta->find("train")) {
    const TensorBlob *m1 = st->find("optim.exp_avg"), *m2 = st->find("optim.exp_avg_sq");
    if (!m1 || !m2 || m1->dtype != "F32" || m2->dtype != "F32")
      return fail("missing optimizer state (optim.exp_avg, optim.exp_avg_sq)");
    ck.adam_m = tensor(*m1, at::kFloat);
    ck.adam_v = tensor(*m2, at::kFloat);
    if (const TensorBlob* r = st->find("rng.torch")) ck.state.torch_rng = tensor(*r, at::kByte);
    if (auto s = parse_state(*t, ck); !s) return fail("train: " + s.error().message);
  }
  return ck;
}

Status load_params(GPT& model, const Checkpoint& ck) {
  torch::NoGradGuard no_grad;
  auto named = model->named_parameters();
  size_t found = 0;
  for (const auto& [name, t] : ck.params) {
    at::Tensor* p = named.find(name);
    if (!p) return Error{"checkpoint has an unknown tensor \"" + name + "\""};
    if (p->sizes() != t.sizes())
      return Error{"tensor \"" + name + "\" has the wrong shape in the checkpoint"};
    p->copy_(t);
    ++found;
  }
  if (found != named.size()) return Error{"checkpoint lacks some model tensors"};
  return {};
}

// ---- Student ------------------------------------------------------------------------------

Student::Student(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Student::~Student() = default;

Result<std::unique_ptr<Student>> Student::load(const std::string& checkpoint,
                                               const std::string& device) {
  try {
    auto ck = load_checkpoint(checkpoint);
    if (!ck) return ck.error();
    at::Device dev(device);
    if (dev.is_cuda() && !torch::cuda::is_available())
      return Error{"device \"" + device + "\" asked for, but CUDA is not available"};
    auto impl = std::make_unique<Impl>();
    impl->model = GPT(ck->cfg);
    if (auto st = load_params(impl->model, *ck); !st)
      return Error{checkpoint + ": " + st.error().message};
    impl->model->to(dev);
    impl->model->eval();
    impl->tok = std::shared_ptr<const Tokenizer>(std::move(ck->tokenizer));
    impl->mode = ck->mode;
    impl->keep_annotations = ck->keep_annotations;
    impl->step = ck->state.step;
    return std::make_unique<Student>(std::move(impl));
  } catch (const c10::Error& e) {
    return Error{std::string("libtorch: ") + e.what_without_backtrace()};
  }
}

Result<std::vector<std::string>> Student::generate(const std::vector<std::string>& questions,
                                                   const GenerateOptions& opts) {
  try {
    std::vector<std::vector<int32_t>> prompts;
    for (const auto& q : questions)
      prompts.push_back(prompt_tokens(*impl_->tok, impl_->mode, opts.task, q));
    auto ids = generate_tokens(impl_->model, prompts, opts);
    std::vector<std::string> out;
    for (const auto& row : ids) out.push_back(impl_->tok->decode(row));
    return out;
  } catch (const c10::Error& e) {
    return Error{std::string("libtorch: ") + e.what_without_backtrace()};
  }
}

Result<double> Student::loss(const std::vector<trace::Trace>& traces) {
  try {
    std::vector<Sequence> seqs;
    for (const auto& t : traces)
      append_sequences(*impl_->tok, t, impl_->mode, impl_->keep_annotations, seqs);
    if (seqs.empty()) return Error{"no trace with an answer to score"};
    torch::NoGradGuard no_grad;
    bool was = impl_->model->is_training();
    impl_->model->eval();
    Packer packer(seqs, impl_->model->cfg.ctx, true, false, 0, /*one_pass=*/true);
    double sum = 0;
    int64_t targets = 0;
    auto dev = impl_->model->wte->weight.device();
    while (!packer.done()) {
      Batch b = packer.next(16);
      sum += loss_sum(impl_->model, to_device(b, dev), std::nullopt).item<double>();
      targets += b.targets;
    }
    impl_->model->train(was);
    return sum / static_cast<double>(std::max<int64_t>(1, targets));
  } catch (const c10::Error& e) {
    return Error{std::string("libtorch: ") + e.what_without_backtrace()};
  }
}

Mode Student::mode() const { return impl_->mode; }
const ModelConfig& Student::config() const { return impl_->model->cfg; }
int64_t Student::params() const { return count_params(impl_->model->cfg); }

json::Value Student::info() const {
  json::Value v = config_json(impl_->model->cfg);
  v.set("mode", json::Value::string(mode_name(impl_->mode)));
  v.set("params", json::Value::number(params()));
  v.set("tokenizer",
        json::Value::string(impl_->tok->kind() == TokenizerKind::kChar ? "char" : "sentencepiece"));
  v.set("step", json::Value::number(impl_->step));
  return v;
}

}  // namespace stepwise::train

namespace stepwise::train {

std::string final_answer(const std::string& completion) {
  size_t at = completion.rfind("#### ");
  if (at == std::string::npos) return "";
  std::string s = completion.substr(at + 5);
  size_t b = s.find_first_not_of(" \t\n"), e = s.find_last_not_of(" \t\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

EvalHook answer_match_hook(std::vector<trace::Trace> held_out, int64_t limit) {
  if (limit > 0 && static_cast<int64_t>(held_out.size()) > limit)
    held_out.resize(static_cast<size_t>(limit));
  auto data = std::make_shared<std::vector<trace::Trace>>(std::move(held_out));
  return [data](Student& s, int64_t) {
    json::Value m = json::Value::object();
    std::vector<std::string> questions;
    for (const auto& t : *data) questions.push_back(t.question);
    auto outs = s.generate(questions);
    if (!outs) return m;
    int64_t right = 0;
    for (size_t i = 0; i < data->size(); ++i) {
      const auto& t = (*data)[i];
      std::string want = t.gold ? *t.gold : t.answer.value_or("");
      right += !want.empty() && final_answer((*outs)[i]) == want;
    }
    double n = static_cast<double>(std::max<size_t>(1, data->size()));
    m.set("accuracy", json::Value::number(static_cast<double>(right) / n));
    if (auto l = s.loss(*data)) m.set("held_out_loss", json::Value::number(*l));
    m.set("n", json::Value::number(static_cast<int64_t>(data->size())));
    return m;
  };
}

Result<EvalHook> answer_match_hook(const std::string& path, Diagnostics& diag, int64_t limit) {
  auto reader = trace::JsonlReader::open(path);
  if (!reader) return reader.error();
  std::vector<trace::Trace> traces;
  trace::Trace t;
  while ((*reader)->next_trace(t, diag)) traces.push_back(std::move(t));
  if ((*reader)->stopped()) return Error{diag.first()};
  if (traces.empty()) return Error{path + ": no held-out trace"};
  return answer_match_hook(std::move(traces), limit);
}

}  // namespace stepwise::train

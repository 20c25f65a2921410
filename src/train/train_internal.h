// train_internal.h: the torch-level pieces of the trainer, shared by its .cpp files only.
//
// ops (fast CPU matmul and packed attention as autograd functions), the GPT module, the
// KV-cache decoder, the flat-buffer AdamW, checkpoints and the data-parallel group.
// Dims: B batch rows, T time, C d_model, H heads, D = C/H head size, V vocab, N rows in the
// loss.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/rng.h"
#include "train/examples.h"
#include "train/tokenizer.h"
#include "train/torch_internal.h"
#include "train/train.h"

namespace stepwise::train {

// ---- ops.cpp ------------------------------------------------------------------------------

// Which sequences may attend to which: the packer's spans, [row, start, length] each (a CPU
// int32 tensor (n,3)); the dense boolean mask is built only for the reference path.
struct AttnMask {
  at::Tensor spans;  // (n,3) int32, CPU
  int64_t B = 0, T = 0;
  at::Tensor dense(const at::Device& device) const;  // (B,1,T,T) bool: same span and j <= i
};

// y = x w^T + b.  x: (N,K), w: (M,K), b: (M) or undefined -> (N,M). On CPU float32 with
// oneDNN this is one sgemm forward and two backward; elsewhere at::linear.
at::Tensor linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b);
// Causal self-attention inside each span. qkv: (B,T,3C) -> (B,T,C). On CPU float32 with
// oneDNN a fused kernel that computes only the blocks inside spans; elsewhere (and when
// `reference` is set) dense masked attention with standard ops.
at::Tensor attention(const at::Tensor& qkv, int64_t n_head, const AttnMask& mask,
                     bool reference = false);
// GPT-2's GELU, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). On CPU float32 one fused
// pass forward and one backward (written as x sigmoid(2u) with a polynomial exp, ~1e-7
// relative error); elsewhere at::gelu(x, "tanh").
at::Tensor gelu_tanh(const at::Tensor& x);
// Seconds per call of `fn`, called after one warm-up call for about `seconds` (3 calls at
// least): for the benchmarks' measurements.
double seconds_per_call(const std::function<void()>& fn, double seconds);
// Whether the fast CPU paths are compiled in.
bool have_dnnl();
// Row-major C = alpha op(A) op(B) + beta C (float32, on this thread's OpenMP threads).
void sgemm(char ta, char tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);
// Sets this process's and this thread's compute threads (ATen/OpenMP and OpenBLAS).
void set_threads(int n);

// ---- model.cpp ----------------------------------------------------------------------------

struct AffineImpl : torch::nn::Module {
  AffineImpl(int64_t in, int64_t out);
  at::Tensor forward(const at::Tensor& x) { return linear(x, weight, bias); }
  at::Tensor weight, bias;  // weight: (out,in)
};
TORCH_MODULE(Affine);

struct NormImpl : torch::nn::Module {
  explicit NormImpl(int64_t c);
  at::Tensor forward(const at::Tensor& x);
  at::Tensor weight, bias;
};
TORCH_MODULE(Norm);

struct TableImpl : torch::nn::Module {  // an embedding table
  TableImpl(int64_t n, int64_t c);
  at::Tensor weight;  // (n,C)
};
TORCH_MODULE(Table);

struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(int64_t c);
  Affine c_attn{nullptr}, c_proj{nullptr};
};
TORCH_MODULE(Attention);

struct MlpImpl : torch::nn::Module {
  explicit MlpImpl(int64_t c);
  Affine c_fc{nullptr}, c_proj{nullptr};
};
TORCH_MODULE(Mlp);

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t c);
  Norm ln_1{nullptr}, ln_2{nullptr};
  Attention attn{nullptr};
  Mlp mlp{nullptr};
};
TORCH_MODULE(Block);

// Per-layer key/value cache for decoding. k, v: (B,H,Tmax,D); `len` positions are filled.
struct KVCache {
  std::vector<at::Tensor> k, v;
  int64_t len = 0;
};

// The GPT-2-style decoder; parameter names are Hugging Face GPT-2's (wte, wpe, h.N.ln_1, ...),
// Linear weights in torch layout (out,in).
struct GPTImpl : torch::nn::Module {
  explicit GPTImpl(const ModelConfig& c);
  // Normal(0, 0.02) weights (residual projections 0.02/sqrt(2L)), zero biases, unit norms.
  void init_weights(at::Generator& gen);
  // Final hidden states. idx, pos: (B,T) int64 -> (B*T,C). Dropout draws from `gen`.
  at::Tensor hidden(const at::Tensor& idx, const at::Tensor& pos, const AttnMask& mask,
                    std::optional<at::Generator> gen, bool reference_attention = false);
  // Logits of hidden states x: (N,C) -> (N,V), through lm_head (or wte when tied).
  at::Tensor logits(const at::Tensor& x) {
    return linear(x, lm_head ? lm_head->weight : wte->weight, at::Tensor());
  }
  // Decoding: appends idx/pos (B,S) to the cache and returns the last position's logits
  // (B,V). key_ok: (B,L) bool over all cached + new positions (false = left padding).
  at::Tensor decode(const at::Tensor& idx, const at::Tensor& pos, const at::Tensor& key_ok,
                    KVCache& cache);
  ModelConfig cfg;
  Table wte{nullptr}, wpe{nullptr}, lm_head{nullptr};
  torch::nn::ModuleList h{nullptr};
  Norm ln_f{nullptr};
};
TORCH_MODULE(GPT);

// Batched decoding of token prompts; returns each row's new tokens (without <eos>).
std::vector<std::vector<int32_t>> generate_tokens(GPT& model,
                                                  const std::vector<std::vector<int32_t>>& prompts,
                                                  const GenerateOptions& opts);

// Tensors of one batch on `device`.
struct DeviceBatch {
  at::Tensor input, pos;  // (B,T) int64
  at::Tensor rows;        // (N) int64: flat indexes of positions in the loss
  at::Tensor labels;      // (N) int64
  AttnMask mask;
};
DeviceBatch to_device(const Batch& b, const at::Device& device);
// Sum over the loss positions of the cross-entropy (not yet divided). Scalar tensor.
at::Tensor loss_sum(GPT& model, const DeviceBatch& b, std::optional<at::Generator> gen);

// ---- loop.cpp: optimizer ------------------------------------------------------------------

// Every parameter as a view into one flat buffer (and every gradient into another), so AdamW,
// clipping, zeroing and the data-parallel all-reduce are a handful of ops on whole buffers.
// Parameters with weight decay (matrices other than the embeddings) come first.
struct FlatParams {
  at::Tensor flat, grad;  // (P) and (P + 1): the last grad slot carries the loss
  int64_t n = 0, n_decay = 0;
  std::vector<std::string> names;  // in buffer order
  std::vector<at::Tensor> params;
  static FlatParams build(GPT& model);
};

struct AdamW {
  at::Tensor m, v;  // (P)
  int64_t step = 0;
  void init(const FlatParams& p);
  // One AdamW step on p.flat with p.grad (bias-corrected, decoupled weight decay).
  void update(FlatParams& p, double lr, const TrainOptions& o);
};

// ---- checkpoint.cpp -----------------------------------------------------------------------

// Everything a resumed run needs besides the options.
struct RunState {
  int64_t step = 0;
  Packer::Position data;
  at::Tensor torch_rng;  // CPU generator state (uint8)
  int64_t tokens_seen = 0, tokens_trained = 0;
  std::vector<std::pair<int64_t, double>> losses;
  json::Value evals = json::Value::array();
};

struct Checkpoint {
  ModelConfig cfg;
  Mode mode = Mode::kTrace;
  bool keep_annotations = false;
  json::Value options = json::Value::object();  // the run's options, for resume checks
  std::unique_ptr<Tokenizer> tokenizer;
  std::vector<std::pair<std::string, at::Tensor>> params;  // model state by name
  at::Tensor adam_m, adam_v;                               // empty for a model-only file
  int64_t adam_step = 0;
  RunState state;
};

// Writes atomically. Error names the path.
Status save_checkpoint(const std::string& path, GPT& model, const Tokenizer& tok, Mode mode,
                       bool keep_annotations, const json::Value& options, const AdamW* opt,
                       const RunState& state);
// Error: unreadable, not a stepwise checkpoint, missing tensors (each named).
Result<Checkpoint> load_checkpoint(const std::string& path);
// Copies the checkpoint's parameters into `model` (shapes must match).
Status load_params(GPT& model, const Checkpoint& ck);

// The state behind a Student: a model (shared with the training loop while it runs) and how
// to prompt it.
struct Student::Impl {
  GPT model{nullptr};
  std::shared_ptr<const Tokenizer> tok;
  Mode mode = Mode::kTrace;
  bool keep_annotations = false;
  int64_t step = 0;
};

// ---- dist.cpp -----------------------------------------------------------------------------

class ProcessGroup {
 public:
  // From RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT. World size 1 (or unset) gives a
  // group of one that does nothing. Error: malformed variables, rendezvous failure.
  static Result<std::unique_ptr<ProcessGroup>> from_env();
  virtual ~ProcessGroup() = default;
  virtual int rank() const { return 0; }
  virtual int world() const { return 1; }
  // Sums `t` over all processes in place.
  virtual void allreduce_sum(at::Tensor& /*t*/) {}
  virtual void barrier() {}
};

}  // namespace stepwise::train

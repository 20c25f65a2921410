// train: small GPT-2-style students trained on reasoning traces, on libtorch.
//
// What it is: the trainer behind `stepwise train` and `stepwise export`, and the model handle
// (`Student`) that evaluation and the demo sample from. One trace file trains three ways
// (Mode): the whole worked solution, the answer alone, or both as separate tasks told apart by
// a prefix token (multitask, as in distilling step-by-step). Several traces are packed into
// each row of the batch; attention never crosses from one trace into another and positions
// restart per trace. Runs on CPU (optionally data-parallel over processes through c10d/Gloo)
// or on a CUDA device when libtorch was built with it.
//
// What it is not: an evaluator. Periodic evaluation is a callback (EvalHook) that the caller
// hands in, so this module never depends on eval/ or verify/.
//
// Entry points: train() (a run, resumable), Student::load() + Student::generate() (batched
// sampling with a KV cache), export_checkpoint() (safetensors + Hugging Face GPT-2 config),
// measure_matmul_ceiling() and measure_gelu() (for the benchmark). No torch type appears in this
// header. Checkpoint format: docs/checkpoint-format.md. Guide: docs/train.md. Depends on: base,
// trace, libtorch (private), sentencepiece, oneDNN (when found).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "trace/trace.h"

namespace stepwise::train {

// What the student learns to produce after the question.
enum class Mode {
  kTrace,      // the steps, then "#### <answer>"
  kAnswer,     // "#### <answer>" only
  kMultitask,  // "[answer]" prompt -> "#### <answer>"; "[explain]" prompt -> the steps
};
const char* mode_name(Mode m);  // "trace" | "answer" | "multitask"
// Error names the accepted values.
Result<Mode> parse_mode(std::string_view s);

// Which prompt a multitask student answers; ignored by trace and answer students.
enum class Task { kAnswer, kExplain };

enum class TokenizerKind {
  kChar,           // one token per character (UTF-8 code point): every digit its own token
  kSentencePiece,  // BPE trained on the training text, digits split
};

// The shape of the network. Dims used in shape comments: B batch, T time, C d_model,
// H heads, V vocab.
struct ModelConfig {
  int64_t d_model = 128;  // C; a multiple of n_head
  int64_t n_layer = 2;
  int64_t n_head = 4;    // H
  int64_t ctx = 192;     // T: the longest row (and the most positions the model knows)
  int64_t vocab = 0;     // V; 0 = from the tokenizer
  double dropout = 0.0;  // on embeddings and on both residual branches, training only
  // true: the output layer is the token embedding (GPT-2's tying). false (default): its own
  // matrix, which small students on short procedural traces learn markedly faster with.
  bool tie_embeddings = false;
};

// Reads `path` (TOML: keys d_model, n_layer, n_head, ctx, dropout at the top level or in a
// [model] table) over `base`. Error names the file, the key and what was expected.
Result<ModelConfig> load_model_config(const std::string& path, ModelConfig base = {});

// Parameters of a model of this shape (vocab must be set), embeddings included.
int64_t count_params(const ModelConfig& c);
// Training FLOPs per token of a row of `t` tokens: 6 x (non-embedding parameters + tied head)
// + 12 x n_layer x d_model x t (attention scores and values, forward and backward).
double train_flops_per_token(const ModelConfig& c, int64_t t);

class Student;

// Metrics for one evaluation (a JSON object, e.g. {"accuracy": 0.91}); logged with the step.
// Called on the training thread; the Student is valid only during the call.
using EvalHook = std::function<json::Value(Student& student, int64_t step)>;

struct TrainOptions {
  // Data: a trace JSONL file (`data`) unless the in-memory overload is used.
  std::string data;
  Mode mode = Mode::kTrace;
  bool keep_annotations = false;  // keep GSM8K "<<expr=value>>" in step text
  bool shuffle = true;            // false: the file's order (curriculum), epoch after epoch
  // With shuffle false: the file's order for the first epoch only, shuffled epochs after it
  // (a curriculum is seen once; repeating it every epoch swings the model between its stages).
  bool curriculum_once = false;
  bool pack = true;  // several traces per row (false: one per row)

  // Model and tokenizer.
  ModelConfig model;
  TokenizerKind tokenizer = TokenizerKind::kChar;
  int64_t spm_vocab = 512;    // sentencepiece vocabulary size (256 byte pieces included)
  bool place_digits = false;  // each digit one token per (digit, place value): tokenizer.h

  // Optimisation.
  int64_t steps = 1000;
  int64_t batch = 64;  // rows per step, over all data-parallel processes together
  double lr = 3e-3;
  double min_lr_ratio = 0.1;  // cosine decays to lr * min_lr_ratio
  int64_t warmup = 100;
  double weight_decay = 0.1;  // on matrices other than the embeddings
  double beta1 = 0.9, beta2 = 0.98, eps = 1e-8;
  double grad_clip = 1.0;  // max global gradient norm; 0 = off
  uint64_t seed = 0;

  // Where and how.
  std::string out;                 // run directory: checkpoint.safetensors, log.jsonl (required)
  bool resume = false;             // continue from out/checkpoint.safetensors
  int64_t checkpoint_every = 500;  // steps; the last step is always saved
  int64_t stop_after = 0;          // end this invocation after N steps (saved); 0 = run to `steps`
  std::string device = "cpu";      // "cpu" | "cuda" | "cuda:N"
  bool bf16 = true;                // bf16 autocast on CUDA
  int threads = 1;                 // intra-op threads of this process
  int64_t log_every = 10;          // steps between loss log lines
  int64_t eval_every = 0;          // steps between EvalHook calls (0 = never)
  bool progress = true;            // a progress line on a terminal
  // Called on the training thread after every optimizer step (the lead process only) with the
  // steps done so far, that step's loss and this invocation's tokens/s: for callers that draw
  // their own progress (several runs at once). Must not throw.
  std::function<void(int64_t step, double loss, double tokens_per_s)> on_step;
  bool strict = false;               // the first unusable record is fatal
  bool distributed_from_env = true;  // join a process group when WORLD_SIZE > 1 is set
};

struct TrainReport {
  int64_t steps = 0;  // optimizer steps done in total (resumed runs included)
  int64_t params = 0;
  double final_loss = 0;       // mean loss of the last step (all processes)
  int64_t tokens_seen = 0;     // input positions processed (all processes, padding excluded)
  int64_t tokens_trained = 0;  // positions whose prediction was in the loss
  double tokens_per_s = 0;     // tokens_seen per second of this invocation
  double seconds = 0;          // wall time of this invocation
  int64_t examples = 0;        // training sequences built from the file
  int64_t skipped = 0;         // records that gave no sequence (reported to Diagnostics)
  int64_t truncated = 0;       // sequences cut to the context length
  int world_size = 1, rank = 0;
  std::vector<std::pair<int64_t, double>> losses;  // (step, loss) every log_every steps
  json::Value evals = json::Value::array();        // [{"step": N, ...metrics}]
  std::string checkpoint;                          // path of the last checkpoint written
  json::Value to_json() const;
};

// Trains per `opts` on the traces in opts.data, reporting unusable records to `diag` (with
// file:line). Error: unreadable data, no usable record, bad options, a checkpoint that does
// not match the options on resume, a CUDA device asked for but not available, a failed write,
// or an error raised inside libtorch (its message kept). Not reentrant per output directory;
// separate runs may train concurrently on separate threads (each sets its own thread count).
Result<TrainReport> train(const TrainOptions& opts, Diagnostics& diag, const EvalHook& eval = {});
// The same on traces already in memory (opts.data ignored).
Result<TrainReport> train(const TrainOptions& opts, const std::vector<trace::Trace>& traces,
                          Diagnostics& diag, const EvalHook& eval = {});

struct GenerateOptions {
  int64_t max_new_tokens = 160;  // also bounded by the context length
  double temperature = 0.0;      // 0 = greedy
  int64_t top_k = 0;             // 0 = off
  double top_p = 1.0;            // nucleus sampling; 1 = off
  uint64_t seed = 0;             // sampling seed (same seed, same samples)
  int64_t batch = 64;            // prompts decoded together
  bool use_cache = true;         // false recomputes the whole prefix each token (benchmarks)
  Task task = Task::kAnswer;     // prompt prefix of multitask students
};

// A trained model ready to sample from: evaluation's and the demo's handle on a student.
// Not thread-safe: one thread per Student (separate Students are independent).
class Student {
 public:
  // Loads a checkpoint written by train(). Error: unreadable or malformed file (named), a
  // device that is not available.
  static Result<std::unique_ptr<Student>> load(const std::string& checkpoint,
                                               const std::string& device = "cpu");
  ~Student();

  // Completions for each question, in order: the text the model writes after the prompt
  // (question + separator, with the task prefix for multitask), up to its end-of-sequence
  // token (excluded) or the length limit. Error only from libtorch failures.
  Result<std::vector<std::string>> generate(const std::vector<std::string>& questions,
                                            const GenerateOptions& opts = {});
  // Mean loss per trained token on these traces (teacher forcing), e.g. held-out loss.
  Result<double> loss(const std::vector<trace::Trace>& traces);

  Mode mode() const;
  const ModelConfig& config() const;
  int64_t params() const;
  // {"mode", "params", "d_model", ..., "tokenizer", "step"}
  json::Value info() const;

  struct Impl;  // internal (train_internal.h)
  explicit Student(std::unique_ptr<Impl> impl);
  Impl* impl() { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

// A simple built-in EvalHook for `stepwise train --eval-file`: greedy completions for the
// held-out traces, {"accuracy": share whose text after the last "#### " equals the gold
// (else the answer), "held_out_loss": teacher-forced loss, "n": count}. The full scoring
// (verifier, step validity, robustness) is eval/'s. `limit` caps the traces used.
EvalHook answer_match_hook(std::vector<trace::Trace> held_out, int64_t limit = 500);
// The same, reading the traces from a JSONL file (bad lines reported to `diag`).
Result<EvalHook> answer_match_hook(const std::string& path, Diagnostics& diag, int64_t limit = 500);
// The text after the last "#### " of a completion, trimmed; empty when there is none.
std::string final_answer(const std::string& completion);

// The text a trained student should produce for a trace in `mode` (what the loss is on), and
// the final-answer line it ends with: "#### <answer>".
std::string target_text(const trace::Trace& t, Mode mode, bool keep_annotations = false);

struct ExportOptions {
  std::string format = "safetensors";  // the only one
  std::string probe;  // when set: also write reference_logits.json for this question
};
// Writes `out_dir`/model.safetensors (Hugging Face GPT-2 names and layouts), config.json,
// the tokenizer (tokenizer.json, and tokenizer.model for sentencepiece) and, with a probe,
// the logits our model gives for it. Error: unreadable checkpoint, unwritable directory.
Status export_checkpoint(const std::string& checkpoint, const std::string& out_dir,
                         const ExportOptions& opts = {});

// fp32 matrix-multiply throughput (GFLOP/s) on this process's threads, measured on the GEMM
// shapes one training step of `c` does on `tokens` rows (forward and backward, FLOP-weighted).
struct MatmulCeiling {
  double aten_gflops = 0;  // torch::mm (libtorch's BLAS)
  double dnnl_gflops = 0;  // oneDNN sgemm (what the trainer uses on CPU); 0 when not built
};
MatmulCeiling measure_matmul_ceiling(const ModelConfig& c, int64_t tokens, int threads,
                                     double seconds_per_shape = 0.3);

// The MLP's GELU, forward and backward, in ns per element: the trainer's fused kernel against
// libtorch's at::gelu(x, "tanh"), on `elements` floats.
struct GeluTiming {
  double fused_ns = 0, aten_ns = 0;
};
GeluTiming measure_gelu(int64_t elements, int threads, double seconds = 0.5);

}  // namespace stepwise::train

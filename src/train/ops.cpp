// ops.cpp: the trainer's hot operations as autograd functions on CPU: linear layers as oneDNN
// sgemm calls (AVX-512 kernels; libtorch's BLAS runs AVX2 ones here), causal self-attention
// computed only inside each packed sequence with the softmax fused in, and the GELU in one pass.
#include <dlfcn.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include "base/check.h"
#include "train/train_internal.h"

#ifdef STEPWISE_WITH_DNNL
#include <dnnl.h>
#endif

namespace stepwise::train {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

bool have_dnnl() {
#ifdef STEPWISE_WITH_DNNL
  return true;
#else
  return false;
#endif
}

void sgemm(char ta, char tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
#ifdef STEPWISE_WITH_DNNL
  dnnl_status_t st = dnnl_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  SW_CHECK(st == dnnl_success);
#else
  // Without oneDNN: the same product through libtorch (views over the raw buffers).
  auto opts = at::TensorOptions().dtype(at::kFloat);
  auto A =
      at::from_blob(const_cast<float*>(a), {ta == 'N' ? m : k, ta == 'N' ? k : m}, {lda, 1}, opts);
  auto Bm =
      at::from_blob(const_cast<float*>(b), {tb == 'N' ? k : n, tb == 'N' ? n : k}, {ldb, 1}, opts);
  auto C = at::from_blob(c, {m, n}, {ldc, 1}, opts);
  auto prod = at::mm(ta == 'N' ? A : A.t(), tb == 'N' ? Bm : Bm.t());
  if (beta == 0.0f) {
    C.copy_(prod.mul_(alpha));
  } else {
    C.mul_(beta).add_(prod, alpha);
  }
#endif
}

void set_threads(int n) {
  at::set_num_threads(n);  // ATen's pool and this thread's OpenMP (oneDNN uses it)
  // libtorch's BLAS (OpenBLAS) keeps its own pool; without this it starts one thread per core
  // in every process, and data-parallel processes would fight over the cores.
  using SetFn = void (*)(int);
  if (auto fn = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) fn(n);
}

namespace {

bool fast_cpu(const at::Tensor& t) {
  return have_dnnl() && t.device().is_cpu() && t.scalar_type() == at::kFloat;
}

float* fptr(const at::Tensor& t) { return t.data_ptr<float>(); }

// y = x w^T (+ b): one sgemm forward, two backward. x: (N,K), w: (M,K), b: (M) -> (N,M).
at::Tensor linear_forward(const at::Tensor& xc, const at::Tensor& wc, const at::Tensor& b) {
  int64_t n = xc.size(0), k = xc.size(1), m = wc.size(0);
  at::Tensor y = b.defined() ? b.expand({n, m}).contiguous() : at::empty({n, m}, xc.options());
  sgemm('N', 'T', n, m, k, 1.0f, fptr(xc), k, fptr(wc), k, b.defined() ? 1.0f : 0.0f, fptr(y), m);
  return y;
}

variable_list linear_backward(AutogradContext* ctx, const at::Tensor& grad, bool bias) {
  auto saved = ctx->get_saved_variables();
  const at::Tensor& x = saved[0];
  const at::Tensor& w = saved[1];
  at::Tensor dy = grad.contiguous();  // (N,M)
  int64_t n = x.size(0), k = x.size(1), m = w.size(0);
  at::Tensor dx, dw, db;
  if (ctx->needs_input_grad(0)) {
    dx = at::empty({n, k}, x.options());  // dy w: (N,M)(M,K)
    sgemm('N', 'N', n, k, m, 1.0f, fptr(dy), m, fptr(w), k, 0.0f, fptr(dx), k);
  }
  if (ctx->needs_input_grad(1)) {
    dw = at::empty({m, k}, w.options());  // dy^T x: (M,N)(N,K)
    sgemm('T', 'N', m, k, n, 1.0f, fptr(dy), m, fptr(x), k, 0.0f, fptr(dw), k);
  }
  if (!bias) return {dx, dw};
  if (ctx->needs_input_grad(2)) db = dy.sum(0);
  return {dx, dw, db};
}

struct LinearFn : torch::autograd::Function<LinearFn> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& w,
                            const at::Tensor& b) {
    at::Tensor xc = x.contiguous(), wc = w.contiguous();
    ctx->save_for_backward({xc, wc});
    return linear_forward(xc, wc, b);
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    return linear_backward(ctx, grads[0], true);
  }
};

struct LinearNoBiasFn : torch::autograd::Function<LinearNoBiasFn> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& w) {
    at::Tensor xc = x.contiguous(), wc = w.contiguous();
    ctx->save_for_backward({xc, wc});
    return linear_forward(xc, wc, at::Tensor());
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    return linear_backward(ctx, grads[0], false);
  }
};

// e^x for x <= 0 (softmax after subtracting the row max), ~1e-7 relative error; plain float
// code so the row loops below vectorise.
inline float exp_nonpos(float x) {
  x = x < -87.0f ? -87.0f : x;
  float n = std::nearbyint(x * 1.44269504f);
  float r = x - n * 0.693145751953125f - n * 1.428606765330187e-06f;
  float p = 1.98756912e-4f;
  p = p * r + 1.39819994e-3f;
  p = p * r + 8.33345205e-3f;
  p = p * r + 4.16664150e-2f;
  p = p * r + 1.66666567e-1f;
  p = p * r + 5.00000000e-1f;
  p = p * r * r + r + 1.0f;
  int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// Row i of a causal softmax over s[0..i]; s[i+1..len) set to 0.
__attribute__((target_clones("avx512f", "avx2", "default"))) void softmax_row(float* s, int64_t i,
                                                                              int64_t len) {
  float mx = -std::numeric_limits<float>::infinity();
#pragma omp simd reduction(max : mx)
  for (int64_t j = 0; j <= i; ++j) mx = s[j] > mx ? s[j] : mx;
  float sum = 0;
#pragma omp simd reduction(+ : sum)
  for (int64_t j = 0; j <= i; ++j) {
    float e = exp_nonpos(s[j] - mx);
    s[j] = e;
    sum += e;
  }
  float inv = 1.0f / sum;
#pragma omp simd
  for (int64_t j = 0; j <= i; ++j) s[j] *= inv;
  for (int64_t j = i + 1; j < len; ++j) s[j] = 0;
}

// GELU (tanh form) as x s with s = sigmoid(2u), u = k (x + c x^3): 0.5 (1 + tanh u) = s. The
// exponential is taken of -2|u| <= 0 and s picked by the sign of u, so nothing overflows.
constexpr float kGeluK = 0.7978845608028654f, kGeluC = 0.044715f;

inline float gelu_sigmoid(float x) {
  float u = kGeluK * x * (1.0f + kGeluC * x * x);
  float e = exp_nonpos(-2.0f * std::fabs(u));
  float inv = 1.0f / (1.0f + e);
  return u >= 0 ? inv : e * inv;
}

__attribute__((target_clones("avx512f", "avx2", "default"))) void gelu_forward(
    const float* __restrict x, float* __restrict y, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) y[i] = x[i] * gelu_sigmoid(x[i]);
}

// dx = dy (s + 2 x s (1 - s) du/dx), du/dx = k (1 + 3 c x^2).
__attribute__((target_clones("avx512f", "avx2", "default"))) void gelu_backward(
    const float* __restrict x, const float* __restrict dy, float* __restrict dx, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    float s = gelu_sigmoid(x[i]);
    float du = kGeluK * (1.0f + 3.0f * kGeluC * x[i] * x[i]);
    dx[i] = dy[i] * (s + 2.0f * x[i] * s * (1.0f - s) * du);
  }
}

struct GeluFn : torch::autograd::Function<GeluFn> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x_in) {
    at::Tensor x = x_in.contiguous();
    at::Tensor y = at::empty_like(x);
    gelu_forward(fptr(x), fptr(y), x.numel());
    ctx->save_for_backward({x});
    return y;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    at::Tensor x = ctx->get_saved_variables()[0];
    at::Tensor dy = grads[0].contiguous();
    at::Tensor dx = at::empty_like(x);
    gelu_backward(fptr(x), fptr(dy), fptr(dx), x.numel());
    return {dx};
  }
};

// ds[j] = p[j] (dp[j] - dot) scale over a row (p is 0 above the diagonal, so ds is too).
__attribute__((target_clones("avx512f", "avx2", "default"))) void softmax_grad_row(
    const float* p, float* dp, float dot, float scale, int64_t len) {
#pragma omp simd
  for (int64_t j = 0; j < len; ++j) dp[j] = p[j] * (dp[j] - dot) * scale;
}

struct Span {
  int64_t row, start, len, p_off;  // p_off: where its H score blocks start in P
};

std::vector<Span> read_spans(const at::Tensor& spans, int64_t n_head, int64_t* p_total) {
  std::vector<Span> out;
  auto a = spans.accessor<int32_t, 2>();
  int64_t off = 0;
  for (int64_t i = 0; i < a.size(0); ++i) {
    Span s{a[i][0], a[i][1], a[i][2], off};
    off += n_head * s.len * s.len;
    out.push_back(s);
  }
  *p_total = off;
  return out;
}

struct AttentionFn : torch::autograd::Function<AttentionFn> {
  // qkv: (B,T,3C) -> (B,T,C); P (the softmax of each span and head) kept for backward.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& qkv_in, int64_t n_head,
                            const at::Tensor& spans) {
    at::Tensor qkv = qkv_in.contiguous();
    int64_t B = qkv.size(0), T = qkv.size(1), C3 = qkv.size(2), C = C3 / 3, D = C / n_head;
    float scale = 1.0f / std::sqrt(static_cast<float>(D));
    int64_t p_total = 0;
    std::vector<Span> sp = read_spans(spans, n_head, &p_total);
    at::Tensor out = at::empty({B, T, C}, qkv.options());
    at::Tensor P = at::empty({p_total}, qkv.options());
    float *q0 = fptr(qkv), *o0 = fptr(out), *p0 = fptr(P);
    int64_t n_tasks = static_cast<int64_t>(sp.size()) * n_head;
    at::parallel_for(0, n_tasks, 1, [&](int64_t lo, int64_t hi) {
      for (int64_t task = lo; task < hi; ++task) {
        const Span& s = sp[static_cast<size_t>(task / n_head)];
        int64_t h = task % n_head, L = s.len;
        const float* q = q0 + (s.row * T + s.start) * C3 + h * D;
        float* p = p0 + s.p_off + h * L * L;
        sgemm('N', 'T', L, L, D, scale, q, C3, q + C, C3, 0.0f, p, L);  // q k^T: (L,L)
        for (int64_t i = 0; i < L; ++i) softmax_row(p + i * L, i, L);
        float* o = o0 + (s.row * T + s.start) * C + h * D;
        sgemm('N', 'N', L, D, L, 1.0f, p, L, q + 2 * C, C3, 0.0f, o, C);  // p v: (L,D)
      }
    });
    ctx->save_for_backward({qkv, out, P, spans});
    ctx->saved_data["n_head"] = n_head;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const at::Tensor &qkv = saved[0], &out = saved[1], &P = saved[2], &spans = saved[3];
    int64_t n_head = ctx->saved_data["n_head"].toInt();
    at::Tensor gout = grads[0].contiguous();  // (B,T,C)
    int64_t T = qkv.size(1), C3 = qkv.size(2), C = C3 / 3, D = C / n_head;
    float scale = 1.0f / std::sqrt(static_cast<float>(D));
    int64_t p_total = 0;
    std::vector<Span> sp = read_spans(spans, n_head, &p_total);
    at::Tensor dqkv = at::empty_like(qkv);
    const float *q0 = fptr(qkv), *o0 = fptr(out), *p0 = fptr(P), *g0 = fptr(gout);
    float* d0 = fptr(dqkv);
    int64_t n_tasks = static_cast<int64_t>(sp.size()) * n_head;
    at::parallel_for(0, n_tasks, 1, [&](int64_t lo, int64_t hi) {
      std::vector<float> dp;
      for (int64_t task = lo; task < hi; ++task) {
        const Span& s = sp[static_cast<size_t>(task / n_head)];
        int64_t h = task % n_head, L = s.len;
        int64_t base3 = (s.row * T + s.start) * C3 + h * D,
                base = (s.row * T + s.start) * C + h * D;
        const float *q = q0 + base3, *k = q + C, *v = q + 2 * C;
        const float *o = o0 + base, *g = g0 + base, *p = p0 + s.p_off + h * L * L;
        float *dq = d0 + base3, *dk = dq + C, *dv = dq + 2 * C;
        dp.resize(static_cast<size_t>(L * L));
        sgemm('N', 'T', L, L, D, 1.0f, g, C, v, C3, 0.0f, dp.data(), L);  // dO v^T: (L,L)
        for (int64_t i = 0; i < L; ++i) {
          float dot = 0;
          for (int64_t j = 0; j < D; ++j) dot += g[i * C + j] * o[i * C + j];
          softmax_grad_row(p + i * L, dp.data() + i * L, dot, scale, L);
        }
        sgemm('N', 'N', L, D, L, 1.0f, dp.data(), L, k, C3, 0.0f, dq, C3);  // dS k
        sgemm('T', 'N', L, D, L, 1.0f, dp.data(), L, q, C3, 0.0f, dk, C3);  // dS^T q
        sgemm('T', 'N', L, D, L, 1.0f, p, L, g, C, 0.0f, dv, C3);           // P^T dO
      }
    });
    return {dqkv, at::Tensor(), at::Tensor()};
  }
};

at::Tensor reference_attention(const at::Tensor& qkv, int64_t n_head, const AttnMask& mask) {
  int64_t B = qkv.size(0), T = qkv.size(1), C = qkv.size(2) / 3, D = C / n_head;
  auto parts = qkv.split(C, 2);  // 3 x (B,T,C)
  auto heads = [&](const at::Tensor& t) { return t.view({B, T, n_head, D}).transpose(1, 2); };
  at::Tensor q = heads(parts[0]), k = heads(parts[1]), v = heads(parts[2]);  // (B,H,T,D)
  at::Tensor att = at::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(D)));
  att = att.masked_fill(mask.dense(qkv.device()).logical_not(),
                        -std::numeric_limits<double>::infinity());
  att = at::softmax(att, -1);                                    // (B,H,T,T)
  return at::matmul(att, v).transpose(1, 2).reshape({B, T, C});  // (B,T,C)
}

}  // namespace

at::Tensor AttnMask::dense(const at::Device& device) const {
  at::Tensor seg = at::full({B, T}, -1, at::kLong);  // (B,T) span id per position
  auto s = spans.accessor<int32_t, 2>();
  auto g = seg.accessor<int64_t, 2>();
  for (int64_t i = 0; i < s.size(0); ++i)
    for (int64_t t = s[i][1]; t < s[i][1] + s[i][2]; ++t) g[s[i][0]][t] = i;
  at::Tensor same = seg.unsqueeze(2).eq(seg.unsqueeze(1));  // (B,T,T)
  at::Tensor causal = at::ones({T, T}, at::kBool).tril();   // (T,T)
  return same.logical_and(causal).unsqueeze(1).to(device);  // (B,1,T,T)
}

at::Tensor linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
  if (fast_cpu(x) && fast_cpu(w))
    return b.defined() ? LinearFn::apply(x, w, b) : LinearNoBiasFn::apply(x, w);
  return at::linear(x, w, b);
}

double seconds_per_call(const std::function<void()>& fn, double seconds) {
  fn();  // warm-up
  int64_t n = 0;
  auto t0 = std::chrono::steady_clock::now();
  double el = 0;
  while (el < seconds || n < 3) {
    fn();
    ++n;
    el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  return el / static_cast<double>(n);
}

GeluTiming measure_gelu(int64_t elements, int threads, double seconds) {
  set_threads(threads);
  at::Tensor x = at::randn({elements}), dy = at::randn({elements});
  at::Tensor y = at::empty_like(x), dx = at::empty_like(x);
  // Kernels only, on buffers allocated once (the trainer keeps its heap): ns per value of a
  // forward and a backward pass.
  auto time_it = [&](const std::function<void()>& pass) {
    return seconds_per_call(pass, seconds) / static_cast<double>(elements) * 1e9;
  };
  GeluTiming g;
  for (int round = 0; round < 2; ++round) {  // interleaved: a change of load falls on both
    g.fused_ns += time_it([&] {
                    gelu_forward(fptr(x), fptr(y), elements);
                    gelu_backward(fptr(x), fptr(dy), fptr(dx), elements);
                  }) /
                  2;
    g.aten_ns += time_it([&] {
                   at::gelu_out(y, x, "tanh");
                   at::gelu_backward_out(dx, dy, x, "tanh");
                 }) /
                 2;
  }
  return g;
}

at::Tensor gelu_tanh(const at::Tensor& x) {
  if (x.device().is_cpu() && x.scalar_type() == at::kFloat) return GeluFn::apply(x);
  return at::gelu(x, "tanh");
}

at::Tensor attention(const at::Tensor& qkv, int64_t n_head, const AttnMask& mask, bool reference) {
  if (!reference && fast_cpu(qkv)) return AttentionFn::apply(qkv, n_head, mask.spans);
  return reference_attention(qkv, n_head, mask);
}

}  // namespace stepwise::train

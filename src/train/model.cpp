// model.cpp: the GPT-2-style decoder (pre-LayerNorm blocks, GELU MLP, learned positions, an
// output layer of its own or tied to the embedding), its loss on packed batches, and batched
// decoding with a KV cache.
#include <cmath>
#include <limits>

#include "base/check.h"
#include "train/train_internal.h"

namespace stepwise::train {

AffineImpl::AffineImpl(int64_t in, int64_t out) {
  weight = register_parameter("weight", at::zeros({out, in}));
  bias = register_parameter("bias", at::zeros({out}));
}

NormImpl::NormImpl(int64_t c) {
  weight = register_parameter("weight", at::ones({c}));
  bias = register_parameter("bias", at::zeros({c}));
}

at::Tensor NormImpl::forward(const at::Tensor& x) {
  return at::layer_norm(x, {weight.size(0)}, weight, bias, 1e-5);
}

TableImpl::TableImpl(int64_t n, int64_t c) {
  weight = register_parameter("weight", at::zeros({n, c}));
}

AttentionImpl::AttentionImpl(int64_t c) {
  c_attn = register_module("c_attn", Affine(c, 3 * c));
  c_proj = register_module("c_proj", Affine(c, c));
}

MlpImpl::MlpImpl(int64_t c) {
  c_fc = register_module("c_fc", Affine(c, 4 * c));
  c_proj = register_module("c_proj", Affine(4 * c, c));
}

BlockImpl::BlockImpl(int64_t c) {
  ln_1 = register_module("ln_1", Norm(c));
  attn = register_module("attn", Attention(c));
  ln_2 = register_module("ln_2", Norm(c));
  mlp = register_module("mlp", Mlp(c));
}

GPTImpl::GPTImpl(const ModelConfig& c) : cfg(c) {
  SW_CHECK(c.vocab > 0 && c.d_model % c.n_head == 0);
  wte = register_module("wte", Table(c.vocab, c.d_model));
  wpe = register_module("wpe", Table(c.ctx, c.d_model));
  h = register_module("h", torch::nn::ModuleList());
  for (int64_t i = 0; i < c.n_layer; ++i) h->push_back(Block(c.d_model));
  ln_f = register_module("ln_f", Norm(c.d_model));
  if (!c.tie_embeddings) lm_head = register_module("lm_head", Table(c.vocab, c.d_model));
}

void GPTImpl::init_weights(at::Generator& gen) {
  torch::NoGradGuard no_grad;
  double resid = 0.02 / std::sqrt(2.0 * static_cast<double>(cfg.n_layer));
  for (auto& item : named_parameters()) {
    const std::string& name = item.key();
    at::Tensor& p = item.value();
    bool is_norm = name.find("ln_") != std::string::npos;
    if (is_norm) {
      p.fill_(name.ends_with("weight") ? 1.0 : 0.0);
    } else if (name.ends_with("bias")) {
      p.zero_();
    } else {
      bool proj = name.ends_with("c_proj.weight");
      p.normal_(0.0, proj ? resid : 0.02, gen);
    }
  }
}

namespace {

at::Tensor dropout(const at::Tensor& x, double p, std::optional<at::Generator>& gen) {
  if (p <= 0 || !gen) return x;
  at::Tensor keep = at::empty_like(x).bernoulli_(1.0 - p, *gen);
  return x * keep * (1.0 / (1.0 - p));
}

}  // namespace

at::Tensor GPTImpl::hidden(const at::Tensor& idx, const at::Tensor& pos, const AttnMask& mask,
                           std::optional<at::Generator> gen, bool reference_attention) {
  int64_t B = idx.size(0), T = idx.size(1), C = cfg.d_model;
  if (!is_training()) gen.reset();
  at::Tensor x = at::embedding(wte->weight, idx) + at::embedding(wpe->weight, pos);  // (B,T,C)
  x = dropout(x, cfg.dropout, gen).view({B * T, C});                                 // (B*T,C)
  for (const auto& m : *h) {
    auto* blk = m->as<BlockImpl>();
    at::Tensor qkv = blk->attn->c_attn(blk->ln_1(x)).view({B, T, 3 * C});  // (B,T,3C)
    at::Tensor y = attention(qkv, cfg.n_head, mask, reference_attention).view({B * T, C});
    x = x + dropout(blk->attn->c_proj(y), cfg.dropout, gen);
    at::Tensor u = gelu_tanh(blk->mlp->c_fc(blk->ln_2(x)));  // (B*T,4C)
    x = x + dropout(blk->mlp->c_proj(u), cfg.dropout, gen);
  }
  return ln_f(x);  // (B*T,C)
}

at::Tensor GPTImpl::decode(const at::Tensor& idx, const at::Tensor& pos, const at::Tensor& key_ok,
                           KVCache& cache) {
  int64_t B = idx.size(0), S = idx.size(1), C = cfg.d_model, H = cfg.n_head, D = C / H;
  int64_t L = cache.len + S;
  if (cache.k.empty()) {
    for (int64_t i = 0; i < cfg.n_layer; ++i) {
      cache.k.push_back(at::empty({B, H, cfg.ctx, D}, wte->weight.options()));
      cache.v.push_back(at::empty({B, H, cfg.ctx, D}, wte->weight.options()));
    }
  }
  SW_CHECK(L <= cfg.ctx);
  // allowed: (B,1,S,L) = key is not padding and not in the future; a query that sees no key
  // (a padding row) may see itself so its softmax stays finite.
  at::Tensor qpos = at::arange(cache.len, L, idx.options()).view({S, 1});
  at::Tensor causal = at::arange(L, idx.options()).view({1, L}).le(qpos);  // (S,L)
  at::Tensor self = at::arange(L, idx.options()).view({1, L}).eq(qpos);    // (S,L)
  at::Tensor allowed = causal.unsqueeze(0)
                           .logical_and(key_ok.view({B, 1, L}))  // (B,S,L)
                           .logical_or(self.unsqueeze(0))
                           .unsqueeze(1);
  at::Tensor x = (at::embedding(wte->weight, idx) + at::embedding(wpe->weight, pos))
                     .view({B * S, C});  // (B*S,C)
  for (size_t li = 0; li < h->size(); ++li) {
    auto* blk = (*h)[li]->as<BlockImpl>();
    at::Tensor qkv = blk->attn->c_attn(blk->ln_1(x)).view({B, S, 3, H, D});
    at::Tensor q = qkv.select(2, 0).transpose(1, 2);  // (B,H,S,D)
    cache.k[li].narrow(2, cache.len, S).copy_(qkv.select(2, 1).transpose(1, 2));
    cache.v[li].narrow(2, cache.len, S).copy_(qkv.select(2, 2).transpose(1, 2));
    at::Tensor k = cache.k[li].narrow(2, 0, L), v = cache.v[li].narrow(2, 0, L);  // (B,H,L,D)
    at::Tensor att = at::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(D)));
    att = at::softmax(
        att.masked_fill(allowed.logical_not(), -std::numeric_limits<double>::infinity()),
        -1);                                                                // (B,H,S,L)
    at::Tensor y = at::matmul(att, v).transpose(1, 2).reshape({B * S, C});  // (B*S,C)
    x = x + blk->attn->c_proj(y);
    x = x + blk->mlp->c_proj(gelu_tanh(blk->mlp->c_fc(blk->ln_2(x))));
  }
  cache.len = L;
  at::Tensor last = x.view({B, S, C}).select(1, S - 1).contiguous();  // (B,C)
  return logits(ln_f(last));                                          // (B,V)
}

namespace {

// The next token of each row: greedy, or sampled with temperature / top-k / top-p.
at::Tensor pick(at::Tensor logits, const GenerateOptions& o, at::Generator& gen) {
  logits = logits.to(at::kFloat).cpu();  // (B,V)
  if (o.temperature <= 0) return logits.argmax(-1);
  logits = logits / o.temperature;
  int64_t V = logits.size(1);
  if (o.top_k > 0 && o.top_k < V) {
    at::Tensor kth = std::get<0>(logits.topk(o.top_k, -1)).select(1, o.top_k - 1).unsqueeze(1);
    logits = logits.masked_fill(logits < kth, -std::numeric_limits<double>::infinity());
  }
  if (o.top_p < 1.0) {
    auto [sorted, order] = logits.sort(-1, /*descending=*/true);
    at::Tensor cum = at::softmax(sorted, -1).cumsum(-1);
    // Drop a token when the tokens before it already reach top_p (the first always stays).
    at::Tensor drop = (cum - at::softmax(sorted, -1)) >= o.top_p;
    sorted = sorted.masked_fill(drop, -std::numeric_limits<double>::infinity());
    logits = at::empty_like(logits).scatter_(1, order, sorted);
  }
  return at::multinomial(at::softmax(logits, -1), 1, false, gen).squeeze(1);
}

std::vector<std::vector<int32_t>> generate_chunk(GPT& model,
                                                 const std::vector<std::vector<int32_t>>& prompts,
                                                 const GenerateOptions& o, at::Generator& gen) {
  const int64_t B = static_cast<int64_t>(prompts.size()), ctx = model->cfg.ctx;
  auto dev = model->wte->weight.device();
  int64_t P = 0;
  for (const auto& p : prompts) P = std::max<int64_t>(P, static_cast<int64_t>(p.size()));
  P = std::min(P, ctx - 1);
  // Left-pad to P; positions count from each prompt's own start.
  at::Tensor idx = at::full({B, P}, Tokenizer::kPad, at::kLong);
  at::Tensor pos = at::zeros({B, P}, at::kLong);
  at::Tensor key_ok = at::zeros({B, P}, at::kBool);
  at::Tensor cur = at::zeros({B}, at::kLong);  // next position of each row
  for (int64_t b = 0; b < B; ++b) {
    const auto& p = prompts[static_cast<size_t>(b)];
    int64_t n = std::min<int64_t>(static_cast<int64_t>(p.size()), P), pad = P - n;
    for (int64_t t = 0; t < n; ++t) {
      idx[b][pad + t] = p[static_cast<size_t>(static_cast<int64_t>(p.size()) - n + t)];
      pos[b][pad + t] = t;
      key_ok[b][pad + t] = true;
    }
    cur[b] = n;
  }
  std::vector<std::vector<int32_t>> out(static_cast<size_t>(B));
  std::vector<bool> done(static_cast<size_t>(B), false);
  KVCache cache;
  at::Tensor all_idx = idx, all_pos = pos;
  at::Tensor logits = model->decode(idx.to(dev), pos.to(dev), key_ok.to(dev), cache);
  int64_t max_new = std::min(o.max_new_tokens, ctx - P);
  for (int64_t step = 0; step < max_new; ++step) {
    at::Tensor next = pick(logits, o, gen);  // (B)
    auto nx = next.accessor<int64_t, 1>();
    bool all_done = true;
    for (int64_t b = 0; b < B; ++b) {
      if (done[static_cast<size_t>(b)]) continue;
      if (nx[b] == Tokenizer::kEos) {
        done[static_cast<size_t>(b)] = true;
      } else {
        out[static_cast<size_t>(b)].push_back(static_cast<int32_t>(nx[b]));
        all_done = false;
      }
    }
    if (all_done || step + 1 == max_new) break;
    at::Tensor nidx = next.view({B, 1});
    at::Tensor npos = cur.clamp_max(ctx - 1).view({B, 1});
    cur += 1;
    key_ok = at::cat({key_ok, at::ones({B, 1}, at::kBool)}, 1);
    if (o.use_cache) {
      logits = model->decode(nidx.to(dev), npos.to(dev), key_ok.to(dev), cache);
    } else {  // recompute the whole prefix (for comparing against the cache)
      all_idx = at::cat({all_idx, nidx}, 1);
      all_pos = at::cat({all_pos, npos}, 1);
      KVCache fresh;
      logits = model->decode(all_idx.to(dev), all_pos.to(dev), key_ok.to(dev), fresh);
    }
  }
  return out;
}

}  // namespace

std::vector<std::vector<int32_t>> generate_tokens(GPT& model,
                                                  const std::vector<std::vector<int32_t>>& prompts,
                                                  const GenerateOptions& opts) {
  torch::NoGradGuard no_grad;
  bool was_training = model->is_training();
  model->eval();
  auto gen = at::make_generator<at::CPUGeneratorImpl>(opts.seed);
  std::vector<std::vector<int32_t>> out;
  int64_t bs = std::max<int64_t>(1, opts.batch);
  for (size_t i = 0; i < prompts.size(); i += static_cast<size_t>(bs)) {
    size_t end = std::min(prompts.size(), i + static_cast<size_t>(bs));
    std::vector<std::vector<int32_t>> chunk(prompts.begin() + static_cast<int64_t>(i),
                                            prompts.begin() + static_cast<int64_t>(end));
    auto got = generate_chunk(model, chunk, opts, gen);
    out.insert(out.end(), got.begin(), got.end());
  }
  model->train(was_training);
  return out;
}

DeviceBatch to_device(const Batch& b, const at::Device& device) {
  auto as_long = [&](const std::vector<int64_t>& v) {
    return at::from_blob(const_cast<int64_t*>(v.data()), {b.rows, b.T}, at::kLong)
        .to(device, false, true);
  };
  DeviceBatch d;
  d.input = as_long(b.input);
  d.pos = as_long(b.pos);
  std::vector<int64_t> rows, labels;
  rows.reserve(static_cast<size_t>(b.targets));
  labels.reserve(static_cast<size_t>(b.targets));
  for (size_t i = 0; i < b.label.size(); ++i) {
    if (b.label[i] < 0) continue;
    rows.push_back(static_cast<int64_t>(i));
    labels.push_back(b.label[i]);
  }
  auto n = static_cast<int64_t>(rows.size());
  d.rows = at::from_blob(rows.data(), {n}, at::kLong).to(device, false, true);
  d.labels = at::from_blob(labels.data(), {n}, at::kLong).to(device, false, true);
  auto nspans = static_cast<int64_t>(b.spans.size() / 3);
  d.mask.spans = at::from_blob(const_cast<int32_t*>(b.spans.data()), {nspans, 3}, at::kInt).clone();
  d.mask.B = b.rows;
  d.mask.T = b.T;
  return d;
}

at::Tensor loss_sum(GPT& model, const DeviceBatch& b, std::optional<at::Generator> gen) {
  at::Tensor h = model->hidden(b.input, b.pos, b.mask, gen);     // (B*T,C)
  at::Tensor logits = model->logits(h.index_select(0, b.rows));  // (N,V)
  return at::cross_entropy_loss(logits.to(at::kFloat), b.labels, {}, at::Reduction::Sum);
}

}  // namespace stepwise::train

// Tests of the model, its kernels, the loop, checkpoints and sampling (tiny models, CPU).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "train/shop_internal.h"
#include "train/train_internal.h"

namespace stepwise::train {
namespace {

ModelConfig tiny(int64_t vocab = 20) {
  ModelConfig c;
  c.d_model = 16;
  c.n_layer = 2;
  c.n_head = 2;
  c.ctx = 32;
  c.vocab = vocab;
  return c;
}

// Two rows: row 0 holds spans of 5 and 7 tokens and a padding tail of 4; row 1 one of 16.
AttnMask two_row_mask() {
  AttnMask m;
  m.spans = at::tensor({0, 0, 5, 0, 5, 7, 0, 12, 4, 1, 0, 16}, at::kInt).view({4, 3});
  m.B = 2;
  m.T = 16;
  return m;
}

std::string temp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("stepwise_train_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

TEST(Ops, LinearMatchesReferenceForwardAndBackward) {
  at::manual_seed(1);
  at::Tensor x = at::randn({37, 24}, at::kDouble).requires_grad_();
  at::Tensor w = at::randn({40, 24}, at::kDouble).requires_grad_();
  at::Tensor b = at::randn({40}, at::kDouble).requires_grad_();
  at::Tensor g = at::randn({37, 40}, at::kDouble);
  auto ref = torch::autograd::grad({(at::linear(x, w, b) * g).sum()}, {x, w, b});
  at::Tensor xf = x.detach().to(at::kFloat).requires_grad_();
  at::Tensor wf = w.detach().to(at::kFloat).requires_grad_();
  at::Tensor bf = b.detach().to(at::kFloat).requires_grad_();
  at::Tensor y = linear(xf, wf, bf);
  EXPECT_TRUE(at::allclose(y.to(at::kDouble), at::linear(x, w, b), 1e-4, 1e-4));
  auto got = torch::autograd::grad({(y * g.to(at::kFloat)).sum()}, {xf, wf, bf});
  for (size_t i = 0; i < 3; ++i)
    EXPECT_TRUE(at::allclose(got[i].to(at::kDouble), ref[i], 1e-4, 1e-3)) << "grad " << i;
}

TEST(Ops, FusedAttentionMatchesDenseMaskedAttention) {
  at::manual_seed(2);
  AttnMask m = two_row_mask();
  at::Tensor qkv = at::randn({2, 16, 3 * 8}, at::kDouble).requires_grad_();
  at::Tensor g = at::randn({2, 16, 8}, at::kDouble);
  at::Tensor ref = attention(qkv, 2, m, /*reference=*/true);
  auto ref_grad = torch::autograd::grad({(ref * g).sum()}, {qkv})[0];
  at::Tensor qf = qkv.detach().to(at::kFloat).requires_grad_();
  at::Tensor out = attention(qf, 2, m);
  EXPECT_TRUE(at::allclose(out.to(at::kDouble), ref, 1e-5, 1e-5));
  auto grad = torch::autograd::grad({(out * g.to(at::kFloat)).sum()}, {qf})[0];
  EXPECT_TRUE(at::allclose(grad.to(at::kDouble), ref_grad, 1e-4, 1e-4));
}

TEST(Ops, FusedGeluMatchesTheTanhFormForwardAndBackward) {
  // Wide range, both signs, the tails where tanh saturates, and zero.
  at::Tensor x = at::cat({at::linspace(-12, 12, 4001, at::kDouble), at::zeros({1}, at::kDouble)})
                     .requires_grad_();
  at::Tensor g = at::randn({x.numel()}, at::kDouble);
  at::Tensor ref = at::gelu(x, "tanh");
  auto ref_grad = torch::autograd::grad({(ref * g).sum()}, {x})[0];
  at::Tensor xf = x.detach().to(at::kFloat).requires_grad_();
  at::Tensor y = gelu_tanh(xf);
  EXPECT_TRUE(at::allclose(y.to(at::kDouble), ref, 1e-6, 1e-6));
  auto grad = torch::autograd::grad({(y * g.to(at::kFloat)).sum()}, {xf})[0];
  EXPECT_TRUE(at::allclose(grad.to(at::kDouble), ref_grad, 1e-5, 1e-5));
  EXPECT_EQ(gelu_tanh(at::zeros({3}, at::kFloat)).abs().sum().item<float>(), 0.0f);
  // Other dtypes take libtorch's own GELU.
  EXPECT_TRUE(at::allclose(gelu_tanh(x.detach()), ref));
}

TEST(Model, GradientMatchesFiniteDifferences) {
  // Double precision through the reference paths, against central differences.
  ModelConfig c = tiny(11);
  GPT model(c);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(3);
  model->init_weights(gen);
  model->to(at::kDouble);
  {  // larger weights than the init so every term matters
    torch::NoGradGuard ng;
    for (auto& p : model->parameters()) p.add_(at::randn(p.sizes(), gen, at::kDouble) * 0.3);
  }
  AttnMask m = two_row_mask();
  at::Tensor idx = at::randint(0, 11, {2, 16}, gen, at::kLong);
  at::Tensor pos = at::arange(16).repeat({2, 1});
  at::Tensor rows = at::arange(0, 32, 3);
  at::Tensor labels = at::randint(0, 11, {rows.size(0)}, gen, at::kLong);
  auto loss_of = [&] {
    at::Tensor h = model->hidden(idx, pos, m, std::nullopt, /*reference_attention=*/true);
    return at::cross_entropy_loss(model->logits(h.index_select(0, rows)), labels, {},
                                  at::Reduction::Sum);
  };
  model->zero_grad();
  loss_of().backward();
  torch::NoGradGuard ng;
  int checked = 0;
  for (auto& item : model->named_parameters()) {
    at::Tensor p = item.value();
    at::Tensor flat = p.view({-1});
    for (int64_t i = 0; i < flat.numel(); i += std::max<int64_t>(1, flat.numel() / 5)) {
      double orig = flat[i].item<double>(), eps = 1e-6;
      flat[i] = orig + eps;
      double up = loss_of().item<double>();
      flat[i] = orig - eps;
      double down = loss_of().item<double>();
      flat[i] = orig;
      double numeric = (up - down) / (2 * eps);
      double analytic = p.grad().view({-1})[i].item<double>();
      EXPECT_NEAR(analytic, numeric, 1e-5 * std::max(1.0, std::abs(numeric))) << item.key();
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(Model, PackedTracesDoNotSeeEachOther) {
  ModelConfig c = tiny();
  GPT model(c);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(4);
  model->init_weights(gen);
  model->eval();
  torch::NoGradGuard ng;
  AttnMask m = two_row_mask();
  at::Tensor idx = at::randint(0, 20, {2, 16}, gen, at::kLong);
  at::Tensor pos =
      at::cat({at::arange(5), at::arange(7), at::arange(4)}).view({1, 16}).repeat({2, 1});
  at::Tensor before = model->logits(model->hidden(idx, pos, m, std::nullopt));
  at::Tensor changed = idx.clone();
  changed[0].narrow(0, 5, 7).fill_(3);  // the second trace of row 0
  changed[1].fill_(5);                  // the other row
  at::Tensor after = model->logits(model->hidden(changed, pos, m, std::nullopt));
  // The first trace (row 0, positions 0..4) is unchanged; the changed trace's are not.
  EXPECT_TRUE(at::equal(before.narrow(0, 0, 5), after.narrow(0, 0, 5)));
  EXPECT_FALSE(at::allclose(before.narrow(0, 5, 7), after.narrow(0, 5, 7)));
  // Within a trace, a later token does not change earlier logits (causality).
  at::Tensor later = idx.clone();
  later[0][4] = (idx[0][4].item<int64_t>() + 1) % 20;
  at::Tensor l2 = model->logits(model->hidden(later, pos, m, std::nullopt));
  EXPECT_TRUE(at::equal(before.narrow(0, 0, 4), l2.narrow(0, 0, 4)));
}

TrainOptions small_run(const std::string& out) {
  TrainOptions o;
  o.out = out;
  o.model.d_model = 32;
  o.model.n_layer = 2;
  o.model.n_head = 2;
  o.model.ctx = 96;
  o.batch = 8;
  o.steps = 12;
  o.warmup = 3;
  o.lr = 3e-3;
  o.log_every = 1;
  o.progress = false;
  o.distributed_from_env = false;
  o.seed = 42;
  return o;
}

TEST(Train, OverfitsOneBatch) {
  auto traces = make_shop_traces(4, 9);
  TrainOptions o = small_run(temp_dir("overfit"));
  o.batch = 1;
  o.steps = 150;
  o.warmup = 10;
  o.lr = 1e-2;
  o.min_lr_ratio = 1.0;
  o.weight_decay = 0;
  o.shuffle = false;
  o.model.ctx = 192;  // all four traces fit in the one row
  Diagnostics diag;
  auto rep = train(o, traces, diag);
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_GT(rep->losses.front().second, 2.0);
  EXPECT_LT(rep->final_loss, 0.05);
}

TEST(Train, GoldenFirstLosses) {
  // Fixed seed, fixed data: the first losses of this configuration (CPU, one thread), with the
  // output layer tied to the embedding (GPT-2's layout) and with its own matrix (the default).
  auto traces = make_shop_traces(64, 5);
  const double tied[] = {3.9945127964019775, 3.9465479850769043, 3.8243241310119629,
                         3.7333059310913086, 3.6558434963226318};
  const double untied[] = {4.0200419425964355, 3.9704689979553223, 3.8274610042572021,
                           3.7515749931335449, 3.6829397678375244};
  int64_t params[2] = {0, 0};
  for (bool tie : {true, false}) {
    TrainOptions o = small_run(temp_dir(tie ? "golden_tied" : "golden"));
    o.steps = 5;
    o.model.tie_embeddings = tie;
    Diagnostics diag;
    auto rep = train(o, traces, diag);
    ASSERT_TRUE(rep) << rep.error().message;
    ASSERT_EQ(rep->losses.size(), 5u);
    const double* golden = tie ? tied : untied;
    for (size_t i = 0; i < 5; ++i) EXPECT_NEAR(rep->losses[i].second, golden[i], 2e-4) << i;
    params[tie ? 0 : 1] = rep->params;
  }
  // The untied output layer is one more (vocab x d_model) matrix.
  EXPECT_GT(params[1], params[0]);
  EXPECT_EQ((params[1] - params[0]) % small_run("x").model.d_model, 0);
}

TEST(Train, ResumeReproducesTheUninterruptedRun) {
  auto traces = make_shop_traces(64, 6);
  TrainOptions full = small_run(temp_dir("full"));
  full.model.dropout = 0.1;  // the dropout generator's state must survive too
  Diagnostics diag;
  auto a = train(full, traces, diag);
  ASSERT_TRUE(a) << a.error().message;
  TrainOptions part = full;
  part.out = temp_dir("part");
  part.stop_after = 5;
  auto b1 = train(part, traces, diag);
  ASSERT_TRUE(b1) << b1.error().message;
  EXPECT_EQ(b1->steps, 5);
  part.stop_after = 0;
  part.resume = true;
  auto b2 = train(part, traces, diag);
  ASSERT_TRUE(b2) << b2.error().message;
  ASSERT_EQ(b2->losses.size(), a->losses.size());
  for (size_t i = 0; i < a->losses.size(); ++i) {
    EXPECT_EQ(b2->losses[i].first, a->losses[i].first);
    EXPECT_EQ(b2->losses[i].second, a->losses[i].second) << "step " << a->losses[i].first;
  }
  auto ca = load_checkpoint(a->checkpoint), cb = load_checkpoint(b2->checkpoint);
  ASSERT_TRUE(ca && cb);
  ASSERT_EQ(ca->params.size(), cb->params.size());
  for (size_t i = 0; i < ca->params.size(); ++i)
    EXPECT_TRUE(at::equal(ca->params[i].second, cb->params[i].second)) << ca->params[i].first;
  EXPECT_TRUE(at::equal(ca->adam_v, cb->adam_v));
}

TEST(Train, ResumeRefusesOtherDataShaping) {
  auto traces = make_shop_traces(16, 6);
  TrainOptions o = small_run(temp_dir("refuse"));
  o.steps = 2;
  Diagnostics diag;
  ASSERT_TRUE(train(o, traces, diag));
  o.resume = true;
  o.seed = 43;
  auto r = train(o, traces, diag);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("seed"), std::string::npos);
}

TEST(Train, CudaAskedForWithoutCudaIsAClearError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "a GPU is present";
  TrainOptions o = small_run(temp_dir("cuda"));
  o.device = "cuda";
  Diagnostics diag;
  auto r = train(o, make_shop_traces(4, 1), diag);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("CUDA is not available"), std::string::npos);
}

TEST(Checkpoint, RoundTripsAndStudentSamplesTheSame) {
  auto traces = make_shop_traces(64, 7);
  TrainOptions o = small_run(temp_dir("roundtrip"));
  o.mode = Mode::kMultitask;
  o.steps = 30;
  Diagnostics diag;
  std::vector<std::string> during;
  EvalHook hook = [&](Student& s, int64_t) {
    during = *s.generate({traces[0].question, traces[1].question});
    return json::Value::object();
  };
  o.eval_every = 30;
  auto rep = train(o, traces, diag, hook);
  ASSERT_TRUE(rep) << rep.error().message;
  auto student = Student::load(rep->checkpoint);
  ASSERT_TRUE(student) << student.error().message;
  EXPECT_EQ((*student)->mode(), Mode::kMultitask);
  EXPECT_EQ((*student)->params(), rep->params);
  auto after = (*student)->generate({traces[0].question, traces[1].question});
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, during);
  auto ck = load_checkpoint(rep->checkpoint);
  ASSERT_TRUE(ck);
  EXPECT_EQ(ck->state.step, 30);
  EXPECT_EQ(ck->adam_step, 30);
  EXPECT_EQ(ck->state.losses, rep->losses);
}

TEST(Generate, CachedDecodingMatchesRecomputing) {
  // Rows with left padding (prompts of 3 and 6 tokens), then 5 new tokens one at a time: the
  // cached logits equal a full recomputation of each row on its own, without padding.
  ModelConfig c = tiny();
  GPT model(c);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(12);
  model->init_weights(gen);
  model->eval();
  torch::NoGradGuard ng;
  at::Tensor seq = at::randint(1, 20, {2, 11}, gen, at::kLong);  // row r: prompt + new tokens
  int64_t plen[2] = {3, 6};
  at::Tensor idx = at::zeros({2, 6}, at::kLong), pos = at::zeros({2, 6}, at::kLong);
  at::Tensor ok = at::zeros({2, 6}, at::kBool);
  for (int64_t r = 0; r < 2; ++r)
    for (int64_t t = 0; t < plen[r]; ++t) {
      idx[r][6 - plen[r] + t] = seq[r][t];
      pos[r][6 - plen[r] + t] = t;
      ok[r][6 - plen[r] + t] = true;
    }
  KVCache cache;
  at::Tensor logits = model->decode(idx, pos, ok, cache);
  for (int64_t step = 0; step <= 5; ++step) {
    for (int64_t r = 0; r < 2; ++r) {
      int64_t n = plen[r] + step;  // tokens seen so far by row r
      AttnMask m;
      m.spans = at::tensor({0, 0, static_cast<int32_t>(n)}, at::kInt).view({1, 3});
      m.B = 1;
      m.T = n;
      at::Tensor full = model->logits(model->hidden(seq[r].narrow(0, 0, n).view({1, n}),
                                                    at::arange(n).view({1, n}), m, std::nullopt));
      EXPECT_TRUE(at::allclose(logits[r], full[n - 1], 1e-4, 1e-4))
          << "row " << r << " step " << step;
    }
    if (step == 5) break;
    at::Tensor next = at::stack({seq[0][plen[0] + step], seq[1][plen[1] + step]}).view({2, 1});
    at::Tensor npos = at::tensor({plen[0] + step, plen[1] + step}, at::kLong).view({2, 1});
    ok = at::cat({ok, at::ones({2, 1}, at::kBool)}, 1);
    logits = model->decode(next, npos, ok, cache);
  }
}

TEST(Generate, SamplingIsSeededAndStopsAtTheLimit) {
  auto traces = make_shop_traces(64, 8);
  TrainOptions o = small_run(temp_dir("sample"));
  o.steps = 20;
  Diagnostics diag;
  auto rep = train(o, traces, diag);
  ASSERT_TRUE(rep);
  auto s = Student::load(rep->checkpoint);
  ASSERT_TRUE(s);
  std::vector<std::string> qs = {traces[0].question, "Bob buys 2 cups at $3 each.",
                                 traces[2].question};
  GenerateOptions g;
  g.max_new_tokens = 12;
  g.temperature = 0.8;
  g.top_k = 5;
  g.top_p = 0.9;
  g.seed = 3;
  auto s1 = (*s)->generate(qs, g), s2 = (*s)->generate(qs, g);
  ASSERT_TRUE(s1 && s2);
  EXPECT_EQ(*s1, *s2);  // same seed, same samples
  for (const auto& t : *s1) EXPECT_LE(t.size(), 12u);
  g.seed = 4;
  EXPECT_NE(*(*s)->generate(qs, g), *s1);
}

}  // namespace
}  // namespace stepwise::train

// Benchmarks of the calc hot paths the verifier calls on every annotation and step:
// evaluate() / evaluate_into() on typical GSM8K annotation expressions, find_numbers() on a
// typical step sentence, and answers_equal() on a final answer.
#include <benchmark/benchmark.h>

#include <vector>

#include "calc/calc.h"

namespace calc = stepwise::calc;

namespace {

const char* const kExprs[] = {"3*4", "12+14", "1,080/12", "50-26", "0.25*80"};

void BM_Evaluate(benchmark::State& state) {
  const char* expr = kExprs[state.range(0)];
  for (auto _ : state) {
    auto r = calc::evaluate(expr);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(expr);
}
BENCHMARK(BM_Evaluate)->DenseRange(0, 4);

void BM_EvaluateInto(benchmark::State& state) {
  const char* expr = kExprs[state.range(0)];
  calc::Parsed out;
  for (auto _ : state) {
    auto s = calc::evaluate_into(expr, out);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(expr);
}
BENCHMARK(BM_EvaluateInto)->DenseRange(0, 4);

void BM_EvaluateLong(benchmark::State& state) {
  const char* expr = "(1,200 + 3.5*40)/2 - 15% of 80 + 2^10";
  calc::Parsed out;
  for (auto _ : state) {
    auto s = calc::evaluate_into(expr, out);
    benchmark::DoNotOptimize(s);
  }
  state.SetLabel(expr);
}
BENCHMARK(BM_EvaluateLong);

void BM_EvaluateBig(benchmark::State& state) {
  const char* expr = "123456789012345678901234567890 * 987654321098765432109876543210 / 7";
  calc::Parsed out;
  for (auto _ : state) {
    auto s = calc::evaluate_into(expr, out);
    benchmark::DoNotOptimize(s);
  }
  state.SetLabel("30-digit operands (GMP path)");
}
BENCHMARK(BM_EvaluateBig);

constexpr const char* kStep =
    "Natalia sold 48/2 = 24 clips in May, so she sold 48 + 24 = 72 clips altogether, "
    "earning $1,080.50 at a 25% margin.";

void BM_FindNumbers(benchmark::State& state) {
  for (auto _ : state) {
    auto v = calc::find_numbers(kStep);
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(std::string_view(kStep).size()));
}
BENCHMARK(BM_FindNumbers);

void BM_FindNumbersInto(benchmark::State& state) {
  std::vector<calc::Number> out;
  for (auto _ : state) {
    calc::find_numbers_into(kStep, out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(std::string_view(kStep).size()));
}
BENCHMARK(BM_FindNumbersInto);

void BM_AnswersEqual(benchmark::State& state) {
  for (auto _ : state) {
    auto c = calc::answers_equal("\\boxed{72}", "72");
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_AnswersEqual);

}  // namespace

BENCHMARK_MAIN();

// shop_internal.h: a small shopping-problem trace generator (2-4 steps: item costs, their sum,
// change from a payment), the same family as the PyTorch reference benchmark uses. For the
// module's tests and the training benchmark only; the real problem families live in tasks/.
#pragma once

#include <string>
#include <vector>

#include "base/rng.h"
#include "trace/trace.h"

namespace stepwise::train {

inline trace::Trace make_shop_trace(Rng& rng, int64_t max_price = 20) {
  static const char* kNames[] = {"Ann", "Bob", "Cy",  "Dee", "Eve",
                                 "Fay", "Gus", "Hal", "Ivy", "Jo"};
  static const char* kItems[] = {"pens", "books", "apples", "cups", "hats", "toys", "pies", "caps"};
  int kind = static_cast<int>(rng.below(3));  // 0: one item + payment, 1: two items, 2: both
  int k = kind == 0 ? 1 : 2;
  std::string name = kNames[rng.below(10)];
  size_t first = rng.below(8), second = (first + 1 + rng.below(7)) % 8;
  trace::Trace t;
  t.task = "shopping";
  t.question = name + " buys ";
  int64_t total = 0, prods[2] = {0, 0};
  for (int i = 0; i < k; ++i) {
    int64_t q = rng.range(2, 9), p = rng.range(2, max_price);
    t.question += (i ? " and " : "") + std::to_string(q) + " " + kItems[i ? second : first] +
                  " at $" + std::to_string(p) + " each";
    prods[i] = q * p;
    total += prods[i];
    t.steps.push_back({std::to_string(q) + "*" + std::to_string(p) + "=" + std::to_string(q * p),
                       json::Value::object()});
  }
  t.question += ".";
  if (k == 2)
    t.steps.push_back(
        {std::to_string(prods[0]) + "+" + std::to_string(prods[1]) + "=" + std::to_string(total),
         json::Value::object()});
  int64_t answer = total;
  if (kind != 1) {
    int64_t pay = total + rng.range(0, 99);
    t.question += " " + name + " pays with $" + std::to_string(pay) + ". How much change?";
    answer = pay - total;
    t.steps.push_back(
        {std::to_string(pay) + "-" + std::to_string(total) + "=" + std::to_string(answer),
         json::Value::object()});
  } else {
    t.question += " How much is spent?";
  }
  t.answer = std::to_string(answer);
  t.gold = t.answer;
  t.id = "shop-" + std::to_string(rng.next() % 1000000007);
  return t;
}

inline std::vector<trace::Trace> make_shop_traces(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<trace::Trace> out;
  for (size_t i = 0; i < n; ++i) out.push_back(make_shop_trace(rng));
  return out;
}

}  // namespace stepwise::train

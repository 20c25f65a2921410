#include "curate/select.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "base/check.h"

namespace stepwise::curate {

uint64_t rank_key(const trace::Trace& t, const CrossSignals& s) {
  const bool ok = t.verdict && t.verdict->ok;
  const bool answer_ok = t.verdict && t.verdict->answer_ok;
  uint64_t findings = t.verdict ? std::min<uint64_t>(t.verdict->findings.size(), 4095) : 4095;
  uint64_t disagreement = 65535;
  if (s.agreement) {
    double a = std::clamp(*s.agreement, 0.0, 1.0);
    disagreement = 65535 - static_cast<uint64_t>(std::lround(a * 65535.0));
  }
  uint64_t length = 0;
  for (const auto& st : t.steps) length += st.text.size();
  length = std::min<uint64_t>(length, (uint64_t{1} << 34) - 1);
  return (uint64_t{!ok} << 63) | (uint64_t{!answer_ok} << 62) | (findings << 50) |
         (disagreement << 34) | length;
}

std::vector<uint8_t> select_best(std::vector<Candidate>& cands, size_t count,
                                 const SelectOptions& opts) {
  std::vector<uint8_t> status(count, kSelected);
  std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    if (a.problem != b.problem) return a.problem < b.problem;
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.tie != b.tie) return a.tie < b.tie;
    return a.index < b.index;
  });
  // Paths taken for the current problem: a short vector, and a set once there are many.
  std::vector<uint64_t> taken_paths;
  std::unordered_set<uint64_t> many;
  auto taken = [&](uint64_t p) {
    if (taken_paths.size() <= 32)
      return std::find(taken_paths.begin(), taken_paths.end(), p) != taken_paths.end();
    return many.count(p) > 0;
  };
  auto take = [&](uint64_t p) {
    taken_paths.push_back(p);
    if (taken_paths.size() == 33) many.insert(taken_paths.begin(), taken_paths.end());
    if (taken_paths.size() > 33) many.insert(p);
  };
  for (size_t i = 0; i < cands.size();) {
    size_t end = i;
    while (end < cands.size() && cands[end].problem == cands[i].problem) ++end;
    taken_paths.clear();
    if (!many.empty()) many.clear();
    for (size_t j = i; j < end; ++j) {
      const Candidate& c = cands[j];
      SW_CHECK(c.index < count);
      bool repeat = opts.distinct_paths && taken(c.path);
      if (repeat) {
        status[c.index] = static_cast<uint8_t>(Drop::kDuplicatePath);
      } else if (opts.keep > 0 && taken_paths.size() >= static_cast<size_t>(opts.keep)) {
        status[c.index] = static_cast<uint8_t>(Drop::kNotBestOfK);
      } else {
        take(c.path);
      }
    }
    i = end;
  }
  return status;
}

}  // namespace stepwise::curate

// select.h: best-of-k per problem over distinct reasoning paths.
//
// Candidates of one problem (same text.h problem_key) are ranked best first by
//   verdict.ok, then verdict.answer_ok, then fewer findings, then higher crosscheck.agreement,
//   then the shorter trace (bytes of step text), then hash64 of the id, then input order
// (rank_key packs the first five into one integer, smaller is better). Walking the ranking, a
// candidate whose reasoning path (computations.h path_key) equals one already taken for the
// problem is dropped as duplicate_path; once `keep` are taken the rest are not_best_of_k.
// Deterministic; the work is one sort of 40-byte entries. Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "curate/policy.h"
#include "trace/record.h"

namespace stepwise::curate {

struct SelectOptions {
  int keep = 1;                // candidates kept per problem; 0 = all (distinct paths)
  bool distinct_paths = true;  // drop candidates that repeat a better candidate's path
};

// What select_best() needs to know of one record.
struct Candidate {
  uint64_t problem = 0;  // problem_key()
  uint64_t rank = 0;     // rank_key(): smaller is better
  uint64_t tie = 0;      // hash64 of the id
  uint64_t path = 0;     // path_key()
  uint32_t index = 0;    // position in the stream
};

// The rank of `t` as one integer, smaller is better: bit 63 = !verdict.ok, bit 62 =
// !verdict.answer_ok (both set without a verdict), bits 50-61 = number of findings (capped at
// 4095), bits 34-49 = 65535 * (1 - crosscheck.agreement) (65535 without it), bits 0-33 = bytes
// of step text (capped).
uint64_t rank_key(const trace::Trace& t, const CrossSignals& s);

// Status of a record after selection.
inline constexpr uint8_t kSelected = 0xff;

// Sorts `cands` (in place) and returns, for each index 0..count-1, kSelected or the Drop it
// gets (kDuplicatePath, kNotBestOfK). Indices not among `cands` are kSelected. Every
// candidate's index must be < count.
std::vector<uint8_t> select_best(std::vector<Candidate>& cands, size_t count,
                                 const SelectOptions& opts);

}  // namespace stepwise::curate

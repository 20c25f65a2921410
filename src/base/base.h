// base: what every module needs and nothing domain-specific.
//
// Error values (status.h), invariant checks (check.h), an ordered JSON value with a simdjson
// parser (json.h), atomic outputs (atomic_file.h), per-record diagnostics (diagnostics.h),
// verb summaries (summary.h), terminal progress (progress.h), deterministic RNG (rng.h) and
// stable hashing (hash.h). Depends on simdjson only.
#pragma once

#include "base/atomic_file.h"
#include "base/check.h"
#include "base/diagnostics.h"
#include "base/hash.h"
#include "base/json.h"
#include "base/progress.h"
#include "base/rng.h"
#include "base/status.h"
#include "base/summary.h"

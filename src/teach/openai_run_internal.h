// openai_run_internal.h: the summaries of the openai teacher's runs (openai_summary.cpp), used
// by openai_run.cpp. Internal to teach/.
#pragma once

#include <string>
#include <vector>

#include "teach/dispatch.h"
#include "teach/run_internal.h"

namespace stepwise::teach::internal {

// "n" | "separate" | "auto".
const char* sampling_name(Sampling s);

// The summary of a dry run: `planned` requests, of which `to_send` are not in the cache, with
// their estimated tokens; `note` says how the sampling mode was decided.
Summary dry_run_summary(const TeachOptions& o, Sampling mode, const Problems& ps,
                        const std::vector<Request>& to_send, int64_t planned,
                        const std::string& note);

// The first line and the identity of a run (teacher, endpoint, model, api, sampling, cache).
Summary run_summary_head(const TeachOptions& o, const std::string& url, Sampling mode,
                         const Problems& ps, const std::string& cache, const std::string& note);

// The figures of the requests: planned, cached, sent, failed, attempts by cause, tokens, the
// budget and what is still pending.
void add_run_figures(Summary& s, const DispatchFigures& f, int64_t planned, int64_t cached,
                     int64_t pending, const TeachOptions& o);

}  // namespace stepwise::teach::internal

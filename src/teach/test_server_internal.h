// test_server_internal.h: the pieces of the test server (test_server.h) shared by its files.
#pragma once

#include <string>

#include "base/json.h"
#include "teach/test_server.h"

namespace stepwise::teach {

// {"error": {"message": ..., "type": ...}}.
std::string error_body(const std::string& message, const std::string& type);

// The response body for a parsed request (chat or completions): `n` choices answering the
// prompt's question (test_server_answer), some replaced by an apology at
// opt.bad_answer_rate, cut at max_tokens, with usage. Sets *status to 200, or to 400 with an
// error body when `n` is rejected or out of range.
std::string completion_body(const json::Value& req, const std::string& hash, bool chat,
                            const TestServerOptions& opt, int* status);

}  // namespace stepwise::teach

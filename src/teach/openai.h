// openai.h: the OpenAI-compatible wire format, both directions, as pure functions.
//
// Builds the JSON bodies of `POST /chat/completions` and `POST /completions` from a prompt and
// sampling parameters, and parses the servers' answers (choices, finish reasons, token usage,
// error objects). Nothing here touches the network (see http_client.h) so every function can be
// fuzzed (fuzz/fuzz_response.cpp). Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace stepwise::teach {

// Which endpoint a request goes to.
enum class Api { kChat, kCompletions };
const char* api_name(Api api);  // "chat" | "completions"
// The path of the endpoint under the base URL: "/chat/completions" | "/completions".
const char* api_path(Api api);

// One message of a chat prompt.
struct Message {
  std::string role;  // "system" | "user" | "assistant"
  std::string content;
};

// A rendered prompt: chat messages, or one text for the completions endpoint.
struct Prompt {
  std::vector<Message> messages;  // used by Api::kChat
  std::string text;               // used by Api::kCompletions
};

// Sampling parameters sent with every request. Optional fields are left out of the body when
// unset, so servers that do not know them are not confused.
struct SamplingParams {
  double temperature = 0.7;       // sent always
  std::optional<double> top_p;    // "top_p"
  std::optional<int64_t> seed;    // "seed" (per request; see teach.h for per-sample seeds)
  int64_t max_tokens = 512;       // "max_tokens"
  std::vector<std::string> stop;  // "stop" (an array), left out when empty
};

// The JSON body of one request asking for `n` choices (`n` is left out when 1).
// Keys are written in a fixed order, so equal inputs give equal bytes (the cache key hashes it).
std::string build_request(Api api, const std::string& model, const Prompt& prompt,
                          const SamplingParams& params, int n);

// One generated text.
struct Choice {
  int64_t index = 0;
  std::string text;           // message.content (chat) or text (completions); "" when null
  std::string finish_reason;  // "stop", "length", "content_filter", ... ("" when absent)
};

// A parsed response body.
struct Completion {
  std::string id;                        // the server's response id, "" when absent
  std::vector<Choice> choices;           // sorted by index
  std::optional<int64_t> prompt_tokens;  // usage, when the server reported it
  std::optional<int64_t> completion_tokens;
};

// Parses a 200 response body. Error when the body is not JSON ("col N: ..."), is an error
// object ("server error: <message>"), or lacks the fields of the API ("missing \"choices\"",
// "choice 2: missing \"message\""). Unknown fields are ignored.
Result<Completion> parse_completion(std::string_view body, Api api);

// The message of an OpenAI-style error body ({"error": {"message": ...}}), the first 200 bytes
// of the body otherwise (sanitised to one line). Never fails.
std::string error_message(std::string_view body);

// Rough token count of a text: ceil(bytes / 4), the common rule of thumb for English with BPE
// tokenizers. Used for --dry-run, rate limits and budgets when a server reports no usage.
int64_t estimate_tokens(std::string_view text);
// The estimate for a whole prompt: its texts plus 4 tokens of framing per chat message.
int64_t estimate_prompt_tokens(Api api, const Prompt& prompt);

}  // namespace stepwise::teach

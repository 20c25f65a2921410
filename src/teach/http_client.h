// http_client.h: one HTTP(S) connection to an OpenAI-compatible server (cpp-httplib + OpenSSL).
//
// An Endpoint is the parsed base URL ("https://api.example.com/v1"); an HttpClient posts JSON
// to paths under it with the API key and extra headers, within connect and read timeouts, and
// turns every outcome into an HttpResponse: a status and body, or a stable failure code
// ("timeout", "connection", "read", "write", "ssl"). Keeps its connection alive between
// requests. One HttpClient per thread: not thread-safe (cpp-httplib's Client is not).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace httplib {
class Client;
}

namespace stepwise::teach {

struct Endpoint {
  std::string scheme;     // "http" | "https"
  std::string host;       // "127.0.0.1", "api.example.com"
  int port = 0;           // explicit or the scheme's default
  std::string base_path;  // "/v1", "" for none; never ends in '/'
  // "scheme://host:port/base_path", the canonical form (used in cache keys).
  std::string url() const;
};

// Parses "http[s]://host[:port][/path]". A trailing "/chat/completions" or "/completions" is
// removed (users often paste the full URL). Error names what is wrong: `endpoint "x": expected
// http:// or https://`, `... bad port`.
Result<Endpoint> parse_endpoint(std::string_view url);

struct HttpOptions {
  std::string api_key;  // sent as "Authorization: Bearer <key>" when non-empty
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, sent as given
  double connect_timeout_s = 10;
  double read_timeout_s = 120;  // longest wait for any part of a response
  std::string ca_cert;          // PEM file of trusted CAs for https; "" = the system's
  bool verify_tls = true;       // false accepts any certificate (self-signed test servers)
};

struct HttpResponse {
  std::string failure;  // "" when a response arrived; else a failure code (see retry.h)
  std::string detail;   // what the transport said, for messages
  int status = 0;       // HTTP status when a response arrived
  std::string body;
  std::string retry_after;  // the Retry-After header, "" when absent
};

class HttpClient {
 public:
  HttpClient(const Endpoint& endpoint, const HttpOptions& options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POSTs `body` (application/json) to base_path + `path`. Never throws; every failure is in
  // the returned value. Blocks for at most about connect + read timeouts per stalled phase.
  HttpResponse post_json(const std::string& path, const std::string& body);

 private:
  Endpoint endpoint_;
  HttpOptions options_;
  std::unique_ptr<httplib::Client> client_;
};

// Ignores SIGPIPE for the process (once), so a server closing the connection mid-write is a
// "write" failure, not the end of the process. Called by HttpClient's constructor.
void ignore_sigpipe();

}  // namespace stepwise::teach

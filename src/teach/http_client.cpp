#include "teach/http_client.h"

#include <httplib.h>

#include <csignal>
#include <mutex>

namespace stepwise::teach {

std::string Endpoint::url() const {
  return scheme + "://" + host + ":" + std::to_string(port) + base_path;
}

namespace {

bool strip_suffix(std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  s.resize(s.size() - suffix.size());
  return true;
}

}  // namespace

Result<Endpoint> parse_endpoint(std::string_view url) {
  const std::string where = "endpoint \"" + std::string(url) + "\": ";
  Endpoint ep;
  std::string_view rest;
  if (url.substr(0, 7) == "http://") {
    ep.scheme = "http";
    ep.port = 80;
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "https://") {
    ep.scheme = "https";
    ep.port = 443;
    rest = url.substr(8);
  } else {
    return Error{where + "expected http:// or https://"};
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
  if (authority.find('@') != std::string_view::npos) {
    return Error{where + "credentials in the URL are not supported; use --api-key-env"};
  }
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5) return Error{where + "bad port"};
    int p = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return Error{where + "bad port"};
      p = p * 10 + (c - '0');
    }
    if (p < 1 || p > 65535) return Error{where + "bad port"};
    ep.port = p;
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return Error{where + "missing host"};
  ep.host = std::string(authority);
  if (path.find_first_of("?#") != std::string::npos) {
    return Error{where + "query strings are not supported"};
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (!strip_suffix(path, "/chat/completions")) strip_suffix(path, "/completions");
  ep.base_path = path;
  return ep;
}

void ignore_sigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

namespace {

void set_timeout(double secs, const std::function<void(time_t, time_t)>& set) {
  auto whole = static_cast<time_t>(secs);
  auto usec = static_cast<time_t>((secs - static_cast<double>(whole)) * 1e6);
  set(whole, usec);
}

std::string failure_code(httplib::Error e, double elapsed_s, double read_timeout_s) {
  switch (e) {
    case httplib::Error::Connection:
      return "connection";
    case httplib::Error::ConnectionTimeout:
      return "timeout";
    case httplib::Error::Read:
      // cpp-httplib reports a read that timed out as a read error: tell them apart by time.
      return elapsed_s + 0.05 >= read_timeout_s ? "timeout" : "read";
    case httplib::Error::Write:
      return "write";
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
      return "ssl";
    case httplib::Error::Canceled:
      return "canceled";
    default:
      return "connection";
  }
}

}  // namespace

HttpClient::HttpClient(const Endpoint& endpoint, const HttpOptions& options)
    : endpoint_(endpoint), options_(options) {
  ignore_sigpipe();
  client_ = std::make_unique<httplib::Client>(endpoint.scheme + "://" + endpoint.host + ":" +
                                              std::to_string(endpoint.port));
  set_timeout(options.connect_timeout_s,
              [&](time_t s, time_t us) { client_->set_connection_timeout(s, us); });
  set_timeout(options.read_timeout_s,
              [&](time_t s, time_t us) { client_->set_read_timeout(s, us); });
  set_timeout(options.read_timeout_s,
              [&](time_t s, time_t us) { client_->set_write_timeout(s, us); });
  client_->set_keep_alive(true);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the
  // peer's delayed ACK add ~40 ms to every request.
  client_->set_tcp_nodelay(true);
  if (endpoint.scheme == "https") {
    if (!options.ca_cert.empty()) client_->set_ca_cert_path(options.ca_cert.c_str());
    client_->enable_server_certificate_verification(options.verify_tls);
  }
  httplib::Headers headers;
  if (!options.api_key.empty()) headers.emplace("Authorization", "Bearer " + options.api_key);
  for (const auto& [k, v] : options.headers) headers.emplace(k, v);
  client_->set_default_headers(std::move(headers));
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::post_json(const std::string& path, const std::string& body) {
  HttpResponse out;
  auto start = std::chrono::steady_clock::now();
  httplib::Result res = client_->Post(endpoint_.base_path + path, body, "application/json");
  if (!res) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.failure = failure_code(res.error(), elapsed, options_.read_timeout_s);
    out.detail = httplib::to_string(res.error());
    return out;
  }
  out.status = res->status;
  out.body = std::move(res->body);
  if (res->has_header("Retry-After")) out.retry_after = res->get_header_value("Retry-After");
  return out;
}

}  // namespace stepwise::teach

#include "teach/test_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>

#include "base/hash.h"
#include "teach/test_server_internal.h"

namespace stepwise::teach {

namespace {

struct FaultName {
  Fault fault;
  const char* name;
};
constexpr FaultName kFaultNames[] = {
    {Fault::kNone, "none"},
    {Fault::k400, "400"},
    {Fault::k429, "429"},
    {Fault::k429Date, "429_date"},
    {Fault::k500, "500"},
    {Fault::k503, "503"},
    {Fault::kSlow, "slow"},
    {Fault::kMalformed, "malformed"},
    {Fault::kTruncated, "truncated"},
    {Fault::kReset, "reset"},
};

int sock_port(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
  if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
  return -1;
}

// The descriptor of this process's connection from `peer_port` to `local_port`, or -1.
// cpp-httplib does not hand its socket to handlers; the kernel knows it.
int find_connection_fd(int local_port, int peer_port) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  int found = -1;
  while (dirent* e = readdir(dir)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    int fd = std::atoi(e->d_name);
    struct stat st {};
    if (fd == dirfd(dir) || fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t ll = sizeof local, pl = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &ll) != 0) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &pl) != 0) continue;
    if (sock_port(local) == local_port && sock_port(peer) == peer_port) {
      found = fd;
      break;
    }
  }
  closedir(dir);
  return found;
}

// Aborts the connection with a TCP RST: linger 0, then the descriptor is swapped for a fresh
// unconnected socket (dup2 closes the connection atomically, and cpp-httplib's later close()
// hits the harmless replacement).
void reset_connection(int local_port, int peer_port) {
  int fd = find_connection_fd(local_port, peer_port);
  if (fd < 0) return;
  linger l{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  int spare = socket(AF_INET, SOCK_STREAM, 0);
  if (spare < 0) return;
  dup2(spare, fd);
  close(spare);
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

double unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

}  // namespace

const char* fault_name(Fault f) {
  for (const auto& fn : kFaultNames) {
    if (fn.fault == f) return fn.name;
  }
  return "none";
}

bool parse_fault(const std::string& name, Fault& out) {
  for (const auto& fn : kFaultNames) {
    if (name == fn.name) {
      out = fn.fault;
      return true;
    }
  }
  return false;
}

int64_t TestServerStats::duplicates() const {
  int64_t d = 0;
  for (const auto& [body, n] : ok_by_body) d += n > 1 ? n - 1 : 0;
  return d;
}

json::Value TestServerStats::to_json() const {
  json::Value v = json::Value::object();
  v.set("requests", json::Value::number(requests));
  v.set("ok", json::Value::number(ok));
  v.set("distinct_ok", json::Value::number(static_cast<int64_t>(ok_by_body.size())));
  v.set("duplicates", json::Value::number(duplicates()));
  json::Value f = json::Value::object();
  for (const auto& [k, n] : faults) f.set(k, json::Value::number(n));
  v.set("faults", std::move(f));
  return v;
}

struct TestServer::Impl {
  TestServerOptions opt;
  httplib::Server svr;
  std::thread thread;
  mutable std::mutex mu;
  TestServerStats stats;
  std::deque<Fault> queue;
  std::map<std::string, int64_t> attempts;
  std::map<std::string, std::string> last_headers;
  std::FILE* log = nullptr;
  int port = 0;

  Fault choose_fault(const std::string& hash);
  void log_line(const std::string& hash, const char* outcome);
  void handle(const httplib::Request& req, httplib::Response& res, bool chat);
};

Fault TestServer::Impl::choose_fault(const std::string& hash) {
  if (!queue.empty()) {
    Fault f = queue.front();
    queue.pop_front();
    return f;
  }
  int64_t attempt = attempts[hash]++;
  if (opt.fault_rate <= 0 || opt.fault_kinds.empty()) return Fault::kNone;
  uint64_t h = hash64(hash + ":" + std::to_string(attempt), opt.seed);
  if (unit(h) >= opt.fault_rate) return Fault::kNone;
  return opt.fault_kinds[hash64(hash, h) % opt.fault_kinds.size()];
}

void TestServer::Impl::log_line(const std::string& hash, const char* outcome) {
  if (!log) return;
  std::fprintf(log, "%s %s\n", hash.c_str(), outcome);
  std::fflush(log);
}

void TestServer::Impl::handle(const httplib::Request& req, httplib::Response& res, bool chat) {
  const std::string hash = TestServer::body_hash(req.body);
  Fault fault;
  {
    std::lock_guard<std::mutex> lock(mu);
    ++stats.requests;
    last_headers.clear();
    for (const auto& [k, v] : req.headers) {
      std::string lower;
      for (char c : k)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      last_headers[lower] = v;
    }
    fault = choose_fault(hash);
    if (fault != Fault::kNone) ++stats.faults[fault_name(fault)];
  }
  if (!opt.api_key.empty() && req.get_header_value("Authorization") != "Bearer " + opt.api_key) {
    res.status = 401;
    res.set_content(error_body("invalid api key", "invalid_request_error"), "application/json");
    return;
  }
  if (opt.delay_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(opt.delay_s));
  switch (fault) {
    case Fault::k429:
    case Fault::k429Date:
      res.status = 429;
      res.set_header("Retry-After", fault == Fault::k429
                                        ? std::to_string(opt.retry_after_s)
                                        : http_date(std::time(nullptr) + opt.retry_after_s));
      res.set_content(error_body("rate limit reached", "rate_limit_error"), "application/json");
      log_line(hash, fault_name(fault));
      return;
    case Fault::k400:
    case Fault::k500:
    case Fault::k503:
      res.status = fault == Fault::k400 ? 400 : fault == Fault::k500 ? 500 : 503;
      res.set_content(error_body(fault == Fault::k400 ? "bad request" : "internal error",
                                 fault == Fault::k400 ? "invalid_request_error" : "server_error"),
                      "application/json");
      log_line(hash, fault_name(fault));
      return;
    case Fault::kSlow:
      // Answers 503 after the wait: a client patient enough to see it must still retry, so the
      // counts of completed answers stay exact whatever the client's timeout.
      std::this_thread::sleep_for(std::chrono::duration<double>(opt.slow_s));
      res.status = 503;
      res.set_content(error_body("overloaded", "server_error"), "application/json");
      log_line(hash, fault_name(fault));
      return;
    case Fault::kReset:
      log_line(hash, fault_name(fault));
      reset_connection(port, req.remote_port);
      return;
    default:
      break;
  }
  auto parsed = json::parse(req.body);
  int status = 400;
  std::string body = parsed && parsed->is_object()
                         ? completion_body(*parsed, hash, chat, opt, &status)
                         : error_body("request body is not a JSON object", "invalid_request_error");
  res.status = status;
  if (status == 200 && fault == Fault::kMalformed) {
    body.resize(body.size() / 2);
    res.set_content(body, "application/json");
    log_line(hash, fault_name(fault));
    return;
  }
  if (status == 200 && fault == Fault::kTruncated) {
    size_t half = body.size() / 2;
    res.set_content_provider(body.size(), "application/json",
                             [body, half](size_t offset, size_t length, httplib::DataSink& sink) {
                               if (offset >= half) return false;
                               sink.write(body.data() + offset, std::min(length, half - offset));
                               return true;
                             });
    log_line(hash, fault_name(fault));
    return;
  }
  res.set_content(body, "application/json");
  if (status == 200) {
    std::lock_guard<std::mutex> lock(mu);
    ++stats.ok;
    ++stats.ok_by_body[hash];
  }
  log_line(hash, status == 200 ? "ok" : "error");
}

TestServer::TestServer(TestServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
}

TestServer::~TestServer() { stop(); }

std::string TestServer::body_hash(const std::string& body) { return to_hex(hash64(body, 0x5e4)); }

std::string TestServer::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

Status TestServer::start() {
  std::signal(SIGPIPE, SIG_IGN);
  Impl& im = *impl_;
  if (!im.opt.log_path.empty()) {
    im.log = std::fopen(im.opt.log_path.c_str(), "a");
    if (!im.log) return Error{im.opt.log_path + ": cannot open the log"};
  }
  int threads = im.opt.threads;
  im.svr.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  im.svr.set_keep_alive_max_count(1000);
  im.svr.set_tcp_nodelay(true);
  im.svr.Post("/v1/chat/completions", [&im](const httplib::Request& req, httplib::Response& res) {
    im.handle(req, res, true);
  });
  im.svr.Post("/v1/completions", [&im](const httplib::Request& req, httplib::Response& res) {
    im.handle(req, res, false);
  });
  im.svr.Get("/stats", [&im](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(im.mu);
    res.set_content(json::to_string(im.stats.to_json()), "application/json");
  });
  if (im.opt.port == 0) {
    im.port = im.svr.bind_to_any_port(im.opt.host);
  } else {
    im.port = im.svr.bind_to_port(im.opt.host, im.opt.port) ? im.opt.port : -1;
  }
  if (im.port <= 0) return Error{"cannot bind " + im.opt.host + ":" + std::to_string(im.opt.port)};
  port_ = im.port;
  im.thread = std::thread([&im] { im.svr.listen_after_bind(); });
  for (int i = 0; i < 5000 && !im.svr.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!im.svr.is_running()) return Error{"the test server did not start"};
  return Status::Ok();
}

void TestServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->svr.stop();
  impl_->thread.join();
  if (impl_->log) std::fclose(impl_->log);
  impl_->log = nullptr;
}

void TestServer::push_faults(const std::vector<Fault>& faults) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (Fault f : faults) impl_->queue.push_back(f);
}

TestServerStats TestServer::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->stats;
}

std::map<std::string, std::string> TestServer::last_headers() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->last_headers;
}

}  // namespace stepwise::teach

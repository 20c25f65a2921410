// teach_test_server: the fault-injecting OpenAI-compatible server of test_server.h as a
// program, for the CLI tests and the examples in docs/teach.md.
//
//   teach_test_server --port-file port.txt --fault-rate 0.2 --log requests.log &
//   stepwise teach problems.jsonl -o out.jsonl --endpoint http://127.0.0.1:$(cat port.txt)/v1 ...
//   kill -TERM %1     # writes --stats PATH, then exits
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <sstream>

#include "base/atomic_file.h"
#include "teach/test_server.h"

int main(int argc, char** argv) {
  using namespace stepwise::teach;
  TestServerOptions o;
  std::string port_file, stats_file, faults;
  CLI::App app{"An OpenAI-compatible test server with fault injection", "teach_test_server"};
  app.add_option("--host", o.host, "Address to listen on");
  app.add_option("--port", o.port, "Port (0: any free port)");
  app.add_option("--port-file", port_file, "Write the port chosen to this file");
  app.add_option("--fault-rate", o.fault_rate, "Probability that an attempt gets a fault");
  app.add_option("--faults", faults,
                 "Faults to draw from, comma-separated: 429,429_date,500,503,slow,malformed,"
                 "truncated,reset (default 429,500,slow,malformed,truncated,reset)");
  app.add_option("--retry-after", o.retry_after_s, "Retry-After seconds sent with 429");
  app.add_option("--slow", o.slow_s, "Seconds a slow response takes");
  app.add_option("--delay", o.delay_s, "Latency of every response, seconds");
  app.add_option("--n-mode", o.n_mode, "support | ignore | reject the n parameter")
      ->check(CLI::IsMember({"support", "ignore", "reject"}));
  app.add_option("--bad-answer-rate", o.bad_answer_rate, "Share of answers without steps");
  app.add_option("--seed", o.seed, "Seed of the faults and bad answers");
  app.add_option("--threads", o.threads, "Connections served at once");
  app.add_option("--api-key", o.api_key, "Require this key (Authorization: Bearer KEY)");
  app.add_option("--log", o.log_path, "Append '<body hash> <outcome>' per request");
  app.add_option("--stats", stats_file, "Write the counts as JSON here on exit");
  CLI11_PARSE(app, argc, argv);
  if (!faults.empty()) {
    o.fault_kinds.clear();
    std::stringstream ss(faults);
    for (std::string name; std::getline(ss, name, ',');) {
      Fault f;
      if (!parse_fault(name, f)) {
        std::fprintf(stderr, "teach_test_server: unknown fault \"%s\"\n", name.c_str());
        return 2;
      }
      o.fault_kinds.push_back(f);
    }
  }
  // Block the stop signals before any thread starts, so that only sigwait() below sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  TestServer server(o);
  if (auto s = server.start(); !s) {
    std::fprintf(stderr, "teach_test_server: %s\n", s.error().message.c_str());
    return 1;
  }
  if (!port_file.empty()) {
    if (auto s = stepwise::write_file_atomic(port_file, std::to_string(server.port()) + "\n"); !s) {
      std::fprintf(stderr, "teach_test_server: %s\n", s.error().message.c_str());
      return 1;
    }
  }
  std::fprintf(stderr, "teach_test_server: listening on %s\n", server.url().c_str());
  int sig = 0;
  sigwait(&stop, &sig);
  server.stop();
  std::string stats = stepwise::json::to_string(server.stats().to_json()) + "\n";
  if (!stats_file.empty()) {
    if (auto s = stepwise::write_file_atomic(stats_file, stats); !s) return 1;
  }
  std::fprintf(stderr, "teach_test_server: %s", stats.c_str());
  return 0;
}

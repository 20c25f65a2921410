// The HTTP client against real servers on 127.0.0.1: the fault-injecting test server (http)
// and a TLS server with a certificate made for the test (https).
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <thread>

#include "teach/http_client.h"
#include "teach/openai.h"
#include "teach/retry.h"
#include "teach/test_server.h"
#include "teach/test_util.h"

namespace stepwise::teach {
namespace {

const std::string kBody =
    R"({"model":"m","messages":[{"role":"user","content":"Question: 2 and 3?"}],"max_tokens":64})";

TEST(ParseEndpoint, ReadsSchemeHostPortAndBasePath) {
  auto e = parse_endpoint("http://127.0.0.1:8000/v1");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->url(), "http://127.0.0.1:8000/v1");
  auto h = parse_endpoint("https://api.example.com/v1/chat/completions");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->port, 443);
  EXPECT_EQ(h->base_path, "/v1");
  EXPECT_EQ(parse_endpoint("http://x/")->base_path, "");
  EXPECT_EQ(parse_endpoint("http://x/v1/completions/")->base_path, "/v1");
  EXPECT_FALSE(parse_endpoint("ftp://x"));
  EXPECT_FALSE(parse_endpoint("http://x:99999"));
  EXPECT_FALSE(parse_endpoint("http://:80"));
  EXPECT_FALSE(parse_endpoint("http://u:p@x"));
  EXPECT_EQ(parse_endpoint("localhost:80").error().message,
            "endpoint \"localhost:80\": expected http:// or https://");
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestServerOptions o;
    o.slow_s = 1.5;
    o.retry_after_s = 3;
    server_ = std::make_unique<TestServer>(o);
    ASSERT_TRUE(server_->start());
  }
  HttpResponse post(double timeout = 5, HttpOptions http = {}) {
    http.read_timeout_s = timeout;
    auto ep = parse_endpoint(server_->url());
    HttpClient c(*ep, http);
    return c.post_json("/chat/completions", kBody);
  }
  std::unique_ptr<TestServer> server_;
};

TEST_F(ClientTest, PostsJsonWithTheKeyAndExtraHeaders) {
  HttpOptions http;
  http.api_key = "sk-test";
  http.headers = {{"X-Project", "stepwise"}};
  HttpResponse r = post(5, http);
  ASSERT_EQ(r.failure, "") << r.detail;
  EXPECT_EQ(r.status, 200);
  auto c = parse_completion(r.body, Api::kChat);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->choices[0].text, "1. Start with 2.\n2. Add 3: 2+3=<<2+3=5>>5.\n#### 5");
  auto h = server_->last_headers();
  EXPECT_EQ(h["authorization"], "Bearer sk-test");
  EXPECT_EQ(h["x-project"], "stepwise");
  EXPECT_EQ(h["content-type"], "application/json");
}

TEST_F(ClientTest, ReportsStatusAndRetryAfter) {
  server_->push_faults({Fault::k429, Fault::k429Date, Fault::k500});
  HttpResponse r = post();
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.retry_after, "3");
  HttpResponse d = post();
  EXPECT_EQ(d.status, 429);
  auto secs = parse_retry_after(d.retry_after, std::chrono::system_clock::now());
  ASSERT_TRUE(secs) << d.retry_after;
  EXPECT_NEAR(*secs, 3, 1.01);
  HttpResponse e = post();
  EXPECT_EQ(e.status, 500);
  EXPECT_EQ(error_message(e.body), "internal error");
}

TEST_F(ClientTest, ASlowServerIsATimeout) {
  server_->push_faults({Fault::kSlow});
  auto start = std::chrono::steady_clock::now();
  HttpResponse r = post(0.3);
  EXPECT_EQ(r.failure, "timeout") << r.detail;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1400));
}

TEST_F(ClientTest, ResetsAndTruncatedBodiesAreTransportFailures) {
  server_->push_faults({Fault::kReset, Fault::kTruncated});
  HttpResponse reset = post();
  EXPECT_TRUE(reset.failure == "read" || reset.failure == "connection") << reset.failure;
  HttpResponse cut = post();
  EXPECT_EQ(cut.failure, "read") << cut.detail;
  EXPECT_EQ(post().status, 200);  // the server is fine afterwards
  EXPECT_EQ(server_->stats().faults["reset"], 1);
}

TEST_F(ClientTest, MalformedJsonArrivesAsA200ThatDoesNotParse) {
  server_->push_faults({Fault::kMalformed});
  HttpResponse r = post();
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(parse_completion(r.body, Api::kChat));
}

TEST_F(ClientTest, AClosedPortIsAConnectionFailure) {
  int port = server_->port();
  server_->stop();
  auto ep = parse_endpoint("http://127.0.0.1:" + std::to_string(port) + "/v1");
  HttpClient c(*ep, HttpOptions{});
  EXPECT_EQ(c.post_json("/chat/completions", kBody).failure, "connection");
}

// A self-signed certificate for 127.0.0.1 (P-256), written as PEM files.
void make_certificate(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(x, key, EVP_sha256());
  std::FILE* f = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
}

TEST(HttpsClient, TalksTlsAndChecksTheCertificate) {
  testing::TempDir dir;
  make_certificate(dir.file("cert.pem"), dir.file("key.pem"));
  httplib::SSLServer svr(dir.file("cert.pem").c_str(), dir.file("key.pem").c_str());
  ASSERT_TRUE(svr.is_valid());
  svr.Post("/v1/chat/completions", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(R"({"choices":[{"message":{"content":"over tls"}}],"echo":)" + req.body + "}",
                    "application/json");
  });
  int port = svr.bind_to_any_port("127.0.0.1");
  std::thread th([&] { svr.listen_after_bind(); });
  while (!svr.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto ep = parse_endpoint("https://127.0.0.1:" + std::to_string(port) + "/v1");
  ASSERT_TRUE(ep);
  HttpOptions trusted;
  trusted.ca_cert = dir.file("cert.pem");
  HttpResponse ok = HttpClient(*ep, trusted).post_json("/chat/completions", kBody);
  EXPECT_EQ(ok.status, 200) << ok.failure << " " << ok.detail;
  auto c = parse_completion(ok.body, Api::kChat);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->choices[0].text, "over tls");
  HttpResponse untrusted = HttpClient(*ep, HttpOptions{}).post_json("/chat/completions", kBody);
  EXPECT_EQ(untrusted.failure, "ssl");
  HttpOptions insecure;
  insecure.verify_tls = false;
  EXPECT_EQ(HttpClient(*ep, insecure).post_json("/chat/completions", kBody).status, 200);
  svr.stop();
  th.join();
}

}  // namespace
}  // namespace stepwise::teach

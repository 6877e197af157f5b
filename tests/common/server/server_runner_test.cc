// ServerRunner over a real gRPC server: health, reflection, metrics, TLS and mutual TLS,
// graceful shutdown, signals.

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "absl/synchronization/notification.h"
#include "tests/common/server/echo_fixture.h"
#include "tests/support/process.h"
#include "tests/support/test_certs.h"

namespace skillbridge {
namespace {

using echo::v1::EchoRequest;
using echo::v1::EchoResponse;
using testing::CallEcho;
using testing::EchoServer;
using testing::HealthCheck;
using testing::kAdminToken;
using testing::kEchoService;
using testing::kViewerToken;

// Polls HealthCheck until it answers `want` (or 10 s pass); returns the last answer.
std::string AwaitHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                        const std::string& want) {
  std::string last;
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<std::string> health = HealthCheck(channel, service);
    last = health.ok() ? *health : std::string(health.status().ToString());
    if (last == want) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return last;
}

TEST(ServerRunnerTest, HealthFollowsReadinessProbeAndShutdown) {
  auto ready = std::make_shared<std::atomic<bool>>(true);
  EchoServer::Options options;
  options.probe = [ready] { return ready->load() ? absl::OkStatus() : absl::UnavailableError("redis unreachable"); };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto channel = server.channel();
  EXPECT_EQ(AwaitHealth(channel, "", "SERVING"), "SERVING");
  EXPECT_EQ(AwaitHealth(channel, kEchoService, "SERVING"), "SERVING");

  ready->store(false);
  EXPECT_EQ(AwaitHealth(channel, "", "NOT_SERVING"), "NOT_SERVING");
  EXPECT_EQ(AwaitHealth(channel, kEchoService, "NOT_SERVING"), "NOT_SERVING");

  ready->store(true);
  EXPECT_EQ(AwaitHealth(channel, "", "SERVING"), "SERVING");

  // During shutdown, before draining, health already answers NOT_SERVING.
  std::string during_shutdown;
  std::string service_during_shutdown;
  server.WaitInBackground([&] {
    absl::StatusOr<std::string> overall = HealthCheck(channel, "");
    absl::StatusOr<std::string> echo = HealthCheck(channel, kEchoService);
    during_shutdown = overall.ok() ? *overall : overall.status().ToString();
    service_during_shutdown = echo.ok() ? *echo : echo.status().ToString();
  });
  server.Shutdown();
  EXPECT_EQ(during_shutdown, "NOT_SERVING");
  EXPECT_EQ(service_during_shutdown, "NOT_SERVING");
}

// The plaintext health listener answers as the main port does, "liveness" stays SERVING while
// the store is down, the gauge follows readiness, and the listener serves no service of ours.
TEST(ServerRunnerTest, HealthListenerFollowsReadinessAndKeepsLivenessUp) {
  auto ready = std::make_shared<std::atomic<bool>>(true);
  EchoServer::Options options;
  options.server.health_address = "127.0.0.1:0";
  options.probe = [ready] { return ready->load() ? absl::OkStatus() : absl::UnavailableError("redis unreachable"); };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  ASSERT_GT(server.runner().health_port(), 0);
  ASSERT_NE(server.runner().health_port(), server.runner().port());
  auto probe_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server.runner().health_port()),
                                           grpc::InsecureChannelCredentials());
  EXPECT_EQ(AwaitHealth(probe_channel, "", "SERVING"), "SERVING");
  EXPECT_EQ(AwaitHealth(probe_channel, kEchoService, "SERVING"), "SERVING");
  EXPECT_EQ(AwaitHealth(probe_channel, "liveness", "SERVING"), "SERVING");
  EXPECT_EQ(AwaitHealth(server.channel(), "liveness", "SERVING"), "SERVING");
  absl::StatusOr<std::string> metrics = testing::HttpGet(server.runner().metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_NE(metrics->find("skillbridge_serving 1"), std::string::npos) << *metrics;

  // The echo service is not reachable through the probe port.
  auto probe_stub = echo::v1::EchoService::NewStub(probe_channel);
  EXPECT_EQ(CallEcho(*probe_stub, kAdminToken, "a").error_code(), grpc::StatusCode::UNIMPLEMENTED);

  ready->store(false);
  EXPECT_EQ(AwaitHealth(probe_channel, "", "NOT_SERVING"), "NOT_SERVING");
  EXPECT_EQ(AwaitHealth(server.channel(), "", "NOT_SERVING"), "NOT_SERVING");
  EXPECT_EQ(AwaitHealth(probe_channel, "liveness", "SERVING"), "SERVING");
  metrics = testing::HttpGet(server.runner().metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_NE(metrics->find("skillbridge_serving 0"), std::string::npos) << *metrics;

  ready->store(true);
  EXPECT_EQ(AwaitHealth(probe_channel, "", "SERVING"), "SERVING");

  // Shutdown: both names answer NOT_SERVING on the probe port before the drain.
  std::string readiness_during_shutdown;
  std::string liveness_during_shutdown;
  server.WaitInBackground([&] {
    absl::StatusOr<std::string> readiness = HealthCheck(probe_channel, "");
    absl::StatusOr<std::string> liveness = HealthCheck(probe_channel, "liveness");
    readiness_during_shutdown = readiness.ok() ? *readiness : readiness.status().ToString();
    liveness_during_shutdown = liveness.ok() ? *liveness : liveness.status().ToString();
  });
  server.Shutdown();
  EXPECT_EQ(readiness_during_shutdown, "NOT_SERVING");
  EXPECT_EQ(liveness_during_shutdown, "NOT_SERVING");
}

TEST(ServerRunnerTest, TakenHealthPortFailsToStart) {
  EchoServer first(EchoServer::Options{});
  ASSERT_TRUE(first.Start().ok());
  EchoServer::Options options;
  options.server.health_address = first.address();
  EchoServer second(std::move(options));
  const absl::Status status = second.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_NE(status.message().find("--health_listen"), std::string::npos) << status;
}

TEST(ServerRunnerTest, FailingProbeAtStartIsNotServing) {
  EchoServer::Options options;
  options.probe = [] { return absl::UnavailableError("redis unreachable"); };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  absl::StatusOr<std::string> health = HealthCheck(server.channel(), "");
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(*health, "NOT_SERVING");
}

TEST(ServerRunnerTest, ReflectionListsTheService) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  absl::StatusOr<std::vector<std::string>> services = testing::ReflectionListServices(server.channel());
  ASSERT_TRUE(services.ok()) << services.status();
  EXPECT_NE(std::find(services->begin(), services->end(), kEchoService), services->end());
  EXPECT_NE(std::find(services->begin(), services->end(), "grpc.health.v1.Health"), services->end());
}

TEST(ServerRunnerTest, MetricsEndpointCountsCallsByCode) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  ASSERT_GT(server.runner().metrics_port(), 0);
  auto stub = server.stub();
  ASSERT_TRUE(CallEcho(*stub, kAdminToken, "a").ok());
  ASSERT_TRUE(CallEcho(*stub, kAdminToken, "b").ok());
  ASSERT_EQ(CallEcho(*stub, kViewerToken, "c").error_code(), grpc::StatusCode::PERMISSION_DENIED);

  absl::StatusOr<std::string> body = testing::HttpGet(server.runner().metrics_port(), "/metrics");
  ASSERT_TRUE(body.ok()) << body.status();
  // prometheus-cpp writes labels in name order.
  EXPECT_NE(body->find("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Echo\","
                       "grpc_service=\"skillbridge.echo.v1.EchoService\"} 2"),
            std::string::npos)
      << *body;
  EXPECT_NE(body->find("grpc_server_handled_total{grpc_code=\"PERMISSION_DENIED\",grpc_method=\"Echo\","
                       "grpc_service=\"skillbridge.echo.v1.EchoService\"} 1"),
            std::string::npos)
      << *body;
  EXPECT_NE(body->find("grpc_server_handling_seconds_bucket{grpc_method=\"Echo\","
                       "grpc_service=\"skillbridge.echo.v1.EchoService\",le=\"0.005\"}"),
            std::string::npos)
      << *body;
  EXPECT_NE(body->find("grpc_server_handling_seconds_count{grpc_method=\"Echo\","
                       "grpc_service=\"skillbridge.echo.v1.EchoService\"} 3"),
            std::string::npos)
      << *body;
  EXPECT_NE(body->find("skillbridge_executor_queue_depth{executor=\"workers\"}"), std::string::npos) << *body;
}

TEST(ServerRunnerTest, GracefulShutdownLetsInFlightCallFinish) {
  absl::Notification started;
  absl::Notification release;
  absl::Notification draining;
  EchoServer::Options options;
  options.server.shutdown_grace = std::chrono::milliseconds(30000);
  options.handler = [&](const CallContext&, const EchoRequest& request, EchoResponse* response) {
    started.Notify();
    release.WaitForNotification();
    response->set_payload(request.payload());
    return absl::OkStatus();
  };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();

  grpc::Status status;
  EchoResponse response;
  std::thread call([&] { status = CallEcho(*stub, kAdminToken, "in flight", &response); });
  started.WaitForNotification();

  server.WaitInBackground([&] { draining.Notify(); });
  server.runner().RequestShutdown();
  draining.WaitForNotification();  // shutdown began while the call is running
  release.Notify();
  call.join();
  server.Shutdown();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.payload(), "in flight");
}

TEST(ServerRunnerTest, SigtermStopsWait) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    server.runner().Wait();
    returned = true;
  });
  // Wait until Wait() installed its handler, then signal the process.
  for (int i = 0; i < 2000; ++i) {
    struct sigaction current {};
    sigaction(SIGTERM, nullptr, &current);
    if (current.sa_handler != SIG_DFL) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  waiter.join();
  EXPECT_TRUE(returned);
  struct sigaction restored {};
  sigaction(SIGTERM, nullptr, &restored);
  EXPECT_EQ(restored.sa_handler, SIG_DFL);
}

// Metadata beyond --max_metadata_bytes is refused by the HTTP/2 layer (before any token is read,
// no handler runs, nothing is audited); calls within it are served.
TEST(ServerRunnerTest, OversizedMetadataIsRefusedBeforeAuthentication) {
  EchoServer::Options options;
  options.server.max_metadata_bytes = 16 * 1024;
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  // The client would accept far larger headers itself.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_METADATA_SIZE, 8 * 1024 * 1024);
  auto channel = grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), args);
  auto stub = echo::v1::EchoService::NewStub(channel);
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    context.AddMetadata("x-padding", std::string(256 * 1024, 'a'));
    EchoRequest request;
    EchoResponse response;
    const grpc::Status status = stub->Echo(&context, request, &response);
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << "refused at once, not left hanging";
  }
  EXPECT_TRUE(server.audit().entries().empty());
  // The server closes a connection that sent oversized headers; a new one is served as usual.
  auto fresh = echo::v1::EchoService::NewStub(
      grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), grpc::ChannelArguments()));
  grpc::ClientContext small;
  small.AddMetadata("x-padding", std::string(4 * 1024, 'a'));
  small.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
  small.set_wait_for_ready(true);
  small.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  EchoRequest request;
  request.set_payload("fits");
  EchoResponse response;
  const grpc::Status status = fresh->Echo(&small, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.payload(), "fits");
}

TEST(ServerRunnerTest, ListensOnUnixSocket) {
  absl::StatusOr<std::string> dir = testing::MakeTempDir("runner-unix");
  ASSERT_TRUE(dir.ok()) << dir.status();
  EchoServer::Options options;
  options.server.listen_address = "unix:" + *dir + "/echo.sock";
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.runner().port(), 0);
  auto stub = echo::v1::EchoService::NewStub(
      grpc::CreateChannel("unix:" + *dir + "/echo.sock", grpc::InsecureChannelCredentials()));
  EXPECT_TRUE(CallEcho(*stub, kAdminToken, "x").ok());
}

TEST(ServerRunnerTest, TakenPortFailsToStart) {
  EchoServer first(EchoServer::Options{});
  ASSERT_TRUE(first.Start().ok());
  EchoServer::Options options;
  options.server.listen_address = first.address();
  EchoServer second(std::move(options));
  EXPECT_FALSE(second.Start().ok());
}

class ServerRunnerTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::string> dir = testing::MakeTempDir("runner-certs");
    ASSERT_TRUE(dir.ok()) << dir.status();
    absl::StatusOr<testing::TestCertificates> certs = testing::TestCertificates::Generate(*dir);
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = new testing::TestCertificates(*certs);
  }
  static void TearDownTestSuite() {
    delete certs_;
    certs_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(certs_, nullptr) << "certificate generation failed"; }

  static EchoServer::Options TlsOptions(bool mutual) {
    EchoServer::Options options;
    options.server.tls_cert_file = certs_->server_cert;
    options.server.tls_key_file = certs_->server_key;
    if (mutual) {
      options.server.tls_client_ca_file = certs_->ca_cert;
    }
    return options;
  }

  // A TLS client trusting our CA, presenting `cert`/`key` when given.
  static std::unique_ptr<echo::v1::EchoService::Stub> TlsStub(const std::string& address, const std::string& cert,
                                                              const std::string& key) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = testing::ReadPemFile(certs_->ca_cert);
    if (!cert.empty()) {
      ssl.pem_cert_chain = testing::ReadPemFile(cert);
      ssl.pem_private_key = testing::ReadPemFile(key);
    }
    return echo::v1::EchoService::NewStub(grpc::CreateChannel(address, grpc::SslCredentials(ssl)));
  }

  static testing::TestCertificates* certs_;  // owned between SetUpTestSuite and TearDownTestSuite
};

testing::TestCertificates* ServerRunnerTlsTest::certs_ = nullptr;

TEST_F(ServerRunnerTlsTest, TlsServesTrustingClients) {
  EchoServer server(TlsOptions(/*mutual=*/false));
  ASSERT_TRUE(server.Start().ok());
  auto stub = TlsStub(server.address(), "", "");
  EchoResponse response;
  const grpc::Status status = CallEcho(*stub, kAdminToken, "secret", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.payload(), "secret");

  // A plaintext client cannot talk to it.
  auto plain = server.stub();
  EXPECT_EQ(CallEcho(*plain, kAdminToken, "x", nullptr, "", 2000).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ServerRunnerTlsTest, TlsAllowsNonLoopbackListen) {
  EchoServer::Options options = TlsOptions(/*mutual=*/false);
  options.server.listen_address = "0.0.0.0:0";
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = TlsStub(server.address(), "", "");
  EXPECT_TRUE(CallEcho(*stub, kAdminToken, "x").ok());
}

TEST_F(ServerRunnerTlsTest, MutualTlsAcceptsClientCertificateFromTrustedCa) {
  EchoServer server(TlsOptions(/*mutual=*/true));
  ASSERT_TRUE(server.Start().ok());
  auto stub = TlsStub(server.address(), certs_->client_cert, certs_->client_key);
  const grpc::Status status = CallEcho(*stub, kAdminToken, "x");
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(ServerRunnerTlsTest, MutualTlsRefusesUntrustedClientCertificate) {
  EchoServer server(TlsOptions(/*mutual=*/true));
  ASSERT_TRUE(server.Start().ok());
  auto stub = TlsStub(server.address(), certs_->untrusted_client_cert, certs_->untrusted_client_key);
  EXPECT_EQ(CallEcho(*stub, kAdminToken, "x", nullptr, "", 5000).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ServerRunnerTlsTest, MutualTlsRefusesClientWithoutCertificate) {
  EchoServer server(TlsOptions(/*mutual=*/true));
  ASSERT_TRUE(server.Start().ok());
  auto stub = TlsStub(server.address(), "", "");
  EXPECT_EQ(CallEcho(*stub, kAdminToken, "x", nullptr, "", 5000).error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace skillbridge

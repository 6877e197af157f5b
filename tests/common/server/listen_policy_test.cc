#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "common/server/server_runner.h"
#include "tests/support/process.h"

namespace skillbridge {
namespace {

ServerOptions Listen(std::string address) {
  ServerOptions options;
  options.listen_address = std::move(address);
  return options;
}

TEST(ListenPolicyTest, LoopbackWithoutTlsIsAllowed) {
  for (const char* address :
       {"127.0.0.1:0", "127.0.0.1:50051", "127.1.2.3:80", "localhost:50051", "[::1]:0", "unix:/tmp/evaluation.sock"}) {
    EXPECT_TRUE(CheckListenPolicy(Listen(address)).ok()) << address;
  }
}

TEST(ListenPolicyTest, NonLoopbackWithoutTlsIsRefused) {
  for (const char* address : {"0.0.0.0:50051", "[::]:50051", "10.0.0.5:50051", "example.org:443", "128.0.0.1:1"}) {
    const absl::Status status = CheckListenPolicy(Listen(address));
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << address;
    EXPECT_NE(status.message().find("--listen"), std::string::npos) << status;
    EXPECT_NE(status.message().find("--behind_mesh"), std::string::npos) << status;
  }
}

TEST(ListenPolicyTest, BehindMeshAllowsPlaintext) {
  ServerOptions options = Listen("0.0.0.0:50051");
  options.behind_mesh = true;
  EXPECT_TRUE(CheckListenPolicy(options).ok());
}

// The metrics endpoint has no TLS and no token: the same policy, loopback unless behind a mesh.
TEST(ListenPolicyTest, MetricsOnANonLoopbackAddressNeedsTheMesh) {
  ServerOptions options = Listen("127.0.0.1:50051");
  options.metrics_address = "127.0.0.1:9464";
  EXPECT_TRUE(CheckListenPolicy(options).ok());
  for (const char* address : {"0.0.0.0:9464", "10.0.0.5:9464", "[::]:9464", "9464"}) {
    options.metrics_address = address;
    const absl::Status status = CheckListenPolicy(options);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << address;
    EXPECT_NE(status.message().find("--metrics_listen"), std::string::npos) << status;
  }
  options.metrics_address = "0.0.0.0:9464";
  options.behind_mesh = true;
  EXPECT_TRUE(CheckListenPolicy(options).ok());
}

// The health listener is plaintext too: the same rule, and --remote_ops_endpoints opens both
// ops endpoints (not the gRPC port) to non-loopback addresses.
TEST(ListenPolicyTest, OpsEndpointsOnNonLoopbackNeedRemoteOpsOrTheMesh) {
  ServerOptions options = Listen("127.0.0.1:50051");
  options.health_address = "0.0.0.0:9201";
  absl::Status status = CheckListenPolicy(options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--health_listen"), std::string::npos) << status;
  options.remote_ops_endpoints = true;
  options.metrics_address = "0.0.0.0:9101";
  EXPECT_TRUE(CheckListenPolicy(options).ok());
  options.listen_address = "0.0.0.0:50051";
  status = CheckListenPolicy(options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << "the gRPC port still needs TLS";
  EXPECT_NE(status.message().find("--listen"), std::string::npos) << status;
}

TEST(ListenPolicyTest, HealthAddressMustDifferFromListen) {
  ServerOptions options = Listen("127.0.0.1:50051");
  options.health_address = "127.0.0.1:50051";
  const absl::Status status = CheckListenPolicy(options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--health_listen"), std::string::npos) << status;
}

TEST(ListenPolicyTest, MalformedAddressIsRefused) {
  EXPECT_EQ(CheckListenPolicy(Listen("")).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckListenPolicy(Listen("no-port")).code(), absl::StatusCode::kInvalidArgument);
}

class ListenPolicyTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> dir = testing::MakeTempDir("listen-policy");
    ASSERT_TRUE(dir.ok()) << dir.status();
    cert_ = *dir + "/cert.pem";
    key_ = *dir + "/key.pem";
    ca_ = *dir + "/ca.pem";
    for (const std::string& path : {cert_, key_, ca_}) {
      std::ofstream(path) << "placeholder\n";
    }
  }

  std::string cert_;
  std::string key_;
  std::string ca_;
};

TEST_F(ListenPolicyTlsTest, TlsAllowsAnyAddress) {
  ServerOptions options = Listen("0.0.0.0:50051");
  options.tls_cert_file = cert_;
  options.tls_key_file = key_;
  EXPECT_TRUE(CheckListenPolicy(options).ok());
  options.tls_client_ca_file = ca_;
  EXPECT_TRUE(CheckListenPolicy(options).ok());
}

TEST_F(ListenPolicyTlsTest, CertAndKeyComeInPairs) {
  ServerOptions options = Listen("127.0.0.1:0");
  options.tls_cert_file = cert_;
  EXPECT_EQ(CheckListenPolicy(options).code(), absl::StatusCode::kInvalidArgument);
  options.tls_cert_file = "";
  options.tls_key_file = key_;
  EXPECT_EQ(CheckListenPolicy(options).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ListenPolicyTlsTest, ClientCaNeedsServerCertificate) {
  ServerOptions options = Listen("127.0.0.1:0");
  options.tls_client_ca_file = ca_;
  const absl::Status status = CheckListenPolicy(options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--tls_client_ca"), std::string::npos) << status;
}

TEST_F(ListenPolicyTlsTest, MissingFilesAreNamed) {
  ServerOptions options = Listen("127.0.0.1:0");
  options.tls_cert_file = cert_;
  options.tls_key_file = key_ + ".missing";
  const absl::Status status = CheckListenPolicy(options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--tls_key"), std::string::npos) << status;
  EXPECT_NE(status.message().find(".missing"), std::string::npos) << status;
}

TEST(ServerRunnerStartTest, StartRefusesPolicyViolation) {
  ServerRunner runner(Listen("0.0.0.0:0"), "test");
  EXPECT_EQ(runner.Start().code(), absl::StatusCode::kInvalidArgument);
  runner.Wait();  // returns at once: nothing started
}

}  // namespace
}  // namespace skillbridge

// MakeClientChannel: every combination an operator can get wrong is refused at start-up with the
// flag named (a client certificate or a server name without a CA, a certificate without its key,
// a missing, empty or non-PEM file, no address), with the service's own flag names when it gives
// them; plaintext and TLS / mutual TLS with real PEM files build a channel without connecting.

#include "common/server/client_channel.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/process.h"
#include "tests/support/test_certs.h"

namespace skillbridge {
namespace {

using ::skillbridge::testing::MakeTempDir;
using ::skillbridge::testing::TestCertificates;
using ::testing::HasSubstr;

class ClientChannelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto dir = MakeTempDir("client-channel");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = new std::string(*dir);
    auto certs = TestCertificates::Generate(*dir_);
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = new TestCertificates(*certs);
  }
  static void TearDownTestSuite() {
    delete certs_;
    delete dir_;
    certs_ = nullptr;
    dir_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(certs_, nullptr) << "no test certificates"; }

  static std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = *dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  static ClientChannelOptions Plain() {
    ClientChannelOptions options;
    options.address = "127.0.0.1:1";
    return options;
  }

  static ClientChannelOptions Tls() {
    ClientChannelOptions options = Plain();
    options.tls_ca_file = certs_->ca_cert;
    return options;
  }

  // Raw pointers: owned between SetUpTestSuite and TearDownTestSuite (no non-trivial statics).
  static std::string* dir_;
  static TestCertificates* certs_;
};

std::string* ClientChannelTest::dir_ = nullptr;
TestCertificates* ClientChannelTest::certs_ = nullptr;

TEST_F(ClientChannelTest, PlaintextAndTlsBuildAChannelWithoutConnecting) {
  auto plain = MakeClientChannel(Plain(), "evaluation");
  ASSERT_TRUE(plain.ok()) << plain.status();
  ASSERT_NE(*plain, nullptr);
  EXPECT_EQ((*plain)->GetState(false), GRPC_CHANNEL_IDLE);

  ClientChannelOptions tls = Tls();
  tls.tls_server_name = "localhost";
  auto server_auth = MakeClientChannel(tls, "evaluation");
  ASSERT_TRUE(server_auth.ok()) << server_auth.status();
  EXPECT_NE(*server_auth, nullptr);

  tls.tls_client_cert_file = certs_->client_cert;
  tls.tls_client_key_file = certs_->client_key;
  auto mutual = MakeClientChannel(tls, "evaluation");
  ASSERT_TRUE(mutual.ok()) << mutual.status();
  EXPECT_NE(*mutual, nullptr);
}

TEST_F(ClientChannelTest, AnAddressIsRequired) {
  ClientChannelOptions options = Plain();
  options.address.clear();
  auto channel = MakeClientChannel(options, "evaluation");
  ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(channel.status().message()), HasSubstr("--evaluation_address"));
}

TEST_F(ClientChannelTest, AClientCertificateOrKeyWithoutACaIsRefused) {
  for (bool cert : {true, false}) {
    ClientChannelOptions options = Plain();
    (cert ? options.tls_client_cert_file : options.tls_client_key_file) =
        cert ? certs_->client_cert : certs_->client_key;
    auto channel = MakeClientChannel(options, "evaluation");
    ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument) << cert;
    const std::string message(channel.status().message());
    EXPECT_THAT(message, HasSubstr("needs --evaluation_tls_ca"));
    EXPECT_THAT(message, HasSubstr("--evaluation_tls_cert"));
    EXPECT_THAT(message, HasSubstr("--evaluation_tls_key"));
  }
}

TEST_F(ClientChannelTest, AServerNameWithoutACaIsRefusedRatherThanSilentlyPlaintext) {
  ClientChannelOptions options = Plain();
  options.tls_server_name = "evaluation.skillbridge.svc";
  auto channel = MakeClientChannel(options, "evaluation");
  ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(channel.status().message());
  EXPECT_THAT(message, HasSubstr("--evaluation_tls_server_name needs --evaluation_tls_ca"));
  EXPECT_THAT(message, HasSubstr("plaintext"));
}

TEST_F(ClientChannelTest, ACertificateAndItsKeyComeTogether) {
  for (bool cert : {true, false}) {
    ClientChannelOptions options = Tls();
    (cert ? options.tls_client_cert_file : options.tls_client_key_file) =
        cert ? certs_->client_cert : certs_->client_key;
    auto channel = MakeClientChannel(options, "evaluation");
    ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument) << cert;
    EXPECT_THAT(std::string(channel.status().message()),
                HasSubstr("client certificate and key come together (--evaluation_tls_cert and --evaluation_tls_key)"));
  }
}

TEST_F(ClientChannelTest, AMissingFileIsNotFoundNamingTheFileAndTheFlag) {
  const std::string missing = *dir_ + "/no-such-file.pem";
  struct Case {
    std::string ClientChannelOptions::*field;
    const char* flag;
  };
  for (const Case& c : {Case{&ClientChannelOptions::tls_ca_file, "--evaluation_tls_ca"},
                        Case{&ClientChannelOptions::tls_client_cert_file, "--evaluation_tls_cert"},
                        Case{&ClientChannelOptions::tls_client_key_file, "--evaluation_tls_key"}}) {
    ClientChannelOptions options = Tls();
    options.tls_client_cert_file = certs_->client_cert;
    options.tls_client_key_file = certs_->client_key;
    options.*c.field = missing;
    auto channel = MakeClientChannel(options, "evaluation");
    ASSERT_EQ(channel.status().code(), absl::StatusCode::kNotFound) << c.flag;
    const std::string message(channel.status().message());
    EXPECT_THAT(message, HasSubstr(missing));
    EXPECT_THAT(message, HasSubstr(c.flag));
  }
}

TEST_F(ClientChannelTest, AnEmptyOrNonPemFileIsRefused) {
  // An empty CA bundle must never fall back to the system roots.
  const std::string empty = WriteFile("empty.pem", "");
  const std::string text = WriteFile("not-pem.txt", "just some text\n");
  for (const std::string& bad : {empty, text}) {
    ClientChannelOptions ca = Tls();
    ca.tls_ca_file = bad;
    auto channel = MakeClientChannel(ca, "evaluation");
    ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(channel.status().message()), HasSubstr("(--evaluation_tls_ca) holds no PEM block"));

    ClientChannelOptions key = Tls();
    key.tls_client_cert_file = certs_->client_cert;
    key.tls_client_key_file = bad;
    channel = MakeClientChannel(key, "evaluation");
    ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(channel.status().message()), HasSubstr("(--evaluation_tls_key) holds no PEM block"));
  }
}

TEST_F(ClientChannelTest, MessagesUseTheServicesOwnFlagNames) {
  // As the aggregator names them: one CA and client identity for all sources.
  ClientChannelOptions options;
  options.flags.address = "--training";
  options.flags.tls_ca = "--sources_tls_ca";
  options.flags.tls_cert = "--sources_tls_cert";
  options.flags.tls_key = "--sources_tls_key";
  auto channel = MakeClientChannel(options, "training");
  ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(channel.status().message()),
              HasSubstr("the training service address is required (--training)"));

  options.address = "127.0.0.1:1";
  options.tls_client_cert_file = certs_->client_cert;
  options.tls_client_key_file = certs_->client_key;
  channel = MakeClientChannel(options, "training");
  ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(channel.status().message()),
              HasSubstr("a client certificate for training (--sources_tls_cert, --sources_tls_key) needs "
                        "--sources_tls_ca too"));

  options.tls_client_cert_file.clear();
  options.tls_client_key_file.clear();
  options.tls_server_name = "training.skillbridge.svc";
  channel = MakeClientChannel(options, "training");
  ASSERT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(channel.status().message()), HasSubstr("--training_tls_server_name needs --sources_tls_ca"));
}

}  // namespace
}  // namespace skillbridge

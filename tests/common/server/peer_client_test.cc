// Outgoing calls to a peer service: the SERVICE token file, ConnectPeer's refusals (each naming
// the flag to fix, --<peer>_...), and PrepareOutgoingCall's metadata and deadline (capped by the
// caller's deadline less the margin; nothing is prepared when no time is left). No network: a
// channel is built but never used.

#include "common/server/peer_client.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <grpcpp/test/client_context_test_peer.h>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/process.h"

namespace skillbridge {
namespace {

using ::testing::HasSubstr;

class PeerClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> dir = skillbridge::testing::MakeTempDir("peer-client");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = *dir;
    token_file_ = Write("token", "  service-token-123 \r\n# not part of the token\n");
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  PeerOptions Options() const {
    PeerOptions options;
    options.address = "127.0.0.1:1";
    options.token_file = token_file_;
    options.timeout = std::chrono::milliseconds(1500);
    return options;
  }

  static std::string MessageOf(const absl::Status& status) { return std::string(status.message()); }

  std::string dir_;
  std::string token_file_;
};

TEST_F(PeerClientTest, ReadServiceTokenReadsTheFirstLineTrimmed) {
  absl::StatusOr<std::string> token = ReadServiceToken(token_file_, "--evaluation_token_file");
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, "service-token-123");
}

TEST_F(PeerClientTest, ReadServiceTokenErrorsNameTheFlag) {
  const absl::StatusOr<std::string> none = ReadServiceToken("", "--evaluation_token_file");
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MessageOf(none.status()), "a SERVICE token file is required (--evaluation_token_file)");

  const std::string missing = dir_ + "/absent";
  const absl::StatusOr<std::string> absent = ReadServiceToken(missing, "--evaluation_token_file");
  EXPECT_EQ(absent.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(MessageOf(absent.status()), HasSubstr("--evaluation_token_file"));
  EXPECT_THAT(MessageOf(absent.status()), HasSubstr(missing));

  const absl::StatusOr<std::string> blank = ReadServiceToken(Write("blank", " \n"), "--evaluation_token_file");
  EXPECT_EQ(blank.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(blank.status()), HasSubstr("--evaluation_token_file"));
  EXPECT_THAT(MessageOf(blank.status()), HasSubstr("is empty"));
}

TEST_F(PeerClientTest, ConnectPeerBuildsAChannelWithTheTokenAndTimeout) {
  absl::StatusOr<PeerConnection> peer = ConnectPeer(Options(), "evaluation");
  ASSERT_TRUE(peer.ok()) << peer.status();
  ASSERT_NE(peer->channel, nullptr);
  EXPECT_EQ(peer->channel->GetState(false), GRPC_CHANNEL_IDLE);
  EXPECT_EQ(peer->token, "service-token-123");
  EXPECT_EQ(peer->timeout, std::chrono::milliseconds(1500));
}

TEST_F(PeerClientTest, ConnectPeerRefusalsNameTheFlag) {
  PeerOptions no_address = Options();
  no_address.address.clear();
  absl::StatusOr<PeerConnection> peer = ConnectPeer(no_address, "evaluation");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MessageOf(peer.status()), "the evaluation service address is required (--evaluation_address)");

  for (const int ms : {0, -5}) {
    PeerOptions bad_timeout = Options();
    bad_timeout.timeout = std::chrono::milliseconds(ms);
    peer = ConnectPeer(bad_timeout, "training");
    EXPECT_EQ(peer.status().code(), absl::StatusCode::kInvalidArgument) << ms;
    EXPECT_EQ(MessageOf(peer.status()), "the training timeout must be positive (--training_timeout_ms)");
  }

  PeerOptions no_token = Options();
  no_token.token_file.clear();
  peer = ConnectPeer(no_token, "evaluation");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(peer.status()), HasSubstr("--evaluation_token_file"));

  PeerOptions missing_token = Options();
  missing_token.token_file = dir_ + "/absent";
  peer = ConnectPeer(missing_token, "evaluation");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(MessageOf(peer.status()), HasSubstr("--evaluation_token_file"));
}

TEST_F(PeerClientTest, TlsFlagCombinationsAreNamedPerPeer) {
  PeerOptions cert_without_ca = Options();
  cert_without_ca.tls_client_cert_file = dir_ + "/client.pem";
  cert_without_ca.tls_client_key_file = dir_ + "/client.key";
  absl::StatusOr<PeerConnection> peer = ConnectPeer(cert_without_ca, "evaluation");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(peer.status()), HasSubstr("(--evaluation_tls_cert, --evaluation_tls_key) needs "
                                                  "--evaluation_tls_ca"));

  PeerOptions name_without_ca = Options();
  name_without_ca.tls_server_name = "evaluation.skillbridge.svc";
  peer = ConnectPeer(name_without_ca, "evaluation");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(peer.status()), HasSubstr("--evaluation_tls_server_name needs --evaluation_tls_ca"));

  PeerOptions cert_without_key = Options();
  cert_without_key.tls_ca_file = dir_ + "/ca.pem";
  cert_without_key.tls_client_cert_file = dir_ + "/client.pem";
  peer = ConnectPeer(cert_without_key, "training");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(peer.status()), HasSubstr("(--training_tls_cert and --training_tls_key)"));

  PeerOptions missing_ca = Options();
  missing_ca.tls_ca_file = dir_ + "/ca.pem";
  peer = ConnectPeer(missing_ca, "training");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(MessageOf(peer.status()), HasSubstr("--training_tls_ca"));

  PeerOptions not_pem = Options();
  not_pem.tls_ca_file = Write("ca.txt", "not a certificate\n");
  peer = ConnectPeer(not_pem, "training");
  EXPECT_EQ(peer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(peer.status()), HasSubstr("(--training_tls_ca) holds no PEM block"));
}

absl::Time DeadlineOf(const grpc::ClientContext& context) { return absl::FromChrono(context.deadline()); }

std::multimap<std::string, std::string> MetadataOf(grpc::ClientContext& context) {
  return grpc::testing::ClientContextTestPeer(&context).GetSendInitialMetadata();
}

TEST(PrepareOutgoingCallTest, AddsTheBearerTokenAndTheTimeoutWithoutACallerDeadline) {
  grpc::ClientContext context;
  const absl::Time before = absl::Now();
  ASSERT_TRUE(PrepareOutgoingCall(context, "tok-1", absl::Seconds(2), absl::InfiniteFuture()).ok());
  const absl::Time after = absl::Now();
  EXPECT_GE(DeadlineOf(context), before + absl::Seconds(2) - absl::Microseconds(1));
  EXPECT_LE(DeadlineOf(context), after + absl::Seconds(2) + absl::Microseconds(1));
  const auto metadata = MetadataOf(context);
  ASSERT_EQ(metadata.count("authorization"), 1u);
  EXPECT_EQ(metadata.find("authorization")->second, "Bearer tok-1");
}

TEST(PrepareOutgoingCallTest, TheCallersDeadlineLessTheMarginCapsTheTimeout) {
  grpc::ClientContext context;
  const absl::Time caller_deadline = absl::Now() + absl::Seconds(1);
  ASSERT_TRUE(PrepareOutgoingCall(context, "tok", absl::Seconds(10), caller_deadline, absl::Milliseconds(200)).ok());
  EXPECT_LE(absl::AbsDuration(DeadlineOf(context) - (caller_deadline - absl::Milliseconds(200))),
            absl::Microseconds(1));
}

TEST(PrepareOutgoingCallTest, AShorterTimeoutThanTheCallerHasIsKept) {
  grpc::ClientContext context;
  const absl::Time before = absl::Now();
  ASSERT_TRUE(PrepareOutgoingCall(context, "tok", absl::Milliseconds(300), before + absl::Minutes(1)).ok());
  EXPECT_GE(DeadlineOf(context), before + absl::Milliseconds(300) - absl::Microseconds(1));
  EXPECT_LE(DeadlineOf(context), absl::Now() + absl::Milliseconds(300) + absl::Microseconds(1));
}

TEST(PrepareOutgoingCallTest, NoTimeLeftIsDeadlineExceededAndNothingIsPrepared) {
  for (const absl::Duration left : {absl::Milliseconds(30), absl::ZeroDuration(), absl::Seconds(-5)}) {
    grpc::ClientContext context;
    const absl::Status status =
        PrepareOutgoingCall(context, "tok", absl::Seconds(2), absl::Now() + left, absl::Milliseconds(50));
    EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << left;
    EXPECT_TRUE(MetadataOf(context).empty());
    EXPECT_EQ(context.deadline(), grpc::ClientContext().deadline());  // still the default (none)
  }
}

}  // namespace
}  // namespace skillbridge

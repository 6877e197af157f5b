// The aggregator consuming a source over TLS and mutual TLS: the real evaluation service and the
// real aggregator (both in this process, real gRPC over TCP, each over its own real redis-server),
// with certificates generated for the test. Configured with the CA (and, for mutual TLS, a client
// certificate) the aggregator applies evaluation's feed — its source status is healthy with the
// events applied — and its live talent profile reaches evaluation too. Without the CA, with an
// untrusted CA, or without a client certificate when evaluation requires one, the source stays
// unhealthy with nothing applied and the profile names evaluation as missing.

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "absl/time/civil_time.h"
#include "common/reference/bureau_calendar.h"
#include "common/server/standard_server.h"
#include "gtest/gtest.h"
#include "services/aggregator/aggregator_server.h"
#include "services/evaluation/evaluation_service_traits.h"
#include "skillbridge/aggregator/v1/aggregator.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/process.h"
#include "tests/support/redis_server.h"
#include "tests/support/test_certs.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace agg = ::skillbridge::aggregator::v1;
using SteadyClock = std::chrono::steady_clock;

absl::Time StartTime() { return BureauTime(absl::CivilSecond(2026, 6, 15, 10, 0, 0)); }

std::unique_ptr<grpc::ClientContext> As(const std::string& token, int seconds = 10) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

// Where the test's own files live: certificates, the auth config and the service token.
struct Material {
  TestCertificates certs;
  std::string auth;
  std::string token_file;
};

// The evaluation service over its own redis-server, listening with TLS (mutual TLS when
// `require_client_certificates`).
class TlsEvaluation final {
 public:
  TlsEvaluation() : clock_(StartTime()) {}
  ~TlsEvaluation() {
    if (server_ != nullptr) {
      server_->RequestShutdown();
    }
    if (waiter_.joinable()) {
      waiter_.join();
    }
  }

  absl::Status Start(const Material& m, bool require_client_certificates) {
    if (absl::Status started = redis_.Start(); !started.ok()) {
      return started;
    }
    ServiceConfig config;
    config.server.listen_address = "127.0.0.1:0";
    config.server.tls_cert_file = m.certs.server_cert;
    config.server.tls_key_file = m.certs.server_key;
    if (require_client_certificates) {
      config.server.tls_client_ca_file = m.certs.ca_cert;
    }
    config.server.worker_threads = 2;
    config.server.long_poll_threads = 4;
    config.server.shutdown_grace = std::chrono::milliseconds(1000);
    config.redis = redis_.ClientOptions();
    config.auth_config_path = m.auth;
    config.reference_dir = std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference";
    config.clock = &clock_;
    auto server = StandardServer<evaluation::EvaluationServiceTraits>::Create(std::move(config));
    if (!server.ok()) {
      return server.status();
    }
    server_ = std::move(*server);
    if (absl::Status started = server_->Start(); !started.ok()) {
      return started;
    }
    waiter_ = std::thread([this] { server_->Wait(); });
    // The test's own client: trusted CA and client certificate, name as in the certificate.
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadPemFile(m.certs.ca_cert);
    ssl.pem_cert_chain = ReadPemFile(m.certs.client_cert);
    ssl.pem_private_key = ReadPemFile(m.certs.client_key);
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    stub_ = ev::EvaluationService::NewStub(grpc::CreateCustomChannel(address(), grpc::SslCredentials(ssl), args));
    return absl::OkStatus();
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  ev::EvaluationService::Stub& stub() { return *stub_; }

 private:
  RedisServerProcess redis_;
  ManualClock clock_;
  std::unique_ptr<StandardServer<evaluation::EvaluationServiceTraits>> server_;
  std::thread waiter_;
  std::unique_ptr<ev::EvaluationService::Stub> stub_;
};

// The aggregator over its own redis-server, with evaluation as its one source.
class Aggregator final {
 public:
  // {ca, cert, key, server_name}: the --sources_tls_* values and evaluation's tls_server_name in
  // --sources.
  struct SourceTls {
    std::string ca;
    std::string cert;
    std::string key;
    std::string server_name;
  };

  ~Aggregator() {
    if (server_ != nullptr) {
      server_->RequestShutdown();
    }
    if (waiter_.joinable()) {
      waiter_.join();
    }
  }

  absl::Status Start(const Material& m, const std::string& evaluation_address, const SourceTls& tls) {
    if (absl::Status started = redis_.Start(); !started.ok()) {
      return started;
    }
    aggregator::AggregatorServerConfig config;
    config.service.server.listen_address = "127.0.0.1:0";
    config.service.server.worker_threads = 2;
    config.service.server.long_poll_threads = 2;
    config.service.server.shutdown_grace = std::chrono::milliseconds(1000);
    config.service.redis = redis_.ClientOptions();
    config.service.auth_config_path = m.auth;
    config.service.reference_dir = std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference";
    // The system clock (not a fixed one): the talent profile turns `now + profile_deadline` into
    // real gRPC deadlines.
    config.service.clock = nullptr;
    config.sources["evaluation"] = {evaluation_address, tls.server_name};
    config.service_token_file = m.token_file;
    config.sources_tls_ca_file = tls.ca;
    config.sources_tls_cert_file = tls.cert;
    config.sources_tls_key_file = tls.key;
    config.http_enabled = false;
    config.consumer.wait = std::chrono::milliseconds(200);
    config.consumer.initial_backoff = std::chrono::milliseconds(50);
    config.consumer.max_backoff = std::chrono::milliseconds(500);
    auto server = aggregator::AggregatorServer::Create(std::move(config));
    if (!server.ok()) {
      return server.status();
    }
    server_ = std::move(*server);
    if (absl::Status started = server_->Start(); !started.ok()) {
      return started;
    }
    waiter_ = std::thread([this] { server_->Wait(); });
    stub_ = agg::AggregatorService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials()));
    return absl::OkStatus();
  }

  // The evaluation source's status once `done` holds for it (bounded wait); the last one read
  // otherwise.
  template <typename Done>
  agg::SourceStatus WaitForEvaluationSource(Done done) {
    agg::SourceStatus last;
    const auto give_up = SteadyClock::now() + std::chrono::seconds(20);
    while (SteadyClock::now() < give_up) {
      agg::GetSourceStatusResponse response;
      if (stub_->GetSourceStatus(As(kViewerToken).get(), {}, &response).ok()) {
        for (const auto& s : response.sources()) {
          if (s.source() == "evaluation") {
            last = s;
          }
        }
        if (done(last)) {
          return last;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return last;
  }

  agg::GetTalentProfileResponse Profile(const std::string& id_number) {
    agg::GetTalentProfileRequest request;
    request.set_id_number(id_number);
    agg::GetTalentProfileResponse response;
    const grpc::Status status = stub_->GetTalentProfile(As(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

 private:
  RedisServerProcess redis_;
  std::unique_ptr<aggregator::AggregatorServer> server_;
  std::thread waiter_;
  std::unique_ptr<agg::AggregatorService::Stub> stub_;
};

class AggregatorTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto dir = MakeTempDir("aggregator-tls");
    ASSERT_TRUE(dir.ok()) << dir.status();
    auto certs = TestCertificates::Generate(*dir);
    ASSERT_TRUE(certs.ok()) << certs.status();
    material_ = new Material{*certs, WriteTestAuthConfig(*dir), *dir + "/service-token"};
    std::ofstream(material_->token_file) << kServiceToken << "\n";
  }
  static void TearDownTestSuite() {
    delete material_;
    material_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(material_, nullptr) << "no test material"; }

  // Files an evaluation organisation and issues a 三级 certificate to person 1 through the
  // evaluation service; returns the certificate number.
  static std::string IssueCertificate(TlsEvaluation& evaluation) {
    const std::string org = CreditCode(1);
    ev::CreateEvaluationOrgRequest create;
    create.mutable_org()->set_credit_code(org);
    create.mutable_org()->set_name("青岛测试评价机构");
    create.mutable_org()->set_district_code(kDistrictA);
    create.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
    auto* scope = create.add_scope();
    scope->set_occupation_code("6-18-02-04");
    scope->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
    ev::CreateEvaluationOrgResponse created;
    grpc::Status status = evaluation.stub().CreateEvaluationOrg(As(kAdminToken).get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ev::StartFilingAssessmentRequest start;
    start.set_credit_code(org);
    ev::StartFilingAssessmentResponse started;
    status = evaluation.stub().StartFilingAssessment(As(kAdminToken).get(), start, &started);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ev::ApproveFilingRequest approve;
    approve.set_credit_code(org);
    ev::ApproveFilingResponse approved;
    status = evaluation.stub().ApproveFiling(As(kAdminToken).get(), approve, &approved);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ev::IssueCertificateRequest issue;
    issue.set_request_id("tls-cert-1");
    *issue.mutable_certificate() = EvaluationHarness::Draft(1, org);
    ev::IssueCertificateResponse issued;
    status = evaluation.stub().IssueCertificate(As(kInstitutionAToken).get(), issue, &issued);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return issued.certificate().number();
  }

  // The number of events in evaluation's feed and the id of the last one.
  static std::pair<int64_t, std::string> FeedEnd(TlsEvaluation& evaluation) {
    ev::ListEventsRequest request;
    request.set_after_id("0");
    request.set_max_events(1000);
    ev::ListEventsResponse response;
    const grpc::Status status = evaluation.stub().ListEvents(As(kServiceToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (response.events_size() == 0) {
      return {0, "0"};
    }
    const std::string last_id =
        response.last_id().empty() ? response.events(response.events_size() - 1).id() : response.last_id();
    return {response.events_size(), last_id};
  }

  // The aggregator applied the whole of evaluation's feed over the channel and reaches it live.
  static void ExpectConsumed(Aggregator& aggregator, TlsEvaluation& evaluation, const std::string& number) {
    const auto [events, last_id] = FeedEnd(evaluation);
    ASSERT_GE(events, 2) << "at least the org filed and the certificate issued";
    const agg::SourceStatus status = aggregator.WaitForEvaluationSource(
        [&](const agg::SourceStatus& s) { return s.cursor() == last_id && s.healthy(); });
    EXPECT_TRUE(status.connected());
    EXPECT_TRUE(status.healthy()) << status.last_error();
    EXPECT_EQ(status.events_applied(), events);
    EXPECT_EQ(status.cursor(), last_id);
    EXPECT_EQ(status.last_error(), "");
    const agg::GetTalentProfileResponse profile = aggregator.Profile(PersonId(1));
    EXPECT_FALSE(profile.partial()) << profile.DebugString();
    ASSERT_EQ(profile.certificates_size(), 1);
    EXPECT_EQ(profile.certificates(0).number(), number);
    EXPECT_EQ(profile.certificates(0).status(), "VALID");
    EXPECT_EQ(profile.highest_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  }

  // The aggregator could not reach evaluation: an error, never healthy, nothing applied.
  static void ExpectRefused(Aggregator& aggregator) {
    const agg::SourceStatus status =
        aggregator.WaitForEvaluationSource([](const agg::SourceStatus& s) { return !s.last_error().empty(); });
    EXPECT_TRUE(status.connected());
    EXPECT_FALSE(status.healthy());
    EXPECT_NE(status.last_error(), "");
    EXPECT_EQ(status.events_applied(), 0);
    EXPECT_EQ(status.cursor(), "0");
    const agg::GetTalentProfileResponse profile = aggregator.Profile(PersonId(1));
    EXPECT_TRUE(profile.partial());
    EXPECT_EQ(profile.certificates_size(), 0);
    ASSERT_EQ(profile.missing_sources_size(), 1);
    EXPECT_EQ(profile.missing_sources(0), "evaluation");
  }

  // Raw pointer: owned between SetUpTestSuite and TearDownTestSuite (no non-trivial statics).
  static Material* material_;
};

Material* AggregatorTlsTest::material_ = nullptr;

TEST_F(AggregatorTlsTest, ConsumesATlsSourceWithTheCa) {
  TlsEvaluation evaluation;
  ASSERT_TRUE(evaluation.Start(*material_, /*require_client_certificates=*/false).ok());
  const std::string number = IssueCertificate(evaluation);
  ASSERT_FALSE(number.empty());
  Aggregator aggregator;
  auto started = aggregator.Start(*material_, evaluation.address(), {material_->certs.ca_cert, "", "", "localhost"});
  ASSERT_TRUE(started.ok()) << started;
  ExpectConsumed(aggregator, evaluation, number);
}

TEST_F(AggregatorTlsTest, ConsumesAMutualTlsSourceWithTheClientCertificate) {
  TlsEvaluation evaluation;
  ASSERT_TRUE(evaluation.Start(*material_, /*require_client_certificates=*/true).ok());
  const std::string number = IssueCertificate(evaluation);
  ASSERT_FALSE(number.empty());
  Aggregator aggregator;
  auto started = aggregator.Start(
      *material_, evaluation.address(),
      {material_->certs.ca_cert, material_->certs.client_cert, material_->certs.client_key, "localhost"});
  ASSERT_TRUE(started.ok()) << started;
  ExpectConsumed(aggregator, evaluation, number);
}

TEST_F(AggregatorTlsTest, WithoutTheCaOrWithAnUntrustedOneTheSourceIsUnhealthy) {
  TlsEvaluation evaluation;
  ASSERT_TRUE(evaluation.Start(*material_, /*require_client_certificates=*/false).ok());
  ASSERT_FALSE(IssueCertificate(evaluation).empty());
  Aggregator plaintext;
  ASSERT_TRUE(plaintext.Start(*material_, evaluation.address(), {}).ok());
  Aggregator untrusted;
  ASSERT_TRUE(
      untrusted.Start(*material_, evaluation.address(), {material_->certs.untrusted_ca_cert, "", "", "localhost"})
          .ok());
  ExpectRefused(plaintext);
  ExpectRefused(untrusted);
}

TEST_F(AggregatorTlsTest, WithoutAClientCertificateAMutualTlsSourceIsUnhealthy) {
  TlsEvaluation evaluation;
  ASSERT_TRUE(evaluation.Start(*material_, /*require_client_certificates=*/true).ok());
  ASSERT_FALSE(IssueCertificate(evaluation).empty());
  Aggregator aggregator;
  ASSERT_TRUE(aggregator.Start(*material_, evaluation.address(), {material_->certs.ca_cert, "", "", "localhost"}).ok());
  ExpectRefused(aggregator);
}

TEST_F(AggregatorTlsTest, BadSourceTlsFlagsRefuseToStartNamingTheFlag) {
  Aggregator aggregator;
  auto started =
      aggregator.Start(*material_, "127.0.0.1:1", {"", material_->certs.client_cert, material_->certs.client_key, ""});
  ASSERT_EQ(started.code(), absl::StatusCode::kInvalidArgument) << started;
  EXPECT_NE(started.message().find("needs --sources_tls_ca"), absl::string_view::npos) << started;
}

}  // namespace
}  // namespace skillbridge::testing

#include "tests/evaluation/evaluation_harness.h"

#include <fstream>

#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/support/process.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {

namespace {

absl::Time StartTime() {
  return absl::FromCivil(absl::CivilSecond(2026, 6, 15, 10, 0, 0), absl::FixedTimeZone(8 * 3600));
}

}  // namespace

std::string WriteTestAuthConfig(const std::string& dir) {
  struct Entry {
    const char* name;
    const char* role;
    const char* token;
    std::string extra;
  };
  const Entry entries[] = {
      {"admin", "ROLE_ADMIN", kAdminToken, ""},
      {"district-a", "ROLE_DISTRICT_OFFICER", kDistrictAToken, "district_code: \"370202\""},
      {"district-b", "ROLE_DISTRICT_OFFICER", kDistrictBToken, "district_code: \"370211\""},
      {"institution-a", "ROLE_INSTITUTION", kInstitutionAToken, "credit_code: \"" + CreditCode(1) + "\""},
      {"institution-b", "ROLE_INSTITUTION", kInstitutionBToken, "credit_code: \"" + CreditCode(2) + "\""},
      {"verifier", "ROLE_VERIFIER", kVerifierToken, ""},
      {"viewer", "ROLE_VIEWER", kViewerToken, ""},
      {"service", "ROLE_SERVICE", kServiceToken, ""},
  };
  const std::string path = dir + "/auth.textproto";
  std::ofstream out(path);
  for (const auto& entry : entries) {
    out << "principals { name: \"" << entry.name << "\" role: " << entry.role << " token_sha256: \""
        << Sha256Hex(entry.token) << "\" " << entry.extra << " }\n";
  }
  return path;
}

EvaluationHarness::EvaluationHarness() : clock_(StartTime()) {}

EvaluationHarness::~EvaluationHarness() { Stop(); }

absl::Status EvaluationHarness::Start() {
  if (absl::Status started = redis_.Start(); !started.ok()) {
    return started;
  }
  auto client = RedisClient::Create(redis_.ClientOptions());
  if (!client.ok()) {
    return client.status();
  }
  client_ = std::move(*client);
  auto dir = MakeTempDir("evaluation-harness");
  if (!dir.ok()) {
    return dir.status();
  }
  temp_dir_ = *dir;
  evaluation::EvaluationServerConfig config;
  config.server.listen_address = "127.0.0.1:0";
  config.server.metrics_address = "127.0.0.1:0";
  config.server.worker_threads = 4;
  config.server.long_poll_threads = 4;
  config.server.shutdown_grace = std::chrono::milliseconds(2000);
  config.redis = redis_.ClientOptions();
  config.auth_config_path = WriteTestAuthConfig(temp_dir_);
  config.reference_dir = std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference";
  config.clock = &clock_;
  auto server = evaluation::EvaluationServer::Create(std::move(config));
  if (!server.ok()) {
    return server.status();
  }
  server_ = std::move(*server);
  if (absl::Status started = server_->Start(); !started.ok()) {
    return started;
  }
  waiter_ = std::thread([this] { server_->Wait(); });
  channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials());
  stub_ = ev::EvaluationService::NewStub(channel_);
  return absl::OkStatus();
}

void EvaluationHarness::Stop() {
  if (server_ != nullptr) {
    server_->RequestShutdown();
    if (waiter_.joinable()) {
      waiter_.join();
    }
    server_.reset();
  }
  stub_.reset();
  channel_.reset();
  client_.reset();
  redis_.Stop();
}

int EvaluationHarness::port() const { return server_->port(); }

std::unique_ptr<grpc::ClientContext> EvaluationHarness::Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", "Bearer " + token);
  }
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

long long EvaluationHarness::CountKeys(const std::string& pattern) {
  long long count = 0;
  std::string cursor = "0";
  do {
    auto reply = client_->Command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    if (!reply.ok() || reply->size() != 2) {
      return -1;
    }
    cursor = std::string(ReplyString(reply->element(0)));
    count += static_cast<long long>(ReplySize(reply->element(1)));
  } while (cursor != "0");
  return count;
}

ev::EvaluationOrg EvaluationHarness::CreateFiledOrg(const std::string& credit_code, const std::string& district,
                                                    ev::OrgKind kind) {
  ev::CreateEvaluationOrgRequest create;
  create.mutable_org()->set_credit_code(credit_code);
  create.mutable_org()->set_name("青岛测试评价机构" + credit_code.substr(12, 4));
  create.mutable_org()->set_district_code(district);
  create.set_kind(kind);
  auto* weld = create.add_scope();
  weld->set_occupation_code("6-18-02-04");
  weld->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  auto* robot = create.add_scope();
  robot->set_occupation_code("6-30-99-00");
  robot->set_highest_level(common::v1::SKILL_LEVEL_3_SENIOR);
  ev::CreateEvaluationOrgResponse created;
  grpc::Status status = stub_->CreateEvaluationOrg(Context(kAdminToken).get(), create, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(credit_code);
  ev::StartFilingAssessmentResponse started;
  status = stub_->StartFilingAssessment(Context(kAdminToken).get(), start, &started);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ev::ApproveFilingRequest approve;
  approve.set_credit_code(credit_code);
  ev::ApproveFilingResponse approved;
  status = stub_->ApproveFiling(Context(kAdminToken).get(), approve, &approved);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return approved.evaluation_org();
}

std::string EvaluationHarness::PersonName(int n) { return "张三" + std::to_string(n); }

ev::CertificateDraft EvaluationHarness::Draft(int n, const std::string& issuer, common::v1::SkillLevel level) {
  ev::CertificateDraft draft;
  draft.set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  draft.set_basis(ev::CERTIFICATE_BASIS_ASSESSMENT);
  draft.mutable_person()->set_id_number(PersonId(n));
  draft.mutable_person()->set_name(PersonName(n));
  draft.set_occupation_code("6-18-02-04");
  draft.set_level(level);
  draft.set_issuer_credit_code(issuer);
  draft.mutable_issue_date()->set_year(2026);
  draft.mutable_issue_date()->set_month(5);
  draft.mutable_issue_date()->set_day(20);
  return draft;
}

std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return "";
  }
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return "";
}

std::string FirstFieldOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return "";
  }
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad) && bad.field_violations_size() > 0) {
      return bad.field_violations(0).field();
    }
  }
  return "";
}

}  // namespace skillbridge::testing

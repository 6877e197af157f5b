#include "tools/loadgen/scenarios.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/util/concat.h"
#include "skillbridge/echo/v1/echo.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::loadgen {
namespace {

namespace ev = evaluation::v1;

constexpr char kOccupation[] = "6-18-02-04";

std::unique_ptr<grpc::ClientContext> SetupContext(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

absl::Status FromGrpc(const grpc::Status& status, std::string_view what) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), Concat(what, ": ", status.error_message()));
}

ev::CertificateDraft BenchDraft(int64_t n, const std::string& issuer) {
  ev::CertificateDraft draft;
  draft.set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  draft.set_basis(ev::CERTIFICATE_BASIS_ASSESSMENT);
  draft.mutable_person()->set_id_number(BenchPersonId(n));
  draft.mutable_person()->set_name(BenchPersonName(n));
  draft.set_occupation_code(kOccupation);
  draft.set_level(common::v1::SKILL_LEVEL_3_SENIOR);
  draft.set_issuer_credit_code(issuer);
  draft.mutable_issue_date()->set_year(2026);
  draft.mutable_issue_date()->set_month(5);
  draft.mutable_issue_date()->set_day(20);
  // Serials are 6 digits per (org, site, year, level): a new site every 500,000 persons.
  draft.set_site_serial(absl::StrFormat("%06d", 1 + n / 500000));
  return draft;
}

// Base of evaluation scenarios: round-robin over the channels.
class EvaluationScenario : public Scenario {
 public:
  explicit EvaluationScenario(const ScenarioConfig& config) : config_(config) {
    for (const auto& channel : config_.channels) {
      stubs_.push_back(ev::EvaluationService::NewStub(channel));
    }
  }

 protected:
  ev::EvaluationService::Stub& StubFor(int64_t seq) { return *stubs_[static_cast<size_t>(seq) % stubs_.size()]; }

  ScenarioConfig config_;
  std::vector<std::unique_ptr<ev::EvaluationService::Stub>> stubs_;
};

class EchoScenario final : public Scenario {
 public:
  explicit EchoScenario(const ScenarioConfig& config) {
    for (const auto& channel : config.channels) {
      stubs_.push_back(echo::v1::EchoService::NewStub(channel));
    }
    request_.set_payload(std::string(static_cast<size_t>(std::max(0, config.payload_bytes)), 'x'));
  }
  std::string SampleRequest() const override { return request_.SerializeAsString(); }
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    auto* response = new echo::v1::EchoResponse;
    stubs_[static_cast<size_t>(seq) % stubs_.size()]->async()->Echo(
        context, &request_, response, [response, done = std::move(done)](grpc::Status status) {
          delete response;
          done(status, 1);
        });
  }

 private:
  std::vector<std::unique_ptr<echo::v1::EchoService::Stub>> stubs_;
  echo::v1::EchoRequest request_;  // read-only while calls run
};

// VerifyCertificate over a pool of certificates issued by Setup().
class VerifyScenario final : public EvaluationScenario {
 public:
  using EvaluationScenario::EvaluationScenario;
  absl::Status Setup() override {
    const int64_t total = std::max(1, config_.pool_size);
    for (int64_t first = 0; first < total; first += 1000) {
      ev::BatchIssueCertificatesRequest request;
      for (int64_t n = first; n < std::min(total, first + 1000); ++n) {
        *request.add_certificates() = BenchDraft(config_.person_base + n, config_.org_credit_code);
      }
      ev::BatchIssueCertificatesResponse response;
      const grpc::Status status =
          StubFor(0).BatchIssueCertificates(SetupContext(config_.setup_token).get(), request, &response);
      if (!status.ok()) {
        return FromGrpc(status, "verify pool: BatchIssueCertificates");
      }
      for (const auto& result : response.results()) {
        if (result.has_certificate()) {
          ev::VerifyCertificateRequest verify;
          verify.set_number(result.certificate().number());
          verify.set_name(result.certificate().person().name());
          verify.set_id_number(result.certificate().person().id_number());
          pool_.push_back(std::move(verify));
        }
      }
    }
    if (pool_.empty()) {
      return absl::FailedPreconditionError("verify pool: no certificate was issued (is the organisation FILED?)");
    }
    return absl::OkStatus();
  }
  std::string SampleRequest() const override { return pool_.front().SerializeAsString(); }
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    // A multiplicative step spreads the reads over the pool.
    const ev::VerifyCertificateRequest& request = pool_[static_cast<size_t>(seq * 7919) % pool_.size()];
    auto* response = new ev::VerifyCertificateResponse;
    StubFor(seq).async()->VerifyCertificate(
        context, &request, response, [response, done = std::move(done)](grpc::Status status) {
          const bool valid = response->result() == ev::VERIFICATION_RESULT_VALID;
          delete response;
          if (status.ok() && !valid) {
            status = grpc::Status(grpc::StatusCode::DATA_LOSS, "verification did not answer VALID");
          }
          done(status, 1);
        });
  }

 private:
  std::vector<ev::VerifyCertificateRequest> pool_;  // read-only once Setup() returned
};

class IssueScenario final : public EvaluationScenario {
 public:
  using EvaluationScenario::EvaluationScenario;
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    struct Call {
      ev::IssueCertificateRequest request;
      ev::IssueCertificateResponse response;
    };
    auto* call = new Call;
    const int64_t n = config_.person_base + seq;
    call->request.set_request_id(Concat("bench-issue-", n));
    *call->request.mutable_certificate() = BenchDraft(n, config_.org_credit_code);
    StubFor(seq).async()->IssueCertificate(context, &call->request, &call->response,
                                           [call, done = std::move(done)](grpc::Status status) {
                                             delete call;
                                             done(status, 1);
                                           });
  }
};

class BulkIssueScenario final : public EvaluationScenario {
 public:
  using EvaluationScenario::EvaluationScenario;
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    struct Call {
      ev::BatchIssueCertificatesRequest request;
      ev::BatchIssueCertificatesResponse response;
    };
    auto* call = new Call;
    const int64_t first = config_.person_base + seq * config_.batch_size;
    call->request.set_request_id(Concat("bench-bulk-", first));
    for (int64_t n = first; n < first + config_.batch_size; ++n) {
      *call->request.add_certificates() = BenchDraft(n, config_.org_credit_code);
    }
    StubFor(seq).async()->BatchIssueCertificates(
        context, &call->request, &call->response, [call, done = std::move(done)](grpc::Status status) {
          const int64_t accepted = call->response.accepted_count();
          const int64_t rejected = call->response.rejected_count();
          std::string first_error;
          for (const auto& result : call->response.results()) {
            if (!result.error_reason().empty()) {
              first_error = Concat(result.error_reason(), ": ", result.error_message());
              break;
            }
          }
          delete call;
          if (status.ok() && rejected > 0) {
            status = grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                  Concat(rejected, " items rejected, first: ", first_error));
          }
          done(status, accepted);
        });
  }
};

class ListScenario final : public EvaluationScenario {
 public:
  using EvaluationScenario::EvaluationScenario;
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    struct Call {
      ev::ListCertificatesRequest request;
      ev::ListCertificatesResponse response;
    };
    auto* call = new Call;
    call->request.set_issuer_credit_code(config_.org_credit_code);
    call->request.set_page_size(config_.page_size);
    StubFor(seq).async()->ListCertificates(context, &call->request, &call->response,
                                           [call, done = std::move(done)](grpc::Status status) {
                                             const bool empty = call->response.certificates().empty();
                                             delete call;
                                             if (status.ok() && empty) {
                                               status = grpc::Status(grpc::StatusCode::NOT_FOUND, "empty page");
                                             }
                                             done(status, 1);
                                           });
  }
};

template <typename T>
std::function<std::unique_ptr<Scenario>(const ScenarioConfig&)> Factory() {
  return [](const ScenarioConfig& config) { return std::make_unique<T>(config); };
}

}  // namespace

std::string BenchPersonId(int64_t n) {
  // Born 1960-01-01 + n/1000 days, sequence n%1000: unique for n < 14,000,000 (until 1998).
  const absl::CivilDay birth = absl::CivilDay(1960, 1, 1) + n / 1000;
  char body[32];
  std::snprintf(body, sizeof(body), "370202%04d%02d%02d%03d", static_cast<int>(birth.year()), birth.month(),
                birth.day(), static_cast<int>(n % 1000));
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    sum += (body[i] - '0') * kWeights[i];
  }
  return std::string(body, 17) + "10X98765432"[sum % 11];
}

std::string BenchPersonName(int64_t n) { return Concat("测试", n); }

absl::Status FileOrganisation(const ScenarioConfig& config) {
  auto stub = ev::EvaluationService::NewStub(config.channels.front());
  ev::GetEvaluationOrgRequest get;
  get.set_credit_code(config.org_credit_code);
  ev::GetEvaluationOrgResponse found;
  grpc::Status status = stub->GetEvaluationOrg(SetupContext(config.setup_token).get(), get, &found);
  if (status.ok() && found.evaluation_org().state() == ev::FILING_STATE_FILED) {
    return absl::OkStatus();
  }
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    ev::CreateEvaluationOrgRequest create;
    create.set_request_id("bench-create-org");
    create.mutable_org()->set_credit_code(config.org_credit_code);
    create.mutable_org()->set_name("青岛市基准测试技能评价中心");
    create.mutable_org()->set_district_code(config.org_district);
    create.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
    ev::ScopeEntry* scope = create.add_scope();
    scope->set_occupation_code(kOccupation);
    scope->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
    create.set_contact_name("王五");
    create.set_contact_phone("13800000000");
    ev::CreateEvaluationOrgResponse created;
    status = stub->CreateEvaluationOrg(SetupContext(config.setup_token).get(), create, &created);
    if (!status.ok()) {
      return FromGrpc(status, "CreateEvaluationOrg");
    }
  } else if (!status.ok()) {
    return FromGrpc(status, "GetEvaluationOrg");
  }
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(config.org_credit_code);
  ev::StartFilingAssessmentResponse started;
  status = stub->StartFilingAssessment(SetupContext(config.setup_token).get(), start, &started);
  if (!status.ok() && status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
    return FromGrpc(status, "StartFilingAssessment");
  }
  ev::ApproveFilingRequest approve;
  approve.set_credit_code(config.org_credit_code);
  ev::ApproveFilingResponse approved;
  status = stub->ApproveFiling(SetupContext(config.setup_token).get(), approve, &approved);
  if (!status.ok()) {
    return FromGrpc(status, "ApproveFiling");
  }
  return absl::OkStatus();
}

const std::vector<ScenarioEntry>& ScenarioTable() {
  static const auto* table = new std::vector<ScenarioEntry>{
      {"echo", "skillbridge.echo.v1.EchoService/Echo (the baseline; skillbridge-echo)", Factory<EchoScenario>()},
      {"verify", "VerifyCertificate over a pool of --pool_size certificates issued in setup",
       Factory<VerifyScenario>()},
      {"issue", "IssueCertificate, one new person per call, with a request_id", Factory<IssueScenario>()},
      {"bulk_issue", "BatchIssueCertificates of --batch_size new persons (items = certificates)",
       Factory<BulkIssueScenario>()},
      {"list", "ListCertificates, first page of --page_size for the issuing organisation", Factory<ListScenario>()},
      // The aggregator (skillbridge.aggregator.v1) is not part of this build yet.
      {"dashboard", "GetDashboard (aggregator): not yet measurable", nullptr},
      {"talent_profile", "GetTalentProfile (aggregator): not yet measurable", nullptr},
      {"feed_catch_up", "events/s applied by the aggregator from a cold cursor: not yet measurable", nullptr},
  };
  return *table;
}

}  // namespace skillbridge::loadgen

#include "tools/loadgen/scenarios.h"

#include <atomic>
#include <cstdio>
#include <thread>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "google/rpc/status.pb.h"
#include "skillbridge/aggregator/v1/aggregator.grpc.pb.h"
#include "skillbridge/echo/v1/echo.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "skillbridge/training/v1/training.grpc.pb.h"

namespace skillbridge::loadgen {
namespace {

namespace ev = evaluation::v1;
namespace ag = aggregator::v1;
namespace tr = training::v1;

constexpr char kOccupation[] = "6-18-02-04";

std::unique_ptr<grpc::ClientContext> SetupContext(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

// "<code> <reason>: <message>" of a batch item's status.
std::string DescribeItem(const google::rpc::Status& status) {
  const absl::Status item = FromRpcStatus(status);
  return Concat(absl::StatusCodeToString(item.code()), " ", ReasonOf(item), ": ",
                std::string_view(item.message().data(), item.message().size()));
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

// The year of the bench's courses and catalogue entry: --year, or the current UTC year.
int BenchYear(const ScenarioConfig& config) {
  return config.year > 0 ? config.year : static_cast<int>(absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year());
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
        return FromGrpcStatus(status, "verify pool: BatchIssueCertificates");
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
            if (result.status().code() != 0) {
              first_error = DescribeItem(result.status());
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

// The bench training institution --org (created when missing) and `count` open courses of the
// bench occupation, senior level, in the current year (or --year), with 10,000 seats each.
absl::StatusOr<std::vector<std::string>> OpenBenchCourses(const ScenarioConfig& config, tr::TrainingService::Stub& stub,
                                                          int count, std::string_view what) {
  tr::CreateInstitutionRequest institution;
  institution.set_request_id("bench-create-institution");
  institution.mutable_org()->set_credit_code(config.org_credit_code);
  institution.mutable_org()->set_name("青岛市基准测试职业培训学校");
  institution.mutable_org()->set_district_code(config.org_district);
  institution.set_kind(tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
  institution.add_approved_occupation_codes(kOccupation);
  tr::CreateInstitutionResponse created;
  grpc::Status status = stub.CreateInstitution(SetupContext(config.setup_token).get(), institution, &created);
  if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
    return FromGrpcStatus(status, Concat(what, " setup: CreateInstitution"));
  }
  std::vector<std::string> courses;
  for (int i = 0; i < count; ++i) {
    tr::CreateCourseRequest request;
    tr::Course* course = request.mutable_course();
    course->mutable_institution()->set_credit_code(config.org_credit_code);
    course->set_title(Concat("焊工提升班 ", i + 1));
    course->set_programme(tr::PROGRAMME_ON_THE_JOB_UPGRADE);
    course->set_occupation_code(kOccupation);
    course->set_level(common::v1::SKILL_LEVEL_3_SENIOR);
    course->mutable_start_date()->set_year(BenchYear(config));
    course->mutable_start_date()->set_month(3);
    course->mutable_start_date()->set_day(1);
    course->mutable_end_date()->set_year(BenchYear(config));
    course->mutable_end_date()->set_month(5);
    course->mutable_end_date()->set_day(10);
    course->set_capacity(10000);
    tr::CreateCourseResponse response;
    status = stub.CreateCourse(SetupContext(config.setup_token).get(), request, &response);
    if (!status.ok()) {
      return FromGrpcStatus(status, Concat(what, " setup: CreateCourse"));
    }
    courses.push_back(response.course().id());
  }
  return courses;
}

// Base of training scenarios: round-robin over the channels.
class TrainingScenario : public Scenario {
 public:
  explicit TrainingScenario(const ScenarioConfig& config) : config_(config) {
    for (const auto& channel : config_.channels) {
      stubs_.push_back(tr::TrainingService::NewStub(channel));
    }
  }

 protected:
  tr::TrainingService::Stub& StubFor(int64_t seq) { return *stubs_[static_cast<size_t>(seq) % stubs_.size()]; }

  ScenarioConfig config_;
  std::vector<std::unique_ptr<tr::TrainingService::Stub>> stubs_;
};

// EnrollPerson (training service), one new person per call with a request_id, spread over the
// courses Setup() opens for the training institution --org.
class EnrollScenario final : public TrainingScenario {
 public:
  using TrainingScenario::TrainingScenario;
  absl::Status Setup() override {
    // Seats for every call a run can make: 32 courses of 10,000 seats.
    auto courses = OpenBenchCourses(config_, StubFor(0), 32, "enroll");
    if (!courses.ok()) {
      return courses.status();
    }
    courses_ = std::move(*courses);
    return absl::OkStatus();
  }
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    struct Call {
      tr::EnrollPersonRequest request;
      tr::EnrollPersonResponse response;
    };
    auto* call = new Call;
    const int64_t n = config_.person_base + seq;
    call->request.set_request_id(Concat("bench-enrol-", n));
    call->request.set_course_id(courses_[static_cast<size_t>(seq) % courses_.size()]);
    call->request.mutable_person()->set_id_number(BenchPersonId(n));
    call->request.mutable_person()->set_name(BenchPersonName(n));
    StubFor(seq).async()->EnrollPerson(context, &call->request, &call->response,
                                       [call, done = std::move(done)](grpc::Status status) {
                                         delete call;
                                         done(status, 1);
                                       });
  }

 private:
  std::vector<std::string> courses_;  // read-only once Setup() returned
};

// SubmitSubsidyClaim (training service, which checks each certificate live with evaluation at
// --evaluation_target): Setup() publishes the catalogue entry, enrols --pool_size new persons
// (BatchEnrollPersons), completes every enrolment and has evaluation issue each person the
// matching certificate (BatchIssueCertificates, issued yesterday); each call claims one of them.
// Calls past the pool are refused (NOT_FOUND, counted as errors): size --pool_size above the
// calls expected.
class ClaimScenario final : public TrainingScenario {
 public:
  using TrainingScenario::TrainingScenario;
  absl::Status Setup() override {
    if (config_.evaluation_channel == nullptr) {
      return absl::InvalidArgumentError("claim: --evaluation_target is required");
    }
    tr::UpsertCatalogEntryRequest catalogue;
    catalogue.mutable_entry()->set_year(BenchYear(config_));
    catalogue.mutable_entry()->set_occupation_code(kOccupation);
    catalogue.mutable_entry()->set_level(common::v1::SKILL_LEVEL_3_SENIOR);
    catalogue.mutable_entry()->set_subsidy_fen(200000);
    tr::UpsertCatalogEntryResponse published;
    grpc::Status status = StubFor(0).UpsertCatalogEntry(SetupContext(config_.setup_token).get(), catalogue, &published);
    if (!status.ok()) {
      return FromGrpcStatus(status, "claim setup: UpsertCatalogEntry");
    }
    const int64_t total = std::max(1, config_.pool_size);
    auto courses = OpenBenchCourses(config_, StubFor(0), static_cast<int>((total + 9999) / 10000), "claim");
    if (!courses.ok()) {
      return courses.status();
    }
    std::vector<std::string> enrollments(static_cast<size_t>(total));
    for (int64_t first = 0; first < total; first += 1000) {
      tr::BatchEnrollPersonsRequest request;
      request.set_request_id(Concat("bench-claim-enrol-", config_.person_base + first));
      for (int64_t n = first; n < std::min(total, first + 1000); ++n) {
        tr::EnrollmentRow* row = request.add_rows();
        row->set_course_id((*courses)[static_cast<size_t>(n / 10000)]);
        row->mutable_person()->set_id_number(BenchPersonId(config_.person_base + n));
        row->mutable_person()->set_name(BenchPersonName(config_.person_base + n));
      }
      tr::BatchEnrollPersonsResponse response;
      status = StubFor(0).BatchEnrollPersons(SetupContext(config_.setup_token).get(), request, &response);
      if (!status.ok()) {
        return FromGrpcStatus(status, "claim setup: BatchEnrollPersons");
      }
      for (int i = 0; i < response.results_size(); ++i) {
        if (!response.results(i).has_enrollment()) {
          return absl::FailedPreconditionError(
              Concat("claim setup: enrolment refused: ", DescribeItem(response.results(i).status())));
        }
        enrollments[static_cast<size_t>(first + i)] = response.results(i).enrollment().id();
      }
    }
    if (absl::Status completed = CompleteAll(enrollments); !completed.ok()) {
      return completed;
    }
    auto evaluation = ev::EvaluationService::NewStub(config_.evaluation_channel);
    const absl::CivilDay yesterday = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - 1;
    for (int64_t first = 0; first < total; first += 1000) {
      ev::BatchIssueCertificatesRequest request;
      for (int64_t n = first; n < std::min(total, first + 1000); ++n) {
        ev::CertificateDraft* draft = request.add_certificates();
        *draft = BenchDraft(config_.person_base + n, config_.org_credit_code);
        draft->mutable_issue_date()->set_year(static_cast<int32_t>(yesterday.year()));
        draft->mutable_issue_date()->set_month(yesterday.month());
        draft->mutable_issue_date()->set_day(yesterday.day());
      }
      ev::BatchIssueCertificatesResponse response;
      status = evaluation->BatchIssueCertificates(SetupContext(config_.setup_token).get(), request, &response);
      if (!status.ok()) {
        return FromGrpcStatus(status, "claim setup: BatchIssueCertificates");
      }
      for (int i = 0; i < response.results_size(); ++i) {
        if (!response.results(i).has_certificate()) {
          return absl::FailedPreconditionError(
              Concat("claim setup: certificate refused: ", DescribeItem(response.results(i).status())));
        }
        tr::SubmitSubsidyClaimRequest claim;
        claim.set_request_id(Concat("bench-claim-", config_.person_base + first + i));
        claim.set_enrollment_id(enrollments[static_cast<size_t>(first + i)]);
        claim.set_certificate_number(response.results(i).certificate().number());
        pool_.push_back(std::move(claim));
      }
    }
    past_pool_ = pool_.front();
    past_pool_.clear_request_id();
    past_pool_.set_enrollment_id("E999999999999");
    return absl::OkStatus();
  }
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    // Past the pool a claim names an enrolment that does not exist (NOT_FOUND, an error in the
    // summary): claiming a pooled enrolment again would only replay its first answer.
    const tr::SubmitSubsidyClaimRequest& request =
        static_cast<size_t>(seq) < pool_.size() ? pool_[static_cast<size_t>(seq)] : past_pool_;
    auto* response = new tr::SubmitSubsidyClaimResponse;
    StubFor(seq).async()->SubmitSubsidyClaim(context, &request, response,
                                             [response, done = std::move(done)](grpc::Status status) {
                                               delete response;
                                               done(status, 1);
                                             });
  }

 private:
  // CompleteEnrollment of every enrolment, 16 callers at a time.
  absl::Status CompleteAll(const std::vector<std::string>& enrollments) {
    constexpr size_t kCallers = 16;
    std::atomic<size_t> next{0};
    absl::Mutex mu;
    absl::Status first_error;
    std::vector<std::thread> callers;
    for (size_t c = 0; c < kCallers; ++c) {
      callers.emplace_back([&] {
        for (size_t i = next++; i < enrollments.size(); i = next++) {
          tr::CompleteEnrollmentRequest request;
          request.set_enrollment_id(enrollments[i]);
          request.set_hours(80);
          tr::CompleteEnrollmentResponse response;
          const grpc::Status status =
              StubFor(static_cast<int64_t>(i))
                  .CompleteEnrollment(SetupContext(config_.setup_token).get(), request, &response);
          if (!status.ok()) {
            absl::MutexLock lock(&mu);
            if (first_error.ok()) {
              first_error = FromGrpcStatus(status, "claim setup: CompleteEnrollment");
            }
            return;
          }
        }
      });
    }
    for (std::thread& caller : callers) {
      caller.join();
    }
    return first_error;
  }

  std::vector<tr::SubmitSubsidyClaimRequest> pool_;  // read-only once Setup() returned
  tr::SubmitSubsidyClaimRequest past_pool_;
};

class AggregatorScenario : public Scenario {
 public:
  explicit AggregatorScenario(const ScenarioConfig& config) : config_(config) {
    for (const auto& channel : config_.channels) {
      stubs_.push_back(ag::AggregatorService::NewStub(channel));
    }
  }

 protected:
  ag::AggregatorService::Stub& StubFor(int64_t seq) { return *stubs_[static_cast<size_t>(seq) % stubs_.size()]; }

  ScenarioConfig config_;
  std::vector<std::unique_ptr<ag::AggregatorService::Stub>> stubs_;
};

// GetDashboard for one year, alternating city-wide (even calls) and --district_code (odd calls).
class DashboardScenario final : public AggregatorScenario {
 public:
  explicit DashboardScenario(const ScenarioConfig& config) : AggregatorScenario(config) {
    const int year = BenchYear(config_);
    for (int i = 0; i < 2; ++i) {
      requests_[i].set_year(year);
    }
    requests_[1].set_district_code(config_.district_code);
  }
  std::string SampleRequest() const override { return requests_[0].SerializeAsString(); }
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    auto* response = new ag::GetDashboardResponse;
    StubFor(seq).async()->GetDashboard(
        context, &requests_[seq % 2], response, [response, done = std::move(done)](grpc::Status status) {
          const bool empty = response->measures().empty();
          delete response;
          if (status.ok() && empty) {
            status = grpc::Status(grpc::StatusCode::DATA_LOSS, "dashboard without measures");
          }
          done(status, 1);
        });
  }

 private:
  ag::GetDashboardRequest requests_[2];  // read-only while calls run
};

// GetTalentProfile of the persons [person_base, person_base + pool_size), which an earlier
// issue/bulk_issue run certified (the bench's deterministic person ids).
class TalentProfileScenario final : public AggregatorScenario {
 public:
  explicit TalentProfileScenario(const ScenarioConfig& config) : AggregatorScenario(config) {
    const int64_t total = std::max(1, config_.pool_size);
    pool_.reserve(static_cast<size_t>(total));
    for (int64_t n = 0; n < total; ++n) {
      ag::GetTalentProfileRequest request;
      request.set_id_number(BenchPersonId(config_.person_base + n));
      pool_.push_back(std::move(request));
    }
  }
  std::string SampleRequest() const override { return pool_.front().SerializeAsString(); }
  void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) override {
    const ag::GetTalentProfileRequest& request = pool_[static_cast<size_t>(seq * 7919) % pool_.size()];
    auto* response = new ag::GetTalentProfileResponse;
    StubFor(seq).async()->GetTalentProfile(
        context, &request, response, [response, done = std::move(done)](grpc::Status status) {
          const bool found = !response->certificates().empty();
          std::string missing;
          for (const auto& source : response->missing_sources()) {
            missing = Concat(missing, missing.empty() ? "" : ",", source);
          }
          delete response;
          if (status.ok() && !missing.empty()) {
            status = grpc::Status(grpc::StatusCode::UNAVAILABLE, Concat("partial profile, missing ", missing));
          } else if (status.ok() && !found) {
            status = grpc::Status(grpc::StatusCode::NOT_FOUND, "profile without certificates");
          }
          done(status, 1);
        });
  }

 private:
  std::vector<ag::GetTalentProfileRequest> pool_;  // read-only while calls run
};

// Stream id "<ms>-<seq>" as a comparable pair; {0, 0} for "", "0" or a malformed id.
std::pair<uint64_t, uint64_t> StreamId(const std::string& id) {
  unsigned long long ms = 0;
  unsigned long long seq = 0;
  if (std::sscanf(id.c_str(), "%llu-%llu", &ms, &seq) < 1) {
    return {0, 0};
  }
  return {ms, seq};
}

// feed_catch_up: one measured "call" (run it with --count=1 --concurrency=1): RebuildViews
// (ADMIN), then GetSourceStatus every 20 ms until the evaluation source's cursor reaches the feed
// end. Items = events applied; items/s = events/s; latency = the whole catch-up. The feed end is
// --feed_end, or else the cursor the aggregator has caught up to before the rebuild (Setup waits
// until it is healthy, without lag, and has not moved for 1 s).
// With rebuild = false (--norebuild) the aggregator is expected to start cold (empty Redis) and
// --feed_end is required: no RebuildViews; the call counts every event the aggregator applied,
// over the time from its first poll until the cursor reaches the end (the moments between the
// aggregator's start and that poll are not counted: start the run right after the aggregator).
class FeedCatchUpScenario final : public AggregatorScenario {
 public:
  using AggregatorScenario::AggregatorScenario;
  ~FeedCatchUpScenario() override {
    for (std::thread& worker : workers_) {
      worker.join();
    }
  }

  absl::Status Setup() override {
    if (!config_.feed_end.empty()) {
      feed_end_ = config_.feed_end;
      return absl::OkStatus();
    }
    if (!config_.rebuild) {
      return absl::InvalidArgumentError("feed_catch_up: --norebuild needs --feed_end");
    }
    const absl::Time give_up = absl::Now() + absl::Seconds(config_.catch_up_timeout_s);
    std::string last_cursor;
    absl::Time unchanged_since = absl::Now();
    while (absl::Now() < give_up) {
      auto status = Evaluation();
      if (!status.ok()) {
        return status.status();
      }
      if (status->cursor() != last_cursor || !status->healthy() || status->lag_seconds() > 0) {
        last_cursor = status->cursor();
        unchanged_since = absl::Now();
      } else if (StreamId(last_cursor).first > 0 && absl::Now() - unchanged_since >= absl::Seconds(1)) {
        feed_end_ = last_cursor;
        return absl::OkStatus();
      }
      absl::SleepFor(absl::Milliseconds(200));
    }
    return absl::DeadlineExceededError(
        Concat("feed_catch_up: the evaluation source did not catch up before the rebuild (cursor ", last_cursor, ")"));
  }

  void Start(grpc::ClientContext* /*context*/, int64_t seq, DoneFn done) override {
    // Polls block: run them off the driver's (and gRPC's) threads. Calls run one after the other
    // (a later Start comes from the previous call's done, on its worker).
    absl::MutexLock lock(&workers_mu_);
    workers_.emplace_back([this, seq, done = std::move(done)] {
      int64_t events = 0;
      const grpc::Status status = CatchUp(seq, &events);
      done(status, status.ok() ? events : 0);
    });
  }

 private:
  absl::StatusOr<ag::SourceStatus> Evaluation() {
    ag::GetSourceStatusRequest request;
    ag::GetSourceStatusResponse response;
    const grpc::Status status = StubFor(0).GetSourceStatus(SetupContext(config_.setup_token).get(), request, &response);
    if (!status.ok()) {
      return FromGrpcStatus(status, "GetSourceStatus");
    }
    for (const auto& source : response.sources()) {
      if (source.source() == "evaluation") {
        if (!source.connected()) {
          return absl::FailedPreconditionError("feed_catch_up: the aggregator has no evaluation source (--evaluation)");
        }
        return source;
      }
    }
    return absl::FailedPreconditionError("feed_catch_up: GetSourceStatus lists no evaluation source");
  }

  static grpc::Status ToGrpc(const absl::Status& status) {
    return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
  }

  grpc::Status CatchUp(int64_t seq, int64_t* events) {
    auto before = Evaluation();
    if (!before.ok()) {
      return ToGrpc(before.status());
    }
    if (config_.rebuild) {
      ag::RebuildViewsRequest rebuild;
      rebuild.set_request_id(Concat("bench-rebuild-", absl::ToUnixMicros(absl::Now()), "-", seq));
      ag::RebuildViewsResponse rebuilt;
      grpc::Status status = StubFor(0).RebuildViews(SetupContext(config_.setup_token).get(), rebuild, &rebuilt);
      if (!status.ok()) {
        return status;
      }
    }
    const auto end = StreamId(feed_end_);
    const absl::Time give_up = absl::Now() + absl::Seconds(config_.catch_up_timeout_s);
    bool reset_seen = false;
    while (absl::Now() < give_up) {
      auto now = Evaluation();
      if (!now.ok()) {
        return ToGrpc(now.status());
      }
      // The source's counters are derived state: a rebuild starts them from zero.
      reset_seen = reset_seen || now->events_applied() < before->events_applied();
      if (StreamId(now->cursor()) >= end) {
        *events =
            reset_seen || !config_.rebuild ? now->events_applied() : now->events_applied() - before->events_applied();
        if (*events <= 0) {
          return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                              "feed_catch_up: the cursor stayed at the feed end (did RebuildViews reset it?)");
        }
        return grpc::Status::OK;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, Concat("feed_catch_up: cursor did not reach ", feed_end_));
  }

  std::string feed_end_;
  absl::Mutex workers_mu_;
  std::vector<std::thread> workers_;
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
      return FromGrpcStatus(status, "CreateEvaluationOrg");
    }
  } else if (!status.ok()) {
    return FromGrpcStatus(status, "GetEvaluationOrg");
  }
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(config.org_credit_code);
  ev::StartFilingAssessmentResponse started;
  status = stub->StartFilingAssessment(SetupContext(config.setup_token).get(), start, &started);
  if (!status.ok() && status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
    return FromGrpcStatus(status, "StartFilingAssessment");
  }
  ev::ApproveFilingRequest approve;
  approve.set_credit_code(config.org_credit_code);
  ev::ApproveFilingResponse approved;
  status = stub->ApproveFiling(SetupContext(config.setup_token).get(), approve, &approved);
  if (!status.ok()) {
    return FromGrpcStatus(status, "ApproveFiling");
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
      {"enroll", "EnrollPerson (training), one new person per call with a request_id, over 32 courses of --org",
       Factory<EnrollScenario>()},
      {"claim",
       "SubmitSubsidyClaim (training), one claim per call on the --pool_size completed enrolments and "
       "certificates made in setup (needs --evaluation_target)",
       Factory<ClaimScenario>()},
      {"dashboard", "GetDashboard (aggregator) for --year, alternating city-wide and --district_code",
       Factory<DashboardScenario>()},
      {"talent_profile",
       "GetTalentProfile (aggregator) of the --pool_size persons from --person_base (certified before)",
       Factory<TalentProfileScenario>()},
      {"feed_catch_up",
       "aggregator: RebuildViews (ADMIN), then events/s applied until the evaluation cursor reaches the feed end "
       "(--count=1 --concurrency=1)",
       Factory<FeedCatchUpScenario>()},
  };
  return *table;
}

}  // namespace skillbridge::loadgen

#include "tests/training/training_harness.h"

#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"
#include "tests/support/stream_readers.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {

namespace {

common::v1::Date MakeDate(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

}  // namespace

const std::vector<std::string>& HelperOccupations() {
  static const auto* list = new std::vector<std::string>{
      "6-18-02-04", "6-30-99-00", "6-31-01-03", "6-18-01-01", "6-18-01-02", "6-18-01-04", "6-31-01-10",
  };
  return *list;
}

TrainingHarness::~TrainingHarness() { Stop(); }

absl::Status TrainingHarness::Start(std::chrono::milliseconds evaluation_timeout) {
  evaluation_ = std::make_unique<EvaluationHarness>();
  if (absl::Status started = evaluation_->Start(); !started.ok()) {
    return started;
  }
  service_.config().server.worker_threads = 8;
  training::TrainingServiceTraits::Options options;
  options.evaluation.address = evaluation_->address();
  options.evaluation.timeout = evaluation_timeout;
  // The SERVICE token file goes into the harness's temporary directory, made by Start().
  return service_.Start(std::move(options), [](HarnessEnvironment& env, training::TrainingServiceTraits::Options& o) {
    o.evaluation.token_file = env.WriteTokenFile("service-token", kServiceToken);
  });
}

void TrainingHarness::Stop() {
  service_.Stop();
  if (evaluation_ != nullptr) {
    evaluation_->Stop();
  }
}

std::string TrainingHarness::Metrics() {
  return prometheus::TextSerializer().Serialize(service_.server().host().runner().registry().Collect());
}

void TrainingHarness::SetTime(absl::Time time) {
  service_.clock().Set(time);
  if (evaluation_ != nullptr) {
    evaluation_->clock().Set(time);
  }
}

tr::Institution TrainingHarness::CreateInstitution(int n, const std::string& district) {
  tr::CreateInstitutionRequest request;
  request.mutable_org()->set_credit_code(CreditCode(n));
  request.mutable_org()->set_name("青岛测试培训学校" + std::to_string(n));
  request.mutable_org()->set_district_code(district);
  request.set_kind(tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
  for (const auto& occupation : HelperOccupations()) {
    request.add_approved_occupation_codes(occupation);
  }
  tr::CreateInstitutionResponse response;
  grpc::Status status = stub().CreateInstitution(Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.institution();
}

void TrainingHarness::PublishCatalog(int year, const std::string& occupation, common::v1::SkillLevel level,
                                     int64_t fen) {
  tr::UpsertCatalogEntryRequest request;
  request.mutable_entry()->set_year(year);
  request.mutable_entry()->set_occupation_code(occupation);
  request.mutable_entry()->set_level(level);
  request.mutable_entry()->set_subsidy_fen(fen);
  tr::UpsertCatalogEntryResponse response;
  grpc::Status status = stub().UpsertCatalogEntry(Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

tr::Course TrainingHarness::CreateCourse(const std::string& credit_code, const std::string& occupation,
                                         common::v1::SkillLevel level, int capacity, int year) {
  tr::CreateCourseRequest request;
  tr::Course* course = request.mutable_course();
  course->mutable_institution()->set_credit_code(credit_code);
  course->set_title("焊工提升班");
  course->set_programme(tr::PROGRAMME_ON_THE_JOB_UPGRADE);
  course->set_occupation_code(occupation);
  course->set_level(level);
  *course->mutable_start_date() = MakeDate(year, 3, 1);
  *course->mutable_end_date() = MakeDate(year, 5, 10);
  course->set_capacity(capacity);
  tr::CreateCourseResponse response;
  grpc::Status status = stub().CreateCourse(Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.course();
}

tr::Enrollment TrainingHarness::CompletedEnrollment(const std::string& course_id, int person) {
  tr::EnrollPersonRequest enroll;
  enroll.set_course_id(course_id);
  enroll.mutable_person()->set_id_number(PersonId(person));
  enroll.mutable_person()->set_name(EvaluationHarness::PersonName(person));
  *enroll.mutable_enrolled_date() = MakeDate(2026, 3, 1);
  tr::EnrollPersonResponse enrolled;
  grpc::Status status = stub().EnrollPerson(Context(kAdminToken).get(), enroll, &enrolled);
  EXPECT_TRUE(status.ok()) << status.error_message();
  tr::CompleteEnrollmentRequest complete;
  complete.set_enrollment_id(enrolled.enrollment().id());
  complete.set_hours(80);
  *complete.mutable_completed_date() = MakeDate(2026, 5, 10);
  tr::CompleteEnrollmentResponse completed;
  status = stub().CompleteEnrollment(Context(kAdminToken).get(), complete, &completed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return completed.enrollment();
}

std::string TrainingHarness::EvaluationIssuer() {
  if (!issuer_.empty()) {
    return issuer_;
  }
  issuer_ = CreditCode(901);
  ev::CreateEvaluationOrgRequest create;
  create.mutable_org()->set_credit_code(issuer_);
  create.mutable_org()->set_name("青岛测试评价机构");
  create.mutable_org()->set_district_code(kDistrictA);
  create.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  for (const auto& occupation : HelperOccupations()) {
    auto* scope = create.add_scope();
    scope->set_occupation_code(occupation);
    scope->set_highest_level(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
  }
  auto& stub = evaluation_->stub();
  ev::CreateEvaluationOrgResponse created;
  grpc::Status status = stub.CreateEvaluationOrg(Context(kAdminToken).get(), create, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(issuer_);
  ev::StartFilingAssessmentResponse started;
  status = stub.StartFilingAssessment(Context(kAdminToken).get(), start, &started);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ev::ApproveFilingRequest approve;
  approve.set_credit_code(issuer_);
  ev::ApproveFilingResponse approved;
  status = stub.ApproveFiling(Context(kAdminToken).get(), approve, &approved);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return issuer_;
}

std::string TrainingHarness::IssueCertificate(int person, const std::string& occupation, common::v1::SkillLevel level,
                                              int year, int month, int day) {
  ev::IssueCertificateRequest request;
  *request.mutable_certificate() = EvaluationHarness::Draft(person, EvaluationIssuer(), level);
  request.mutable_certificate()->set_occupation_code(occupation);
  *request.mutable_certificate()->mutable_issue_date() = MakeDate(year, month, day);
  ev::IssueCertificateResponse response;
  grpc::Status status = evaluation_->stub().IssueCertificate(Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.certificate().number();
}

grpc::Status TrainingHarness::Submit(const std::string& enrollment_id, const std::string& certificate,
                                     tr::SubsidyClaim* claim, const std::string& token) {
  tr::SubmitSubsidyClaimRequest request;
  request.set_enrollment_id(enrollment_id);
  request.set_certificate_number(certificate);
  tr::SubmitSubsidyClaimResponse response;
  grpc::Status status = stub().SubmitSubsidyClaim(Context(token).get(), request, &response);
  if (claim != nullptr) {
    *claim = response.claim();
  }
  return status;
}

grpc::Status TrainingHarness::Enroll(const std::string& course_id, int person, tr::Enrollment* enrollment,
                                     const std::string& token) {
  tr::EnrollPersonRequest request;
  request.set_course_id(course_id);
  request.mutable_person()->set_id_number(PersonId(person));
  request.mutable_person()->set_name(EvaluationHarness::PersonName(person));
  *request.mutable_enrolled_date() = MakeDate(2026, 3, 1);
  tr::EnrollPersonResponse response;
  grpc::Status status = stub().EnrollPerson(Context(token).get(), request, &response);
  if (enrollment != nullptr) {
    *enrollment = response.enrollment();
  }
  return status;
}

std::vector<tr::TrainingEvent> TrainingHarness::Events() {
  return ReadWholeFeed<tr::ListEventsRequest, tr::ListEventsResponse>(stub());
}

std::vector<common::v1::AuditEntry> TrainingHarness::AuditEntries() {
  return ReadWholeAudit<tr::ListAuditEntriesRequest, tr::ListAuditEntriesResponse>(stub());
}

}  // namespace skillbridge::testing

// The API conventions of docs/api.md as the training service applies them, over real gRPC (real
// redis-server, real evaluation service): UpdateInstitution's update_mask (named fields only,
// bad paths named by index), optimistic concurrency with expected_version on updates and
// upserts, output-only fields ignored on input, and the resource names the audit trail records.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/training/api/resource_names.h"
#include "tests/support/test_ids.h"
#include "tests/training/training_harness.h"

namespace skillbridge::testing {
namespace {

constexpr common::v1::SkillLevel kSenior = common::v1::SKILL_LEVEL_3_SENIOR;

class TrainingConventionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    harness_ = std::make_unique<TrainingHarness>();
    absl::Status started = harness_->Start();
    ASSERT_TRUE(started.ok()) << started;
    institution_ = harness_->CreateInstitution(1, kDistrictA);
  }
  void TearDown() override { harness_.reset(); }

  grpc::Status Update(const tr::UpdateInstitutionRequest& request, tr::UpdateInstitutionResponse* response = nullptr,
                      const std::string& token = kDistrictAToken) {
    tr::UpdateInstitutionResponse ignored;
    return harness_->stub().UpdateInstitution(TrainingHarness::Context(token).get(), request,
                                              response != nullptr ? response : &ignored);
  }

  static tr::UpdateInstitutionRequest MaskedUpdate(const std::string& credit_code,
                                                   const std::vector<std::string>& paths) {
    tr::UpdateInstitutionRequest request;
    request.set_credit_code(credit_code);
    for (const auto& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    return request;
  }

  tr::Institution Get(const std::string& credit_code) {
    tr::GetInstitutionRequest request;
    request.set_credit_code(credit_code);
    tr::GetInstitutionResponse response;
    grpc::Status status =
        harness_->stub().GetInstitution(TrainingHarness::Context(kViewerToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.institution();
  }

  bool Audited(const std::string& method, const std::string& resource) {
    for (const auto& entry : harness_->AuditEntries()) {
      if (entry.method() == "/skillbridge.training.v1.TrainingService/" + method && entry.outcome() == "OK" &&
          entry.resource() == resource) {
        return true;
      }
    }
    return false;
  }

  std::unique_ptr<TrainingHarness> harness_;
  tr::Institution institution_;
};

TEST_F(TrainingConventionsTest, UpdateInstitutionChangesTheNamedFieldsOnly) {
  const std::string credit = institution_.org().credit_code();
  tr::UpdateInstitutionRequest request =
      MaskedUpdate(credit, {"org.name", "kind", "approved_occupation_codes", "contact_phone"});
  request.set_request_id("mask-1");
  tr::Institution& values = *request.mutable_institution();
  values.mutable_org()->set_name("青岛市南技工培训学校");
  values.mutable_org()->set_district_code(kDistrictB);  // not updatable, not named: ignored
  values.set_kind(tr::INSTITUTION_KIND_TECHNICAL_SCHOOL);
  values.add_approved_occupation_codes(kWelder);
  values.set_contact_phone("0532-85912345");
  values.set_contact_name("不写入");                  // not named
  values.set_status(tr::INSTITUTION_STATUS_REVOKED);  // not named
  tr::UpdateInstitutionResponse response;
  grpc::Status status = Update(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  tr::Institution expected = institution_;
  expected.mutable_org()->set_name("青岛市南技工培训学校");
  expected.set_kind(tr::INSTITUTION_KIND_TECHNICAL_SCHOOL);
  expected.clear_approved_occupation_codes();
  expected.add_approved_occupation_codes(kWelder);
  expected.set_contact_phone("0532-85912345");
  expected.set_version(2);
  *expected.mutable_update_time() = response.institution().update_time();
  EXPECT_EQ(response.institution().SerializeAsString(), expected.SerializeAsString());
  EXPECT_EQ(Get(credit).SerializeAsString(), expected.SerializeAsString());
  EXPECT_TRUE(Audited("UpdateInstitution", "institutions/" + credit));
  EXPECT_EQ(training::names::Institution(credit), "institutions/" + credit);
}

TEST_F(TrainingConventionsTest, BadMasksAreInvalidArgumentNamingThePathAndChangeNothing) {
  const std::string credit = institution_.org().credit_code();
  struct Case {
    std::vector<std::string> paths;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{}, "update_mask"},
      {{"no_such_field"}, "update_mask.paths[0]"},
      {{"kind", "version"}, "update_mask.paths[1]"},
      {{"kind", "create_time"}, "update_mask.paths[1]"},
      {{"org.credit_code"}, "update_mask.paths[0]"},
      {{"org.district_code"}, "update_mask.paths[0]"},
      {{"kind", "kind"}, "update_mask.paths[1]"},
      // Values of named fields are checked too.
      {{"kind"}, "institution.kind"},
      {{"org.name"}, "institution.org.name"},
      {{"approved_occupation_codes"}, "institution.approved_occupation_codes[0]"},
      // Suspending needs a reason, named in the mask.
      {{"status"}, "institution.status_reason"},
  };
  for (const auto& c : cases) {
    tr::UpdateInstitutionRequest request = MaskedUpdate(credit, c.paths);
    request.mutable_institution()->set_status(tr::INSTITUTION_STATUS_SUSPENDED);
    request.mutable_institution()->add_approved_occupation_codes("9-99-99-99");
    grpc::Status status = Update(request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(ReasonOf(status), "INVALID_FIELD") << c.field;
    EXPECT_EQ(FirstFieldOf(status), c.field);
  }
  // The values are required even when they only clear fields.
  tr::UpdateInstitutionRequest without_values = MaskedUpdate(credit, {"address"});
  grpc::Status status = Update(without_values);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "institution");
  EXPECT_EQ(Get(credit).SerializeAsString(), institution_.SerializeAsString());
}

TEST_F(TrainingConventionsTest, StatusChangesCarryTheirReason) {
  const std::string credit = institution_.org().credit_code();
  tr::UpdateInstitutionRequest suspend = MaskedUpdate(credit, {"status", "status_reason"});
  suspend.mutable_institution()->set_status(tr::INSTITUTION_STATUS_SUSPENDED);
  suspend.mutable_institution()->set_status_reason("整改");
  tr::UpdateInstitutionResponse response;
  ASSERT_TRUE(Update(suspend, &response).ok());
  EXPECT_EQ(response.institution().status(), tr::INSTITUTION_STATUS_SUSPENDED);
  EXPECT_EQ(response.institution().status_reason(), "整改");
  // Reactivated without a reason: the old one goes.
  tr::UpdateInstitutionRequest activate = MaskedUpdate(credit, {"status"});
  activate.mutable_institution()->set_status(tr::INSTITUTION_STATUS_ACTIVE);
  ASSERT_TRUE(Update(activate, &response).ok());
  EXPECT_EQ(response.institution().status(), tr::INSTITUTION_STATUS_ACTIVE);
  EXPECT_EQ(response.institution().status_reason(), "");
  EXPECT_EQ(response.institution().version(), 3);
}

TEST_F(TrainingConventionsTest, StaleExpectedVersionIsAbortedAndChangesNothing) {
  const std::string credit = institution_.org().credit_code();
  tr::UpdateInstitutionRequest request = MaskedUpdate(credit, {"contact_name"});
  request.mutable_institution()->set_contact_name("赵老师");
  request.set_expected_version(5);
  grpc::Status status = Update(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  EXPECT_NE(status.error_message().find("is at version 1, not 5"), std::string::npos) << status.error_message();
  EXPECT_EQ(Get(credit).SerializeAsString(), institution_.SerializeAsString());
  request.set_expected_version(1);
  tr::UpdateInstitutionResponse response;
  status = Update(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.institution().contact_name(), "赵老师");
  EXPECT_EQ(response.institution().version(), 2);
  request.set_expected_version(-1);
  status = Update(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "expected_version");
}

TEST_F(TrainingConventionsTest, CatalogueUpsertsCheckTheExpectedVersion) {
  tr::UpsertCatalogEntryRequest request;
  tr::CatalogEntry& entry = *request.mutable_entry();
  entry.set_year(2026);
  entry.set_occupation_code(kWelder);
  entry.set_level(kSenior);
  entry.set_subsidy_fen(150000);
  // Output-only fields of the entry are ignored on input.
  entry.set_occupation_name("客户端写的名字");
  entry.set_version(42);
  entry.mutable_update_time()->set_seconds(1);
  tr::UpsertCatalogEntryResponse response;
  auto upsert = [&]() {
    return harness_->stub().UpsertCatalogEntry(TrainingHarness::Context(kAdminToken).get(), request, &response);
  };
  // Not there yet: version 0, so only 0 (no check) passes.
  request.set_expected_version(1);
  grpc::Status status = upsert();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  request.set_expected_version(0);
  ASSERT_TRUE(upsert().ok());
  EXPECT_EQ(response.entry().version(), 1);
  EXPECT_EQ(response.entry().occupation_name(), "焊工");
  EXPECT_NE(response.entry().update_time().seconds(), 1);

  entry.set_subsidy_fen(160000);
  request.set_expected_version(7);
  status = upsert();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  request.set_expected_version(1);
  ASSERT_TRUE(upsert().ok());
  EXPECT_EQ(response.entry().version(), 2);
  EXPECT_EQ(response.entry().subsidy_fen(), 160000);
  EXPECT_TRUE(Audited("UpsertCatalogEntry", "catalog/2026/6-18-02-04/SKILL_LEVEL_3_SENIOR"));
}

TEST_F(TrainingConventionsTest, OutputOnlyCourseFieldsSetByTheClientAreIgnored) {
  harness_->PublishCatalog(2026, kWelder, kSenior, 150000);
  tr::CreateCourseRequest request;
  tr::Course& course = *request.mutable_course();
  course.mutable_institution()->set_credit_code(institution_.org().credit_code());
  course.mutable_institution()->set_name("客户端写的机构名");
  course.set_title("焊工提升班");
  course.set_programme(tr::PROGRAMME_ON_THE_JOB_UPGRADE);
  course.set_occupation_code(kWelder);
  course.set_level(kSenior);
  course.mutable_start_date()->set_year(2026);
  course.mutable_start_date()->set_month(7);
  course.mutable_start_date()->set_day(1);
  *course.mutable_end_date() = course.start_date();
  course.set_capacity(2);
  // The server's fields, set by a client: none of them may be stored.
  course.set_id("C9999999999");
  course.set_status(tr::COURSE_STATUS_CANCELLED);
  course.set_enrolled_count(2);
  course.set_cancel_reason("客户端写的取消原因");
  course.mutable_cancel_time()->set_seconds(1);
  course.set_year(1999);
  course.mutable_create_time()->set_seconds(1);
  tr::CreateCourseResponse created;
  grpc::Status status =
      harness_->stub().CreateCourse(TrainingHarness::Context(kInstitutionAToken).get(), request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();

  tr::GetCourseRequest get;
  get.set_id(created.course().id());
  tr::GetCourseResponse got;
  ASSERT_TRUE(harness_->stub().GetCourse(TrainingHarness::Context(kViewerToken).get(), get, &got).ok());
  for (const tr::Course* c : {&created.course(), &got.course()}) {
    EXPECT_NE(c->id(), "C9999999999");
    EXPECT_EQ(c->status(), tr::COURSE_STATUS_OPEN);
    EXPECT_EQ(c->enrolled_count(), 0);
    EXPECT_EQ(c->cancel_reason(), "");
    EXPECT_FALSE(c->has_cancel_time());
    EXPECT_EQ(c->year(), 2026);
    EXPECT_TRUE(c->subsidised());
    EXPECT_NE(c->create_time().seconds(), 1);
    EXPECT_EQ(c->institution().name(), institution_.org().name());
  }
  EXPECT_EQ(harness_->CountKeys("training:course:C9999999999"), 0);
  // The course takes its two enrolments: nothing of the client's enrolled_count or status stuck.
  EXPECT_TRUE(harness_->Enroll(created.course().id(), 1, nullptr).ok());
  EXPECT_TRUE(harness_->Enroll(created.course().id(), 2, nullptr).ok());
  EXPECT_EQ(ReasonOf(harness_->Enroll(created.course().id(), 3, nullptr)), "COURSE_FULL");
  EXPECT_TRUE(Audited("CreateCourse", "courses/" + created.course().id()));
}

}  // namespace
}  // namespace skillbridge::testing

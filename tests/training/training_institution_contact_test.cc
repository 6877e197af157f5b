// Training institutions edit their own contact details over real gRPC (real redis-server, real
// evaluation service behind the training server): UpdateInstitutionContact for the institution
// itself, its district officer and ADMIN; refusals for other institutions and districts and for
// roles without the right; validation that changes nothing; optimistic concurrency; idempotent
// retries; the audit entry and the change event; and that nothing but the contact changes.

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/test_ids.h"
#include "tests/training/training_harness.h"

namespace skillbridge::testing {
namespace {

class InstitutionContactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    harness_ = std::make_unique<TrainingHarness>();
    absl::Status started = harness_->Start();
    ASSERT_TRUE(started.ok()) << started;
    institution_ = harness_->CreateInstitution(1, kDistrictA);
    ASSERT_EQ(institution_.version(), 1);
  }
  void TearDown() override { harness_.reset(); }

  static tr::UpdateInstitutionContactRequest Contact(const std::string& credit_code) {
    tr::UpdateInstitutionContactRequest request;
    request.set_credit_code(credit_code);
    request.set_contact_name("张老师");
    request.set_contact_phone("0532-85912345");
    request.set_address("青岛市市南区香港中路 100 号");
    request.set_contact_email("peixun@example.cn");
    return request;
  }

  grpc::Status Update(const tr::UpdateInstitutionContactRequest& request, const std::string& token,
                      tr::UpdateInstitutionContactResponse* response = nullptr) {
    tr::UpdateInstitutionContactResponse ignored;
    return harness_->stub().UpdateInstitutionContact(TrainingHarness::Context(token).get(), request,
                                                     response != nullptr ? response : &ignored);
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

  int InstitutionEvents(const std::string& credit_code) {
    int count = 0;
    for (const auto& event : harness_->Events()) {
      count += event.has_institution_changed() && event.institution_changed().credit_code() == credit_code ? 1 : 0;
    }
    return count;
  }

  std::unique_ptr<TrainingHarness> harness_;
  tr::Institution institution_;
};

TEST_F(InstitutionContactTest, TheInstitutionUpdatesItsOwnContactAndNothingElse) {
  const std::string credit = institution_.org().credit_code();
  const int events_before = InstitutionEvents(credit);
  tr::UpdateInstitutionContactRequest request = Contact(credit);
  request.set_request_id("contact-1");
  request.set_expected_version(1);
  tr::UpdateInstitutionContactResponse response;
  grpc::Status status = Update(request, kInstitutionAToken, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const tr::Institution& updated = response.institution();
  EXPECT_EQ(updated.contact_name(), "张老师");
  EXPECT_EQ(updated.contact_phone(), "0532-85912345");
  EXPECT_EQ(updated.address(), "青岛市市南区香港中路 100 号");
  EXPECT_EQ(updated.contact_email(), "peixun@example.cn");
  EXPECT_EQ(updated.version(), 2);

  // Everything the bureau decides is as it was.
  tr::Institution expected = institution_;
  expected.set_contact_name(updated.contact_name());
  expected.set_contact_phone(updated.contact_phone());
  expected.set_address(updated.address());
  expected.set_contact_email(updated.contact_email());
  expected.set_version(2);
  *expected.mutable_update_time() = updated.update_time();
  const tr::Institution stored = Get(credit);
  EXPECT_EQ(stored.SerializeAsString(), expected.SerializeAsString());
  EXPECT_EQ(stored.status(), tr::INSTITUTION_STATUS_ACTIVE);
  EXPECT_EQ(stored.kind(), tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
  EXPECT_EQ(stored.approved_occupation_codes_size(), institution_.approved_occupation_codes_size());

  // The change event and the audit entry.
  EXPECT_EQ(InstitutionEvents(credit), events_before + 1);
  const auto events = harness_->Events();
  ASSERT_TRUE(events.back().has_institution_changed());
  EXPECT_EQ(events.back().institution_changed().district_code(), kDistrictA);
  EXPECT_EQ(events.back().institution_changed().status(), tr::INSTITUTION_STATUS_ACTIVE);
  bool audited = false;
  for (const auto& entry : harness_->AuditEntries()) {
    if (entry.method() == "/skillbridge.training.v1.TrainingService/UpdateInstitutionContact" &&
        entry.outcome() == "OK") {
      EXPECT_EQ(entry.resource(), "institutions/" + credit);
      EXPECT_EQ(entry.request_id(), "contact-1");
      EXPECT_EQ(entry.role(), common::v1::ROLE_INSTITUTION);
      audited = true;
    }
  }
  EXPECT_TRUE(audited);

  // Address and e-mail are optional: empty clears them.
  request.set_request_id("contact-2");
  request.clear_address();
  request.clear_contact_email();
  request.set_expected_version(2);
  status = Update(request, kInstitutionAToken, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.institution().address(), "");
  EXPECT_EQ(response.institution().contact_email(), "");
  EXPECT_EQ(response.institution().version(), 3);
}

TEST_F(InstitutionContactTest, TheRequestCarriesOnlyContactFields) {
  // The institution cannot reach kind, status, district or approved occupations through this RPC:
  // the request has no such fields.
  const auto* request = tr::UpdateInstitutionContactRequest::descriptor();
  std::set<std::string> fields;
  for (int i = 0; i < request->field_count(); ++i) {
    fields.insert(request->field(i)->name());
  }
  EXPECT_EQ(fields, (std::set<std::string>{"request_id", "credit_code", "contact_name", "contact_phone", "address",
                                           "contact_email", "expected_version"}));
}

TEST_F(InstitutionContactTest, OfficersOfTheDistrictAndAdminMayToo) {
  const std::string credit = institution_.org().credit_code();
  tr::UpdateInstitutionContactRequest request = Contact(credit);
  request.set_contact_name("李主任");
  tr::UpdateInstitutionContactResponse response;
  grpc::Status status = Update(request, kDistrictAToken, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.institution().contact_name(), "李主任");
  request.set_contact_name("王科长");
  status = Update(request, kAdminToken, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.institution().contact_name(), "王科长");
  EXPECT_EQ(response.institution().version(), 3);

  // UpdateInstitution (officers, ADMIN) reaches the contact fields too: those its update_mask
  // names, the others stay as they are.
  tr::UpdateInstitutionRequest full;
  full.set_credit_code(credit);
  full.mutable_institution()->set_address("青岛市市南区东海西路 1 号");
  full.mutable_institution()->set_contact_email("ignored@example.cn");  // not named
  full.mutable_update_mask()->add_paths("address");
  tr::UpdateInstitutionResponse updated;
  status = harness_->stub().UpdateInstitution(TrainingHarness::Context(kDistrictAToken).get(), full, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.institution().address(), "青岛市市南区东海西路 1 号");
  EXPECT_EQ(updated.institution().contact_email(), "peixun@example.cn");
  EXPECT_EQ(updated.institution().contact_name(), "王科长");
  full.mutable_institution()->set_contact_email("not-an-address");
  full.mutable_update_mask()->add_paths("contact_email");
  status = harness_->stub().UpdateInstitution(TrainingHarness::Context(kDistrictAToken).get(), full, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "institution.contact_email");
}

TEST_F(InstitutionContactTest, OtherInstitutionsDistrictsAndRolesAreRefusedAndNothingChanges) {
  const std::string credit = institution_.org().credit_code();
  const tr::Institution other = harness_->CreateInstitution(2, kDistrictB);
  const int events_before = InstitutionEvents(credit);

  // Institution A on institution B, institution B on A: out of scope.
  grpc::Status status = Update(Contact(other.org().credit_code()), kInstitutionAToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  status = Update(Contact(credit), kInstitutionBToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  // The officer of another district.
  status = Update(Contact(credit), kDistrictBToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  // Roles without the right.
  for (const char* token : {kVerifierToken, kViewerToken, kServiceToken}) {
    status = Update(Contact(credit), token);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << token;
    EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED") << token;
  }
  // The institution still cannot use UpdateInstitution (status, kind, occupations).
  tr::UpdateInstitutionRequest full;
  full.set_credit_code(credit);
  full.mutable_institution()->set_status(tr::INSTITUTION_STATUS_SUSPENDED);
  full.mutable_institution()->set_status_reason("自行暂停");
  full.mutable_update_mask()->add_paths("status");
  full.mutable_update_mask()->add_paths("status_reason");
  tr::UpdateInstitutionResponse updated;
  status = harness_->stub().UpdateInstitution(TrainingHarness::Context(kInstitutionAToken).get(), full, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED");

  EXPECT_EQ(Get(credit).SerializeAsString(), institution_.SerializeAsString());
  EXPECT_EQ(InstitutionEvents(credit), events_before);
  // Refusals are audited with their code and reason.
  bool audited = false;
  for (const auto& entry : harness_->AuditEntries()) {
    audited = audited || (entry.method() == "/skillbridge.training.v1.TrainingService/UpdateInstitutionContact" &&
                          entry.outcome() == "PERMISSION_DENIED" && entry.detail() == "OUT_OF_SCOPE");
  }
  EXPECT_TRUE(audited);

  // Unknown institution.
  status = Update(Contact(CreditCode(77)), kAdminToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(status), "INSTITUTION_NOT_FOUND");
}

TEST_F(InstitutionContactTest, BadInputIsInvalidArgumentNamingTheFieldAndChangesNothing) {
  const std::string credit = institution_.org().credit_code();
  const int events_before = InstitutionEvents(credit);
  struct Case {
    const char* field;
    std::function<void(tr::UpdateInstitutionContactRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"credit_code", [](auto& r) { r.set_credit_code("9137020000000000"); }},
      {"contact_name", [](auto& r) { r.clear_contact_name(); }},
      {"contact_name", [](auto& r) { r.set_contact_name("张\n老师"); }},
      {"contact_phone", [](auto& r) { r.clear_contact_phone(); }},
      {"contact_phone", [](auto& r) { r.set_contact_phone("打电话给我"); }},
      {"contact_phone", [](auto& r) { r.set_contact_phone("0532-8591-2345-6789-01"); }},
      {"address", [](auto& r) { r.set_address(std::string(201, 'x')); }},
      {"contact_email", [](auto& r) { r.set_contact_email("peixun.example.cn"); }},
      {"expected_version", [](auto& r) { r.set_expected_version(-1); }},
      {"request_id", [](auto& r) { r.set_request_id("has spaces"); }},
  };
  for (const auto& c : cases) {
    tr::UpdateInstitutionContactRequest request = Contact(credit);
    c.spoil(request);
    grpc::Status status = Update(request, kInstitutionAToken);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(ReasonOf(status), "INVALID_FIELD") << c.field;
    EXPECT_EQ(FirstFieldOf(status), c.field);
  }
  EXPECT_EQ(Get(credit).SerializeAsString(), institution_.SerializeAsString());
  EXPECT_EQ(InstitutionEvents(credit), events_before);
}

TEST_F(InstitutionContactTest, StaleVersionIsAbortedAndRetriesAreIdempotent) {
  const std::string credit = institution_.org().credit_code();
  tr::UpdateInstitutionContactRequest request = Contact(credit);
  request.set_expected_version(7);
  grpc::Status status = Update(request, kInstitutionAToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  EXPECT_EQ(Get(credit).version(), 1);

  const int events_before = InstitutionEvents(credit);
  request.set_expected_version(1);
  request.set_request_id("contact-retry");
  tr::UpdateInstitutionContactResponse first;
  tr::UpdateInstitutionContactResponse second;
  ASSERT_TRUE(Update(request, kInstitutionAToken, &first).ok());
  // The retry returns the first answer (version 2), though the record is now at version 2 and
  // the request still says expected_version 1.
  status = Update(request, kInstitutionAToken, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Get(credit).version(), 2);
  EXPECT_EQ(InstitutionEvents(credit), events_before + 1);

  // A new request with the old version loses.
  request.set_request_id("contact-later");
  status = Update(request, kInstitutionAToken);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
}

}  // namespace
}  // namespace skillbridge::testing

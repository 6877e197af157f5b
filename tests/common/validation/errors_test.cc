#include "common/status/errors.h"

#include <string>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(InvalidArgumentErrorTest, NamesFieldAndCarriesReasonAndViolation) {
  absl::Status status = InvalidArgumentError("certificate.person.id_number", "must be 18 characters");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "certificate.person.id_number: must be 18 characters");
  EXPECT_EQ(ReasonOf(status), "INVALID_FIELD");
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(FieldViolation{"certificate.person.id_number", "must be 18 characters"}));
}

TEST(ErrorWithReasonTest, CarriesCodeReasonAndMessage) {
  absl::Status status = ErrorWithReason(absl::StatusCode::kFailedPrecondition, "ORG_NOT_FILED", "org is not filed");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "org is not filed");
  EXPECT_EQ(ReasonOf(status), "ORG_NOT_FILED");
  EXPECT_THAT(FieldViolationsOf(status), IsEmpty());
}

TEST(ErrorWithReasonTest, OkCodeBecomesUnknown) {
  absl::Status status = ErrorWithReason(absl::StatusCode::kOk, "X", "bug");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(ReasonOf(status), "X");
}

TEST(ErrorWithReasonTest, Shorthands) {
  EXPECT_EQ(FailedPreconditionError("R1", "m").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(NotFoundError("R2", "m").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(PermissionDeniedError("R3", "m").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(AlreadyExistsError("R4", "m").code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(FailedPreconditionError("R1", "m")), "R1");
  EXPECT_EQ(ReasonOf(NotFoundError("R2", "m")), "R2");
  EXPECT_EQ(ReasonOf(PermissionDeniedError("R3", "m")), "R3");
  EXPECT_EQ(ReasonOf(AlreadyExistsError("R4", "m")), "R4");
}

TEST(ReasonOfTest, EmptyWithoutPayload) {
  EXPECT_EQ(ReasonOf(absl::OkStatus()), "");
  EXPECT_EQ(ReasonOf(absl::InternalError("x")), "");
  EXPECT_THAT(FieldViolationsOf(absl::OkStatus()), IsEmpty());
}

TEST(PayloadTest, IsSerializedGoogleRpcMessages) {
  absl::Status status = InvalidArgumentError("a.b", "bad");
  auto info_payload = status.GetPayload(std::string(kErrorInfoTypeUrl));
  ASSERT_TRUE(info_payload.has_value());
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*info_payload)));
  EXPECT_EQ(info.reason(), "INVALID_FIELD");

  auto bad_payload = status.GetPayload(std::string(kBadRequestTypeUrl));
  ASSERT_TRUE(bad_payload.has_value());
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(bad_request.ParseFromString(std::string(*bad_payload)));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "a.b");
  EXPECT_EQ(bad_request.field_violations(0).description(), "bad");
}

TEST(PayloadTest, GarbagePayloadIsIgnored) {
  absl::Status status = absl::InternalError("x");
  status.SetPayload(std::string(kErrorInfoTypeUrl), absl::Cord("\xff\xff\xff"));
  status.SetPayload(std::string(kBadRequestTypeUrl), absl::Cord("\xff\xff\xff"));
  EXPECT_EQ(ReasonOf(status), "");
  EXPECT_THAT(FieldViolationsOf(status), IsEmpty());
}

TEST(PayloadTest, SurvivesCopyAndUpdateElsewhere) {
  absl::Status original = FailedPreconditionError("SUBSIDY_LIMIT", "three per year");
  absl::Status copy = original;
  EXPECT_EQ(ReasonOf(copy), "SUBSIDY_LIMIT");
  EXPECT_EQ(copy, original);
}

TEST(FieldViolationsTest, EmptyIsOk) {
  FieldViolations violations;
  EXPECT_TRUE(violations.empty());
  EXPECT_TRUE(violations.ToStatus().ok());
}

TEST(FieldViolationsTest, OneViolation) {
  FieldViolations violations;
  violations.Add("name", "is required");
  absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "name: is required");
  EXPECT_EQ(ReasonOf(status), "INVALID_FIELD");
  EXPECT_THAT(FieldViolationsOf(status), ElementsAre(FieldViolation{"name", "is required"}));
}

TEST(FieldViolationsTest, SeveralViolationsAllAttached) {
  FieldViolations violations;
  violations.Add("name", "is required");
  violations.Add("org.credit_code", "bad check character");
  violations.Add("level", "unknown");
  EXPECT_FALSE(violations.empty());
  absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.message(), "name: is required (and 2 more)");
  EXPECT_THAT(FieldViolationsOf(status), ElementsAre(FieldViolation{"name", "is required"},
                                                     FieldViolation{"org.credit_code", "bad check character"},
                                                     FieldViolation{"level", "unknown"}));
}

TEST(FieldViolationsTest, AddStatusMergesViolationsOrFallsBack) {
  FieldViolations violations;
  violations.AddStatus(absl::OkStatus(), "ignored");
  EXPECT_TRUE(violations.empty());
  violations.AddStatus(InvalidArgumentError("person.id_number", "wrong check character"), "unused");
  violations.AddStatus(absl::InvalidArgumentError("plain message"), "date");
  EXPECT_THAT(violations.violations(), ElementsAre(FieldViolation{"person.id_number", "wrong check character"},
                                                   FieldViolation{"date", "plain message"}));
  EXPECT_EQ(violations.ToStatus().message(), "person.id_number: wrong check character (and 1 more)");
}

}  // namespace
}  // namespace skillbridge

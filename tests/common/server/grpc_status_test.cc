#include "common/server/grpc_status.h"

#include <gtest/gtest.h>

#include "common/status/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace skillbridge {
namespace {

google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

TEST(GrpcStatusTest, OkMapsToOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus(), "test.skillbridge").ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(GrpcStatusTest, ReasonBecomesErrorInfo) {
  const grpc::Status status =
      ToGrpcStatus(FailedPreconditionError("ORG_NOT_FILED", "organisation 123 is not filed"), "evaluation.skillbridge");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "organisation 123 is not filed");
  const google::rpc::Status details = DetailsOf(status);
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
  EXPECT_EQ(details.message(), "organisation 123 is not filed");
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "ORG_NOT_FILED");
  EXPECT_EQ(info.domain(), "evaluation.skillbridge");
}

TEST(GrpcStatusTest, CodeNameIsTheReasonWhenNoneIsGiven) {
  const grpc::Status status = ToGrpcStatus(absl::NotFoundError("no such thing"), "x.skillbridge");
  const google::rpc::Status details = DetailsOf(status);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "NOT_FOUND");

  // ... and it does not come back as a reason.
  const absl::Status back = FromGrpcStatus(status);
  EXPECT_EQ(back.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(back.message(), "no such thing");
  EXPECT_EQ(ReasonOf(back), "");
}

TEST(GrpcStatusTest, FieldViolationsBecomeBadRequestAndRoundTrip) {
  FieldViolations violations;
  violations.Add("person.name", "must not be empty");
  violations.Add("person.id_number", "check digit is wrong");
  const absl::Status original = violations.ToStatus();
  const grpc::Status status = ToGrpcStatus(original, "training.skillbridge");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  const google::rpc::Status details = DetailsOf(status);
  google::rpc::BadRequest bad_request;
  bool found_bad_request = false;
  bool found_info = false;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&bad_request)) {
      found_bad_request = true;
    }
    google::rpc::ErrorInfo info;
    if (any.Is<google::rpc::ErrorInfo>() && any.UnpackTo(&info)) {
      found_info = true;
      EXPECT_EQ(info.domain(), "training.skillbridge");
      EXPECT_FALSE(info.reason().empty());
    }
  }
  ASSERT_TRUE(found_bad_request);
  EXPECT_TRUE(found_info);
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "person.name");
  EXPECT_EQ(bad_request.field_violations(1).field(), "person.id_number");

  const absl::Status back = FromGrpcStatus(status);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message(), original.message());
  const std::vector<FieldViolation> back_violations = FieldViolationsOf(back);
  ASSERT_EQ(back_violations.size(), 2u);
  EXPECT_EQ(back_violations[0].field, "person.name");
  EXPECT_EQ(back_violations[0].description, "must not be empty");
  EXPECT_EQ(back_violations[1].field, "person.id_number");
  EXPECT_EQ(ReasonOf(back), ReasonOf(original));
}

TEST(GrpcStatusTest, ReasonRoundTrips) {
  const absl::Status original = PermissionDeniedError("OUT_OF_SCOPE", "district 370211 is not yours");
  const absl::Status back = FromGrpcStatus(ToGrpcStatus(original, "evaluation.skillbridge"));
  EXPECT_EQ(back.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(back.message(), "district 370211 is not yours");
  EXPECT_EQ(ReasonOf(back), "OUT_OF_SCOPE");
}

// A message or field path carrying a caller's invalid UTF-8 still serializes (protobuf refuses
// invalid UTF-8 in string fields) and the reason survives the round trip.
TEST(GrpcStatusTest, InvalidUtf8InTheMessageIsReplacedAndTheReasonKept) {
  const absl::Status status = NotFoundError("INDICATOR_NOT_FOUND", std::string("indicator '\xff\xfe' does not exist"));
  const grpc::Status converted = ToGrpcStatus(status, "aggregator.skillbridge");
  EXPECT_EQ(converted.error_message(), "indicator '\xEF\xBF\xBD\xEF\xBF\xBD' does not exist");
  const absl::Status back = FromGrpcStatus(converted);
  EXPECT_EQ(back.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(back), "INDICATOR_NOT_FOUND");
}

TEST(GrpcStatusTest, IdNumbersInMessagesAreMasked) {
  const grpc::Status status =
      ToGrpcStatus(absl::NotFoundError("no person 37020219900101123X"), "evaluation.skillbridge");
  EXPECT_EQ(status.error_message().find("37020219900101123X"), std::string::npos);
  EXPECT_NE(status.error_message().find("370202"), std::string::npos);
}

// 200 bad occupation codes, each with a long description: the status a client gets stays small
// (first 10 violations, each cut; the message counts them all) and is still INVALID_ARGUMENT.
TEST(GrpcStatusTest, ManyLongViolationsAreBoundedWellUnderTheClientMetadataLimit) {
  FieldViolations violations;
  for (int i = 0; i < 200; ++i) {
    violations.Add("approved_occupation_codes[" + std::to_string(i) + "]" + std::string(300, 'f'),
                   "unknown occupation code " + std::string(500, 'x') + " 370202199001011237");
  }
  const grpc::Status status = ToGrpcStatus(violations.ToStatus(), "training.skillbridge");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("(and 199 more)"), std::string::npos);
  EXPECT_LE(status.error_message().size(), 512u);
  // base64 of the details plus the message: under 6 KiB of the client's default 8 KiB.
  EXPECT_LT((status.error_details().size() + 2) / 3 * 4 + status.error_message().size(), 6u * 1024);
  const google::rpc::Status details = DetailsOf(status);
  google::rpc::BadRequest bad_request;
  ASSERT_EQ(details.details_size(), 2);
  ASSERT_TRUE(details.details(1).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 10);
  EXPECT_LE(bad_request.field_violations(0).field().size(), 96u);
  EXPECT_LE(bad_request.field_violations(0).description().size(), 160u);
  EXPECT_EQ(bad_request.field_violations(0).description().find("370202199001011237"), std::string::npos);
  EXPECT_EQ(bad_request.field_violations(0).field().substr(0, 28), "approved_occupation_codes[0]");
}

TEST(GrpcStatusTest, LongMessagesAreCutOnACharacterBoundary) {
  const grpc::Status status = ToGrpcStatus(absl::InvalidArgumentError(std::string(1000, 'x') + "名"), "d");
  EXPECT_LE(status.error_message().size(), 512u);
  EXPECT_EQ(status.error_message().substr(status.error_message().size() - 3), "\u2026");
}

TEST(GrpcStatusTest, FromGrpcStatusWithoutDetailsKeepsCodeAndMessage) {
  const absl::Status back = FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"));
  EXPECT_EQ(back.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(back.message(), "connection refused");
  EXPECT_EQ(ReasonOf(back), "");
}

// ---- ToRpcStatus / FromRpcStatus: what batch items carry per row.

TEST(RpcStatusTest, OkIsCodeZeroAndNothingElse) {
  const google::rpc::Status details = ToRpcStatus(absl::OkStatus(), "evaluation.skillbridge");
  EXPECT_EQ(details.code(), 0);
  EXPECT_EQ(details.message(), "");
  EXPECT_EQ(details.details_size(), 0);
  EXPECT_TRUE(FromRpcStatus(details).ok());
  EXPECT_TRUE(FromRpcStatus(google::rpc::Status()).ok());
}

TEST(RpcStatusTest, ReasonAndFieldViolationsRoundTrip) {
  FieldViolations violations;
  violations.Add("rows[2].person.id_number", "the check character does not match");
  violations.Add("rows[2].level", "a skill level is required");
  const absl::Status original = violations.ToStatus();
  const google::rpc::Status details = ToRpcStatus(original, "training.skillbridge");
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), original.message());
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  EXPECT_EQ(info.domain(), "training.skillbridge");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(1).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(1).field(), "rows[2].level");

  const absl::Status back = FromRpcStatus(details);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message(), original.message());
  EXPECT_EQ(ReasonOf(back), "INVALID_FIELD");
  EXPECT_EQ(FieldViolationsOf(back), violations.violations());
}

TEST(RpcStatusTest, AReasonOtherThanInvalidFieldRoundTrips) {
  const absl::Status original = FailedPreconditionError("OUTSIDE_FILED_SCOPE", "occupation 6-18-02-04 is not filed");
  const absl::Status back = FromRpcStatus(ToRpcStatus(original, "evaluation.skillbridge"));
  EXPECT_EQ(back.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(back.message(), "occupation 6-18-02-04 is not filed");
  EXPECT_EQ(ReasonOf(back), "OUTSIDE_FILED_SCOPE");
  EXPECT_TRUE(FieldViolationsOf(back).empty());
}

TEST(RpcStatusTest, WithoutAReasonTheCodeNameIsSentAndNotReadBack) {
  const google::rpc::Status details = ToRpcStatus(absl::AlreadyExistsError("taken"), "evaluation.skillbridge");
  google::rpc::ErrorInfo info;
  ASSERT_EQ(details.details_size(), 1);
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "ALREADY_EXISTS");
  const absl::Status back = FromRpcStatus(details);
  EXPECT_EQ(back.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(back), "");
}

TEST(RpcStatusTest, IdNumbersAreMaskedInTheMessageAndInEveryDescription) {
  const google::rpc::Status not_found = ToRpcStatus(
      ErrorWithReason(absl::StatusCode::kNotFound, "PERSON_NOT_FOUND", "no person 37020219900101123X"), "x");
  EXPECT_EQ(not_found.message(), "no person 370202********123X");

  FieldViolations violations;
  violations.Add("rows[0].person.id_number", "37020219900101123X is already certified");
  violations.Add("rows[1].person.id_number", "duplicate of 34052419800101001X in row 0");
  const google::rpc::Status invalid = ToRpcStatus(violations.ToStatus(), "x");
  EXPECT_EQ(invalid.message().find("37020219900101123X"), std::string::npos) << invalid.message();
  ASSERT_EQ(invalid.details_size(), 2);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(invalid.details(1).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "rows[0].person.id_number");
  EXPECT_EQ(bad_request.field_violations(0).description(), "370202********123X is already certified");
  EXPECT_EQ(bad_request.field_violations(1).description(), "duplicate of 340524********001X in row 0");
}

TEST(RpcStatusTest, UnknownDetailsAreIgnored) {
  google::rpc::Status details;
  details.set_code(static_cast<int>(grpc::StatusCode::UNAVAILABLE));
  details.set_message("try later");
  google::rpc::Status nested;  // a detail type FromRpcStatus does not read
  details.add_details()->PackFrom(nested);
  const absl::Status back = FromRpcStatus(details);
  EXPECT_EQ(back.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(back.message(), "try later");
  EXPECT_EQ(ReasonOf(back), "");
}

TEST(GrpcStatusTest, FromGrpcStatusIgnoresDetailsOfAnotherCode) {
  google::rpc::Status details = ToRpcStatus(FailedPreconditionError("ORG_NOT_FILED", "not filed"), "x");
  const grpc::Status mismatched(grpc::StatusCode::INTERNAL, "internal error", details.SerializeAsString());
  const absl::Status back = FromGrpcStatus(mismatched);
  EXPECT_EQ(back.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(back.message(), "internal error");
  EXPECT_EQ(ReasonOf(back), "");

  const grpc::Status garbage(grpc::StatusCode::ABORTED, "aborted", "not a serialized status");
  EXPECT_EQ(FromGrpcStatus(garbage).code(), absl::StatusCode::kAborted);
}

TEST(GrpcStatusTest, CodeNames) {
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::INVALID_ARGUMENT), "INVALID_ARGUMENT");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::RESOURCE_EXHAUSTED), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::DATA_LOSS), "DATA_LOSS");
}

}  // namespace
}  // namespace skillbridge

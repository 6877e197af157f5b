#pragma once
// What several of the education handlers share (services/education/api/*_handlers.cc): the
// idempotency key and mutation metadata of a call, the scope of a school's records (who may act
// for a school, who may read its students), masking of ID numbers for callers not entitled to
// them, and the date of a call.
// Errors: PERMISSION_DENIED OUT_OF_SCOPE (scope checks); store errors as the store returns them.
// Thread-safe as the store is; the rest is pure.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/server/call_context.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/store/mutation.h"
#include "google/protobuf/message.h"
#include "services/education/store/education_store.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge::education {

inline constexpr int kMaxNameChars = 100;
inline constexpr int kMaxReasonChars = 500;
// Rows of one batch call (BatchEnrolStudents, BatchGraduateStudents).
inline constexpr int kMaxBatchRows = 5000;

std::string IdempotencyKey(const CallContext& call, std::string_view request_id);

template <typename Response>
absl::StatusOr<bool> Replay(EducationStore& store, const CallContext& call, std::string_view request_id,
                            Response* response) {
  return ReplayIdempotent(store, call, IdempotencyKey(call, request_id), response);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response);

// May `principal` act for the school (open specialties, enrol, graduate, partnerships ...)?
// ADMIN; the officer of the school's district; the school itself (an institution with its
// credit code). SERVICE, VERIFIER and VIEWER never.
absl::Status CheckSchoolScope(const Principal& principal, std::string_view school_credit_code,
                              std::string_view district_code);

// May `principal` decide for the bureau on a record of `district_code` (register a school, grant a
// reward)? ADMIN, or the officer of that district.
absl::Status CheckBureauScope(const Principal& principal, std::string_view district_code);

// May `principal` read a school's student records? ADMIN, SERVICE, VERIFIER, VIEWER always
// (VIEWER masked); the officer of the school's district; the school itself.
absl::Status CheckStudentReadScope(const Principal& principal, std::string_view school_credit_code,
                                   std::string_view district_code);

// The person as `principal` may see it (the ID number masked for callers not entitled to it).
void MaskPersonFor(const Principal& principal, common::v1::PersonRef& person);

// The call's date in the bureau's time zone.
common::v1::Date TodayOf(const CallContext& call);

}  // namespace skillbridge::education

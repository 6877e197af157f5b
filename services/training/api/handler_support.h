#pragma once
// What several of the training handlers share (services/training/api/*_handlers.cc): the API's
// training-specific limits, the idempotency key and mutation metadata of a call, loading a record
// or answering NOT_FOUND with its reason, the scope of enrolments and claims, the published
// catalogue standard, and the checks and filters more than one request carries (approved
// occupations, catalogue years, the person / institution / district / year filter of enrolment
// and claim lists). Errors:
//   NOT_FOUND  INSTITUTION_NOT_FOUND, COURSE_NOT_FOUND, ENROLLMENT_NOT_FOUND, CLAIM_NOT_FOUND
//   PERMISSION_DENIED OUT_OF_SCOPE (scope checks), INVALID_ARGUMENT (INVALID_FIELD) via the
//   FieldViolations given; store errors as the store returns them.
// Thread-safe as the store is; the rest is pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/store/mutation.h"
#include "google/protobuf/message.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/training/store/training_store.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::training {

inline constexpr int kMaxBatchRows = 5000;
inline constexpr int kMaxApprovedOccupations = 200;
inline constexpr int kMaxCapacity = 10000;
inline constexpr int kMaxHours = 10000;
inline constexpr int64_t kMaxSubsidyFen = 100000000;  // 1,000,000 yuan
inline constexpr int kMaxPaymentReferenceChars = 100;
inline constexpr int kMinCatalogueYear = 2000;

// The idempotency record key of `request_id` for this call's method and principal; empty when
// the request carries none.
std::string IdempotencyKey(const CallContext& call, std::string_view request_id);

// An earlier answer to the same request_id (by the same principal on the same method) copied
// into `response`: true when there was one.
template <typename Response>
absl::StatusOr<bool> Replay(TrainingStore& store, const CallContext& call, std::string_view request_id,
                            Response* response) {
  return ReplayIdempotent(store, call, IdempotencyKey(call, request_id), response);
}

// The metadata of a mutation of `resource` (services/training/api/resource_names.h): its audit
// entry and, with a request_id, the idempotency record holding `response`.
MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response);

// The bureau's today (UTC+8) at the call's time.
common::v1::Date Today(const CallContext& call);

absl::Status InstitutionNotFound(std::string_view credit_code);

// The record as stored, or NOT_FOUND with its reason.
absl::StatusOr<Stored<v1::Institution>> LoadInstitution(TrainingStore& store, std::string_view credit_code);
absl::StatusOr<Stored<v1::Course>> LoadCourse(TrainingStore& store, std::string_view id);
absl::StatusOr<Stored<v1::Enrollment>> LoadEnrollment(TrainingStore& store, std::string_view id);
absl::StatusOr<Stored<v1::SubsidyClaim>> LoadClaim(TrainingStore& store, std::string_view id);

// Enrolments and claims belong to their institution: the institution itself, its district's
// officer, ADMIN and SERVICE.
absl::Status CheckEnrollmentScope(const Principal& principal, const v1::Enrollment& enrollment);

// The published (not withdrawn) catalogue standard for a course's year, occupation and level.
absl::StatusOr<std::optional<int64_t>> CatalogueStandard(TrainingStore& store, int year, std::string_view occupation,
                                                         common::v1::SkillLevel level);

// An institution's approved occupations: at most kMaxApprovedOccupations known occupation codes,
// none twice; violations name `field` or "<field>[i]".
void CheckApprovedOccupations(const ReferenceData& reference,
                              const google::protobuf::RepeatedPtrField<std::string>& codes, std::string_view field,
                              FieldViolations& violations);

// A catalogue year: kMinCatalogueYear..kMaxYear, required.
void CheckCatalogueYear(int year, std::string_view field, FieldViolations& violations);

// The person / institution / district / year filters that enrolment and claim lists share.
struct PersonOrgFilter {
  std::string id_number;  // normalised
  std::string institution_credit_code;
  std::string district_code;
  int year = 0;
};

// Checks them (violations named "id_number", "institution_credit_code", "district_code",
// "year") and returns them, the ID number normalised.
PersonOrgFilter ReadPersonOrgFilter(const ReferenceData& reference, const std::string& id_number,
                                    const std::string& institution_credit_code, const std::string& district_code,
                                    int year, FieldViolations& violations);

// Narrows the filter to what `principal` may read (its district, its institution), or
// PERMISSION_DENIED OUT_OF_SCOPE when it asked for another one.
absl::Status ScopePersonOrgFilter(const Principal& principal, PersonOrgFilter& filter);

}  // namespace skillbridge::training

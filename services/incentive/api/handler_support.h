#pragma once
// What several of the incentive handlers share (services/incentive/api/*_handlers.cc): the
// idempotency key and mutation metadata of a call, the scope of a person's employer (who may
// nominate or apply for a person, who may decide), masking of ID numbers for callers not entitled
// to them, and the date of a call (organisation references: CheckOrgRef, common/validation).
// Errors: PERMISSION_DENIED OUT_OF_SCOPE (scope checks); store errors as the store returns them.
// Thread-safe as the store is; the rest is pure.

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
#include "services/incentive/store/incentive_store.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge::incentive {

inline constexpr int kMaxTitleChars = 200;
inline constexpr int kMaxReasonChars = 500;

std::string IdempotencyKey(const CallContext& call, std::string_view request_id);

template <typename Response>
absl::StatusOr<bool> Replay(IncentiveStore& store, const CallContext& call, std::string_view request_id,
                            Response* response) {
  return ReplayIdempotent(store, call, IdempotencyKey(call, request_id), response);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response);

// May `principal` act for a person employed by `employer` (nominate, apply, withdraw)? ADMIN;
// the officer of the employer's district; the employer itself (an institution).
absl::Status CheckEmployerScope(const Principal& principal, const common::v1::OrgRef& employer);

// May `principal` decide on a record of `district_code` (review, reject, approve)? ADMIN, or the
// officer of that district.
absl::Status CheckDecisionScope(const Principal& principal, std::string_view district_code);

// May `principal` read a record about a person employed by `employer`? ADMIN, SERVICE, VERIFIER,
// VIEWER always (VIEWER masked); the officer of the employer's district; the employer itself.
absl::Status CheckPersonReadScope(const Principal& principal, const common::v1::OrgRef& employer);

// The person as `principal` may see it (the ID number masked for callers not entitled to it).
void MaskPersonFor(const Principal& principal, common::v1::PersonRef& person);

// The call's date in the bureau's time zone.
common::v1::Date TodayOf(const CallContext& call);

}  // namespace skillbridge::incentive

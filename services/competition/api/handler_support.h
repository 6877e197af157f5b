#pragma once
// What several of the competition handlers share (services/competition/api/*_handlers.cc): the
// idempotency key and mutation metadata of a call, loading a record or answering NOT_FOUND with
// its reason, the organiser scope of a competition (who may run it), the read scope and masking
// of entries, and the normalised organisation reference of a request. Errors:
//   NOT_FOUND  COMPETITION_NOT_FOUND, CONTEST_NOT_FOUND, ENTRY_NOT_FOUND
//   PERMISSION_DENIED OUT_OF_SCOPE (scope checks); store errors as the store returns them.
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
#include "services/competition/store/competition_store.h"
#include "skillbridge/competition/v1/competition.pb.h"

namespace skillbridge::competition {

inline constexpr int kMaxBatchDrafts = 5000;
inline constexpr int kMaxTitleChars = 200;
inline constexpr int kMaxPartners = 50;
inline constexpr int kMaxEntriesPerContest = 5000;
inline constexpr int64_t kMaxSponsorFen = 100000000000;  // 1,000,000,000 yuan

std::string IdempotencyKey(const CallContext& call, std::string_view request_id);

template <typename Response>
absl::StatusOr<bool> Replay(CompetitionStore& store, const CallContext& call, std::string_view request_id,
                            Response* response) {
  return ReplayIdempotent(store, call, IdempotencyKey(call, request_id), response);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response);

absl::StatusOr<Stored<v1::Competition>> LoadCompetition(CompetitionStore& store, std::string_view id);
absl::StatusOr<Stored<v1::Contest>> LoadContest(CompetitionStore& store, std::string_view id);
absl::StatusOr<Stored<v1::Entry>> LoadEntry(CompetitionStore& store, std::string_view id);

// May `principal` run (edit, add contests, open, close, cancel, register entrants, publish) this
// competition? The level must be one its role may organise, and the organiser in its scope
// (its district for an officer, itself for an institution).
absl::Status CheckOrganiserScope(const Principal& principal, const v1::Competition& competition);

// Filing (备案) is the bureau's: ADMIN, or the officer of the organiser's district.
absl::Status CheckBureauScope(const Principal& principal, const v1::Competition& competition);

// May `principal` read this entry? ADMIN, SERVICE, VERIFIER, VIEWER (masked) always; an officer
// for entries of its district or competitions organised there; an institution for entries of
// which it is the affiliation or the organiser.
absl::Status CheckEntryReadScope(const Principal& principal, const v1::Entry& entry,
                                 const v1::Competition& competition);

// The entry as `principal` may see it (the ID number masked for callers not entitled to it).
void MaskEntryFor(const Principal& principal, v1::Entry& entry);

// An organisation reference with its credit code; `district_required` as the field demands (a
// non-empty district must be a known one). Violations under "<prefix>.credit_code", ".name",
// ".district_code"; `normalized` gets the canonical credit code and the three fields.
void CheckOrg(const ReferenceData& reference, const common::v1::OrgRef& org, std::string_view prefix,
              bool district_required, FieldViolations& violations, common::v1::OrgRef* normalized);

}  // namespace skillbridge::competition

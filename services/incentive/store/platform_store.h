#pragma once
// PlatformStore: the talent platforms, their yearly evaluations and their funding grants in the
// incentive store's Redis (keys.h "platforms"), over IncentiveStore's RedisClient; handlers make
// one per call from IncentiveStore::redis(). Every mutation is one script call (AtomicWrite):
// record + indexes + guards + statistics + change event(s) + audit entry + idempotency record.
//
// The rules that hold under concurrent calls are guards of the write itself:
//   - a platform changed since it was read: ABORTED CONCURRENT_MODIFICATION (every write that
//     changes a platform is guarded by the bytes it was read as: revocation, evaluations and the
//     funding totals);
//   - one evaluation per platform and year: ALREADY_EXISTS ALREADY_EVALUATED
//     (incentive:platformeval:<id>:<year> absent);
//   - a funding grant changed since it was read: ABORTED CONCURRENT_MODIFICATION.
// A funding change emits FundingChanged and then PlatformChanged (its totals): two AtomicWrites in
// one script call, linked by incentive:platformlink:<id> (set by the first, required and removed
// by the second), so both are applied or neither (a replayed or refused first write stops both).
// Statistics (incentive:stats:<year>, the host's district): evaluated +1 in the evaluation's
// year; granted_fen / paid_fen by the funding's budget year, moved with each funding change.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "skillbridge/incentive/v1/events.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

struct PlatformFilter {
  v1::PlatformKind kind = v1::PLATFORM_KIND_UNSPECIFIED;
  v1::PlatformLevel level = v1::PLATFORM_LEVEL_UNSPECIFIED;
  std::string district_code;
  v1::PlatformStatus status = v1::PLATFORM_STATUS_UNSPECIFIED;
  std::string host_credit_code;
};

struct FundingFilter {
  std::string platform_id;
  int year = 0;
  v1::FundingStatus status = v1::FUNDING_STATUS_UNSPECIFIED;
  std::string district_code;
};

// A funding grant moving from `old` (nullopt: a new grant) to `updated`, with its platform
// moving from `platform_old` to `platform` (the totals changed).
struct FundingChange {
  std::optional<Stored<v1::PlatformFunding>> old;
  v1::PlatformFunding updated;
  Stored<v1::TalentPlatform> platform_old;
  v1::TalentPlatform platform;
  v1::IncentiveEvent funding_event;
  v1::IncentiveEvent platform_event;
  // Carries the funding id's sequence for a new grant.
  MutationMeta meta;
};

class PlatformStore final {
 public:
  static constexpr int kMaxScanned = 20000;

  explicit PlatformStore(RedisClient& redis) : redis_(redis) {}

  absl::StatusOr<std::optional<Stored<v1::TalentPlatform>>> GetPlatform(std::string_view id);
  // A new platform (its id drawn in the write: meta.id_sequence).
  absl::StatusOr<WriteOutcome> CreatePlatform(const v1::TalentPlatform& platform, const v1::IncentiveEvent& event,
                                              const MutationMeta& meta);
  // The platform record alone changed (revocation).
  absl::StatusOr<WriteOutcome> UpdatePlatform(const Stored<v1::TalentPlatform>& old, const v1::TalentPlatform& updated,
                                              const v1::IncentiveEvent& event, const MutationMeta& meta);
  // Stores `evaluation` (its year's key must be absent: ALREADY_EVALUATED) with the platform as
  // `updated` (latest evaluation), and counts it in the host district's statistics of its year.
  absl::StatusOr<WriteOutcome> RecordEvaluation(const Stored<v1::TalentPlatform>& old,
                                                const v1::TalentPlatform& updated,
                                                const v1::PlatformEvaluation& evaluation,
                                                const v1::IncentiveEvent& event, const MutationMeta& meta);
  // Every evaluation of the platform, oldest year first.
  absl::StatusOr<std::vector<v1::PlatformEvaluation>> ReadEvaluations(std::string_view platform_id);
  absl::StatusOr<ScanPage<v1::TalentPlatform>> ListPlatforms(const PlatformFilter& filter, const std::string& cursor,
                                                             int page_size);

  absl::StatusOr<std::optional<Stored<v1::PlatformFunding>>> GetFunding(std::string_view id);
  // A grant made, paid or cancelled, with the platform's totals and the statistics (see above).
  absl::StatusOr<WriteOutcome> ChangeFunding(const FundingChange& change);
  absl::StatusOr<ScanPage<v1::PlatformFunding>> ListFundings(const FundingFilter& filter, const std::string& cursor,
                                                             int page_size);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::incentive

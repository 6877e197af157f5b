#pragma once
// BridgeStore: career-bridging applications (贯通) in the incentive store's Redis (keys.h "career
// bridging"), over IncentiveStore's RedisClient; handlers make one per call from
// IncentiveStore::redis(). Every mutation is one script call (AtomicWrite): record + indexes +
// guards + statistics + BridgeApplicationChanged + audit entry + idempotency record.
//
// The rules that hold under concurrent calls are guards of the write itself:
//   - one open (APPLIED) application per person, series and grade:
//     incentive:bridgeopen:<id no>:<series>:<grade> holds its id while it is open; applying
//     requires it absent (ALREADY_EXISTS ALREADY_APPLIED); deciding or withdrawing removes it;
//   - an application changed since it was read: ABORTED CONCURRENT_MODIFICATION.
// Statistics (incentive:stats:<year>, the employer's district): bridge_applied +1 in the year
// applied; bridge_approved +1 in the year of the approval (the caller passes it).
// Thread-safe (the RedisClient is); holds no state of its own.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "skillbridge/incentive/v1/events.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

inline constexpr char kReasonAlreadyApplied[] = "ALREADY_APPLIED";

struct BridgeFilter {
  int year = 0;
  v1::BridgeStatus status = v1::BRIDGE_STATUS_UNSPECIFIED;
  v1::TitleSeries series = v1::TITLE_SERIES_UNSPECIFIED;
  std::string district_code;
  std::string id_number;
  std::string employer_credit_code;
};

class BridgeStore final {
 public:
  static constexpr int kMaxScanned = 20000;

  explicit BridgeStore(RedisClient& redis) : redis_(redis) {}

  absl::StatusOr<std::optional<Stored<v1::BridgeApplication>>> Get(std::string_view id);
  // A new APPLIED application (its id drawn in the write: meta.id_sequence).
  absl::StatusOr<WriteOutcome> Apply(const v1::BridgeApplication& application, const v1::IncentiveEvent& event,
                                     const MutationMeta& meta);
  // APPLIED -> APPROVED, REJECTED or WITHDRAWN: the open key released; an approval counted in
  // `approval_year` (ignored otherwise).
  absl::StatusOr<WriteOutcome> Decide(const Stored<v1::BridgeApplication>& old, const v1::BridgeApplication& updated,
                                      int approval_year, const v1::IncentiveEvent& event, const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::BridgeApplication>> List(const BridgeFilter& filter, const std::string& cursor,
                                                       int page_size);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::incentive

#pragma once
// PartnershipStore: the school–enterprise partnerships in the education store's Redis (keys.h
// "Partnerships"), over EducationStore's RedisClient; handlers make one per call from
// EducationStore::redis(). Every mutation is one script call (AtomicWrite): record + indexes +
// the education:now counter "<district>|partnerships" + PartnershipChanged + audit entry +
// idempotency record.
//
// The rules that hold under concurrent calls are guards of the write itself:
//   - a new partnership needs an ACTIVE school: FAILED_PRECONDITION SCHOOL_CLOSED
//     (education:schoolstate), and for an order class an ACTIVE specialty of it: NOT_FOUND
//     SPECIALTY_NOT_FOUND (education:specialtystate);
//   - a partnership changed since it was read: ABORTED CONCURRENT_MODIFICATION.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/education/v1/events.pb.h"

namespace skillbridge::education {

// ListPartnerships' filters (AND; empty / UNSPECIFIED = any).
struct PartnershipFilter {
  std::string school_credit_code;
  std::string enterprise_credit_code;
  std::string district_code;
  v1::PartnershipKind kind = v1::PARTNERSHIP_KIND_UNSPECIFIED;
  v1::PartnershipStatus status = v1::PARTNERSHIP_STATUS_UNSPECIFIED;
};

class PartnershipStore final {
 public:
  static constexpr int kMaxScanned = 20000;

  explicit PartnershipStore(RedisClient& redis) : redis_(redis) {}

  absl::StatusOr<std::optional<Stored<v1::Partnership>>> GetPartnership(std::string_view id);

  // A new partnership, its id drawn in the write (meta.id_sequence; its marker in the record).
  absl::StatusOr<WriteOutcome> CreatePartnership(const v1::Partnership& partnership, const v1::EducationEvent& event,
                                                 const MutationMeta& meta);

  // The partnership as `updated` (ended), the counter moved with its status.
  absl::StatusOr<WriteOutcome> ChangePartnership(const Stored<v1::Partnership>& old, const v1::Partnership& updated,
                                                 const v1::EducationEvent& event, const MutationMeta& meta);

  absl::StatusOr<ScanPage<v1::Partnership>> ListPartnerships(const PartnershipFilter& filter, const std::string& cursor,
                                                             int page_size);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::education

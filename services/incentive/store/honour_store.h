#pragma once
// HonourStore: the honour programmes, nominations and the leading-talent directory in the
// incentive store's Redis (keys.h "honours"). Built per call over IncentiveStore::redis(); holds
// no state of its own. Every mutation is one script call of AtomicWrite (record + indexes +
// guards + counters + change event + audit entry + idempotency record); reads are GET/MGET,
// HGET and index scans.
//
// The rules that must hold under concurrent calls are guards of the write itself:
//   - a programme's state lives in incentive:programmestate: nominations and awards are guarded
//     by it being PROGRAMME_STATUS_OPEN (FAILED_PRECONDITION PROGRAMME_CLOSED);
//   - one nomination per person and programme: incentive:nominationuniq:<programme>:<id no>
//     (ALREADY_EXISTS ALREADY_NOMINATED); released when the nomination is WITHDRAWN, kept when it
//     is REJECTED or AWARDED;
//   - the quota: incentive:awarded holds each programme's awards so far; an award is guarded by
//     it being below the quota (FAILED_PRECONDITION QUOTA_EXHAUSTED) and raises it (HINCRBY) in
//     the same step, so parallel awards never exceed the quota. It is also guarded by the count
//     being the one it was decided with (AWARDED_COUNT_CHANGED, ABORTED: the caller reads again
//     and retries), so the programme's event and the response carry the exact count;
//   - a record changed since it was read (ABORTED CONCURRENT_MODIFICATION).
// An award writes two events, NominationChanged and HonourProgrammeChanged, as two AtomicWrites
// of one script call linked by a key only the first sets and the second removes: both or none.
// Statistics: incentive:stats:<programme year>, per employer district: nominations on nominating;
// awarded, award_fen and (LEADING_TALENT) leading on awarding.
// Thread-safe (the RedisClient is).

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

inline constexpr char kReasonAwardedCountChanged[] = "AWARDED_COUNT_CHANGED";

struct ProgrammeFilter {
  int year = 0;
  v1::HonourKind kind = v1::HONOUR_KIND_UNSPECIFIED;
  v1::ProgrammeStatus status = v1::PROGRAMME_STATUS_UNSPECIFIED;
};

struct NominationFilter {
  std::string programme_id;
  int year = 0;
  v1::NominationStatus status = v1::NOMINATION_STATUS_UNSPECIFIED;
  std::string district_code;
  std::string id_number;
  std::string employer_credit_code;
};

struct LeadingTalentFilter {
  int year = 0;
  std::string district_code;
  std::string occupation_code;
  std::string id_number;
};

// A nomination moving from `old` to `updated` (review, rejection, withdrawal).
struct NominationChange {
  Stored<v1::Nomination> old;
  v1::Nomination updated;
  v1::IncentiveEvent event;
  MutationMeta meta;
};

// An award: the nomination's change plus the programme it counts against.
struct AwardPlan {
  NominationChange nomination;
  // The programme as read, with awarded_count as it was read (the count the award is decided on).
  v1::HonourProgramme programme;
  // HonourProgrammeChanged with awarded_count + 1.
  v1::IncentiveEvent programme_event;
};

class HonourStore final {
 public:
  static constexpr int kMaxScanned = 20000;

  explicit HonourStore(RedisClient& redis) : redis_(redis) {}

  // ------------------------------------------------------------ programmes
  // Stores a new programme (its id drawn in the write: meta.id_sequence), OPEN, with no awards.
  absl::StatusOr<WriteOutcome> CreateProgramme(const v1::HonourProgramme& programme, const v1::IncentiveEvent& event,
                                               const MutationMeta& meta);
  // The programme with awarded_count filled in; `bytes` as stored.
  absl::StatusOr<std::optional<Stored<v1::HonourProgramme>>> GetProgramme(std::string_view id);
  // Closes it: guarded by the record and its awarded count being as read
  // (CONCURRENT_MODIFICATION, AWARDED_COUNT_CHANGED).
  absl::StatusOr<WriteOutcome> CloseProgramme(const Stored<v1::HonourProgramme>& old, const v1::HonourProgramme& closed,
                                              const v1::IncentiveEvent& event, const MutationMeta& meta);
  // In id order, awarded_count filled in.
  absl::StatusOr<ScanPage<v1::HonourProgramme>> ListProgrammes(const ProgrammeFilter& filter, const std::string& cursor,
                                                               int page_size);

  // ------------------------------------------------------------ nominations
  // Stores a new nomination (id drawn in the write) guarded by the programme being OPEN and the
  // person not nominated for it yet; counts it in the year's statistics.
  absl::StatusOr<WriteOutcome> Nominate(const v1::Nomination& nomination, const v1::IncentiveEvent& event,
                                        const MutationMeta& meta);
  // The id of the person's nomination for the programme ("" none).
  absl::StatusOr<std::string> NominationOf(std::string_view programme_id, std::string_view id_number);
  absl::StatusOr<std::optional<Stored<v1::Nomination>>> GetNomination(std::string_view id);
  // Review, rejection, withdrawal (the uniqueness key released when WITHDRAWN).
  absl::StatusOr<WriteOutcome> ChangeNomination(const NominationChange& change);
  // The award (see the header comment).
  absl::StatusOr<WriteOutcome> Award(const AwardPlan& plan);
  // In id order.
  absl::StatusOr<ScanPage<v1::Nomination>> ListNominations(const NominationFilter& filter, const std::string& cursor,
                                                           int page_size);

  // ------------------------------------------------------------ directory
  // Awarded nominations of LEADING_TALENT programmes, newest programme year first, then by id.
  absl::StatusOr<ScanPage<v1::Nomination>> ListLeadingTalents(const LeadingTalentFilter& filter,
                                                              const std::string& cursor, int page_size);

 private:
  absl::Status FillAwardedCounts(std::vector<v1::HonourProgramme*> programmes);

  RedisClient& redis_;
};

}  // namespace skillbridge::incentive

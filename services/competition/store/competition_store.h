#pragma once
// CompetitionStore: the competition service's records in its own Redis. Every mutation is one
// script call of AtomicWrite (record + indexes + guards + counters + change event + audit entry +
// idempotency record); reads are plain GET/MGET and index scans. Key layout: store/keys.h.
//
// The rules that must hold under concurrent calls are guards of the write itself:
//   - one entry per person and contest (ALREADY_REGISTERED), at most the contest's max_entries
//     (CONTEST_FULL), entries only while the competition is OPEN (COMPETITION_NOT_OPEN);
//   - at most one competition promotion per person and year: the key
//     competition:promoyear:<id number>:<year> names the entry holding it; publishing (and
//     correcting) claims it for a PENDING promotion and is guarded by every such key being as it
//     was read, so of two publications racing for one person exactly one grants the promotion;
//     the other is ABORTED (CONCURRENT_MODIFICATION) and decided again;
//   - a record changed since it was read (CONCURRENT_MODIFICATION).
// Writes that emit several events (publishing a contest: the contest, every entry and its
// promotion, the competition) are one script call of several AtomicWrites linked by a key that
// only the first write sets and only the last removes (competition:link:<resource>): every later
// write is guarded by it, so either all are applied or none, and a call that was replayed or
// refused applies none of them.
// Promotions waiting for their certificate are in competition:promo:due, scored by the next
// attempt; the promotion worker (promotion/promotion_worker.h) takes them from there.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/redis/redis_client.h"
#include "common/store/feed.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "skillbridge/competition/v1/competition.pb.h"
#include "skillbridge/competition/v1/events.pb.h"

namespace skillbridge::competition {

struct CompetitionFilter {
  int year = 0;
  v1::CompetitionLevel level = v1::COMPETITION_LEVEL_UNSPECIFIED;
  std::string district_code;
  v1::CompetitionStatus status = v1::COMPETITION_STATUS_UNSPECIFIED;
  std::string organiser_credit_code;
};

struct ContestFilter {
  std::string competition_id;
  int year = 0;
  std::string occupation_code;
  std::string industry_chain_code;
  v1::ContestGroup group = v1::CONTEST_GROUP_UNSPECIFIED;
};

struct EntryFilter {
  std::string contest_id;
  std::string competition_id;
  std::string id_number;
  std::string affiliation_credit_code;
  std::string district_code;
  int year = 0;
  v1::Award award = v1::AWARD_UNSPECIFIED;
  v1::PromotionStatus promotion_status = v1::PROMOTION_STATUS_UNSPECIFIED;
  // An institution sees the entries it is the affiliation of, or of competitions it organises:
  // when set, only those (the organiser's competitions by id).
  std::string visible_to_credit_code;
  std::vector<std::string> visible_competition_ids;
};

// One entry to register, with its contest's capacity, event and metadata.
struct RegisterItem {
  v1::Entry entry;
  int32_t max_entries = 0;
  v1::CompetitionEvent event;
  MutationMeta meta;
};

// One entry whose result is written (PublishResults, CorrectResult).
struct ResultWrite {
  Stored<v1::Entry> old;
  v1::Entry updated;
  // The holder of the person's yearly promotion slot as read ("" none), and whether the decision
  // depended on it (a rule promoted the result): the write is then guarded by it being unchanged.
  std::string yearly_holder;
  bool yearly_checked = false;
  // Events besides EntryResultPublished / EntryResultCorrected (PromotionChanged).
  std::vector<v1::CompetitionEvent> events;
  // Audit entry of the entry's own change (CorrectResult); unset for a publication's entries.
  std::optional<common::v1::AuditEntry> audit;
};

// Everything PublishResults writes in one step.
struct PublishPlan {
  Stored<v1::Competition> competition_old;
  v1::Competition competition;
  Stored<v1::Contest> contest_old;
  v1::Contest contest;
  std::vector<ResultWrite> entries;
  // When the competition's last contest is published: its CompetitionChanged event.
  std::optional<v1::CompetitionEvent> competition_event;
  v1::CompetitionEvent contest_event;
  MutationMeta meta;
  // The first attempt of every PENDING promotion.
  absl::Time due;
};

// The promotion worker's record of one attempt (a level check or a certificate request).
struct IssueRecord {
  Stored<v1::Entry> old;
  v1::Entry updated;
  // Set when the promotion is still PENDING: the next attempt.
  std::optional<absl::Time> next_attempt;
  // Each written when set (an audit entry may come without an event: a level check that left
  // the status and target as they were).
  std::optional<v1::CompetitionEvent> event;
  std::optional<common::v1::AuditEntry> audit;
};

class CompetitionStore final {
 public:
  static constexpr size_t kWriteChunk = 1000;
  static constexpr int kMaxScanned = 20000;

  CompetitionStore(RedisClient& redis, RedisClient& feed_redis) : redis_(redis), feed_redis_(feed_redis) {}

  absl::Status Initialize();
  absl::Status Ping() { return redis_.Ping(); }
  absl::StatusOr<std::optional<std::string>> LookupIdempotent(const std::string& key);
  absl::StatusOr<std::vector<std::optional<std::string>>> LookupIdempotentMany(const std::vector<std::string>& keys);
  // Server-assigned ids drawn inside the write: competitions "CP" + 10 digits, contests "CT" +
  // 10, entries "EN" + 12.
  enum class IdKind { kCompetition, kContest, kEntry };
  static RedisSequence NewId(IdKind kind);

  // ------------------------------------------------------------ competitions
  absl::StatusOr<std::optional<Stored<v1::Competition>>> GetCompetition(std::string_view id);
  absl::StatusOr<WriteOutcome> CreateCompetition(const v1::Competition& competition, const v1::CompetitionEvent& event,
                                                 const MutationMeta& meta);
  // Any change of the competition record alone (edit, file, open, close, cancel). ABORTED
  // (CONCURRENT_MODIFICATION) when it changed since `old` was read.
  absl::StatusOr<WriteOutcome> UpdateCompetition(const Stored<v1::Competition>& old, const v1::Competition& updated,
                                                 const v1::CompetitionEvent& event, const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::Competition>> ListCompetitions(const CompetitionFilter& filter, const std::string& cursor,
                                                             int page_size);
  // The ids of the competitions an organiser runs (for an institution's view of entries).
  absl::StatusOr<std::vector<std::string>> CompetitionsOfOrganiser(std::string_view credit_code);

  // ------------------------------------------------------------ contests
  // Stores the contest and the competition with its contest_count raised, guarded by the
  // competition being as read (hence still DRAFT).
  absl::StatusOr<WriteOutcome> AddContest(const Stored<v1::Competition>& competition_old,
                                          const v1::Competition& competition, const v1::Contest& contest,
                                          const v1::CompetitionEvent& event, const MutationMeta& meta);
  // The contest as stored, with entry_count filled in (bytes exactly as read).
  absl::StatusOr<std::optional<Stored<v1::Contest>>> GetContest(std::string_view id);
  absl::StatusOr<ScanPage<v1::Contest>> ListContests(const ContestFilter& filter, const std::string& cursor,
                                                     int page_size);

  // ------------------------------------------------------------ entries
  // Each item on its own: FAILED_PRECONDITION COMPETITION_NOT_OPEN / CONTEST_FULL, ALREADY_EXISTS
  // ALREADY_REGISTERED. The outer status fails only when Redis does.
  absl::StatusOr<std::vector<absl::StatusOr<WriteOutcome>>> Register(const std::vector<RegisterItem>& items);
  absl::StatusOr<std::optional<Stored<v1::Entry>>> GetEntry(std::string_view id);
  // Every entry of the contest, in id order, with the bytes they were read as.
  absl::StatusOr<std::vector<Stored<v1::Entry>>> ReadContestEntries(std::string_view contest_id);
  absl::StatusOr<ScanPage<v1::Entry>> ListEntries(const EntryFilter& filter, const std::string& cursor, int page_size);
  // The entry holding each (id number, year)'s promotion slot ("" none), in order.
  absl::StatusOr<std::vector<std::string>> ReadYearlyHolders(
      const std::vector<std::pair<std::string, int>>& persons_years);

  // ------------------------------------------------------------ results
  // Writes the plan in one step (see above). ABORTED (CONCURRENT_MODIFICATION) when anything it
  // was decided on changed; nothing is written then.
  absl::StatusOr<WriteOutcome> PublishResults(const PublishPlan& plan);
  // Writes one corrected entry (its result, honour and promotion) with `event` (the correction)
  // and the ResultWrite's further events, in one step.
  absl::StatusOr<WriteOutcome> CorrectResult(const ResultWrite& write, const v1::CompetitionEvent& event,
                                             const MutationMeta& meta);

  // ------------------------------------------------------------ promotions
  // Up to `limit` entry ids whose promotion is due at `now`, earliest first.
  absl::StatusOr<std::vector<std::string>> DuePromotions(absl::Time now, int limit);
  // Records one attempt (ISSUED, REFUSED, NOT_ELIGIBLE after the level check, or still PENDING
  // with its next attempt); the person's yearly slot is released when it no longer holds it.
  // ABORTED (CONCURRENT_MODIFICATION) when the entry changed since it was read.
  absl::StatusOr<WriteOutcome> RecordIssueAttempt(const IssueRecord& record);
  // Removes an entry from the due set (its promotion is no longer PENDING).
  absl::Status DropDue(std::string_view entry_id);

  // ------------------------------------------------------------ stats, feed, audit
  // The year's counters, one row per (district, level), in that order.
  absl::StatusOr<std::vector<v1::CompetitionStatsRow>> ReadStats(int year);
  absl::StatusOr<FeedPage> ReadEvents(const std::string& after_id, int max_events, std::chrono::milliseconds wait);
  absl::StatusOr<FeedPage> ReadAudit(const std::string& before_id, int max_entries);

 private:
  absl::Status FillEntryCounts(std::vector<v1::Contest*> contests);

  RedisClient& redis_;
  RedisClient& feed_redis_;
};

}  // namespace skillbridge::competition

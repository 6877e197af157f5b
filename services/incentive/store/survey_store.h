#pragma once
// SurveyStore: the wage survey's records in the incentive store (keys: store/keys.h, "wage
// survey"): each enterprise's current survey of a year and every revision as stored, the year's
// closed state, the year's totals per (district, industry chain, SurveyMeasure) and the indexes
// by year, district and chain.
//
// Writes (one script call each, common/redis/atomic_write.h):
//   SubmitChunk: the surveys of one chunk of a SubmitWageSurveys call with one batch record (the
//     call's idempotency for that chunk); each survey on its own, guarded by the year being open
//     (SURVEY_YEAR_CLOSED → FAILED_PRECONDITION) and by the survey being as it was read (the old
//     record's bytes, or absent: CONCURRENT_MODIFICATION → ABORTED); it replaces the current
//     record, moves the indexes, takes the old revision's contributions off the totals and adds
//     the new one's (HINCRBY), keeps the revision, and appends its event and audit entry.
//   CloseYear: the SurveyYear record, guarded by the year not being closed yet
//     (SURVEY_YEAR_CLOSED), with its event, audit entry and idempotency record.
// Reads: single and MGET reads of surveys and revisions, the year's state, the totals hash parsed
// per cell, and index scans for listings. Errors: UNAVAILABLE when Redis is unreachable,
// DATA_LOSS for a stored record that does not parse. Thread-safe (the RedisClient is); holds no
// state of its own — construct one per call over IncentiveStore::redis().

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "skillbridge/common/v1/audit.pb.h"
#include "skillbridge/incentive/v1/events.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

// One survey to store: the current record as read (none for a first submission), the new one,
// its event and audit entry, and its position in the request.
struct SurveyWrite {
  int index = 0;
  std::optional<Stored<v1::WageSurvey>> old;
  v1::WageSurvey survey;
  v1::IncentiveEvent event;
  common::v1::AuditEntry audit;
};

// The outcome of one survey of a chunk: its position, the revision it was (or was to be) stored
// at, and applied or the refusal as an error.
struct SurveyWriteOutcome {
  int index = 0;
  int revision = 0;
  absl::Status status;
};

struct SurveyChunkOutcome {
  // The chunk's record existed: the outcomes are the first call's.
  bool replayed = false;
  std::string recorded_fingerprint;
  std::vector<SurveyWriteOutcome> items;
};

// Sums of one (district, industry chain) cell of incentive:surveytotals:<year>.
struct SurveyCell {
  std::string district_code;
  std::string industry_chain_code;
  v1::SurveyTotals totals;  // sums only
};

struct SurveyFilter {
  int year = 0;
  std::string district_code;        // "" = any
  std::string industry_chain_code;  // "" = any
};

class SurveyStore final {
 public:
  // Surveys per script call of a submission (callers chunk by request index).
  static constexpr int kSubmitChunk = 1000;

  explicit SurveyStore(RedisClient& redis) : redis_(redis) {}

  absl::StatusOr<std::optional<Stored<v1::WageSurvey>>> GetSurvey(int year, const std::string& credit_code);
  // The current surveys of `credit_codes` (nullopt: none), in order, in one MGET.
  absl::StatusOr<std::vector<std::optional<Stored<v1::WageSurvey>>>> GetSurveys(
      int year, const std::vector<std::string>& credit_codes);
  // Surveys as stored at given revisions ((credit code, revision) pairs), in order, in one MGET.
  absl::StatusOr<std::vector<std::optional<v1::WageSurvey>>> GetRevisions(
      int year, const std::vector<std::pair<std::string, int>>& revisions);
  // The year's record once closed; nullopt while it is open.
  absl::StatusOr<std::optional<v1::SurveyYear>> GetSurveyYear(int year);
  // The year's totals, one cell per (district, chain) with any field, in (district, chain) order.
  absl::StatusOr<std::vector<SurveyCell>> ReadTotals(int year);
  // The year's surveys in credit-code order after `cursor`, filtered.
  absl::StatusOr<ScanPage<v1::WageSurvey>> ListSurveys(const SurveyFilter& filter, const std::string& cursor,
                                                       int page_size);

  // Applies `writes` (at most kSubmitChunk) with the chunk's record `record_key` ("" = none).
  absl::StatusOr<SurveyChunkOutcome> SubmitChunk(const std::vector<SurveyWrite>& writes, const std::string& record_key,
                                                 const std::string& fingerprint);
  absl::StatusOr<WriteOutcome> CloseYear(const v1::SurveyYear& survey_year, const v1::IncentiveEvent& event,
                                         const MutationMeta& meta);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::incentive

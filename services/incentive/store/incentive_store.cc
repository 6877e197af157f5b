#include "services/incentive/store/incentive_store.h"

#include <map>
#include <utility>

#include "common/status/macros.h"
#include "common/store/counter_hash.h"
#include "common/store/record_io.h"
#include "services/incentive/store/keys.h"

namespace skillbridge::incentive {

absl::Status IncentiveStore::Initialize() { return InitializeStoreSchema(redis_, keys::kSchema, keys::kSchemaVersion); }

absl::StatusOr<std::optional<std::string>> IncentiveStore::LookupIdempotent(const std::string& key) {
  return LookupIdempotentRecord(redis_, key);
}

absl::StatusOr<std::vector<std::optional<std::string>>> IncentiveStore::LookupIdempotentMany(
    const std::vector<std::string>& keys) {
  return LookupIdempotentRecords(redis_, keys);
}

RedisSequence IncentiveStore::NewId(IdKind kind) {
  switch (kind) {
    case IdKind::kProgramme:
      return IdSequence(keys::Sequence("programme"), "HP", 8);
    case IdKind::kNomination:
      return IdSequence(keys::Sequence("nomination"), "NM", 10);
    case IdKind::kPlatform:
      return IdSequence(keys::Sequence("platform"), "PF", 8);
    case IdKind::kFunding:
      return IdSequence(keys::Sequence("funding"), "FD", 10);
    case IdKind::kBridge:
      break;
  }
  return IdSequence(keys::Sequence("bridge"), "BA", 10);
}

namespace {

void AddTo(v1::IncentiveStatsRow& row, keys::StatsMeasure measure, int64_t value) {
  switch (measure) {
    case keys::StatsMeasure::kNominations:
      row.set_nominations(row.nominations() + value);
      return;
    case keys::StatsMeasure::kHonoursAwarded:
      row.set_honours_awarded(row.honours_awarded() + value);
      return;
    case keys::StatsMeasure::kAwardFen:
      row.set_award_fen(row.award_fen() + value);
      return;
    case keys::StatsMeasure::kLeadingTalents:
      row.set_leading_talents(row.leading_talents() + value);
      return;
    case keys::StatsMeasure::kBridgeApplied:
      row.set_bridge_applied(row.bridge_applied() + value);
      return;
    case keys::StatsMeasure::kBridgeApproved:
      row.set_bridge_approved(row.bridge_approved() + value);
      return;
    case keys::StatsMeasure::kFundingGrantedFen:
      row.set_funding_granted_fen(row.funding_granted_fen() + value);
      return;
    case keys::StatsMeasure::kFundingPaidFen:
      row.set_funding_paid_fen(row.funding_paid_fen() + value);
      return;
    case keys::StatsMeasure::kPlatformsEvaluated:
      row.set_platforms_evaluated(row.platforms_evaluated() + value);
      return;
  }
}

}  // namespace

absl::StatusOr<std::vector<v1::IncentiveStatsRow>> IncentiveStore::ReadStats(int year) {
  SB_ASSIGN_OR_RETURN(const auto counters, ReadCounterHash(redis_, keys::Stats(year)));
  std::map<std::string, v1::IncentiveStatsRow> rows;
  for (const auto& [field, value] : counters) {
    const std::optional<keys::StatsFieldKey> key = keys::ParseStatsField(field);
    if (!key.has_value()) {
      continue;
    }
    v1::IncentiveStatsRow& row = rows[key->district_code];
    row.set_district_code(key->district_code);
    AddTo(row, key->measure, value);
  }
  std::vector<v1::IncentiveStatsRow> out;
  out.reserve(rows.size());
  for (auto& [district, row] : rows) {
    out.push_back(std::move(row));
  }
  return out;
}

absl::StatusOr<FeedPage> IncentiveStore::ReadEvents(const std::string& after_id, int max_events,
                                                    std::chrono::milliseconds wait) {
  return ReadFeed(feed_redis_, std::string(keys::kEvents), after_id, max_events, wait);
}

absl::StatusOr<FeedPage> IncentiveStore::ReadAudit(const std::string& before_id, int max_entries) {
  return ReadStreamNewestFirst(redis_, std::string(keys::kAudit), before_id, max_entries);
}

}  // namespace skillbridge::incentive

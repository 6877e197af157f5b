#include "services/education/store/education_store.h"

#include <map>
#include <utility>

#include "common/status/macros.h"
#include "common/store/counter_hash.h"
#include "common/store/record_io.h"
#include "services/education/store/keys.h"

namespace skillbridge::education {

absl::Status EducationStore::Initialize() { return InitializeStoreSchema(redis_, keys::kSchema, keys::kSchemaVersion); }

absl::StatusOr<std::optional<std::string>> EducationStore::LookupIdempotent(const std::string& key) {
  return LookupIdempotentRecord(redis_, key);
}

absl::StatusOr<std::vector<std::optional<std::string>>> EducationStore::LookupIdempotentMany(
    const std::vector<std::string>& keys) {
  return LookupIdempotentRecords(redis_, keys);
}

RedisSequence EducationStore::NewId(IdKind kind) {
  if (kind == IdKind::kPartnership) {
    return IdSequence(keys::Sequence("partnership"), "SP", 8);
  }
  return IdSequence(keys::Sequence("student"), "ST", 10);
}

namespace {

void AddNow(v1::EducationStatsRow& row, std::string_view measure, int64_t value) {
  using keys::NowMeasure;
  for (const NowMeasure m : keys::kNowMeasures) {
    if (keys::NowMeasureName(m) != measure) {
      continue;
    }
    switch (m) {
      case NowMeasure::kSchools:
        row.set_schools(row.schools() + value);
        return;
      case NowMeasure::kActiveSpecialties:
        row.set_active_specialties(row.active_specialties() + value);
        return;
      case NowMeasure::kFeaturedSpecialties:
        row.set_featured_specialties(row.featured_specialties() + value);
        return;
      case NowMeasure::kChainSpecialties:
        row.set_chain_specialties(row.chain_specialties() + value);
        return;
      case NowMeasure::kStudentsEnrolled:
        row.set_students_enrolled(row.students_enrolled() + value);
        return;
      case NowMeasure::kActivePartnerships:
        row.set_active_partnerships(row.active_partnerships() + value);
        return;
    }
  }
}

void AddYear(v1::EducationStatsRow& row, std::string_view measure, int64_t value) {
  using keys::YearMeasure;
  for (const YearMeasure m : keys::kYearMeasures) {
    if (keys::YearMeasureName(m) != measure) {
      continue;
    }
    switch (m) {
      case YearMeasure::kEnrolled:
        row.set_enrolled_in_year(row.enrolled_in_year() + value);
        return;
      case YearMeasure::kGraduated:
        row.set_graduated(row.graduated() + value);
        return;
      case YearMeasure::kWithdrawn:
        row.set_withdrawn(row.withdrawn() + value);
        return;
      case YearMeasure::kTransferred:
        row.set_transferred(row.transferred() + value);
        return;
      case YearMeasure::kDestinationsRecorded:
        row.set_destinations_recorded(row.destinations_recorded() + value);
        return;
      case YearMeasure::kEmployedInCity:
        row.set_employed_in_city(row.employed_in_city() + value);
        return;
      case YearMeasure::kRewardGrantedFen:
        row.set_reward_granted_fen(row.reward_granted_fen() + value);
        return;
      case YearMeasure::kRewardPaidFen:
        row.set_reward_paid_fen(row.reward_paid_fen() + value);
        return;
    }
  }
}

}  // namespace

absl::StatusOr<std::vector<v1::EducationStatsRow>> EducationStore::ReadStats(int year) {
  SB_ASSIGN_OR_RETURN(const auto now, ReadCounterHash(redis_, std::string(keys::kNow)));
  SB_ASSIGN_OR_RETURN(const auto flows, ReadCounterHash(redis_, keys::Stats(year)));
  std::map<std::string, v1::EducationStatsRow> rows;
  const auto add = [&rows](const auto& counters, auto add_measure) {
    for (const auto& [field, value] : counters) {
      const std::optional<keys::DistrictField> key = keys::SplitDistrictField(field);
      if (!key.has_value()) {
        continue;
      }
      v1::EducationStatsRow& row = rows[key->district_code];
      row.set_district_code(key->district_code);
      add_measure(row, key->measure, value);
    }
  };
  add(now, AddNow);
  add(flows, AddYear);
  std::vector<v1::EducationStatsRow> out;
  out.reserve(rows.size());
  for (auto& [district, row] : rows) {
    out.push_back(std::move(row));
  }
  return out;
}

absl::StatusOr<FeedPage> EducationStore::ReadEvents(const std::string& after_id, int max_events,
                                                    std::chrono::milliseconds wait) {
  return ReadFeed(feed_redis_, std::string(keys::kEvents), after_id, max_events, wait);
}

absl::StatusOr<FeedPage> EducationStore::ReadAudit(const std::string& before_id, int max_entries) {
  return ReadStreamNewestFirst(redis_, std::string(keys::kAudit), before_id, max_entries);
}

}  // namespace skillbridge::education

#pragma once
// Redis key layout of the competition store (all under "competition:"). The only place key names
// and the statistics hash's field format are spelled (written and read). Pure functions.
//
//   competition:schema                        schema version ("1")
//   competition:comp:<id>                     Competition (serialized protobuf)
//   competition:compstate                     hash competition id -> CompetitionStatus name
//                                             (guards registration: OPEN)
//   competition:contest:<id>                  Contest (entry_count not stored: see entrycount)
//   competition:entrycount                    hash contest id -> entries registered (capacity guard)
//   competition:entry:<id>                    Entry
//   competition:entryuniq:<contest>:<id no>   id of the person's entry in the contest
//   competition:promoyear:<id no>:<year>      id of the entry holding the person's competition
//                                             promotion of the year (PENDING or ISSUED)
//   competition:promo:due                     sorted set: entry ids of PENDING promotions, scored by
//                                             the next attempt (Unix ms)
//   competition:link:<resource>               present only inside one multi-write script call
//   competition:seq:<kind>                    id counters (competition, contest, entry)
//   competition:stats:<year>                  hash "<district>|<level number>|<measure>"
//   competition:idx:<kind>:<dimension>[:<value>]   lexicographic sorted-set indexes
//   competition:events, competition:audit     change feed and audit streams
//   competition:idem:<method>:<principal>:<request_id>   idempotency records

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/util/concat.h"

namespace skillbridge::competition::keys {

inline constexpr std::string_view kPrefix = "competition:";
inline constexpr std::string_view kSchema = "competition:schema";
inline constexpr std::string_view kSchemaVersion = "1";
inline constexpr std::string_view kEvents = "competition:events";
inline constexpr std::string_view kAudit = "competition:audit";
inline constexpr std::string_view kCompetitionState = "competition:compstate";
inline constexpr std::string_view kEntryCount = "competition:entrycount";
inline constexpr std::string_view kPromotionsDue = "competition:promo:due";

inline std::string Competition(std::string_view id) { return Concat("competition:comp:", id); }
inline std::string Contest(std::string_view id) { return Concat("competition:contest:", id); }
inline std::string Entry(std::string_view id) { return Concat("competition:entry:", id); }
inline std::string EntryUniqueness(std::string_view contest_id, std::string_view id_number) {
  return Concat("competition:entryuniq:", contest_id, ":", id_number);
}
inline std::string PromotionYear(std::string_view id_number, int year) {
  return Concat("competition:promoyear:", id_number, ":", year);
}
inline std::string Link(std::string_view resource) { return Concat("competition:link:", resource); }
inline std::string Sequence(std::string_view kind) { return Concat("competition:seq:", kind); }
inline std::string Stats(int year) { return Concat("competition:stats:", year); }
inline std::string YearText(int year) { return absl::StrFormat("%04d", year); }

// What a field of the statistics hash counts, per (district, competition level) of a year.
enum class StatsMeasure { kHeld, kParticipants, kPromotions, kCertified, kHonours };

inline constexpr StatsMeasure kStatsMeasures[] = {StatsMeasure::kHeld, StatsMeasure::kParticipants,
                                                  StatsMeasure::kPromotions, StatsMeasure::kCertified,
                                                  StatsMeasure::kHonours};

inline std::string_view StatsMeasureName(StatsMeasure measure) {
  switch (measure) {
    case StatsMeasure::kHeld:
      return "held";
    case StatsMeasure::kParticipants:
      return "participants";
    case StatsMeasure::kPromotions:
      return "promotions";
    case StatsMeasure::kCertified:
      return "certified";
    case StatsMeasure::kHonours:
      return "honours";
  }
  return "";
}

// "<district>|<level number>|<measure>".
inline std::string StatsField(std::string_view district, int level, StatsMeasure measure) {
  return Concat(district, "|", level, "|", StatsMeasureName(measure));
}

struct StatsFieldKey {
  std::string district_code;
  int level = 0;
  StatsMeasure measure = StatsMeasure::kHeld;
};

// The inverse of StatsField; nullopt for a field of another shape.
inline std::optional<StatsFieldKey> ParseStatsField(std::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(absl::string_view(field.data(), field.size()), '|');
  StatsFieldKey key;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[1], &key.level)) {
    return std::nullopt;
  }
  key.district_code = std::string(parts[0]);
  for (const StatsMeasure measure : kStatsMeasures) {
    const std::string_view name = StatsMeasureName(measure);
    if (parts[2] == absl::string_view(name.data(), name.size())) {
      key.measure = measure;
      return key;
    }
  }
  return std::nullopt;
}

inline std::string Index(std::string_view kind, std::string_view dimension, std::string_view value = "") {
  return value.empty() ? Concat("competition:idx:", kind, ":", dimension)
                       : Concat("competition:idx:", kind, ":", dimension, ":", value);
}

}  // namespace skillbridge::competition::keys

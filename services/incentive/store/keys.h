#pragma once
// Redis key layout of the incentive store (all under "incentive:"). The only place key names and
// the statistics hashes' field formats are spelled (written and read). Pure functions.
//
//   incentive:schema                              schema version ("1")
//   incentive:seq:<kind>                          id counters (programme, nomination, platform,
//                                                 funding, bridge)
//   incentive:idem:<method>:<principal>:<request_id>   idempotency records
//   incentive:events, incentive:audit             change feed and audit streams
//   incentive:idx:<kind>:<dimension>[:<value>]    lexicographic sorted-set indexes
//   incentive:stats:<year>                        hash "<district>|<measure>" (StatsMeasure)
//
// Wage survey:
//   incentive:survey:<year>:<credit code>         WageSurvey (serialized protobuf)
//   incentive:surveyyear:<year>                   SurveyYear, present once the year is closed
//   incentive:surveytotals:<year>                 hash "<district>|<chain>|<measure>" (SurveyMeasure):
//                                                 every current survey counted once
// Honours:
//   incentive:programme:<id>                      HonourProgramme (awarded_count not stored: see
//                                                 awarded)
//   incentive:awarded                             hash programme id -> awards so far (the quota guard)
//   incentive:programmestate                      hash programme id -> ProgrammeStatus name
//   incentive:nomination:<id>                     Nomination
//   incentive:nominationuniq:<programme>:<id no>  id of the person's nomination for the programme
// Platforms:
//   incentive:platform:<id>                       TalentPlatform
//   incentive:platformeval:<id>:<year>            PlatformEvaluation of the year
//   incentive:funding:<id>                        PlatformFunding
// Career bridging:
//   incentive:bridge:<id>                         BridgeApplication
//   incentive:bridgeopen:<id no>:<series>:<grade> id of the person's open (APPLIED) application

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/util/concat.h"

namespace skillbridge::incentive::keys {

inline constexpr std::string_view kPrefix = "incentive:";
inline constexpr std::string_view kSchema = "incentive:schema";
inline constexpr std::string_view kSchemaVersion = "1";
inline constexpr std::string_view kEvents = "incentive:events";
inline constexpr std::string_view kAudit = "incentive:audit";
inline constexpr std::string_view kAwarded = "incentive:awarded";
inline constexpr std::string_view kProgrammeState = "incentive:programmestate";

inline std::string Sequence(std::string_view kind) { return Concat("incentive:seq:", kind); }
inline std::string Index(std::string_view kind, std::string_view dimension, std::string_view value = "") {
  return value.empty() ? Concat("incentive:idx:", kind, ":", dimension)
                       : Concat("incentive:idx:", kind, ":", dimension, ":", value);
}

// ------------------------------------------------------------ wage survey
inline std::string Survey(int year, std::string_view credit_code) {
  return Concat("incentive:survey:", year, ":", credit_code);
}
inline std::string SurveyYear(int year) { return Concat("incentive:surveyyear:", year); }
inline std::string SurveyTotals(int year) { return Concat("incentive:surveytotals:", year); }

// ------------------------------------------------------------ honours
inline std::string Programme(std::string_view id) { return Concat("incentive:programme:", id); }
inline std::string Nomination(std::string_view id) { return Concat("incentive:nomination:", id); }
inline std::string NominationUniqueness(std::string_view programme_id, std::string_view id_number) {
  return Concat("incentive:nominationuniq:", programme_id, ":", id_number);
}

// ------------------------------------------------------------ platforms
inline std::string Platform(std::string_view id) { return Concat("incentive:platform:", id); }
inline std::string PlatformEvaluation(std::string_view id, int year) {
  return Concat("incentive:platformeval:", id, ":", year);
}
inline std::string Funding(std::string_view id) { return Concat("incentive:funding:", id); }

// ------------------------------------------------------------ career bridging
inline std::string Bridge(std::string_view id) { return Concat("incentive:bridge:", id); }
inline std::string BridgeOpen(std::string_view id_number, int series, int grade) {
  return Concat("incentive:bridgeopen:", id_number, ":", series, ":", grade);
}

// ------------------------------------------------------------ statistics
// What a field of incentive:stats:<year> counts, per district (IncentiveStatsRow).
enum class StatsMeasure {
  kNominations,
  kHonoursAwarded,
  kAwardFen,
  kLeadingTalents,
  kBridgeApplied,
  kBridgeApproved,
  kFundingGrantedFen,
  kFundingPaidFen,
  kPlatformsEvaluated,
};

inline constexpr StatsMeasure kStatsMeasures[] = {
    StatsMeasure::kNominations,    StatsMeasure::kHonoursAwarded,    StatsMeasure::kAwardFen,
    StatsMeasure::kLeadingTalents, StatsMeasure::kBridgeApplied,     StatsMeasure::kBridgeApproved,
    StatsMeasure::kFundingGrantedFen, StatsMeasure::kFundingPaidFen, StatsMeasure::kPlatformsEvaluated};

inline std::string_view StatsMeasureName(StatsMeasure measure) {
  switch (measure) {
    case StatsMeasure::kNominations:
      return "nominations";
    case StatsMeasure::kHonoursAwarded:
      return "awarded";
    case StatsMeasure::kAwardFen:
      return "award_fen";
    case StatsMeasure::kLeadingTalents:
      return "leading";
    case StatsMeasure::kBridgeApplied:
      return "bridge_applied";
    case StatsMeasure::kBridgeApproved:
      return "bridge_approved";
    case StatsMeasure::kFundingGrantedFen:
      return "granted_fen";
    case StatsMeasure::kFundingPaidFen:
      return "paid_fen";
    case StatsMeasure::kPlatformsEvaluated:
      return "evaluated";
  }
  return "";
}

inline std::string Stats(int year) { return Concat("incentive:stats:", year); }

// "<district>|<measure>".
inline std::string StatsField(std::string_view district, StatsMeasure measure) {
  return Concat(district, "|", StatsMeasureName(measure));
}

struct StatsFieldKey {
  std::string district_code;
  StatsMeasure measure = StatsMeasure::kNominations;
};

// The inverse of StatsField; nullopt for a field of another shape.
inline std::optional<StatsFieldKey> ParseStatsField(std::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(absl::string_view(field.data(), field.size()), '|');
  if (parts.size() != 2) {
    return std::nullopt;
  }
  for (const StatsMeasure measure : kStatsMeasures) {
    const std::string_view name = StatsMeasureName(measure);
    if (parts[1] == absl::string_view(name.data(), name.size())) {
      return StatsFieldKey{std::string(parts[0]), measure};
    }
  }
  return std::nullopt;
}

// What a field of incentive:surveytotals:<year> sums, per (district, industry chain).
enum class SurveyMeasure {
  kEnterprises,
  kWorkforce,
  kSkilled,
  kHighSkilled,
  kSkilledPayFen,
  kHighSkilledPayFen,
};

inline constexpr SurveyMeasure kSurveyMeasures[] = {SurveyMeasure::kEnterprises,   SurveyMeasure::kWorkforce,
                                                    SurveyMeasure::kSkilled,       SurveyMeasure::kHighSkilled,
                                                    SurveyMeasure::kSkilledPayFen, SurveyMeasure::kHighSkilledPayFen};

inline std::string_view SurveyMeasureName(SurveyMeasure measure) {
  switch (measure) {
    case SurveyMeasure::kEnterprises:
      return "enterprises";
    case SurveyMeasure::kWorkforce:
      return "workforce";
    case SurveyMeasure::kSkilled:
      return "skilled";
    case SurveyMeasure::kHighSkilled:
      return "high_skilled";
    case SurveyMeasure::kSkilledPayFen:
      return "skilled_pay_fen";
    case SurveyMeasure::kHighSkilledPayFen:
      return "high_skilled_pay_fen";
  }
  return "";
}

// "<district>|<chain>|<measure>" (chain empty for enterprises without one).
inline std::string SurveyField(std::string_view district, std::string_view chain, SurveyMeasure measure) {
  return Concat(district, "|", chain, "|", SurveyMeasureName(measure));
}

struct SurveyFieldKey {
  std::string district_code;
  std::string industry_chain_code;
  SurveyMeasure measure = SurveyMeasure::kEnterprises;
};

// The inverse of SurveyField; nullopt for a field of another shape.
inline std::optional<SurveyFieldKey> ParseSurveyField(std::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(absl::string_view(field.data(), field.size()), '|');
  if (parts.size() != 3) {
    return std::nullopt;
  }
  for (const SurveyMeasure measure : kSurveyMeasures) {
    const std::string_view name = SurveyMeasureName(measure);
    if (parts[2] == absl::string_view(name.data(), name.size())) {
      return SurveyFieldKey{std::string(parts[0]), std::string(parts[1]), measure};
    }
  }
  return std::nullopt;
}

}  // namespace skillbridge::incentive::keys

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
//   incentive:surveyrev:<year>:<code>:<revision>  WageSurvey as stored at that revision
//   incentive:idx:survey:year:<year>              credit codes of the year's surveys
//   incentive:idx:survey:district:<year>:<district>   ... of the register's district
//   incentive:idx:survey:chain:<year>:<chain>     ... of an industry chain (none for no chain)
// Honours:
//   incentive:programme:<id>                      HonourProgramme (awarded_count not stored: see
//                                                 awarded)
//   incentive:awarded                             hash programme id -> awards so far (the quota guard)
//   incentive:programmestate                      hash programme id -> ProgrammeStatus name
//   incentive:nomination:<id>                     Nomination
//   incentive:nominationuniq:<programme>:<id no>  id of the person's nomination for the programme
//                                                 (released when it is WITHDRAWN)
//   incentive:idx:programme:{all|year:<y>}        programme ids
//   incentive:idx:nomination:{all|programme:<id>|person:<id no>|employer:<code>|district:<d>|year:<y>}
//                                                 nomination ids
//   incentive:idx:leading:{all|district:<d>|person:<id no>}   the leading-talent directory:
//                                                 "<9999 - year>|<nomination id>" (newest year first)
//   incentive:awardlink:<nomination id>           set and removed inside one award's script call
//                                                 (links its two writes: both or none)
// Platforms:
//   incentive:platform:<id>                       TalentPlatform
//   incentive:platformeval:<id>:<year>            PlatformEvaluation of the year
//   incentive:platformevals:<id>                  sorted set of the years evaluated (4 digits)
//   incentive:funding:<id>                        PlatformFunding
//   incentive:platformlink:<id>                   set by the first and removed by the last write of a
//                                                 funding change (FundingChanged + PlatformChanged: one step)
//   incentive:idx:platform:{all,district:<d>,host:<credit code>}   platform ids
//   incentive:idx:funding:{all,platform:<id>,district:<d>,year:<y>}  funding ids
// Career bridging:
//   incentive:bridge:<id>                         BridgeApplication
//   incentive:bridgeopen:<id no>:<series>:<grade> id of the person's open (APPLIED) application
//   incentive:idx:bridge:{all,person:<id no>,employer:<credit code>,district:<d>,year:<y>}
//                                                 application ids

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
// Every revision as it was stored (the answer a retried submission replays).
inline std::string SurveyRevision(int year, std::string_view credit_code, int revision) {
  return Concat("incentive:surveyrev:", year, ":", credit_code, ":", revision);
}
// Credit codes of a year's current surveys: all, by the register's district, by industry chain.
inline std::string SurveyIndexByYear(int year) { return Index("survey", "year", Concat(year)); }
inline std::string SurveyIndexByDistrict(int year, std::string_view district_code) {
  return Index("survey", "district", Concat(year, ":", district_code));
}
inline std::string SurveyIndexByChain(int year, std::string_view industry_chain_code) {
  return Index("survey", "chain", Concat(year, ":", industry_chain_code));
}

// ------------------------------------------------------------ honours
inline std::string Programme(std::string_view id) { return Concat("incentive:programme:", id); }
inline std::string Nomination(std::string_view id) { return Concat("incentive:nomination:", id); }
inline std::string NominationUniqueness(std::string_view programme_id, std::string_view id_number) {
  return Concat("incentive:nominationuniq:", programme_id, ":", id_number);
}
inline std::string AwardLink(std::string_view nomination_id) { return Concat("incentive:awardlink:", nomination_id); }
// A member of the leading-talent directory indexes: "<9999 - year, 4 digits>|<nomination id>", so
// that the lexicographic order is newest programme year first, then nomination id.
inline std::string LeadingTalentYearPrefix(int year) {
  const int inverted = 9999 - year;
  return Concat(inverted < 1000 ? "0" : "", inverted < 100 ? "0" : "", inverted < 10 ? "0" : "", inverted, "|");
}
inline std::string LeadingTalentMember(int year, std::string_view nomination_id) {
  return Concat(LeadingTalentYearPrefix(year), nomination_id);
}
// The nomination id of a directory member ("" for a member of another shape).
inline std::string_view NominationOfLeadingTalentMember(std::string_view member) {
  const size_t bar = member.find('|');
  return bar == std::string_view::npos ? std::string_view() : member.substr(bar + 1);
}

// ------------------------------------------------------------ platforms
inline std::string Platform(std::string_view id) { return Concat("incentive:platform:", id); }
inline std::string PlatformEvaluation(std::string_view id, int year) {
  return Concat("incentive:platformeval:", id, ":", year);
}
inline std::string PlatformEvaluationYears(std::string_view id) { return Concat("incentive:platformevals:", id); }
inline std::string Funding(std::string_view id) { return Concat("incentive:funding:", id); }
inline std::string PlatformLink(std::string_view id) { return Concat("incentive:platformlink:", id); }

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
    StatsMeasure::kNominations,       StatsMeasure::kHonoursAwarded, StatsMeasure::kAwardFen,
    StatsMeasure::kLeadingTalents,    StatsMeasure::kBridgeApplied,  StatsMeasure::kBridgeApproved,
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

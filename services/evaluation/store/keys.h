#pragma once
// Redis key layout of the evaluation store (all under "evaluation:"). The only place key names,
// index dimensions and the stats hash-field format are spelled, both ways (encoding and
// decoding). Pure functions; thread-safe.
//
//   evaluation:schema                         schema version ("2")
//   evaluation:org:<credit>                   EvaluationOrg (serialized protobuf)
//   evaluation:orgstate                       hash credit → FilingState name (issuance guard)
//   evaluation:orgcode:next                   counter for 4-digit org codes
//   evaluation:cert:<number>                  Certificate
//   evaluation:certuniq:<bucket>              hash "<id>:<type>:<occ>:<level>" → number of the valid
//                                             certificate (uniqueness); bucket = 4 hex digits of the ID
//                                             number's FNV-1a hash (small hashes Redis keeps compact)
//   evaluation:serial:<series>                counter of 6-digit serials ("<prefix>:<org code>:<site>:<yy>:<level>";
//                                             competition promotions: "S:0000:999999:<yy>:<level digit>")
//   evaluation:intro:<id>, evaluation:intro:next, evaluation:introuniq:<id>:<outside number>
//   evaluation:ent:<credit>                   Enterprise
//   evaluation:cov:eligible:<district>        set of eligible above-size enterprises
//   evaluation:cov:filed_self                 set of filed self-evaluation orgs
//   evaluation:stats:<year>                   hash "<district>|<type>|<level>|issued|revoked", "<district>|intro"
//   evaluation:idx:<kind>:<dimension>[:<value>]   lexicographic sorted-set indexes:
//       org:all, org:district:<d>
//       cert:place (members "<district>|<yyyy>|<number>": every certificate, by district, by
//       district and year), cert:org:<credit> (certificates with an issuing organisation)
//   evaluation:idx:cert:person:<bucket>       hash <id number> → the person's certificate numbers
//                                             (space-separated; bucket as for certuniq)
//       intro:all, intro:district:<d>, intro:year:<yyyy>, intro:person:<id>
//       ent:all, ent:district:<d>
//   evaluation:events, evaluation:audit       change feed and audit streams
//   evaluation:idem:<method>:<principal>:<request_id>   idempotency records

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/util/concat.h"

namespace skillbridge::evaluation::keys {

// Every key starts with it (idempotency records: common/server/mutation_replies.h).
inline constexpr std::string_view kPrefix = "evaluation:";
inline constexpr std::string_view kSchema = "evaluation:schema";
inline constexpr std::string_view kSchemaVersion = "2";
inline constexpr std::string_view kEvents = "evaluation:events";
inline constexpr std::string_view kAudit = "evaluation:audit";
inline constexpr std::string_view kOrgState = "evaluation:orgstate";
inline constexpr std::string_view kOrgCodeCounter = "evaluation:orgcode:next";
inline constexpr std::string_view kIntroCounter = "evaluation:intro:next";
inline constexpr std::string_view kFiledSelfEvaluation = "evaluation:cov:filed_self";

inline std::string Org(std::string_view credit) { return Concat("evaluation:org:", credit); }
inline std::string Certificate(std::string_view number) { return Concat("evaluation:cert:", number); }
// One of 65,536 buckets for an ID number: 4 hex digits of its FNV-1a hash (stable across builds
// and machines). Per-person data lives in small hashes of a bucket, which Redis keeps compact.
inline std::string PersonBucket(std::string_view id_number) {
  uint32_t hash = 2166136261u;
  for (const char c : id_number) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  return absl::StrFormat("%04x", hash & 0xFFFFu);
}

// The uniqueness hash of a person's certificates, and the field of one (type, occupation, level).
inline std::string CertificateUniquenessBucket(std::string_view id_number) {
  return Concat("evaluation:certuniq:", PersonBucket(id_number));
}
inline std::string CertificateUniquenessField(std::string_view id_number, int type, std::string_view occupation,
                                              int level) {
  return Concat(id_number, ":", type, ":", occupation, ":", level);
}
inline std::string Serial(std::string_view series) { return Concat("evaluation:serial:", series); }
inline std::string Introduction(std::string_view id) { return Concat("evaluation:intro:", id); }
inline std::string IntroductionUniqueness(std::string_view id_number, std::string_view outside_number) {
  return Concat("evaluation:introuniq:", id_number, ":", outside_number);
}
inline std::string Enterprise(std::string_view credit) { return Concat("evaluation:ent:", credit); }
inline std::string EligibleEnterprises(std::string_view district) {
  return Concat("evaluation:cov:eligible:", district);
}

// ---------------------------------------------------------------- indexes

// Years in index keys: four digits.
inline std::string YearText(int year) { return absl::StrFormat("%04d", year); }

inline std::string Index(std::string_view kind, std::string_view dimension, std::string_view value = "") {
  return value.empty() ? Concat("evaluation:idx:", kind, ":", dimension)
                       : Concat("evaluation:idx:", kind, ":", dimension, ":", value);
}

inline std::string OrgIndexAll() { return Index("org", "all"); }
inline std::string OrgIndexByDistrict(std::string_view district) { return Index("org", "district", district); }

// Every certificate by place: members "<district>|<yyyy>|<number>", so a prefix lists a district
// ("<district>|") or a district's year ("<district>|<yyyy>|").
inline std::string CertificateIndexByPlace() { return Index("cert", "place"); }
inline std::string CertificatePlaceMember(std::string_view district, int year, std::string_view number) {
  return Concat(district, "|", YearText(year), "|", number);
}
inline std::string CertificatePlacePrefix(std::string_view district, int year = 0) {
  return year == 0 ? Concat(district, "|") : Concat(district, "|", YearText(year), "|");
}
// The number a place member ends with.
inline std::string_view NumberOfPlaceMember(std::string_view member) {
  const size_t bar = member.rfind('|');
  return bar == std::string_view::npos ? member : member.substr(bar + 1);
}
// A person's certificate numbers: field <id number> of this hash, numbers separated by spaces.
inline std::string CertificatesOfPersonBucket(std::string_view id_number) {
  return Index("cert", "person", PersonBucket(id_number));
}
inline std::string CertificateIndexByIssuer(std::string_view credit) { return Index("cert", "org", credit); }

inline std::string IntroductionIndexAll() { return Index("intro", "all"); }
inline std::string IntroductionIndexByDistrict(std::string_view district) {
  return Index("intro", "district", district);
}
inline std::string IntroductionIndexByYear(int year) { return Index("intro", "year", YearText(year)); }
inline std::string IntroductionIndexByPerson(std::string_view id_number) { return Index("intro", "person", id_number); }

inline std::string EnterpriseIndexAll() { return Index("ent", "all"); }
inline std::string EnterpriseIndexByDistrict(std::string_view district) { return Index("ent", "district", district); }

// ---------------------------------------------------------------- stats

inline std::string Stats(int year) { return Concat("evaluation:stats:", year); }

// What a stats hash field counts.
enum class StatsCounter { kIssued, kRevoked, kIntroductions };

// "<district>|<type>|<level>|issued" or "...|revoked".
inline std::string CertificateStatsField(std::string_view district, int type, int level, StatsCounter counter) {
  return Concat(district, "|", type, "|", level, "|", counter == StatsCounter::kRevoked ? "revoked" : "issued");
}
// "<district>|intro".
inline std::string IntroductionStatsField(std::string_view district) { return Concat(district, "|intro"); }

// A stats hash field decoded. type and level are 0 for introductions.
struct StatsField {
  std::string district_code;
  StatsCounter counter = StatsCounter::kIssued;
  int type = 0;
  int level = 0;
};

// The inverse of CertificateStatsField / IntroductionStatsField; nullopt for any other shape.
inline std::optional<StatsField> ParseStatsField(std::string_view field) {
  const std::vector<std::string> parts = absl::StrSplit(std::string(field), '|');
  StatsField parsed;
  if (parts.size() == 2 && parts[1] == "intro" && !parts[0].empty()) {
    parsed.district_code = parts[0];
    parsed.counter = StatsCounter::kIntroductions;
    return parsed;
  }
  if (parts.size() != 4 || parts[0].empty() || !absl::SimpleAtoi(parts[1], &parsed.type) ||
      !absl::SimpleAtoi(parts[2], &parsed.level)) {
    return std::nullopt;
  }
  if (parts[3] == "issued") {
    parsed.counter = StatsCounter::kIssued;
  } else if (parts[3] == "revoked") {
    parsed.counter = StatsCounter::kRevoked;
  } else {
    return std::nullopt;
  }
  parsed.district_code = parts[0];
  return parsed;
}

}  // namespace skillbridge::evaluation::keys

#pragma once
// Redis key layout of the evaluation store (all under "evaluation:"). The only place key names
// are spelled. Pure functions.
//
//   evaluation:schema                         schema version ("1")
//   evaluation:org:<credit>                   EvaluationOrg (serialized protobuf)
//   evaluation:orgstate                       hash credit → FilingState name (issuance guard)
//   evaluation:orgcode:next                   counter for 4-digit org codes
//   evaluation:cert:<number>                  Certificate
//   evaluation:certuniq:<id>:<type>:<occ>:<level>   number of the valid certificate (uniqueness)
//   evaluation:serial:<series>                counter of 6-digit serials
//   evaluation:intro:<id>, evaluation:intro:next, evaluation:introuniq:<id>:<outside number>
//   evaluation:ent:<credit>                   Enterprise
//   evaluation:cov:eligible:<district>        set of eligible above-size enterprises
//   evaluation:cov:filed_self                 set of filed self-evaluation orgs
//   evaluation:stats:<year>                   hash "<district>|<type>|<level>|issued|revoked", "<district>|intro"
//   evaluation:idx:<kind>:<dimension>[:<value>]   lexicographic sorted-set indexes
//   evaluation:events, evaluation:audit       change feed and audit streams
//   evaluation:idem:<method>:<principal>:<request_id>   idempotency records

#include <string>
#include <string_view>

#include "common/util/concat.h"

namespace skillbridge::evaluation::keys {

inline constexpr std::string_view kSchema = "evaluation:schema";
inline constexpr std::string_view kSchemaVersion = "1";
inline constexpr std::string_view kEvents = "evaluation:events";
inline constexpr std::string_view kAudit = "evaluation:audit";
inline constexpr std::string_view kOrgState = "evaluation:orgstate";
inline constexpr std::string_view kOrgCodeCounter = "evaluation:orgcode:next";
inline constexpr std::string_view kIntroCounter = "evaluation:intro:next";
inline constexpr std::string_view kFiledSelfEvaluation = "evaluation:cov:filed_self";

inline std::string Org(std::string_view credit) { return Concat("evaluation:org:", credit); }
inline std::string Certificate(std::string_view number) { return Concat("evaluation:cert:", number); }
inline std::string CertificateUniqueness(std::string_view id_number, int type, std::string_view occupation, int level) {
  return Concat("evaluation:certuniq:", id_number, ":", type, ":", occupation, ":", level);
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
inline std::string Stats(int year) { return Concat("evaluation:stats:", year); }
inline std::string StatsField(std::string_view district, int type, int level, std::string_view what) {
  return Concat(district, "|", type, "|", level, "|", what);
}
inline std::string IntroStatsField(std::string_view district) { return Concat(district, "|intro"); }
inline std::string Index(std::string_view kind, std::string_view dimension, std::string_view value = "") {
  return value.empty() ? Concat("evaluation:idx:", kind, ":", dimension)
                       : Concat("evaluation:idx:", kind, ":", dimension, ":", value);
}
inline std::string Idempotency(std::string_view method, std::string_view principal, std::string_view request_id) {
  return Concat("evaluation:idem:", method, ":", principal, ":", request_id);
}

}  // namespace skillbridge::evaluation::keys

#pragma once
// Redis key layout of the training store (all under "training:"). The only place key names and
// the statistics hash's field format are spelled (written and read). Pure functions.
//
//   training:schema                          schema version ("1")
//   training:inst:<credit>                   Institution (serialized protobuf)
//   training:inststate                       hash credit -> InstitutionStatus name (course/enrol guard)
//   training:cat:<year>:<occ>:<level>        CatalogEntry
//   training:course:<id>                     Course
//   training:seats                           hash course id -> seats taken (capacity guard)
//   training:coursecancelled                 set of the ids of cancelled courses (enrolment guard)
//   training:enr:<id>                        Enrollment
//   training:enruniq:<course>:<id number>    id of the person's live enrolment in the course
//   training:enrstate                        hash enrollment id -> EnrollmentState name (claim guard)
//   training:enrclaim                        hash enrollment id -> id of its counting claim
//   training:claim:<id>                      SubsidyClaim
//   training:person:<id number>:granted      set "<occ>|<level>" of counting claims (submitted,
//                                            approved, paid)
//   training:person:<id number>:years        hash year -> counting claims in that year
//   training:seq:<kind>                      id counters (course, enrollment, claim)
//   training:stats:<year>                    hash "<district>|<programme>|<chain>|<what>" where what
//                                            is completed, subsidised, paid or amount
//   training:idx:<kind>:<dimension>[:<value>]   lexicographic sorted-set indexes
//   training:events, training:audit          change feed and audit streams
//   training:idem:<method>:<principal>:<request_id>   idempotency records

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/util/concat.h"

namespace skillbridge::training::keys {

// Every key starts with it (idempotency records: common/server/mutation_replies.h).
inline constexpr std::string_view kPrefix = "training:";
inline constexpr std::string_view kSchema = "training:schema";
inline constexpr std::string_view kSchemaVersion = "1";
inline constexpr std::string_view kEvents = "training:events";
inline constexpr std::string_view kAudit = "training:audit";
inline constexpr std::string_view kInstitutionState = "training:inststate";
inline constexpr std::string_view kSeats = "training:seats";
inline constexpr std::string_view kCancelledCourses = "training:coursecancelled";
inline constexpr std::string_view kEnrollmentState = "training:enrstate";
inline constexpr std::string_view kEnrollmentClaim = "training:enrclaim";

inline std::string Institution(std::string_view credit) { return Concat("training:inst:", credit); }
// Catalogue index member "<occ>:<level>" of one year.
inline std::string CatalogMember(std::string_view occupation, int level) { return Concat(occupation, ":", level); }
inline std::string CatalogEntryByMember(int year, std::string_view member) {
  return Concat("training:cat:", year, ":", member);
}
inline std::string CatalogEntry(int year, std::string_view occupation, int level) {
  return CatalogEntryByMember(year, CatalogMember(occupation, level));
}
inline std::string Course(std::string_view id) { return Concat("training:course:", id); }
inline std::string Enrollment(std::string_view id) { return Concat("training:enr:", id); }
inline std::string EnrollmentUniqueness(std::string_view course_id, std::string_view id_number) {
  return Concat("training:enruniq:", course_id, ":", id_number);
}
inline std::string Claim(std::string_view id) { return Concat("training:claim:", id); }
inline std::string PersonGranted(std::string_view id_number) {
  return Concat("training:person:", id_number, ":granted");
}
inline std::string GrantedMember(std::string_view occupation, int level) { return Concat(occupation, "|", level); }
inline std::string PersonYears(std::string_view id_number) { return Concat("training:person:", id_number, ":years"); }
inline std::string Sequence(std::string_view kind) { return Concat("training:seq:", kind); }
inline std::string Stats(int year) { return Concat("training:stats:", year); }

// What a field of the statistics hash counts, per (district, programme, industry chain) of a year.
enum class StatsMeasure { kCompleted, kSubsidised, kPaid, kAmount };

inline std::string_view StatsMeasureName(StatsMeasure measure) {
  switch (measure) {
    case StatsMeasure::kCompleted:
      return "completed";
    case StatsMeasure::kSubsidised:
      return "subsidised";
    case StatsMeasure::kPaid:
      return "paid";
    case StatsMeasure::kAmount:
      return "amount";
  }
  return "";
}

// "<district>|<programme number>|<chain>|<measure>".
inline std::string StatsField(std::string_view district, int programme, std::string_view chain, StatsMeasure measure) {
  return Concat(district, "|", programme, "|", chain, "|", StatsMeasureName(measure));
}

// A statistics hash field, read back.
struct StatsFieldKey {
  std::string district_code;
  int programme = 0;
  std::string industry_chain_code;
  StatsMeasure measure = StatsMeasure::kCompleted;
};

// The inverse of StatsField; nullopt for a field of another shape (left out of the statistics).
inline std::optional<StatsFieldKey> ParseStatsField(std::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(absl::string_view(field.data(), field.size()), '|');
  StatsFieldKey key;
  if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &key.programme)) {
    return std::nullopt;
  }
  key.district_code = std::string(parts[0]);
  key.industry_chain_code = std::string(parts[2]);
  for (const StatsMeasure measure :
       {StatsMeasure::kCompleted, StatsMeasure::kSubsidised, StatsMeasure::kPaid, StatsMeasure::kAmount}) {
    const std::string_view name = StatsMeasureName(measure);
    if (parts[3] == absl::string_view(name.data(), name.size())) {
      key.measure = measure;
      return key;
    }
  }
  return std::nullopt;
}
inline std::string Index(std::string_view kind, std::string_view dimension, std::string_view value = "") {
  return value.empty() ? Concat("training:idx:", kind, ":", dimension)
                       : Concat("training:idx:", kind, ":", dimension, ":", value);
}

}  // namespace skillbridge::training::keys

#pragma once
// Redis key layout of the education store (all under "education:"). The only place key names and
// the statistics hashes' field formats are spelled (written and read). Pure functions.
//
//   education:schema                              schema version ("1")
//   education:seq:<kind>                          id counters (student, partnership)
//   education:idem:<method>:<principal>:<request_id>   idempotency records
//   education:events, education:audit             change feed and audit streams
//   education:idx:<kind>:<dimension>[:<value>]    lexicographic sorted-set indexes
//   education:now                                 hash "<district>|<measure>" (NowMeasure): the
//                                                 counts as they are now (schools, specialties,
//                                                 students enrolled, partnerships)
//   education:stats:<year>                        hash "<district>|<measure>" (YearMeasure): the
//                                                 year's flows, by the date of each change
//
// Schools:
//   education:school:<credit code>                School
//   education:schoolstate                         hash credit code -> SchoolStatus name (the guard
//                                                 of writes that need an ACTIVE school)
//   education:schoolload                          hash "<school>|specialties" -> ACTIVE specialties,
//                                                 "<school>|partnerships" -> ACTIVE partnerships
//                                                 (CloseSchool is guarded on both being 0),
//                                                 "<school>|generation" -> +1 with every specialty
//                                                 write (a kind change is guarded on it unchanged)
//   education:idx:school:{all|district:<d>}       credit codes
// Specialties:
//   education:specialty:<school>:<code>           Specialty (enrolled_count not stored: see load)
//   education:specialtystate                      hash "<school>|<code>" -> SpecialtyStatus name
//   education:specialtyload                       hash "<school>|<code>" -> students ENROLLED, and
//                                                 "<school>|<code>|<TrainingLevel number>" -> of them
//                                                 toward that level (CloseSpecialty and a level's
//                                                 removal are guarded on 0)
//   education:idx:specialty:{all|school:<s>|district:<d>|chain:<c or none>}   "<school>|<code>"
// Students:
//   education:student:<id>                        Student
//   education:active:<id number>                  id of the person's ENROLLED record (the
//                                                 one-active-enrolment guard: key absent to enrol)
//   education:studentlink:<id>                    set and removed inside one transfer's script
//                                                 call (links its two writes: both or none)
//   education:idx:student:{all|school:<s>|district:<d>|person:<id no>|status:<name>|
//                          graduation:<year>|cohort:<year>}   student ids
// Partnerships:
//   education:partnership:<id>                    Partnership
//   education:idx:partnership:{all|school:<s>|enterprise:<code>|district:<d>}   ids

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/util/concat.h"

namespace skillbridge::education::keys {

inline constexpr std::string_view kPrefix = "education:";
inline constexpr std::string_view kSchema = "education:schema";
inline constexpr std::string_view kSchemaVersion = "1";
inline constexpr std::string_view kEvents = "education:events";
inline constexpr std::string_view kAudit = "education:audit";
inline constexpr std::string_view kNow = "education:now";
inline constexpr std::string_view kSchoolState = "education:schoolstate";
inline constexpr std::string_view kSpecialtyState = "education:specialtystate";
inline constexpr std::string_view kSpecialtyLoad = "education:specialtyload";
inline constexpr std::string_view kSchoolLoad = "education:schoolload";
// The index value standing for "no industry chain".
inline constexpr std::string_view kNoChain = "none";

inline std::string Sequence(std::string_view kind) { return Concat("education:seq:", kind); }
inline std::string Index(std::string_view kind, std::string_view dimension, std::string_view value = "") {
  return value.empty() ? Concat("education:idx:", kind, ":", dimension)
                       : Concat("education:idx:", kind, ":", dimension, ":", value);
}

// ------------------------------------------------------------ schools
inline std::string School(std::string_view credit_code) { return Concat("education:school:", credit_code); }

// The fields of education:schoolload: a school's ACTIVE specialties and ACTIVE partnerships.
inline std::string SchoolSpecialtiesLoad(std::string_view school) { return Concat(school, "|specialties"); }
inline std::string SchoolPartnershipsLoad(std::string_view school) { return Concat(school, "|partnerships"); }
inline std::string SchoolSpecialtyGeneration(std::string_view school) { return Concat(school, "|generation"); }

// ------------------------------------------------------------ specialties
inline std::string Specialty(std::string_view school, std::string_view code) {
  return Concat("education:specialty:", school, ":", code);
}
// "<school>|<code>": the field of specialtystate / specialtyload and the member of its indexes.
inline std::string SpecialtyRef(std::string_view school, std::string_view code) { return Concat(school, "|", code); }
// "<school>|<code>|<level number>": students enrolled toward one level.
inline std::string SpecialtyLevelLoad(std::string_view school, std::string_view code, int level) {
  return Concat(school, "|", code, "|", level);
}
struct SpecialtyKey {
  std::string school;
  std::string code;
};
// The inverse of SpecialtyRef; nullopt for a member of another shape.
inline std::optional<SpecialtyKey> ParseSpecialtyRef(std::string_view ref) {
  const size_t bar = ref.find('|');
  if (bar == std::string_view::npos || bar == 0 || bar + 1 == ref.size() ||
      ref.find('|', bar + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return SpecialtyKey{std::string(ref.substr(0, bar)), std::string(ref.substr(bar + 1))};
}

// ------------------------------------------------------------ students
inline std::string Student(std::string_view id) { return Concat("education:student:", id); }
inline std::string ActiveEnrolment(std::string_view id_number) { return Concat("education:active:", id_number); }
inline std::string StudentLink(std::string_view id) { return Concat("education:studentlink:", id); }

// ------------------------------------------------------------ partnerships
inline std::string Partnership(std::string_view id) { return Concat("education:partnership:", id); }

// ------------------------------------------------------------ statistics
// What a field of education:now counts, per district (EducationStatsRow's "now" part).
enum class NowMeasure {
  kSchools,              // ACTIVE schools
  kActiveSpecialties,    // ACTIVE specialties
  kFeaturedSpecialties,  // ... of them featured
  kChainSpecialties,     // ... of them with a key industry chain
  kStudentsEnrolled,     // ENROLLED student records
  kActivePartnerships,   // ACTIVE partnerships
};

inline constexpr NowMeasure kNowMeasures[] = {
    NowMeasure::kSchools,          NowMeasure::kActiveSpecialties, NowMeasure::kFeaturedSpecialties,
    NowMeasure::kChainSpecialties, NowMeasure::kStudentsEnrolled,  NowMeasure::kActivePartnerships};

inline std::string_view NowMeasureName(NowMeasure measure) {
  switch (measure) {
    case NowMeasure::kSchools:
      return "schools";
    case NowMeasure::kActiveSpecialties:
      return "specialties";
    case NowMeasure::kFeaturedSpecialties:
      return "featured";
    case NowMeasure::kChainSpecialties:
      return "chain_specialties";
    case NowMeasure::kStudentsEnrolled:
      return "enrolled";
    case NowMeasure::kActivePartnerships:
      return "partnerships";
  }
  return "";
}

// What a field of education:stats:<year> counts, per district (EducationStatsRow's year part).
enum class YearMeasure {
  kEnrolled,              // new enrolments (not a transfer's new record), by enrol date
  kGraduated,             // by graduation date
  kWithdrawn,             // by withdrawal date
  kTransferred,           // by transfer date (the source record's district)
  kDestinationsRecorded,  // graduates of the year with a first destination recorded
  kEmployedInCity,        // ... of them IN_CITY
  kRewardGrantedFen,      // by the grant's day
  kRewardPaidFen,         // by the payment's day
};

inline constexpr YearMeasure kYearMeasures[] = {YearMeasure::kEnrolled,
                                                YearMeasure::kGraduated,
                                                YearMeasure::kWithdrawn,
                                                YearMeasure::kTransferred,
                                                YearMeasure::kDestinationsRecorded,
                                                YearMeasure::kEmployedInCity,
                                                YearMeasure::kRewardGrantedFen,
                                                YearMeasure::kRewardPaidFen};

inline std::string_view YearMeasureName(YearMeasure measure) {
  switch (measure) {
    case YearMeasure::kEnrolled:
      return "enrolled";
    case YearMeasure::kGraduated:
      return "graduated";
    case YearMeasure::kWithdrawn:
      return "withdrawn";
    case YearMeasure::kTransferred:
      return "transferred";
    case YearMeasure::kDestinationsRecorded:
      return "destinations";
    case YearMeasure::kEmployedInCity:
      return "in_city";
    case YearMeasure::kRewardGrantedFen:
      return "reward_granted_fen";
    case YearMeasure::kRewardPaidFen:
      return "reward_paid_fen";
  }
  return "";
}

inline std::string Stats(int year) { return Concat("education:stats:", year); }

// "<district>|<measure>" of education:now and education:stats:<year>.
inline std::string NowField(std::string_view district, NowMeasure measure) {
  return Concat(district, "|", NowMeasureName(measure));
}
inline std::string YearField(std::string_view district, YearMeasure measure) {
  return Concat(district, "|", YearMeasureName(measure));
}

// "<district>|<measure name>" split; nullopt for a field of another shape.
struct DistrictField {
  std::string district_code;
  std::string measure;
};
inline std::optional<DistrictField> SplitDistrictField(std::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(absl::string_view(field.data(), field.size()), '|');
  if (parts.size() != 2) {
    return std::nullopt;
  }
  return DistrictField{std::string(parts[0]), std::string(parts[1])};
}

}  // namespace skillbridge::education::keys

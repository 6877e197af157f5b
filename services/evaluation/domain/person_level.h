#pragma once
// A person's skill levels, from what evaluation holds of them: their certificates and their
// registered introductions (引进). Counted: VALID skill-level and access-qualification
// certificates (special ability certificates carry no level; revoked ones no longer count) and
// introductions (an outside certificate the bureau registered).
//   - HighestLevel (GetPersonLevel): the highest in one occupation. The competition service asks
//     this before it decides a promotion ("one level up when already held").
//   - HeldLevels (GetPersonQualifications): every level held, in one occupation or in any, with
//     the earliest record holding each. The incentive service checks honours and career bridging
//     against it.
// Pure domain rules: no I/O, thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/reference/reference_data.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

// The validated question: the normalised ID number and the occupation's code (HeldLevels: empty =
// every occupation).
struct PersonLevelQuery {
  std::string id_number;
  std::string occupation_code;
};

// INVALID_ARGUMENT (INVALID_FIELD) naming id_number and/or occupation_code.
absl::StatusOr<PersonLevelQuery> ValidatePersonLevelRequest(const v1::GetPersonLevelRequest& request,
                                                            const ReferenceData& reference);

// The answer: UNSPECIFIED with no evidence when nothing counts.
struct PersonLevel {
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  std::string certificate_number;  // the certificate (or an introduction's outside certificate) holding it
  std::string introduction_id;     // set when an introduction holds it
};

// The highest level among `certificates` and `introductions` that count for `query` (records of
// other persons or occupations are ignored). Ties: a certificate before an introduction, then the
// earliest issued (arrived), then the smallest number (id), so the answer does not depend on the
// order the records are given in.
PersonLevel HighestLevel(const PersonLevelQuery& query, const std::vector<v1::Certificate>& certificates,
                         const std::vector<v1::Introduction>& introductions);

// The validated GetPersonQualifications question: the normalised ID number and the occupation's
// code, empty for every occupation. INVALID_ARGUMENT (INVALID_FIELD) naming id_number and/or
// occupation_code (which, when given, must be an occupation of the catalogue).
absl::StatusOr<PersonLevelQuery> ValidatePersonQualificationsRequest(const v1::GetPersonQualificationsRequest& request,
                                                                     const ReferenceData& reference);

// Every level held among `certificates` and `introductions` that count for `query` (records of
// other persons ignored; of other occupations too unless query.occupation_code is empty): one row
// per level, highest first, each with the earliest record holding it — a certificate by its issue
// date, an introduction by its outside certificate's issue date. Ties: a certificate before an
// introduction, then the smallest number (id), so the answer does not depend on the order the
// records are given in.
std::vector<v1::HeldLevel> HeldLevels(const PersonLevelQuery& query, const std::vector<v1::Certificate>& certificates,
                                      const std::vector<v1::Introduction>& introductions);

}  // namespace skillbridge::evaluation

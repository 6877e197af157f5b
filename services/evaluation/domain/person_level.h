#pragma once
// A person's highest skill level in one occupation (GetPersonLevel), from what evaluation holds
// of them: their certificates and their registered introductions (引进). Counted: VALID
// skill-level and access-qualification certificates of the occupation (special ability
// certificates carry no level; revoked ones no longer count) and introductions in the occupation
// (an outside certificate the bureau registered). The competition service asks this before it
// decides a promotion ("one level up when already held").
// Pure domain rules: no I/O, thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/reference/reference_data.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

// The validated question: the normalised ID number and the occupation's code.
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

}  // namespace skillbridge::evaluation

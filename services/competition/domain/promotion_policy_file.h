#pragma once
// The file format of the competition promotion policy, reference/competition_promotion.tsv
// (reference/README.md): parsing and checking its rules.
//
// UTF-8, tab-separated, one rule per line; '#' starts a comment line; blank lines are ignored;
// fields are trimmed; a byte order mark and CRLF line ends are accepted. The first non-comment line
// is the header and names the seven columns exactly:
//   competition_level  WORLD, NATIONAL, PROVINCIAL, MUNICIPAL_CLASS_I, MUNICIPAL_CLASS_II,
//                      DISTRICT, INDUSTRY, ENTERPRISE (the CompetitionLevel names without prefix)
//   group              EMPLOYEES, STUDENTS, or * for both
//   min_award          GOLD, SILVER, BRONZE, EXCELLENCE (that award or better), or -
//   max_rank           a whole number 1..100000 (ranks 1 to it), or -
//   top_percent        a whole number 1..100 (the best that % of the ranked entrants), or -
//   promote_to         5, 4, 3, 2, 1 (五级 … 一级, the level digits of certificate numbers), or -
//   honour             NATIONAL_TECHNICAL_EXPERT, PROVINCIAL_TECHNICAL_EXPERT,
//                      MUNICIPAL_TECHNICAL_EXPERT, or -
// Every rule sets at least one condition (min_award, max_rank, top_percent) and at least one
// outcome (promote_to, honour); no two rules have the same level, group and conditions; the file
// has at least one rule.
//
// Errors: INVALID_ARGUMENT, reason BAD_REFERENCE_DATA, message "<source>:<line>: <what>" — with
// "column <n> (<name>): " before <what> when one field is wrong, e.g.
//   reference/competition_promotion.tsv:21: column 4 (max_rank): "ten" is not a whole number
//   from 1 to 100000
// The first error found is reported. Pure; thread-safe.

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/competition/domain/promotion_rule.h"

namespace skillbridge::competition {

// The column names, in file order.
inline constexpr std::string_view kPolicyColumns[] = {"competition_level", "group",      "min_award", "max_rank",
                                                      "top_percent",       "promote_to", "honour"};

// Parses `content`, the text of a policy file; `source` names it in error messages (a path).
// The rules come back in file order, each with its line.
absl::StatusOr<std::vector<PromotionRule>> ParsePromotionPolicy(std::string_view content, std::string_view source);

}  // namespace skillbridge::competition

#pragma once
// PromotionIssuer: what the competition service needs from evaluation to turn a published result
// into a promotion certificate (竞赛晋升):
//   HighestLevel: the highest skill level the person holds in a valid certificate of the
//     occupation (SKILL_LEVEL_UNSPECIFIED when none), asked by the promotion worker before it
//     has a promotion issued, to apply "one step up if already at or above it"; INVALID_ARGUMENT
//     when evaluation refuses the question for good (e.g. an invalid ID number).
//   Issue: has evaluation issue the promotion certificate (basis: competition promotion, the
//     competition, contest and entry as its reference), idempotently by `request_id` — derived
//     from the entry and the final target level, so a retry after any failure returns the first
//     result.
// Answers: an IssueOutcome when evaluation decided (issued with its number, or refused for good
// with a reason such as an invalid person); a non-OK status (UNAVAILABLE, DEADLINE_EXCEEDED,
// RESOURCE_EXHAUSTED, ...) when it could not be asked or could not answer now — the caller keeps
// the promotion pending and retries with backoff. Implementations are thread-safe.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge::competition {

struct PromotionIssue {
  std::string request_id;  // stable per entry and target level, e.g. "cpromo-<entry id>-<level digit>"
  std::string id_number;
  std::string name;
  std::string occupation_code;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;  // the target level (五级 … 一级)
  std::string competition_id;
  std::string contest_id;
  std::string entry_id;
  std::string employer_credit_code;  // the entrant's employer or school
  std::string district_code;         // the entrant's district
  int year = 0;                      // the competition's year
};

struct IssueOutcome {
  enum class Kind { kIssued, kRefused };
  Kind kind = Kind::kRefused;
  std::string certificate_number;  // kIssued
  std::string reason;              // kRefused: the ErrorInfo reason, e.g. "INVALID_PERSON"
  std::string message;             // kRefused: ID numbers masked
};

class PromotionIssuer {
 public:
  virtual ~PromotionIssuer() = default;
  // `deadline`: the caller's deadline (InfiniteFuture when none).
  virtual absl::StatusOr<common::v1::SkillLevel> HighestLevel(std::string_view id_number,
                                                              std::string_view occupation_code,
                                                              absl::Time deadline) = 0;
  virtual absl::StatusOr<IssueOutcome> Issue(const PromotionIssue& issue, absl::Time deadline) = 0;
};

}  // namespace skillbridge::competition

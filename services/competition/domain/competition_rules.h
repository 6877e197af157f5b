#pragma once
// The competition workflow (DESIGN §3 "competition") and who may take each step, as pure rules:
//   DRAFT -> FILED (备案, by the bureau) -> OPEN -> CLOSED -> RESULTS_PUBLISHED (with the last
//   contest's results); any state before RESULTS_PUBLISHED -> CANCELLED (final, with a reason),
//   but not once a contest's results are published.
// Errors (FAILED_PRECONDITION with a reason):
//   INVALID_COMPETITION_TRANSITION  the step does not start from the competition's state
//   COMPETITION_NOT_DRAFT           editing or adding a contest outside DRAFT
//   COMPETITION_HAS_NO_CONTEST      filing a competition without a contest
//   COMPETITION_HAS_CONTESTS        changing the year or level once a contest copied them
//   COMPETITION_NOT_OPEN            registering an entry outside OPEN
//   COMPETITION_NOT_CLOSED          publishing results while the competition is not CLOSED
//   RESULTS_ALREADY_PUBLISHED       cancelling once a contest's results are published
// Who may create (and run) a competition of a level: ADMIN any; a district officer district,
// industry and enterprise competitions organised in its district; an institution only an
// enterprise competition it organises itself (PERMISSION_DENIED OUT_OF_SCOPE otherwise; the
// district and organisation themselves are checked by the handlers with common/auth).
// Pure functions; thread-safe.

#include <string_view>

#include "absl/status/status.h"
#include "skillbridge/common/v1/audit.pb.h"
#include "skillbridge/competition/v1/enums.pb.h"

namespace skillbridge::competition {

inline constexpr char kReasonInvalidTransition[] = "INVALID_COMPETITION_TRANSITION";
inline constexpr char kReasonNotDraft[] = "COMPETITION_NOT_DRAFT";
inline constexpr char kReasonNoContest[] = "COMPETITION_HAS_NO_CONTEST";
inline constexpr char kReasonHasContests[] = "COMPETITION_HAS_CONTESTS";
inline constexpr char kReasonNotOpen[] = "COMPETITION_NOT_OPEN";
inline constexpr char kReasonNotClosed[] = "COMPETITION_NOT_CLOSED";
inline constexpr char kReasonResultsPublished[] = "RESULTS_ALREADY_PUBLISHED";

// OK when a competition in `from` may move to `to` by a workflow step (FileCompetition,
// OpenCompetition, CloseCompetition, CancelCompetition; RESULTS_PUBLISHED is reached only by
// publishing the last contest). `published_contests`: contests whose results are published.
absl::Status CheckTransition(v1::CompetitionStatus from, v1::CompetitionStatus to, int published_contests);

// OK when a DRAFT competition with `contest_count` contests may be filed.
absl::Status CheckFileable(v1::CompetitionStatus status, int contest_count);

// OK while the competition can be edited and take new contests (DRAFT).
absl::Status CheckEditable(v1::CompetitionStatus status);

// OK while the competition takes entries (OPEN).
absl::Status CheckTakesEntries(v1::CompetitionStatus status);

// OK while results of its contests can be published (CLOSED).
absl::Status CheckPublishable(v1::CompetitionStatus status);

// Whether `role` may organise (create, edit, run) a competition of `level` at all; the
// district / organisation scope is checked on top of it. PERMISSION_DENIED OUT_OF_SCOPE.
absl::Status CheckOrganiserRole(common::v1::Role role, v1::CompetitionLevel level);

// Whether the organiser of a competition of `level` must be in a Qingdao district (district and
// enterprise competitions: the district attributes them).
bool LevelNeedsDistrict(v1::CompetitionLevel level);

}  // namespace skillbridge::competition

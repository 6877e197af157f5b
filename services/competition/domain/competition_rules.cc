#include "services/competition/domain/competition_rules.h"

#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge::competition {

namespace {

std::string_view StatusName(v1::CompetitionStatus status) {
  const std::string& name = v1::CompetitionStatus_Name(status);
  return name.empty() ? std::string_view("UNKNOWN") : std::string_view(name);
}

absl::Status BadTransition(v1::CompetitionStatus from, v1::CompetitionStatus to) {
  return FailedPreconditionError(kReasonInvalidTransition,
                                 Concat("a competition in ", StatusName(from), " cannot become ", StatusName(to)));
}

}  // namespace

absl::Status CheckTransition(v1::CompetitionStatus from, v1::CompetitionStatus to, int published_contests) {
  switch (to) {
    case v1::COMPETITION_STATUS_FILED:
      return from == v1::COMPETITION_STATUS_DRAFT ? absl::OkStatus() : BadTransition(from, to);
    case v1::COMPETITION_STATUS_OPEN:
      return from == v1::COMPETITION_STATUS_FILED ? absl::OkStatus() : BadTransition(from, to);
    case v1::COMPETITION_STATUS_CLOSED:
      return from == v1::COMPETITION_STATUS_OPEN ? absl::OkStatus() : BadTransition(from, to);
    case v1::COMPETITION_STATUS_CANCELLED:
      if (published_contests > 0 && from == v1::COMPETITION_STATUS_CLOSED) {
        return FailedPreconditionError(kReasonResultsPublished,
                                       Concat("the results of ", published_contests,
                                              " contest(s) are published; the competition cannot be "
                                              "cancelled"));
      }
      if (from == v1::COMPETITION_STATUS_DRAFT || from == v1::COMPETITION_STATUS_FILED ||
          from == v1::COMPETITION_STATUS_OPEN || from == v1::COMPETITION_STATUS_CLOSED) {
        return absl::OkStatus();
      }
      return BadTransition(from, to);
    default:
      return BadTransition(from, to);
  }
}

absl::Status CheckFileable(v1::CompetitionStatus status, int contest_count) {
  if (absl::Status s = CheckTransition(status, v1::COMPETITION_STATUS_FILED, 0); !s.ok()) {
    return s;
  }
  if (contest_count < 1) {
    return FailedPreconditionError(kReasonNoContest, "a competition needs at least one contest to be filed");
  }
  return absl::OkStatus();
}

absl::Status CheckEditable(v1::CompetitionStatus status) {
  if (status == v1::COMPETITION_STATUS_DRAFT) {
    return absl::OkStatus();
  }
  return FailedPreconditionError(
      kReasonNotDraft, Concat("the competition is ", StatusName(status), "; only a DRAFT competition can be changed"));
}

absl::Status CheckTakesEntries(v1::CompetitionStatus status) {
  if (status == v1::COMPETITION_STATUS_OPEN) {
    return absl::OkStatus();
  }
  return FailedPreconditionError(kReasonNotOpen,
                                 Concat("the competition is ", StatusName(status), "; entries are taken while OPEN"));
}

absl::Status CheckPublishable(v1::CompetitionStatus status) {
  if (status == v1::COMPETITION_STATUS_CLOSED) {
    return absl::OkStatus();
  }
  return FailedPreconditionError(
      kReasonNotClosed, Concat("the competition is ", StatusName(status), "; results are published once it is CLOSED"));
}

absl::Status CheckOrganiserRole(common::v1::Role role, v1::CompetitionLevel level) {
  switch (role) {
    case common::v1::ROLE_ADMIN:
      return absl::OkStatus();
    case common::v1::ROLE_DISTRICT_OFFICER:
      if (level == v1::COMPETITION_LEVEL_DISTRICT || level == v1::COMPETITION_LEVEL_INDUSTRY ||
          level == v1::COMPETITION_LEVEL_ENTERPRISE) {
        return absl::OkStatus();
      }
      break;
    case common::v1::ROLE_INSTITUTION:
      if (level == v1::COMPETITION_LEVEL_ENTERPRISE) {
        return absl::OkStatus();
      }
      break;
    default:
      break;
  }
  return PermissionDeniedError("OUT_OF_SCOPE",
                               Concat("role ", common::v1::Role_Name(role), " may not organise a competition of level ",
                                      v1::CompetitionLevel_Name(level)));
}

bool LevelNeedsDistrict(v1::CompetitionLevel level) {
  return level == v1::COMPETITION_LEVEL_DISTRICT || level == v1::COMPETITION_LEVEL_ENTERPRISE;
}

}  // namespace skillbridge::competition

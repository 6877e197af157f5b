#include "services/incentive/domain/honour_rules.h"

#include <algorithm>
#include <string>

#include "common/reference/skill_level.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"

namespace skillbridge::incentive {

namespace {

std::string Field(std::string_view prefix, std::string_view name) { return Concat(prefix, name); }

}  // namespace

void CheckProgrammeDraft(const v1::HonourProgramme& programme, std::string_view prefix, FieldViolations& violations) {
  if (programme.year() < kMinProgrammeYear || programme.year() > kMaxProgrammeYear) {
    violations.Add(Field(prefix, "year"), Concat("must be from ", kMinProgrammeYear, " to ", kMaxProgrammeYear));
  }
  CheckEnum(programme.kind(), v1::HonourKind_IsValid, /*required=*/true, Field(prefix, "kind"), "an honour kind",
            violations);
  CheckText(programme.title(), Field(prefix, "title"), /*required=*/true, kMaxProgrammeTitleChars, violations);
  if (programme.quota() < 1 || programme.quota() > kMaxQuota) {
    violations.Add(Field(prefix, "quota"), Concat("must be from 1 to ", kMaxQuota));
  }
  if (programme.award_fen() < 0 || programme.award_fen() > kMaxAwardFen) {
    violations.Add(Field(prefix, "award_fen"), Concat("must be from 0 to ", kMaxAwardFen, " fen"));
  }
  if (programme.required_level() != common::v1::SKILL_LEVEL_UNSPECIFIED && !IsKnownLevel(programme.required_level())) {
    violations.Add(Field(prefix, "required_level"), "unknown value for a skill level");
  }
}

void CheckCitation(std::string_view citation, std::string_view field, FieldViolations& violations) {
  CheckText(citation, field, /*required=*/false, kMaxCitationChars, violations);
}

absl::Status CheckProgrammeOpen(v1::ProgrammeStatus status) {
  if (status == v1::PROGRAMME_STATUS_OPEN) {
    return absl::OkStatus();
  }
  return FailedPreconditionError(kReasonProgrammeClosed,
                                 "the programme is closed: it takes no more nominations or awards");
}

absl::Status CheckQuotaLeft(const v1::HonourProgramme& programme) {
  if (programme.awarded_count() < programme.quota()) {
    return absl::OkStatus();
  }
  return FailedPreconditionError(kReasonQuotaExhausted,
                                 Concat("the programme's quota of ", programme.quota(), " is used up"));
}

bool IsFinalNominationStatus(v1::NominationStatus status) {
  return status == v1::NOMINATION_STATUS_AWARDED || status == v1::NOMINATION_STATUS_REJECTED ||
         status == v1::NOMINATION_STATUS_WITHDRAWN;
}

absl::Status CheckNominationTransition(v1::NominationStatus from, v1::NominationStatus to) {
  bool allowed = false;
  switch (to) {
    case v1::NOMINATION_STATUS_UNDER_REVIEW:
      allowed = from == v1::NOMINATION_STATUS_NOMINATED;
      break;
    case v1::NOMINATION_STATUS_AWARDED:
      allowed = from == v1::NOMINATION_STATUS_UNDER_REVIEW;
      break;
    case v1::NOMINATION_STATUS_REJECTED:
    case v1::NOMINATION_STATUS_WITHDRAWN:
      allowed = from == v1::NOMINATION_STATUS_NOMINATED || from == v1::NOMINATION_STATUS_UNDER_REVIEW;
      break;
    default:
      allowed = false;
  }
  if (allowed) {
    return absl::OkStatus();
  }
  return FailedPreconditionError(
      kReasonInvalidNominationTransition,
      Concat("a nomination in ", v1::NominationStatus_Name(from), " cannot move to ", v1::NominationStatus_Name(to)));
}

absl::StatusOr<VerifiedLevel> CheckEligibility(common::v1::SkillLevel required,
                                               const std::vector<HeldQualification>& held) {
  VerifiedLevel best;
  for (const HeldQualification& q : held) {
    if (q.level > best.level) {
      best.level = q.level;
      best.certificate_number = q.certificate_number;
    }
  }
  if (required != common::v1::SKILL_LEVEL_UNSPECIFIED && best.level < required) {
    const std::string holds = best.level == common::v1::SKILL_LEVEL_UNSPECIFIED
                                  ? std::string("holds no skill level")
                                  : Concat("holds ", LevelChineseName(best.level), " at most");
    return FailedPreconditionError(kReasonNotEligible, Concat("the programme requires ", LevelChineseName(required),
                                                              " or above; the nominee ", holds));
  }
  return best;
}

void ApplyNominationStep(v1::Nomination& nomination, v1::NominationStatus to, std::string_view reason, absl::Time now) {
  nomination.set_status(to);
  SetTimestamp(now, nomination.mutable_update_time());
  if (IsFinalNominationStatus(to)) {
    SetTimestamp(now, nomination.mutable_decide_time());
  }
  if (to == v1::NOMINATION_STATUS_REJECTED || to == v1::NOMINATION_STATUS_WITHDRAWN) {
    nomination.set_decision_reason(std::string(reason));
  }
  nomination.set_version(nomination.version() + 1);
}

v1::HonourProgramme ProgrammeRecord(const v1::HonourProgramme& programme) {
  v1::HonourProgramme record = programme;
  record.clear_awarded_count();
  return record;
}

v1::LeadingTalent LeadingTalentOf(const v1::Nomination& nomination) {
  v1::LeadingTalent talent;
  *talent.mutable_person() = nomination.person();
  *talent.mutable_employer() = nomination.employer();
  talent.set_occupation_code(nomination.occupation_code());
  talent.set_level(nomination.verified_level());
  talent.set_year(nomination.year());
  talent.set_programme_title(nomination.programme_title());
  talent.set_nomination_id(nomination.id());
  if (nomination.has_decide_time()) {
    *talent.mutable_award_time() = nomination.decide_time();
  }
  return talent;
}

v1::IncentiveEvent HonourProgrammeChangedEvent(const v1::HonourProgramme& programme, absl::Time now) {
  v1::IncentiveEvent event;
  SetTimestamp(now, event.mutable_time());
  v1::HonourProgrammeChanged* changed = event.mutable_programme_changed();
  changed->set_programme_id(programme.id());
  changed->set_year(programme.year());
  changed->set_kind(programme.kind());
  changed->set_status(programme.status());
  changed->set_quota(programme.quota());
  changed->set_awarded_count(programme.awarded_count());
  changed->set_award_fen(programme.award_fen());
  return event;
}

v1::IncentiveEvent NominationChangedEvent(const v1::Nomination& nomination, absl::Time now) {
  v1::IncentiveEvent event;
  SetTimestamp(now, event.mutable_time());
  v1::NominationChanged* changed = event.mutable_nomination_changed();
  changed->set_nomination_id(nomination.id());
  changed->set_programme_id(nomination.programme_id());
  changed->set_year(nomination.year());
  changed->set_kind(nomination.kind());
  *changed->mutable_person() = nomination.person();
  changed->set_employer_credit_code(nomination.employer().credit_code());
  changed->set_district_code(nomination.employer().district_code());
  changed->set_occupation_code(nomination.occupation_code());
  changed->set_status(nomination.status());
  if (nomination.status() == v1::NOMINATION_STATUS_AWARDED) {
    changed->set_award_fen(nomination.award_fen());
  }
  SetTimestamp(now, changed->mutable_status_time());
  return event;
}

std::string NominationAuditDetail(const v1::Nomination& nomination) {
  std::string detail = Concat(v1::NominationStatus_Name(nomination.status()), " ",
                              MaskCitizenId(nomination.person().id_number()), " programme ", nomination.programme_id());
  if (!nomination.decision_reason().empty()) {
    detail = Concat(detail, ": ", nomination.decision_reason());
  }
  return MaskIdNumbersInText(detail);
}

}  // namespace skillbridge::incentive

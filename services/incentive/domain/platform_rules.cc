#include "services/incentive/domain/platform_rules.h"

#include <set>
#include <string>

#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/request_fields.h"

namespace skillbridge::incentive {

namespace {

// A leader is "given" when any of its fields is set (an empty PersonRef counts as none).
bool LeaderGiven(const v1::TalentPlatform& platform) {
  return platform.has_leader() && (!platform.leader().id_number().empty() || !platform.leader().name().empty());
}

v1::IncentiveEvent NewEvent(absl::Time now) {
  v1::IncentiveEvent event;
  SetTimestamp(now, event.mutable_time());
  return event;
}

}  // namespace

void CheckPlatformDraft(const ReferenceData& reference, const v1::TalentPlatform& draft, int current_year,
                        FieldViolations& violations, v1::TalentPlatform* normalized) {
  CheckEnum(draft.kind(), v1::PlatformKind_IsValid, /*required=*/true, "platform.kind", "a platform kind", violations);
  CheckEnum(draft.level(), v1::PlatformLevel_IsValid, /*required=*/true, "platform.level", "a platform level",
            violations);
  CheckText(draft.name(), "platform.name", /*required=*/true, kMaxPlatformNameChars, violations);
  common::v1::OrgRef host;
  CheckOrgRef(draft.host(), "platform.host", reference, violations, &host);
  CheckIndustryChain(reference, draft.industry_chain_code(), "platform.industry_chain_code", violations);
  if (draft.occupation_codes_size() > kMaxPlatformOccupations) {
    violations.Add("platform.occupation_codes", Concat("at most ", kMaxPlatformOccupations, " occupations"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < draft.occupation_codes_size(); ++i) {
    const std::string field = Concat("platform.occupation_codes[", i, "]");
    if (CheckOccupation(reference, draft.occupation_codes(i), field, violations) != nullptr &&
        !seen.insert(draft.occupation_codes(i)).second) {
      violations.Add(field, "named twice");
    }
  }
  if (draft.approved_year() < kMinApprovedYear || draft.approved_year() > current_year) {
    violations.Add("platform.approved_year",
                   Concat("a year from ", kMinApprovedYear, " to ", current_year, " (the current year) is required"));
  }
  common::v1::PersonRef leader;
  const bool leader_given = LeaderGiven(draft);
  if (leader_given) {
    CheckPerson(draft.leader(), "platform.leader", violations, &leader);
  } else if (draft.kind() == v1::PLATFORM_KIND_MASTER_STUDIO) {
    violations.Add("platform.leader", "a master studio needs its leading master (领办人)");
  }
  if (normalized == nullptr) {
    return;
  }
  normalized->Clear();
  normalized->set_kind(draft.kind());
  normalized->set_level(draft.level());
  normalized->set_name(draft.name());
  *normalized->mutable_host() = host;
  normalized->set_industry_chain_code(draft.industry_chain_code());
  *normalized->mutable_occupation_codes() = draft.occupation_codes();
  normalized->set_approved_year(draft.approved_year());
  if (leader_given) {
    *normalized->mutable_leader() = leader;
  }
}

void CheckEvaluationDraft(const v1::PlatformEvaluation& draft, int approved_year, int current_year,
                          FieldViolations& violations) {
  if (draft.year() < approved_year || draft.year() > current_year) {
    violations.Add("evaluation.year", Concat("must be from the platform's approved year ", approved_year,
                                             " to the current year ", current_year));
  }
  if (draft.score() < 0 || draft.score() > kMaxScore) {
    violations.Add("evaluation.score", Concat("must be from 0 to ", kMaxScore));
  }
  CheckText(draft.remarks(), "evaluation.remarks", /*required=*/false, kMaxRemarksChars, violations);
}

void CheckFundingDraft(const v1::PlatformFunding& draft, FieldViolations& violations) {
  CheckRecordId(draft.platform_id(), "funding.platform_id", "a platform id", violations);
  if (draft.year() < kMinFundingYear || draft.year() > kMaxFundingYear) {
    violations.Add("funding.year",
                   Concat("a budget year from ", kMinFundingYear, " to ", kMaxFundingYear, " is required"));
  }
  if (draft.amount_fen() < 1 || draft.amount_fen() > kMaxFundingFen) {
    violations.Add("funding.amount_fen", Concat("must be from 1 to ", kMaxFundingFen, " fen"));
  }
  CheckText(draft.purpose(), "funding.purpose", /*required=*/true, kMaxPurposeChars, violations);
}

v1::PerformanceGrade GradeOf(int score) {
  if (score >= 90) {
    return v1::PERFORMANCE_GRADE_EXCELLENT;
  }
  if (score >= 75) {
    return v1::PERFORMANCE_GRADE_GOOD;
  }
  if (score >= 60) {
    return v1::PERFORMANCE_GRADE_PASS;
  }
  return v1::PERFORMANCE_GRADE_FAIL;
}

absl::Status CheckPlatformActive(v1::PlatformStatus status) {
  if (status != v1::PLATFORM_STATUS_ACTIVE) {
    return FailedPreconditionError(kReasonPlatformRevoked, Concat("the platform is ", v1::PlatformStatus_Name(status),
                                                                  ": it can be neither revoked nor funded any more"));
  }
  return absl::OkStatus();
}

absl::Status CheckFundingTransition(v1::FundingStatus from, v1::FundingStatus to) {
  const bool allowed =
      from == v1::FUNDING_STATUS_GRANTED && (to == v1::FUNDING_STATUS_PAID || to == v1::FUNDING_STATUS_CANCELLED);
  if (!allowed) {
    return FailedPreconditionError(kReasonInvalidFundingTransition,
                                   Concat("a funding grant in ", v1::FundingStatus_Name(from), " cannot become ",
                                          v1::FundingStatus_Name(to), " (only a GRANTED grant is paid or cancelled)"));
  }
  return absl::OkStatus();
}

int64_t GrantedFen(v1::FundingStatus status, int64_t amount_fen) {
  return status == v1::FUNDING_STATUS_GRANTED || status == v1::FUNDING_STATUS_PAID ? amount_fen : 0;
}

int64_t PaidFen(v1::FundingStatus status, int64_t amount_fen) {
  return status == v1::FUNDING_STATUS_PAID ? amount_fen : 0;
}

void ApplyEvaluation(const v1::PlatformEvaluation& evaluation, v1::TalentPlatform& platform) {
  if (!platform.has_latest_evaluation() || evaluation.year() >= platform.latest_evaluation().year()) {
    *platform.mutable_latest_evaluation() = evaluation;
  }
}

void ApplyFundingChange(v1::FundingStatus from, v1::FundingStatus to, int64_t amount_fen,
                        v1::TalentPlatform& platform) {
  platform.set_funding_granted_fen(platform.funding_granted_fen() + GrantedFen(to, amount_fen) -
                                   GrantedFen(from, amount_fen));
  platform.set_funding_paid_fen(platform.funding_paid_fen() + PaidFen(to, amount_fen) - PaidFen(from, amount_fen));
}

v1::IncentiveEvent PlatformChangedEvent(const v1::TalentPlatform& platform, absl::Time now) {
  v1::IncentiveEvent event = NewEvent(now);
  v1::PlatformChanged* changed = event.mutable_platform_changed();
  changed->set_platform_id(platform.id());
  changed->set_kind(platform.kind());
  changed->set_level(platform.level());
  changed->set_host_credit_code(platform.host().credit_code());
  changed->set_district_code(platform.host().district_code());
  changed->set_industry_chain_code(platform.industry_chain_code());
  changed->set_status(platform.status());
  if (platform.has_latest_evaluation()) {
    changed->set_latest_evaluation_year(platform.latest_evaluation().year());
    changed->set_latest_grade(platform.latest_evaluation().grade());
  }
  changed->set_funding_granted_fen(platform.funding_granted_fen());
  changed->set_funding_paid_fen(platform.funding_paid_fen());
  if (platform.has_leader()) {
    *changed->mutable_leader() = platform.leader();
  }
  return event;
}

v1::IncentiveEvent FundingChangedEvent(const v1::PlatformFunding& funding, absl::Time now) {
  v1::IncentiveEvent event = NewEvent(now);
  v1::FundingChanged* changed = event.mutable_funding_changed();
  changed->set_funding_id(funding.id());
  changed->set_platform_id(funding.platform_id());
  changed->set_year(funding.year());
  changed->set_district_code(funding.district_code());
  changed->set_amount_fen(funding.amount_fen());
  changed->set_status(funding.status());
  return event;
}

}  // namespace skillbridge::incentive

#include "services/training/domain/subsidy_rules.h"

#include <algorithm>
#include <cstdio>

#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/concat.h"

namespace skillbridge::training {

absl::CivilDay ClaimDeadline(absl::CivilDay issue_date) {
  const absl::CivilMonth month = absl::CivilMonth(issue_date) + kClaimWindowMonths;
  const absl::CivilDay first_of_next = absl::CivilDay(month + 1);
  const int last_day = (first_of_next - 1).day();
  const int day = std::min(issue_date.day(), last_day);
  return absl::CivilDay(month.year(), month.month(), day);
}

namespace {

std::string DayText(absl::CivilDay day) {
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d", static_cast<int>(day.year()), day.month(), day.day());
  return text;
}

// Rules that need neither the certificate nor the person's history: completed enrolment and a
// catalogue entry. The amount (the catalogue standard) when they pass.
absl::StatusOr<int64_t> CheckEnrollmentAndCatalogue(const ClaimSnapshot& snapshot) {
  if (snapshot.enrollment_state != v1::ENROLLMENT_STATE_COMPLETED) {
    return FailedPreconditionError(kReasonNotCompleted,
                                   Concat("the enrolment is ", v1::EnrollmentState_Name(snapshot.enrollment_state),
                                          "; only a completed enrolment can be claimed"));
  }
  if (!snapshot.catalogue_subsidy_fen.has_value()) {
    return FailedPreconditionError(
        kReasonNotInCatalogue, Concat("occupation ", snapshot.occupation_code, " at ", LevelChineseName(snapshot.level),
                                      " is not in the published subsidised catalogue for the course's year"));
  }
  return *snapshot.catalogue_subsidy_fen;
}

// The certificate rules: valid, same occupation and level, issued no later than the claim date,
// claim within the 12-month window.
absl::Status CheckCertificate(const ClaimSnapshot& snapshot, const CertificateFacts& cert) {
  switch (cert.result) {
    case CertificateFacts::Result::kNotFound:
      return FailedPreconditionError(kReasonCertificateNotValid,
                                     "no certificate with this number for this person's name and ID number");
    case CertificateFacts::Result::kRevoked:
      return FailedPreconditionError(kReasonCertificateNotValid, "the certificate has been revoked");
    case CertificateFacts::Result::kValid:
      break;
  }
  if (cert.occupation_code != snapshot.occupation_code || cert.level != snapshot.level) {
    return FailedPreconditionError(
        kReasonCertificateMismatch,
        Concat("the certificate is for occupation ", cert.occupation_code, " at ", LevelChineseName(cert.level),
               ", the course for ", snapshot.occupation_code, " at ", LevelChineseName(snapshot.level)));
  }
  if (cert.issue_date > snapshot.claim_date) {
    return FailedPreconditionError(kReasonCertificateDate,
                                   Concat("the certificate's issue date ", DayText(cert.issue_date),
                                          " lies after the claim date ", DayText(snapshot.claim_date)));
  }
  const absl::CivilDay deadline = ClaimDeadline(cert.issue_date);
  if (snapshot.claim_date > deadline) {
    return FailedPreconditionError(kReasonWindowExpired,
                                   Concat("the certificate was issued on ", DayText(cert.issue_date),
                                          "; claims were possible until ", DayText(deadline)));
  }
  return absl::OkStatus();
}

// The counting rules: same occupation and level once ever, no lower level after a higher one,
// at most 3 per calendar year.
absl::Status CheckPersonLimits(const ClaimSnapshot& snapshot) {
  const int level = static_cast<int>(snapshot.level);
  if (snapshot.person.granted.contains({snapshot.occupation_code, level})) {
    return FailedPreconditionError(kReasonAlreadyGranted,
                                   Concat("the person was already subsidised for occupation ", snapshot.occupation_code,
                                          " at ", LevelChineseName(snapshot.level)));
  }
  for (const auto& [occupation, granted_level] : snapshot.person.granted) {
    if (occupation == snapshot.occupation_code && granted_level > level) {
      return FailedPreconditionError(
          kReasonHigherLevel,
          Concat("the person was already subsidised for occupation ", occupation, " at the higher level ",
                 LevelChineseName(static_cast<common::v1::SkillLevel>(granted_level))));
    }
  }
  if (snapshot.person.claims_in_year >= kMaxSubsidiesPerYear) {
    return FailedPreconditionError(kReasonYearlyLimit, Concat("the person already has ", kMaxSubsidiesPerYear,
                                                              " subsidies in ", ClaimYear(snapshot.claim_date)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ClaimDecision> DecideClaim(const ClaimSnapshot& snapshot, const VerifyCertificate& verify_certificate) {
  ClaimDecision decision;
  SB_ASSIGN_OR_RETURN(decision.amount_fen, CheckEnrollmentAndCatalogue(snapshot));
  SB_RETURN_IF_ERROR(CheckPersonLimits(snapshot));
  SB_ASSIGN_OR_RETURN(decision.certificate, verify_certificate());
  SB_RETURN_IF_ERROR(CheckCertificate(snapshot, decision.certificate));
  return decision;
}

absl::Status CheckClaimTransition(v1::ClaimState from, v1::ClaimState to) {
  const bool allowed =
      (from == v1::CLAIM_STATE_SUBMITTED && (to == v1::CLAIM_STATE_APPROVED || to == v1::CLAIM_STATE_REJECTED)) ||
      (from == v1::CLAIM_STATE_APPROVED && to == v1::CLAIM_STATE_PAID);
  if (allowed) {
    return absl::OkStatus();
  }
  return FailedPreconditionError("INVALID_CLAIM_TRANSITION", Concat("a claim in state ", v1::ClaimState_Name(from),
                                                                    " cannot become ", v1::ClaimState_Name(to)));
}

absl::Status CheckEnrollmentTransition(v1::EnrollmentState from, v1::EnrollmentState to) {
  const bool allowed = from == v1::ENROLLMENT_STATE_ENROLLED &&
                       (to == v1::ENROLLMENT_STATE_COMPLETED || to == v1::ENROLLMENT_STATE_DROPPED);
  if (allowed) {
    return absl::OkStatus();
  }
  return FailedPreconditionError("INVALID_ENROLLMENT_TRANSITION",
                                 Concat("an enrolment in state ", v1::EnrollmentState_Name(from), " cannot become ",
                                        v1::EnrollmentState_Name(to)));
}

}  // namespace skillbridge::training

#pragma once
// The training subsidy rules (national policy as applied locally), as pure functions over a
// snapshot of what is known about one claim. DecideClaim is the one place their order lives: the
// handler and the unit tests both run it. It decides first what needs no outside answer, in this
// order, and only when all of it passes asks evaluation about the certificate (a refusal that is
// final anyway never waits on, or is masked by, evaluation being unavailable):
//   ENROLLMENT_NOT_COMPLETED          the enrolment is not COMPLETED
//   NOT_IN_CATALOGUE                  no published catalogue entry for the course's year,
//                                     occupation and level (the amount is that entry's standard)
//   SUBSIDY_ALREADY_GRANTED_FOR_LEVEL the person was subsidised for this occupation and level
//   HIGHER_LEVEL_ALREADY_SUBSIDISED   the person was subsidised for a higher level of it
//   SUBSIDY_YEARLY_LIMIT_REACHED      the person has 3 subsidies in the claim's calendar year
// then the certificate, as evaluation described it:
//   CERTIFICATE_NOT_VALID             the certificate is revoked or unknown for this person
//   CERTIFICATE_MISMATCH              the certificate is for another occupation or level
//   CERTIFICATE_DATE_INVALID          the certificate's issue date lies after the claim date
//   CLAIM_WINDOW_EXPIRED              claimed more than 12 months after the certificate's issue
//                                     date (issue 2024-02-29 -> last day 2025-02-28)
// When two rules fail at once, the first in this order is the answer. The store enforces the
// counting rules again, atomically, with guards (store/training_store.h).
// "Subsidised" counts every claim that is submitted, approved or paid (a rejected claim no
// longer counts). Dates are civil dates in the bureau's time zone (UTC+8).
// Thread-safe (pure; DecideClaim calls `verify_certificate` at most once, on the calling thread).

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/training/v1/enums.pb.h"

namespace skillbridge::training {

inline constexpr int kMaxSubsidiesPerYear = 3;
inline constexpr int kClaimWindowMonths = 12;

// Reason codes (ErrorInfo.reason) of subsidy refusals.
inline constexpr char kReasonNotCompleted[] = "ENROLLMENT_NOT_COMPLETED";
inline constexpr char kReasonNotInCatalogue[] = "NOT_IN_CATALOGUE";
inline constexpr char kReasonCertificateNotValid[] = "CERTIFICATE_NOT_VALID";
inline constexpr char kReasonCertificateMismatch[] = "CERTIFICATE_MISMATCH";
inline constexpr char kReasonWindowExpired[] = "CLAIM_WINDOW_EXPIRED";
inline constexpr char kReasonCertificateDate[] = "CERTIFICATE_DATE_INVALID";
inline constexpr char kReasonAlreadyGranted[] = "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL";
inline constexpr char kReasonHigherLevel[] = "HIGHER_LEVEL_ALREADY_SUBSIDISED";
inline constexpr char kReasonYearlyLimit[] = "SUBSIDY_YEARLY_LIMIT_REACHED";

// What evaluation said about the certificate.
struct CertificateFacts {
  enum class Result { kValid, kRevoked, kNotFound };
  Result result = Result::kNotFound;
  // Set when the number, name and ID number matched (kValid or kRevoked).
  std::string occupation_code;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  absl::CivilDay issue_date;
};

// The person's subsidies that still count (submitted, approved or paid claims).
struct PersonSubsidies {
  // (occupation code, level) of every counting claim.
  std::set<std::pair<std::string, int>> granted;
  // Counting claims in the claim's calendar year.
  int64_t claims_in_year = 0;
};

// What is known about one claim before the certificate is checked.
struct ClaimSnapshot {
  v1::EnrollmentState enrollment_state = v1::ENROLLMENT_STATE_UNSPECIFIED;
  std::string occupation_code;  // the course's
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  // The published catalogue standard for the course's year, occupation and level.
  std::optional<int64_t> catalogue_subsidy_fen;
  PersonSubsidies person;
  absl::CivilDay claim_date;
};

// An eligible claim: its amount (the catalogue standard) and the certificate it rests on.
struct ClaimDecision {
  int64_t amount_fen = 0;
  CertificateFacts certificate;
};

// Asks evaluation about the claim's certificate; its error (e.g. UNAVAILABLE) is the claim's.
using VerifyCertificate = std::function<absl::StatusOr<CertificateFacts>()>;

// The last day a claim may be made for a certificate issued on `issue_date`: the same day 12
// months later, or the last day of that month when it has fewer days (29 Feb -> 28 Feb).
absl::CivilDay ClaimDeadline(absl::CivilDay issue_date);

// The calendar year a claim made on `claim_date` counts in.
inline int ClaimYear(absl::CivilDay claim_date) { return static_cast<int>(claim_date.year()); }

// Every subsidy rule, in the order above: the decision for an eligible claim, the first refusal
// (FAILED_PRECONDITION with its reason) otherwise, or the error of `verify_certificate`, which is
// called only when every rule decidable without it passed.
absl::StatusOr<ClaimDecision> DecideClaim(const ClaimSnapshot& snapshot, const VerifyCertificate& verify_certificate);

// The claim workflow: SUBMITTED -> APPROVED | REJECTED, APPROVED -> PAID. FAILED_PRECONDITION
// (INVALID_CLAIM_TRANSITION) otherwise.
absl::Status CheckClaimTransition(v1::ClaimState from, v1::ClaimState to);

// Enrolments: ENROLLED -> COMPLETED | DROPPED. FAILED_PRECONDITION (INVALID_ENROLLMENT_TRANSITION)
// otherwise.
absl::Status CheckEnrollmentTransition(v1::EnrollmentState from, v1::EnrollmentState to);

}  // namespace skillbridge::training

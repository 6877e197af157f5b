#include "services/evaluation/domain/person_level.h"

#include <tuple>

#include "common/status/errors.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"

namespace skillbridge::evaluation {

namespace {

bool CertificateCounts(const PersonLevelQuery& query, const v1::Certificate& certificate) {
  return certificate.person().id_number() == query.id_number &&
         certificate.occupation_code() == query.occupation_code &&
         certificate.status() == v1::CERTIFICATE_STATUS_VALID &&
         (certificate.type() == v1::CERTIFICATE_TYPE_SKILL_LEVEL ||
          certificate.type() == v1::CERTIFICATE_TYPE_ACCESS_QUALIFICATION) &&
         certificate.level() != common::v1::SKILL_LEVEL_UNSPECIFIED;
}

bool IntroductionCounts(const PersonLevelQuery& query, const v1::Introduction& introduction) {
  return introduction.person().id_number() == query.id_number &&
         introduction.occupation_code() == query.occupation_code &&
         introduction.level() != common::v1::SKILL_LEVEL_UNSPECIFIED;
}

// Orders candidates: higher level first, then certificates before introductions, then earlier
// dates, then smaller numbers/ids. Smaller key = better.
using CandidateKey = std::tuple<int, int, int, int, int, std::string>;

CandidateKey KeyOf(common::v1::SkillLevel level, int source, const common::v1::Date& date, const std::string& id) {
  return {-static_cast<int>(level), source, date.year(), date.month(), date.day(), id};
}

}  // namespace

absl::StatusOr<PersonLevelQuery> ValidatePersonLevelRequest(const v1::GetPersonLevelRequest& request,
                                                            const ReferenceData& reference) {
  FieldViolations violations;
  PersonLevelQuery query;
  absl::StatusOr<CitizenId> id = ParseCitizenId(request.id_number(), "id_number");
  violations.AddStatus(id.status(), "id_number");
  const Occupation* occupation = CheckOccupation(reference, request.occupation_code(), "occupation_code", violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  query.id_number = id->number;
  query.occupation_code = occupation->code;
  return query;
}

PersonLevel HighestLevel(const PersonLevelQuery& query, const std::vector<v1::Certificate>& certificates,
                         const std::vector<v1::Introduction>& introductions) {
  PersonLevel best;
  bool found = false;
  CandidateKey best_key;
  auto consider = [&](const CandidateKey& key, PersonLevel candidate) {
    if (!found || key < best_key) {
      found = true;
      best_key = key;
      best = std::move(candidate);
    }
  };
  for (const v1::Certificate& certificate : certificates) {
    if (CertificateCounts(query, certificate)) {
      consider(KeyOf(certificate.level(), 0, certificate.issue_date(), certificate.number()),
               PersonLevel{certificate.level(), certificate.number(), ""});
    }
  }
  for (const v1::Introduction& introduction : introductions) {
    if (IntroductionCounts(query, introduction)) {
      consider(KeyOf(introduction.level(), 1, introduction.arrival_date(), introduction.id()),
               PersonLevel{introduction.level(), introduction.outside_certificate_number(), introduction.id()});
    }
  }
  return best;
}

}  // namespace skillbridge::evaluation

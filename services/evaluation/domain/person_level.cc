#include "services/evaluation/domain/person_level.h"

#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/status/errors.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"

namespace skillbridge::evaluation {

namespace {

// An empty occupation in `query` matches every occupation (HeldLevels only: GetPersonLevel's
// occupation is required).
bool OccupationMatches(const PersonLevelQuery& query, const std::string& occupation_code) {
  return query.occupation_code.empty() || occupation_code == query.occupation_code;
}

bool CertificateCounts(const PersonLevelQuery& query, const v1::Certificate& certificate) {
  return certificate.person().id_number() == query.id_number &&
         OccupationMatches(query, certificate.occupation_code()) &&
         certificate.status() == v1::CERTIFICATE_STATUS_VALID &&
         (certificate.type() == v1::CERTIFICATE_TYPE_SKILL_LEVEL ||
          certificate.type() == v1::CERTIFICATE_TYPE_ACCESS_QUALIFICATION) &&
         certificate.level() != common::v1::SKILL_LEVEL_UNSPECIFIED;
}

bool IntroductionCounts(const PersonLevelQuery& query, const v1::Introduction& introduction) {
  return introduction.person().id_number() == query.id_number &&
         OccupationMatches(query, introduction.occupation_code()) &&
         introduction.level() != common::v1::SKILL_LEVEL_UNSPECIFIED;
}

// Orders candidates: higher level first, then certificates before introductions, then earlier
// dates, then smaller numbers/ids. Smaller key = better.
using CandidateKey = std::tuple<int, int, int, int, int, std::string>;

CandidateKey KeyOf(common::v1::SkillLevel level, int source, const common::v1::Date& date, const std::string& id) {
  return {-static_cast<int>(level), source, date.year(), date.month(), date.day(), id};
}

// Orders the records holding one level: earlier dates first, then certificates before
// introductions, then smaller numbers/ids. Smaller key = earlier.
using SinceKey = std::tuple<int, int, int, int, std::string>;

SinceKey SinceKeyOf(const common::v1::Date& date, int source, const std::string& id) {
  return {date.year(), date.month(), date.day(), source, id};
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

absl::StatusOr<PersonLevelQuery> ValidatePersonQualificationsRequest(const v1::GetPersonQualificationsRequest& request,
                                                                     const ReferenceData& reference) {
  FieldViolations violations;
  absl::StatusOr<CitizenId> id = ParseCitizenId(request.id_number(), "id_number");
  violations.AddStatus(id.status(), "id_number");
  const Occupation* occupation = nullptr;
  if (!request.occupation_code().empty()) {
    occupation = CheckOccupation(reference, request.occupation_code(), "occupation_code", violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  PersonLevelQuery query;
  query.id_number = id->number;
  query.occupation_code = occupation == nullptr ? std::string() : occupation->code;
  return query;
}

std::vector<v1::HeldLevel> HeldLevels(const PersonLevelQuery& query, const std::vector<v1::Certificate>& certificates,
                                      const std::vector<v1::Introduction>& introductions) {
  // Per level (highest first), the earliest record holding it.
  std::map<int, std::pair<SinceKey, v1::HeldLevel>, std::greater<>> earliest;
  auto consider = [&](common::v1::SkillLevel level, const SinceKey& key, const common::v1::Date& since,
                      const std::string& number, const std::string& occupation_code) {
    auto [it, inserted] = earliest.try_emplace(static_cast<int>(level));
    if (!inserted && !(key < it->second.first)) {
      return;
    }
    it->second.first = key;
    v1::HeldLevel& held = it->second.second;
    held.set_level(level);
    *held.mutable_since() = since;
    held.set_certificate_number(number);
    held.set_occupation_code(occupation_code);
  };
  for (const v1::Certificate& certificate : certificates) {
    if (CertificateCounts(query, certificate)) {
      consider(certificate.level(), SinceKeyOf(certificate.issue_date(), 0, certificate.number()),
               certificate.issue_date(), certificate.number(), certificate.occupation_code());
    }
  }
  for (const v1::Introduction& introduction : introductions) {
    if (IntroductionCounts(query, introduction)) {
      consider(introduction.level(), SinceKeyOf(introduction.outside_issue_date(), 1, introduction.id()),
               introduction.outside_issue_date(), introduction.outside_certificate_number(),
               introduction.occupation_code());
    }
  }
  std::vector<v1::HeldLevel> levels;
  levels.reserve(earliest.size());
  for (auto& [level, entry] : earliest) {
    levels.push_back(std::move(entry.second));
  }
  return levels;
}

}  // namespace skillbridge::evaluation

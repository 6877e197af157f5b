// GetTalentProfile: the joined record of one person (技能人才库), fetched live from every connected
// source in parallel with a deadline, answering with what arrived.
#include <algorithm>
#include <thread>

#include "absl/time/clock.h"
#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "services/aggregator/api/aggregator_handlers.h"

namespace skillbridge::aggregator {

namespace {

// Who sees what of a person's profile (docs/api.md, GetTalentProfile): what each role may read of
// that person in the sources themselves.
//   ADMIN, SERVICE     everything;
//   DISTRICT_OFFICER   the certificates, trainings, competition entries, nominations, bridging
//                      applications and student records (by the school's district) of their own
//                      district (the name only when there is at least one);
//   VERIFIER           the verification view: certificates and competition entries without their
//                      full certificate numbers (a number is checked with VerifyCertificate against
//                      a name), the honours awarded (published) but no other nomination, no
//                      trainings, no bridging applications, no student records, no name, birth date
//                      or full ID number;
//   VIEWER and others  refused by the permission table.
void ScopeToDistrict(const std::string& district, v1::GetTalentProfileResponse* response) {
  auto* certificates = response->mutable_certificates();
  certificates->erase(std::remove_if(certificates->begin(), certificates->end(),
                                     [&](const v1::ProfileCertificate& c) { return c.district_code() != district; }),
                      certificates->end());
  auto* trainings = response->mutable_trainings();
  trainings->erase(std::remove_if(trainings->begin(), trainings->end(),
                                  [&](const v1::ProfileTraining& t) { return t.district_code() != district; }),
                   trainings->end());
  auto* entries = response->mutable_competition_entries();
  entries->erase(std::remove_if(entries->begin(), entries->end(),
                                [&](const v1::ProfileCompetitionEntry& e) { return e.district_code() != district; }),
                 entries->end());
  auto* nominations = response->mutable_nominations();
  nominations->erase(std::remove_if(nominations->begin(), nominations->end(),
                                    [&](const v1::ProfileNomination& n) { return n.district_code() != district; }),
                     nominations->end());
  auto* applications = response->mutable_bridge_applications();
  applications->erase(
      std::remove_if(applications->begin(), applications->end(),
                     [&](const v1::ProfileBridgeApplication& a) { return a.district_code() != district; }),
      applications->end());
  auto* students = response->mutable_student_records();
  students->erase(std::remove_if(students->begin(), students->end(),
                                 [&](const v1::ProfileStudentRecord& s) { return s.district_code() != district; }),
                  students->end());
  if (certificates->empty() && trainings->empty() && entries->empty() && nominations->empty() &&
      applications->empty() && students->empty()) {
    response->mutable_person()->clear_name();
  }
}

// A certificate number as the verification view shows it: its first 6 characters.
std::string CutNumber(const std::string& number) {
  return number.size() > 6 ? Concat(number.substr(0, 6), "****") : "****";
}

void VerificationView(const std::string& id_number, v1::GetTalentProfileResponse* response) {
  response->set_masked(true);
  response->mutable_person()->set_id_number(MaskCitizenId(id_number));
  response->mutable_person()->clear_name();
  response->mutable_person()->clear_birth_date();
  for (auto& c : *response->mutable_certificates()) {
    c.set_number(CutNumber(c.number()));
  }
  for (auto& e : *response->mutable_competition_entries()) {
    if (!e.certificate_number().empty()) {
      e.set_certificate_number(CutNumber(e.certificate_number()));
    }
  }
  response->clear_trainings();
  auto* nominations = response->mutable_nominations();
  nominations->erase(std::remove_if(nominations->begin(), nominations->end(),
                                    [](const v1::ProfileNomination& n) { return n.status() != "AWARDED"; }),
                     nominations->end());
  response->clear_bridge_applications();
  response->clear_student_records();
}

}  // namespace

absl::Status AggregatorHandlers::GetTalentProfile(const CallContext& call, const v1::GetTalentProfileRequest& request,
                                                  v1::GetTalentProfileResponse* response) {
  SB_ASSIGN_OR_RETURN(const CitizenId id, ParseCitizenId(request.id_number(), "id_number"));
  // A wall-clock deadline for the outgoing calls (call.now is the injected clock of the records).
  const absl::Time deadline = std::min(call.deadline, absl::Now() + options_.profile_deadline);
  const size_t n = profile_sources_.size();
  std::vector<v1::GetTalentProfileResponse> parts(n);
  std::vector<absl::Status> results(n);
  std::vector<int64_t> elapsed(n);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      const absl::Time start = absl::Now();
      results[i] = profile_sources_[i].fetch(id.number, deadline, &parts[i]);
      elapsed[i] = absl::ToInt64Milliseconds(absl::Now() - start);
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  common::v1::SkillLevel highest = common::v1::SKILL_LEVEL_UNSPECIFIED;
  for (size_t i = 0; i < n; ++i) {
    v1::SourceAnswer* answer = response->add_answers();
    answer->set_source(profile_sources_[i].name);
    answer->set_elapsed_ms(elapsed[i]);
    if (!results[i].ok()) {
      // The code and reason only: a transport message may name internal addresses (logged).
      answer->set_code(absl::StatusCodeToString(results[i].code()));
      answer->set_message(ReasonOf(results[i]));
      response->add_missing_sources(profile_sources_[i].name);
      response->set_partial(true);
      continue;
    }
    answer->set_code("OK");
    if (parts[i].has_person() && !response->has_person()) {
      *response->mutable_person() = parts[i].person();
    }
    for (const auto& c : parts[i].certificates()) {
      if (c.status() == "VALID" && c.level() > highest) {
        highest = c.level();
      }
      *response->add_certificates() = c;
    }
    for (const auto& t : parts[i].trainings()) {
      *response->add_trainings() = t;
    }
    for (const auto& e : parts[i].competition_entries()) {
      *response->add_competition_entries() = e;
    }
    for (const auto& nomination : parts[i].nominations()) {
      *response->add_nominations() = nomination;
    }
    for (const auto& a : parts[i].bridge_applications()) {
      *response->add_bridge_applications() = a;
    }
    for (const auto& s : parts[i].student_records()) {
      *response->add_student_records() = s;
    }
  }
  std::sort(response->mutable_student_records()->begin(), response->mutable_student_records()->end(),
            [](const v1::ProfileStudentRecord& a, const v1::ProfileStudentRecord& b) {
              return a.student_id() < b.student_id();
            });
  response->mutable_person()->set_id_number(id.number);
  response->mutable_person()->set_gender(id.male ? common::v1::GENDER_MALE : common::v1::GENDER_FEMALE);
  response->mutable_person()->mutable_birth_date()->set_year(id.birth_year);
  response->mutable_person()->mutable_birth_date()->set_month(id.birth_month);
  response->mutable_person()->mutable_birth_date()->set_day(id.birth_day);
  response->set_highest_level(highest);
  response->set_high_skilled(IsHighSkilled(highest));
  switch (call.principal.role) {
    case common::v1::ROLE_ADMIN:
    case common::v1::ROLE_SERVICE:
      break;
    case common::v1::ROLE_DISTRICT_OFFICER:
      ScopeToDistrict(call.principal.district_code, response);
      break;
    case common::v1::ROLE_VERIFIER:
      VerificationView(id.number, response);
      break;
    default:
      return absl::PermissionDeniedError("this role may not read talent profiles");
  }
  // The highest level and "high-skilled" follow what the caller sees.
  common::v1::SkillLevel visible_highest = common::v1::SKILL_LEVEL_UNSPECIFIED;
  for (const auto& c : response->certificates()) {
    if (c.status() == "VALID" && c.level() > visible_highest) {
      visible_highest = c.level();
    }
  }
  response->set_highest_level(visible_highest);
  response->set_high_skilled(IsHighSkilled(visible_highest));
  return absl::OkStatus();
}

}  // namespace skillbridge::aggregator

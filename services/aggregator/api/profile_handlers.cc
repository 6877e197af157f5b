// GetTalentProfile: the joined record of one person (技能人才库), fetched live from every connected
// source in parallel with a deadline, answering with what arrived.
#include <algorithm>
#include <thread>

#include "absl/time/clock.h"
#include "common/reference/skill_level.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "services/aggregator/api/aggregator_handlers.h"

namespace skillbridge::aggregator {

namespace {

// What callers that are not entitled to the person's data (DISTRICT_OFFICER, VIEWER) see.
void MaskProfile(const std::string& id_number, v1::GetTalentProfileResponse* response) {
  response->set_masked(true);
  response->mutable_person()->set_id_number(MaskCitizenId(id_number));
  response->mutable_person()->clear_name();
  response->mutable_person()->clear_birth_date();
  for (auto& c : *response->mutable_certificates()) {
    c.set_number(c.number().size() > 6 ? Concat(c.number().substr(0, 6), "****") : "****");
  }
  for (auto& t : *response->mutable_trainings()) {
    t.clear_enrollment_id();
  }
}

bool SeesUnmasked(common::v1::Role role) {
  return role == common::v1::ROLE_ADMIN || role == common::v1::ROLE_VERIFIER || role == common::v1::ROLE_SERVICE;
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
      answer->set_code(absl::StatusCodeToString(results[i].code()));
      answer->set_message(std::string(results[i].message()));
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
  }
  response->mutable_person()->set_id_number(id.number);
  response->mutable_person()->set_gender(id.male ? common::v1::GENDER_MALE : common::v1::GENDER_FEMALE);
  response->mutable_person()->mutable_birth_date()->set_year(id.birth_year);
  response->mutable_person()->mutable_birth_date()->set_month(id.birth_month);
  response->mutable_person()->mutable_birth_date()->set_day(id.birth_day);
  response->set_highest_level(highest);
  response->set_high_skilled(IsHighSkilled(highest));
  if (!SeesUnmasked(call.principal.role)) {
    MaskProfile(id.number, response);
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::aggregator

#include "services/competition/domain/events.h"

#include <string>

#include "common/util/proto_time.h"

namespace skillbridge::competition {

namespace {

v1::CompetitionEvent NewEvent(absl::Time now) {
  v1::CompetitionEvent event;
  SetTimestamp(now, event.mutable_time());
  return event;
}

}  // namespace

v1::CompetitionEvent CompetitionChangedEvent(const v1::Competition& competition, absl::Time now) {
  v1::CompetitionEvent event = NewEvent(now);
  auto* changed = event.mutable_competition_changed();
  changed->set_competition_id(competition.id());
  changed->set_year(competition.year());
  changed->set_level(competition.level());
  changed->set_organiser_credit_code(competition.organiser().credit_code());
  changed->set_district_code(competition.organiser().district_code());
  changed->set_status(competition.status());
  changed->set_cancel_reason(competition.cancel_reason());
  changed->set_sponsorship_fen(competition.sponsorship_fen());
  return event;
}

v1::CompetitionEvent ContestChangedEvent(const v1::Contest& contest, absl::Time now) {
  v1::CompetitionEvent event = NewEvent(now);
  auto* changed = event.mutable_contest_changed();
  changed->set_contest_id(contest.id());
  changed->set_competition_id(contest.competition_id());
  changed->set_year(contest.year());
  changed->set_level(contest.level());
  changed->set_district_code(contest.district_code());
  changed->set_occupation_code(contest.occupation_code());
  changed->set_industry_chain_code(contest.industry_chain_code());
  changed->set_group(contest.group());
  changed->set_results_published(contest.results_published());
  changed->set_ranked_count(contest.ranked_count());
  return event;
}

v1::CompetitionEvent EntryRegisteredEvent(const v1::Entry& entry, absl::Time now) {
  v1::CompetitionEvent event = NewEvent(now);
  auto* registered = event.mutable_entry_registered();
  registered->set_entry_id(entry.id());
  registered->set_contest_id(entry.contest_id());
  registered->set_competition_id(entry.competition_id());
  registered->set_id_number(entry.person().id_number());
  registered->set_year(entry.year());
  registered->set_level(entry.level());
  registered->set_occupation_code(entry.occupation_code());
  registered->set_industry_chain_code(entry.industry_chain_code());
  registered->set_group(entry.group());
  registered->set_affiliation_credit_code(entry.affiliation().credit_code());
  registered->set_district_code(entry.affiliation().district_code());
  return event;
}

v1::CompetitionEvent EntryResultPublishedEvent(const v1::Entry& entry, absl::Time now) {
  v1::CompetitionEvent event = NewEvent(now);
  auto* published = event.mutable_entry_result_published();
  published->set_entry_id(entry.id());
  published->set_contest_id(entry.contest_id());
  published->set_competition_id(entry.competition_id());
  published->set_id_number(entry.person().id_number());
  published->set_year(entry.year());
  published->set_level(entry.level());
  published->set_occupation_code(entry.occupation_code());
  published->set_industry_chain_code(entry.industry_chain_code());
  published->set_district_code(entry.affiliation().district_code());
  published->set_rank(entry.rank());
  published->set_award(entry.award());
  published->set_honour(entry.honour());
  published->set_promotion_status(entry.promotion().status());
  if (entry.promotion().status() == v1::PROMOTION_STATUS_PENDING) {
    published->set_target_level(entry.promotion().target_level());
  }
  return event;
}

v1::CompetitionEvent EntryResultCorrectedEvent(const v1::Entry& before, const v1::Entry& after, std::string_view reason,
                                               absl::Time now) {
  v1::CompetitionEvent event = NewEvent(now);
  auto* corrected = event.mutable_entry_result_corrected();
  corrected->set_entry_id(after.id());
  corrected->set_contest_id(after.contest_id());
  corrected->set_competition_id(after.competition_id());
  corrected->set_id_number(after.person().id_number());
  corrected->set_year(after.year());
  corrected->set_level(after.level());
  corrected->set_district_code(after.affiliation().district_code());
  corrected->set_previous_rank(before.rank());
  corrected->set_previous_award(before.award());
  corrected->set_previous_honour(before.honour());
  corrected->set_rank(after.rank());
  corrected->set_award(after.award());
  corrected->set_honour(after.honour());
  corrected->set_reason(std::string(reason));
  return event;
}

v1::CompetitionEvent PromotionChangedEvent(const v1::Entry& entry, absl::Time now) {
  v1::CompetitionEvent event = NewEvent(now);
  auto* changed = event.mutable_promotion_changed();
  const v1::Promotion& promotion = entry.promotion();
  changed->set_entry_id(entry.id());
  changed->set_contest_id(entry.contest_id());
  changed->set_competition_id(entry.competition_id());
  changed->set_id_number(entry.person().id_number());
  changed->set_year(entry.year());
  changed->set_level(entry.level());
  changed->set_occupation_code(entry.occupation_code());
  changed->set_industry_chain_code(entry.industry_chain_code());
  changed->set_district_code(entry.affiliation().district_code());
  changed->set_status(promotion.status());
  if (promotion.status() != v1::PROMOTION_STATUS_NOT_ELIGIBLE) {
    changed->set_target_level(promotion.target_level());
  }
  changed->set_certificate_number(promotion.certificate_number());
  changed->set_reason(promotion.reason());
  return event;
}

}  // namespace skillbridge::competition

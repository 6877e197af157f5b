#include "services/aggregator/domain/incentive_commands.h"

#include <string>
#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::aggregator {

namespace {

namespace ic = ::skillbridge::incentive::v1;

FeedCommand Replace(std::string fact_key, std::vector<ViewUpdate> updates) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kReplaceFact;
  cmd.fact_key = std::move(fact_key);
  cmd.updates = std::move(updates);
  return cmd;
}

// The person of a nomination or application in the talent database (added once, never undone).
FeedCommand Person(std::string fact_key, const std::string& id_number, const std::string& district) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kAddFact;
  cmd.fact_key = std::move(fact_key);
  cmd.updates.push_back(PersonUpdate(id_number, district));
  return cmd;
}

FeedCommand Survey(const ic::WageSurveySubmitted& s) {
  std::vector<ViewUpdate> updates;
  const std::pair<const char*, int64_t> totals[] = {
      {ids::kSurveyWorkforce, s.workforce()},
      {ids::kSurveySkilled, s.skilled_headcount()},
      {ids::kSurveyHighSkilled, s.high_skilled_headcount()},
      {ids::kSurveySkilledPay, s.skilled_pay_total_fen()},
      {ids::kSurveyHighSkilledPay, s.high_skilled_pay_total_fen()},
  };
  for (const std::string& b : YearOnlyBuckets(s.year(), s.district_code(), s.industry_chain_code(), "")) {
    for (const auto& [indicator, amount] : totals) {
      if (amount != 0) {
        updates.push_back(CountUpdate(indicator, b, amount));
      }
    }
  }
  return Replace(Concat("incentive:survey:", s.year(), ":", s.credit_code()), std::move(updates));
}

FeedCommand Nomination(const ic::NominationChanged& n) {
  std::vector<ViewUpdate> updates;
  if (n.status() == ic::NOMINATION_STATUS_AWARDED) {
    for (const std::string& b : YearOnlyBuckets(n.year(), n.district_code(), "", "")) {
      updates.push_back(CountUpdate(ids::kHonoursAwarded, b, 1));
      if (n.award_fen() != 0) {
        updates.push_back(CountUpdate(ids::kAwardAmount, b, n.award_fen()));
      }
    }
  }
  return Replace(Concat("incentive:nomination:", n.nomination_id()), std::move(updates));
}

FeedCommand BridgeApplication(const ic::BridgeApplicationChanged& a) {
  std::vector<ViewUpdate> updates;
  if (a.status() == ic::BRIDGE_STATUS_APPROVED && a.has_status_time()) {
    const common::v1::Date day = ToDate(BureauDay(FromTimestamp(a.status_time())));
    for (const std::string& b : BucketsFor(day, a.district_code(), "")) {
      updates.push_back(CountUpdate(ids::kCareerBridgeApproved, b, 1));
    }
  }
  return Replace(Concat("incentive:bridge:", a.application_id()), std::move(updates));
}

}  // namespace

std::vector<FeedCommand> CommandsForIncentiveEvent(const ic::IncentiveEvent& event) {
  std::vector<FeedCommand> out;
  switch (event.payload_case()) {
    case ic::IncentiveEvent::kWageSurveySubmitted:
      out.push_back(Survey(event.wage_survey_submitted()));
      break;
    case ic::IncentiveEvent::kNominationChanged: {
      const ic::NominationChanged& n = event.nomination_changed();
      if (!n.person().id_number().empty()) {
        out.push_back(
            Person(Concat("incentive:nominee:", n.nomination_id()), n.person().id_number(), n.district_code()));
      }
      out.push_back(Nomination(n));
      break;
    }
    case ic::IncentiveEvent::kBridgeApplicationChanged: {
      const ic::BridgeApplicationChanged& a = event.bridge_application_changed();
      if (!a.person().id_number().empty()) {
        out.push_back(
            Person(Concat("incentive:applicant:", a.application_id()), a.person().id_number(), a.district_code()));
      }
      out.push_back(BridgeApplication(a));
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace skillbridge::aggregator

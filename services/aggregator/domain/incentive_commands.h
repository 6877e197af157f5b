#pragma once
// The commands of one incentive event (see feed_commands.h), attributed as the incentive service
// attributes its records (protos/skillbridge/incentive/v1/incentive.proto: a survey to the
// enterprise's district and industry chain, a nomination and a bridging application to the
// district of the person's employer):
//   WageSurveySubmitted       — the survey of (year, credit code) as stored now, a replaced fact
//                               ("incentive:survey:<year>:<credit code>"): its five totals
//                               (workforce, skilled and high-skilled headcount, skilled and
//                               high-skilled pay) in the survey counters of its year ("Y",
//                               "Y|d:<district>", "Y|c:<chain>"). A resubmission undoes what the
//                               previous revision added and adds its own, so every total holds the
//                               latest revision of each enterprise exactly once;
//   NominationChanged         — the nomination in its latest state, a replaced fact
//                               ("incentive:nomination:<id>"): AWARDED counts 1 in honours_awarded
//                               and award_fen in award_amount, in the programme's year by the
//                               employer's district (no month); any other status counts nothing.
//                               The nominee joins the talent database (an added fact, never undone);
//   BridgeApplicationChanged  — the application in its latest state, a replaced fact
//                               ("incentive:bridge:<id>"): APPROVED counts 1 in
//                               career_bridge_approved on the bureau's civil day of status_time
//                               (year and month buckets, the employer's district); any other status
//                               counts nothing. The applicant joins the talent database.
// Replaying an event (a feed consumed again after a restart) changes nothing: a replaced fact in
// the same state is the same contribution, an added fact is added once. Other events give no
// command. Pure, thread-safe.

#include <vector>

#include "services/aggregator/domain/feed_commands.h"
#include "skillbridge/incentive/v1/events.pb.h"

namespace skillbridge::aggregator {

std::vector<FeedCommand> CommandsForIncentiveEvent(const incentive::v1::IncentiveEvent& event);

}  // namespace skillbridge::aggregator

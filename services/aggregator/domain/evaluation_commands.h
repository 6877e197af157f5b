#pragma once
// The commands of one evaluation event (see feed_commands.h):
//   CertificateIssued      — a fact: the person in the talent database; certificates_issued;
//                            for qualification and skill-level certificates newly_certified
//                            (distinct), the conversion's certificate in its occupation and, at
//                            三级 or above, newly_certified_senior_plus; at 三级 or above (any
//                            type) evidence of first reaching high-skilled; with basis
//                            COMPETITION_PROMOTION, the evidence that certifies the competition
//                            promotion ISSUED with that number (competition_commands.h);
//   CertificateRevoked     — removes that fact;
//   IntroductionRegistered — a fact: the person, introduced_skilled_persons and, at 三级 or
//                            above, evidence of first reaching high-skilled;
//   EnterpriseChanged      — membership of the eligible above-size enterprises;
//   EvaluationOrgChanged   — membership of the filed enterprise self-evaluation orgs.
// High-skilled is IsHighSkilled (common/reference/skill_level.h): a known level of 三级/高级工 or
// above. A certificate with an unspecified or unknown level still counts as issued and certified,
// never as high-skilled. Other events give no command. Pure, thread-safe.

#include <vector>

#include "services/aggregator/domain/feed_commands.h"
#include "skillbridge/evaluation/v1/events.pb.h"

namespace skillbridge::aggregator {

std::vector<FeedCommand> CommandsForEvaluationEvent(const evaluation::v1::EvaluationEvent& event);

}  // namespace skillbridge::aggregator

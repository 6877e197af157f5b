#pragma once
// The commands of one competition event (see feed_commands.h). Every figure counts in the
// competition's year (the events carry no other date), by level ("Y|l:<level>", the level's
// enum name without its prefix, e.g. "NATIONAL"), never by month:
//   CompetitionChanged   — the competition's state, a replaced fact: RESULTS_PUBLISHED counts it
//                          in competitions_held by the organiser's district and level; CANCELLED
//                          is the evidence that takes its entries out of competition_participants;
//                          any other status counts nothing;
//   EntryRegistered      — a fact: the person in the talent database (the entrant's district); the
//                          entry in competition_participants by the entrant's district, the
//                          contest's chain and the level, while its competition is not cancelled;
//   EntryResultPublished — the entry's promotion as published (PENDING or NOT_ELIGIBLE);
//   PromotionChanged     — the entry's promotion after a change (decided, re-decided by a
//                          correction, issued, refused).
// The promotion of an entry is one replaced fact, so it counts once, in its latest state:
// PENDING and ISSUED count in competition_promotions; ISSUED with a certificate number is a claim
// on that number, counted in competition_promotions_with_certificate while evaluation's feed holds
// the number as a valid certificate with basis COMPETITION_PROMOTION (CommandsForEvaluationEvent
// gives that evidence; a revocation removes it). EntryResultCorrected gives no command: what a
// correction changes that is counted (the promotion) arrives as PromotionChanged. Other events give
// no command. Pure, thread-safe.

#include <string>
#include <vector>

#include "services/aggregator/domain/feed_commands.h"
#include "skillbridge/competition/v1/events.pb.h"

namespace skillbridge::aggregator {

std::vector<FeedCommand> CommandsForCompetitionEvent(const competition::v1::CompetitionEvent& event);

// "NATIONAL" for COMPETITION_LEVEL_NATIONAL; empty for UNSPECIFIED and unknown values.
std::string CompetitionLevelCode(competition::v1::CompetitionLevel level);
// The codes of every competition level, in the enum's order (WORLD ... ENTERPRISE): the "Y|l:"
// buckets a by-level breakdown reads.
std::vector<std::string> CompetitionLevelCodes();

// The join key of a promotion certificate number (claims from competition, evidence from
// evaluation).
std::string PromotionCertificateKey(const std::string& certificate_number);

}  // namespace skillbridge::aggregator

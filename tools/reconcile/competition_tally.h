#pragma once
// The competition figures of one year counted from competition's records (ListCompetitions,
// ListEntries) and evaluation's valid promotion certificates, following the definitions in
// docs/api.md ("Competition indicators"), not the aggregator's code:
//   competitions_held                competitions of the year whose status is RESULTS_PUBLISHED, by
//                                    the organiser's district;
//   competition_participants         entries of the year whose competition is not CANCELLED, by the
//                                    district of the entrant's employer or school;
//   competition_promotions           entries of the year whose promotion is PENDING or ISSUED;
//   competition_promotion_certified  of those, ISSUED with a certificate number evaluation holds as
//                                    a valid COMPETITION_PROMOTION certificate, in percent (0 when
//                                    there are no promotions).
// Every entrant, of any year, joins the talent database of the entry's district. A record without
// a district counts for the city only. Pure, thread-compatible.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "skillbridge/competition/v1/competition.pb.h"
#include "tools/reconcile/recount.h"

namespace skillbridge::reconcile {

// Adds the figures of `year` to `figures` and the entrants to `talent`. `competitions` and
// `entries` are every record the service lists; `promotion_certificates` the numbers of
// evaluation's valid certificates with basis COMPETITION_PROMOTION.
void TallyCompetitions(const std::vector<competition::v1::Competition>& competitions,
                       const std::vector<competition::v1::Entry>& entries,
                       const std::set<std::string>& promotion_certificates, int year, Figures& figures,
                       PersonsByDistrict& talent);

}  // namespace skillbridge::reconcile

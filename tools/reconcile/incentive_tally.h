#pragma once
// The incentive figures of one year counted from incentive's records (ListWageSurveys of the year,
// ListNominations, ListBridgeApplications), following the definitions in docs/api.md ("Incentive
// indicators"), not the aggregator's code:
//   skilled_share_of_workforce     Σ skilled headcount ÷ Σ workforce of the year's surveys, percent;
//   high_skilled_share_of_skilled  Σ high-skilled headcount ÷ Σ skilled headcount, percent;
//   skill_wage_premium             (Σ high-skilled pay ÷ Σ high-skilled headcount) ÷
//                                  (Σ skilled pay ÷ Σ skilled headcount), a plain ratio;
//                                  each by the enterprise's district (a survey lists only its
//                                  current revision, so a resubmission replaces the first);
//                                  0 when a denominator is 0;
//   honours_awarded, award_amount  nominations of programmes of the year whose status is AWARDED,
//                                  and Σ their award_fen, by the employer's district;
//   career_bridge_approved         applications whose status is APPROVED and whose decide_time falls
//                                  in the year in China Standard Time, by the employer's district.
// Every nominee and applicant, of any year and state, joins the talent database of the record's
// district. A record without a district counts for the city only. Pure, thread-compatible.

#include <vector>

#include "skillbridge/incentive/v1/incentive.pb.h"
#include "tools/reconcile/recount.h"

namespace skillbridge::reconcile {

// Adds the figures of `year` to `figures` and the persons to `talent`. `surveys` are the surveys
// of `year`; `nominations` and `applications` every record the service lists.
void TallyIncentives(const std::vector<incentive::v1::WageSurvey>& surveys,
                     const std::vector<incentive::v1::Nomination>& nominations,
                     const std::vector<incentive::v1::BridgeApplication>& applications, int year, Figures& figures,
                     PersonsByDistrict& talent);

}  // namespace skillbridge::reconcile

#include "tools/simulator/plan.h"

#include <utility>

namespace skillbridge::simulator {

CityYearPlan PlanCityYear(const PlanOptions& options, const ReferenceData& reference) {
  CityYearPlan plan;
  plan.evaluation = PlanEvaluation(options, reference);
  plan.training = PlanTraining(options, reference, plan.evaluation.orgs, plan.evaluation.certificates);
  plan.competition = PlanCompetitions(options, reference, plan.evaluation.certificates);
  return plan;
}

}  // namespace skillbridge::simulator

#pragma once
// The city-year plan: every record the simulator sends, generated from a seed without any I/O
// (no clock, no network). It composes the service parts — the evaluation part
// (tools/simulator/evaluation_plan.h), the training part, which builds on the evaluation
// part's certificates (tools/simulator/training_plan.h), and the competition part, whose entrants
// are certified persons of the evaluation part (tools/simulator/competition_plan.h) — from the
// shared building blocks of
// tools/simulator/plan_random.h. The same options and reference data always give the same plan,
// and a smaller scale gives a prefix of a larger one (each kind of record comes from its own
// stream), so request ids derived from a record's position stay stable across reruns and scales.
// Pure functions; the returned plan is a plain value, safe to share read-only between threads.

#include "common/reference/reference_data.h"
#include "tools/simulator/competition_plan.h"
#include "tools/simulator/evaluation_plan.h"
#include "tools/simulator/plan_random.h"
#include "tools/simulator/training_plan.h"

namespace skillbridge::simulator {

struct CityYearPlan {
  EvaluationPlan evaluation;
  TrainingPlan training;
  CompetitionPlan competition;
};

// The whole year: PlanEvaluation, then PlanTraining over its organisations and certificates and
// PlanCompetitions over its certificates.
// (The drivers plan each part as they send it; this is the same plan in one value.)
CityYearPlan PlanCityYear(const PlanOptions& options, const ReferenceData& reference);

}  // namespace skillbridge::simulator

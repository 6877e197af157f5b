#pragma once
// Recount: the dashboard's figures of one year computed again, independently of the aggregator,
// from the records the source services list over their public gRPC APIs (evaluation's
// certificates, introductions, evaluation organisations and enterprises; training's catalogue,
// enrolments and subsidy claims; competition's competitions and entries, competition_tally.h; incentive's wage
// surveys of the year, nominations and bridging applications, incentive_tally.h; education's specialties and
// student records, education_tally.h). Used by
// `skillbridge-reconcile` (operators: does the dashboard still match the records?) and by the end-to-end tests. It
// follows DESIGN §4, not the aggregator's code: distinct persons from the certificate list, first-time high-skilled
// from each person's earliest evidence, coverage from the current registers, the conversion from each completion and
// the person's certificates in that occupation.
//
// Reads every page of every list (page size 1,000), each call with its own deadline. The stubs
// must outlive the call; thread-compatible.

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"
#include "skillbridge/education/v1/education.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "skillbridge/incentive/v1/incentive.grpc.pb.h"
#include "skillbridge/training/v1/training.grpc.pb.h"

namespace skillbridge::reconcile {

// indicator id -> district code ("" = the city) -> value. Ratios are in percent (the wage premium
// is a plain ratio).
using Figures = std::map<std::string, std::map<std::string, double>>;
// District ("" = the city) -> persons.
using PersonsByDistrict = std::map<std::string, std::set<std::string>>;

struct RecountSources {
  evaluation::v1::EvaluationService::StubInterface* evaluation = nullptr;     // required
  training::v1::TrainingService::StubInterface* training = nullptr;           // null = not connected
  competition::v1::CompetitionService::StubInterface* competition = nullptr;  // null = not connected
  incentive::v1::IncentiveService::StubInterface* incentive = nullptr;        // null = not connected
  education::v1::EducationService::StubInterface* education = nullptr;        // null = not connected
  // A bearer token allowed to list every record (ADMIN).
  std::string token;
  absl::Duration call_deadline = absl::Seconds(60);
};

// The indicators of year `year` that the connected sources give (flows counted within the year;
// coverage and the talent database as of now).
absl::StatusOr<Figures> RecountFromSources(const RecountSources& sources, int year);

// The value of `indicator` in `district` ("" = city); 0 when the recount has none.
double FigureOf(const Figures& figures, const std::string& indicator, const std::string& district);

}  // namespace skillbridge::reconcile

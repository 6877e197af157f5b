#pragma once
// Live per-person reads for the talent profile: one fetcher per source service (evaluation's
// certificates, training's enrolments, competition's entries, incentive's nominations and bridging
// applications, education's student records), each calling its source with the SERVICE token
// (common/server/peer_client.h) and a deadline; GetTalentProfile runs them in parallel and
// reports the ones that did not answer. The sources table (feed/sources.h) names the fetcher of
// each source. Errors are the source's, converted with FromGrpcStatus (code, message, reason);
// DEADLINE_EXCEEDED when no time is left. Thread-safe.

#include <functional>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

struct ProfileSource {
  std::string name;
  // Fills its part of `out` (certificates, trainings, the person) for `id_number`; every call it
  // makes ends by `deadline`.
  std::function<absl::Status(const std::string& id_number, absl::Time deadline, v1::GetTalentProfileResponse* out)>
      fetch;
};

ProfileSource EvaluationProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token);
ProfileSource TrainingProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token);
// Competition's entries of the person (ListEntries by ID number) as competition_entries (contest,
// competition and its title — GetCompetition, once per competition —, result, honour, promotion,
// district), and the person as the entries name them when no other source named them. A failed
// title lookup fails the part like a failed page.
ProfileSource CompetitionProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token);
// Incentive's nominations of the person (ListNominations by ID number) as nominations (programme,
// title, year, kind, status, award, employer and its district) and its career-bridging
// applications (ListBridgeApplications by ID number) as bridge_applications, and the person as the
// records name them when no other source named them.
ProfileSource IncentiveProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token);
// Education's student records of the person (ListStudents by ID number, every record of the
// person's history, transfers linked) as student_records (school, specialty, district, chain,
// cohort, target level, status and its date, first destination), and the person as the records
// name them when no other source named them.
ProfileSource EducationProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token);

}  // namespace skillbridge::aggregator

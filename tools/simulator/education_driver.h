#pragma once
// Sends the education part of the plan (tools/simulator/education_plan.h) over the services'
// public gRPC APIs as the city bureau (ADMIN token): the filed schools' evaluation organisations
// are created in evaluation and taken to FILED (CreateEvaluationOrg, StartFilingAssessment,
// ApproveFiling) before the schools are registered with education (which asks evaluation for
// the filing); then the specialties (created, designated featured, a few closed), the students
// in concurrent BatchEnrolStudents batches per school, the year's withdrawals and transfers, the
// oldest cohort's BatchGraduateStudents, first destinations with the reward granted and paid,
// the partnerships (a few ended), and finally the year's GetEducationStats, compared with the
// plan's counts.
// Idempotent: request ids derived from the seed and the record (batches also from their
// content); schools, specialties and evaluation organisations that exist count as done; students
// are found again by school and person (ListStudents), partnerships by school, enterprise, kind,
// specialty and start year; steps already taken are skipped, so a rerun adds nothing even after
// the idempotency records expired. Refusals are counted by reason (none are planned) and the run
// goes on; transport failures after retries end the run.
// Not thread-safe (one Run at a time); it uses its own threads inside.

#include <memory>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "common/reference/reference_data.h"
#include "skillbridge/education/v1/education.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "tools/simulator/education_plan.h"
#include "tools/simulator/evaluation_driver.h"
#include "tools/simulator/run_options.h"
#include "tools/simulator/simulation.h"

namespace skillbridge::simulator {

using EducationRunOptions = PartRunOptions;

class EducationDriver final {
 public:
  // `evaluation_channel`: where the schools' evaluation organisations are filed.
  EducationDriver(std::shared_ptr<grpc::Channel> education_channel, std::shared_ptr<grpc::Channel> evaluation_channel,
                  std::shared_ptr<const ReferenceData> reference, EducationRunOptions options);

  // `evaluation` is the report of the evaluation part (its enterprises and cutoff).
  absl::StatusOr<EducationReport> Run(const EvaluationReport& evaluation);

 private:
  // The plan's students' records as education has them (the record at the planned school; empty
  // id when not on record).
  using Records = std::vector<education::v1::Student>;

  absl::Status FileSchoolOrgs(const EducationPlan& plan, EducationReport& report);
  absl::Status RegisterSchools(const EducationPlan& plan, EducationReport& report);
  absl::Status RunSpecialties(const EducationPlan& plan, EducationReport& report);
  absl::Status FindStudents(const EducationPlan& plan, Records& records);
  absl::Status EnrolStudents(const EducationPlan& plan, Records& records, EducationReport& report);
  absl::Status RunWithdrawalsAndTransfers(const EducationPlan& plan, Records& records, EducationReport& report);
  absl::Status GraduateStudents(const EducationPlan& plan, Records& records, EducationReport& report);
  absl::Status RunDestinations(const EducationPlan& plan, Records& records, EducationReport& report);
  absl::Status RunPartnerships(const EducationPlan& plan, EducationReport& report);
  absl::Status ReadStats(const EducationPlan& plan, EducationReport& report);

  std::unique_ptr<education::v1::EducationService::Stub> stub_;
  std::unique_ptr<evaluation::v1::EvaluationService::Stub> evaluation_;
  std::shared_ptr<const ReferenceData> reference_;
  EducationRunOptions options_;
};

}  // namespace skillbridge::simulator

#include "services/aggregator/domain/training_commands.h"
#include "services/aggregator/feed/feed_source.h"
#include "skillbridge/training/v1/training.grpc.pb.h"

namespace skillbridge::aggregator {

bool HaveTrainingSource() { return true; }

std::unique_ptr<FeedSource> MakeTrainingFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  namespace tr = ::skillbridge::training::v1;
  using Source =
      GrpcFeedSource<tr::TrainingService::Stub, tr::ListEventsRequest, tr::ListEventsResponse, tr::TrainingEvent>;
  return std::make_unique<Source>(v1::SOURCE_TRAINING, tr::TrainingService::NewStub(channel), std::move(token),
                                  &CommandsForTrainingEvent);
}

}  // namespace skillbridge::aggregator

// The training part of the talent profile.
#include "services/aggregator/api/profile_sources.h"

namespace skillbridge::aggregator {

ProfileSource TrainingProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  namespace tr = ::skillbridge::training::v1;
  std::shared_ptr<tr::TrainingService::Stub> stub = tr::TrainingService::NewStub(channel);
  ProfileSource source;
  source.name = "training";
  source.fetch = [stub, token](const std::string& id_number, absl::Time deadline,
                               v1::GetTalentProfileResponse* out) -> absl::Status {
    std::string page_token;
    do {
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + token);
      context.set_deadline(absl::ToChronoTime(deadline));
      tr::ListEnrollmentsRequest request;
      request.set_id_number(id_number);
      request.set_page_size(1000);
      request.set_page_token(page_token);
      tr::ListEnrollmentsResponse response;
      grpc::Status status = stub->ListEnrollments(&context, request, &response);
      if (!status.ok()) {
        return FromGrpc(status);
      }
      for (const tr::Enrollment& e : response.enrollments()) {
        v1::ProfileTraining* p = out->add_trainings();
        p->set_enrollment_id(e.id());
        p->set_course_id(e.course_id());
        p->set_occupation_code(e.occupation_code());
        p->set_level(e.level());
        p->set_state(tr::EnrollmentState_Name(e.state()));
        p->set_institution_credit_code(e.institution_credit_code());
        p->set_district_code(e.district_code());
      }
      page_token = response.next_page_token();
    } while (!page_token.empty());
    return absl::OkStatus();
  };
  return source;
}

}  // namespace skillbridge::aggregator

#include "services/aggregator/domain/training_commands.h"

#include <string>
#include <utility>

#include "common/util/concat.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::aggregator {

namespace tr = ::skillbridge::training::v1;

std::vector<FeedCommand> CommandsForTrainingEvent(const tr::TrainingEvent& event) {
  std::vector<FeedCommand> out;
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kAddFact;
  switch (event.payload_case()) {
    case tr::TrainingEvent::kEnrollmentCreated: {
      const tr::EnrollmentCreated& e = event.enrollment_created();
      cmd.fact_key = Concat("training:enrolled:", e.enrollment_id());
      cmd.updates.push_back(PersonUpdate(e.id_number(), e.district_code()));
      break;
    }
    case tr::TrainingEvent::kEnrollmentCompleted: {
      const tr::EnrollmentCompleted& e = event.enrollment_completed();
      cmd.fact_key = Concat("training:completed:", e.enrollment_id());
      cmd.updates.push_back(PersonUpdate(e.id_number(), e.district_code()));
      const std::vector<std::string> buckets =
          BucketsFor(e.completed_date(), e.district_code(), e.industry_chain_code());
      for (const std::string& b : buckets) {
        cmd.updates.push_back(CountUpdate(ids::kTrainingCompleted, b, 1));
        if (e.subsidised()) {
          cmd.updates.push_back(CountUpdate(ids::kSubsidisedTraining, b, 1));
        }
      }
      // The conversion's denominator is kTrainingCompleted over the same buckets.
      if (!buckets.empty()) {
        cmd.updates.push_back(
            TraineeUpdate(e.id_number(), e.occupation_code(), e.completed_date(), e.enrollment_id(), buckets));
      }
      break;
    }
    case tr::TrainingEvent::kSubsidyClaimPaid: {
      const tr::SubsidyClaimPaid& p = event.subsidy_claim_paid();
      cmd.fact_key = Concat("training:paid:", p.claim_id());
      for (const std::string& b : BucketsFor(p.paid_date(), p.district_code(), p.industry_chain_code())) {
        cmd.updates.push_back(CountUpdate(ids::kSubsidyPaid, b, p.amount_fen()));
      }
      break;
    }
    default:
      return out;
  }
  out.push_back(std::move(cmd));
  return out;
}

}  // namespace skillbridge::aggregator

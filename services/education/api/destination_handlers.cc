// Placeholder: the destination handlers are being written.

#include "services/education/api/education_handlers.h"

namespace skillbridge::education {

absl::Status EducationHandlers::RecordFirstEmployment(const CallContext& /*call*/,
                                                      const v1::RecordFirstEmploymentRequest& /*request*/,
                                                      v1::RecordFirstEmploymentResponse* /*response*/) {
  return absl::UnimplementedError("RecordFirstEmployment");
}

absl::Status EducationHandlers::GrantEmploymentReward(const CallContext& /*call*/,
                                                      const v1::GrantEmploymentRewardRequest& /*request*/,
                                                      v1::GrantEmploymentRewardResponse* /*response*/) {
  return absl::UnimplementedError("GrantEmploymentReward");
}

absl::Status EducationHandlers::MarkEmploymentRewardPaid(const CallContext& /*call*/,
                                                         const v1::MarkEmploymentRewardPaidRequest& /*request*/,
                                                         v1::MarkEmploymentRewardPaidResponse* /*response*/) {
  return absl::UnimplementedError("MarkEmploymentRewardPaid");
}

}  // namespace skillbridge::education

// Placeholder: the partnership handlers are being written.

#include "services/education/api/education_handlers.h"

namespace skillbridge::education {

absl::Status EducationHandlers::CreatePartnership(const CallContext& /*call*/,
                                                  const v1::CreatePartnershipRequest& /*request*/,
                                                  v1::CreatePartnershipResponse* /*response*/) {
  return absl::UnimplementedError("CreatePartnership");
}

absl::Status EducationHandlers::GetPartnership(const CallContext& /*call*/,
                                               const v1::GetPartnershipRequest& /*request*/,
                                               v1::GetPartnershipResponse* /*response*/) {
  return absl::UnimplementedError("GetPartnership");
}

absl::Status EducationHandlers::ListPartnerships(const CallContext& /*call*/,
                                                 const v1::ListPartnershipsRequest& /*request*/,
                                                 v1::ListPartnershipsResponse* /*response*/) {
  return absl::UnimplementedError("ListPartnerships");
}

absl::Status EducationHandlers::EndPartnership(const CallContext& /*call*/,
                                               const v1::EndPartnershipRequest& /*request*/,
                                               v1::EndPartnershipResponse* /*response*/) {
  return absl::UnimplementedError("EndPartnership");
}

}  // namespace skillbridge::education

// Placeholder: the specialty handlers are being written.

#include "services/education/api/education_handlers.h"

namespace skillbridge::education {

absl::Status EducationHandlers::CreateSpecialty(const CallContext& /*call*/,
                                                const v1::CreateSpecialtyRequest& /*request*/,
                                                v1::CreateSpecialtyResponse* /*response*/) {
  return absl::UnimplementedError("CreateSpecialty");
}

absl::Status EducationHandlers::GetSpecialty(const CallContext& /*call*/, const v1::GetSpecialtyRequest& /*request*/,
                                             v1::GetSpecialtyResponse* /*response*/) {
  return absl::UnimplementedError("GetSpecialty");
}

absl::Status EducationHandlers::ListSpecialties(const CallContext& /*call*/,
                                                const v1::ListSpecialtiesRequest& /*request*/,
                                                v1::ListSpecialtiesResponse* /*response*/) {
  return absl::UnimplementedError("ListSpecialties");
}

absl::Status EducationHandlers::UpdateSpecialty(const CallContext& /*call*/,
                                                const v1::UpdateSpecialtyRequest& /*request*/,
                                                v1::UpdateSpecialtyResponse* /*response*/) {
  return absl::UnimplementedError("UpdateSpecialty");
}

absl::Status EducationHandlers::SetSpecialtyFeatured(const CallContext& /*call*/,
                                                     const v1::SetSpecialtyFeaturedRequest& /*request*/,
                                                     v1::SetSpecialtyFeaturedResponse* /*response*/) {
  return absl::UnimplementedError("SetSpecialtyFeatured");
}

absl::Status EducationHandlers::CloseSpecialty(const CallContext& /*call*/,
                                               const v1::CloseSpecialtyRequest& /*request*/,
                                               v1::CloseSpecialtyResponse* /*response*/) {
  return absl::UnimplementedError("CloseSpecialty");
}

}  // namespace skillbridge::education

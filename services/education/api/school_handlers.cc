// Placeholder: the school handlers are being written.

#include "services/education/api/education_handlers.h"

namespace skillbridge::education {

absl::Status EducationHandlers::RegisterSchool(const CallContext& /*call*/,
                                               const v1::RegisterSchoolRequest& /*request*/,
                                               v1::RegisterSchoolResponse* /*response*/) {
  return absl::UnimplementedError("RegisterSchool");
}

absl::Status EducationHandlers::GetSchool(const CallContext& /*call*/, const v1::GetSchoolRequest& /*request*/,
                                          v1::GetSchoolResponse* /*response*/) {
  return absl::UnimplementedError("GetSchool");
}

absl::Status EducationHandlers::ListSchools(const CallContext& /*call*/, const v1::ListSchoolsRequest& /*request*/,
                                            v1::ListSchoolsResponse* /*response*/) {
  return absl::UnimplementedError("ListSchools");
}

absl::Status EducationHandlers::UpdateSchool(const CallContext& /*call*/, const v1::UpdateSchoolRequest& /*request*/,
                                             v1::UpdateSchoolResponse* /*response*/) {
  return absl::UnimplementedError("UpdateSchool");
}

absl::Status EducationHandlers::RefreshSchoolFiling(const CallContext& /*call*/,
                                                    const v1::RefreshSchoolFilingRequest& /*request*/,
                                                    v1::RefreshSchoolFilingResponse* /*response*/) {
  return absl::UnimplementedError("RefreshSchoolFiling");
}

absl::Status EducationHandlers::CloseSchool(const CallContext& /*call*/, const v1::CloseSchoolRequest& /*request*/,
                                            v1::CloseSchoolResponse* /*response*/) {
  return absl::UnimplementedError("CloseSchool");
}

}  // namespace skillbridge::education

// Placeholder: filled in by the part that owns it.
#include "services/incentive/api/incentive_handlers.h"

namespace skillbridge::incentive {

absl::Status IncentiveHandlers::SubmitWageSurveys(const CallContext& /*call*/, const v1::SubmitWageSurveysRequest& /*request*/,
                                       v1::SubmitWageSurveysResponse* /*response*/) {
  return absl::UnimplementedError("SubmitWageSurveys");
}

absl::Status IncentiveHandlers::GetWageSurvey(const CallContext& /*call*/, const v1::GetWageSurveyRequest& /*request*/,
                                       v1::GetWageSurveyResponse* /*response*/) {
  return absl::UnimplementedError("GetWageSurvey");
}

absl::Status IncentiveHandlers::ListWageSurveys(const CallContext& /*call*/, const v1::ListWageSurveysRequest& /*request*/,
                                       v1::ListWageSurveysResponse* /*response*/) {
  return absl::UnimplementedError("ListWageSurveys");
}

absl::Status IncentiveHandlers::CloseSurveyYear(const CallContext& /*call*/, const v1::CloseSurveyYearRequest& /*request*/,
                                       v1::CloseSurveyYearResponse* /*response*/) {
  return absl::UnimplementedError("CloseSurveyYear");
}

absl::Status IncentiveHandlers::GetWageSurveySummary(const CallContext& /*call*/, const v1::GetWageSurveySummaryRequest& /*request*/,
                                       v1::GetWageSurveySummaryResponse* /*response*/) {
  return absl::UnimplementedError("GetWageSurveySummary");
}

}  // namespace skillbridge::incentive

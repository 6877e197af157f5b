#pragma once
// The resource names of the incentive service (docs/api.md "Resource names"; listed in the
// header comment of protos/skillbridge/incentive/v1/incentive.proto), spelled once: what the audit
// trail records in `resource` for every mutation.
//   wageSurveys/{year}/{credit_code}   surveyYears/{year}   programmes/{id}   nominations/{id}
//   platforms/{id}   fundings/{id}   bridgeApplications/{id}
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/util/concat.h"

namespace skillbridge::incentive::names {

inline std::string WageSurvey(int year, std::string_view credit_code) {
  return Concat("wageSurveys/", year, "/", credit_code);
}
inline std::string SurveyYear(int year) { return Concat("surveyYears/", year); }
inline std::string Programme(std::string_view id) { return Concat("programmes/", id); }
inline std::string Nomination(std::string_view id) { return Concat("nominations/", id); }
inline std::string Platform(std::string_view id) { return Concat("platforms/", id); }
inline std::string Funding(std::string_view id) { return Concat("fundings/", id); }
inline std::string BridgeApplication(std::string_view id) { return Concat("bridgeApplications/", id); }

}  // namespace skillbridge::incentive::names

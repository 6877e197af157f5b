#pragma once
// The resource names of the evaluation service (docs/api.md "Resource names"; listed in the
// header comment of protos/skillbridge/evaluation/v1/evaluation.proto). Records are addressed by
// their natural keys; these names are what the audit trail records in `resource`. The only place
// the patterns are spelled. Pure functions; thread-safe.
//
//   evaluationOrgs/{credit_code}   certificates/{number}   introductions/{id}   enterprises/{credit_code}

#include <string>
#include <string_view>

#include "common/util/concat.h"

namespace skillbridge::evaluation::names {

// The certificates as a collection (what one audit entry of a batch names).
inline constexpr std::string_view kCertificates = "certificates";

inline std::string EvaluationOrg(std::string_view credit_code) { return Concat("evaluationOrgs/", credit_code); }
inline std::string Certificate(std::string_view number) { return Concat("certificates/", number); }
inline std::string Introduction(std::string_view id) { return Concat("introductions/", id); }
inline std::string Enterprise(std::string_view credit_code) { return Concat("enterprises/", credit_code); }

}  // namespace skillbridge::evaluation::names

#pragma once
// EvaluationLookup: what the incentive service asks the evaluation service, live, before it
// writes:
//   Qualifications: every skill level a person holds (valid certificates and registered
//     introductions, of one occupation or of any), highest first, each with the earliest date it
//     was held — honours with a required level and career bridging check against it;
//   Enterprises: which of a set of credit codes are in the register of above-designated-size
//     enterprises, with the district and industry chain the register has — a wage-survey row is
//     attributed by them.
// Answers: the data; INVALID_ARGUMENT when evaluation refuses the question for good (e.g. an ID
// number it does not accept); otherwise a non-OK status with reason EVALUATION_UNAVAILABLE
// (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED) when it could not be asked or could not
// answer now — the handler then writes nothing and the caller retries. Implementations are
// thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge::incentive {

inline constexpr char kReasonEvaluationUnavailable[] = "EVALUATION_UNAVAILABLE";

// One level a person holds, with the earliest record holding it.
struct HeldQualification {
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  common::v1::Date since;
  std::string certificate_number;
  std::string occupation_code;
};

// An enterprise as the register has it.
struct RegisteredEnterprise {
  common::v1::OrgRef org;  // credit code, name, district
  std::string industry_chain_code;
  bool above_designated_size = false;
};

class EvaluationLookup {
 public:
  virtual ~EvaluationLookup() = default;
  // Highest level first; empty when the person holds none. `occupation_code` "" = any.
  // `deadline`: the caller's deadline (InfiniteFuture when none).
  virtual absl::StatusOr<std::vector<HeldQualification>> Qualifications(std::string_view id_number,
                                                                        std::string_view occupation_code,
                                                                        absl::Time deadline) = 0;
  // The registered ones among `credit_codes` (canonical, distinct; any number: asked in chunks
  // of at most 5,000), by credit code.
  virtual absl::StatusOr<std::map<std::string, RegisteredEnterprise>> Enterprises(
      const std::vector<std::string>& credit_codes, absl::Time deadline) = 0;
};

}  // namespace skillbridge::incentive

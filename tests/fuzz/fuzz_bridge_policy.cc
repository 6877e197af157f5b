// Fuzzes the career-bridging policy file (reference/career_bridging.tsv) the way the incentive
// service reads it at start-up: BridgePolicy::Parse over arbitrary text (services/incentive/
// domain/bridge_policy.h), then Decide for every rule against a range of held levels and dates.
// The file I/O is left out.
//
// Invariants:
//  - Parse answers OK or INVALID_ARGUMENT, and a refusal names the file and a line
//    ("<source>:<line>").
//  - An accepted policy has at least one rule, no two with the same series and grade, each with a
//    known series, grade and level and 0..30 years; Find returns each rule.
//  - Decide: eligible exactly when some held level is at or above the rule's level since at least
//    min_years_held whole years before today (or 0 years required); a refusal explains itself
//    (non-empty shortfall) and an eligible basis is at or above the rule's level.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "services/incentive/domain/bridge_policy.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

constexpr char kSource[] = "bridging.tsv";

common::v1::Date DateOf(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

void CheckDecisions(const incentive::BridgePolicy& policy) {
  const common::v1::Date today = DateOf(2026, 6, 15);
  for (const incentive::BridgeRule& rule : policy.rules()) {
    FUZZ_CHECK(policy.Find(rule.series, rule.grade) == &rule, rule.title_name);
    FUZZ_CHECK(rule.min_years_held >= 0 && rule.min_years_held <= 30, rule.title_name);
    for (int level = common::v1::SKILL_LEVEL_5_JUNIOR; level <= common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN; ++level) {
      for (const int years_ago : {0, 1, 2, 3, 4, 10, 40}) {
        std::vector<incentive::HeldQualification> held(1);
        held[0].level = static_cast<common::v1::SkillLevel>(level);
        held[0].since = DateOf(2026 - years_ago, 6, 15);
        const incentive::BridgeDecision decision = incentive::BridgePolicy::Decide(rule, held, today);
        const bool expected = level >= rule.min_level && years_ago >= rule.min_years_held;
        FUZZ_CHECK(decision.eligible == expected,
                   rule.title_name + " " + std::to_string(level) + " " + std::to_string(years_ago));
        FUZZ_CHECK(decision.eligible || !decision.shortfall.empty(), rule.title_name);
        FUZZ_CHECK(!decision.eligible || decision.basis.level >= rule.min_level, rule.title_name);
      }
    }
    const incentive::BridgeDecision none = incentive::BridgePolicy::Decide(rule, {}, today);
    FUZZ_CHECK(!none.eligible && !none.shortfall.empty(), rule.title_name);
  }
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillbridge;  // NOLINT(build/namespaces): one function, all names from here
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto policy = incentive::BridgePolicy::Parse(text, kSource);
  if (!policy.ok()) {
    FUZZ_CHECK(policy.status().code() == absl::StatusCode::kInvalidArgument, policy.status().ToString());
    FUZZ_CHECK(policy.status().message().find(std::string(kSource) + ":") != std::string_view::npos,
               policy.status().ToString());
    return 0;
  }
  FUZZ_CHECK(!policy->rules().empty(), "an accepted policy without rules");
  CheckDecisions(*policy);
  return 0;
}

// Fuzzes the competition promotion policy file (reference/competition_promotion.tsv) the way the
// competition service reads it at start-up: PromotionPolicy::Parse over arbitrary text
// (services/competition/domain/promotion_policy.h). The file I/O is left out.
//
// Invariants:
//  - Parse answers OK or INVALID_ARGUMENT, and a refusal names the file and a line
//    ("<source>:<line>").
//  - For an accepted policy, Decide for every competition level, group, award and rank 0..12 of a
//    field of 12, with every current level: never fails; kPromoted exactly when a target level is
//    set, and the target is a certifiable level (五级..一级) no lower than the rule's level and
//    above the current level; stepped_up only when the current level already reached the rule's
//    level; a rule line is reported exactly when a rule applies; an honour is a known title.
//  - The same text parses to the same decisions (no state kept between parses).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "services/competition/domain/promotion_policy.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

namespace cp = ::skillbridge::competition::v1;
using common::v1::SkillLevel;

constexpr char kSource[] = "policy.tsv";

bool Certifiable(SkillLevel level) {
  return level >= common::v1::SKILL_LEVEL_5_JUNIOR && level <= common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN;
}

std::string Fingerprint(const competition::PromotionDecision& d) {
  return std::to_string(static_cast<int>(d.outcome)) + "/" + std::to_string(d.target_level.value_or(SkillLevel{})) +
         "/" + std::to_string(d.rule_level) + "/" + std::to_string(d.stepped_up) + "/" +
         std::to_string(d.promotion_rule_line) + "/" + std::to_string(d.honour) + "/" +
         std::to_string(d.honour_rule_line);
}

std::string CheckDecisions(const competition::PromotionPolicy& policy) {
  std::string all;
  for (int level = cp::CompetitionLevel_MIN + 1; level <= cp::CompetitionLevel_MAX; ++level) {
    for (const cp::ContestGroup group : {cp::CONTEST_GROUP_EMPLOYEES, cp::CONTEST_GROUP_STUDENTS}) {
      for (int award = cp::AWARD_NONE; award <= cp::Award_MAX; ++award) {
        for (int rank = 0; rank <= 12; rank += 3) {
          for (const SkillLevel current :
               {common::v1::SKILL_LEVEL_UNSPECIFIED, common::v1::SKILL_LEVEL_4_INTERMEDIATE,
                common::v1::SKILL_LEVEL_2_TECHNICIAN, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN}) {
            const auto decision = policy.Decide(static_cast<cp::CompetitionLevel>(level), group,
                                                static_cast<cp::Award>(award), rank, 12, current);
            FUZZ_CHECK(decision.ok(), decision.status().ToString());
            const bool promoted = decision->outcome == competition::PromotionOutcome::kPromoted;
            FUZZ_CHECK(promoted == decision->target_level.has_value(), Fingerprint(*decision));
            if (promoted) {
              const SkillLevel target = *decision->target_level;
              FUZZ_CHECK(Certifiable(target), Fingerprint(*decision));
              FUZZ_CHECK(target >= decision->rule_level, Fingerprint(*decision));
              FUZZ_CHECK(current == common::v1::SKILL_LEVEL_UNSPECIFIED || target > current, Fingerprint(*decision));
              FUZZ_CHECK(!decision->stepped_up || current >= decision->rule_level, Fingerprint(*decision));
            }
            FUZZ_CHECK(
                (decision->promotion_rule_line > 0) == (decision->rule_level != common::v1::SKILL_LEVEL_UNSPECIFIED),
                Fingerprint(*decision));
            FUZZ_CHECK(cp::HonourTitle_IsValid(decision->honour), Fingerprint(*decision));
            FUZZ_CHECK((decision->honour_rule_line > 0) == (decision->honour != cp::HONOUR_TITLE_UNSPECIFIED),
                       Fingerprint(*decision));
            all += Fingerprint(*decision) + ";";
          }
        }
      }
    }
  }
  return all;
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillbridge;  // NOLINT(build/namespaces): one function, all names from here
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto policy = competition::PromotionPolicy::Parse(text, kSource);
  if (!policy.ok()) {
    FUZZ_CHECK(policy.status().code() == absl::StatusCode::kInvalidArgument, policy.status().ToString());
    FUZZ_CHECK(policy.status().message().find(std::string(kSource) + ":") != std::string_view::npos,
               policy.status().ToString());
    return 0;
  }
  const std::string first = CheckDecisions(*policy);
  const auto again = competition::PromotionPolicy::Parse(text, kSource);
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(CheckDecisions(*again) == first, "the same text decided differently");
  return 0;
}

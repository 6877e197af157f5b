// Placeholder: filled in by the part that owns it.
#include "services/incentive/domain/bridge_policy.h"

namespace skillbridge::incentive {

absl::StatusOr<BridgePolicy> BridgePolicy::Parse(std::string_view /*content*/, std::string_view /*source*/) {
  return BridgePolicy();
}
absl::StatusOr<BridgePolicy> BridgePolicy::LoadFromFile(const std::string& /*path*/) { return BridgePolicy(); }
const BridgeRule* BridgePolicy::Find(v1::TitleSeries /*series*/, v1::TitleGrade /*grade*/) const { return nullptr; }
std::vector<v1::BridgePolicy> BridgePolicy::ToProtos() const { return {}; }
BridgeDecision BridgePolicy::Decide(const BridgeRule& /*rule*/, const std::vector<HeldQualification>& /*held*/,
                                    const common::v1::Date& /*today*/) {
  return {};
}

}  // namespace skillbridge::incentive

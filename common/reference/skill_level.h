#pragma once
// Skill level helpers (the 2022 "new eight levels"); the enum's numeric order is the rank.
// Pure functions.

#include <optional>
#include <string_view>

#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge {

// 三级/高级工 or above.
bool IsHighSkilled(common::v1::SkillLevel level);

// Level digit used in certificate numbers: 五级 → 5 … 一级 → 1; nullopt for others.
std::optional<int> LevelDigit(common::v1::SkillLevel level);
std::optional<common::v1::SkillLevel> LevelFromDigit(int digit);

// Chinese display name, e.g. "三级/高级工".
std::string_view LevelChineseName(common::v1::SkillLevel level);

// True for a defined, non-UNSPECIFIED enum value.
bool IsKnownLevel(int value);

}  // namespace skillbridge

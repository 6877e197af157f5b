#pragma once
// Skill level helpers (the 2022 "new eight levels"); the enum's numeric order is the rank:
// 学徒工 < 五级/初级工 < 四级/中级工 < 三级/高级工 < 二级/技师 < 一级/高级技师 < 特级技师 < 首席技师.
// Pure functions, thread-safe.

#include <optional>
#include <string_view>

#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge {

// 三级/高级工 or above (高技能人才).
bool IsHighSkilled(common::v1::SkillLevel level);

// Level digit used in certificate numbers: 五级 → 5 … 一级 → 1; nullopt for others.
std::optional<int> LevelDigit(common::v1::SkillLevel level);
// Inverse of LevelDigit: 1..5 → 一级..五级; nullopt for other digits.
std::optional<common::v1::SkillLevel> LevelFromDigit(int digit);

// Chinese display name, e.g. "三级/高级工"; "未指定" for UNSPECIFIED and "未知" for values outside
// the enum.
std::string_view LevelChineseName(common::v1::SkillLevel level);

// True for a defined, non-UNSPECIFIED enum value.
bool IsKnownLevel(int value);

}  // namespace skillbridge

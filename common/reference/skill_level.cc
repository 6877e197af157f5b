#include "common/reference/skill_level.h"

namespace skillbridge {

using common::v1::SkillLevel;

bool IsHighSkilled(SkillLevel level) { return IsKnownLevel(level) && level >= common::v1::SKILL_LEVEL_3_SENIOR; }

std::optional<int> LevelDigit(SkillLevel level) {
  switch (level) {
    case common::v1::SKILL_LEVEL_5_JUNIOR:
      return 5;
    case common::v1::SKILL_LEVEL_4_INTERMEDIATE:
      return 4;
    case common::v1::SKILL_LEVEL_3_SENIOR:
      return 3;
    case common::v1::SKILL_LEVEL_2_TECHNICIAN:
      return 2;
    case common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN:
      return 1;
    default:
      return std::nullopt;
  }
}

std::optional<SkillLevel> LevelFromDigit(int digit) {
  switch (digit) {
    case 5:
      return common::v1::SKILL_LEVEL_5_JUNIOR;
    case 4:
      return common::v1::SKILL_LEVEL_4_INTERMEDIATE;
    case 3:
      return common::v1::SKILL_LEVEL_3_SENIOR;
    case 2:
      return common::v1::SKILL_LEVEL_2_TECHNICIAN;
    case 1:
      return common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN;
    default:
      return std::nullopt;
  }
}

std::string_view LevelChineseName(SkillLevel level) {
  switch (level) {
    case common::v1::SKILL_LEVEL_UNSPECIFIED:
      return "未指定";
    case common::v1::SKILL_LEVEL_APPRENTICE:
      return "学徒工";
    case common::v1::SKILL_LEVEL_5_JUNIOR:
      return "五级/初级工";
    case common::v1::SKILL_LEVEL_4_INTERMEDIATE:
      return "四级/中级工";
    case common::v1::SKILL_LEVEL_3_SENIOR:
      return "三级/高级工";
    case common::v1::SKILL_LEVEL_2_TECHNICIAN:
      return "二级/技师";
    case common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN:
      return "一级/高级技师";
    case common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN:
      return "特级技师";
    case common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN:
      return "首席技师";
    default:
      return "未知";
  }
}

bool IsKnownLevel(int value) {
  return value != common::v1::SKILL_LEVEL_UNSPECIFIED && common::v1::SkillLevel_IsValid(value);
}

}  // namespace skillbridge

#include "common/reference/skill_level.h"

#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using common::v1::SkillLevel;

TEST(SkillLevelTest, HighSkilledIsSeniorOrAbove) {
  EXPECT_FALSE(IsHighSkilled(common::v1::SKILL_LEVEL_UNSPECIFIED));
  EXPECT_FALSE(IsHighSkilled(common::v1::SKILL_LEVEL_APPRENTICE));
  EXPECT_FALSE(IsHighSkilled(common::v1::SKILL_LEVEL_5_JUNIOR));
  EXPECT_FALSE(IsHighSkilled(common::v1::SKILL_LEVEL_4_INTERMEDIATE));
  EXPECT_TRUE(IsHighSkilled(common::v1::SKILL_LEVEL_3_SENIOR));
  EXPECT_TRUE(IsHighSkilled(common::v1::SKILL_LEVEL_2_TECHNICIAN));
  EXPECT_TRUE(IsHighSkilled(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN));
  EXPECT_TRUE(IsHighSkilled(common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN));
  EXPECT_TRUE(IsHighSkilled(common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN));
  EXPECT_FALSE(IsHighSkilled(static_cast<SkillLevel>(99)));
}

TEST(SkillLevelTest, EnumOrderIsRank) {
  EXPECT_LT(common::v1::SKILL_LEVEL_APPRENTICE, common::v1::SKILL_LEVEL_5_JUNIOR);
  EXPECT_LT(common::v1::SKILL_LEVEL_5_JUNIOR, common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  EXPECT_LT(common::v1::SKILL_LEVEL_4_INTERMEDIATE, common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_LT(common::v1::SKILL_LEVEL_3_SENIOR, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_LT(common::v1::SKILL_LEVEL_2_TECHNICIAN, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
  EXPECT_LT(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN);
  EXPECT_LT(common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN, common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN);
}

TEST(SkillLevelTest, LevelDigits) {
  EXPECT_EQ(LevelDigit(common::v1::SKILL_LEVEL_5_JUNIOR), 5);
  EXPECT_EQ(LevelDigit(common::v1::SKILL_LEVEL_4_INTERMEDIATE), 4);
  EXPECT_EQ(LevelDigit(common::v1::SKILL_LEVEL_3_SENIOR), 3);
  EXPECT_EQ(LevelDigit(common::v1::SKILL_LEVEL_2_TECHNICIAN), 2);
  EXPECT_EQ(LevelDigit(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN), 1);
  EXPECT_FALSE(LevelDigit(common::v1::SKILL_LEVEL_UNSPECIFIED).has_value());
  EXPECT_FALSE(LevelDigit(common::v1::SKILL_LEVEL_APPRENTICE).has_value());
  EXPECT_FALSE(LevelDigit(common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN).has_value());
  EXPECT_FALSE(LevelDigit(common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN).has_value());
}

TEST(SkillLevelTest, LevelFromDigitIsInverse) {
  for (int digit = 1; digit <= 5; ++digit) {
    std::optional<SkillLevel> level = LevelFromDigit(digit);
    ASSERT_TRUE(level.has_value()) << digit;
    EXPECT_EQ(LevelDigit(*level), digit);
  }
  EXPECT_EQ(LevelFromDigit(1), common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
  EXPECT_EQ(LevelFromDigit(5), common::v1::SKILL_LEVEL_5_JUNIOR);
  EXPECT_FALSE(LevelFromDigit(0).has_value());
  EXPECT_FALSE(LevelFromDigit(6).has_value());
  EXPECT_FALSE(LevelFromDigit(-1).has_value());
}

TEST(SkillLevelTest, ChineseNames) {
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_APPRENTICE), "学徒工");
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_5_JUNIOR), "五级/初级工");
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_4_INTERMEDIATE), "四级/中级工");
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_3_SENIOR), "三级/高级工");
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_2_TECHNICIAN), "二级/技师");
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN), "一级/高级技师");
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN), "特级技师");
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN), "首席技师");
  EXPECT_EQ(LevelChineseName(common::v1::SKILL_LEVEL_UNSPECIFIED), "未指定");
  EXPECT_EQ(LevelChineseName(static_cast<SkillLevel>(42)), "未知");
}

TEST(SkillLevelTest, IsKnownLevel) {
  EXPECT_FALSE(IsKnownLevel(0));
  for (int value = 1; value <= 8; ++value) {
    EXPECT_TRUE(IsKnownLevel(value)) << value;
  }
  EXPECT_FALSE(IsKnownLevel(9));
  EXPECT_FALSE(IsKnownLevel(-1));
}

}  // namespace
}  // namespace skillbridge

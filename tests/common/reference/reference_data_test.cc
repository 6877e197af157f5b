#include "common/reference/reference_data.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using common::v1::SkillLevel;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kDistricts = "code\tname\n370202\t市南区\n370211\t黄岛区\n";
constexpr const char* kChains = "code\tname\tkey_chain\nIC01\t新一代信息技术\t1\nIC99\t其他\t0\n";
constexpr const char* kOccupations =
    "# comment\n"
    "code\tname\tlevels\tdefault_chain\n"
    "6-18-02-04\t焊工\tA,5,4,3,2,1,P,C\tIC01\n"
    "4-14-02-02\t健康管理师\t3,2,1\t-\n";

// A fresh directory per test under the test temp dir.
class ReferenceFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) / (std::string("reference_") + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Write("districts.tsv", kDistricts);
    Write("industry_chains.tsv", kChains);
    Write("occupations.tsv", kOccupations);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& content) {
    std::ofstream out(dir_ / name, std::ios::binary | std::ios::trunc);
    out << content;
  }

  // Loads and expects an error mentioning `file:line` and `what`.
  void ExpectError(const std::string& file, int line, const std::string& what) {
    absl::StatusOr<std::shared_ptr<const ReferenceData>> data = ReferenceData::LoadFromDirectory(dir_.string());
    ASSERT_FALSE(data.ok());
    EXPECT_EQ(data.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ReasonOf(data.status()), "BAD_REFERENCE_DATA");
    const std::string location = (dir_ / file).string() + ":" + std::to_string(line) + ": ";
    EXPECT_THAT(std::string(data.status().message()), HasSubstr(location));
    EXPECT_THAT(std::string(data.status().message()), HasSubstr(what));
  }

  std::filesystem::path dir_;
};

TEST(RealReferenceFilesTest, LoadAndContainQingdaoData) {
  absl::StatusOr<std::shared_ptr<const ReferenceData>> data =
      ReferenceData::LoadFromDirectory(SKILLBRIDGE_REFERENCE_DIR);
  ASSERT_TRUE(data.ok()) << data.status();
  const ReferenceData& ref = **data;

  ASSERT_EQ(ref.districts().size(), 10u);
  const std::pair<const char*, const char*> kQingdao[] = {
      {"370202", "市南区"}, {"370203", "市北区"}, {"370211", "黄岛区"}, {"370212", "崂山区"}, {"370213", "李沧区"},
      {"370214", "城阳区"}, {"370215", "即墨区"}, {"370281", "胶州市"}, {"370283", "平度市"}, {"370285", "莱西市"}};
  for (const auto& [code, name] : kQingdao) {
    const District* district = ref.FindDistrict(code);
    ASSERT_NE(district, nullptr) << code;
    EXPECT_EQ(district->name, name);
  }
  EXPECT_EQ(ref.FindDistrict("370101"), nullptr);

  ASSERT_EQ(ref.industry_chains().size(), 13u);
  for (const IndustryChain& chain : ref.industry_chains()) {
    EXPECT_TRUE(chain.key_chain) << chain.code;
  }
  ASSERT_NE(ref.FindIndustryChain("IC01"), nullptr);
  EXPECT_EQ(ref.FindIndustryChain("IC01")->name, "新一代信息技术");
  ASSERT_NE(ref.FindIndustryChain("IC13"), nullptr);
  EXPECT_EQ(ref.FindIndustryChain("IC13")->name, "绿色能源");

  EXPECT_GE(ref.occupations().size(), 20u);
  const Occupation* welder = ref.FindOccupation("6-18-02-04");
  ASSERT_NE(welder, nullptr);
  EXPECT_EQ(welder->name, "焊工");
  EXPECT_TRUE(ref.OccupationOffersLevel(*welder, common::v1::SKILL_LEVEL_3_SENIOR));
  const Occupation* robot = ref.FindOccupation("6-30-99-00");
  ASSERT_NE(robot, nullptr);
  EXPECT_EQ(robot->name, "工业机器人系统操作员");
  for (const Occupation& occupation : ref.occupations()) {
    EXPECT_FALSE(occupation.levels.empty()) << occupation.code;
    EXPECT_TRUE(std::is_sorted(occupation.levels.begin(), occupation.levels.end())) << occupation.code;
    if (!occupation.default_chain.empty()) {
      EXPECT_NE(ref.FindIndustryChain(occupation.default_chain), nullptr) << occupation.code;
    }
  }
  // At least one occupation has no 五级.
  EXPECT_TRUE(std::any_of(ref.occupations().begin(), ref.occupations().end(), [&](const Occupation& o) {
    return !ref.OccupationOffersLevel(o, common::v1::SKILL_LEVEL_5_JUNIOR);
  }));
}

TEST_F(ReferenceFilesTest, LoadsSmallFiles) {
  absl::StatusOr<std::shared_ptr<const ReferenceData>> data = ReferenceData::LoadFromDirectory(dir_.string());
  ASSERT_TRUE(data.ok()) << data.status();
  const ReferenceData& ref = **data;
  EXPECT_EQ(ref.districts().size(), 2u);
  ASSERT_NE(ref.FindIndustryChain("IC99"), nullptr);
  EXPECT_FALSE(ref.FindIndustryChain("IC99")->key_chain);
  const Occupation* welder = ref.FindOccupation("6-18-02-04");
  ASSERT_NE(welder, nullptr);
  EXPECT_EQ(welder->default_chain, "IC01");
  EXPECT_THAT(welder->levels,
              ElementsAre(common::v1::SKILL_LEVEL_APPRENTICE, common::v1::SKILL_LEVEL_5_JUNIOR,
                          common::v1::SKILL_LEVEL_4_INTERMEDIATE, common::v1::SKILL_LEVEL_3_SENIOR,
                          common::v1::SKILL_LEVEL_2_TECHNICIAN, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN,
                          common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN, common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN));
  const Occupation* health = ref.FindOccupation("4-14-02-02");
  ASSERT_NE(health, nullptr);
  EXPECT_EQ(health->default_chain, "");
  EXPECT_THAT(health->levels, ElementsAre(common::v1::SKILL_LEVEL_3_SENIOR, common::v1::SKILL_LEVEL_2_TECHNICIAN,
                                          common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN));
  EXPECT_FALSE(ref.OccupationOffersLevel(*health, common::v1::SKILL_LEVEL_5_JUNIOR));
  EXPECT_FALSE(ref.OccupationOffersLevel(*health, common::v1::SKILL_LEVEL_4_INTERMEDIATE));
  EXPECT_TRUE(ref.OccupationOffersLevel(*health, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN));
  EXPECT_EQ(ref.FindOccupation("6-18-02-05"), nullptr);
}

TEST_F(ReferenceFilesTest, ToleratesCrlfBomBlankLinesAndSpaces) {
  Write("districts.tsv", "\xEF\xBB\xBF# districts\r\n\r\ncode\tname\r\n 370202 \t 市南区 \r\n\r\n");
  Write("occupations.tsv", "code\tname\tlevels\tdefault_chain\n6-18-02-04\t焊工\t 4, 3 ,2\t\n");
  absl::StatusOr<std::shared_ptr<const ReferenceData>> data = ReferenceData::LoadFromDirectory(dir_.string() + "/");
  ASSERT_TRUE(data.ok()) << data.status();
  ASSERT_NE((*data)->FindDistrict("370202"), nullptr);
  EXPECT_EQ((*data)->FindDistrict("370202")->name, "市南区");
  EXPECT_EQ((*data)->FindOccupation("6-18-02-04")->levels.size(), 3u);
  EXPECT_EQ((*data)->FindOccupation("6-18-02-04")->default_chain, "");
}

TEST_F(ReferenceFilesTest, MissingFile) {
  std::filesystem::remove(dir_ / "industry_chains.tsv");
  absl::StatusOr<std::shared_ptr<const ReferenceData>> data = ReferenceData::LoadFromDirectory(dir_.string());
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(data.status()), "REFERENCE_FILE_MISSING");
  EXPECT_THAT(std::string(data.status().message()), HasSubstr("industry_chains.tsv"));
}

TEST_F(ReferenceFilesTest, WrongHeader) {
  Write("districts.tsv", "# c\ncode\tdistrict\n370202\t市南区\n");
  ExpectError("districts.tsv", 2, "header must be \"code<TAB>name\"");
}

TEST_F(ReferenceFilesTest, NoHeaderOrNoEntries) {
  Write("districts.tsv", "# only a comment\n");
  ExpectError("districts.tsv", 2, "no header line");
  Write("districts.tsv", "code\tname\n");
  ExpectError("districts.tsv", 2, "no entries");
}

TEST_F(ReferenceFilesTest, WrongColumnCount) {
  Write("districts.tsv", "code\tname\n370202\t市南区\n370203 市北区\n");
  ExpectError("districts.tsv", 3, "expected 2 tab-separated columns (code, name), got 1");
}

TEST_F(ReferenceFilesTest, BadDistrictCode) {
  Write("districts.tsv", "code\tname\n370202\t市南区\n37020X\t市北区\n");
  ExpectError("districts.tsv", 3, "district code must be 6 digits");
}

TEST_F(ReferenceFilesTest, EmptyName) {
  Write("districts.tsv", "code\tname\n370202\t\n");
  ExpectError("districts.tsv", 2, "name is required");
}

TEST_F(ReferenceFilesTest, DuplicateCode) {
  Write("districts.tsv", "code\tname\n370202\t市南区\n370203\t市北区\n370202\t市南区\n");
  ExpectError("districts.tsv", 4, "duplicate code 370202 (first on line 2)");
}

TEST_F(ReferenceFilesTest, BadKeyChainFlag) {
  Write("industry_chains.tsv", "code\tname\tkey_chain\nIC01\t新一代信息技术\tyes\n");
  ExpectError("industry_chains.tsv", 2, "key_chain must be 0 or 1, got \"yes\"");
}

TEST_F(ReferenceFilesTest, BadChainCode) {
  Write("industry_chains.tsv", "code\tname\tkey_chain\nIC 01\t新一代信息技术\t1\n");
  ExpectError("industry_chains.tsv", 2, "industry chain code may only contain");
}

TEST_F(ReferenceFilesTest, BadOccupationCode) {
  Write("occupations.tsv", "code\tname\tlevels\tdefault_chain\n6-18-02-04\t焊工\t5\t-\n9-18-02-04\t焊工\t5\t-\n");
  ExpectError("occupations.tsv", 3, "major group");
}

TEST_F(ReferenceFilesTest, UnknownLevel) {
  Write("occupations.tsv", "code\tname\tlevels\tdefault_chain\n6-18-02-04\t焊工\t5,6\t-\n");
  ExpectError("occupations.tsv", 2, "unknown level \"6\"");
}

TEST_F(ReferenceFilesTest, EmptyLevels) {
  Write("occupations.tsv", "code\tname\tlevels\tdefault_chain\n6-18-02-04\t焊工\t\t-\n");
  ExpectError("occupations.tsv", 2, "levels must list at least one");
}

TEST_F(ReferenceFilesTest, RepeatedLevel) {
  Write("occupations.tsv", "code\tname\tlevels\tdefault_chain\n6-18-02-04\t焊工\t5,4,5\t-\n");
  ExpectError("occupations.tsv", 2, "lists a level twice");
}

TEST_F(ReferenceFilesTest, UnknownDefaultChain) {
  Write("occupations.tsv", "code\tname\tlevels\tdefault_chain\n6-18-02-04\t焊工\t5\tIC42\n");
  ExpectError("occupations.tsv", 2, "default chain 'IC42' is not in industry_chains.tsv");
}

TEST(ReferenceDataFromTablesTest, BuildsAndSortsLevels) {
  absl::StatusOr<std::shared_ptr<const ReferenceData>> data = ReferenceData::FromTables(
      {{"370202", "市南区"}}, {{"IC01", "新一代信息技术", true}},
      {{"6-18-02-04", "焊工", {common::v1::SKILL_LEVEL_3_SENIOR, common::v1::SKILL_LEVEL_5_JUNIOR}, "IC01"}});
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_THAT((*data)->FindOccupation("6-18-02-04")->levels,
              ElementsAre(common::v1::SKILL_LEVEL_5_JUNIOR, common::v1::SKILL_LEVEL_3_SENIOR));
}

TEST(ReferenceDataFromTablesTest, RejectsBadTables) {
  EXPECT_FALSE(ReferenceData::FromTables({{"370202", "市南区"}, {"370202", "市南区"}}, {}, {}).ok());
  EXPECT_FALSE(ReferenceData::FromTables({}, {}, {{"6-18-02-04", "焊工", {}, ""}}).ok());
  EXPECT_FALSE(
      ReferenceData::FromTables({}, {}, {{"6-18-02-04", "焊工", {common::v1::SKILL_LEVEL_5_JUNIOR}, "IC01"}}).ok());
  absl::StatusOr<std::shared_ptr<const ReferenceData>> bad =
      ReferenceData::FromTables({}, {}, {{"6-18-02-04", "焊工", {common::v1::SKILL_LEVEL_UNSPECIFIED}, ""}});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("occupation 6-18-02-04"));
}

}  // namespace
}  // namespace skillbridge

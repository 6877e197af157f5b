// The career-bridging policy (services/incentive/domain/bridge_policy.h): the shipped
// reference/career_bridging.tsv (every series and grade, the 人社部 thresholds), the file format
// (what it tolerates, and each way a bad file is refused naming its line and column), and Decide
// on held levels and dates (a higher level counts, the earliest qualifying date counts, whole
// years to the day, the shortfall in words without personal data).

#include "services/incentive/domain/bridge_policy.h"

#include <string>
#include <vector>

#include "common/status/errors.h"
#include "gtest/gtest.h"

namespace skillbridge::incentive {
namespace {

using Level = common::v1::SkillLevel;
constexpr Level kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr Level kTechnician = common::v1::SKILL_LEVEL_2_TECHNICIAN;
constexpr Level kSeniorTechnician = common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN;
constexpr Level kIntermediate = common::v1::SKILL_LEVEL_4_INTERMEDIATE;

constexpr char kHeader[] = "series\tgrade\ttitle_name\tmin_level\tmin_years_held\n";

const BridgePolicy& Shipped() {
  static const BridgePolicy* policy = [] {
    absl::StatusOr<BridgePolicy> loaded =
        BridgePolicy::LoadFromFile(std::string(SKILLBRIDGE_REFERENCE_DIR) + "/" + kBridgePolicyFile);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? new BridgePolicy(*std::move(loaded)) : new BridgePolicy();
  }();
  return *policy;
}

common::v1::Date D(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

HeldQualification Held(Level level, common::v1::Date since, std::string number = "N") {
  HeldQualification q;
  q.level = level;
  q.since = since;
  q.certificate_number = std::move(number);
  q.occupation_code = "6-18-02-04";
  return q;
}

// The error message of parsing `content` ("" when it parses).
std::string ParseError(const std::string& content) {
  absl::StatusOr<BridgePolicy> parsed = BridgePolicy::Parse(content, "career_bridging.tsv");
  if (parsed.ok()) {
    return "";
  }
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(parsed.status()), "BAD_REFERENCE_DATA");
  return std::string(parsed.status().message());
}

TEST(BridgePolicyFileTest, ShippedFileHasEverySeriesAndGrade) {
  const BridgePolicy& policy = Shipped();
  EXPECT_EQ(policy.rules().size(), 12u);
  for (v1::TitleSeries series : {v1::TITLE_SERIES_ENGINEERING, v1::TITLE_SERIES_AGRICULTURE,
                                 v1::TITLE_SERIES_TECHNICAL_SCHOOL_TEACHER, v1::TITLE_SERIES_ARTS_AND_CRAFTS}) {
    const BridgeRule* assistant = policy.Find(series, v1::TITLE_GRADE_ASSISTANT);
    const BridgeRule* intermediate = policy.Find(series, v1::TITLE_GRADE_INTERMEDIATE);
    const BridgeRule* deputy = policy.Find(series, v1::TITLE_GRADE_DEPUTY_SENIOR);
    ASSERT_NE(assistant, nullptr) << series;
    ASSERT_NE(intermediate, nullptr) << series;
    ASSERT_NE(deputy, nullptr) << series;
    EXPECT_EQ(assistant->min_level, kSenior);
    EXPECT_EQ(assistant->min_years_held, 2);
    EXPECT_EQ(intermediate->min_level, kTechnician);
    EXPECT_EQ(intermediate->min_years_held, 3);
    EXPECT_EQ(deputy->min_level, kSeniorTechnician);
    EXPECT_EQ(deputy->min_years_held, 4);
  }
  EXPECT_EQ(policy.Find(v1::TITLE_SERIES_ENGINEERING, v1::TITLE_GRADE_INTERMEDIATE)->title_name, "工程师");
  EXPECT_EQ(policy.Find(v1::TITLE_SERIES_ARTS_AND_CRAFTS, v1::TITLE_GRADE_DEPUTY_SENIOR)->title_name, "高级工艺美术师");
  const std::vector<v1::BridgePolicy> protos = policy.ToProtos();
  ASSERT_EQ(protos.size(), 12u);
  EXPECT_EQ(protos[0].series(), v1::TITLE_SERIES_ENGINEERING);
  EXPECT_EQ(protos[0].grade(), v1::TITLE_GRADE_ASSISTANT);
  EXPECT_EQ(protos[0].title_name(), "助理工程师");
  EXPECT_EQ(protos[0].min_level(), kSenior);
  EXPECT_EQ(protos[0].min_years_held(), 2);
}

TEST(BridgePolicyFileTest, ToleratesBomCrlfCommentsBlankLinesAndSpaces) {
  const std::string content = std::string("\xEF\xBB\xBF# policy\r\n\r\n") +
                              "series\tgrade\ttitle_name\tmin_level\tmin_years_held\r\n" +
                              "  ENGINEERING \tASSISTANT\t 助理工程师 \t3\t2\r\n\n" + "# end\n" +
                              "AGRICULTURE\tDEPUTY_SENIOR\t高级农艺师\tP\t0";
  absl::StatusOr<BridgePolicy> parsed = BridgePolicy::Parse(content, "x.tsv");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->rules().size(), 2u);
  EXPECT_EQ(parsed->rules()[0].title_name, "助理工程师");
  EXPECT_EQ(parsed->rules()[0].line, 4);
  EXPECT_EQ(parsed->rules()[1].min_level, common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN);
  EXPECT_EQ(parsed->rules()[1].min_years_held, 0);
  EXPECT_EQ(parsed->Find(v1::TITLE_SERIES_ENGINEERING, v1::TITLE_GRADE_DEPUTY_SENIOR), nullptr);
}

TEST(BridgePolicyFileTest, ErrorsNameLineAndColumn) {
  EXPECT_EQ(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t助理工程师\t3\t2\n"), "");
  EXPECT_EQ(ParseError(std::string(kHeader) + "MEDICINE\tASSISTANT\t医师\t3\t2\n"),
            "career_bridging.tsv:2: column 1 (series): unknown value \"MEDICINE\" (use one of ENGINEERING, "
            "AGRICULTURE, TECHNICAL_SCHOOL_TEACHER, ARTS_AND_CRAFTS)");
  EXPECT_EQ(ParseError(std::string("# c\n") + kHeader + "ENGINEERING\tSENIOR\t正高级工程师\t1\t5\n"),
            "career_bridging.tsv:3: column 2 (grade): unknown value \"SENIOR\" (use one of ASSISTANT, INTERMEDIATE, "
            "DEPUTY_SENIOR)");
  EXPECT_NE(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t\t3\t2\n")
                .find("career_bridging.tsv:2: column 3 (title_name): "),
            std::string::npos);
  EXPECT_NE(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t" + std::string(51 * 3, 'a').substr(0, 51) +
                       "\t3\t2\n")
                .find("career_bridging.tsv:2: column 3 (title_name): "),
            std::string::npos);
  EXPECT_EQ(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t助理工程师\t6\t2\n"),
            "career_bridging.tsv:2: column 4 (min_level): \"6\" is not a skill level (use 5, 4, 3, 2, 1, P or C)");
  EXPECT_EQ(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t助理工程师\tA\t2\n"),
            "career_bridging.tsv:2: column 4 (min_level): \"A\" is not a skill level (use 5, 4, 3, 2, 1, P or C)");
  EXPECT_EQ(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t助理工程师\t3\t31\n"),
            "career_bridging.tsv:2: column 5 (min_years_held): \"31\" is not a whole number from 0 to 30");
  EXPECT_EQ(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t助理工程师\t3\t-1\n"),
            "career_bridging.tsv:2: column 5 (min_years_held): \"-1\" is not a whole number from 0 to 30");
  EXPECT_EQ(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t助理工程师\t3\t\n"),
            "career_bridging.tsv:2: column 5 (min_years_held): \"\" is not a whole number from 0 to 30");
}

TEST(BridgePolicyFileTest, FileLevelErrors) {
  EXPECT_EQ(ParseError("series\tgrade\ttitle\tmin_level\tmin_years_held\nENGINEERING\tASSISTANT\tx\t3\t2\n"),
            "career_bridging.tsv:1: header must be \"series<TAB>grade<TAB>title_name<TAB>min_level<TAB>"
            "min_years_held\", got \"series<TAB>grade<TAB>title<TAB>min_level<TAB>min_years_held\"");
  EXPECT_EQ(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t助理工程师\t3\n"),
            "career_bridging.tsv:2: expected 5 tab-separated columns (series, grade, title_name, min_level, "
            "min_years_held), got 4");
  EXPECT_EQ(ParseError(std::string(kHeader) + "ENGINEERING\tASSISTANT\t助理工程师\t3\t2\n" +
                       "ENGINEERING\tASSISTANT\t助理工程师\t4\t1\n"),
            "career_bridging.tsv:3: duplicate rule: line 2 has the same series and grade");
  EXPECT_EQ(ParseError(std::string("# only a comment\n") + kHeader), "career_bridging.tsv:3: file has no rules");
  EXPECT_EQ(ParseError("# nothing\n"),
            "career_bridging.tsv:2: file has no header line "
            "\"series<TAB>grade<TAB>title_name<TAB>min_level<TAB>min_years_held\"");
}

TEST(BridgePolicyFileTest, MissingFileIsNotFound) {
  absl::StatusOr<BridgePolicy> loaded = BridgePolicy::LoadFromFile("/nonexistent/career_bridging.tsv");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(loaded.status()), "REFERENCE_FILE_MISSING");
}

class BridgeDecideTest : public ::testing::Test {
 protected:
  const BridgeRule& Engineer() { return *Shipped().Find(v1::TITLE_SERIES_ENGINEERING, v1::TITLE_GRADE_INTERMEDIATE); }
  const common::v1::Date today_ = D(2026, 6, 15);
};

TEST_F(BridgeDecideTest, TechnicianHeldThreeYearsToTheDayQualifies) {
  const BridgeDecision d = BridgePolicy::Decide(Engineer(), {Held(kTechnician, D(2023, 6, 15), "C1")}, today_);
  EXPECT_TRUE(d.eligible) << d.shortfall;
  EXPECT_EQ(d.basis.level, kTechnician);
  EXPECT_EQ(d.basis.certificate_number, "C1");
  EXPECT_TRUE(d.shortfall.empty());
}

TEST_F(BridgeDecideTest, OneDayShortIsNotEligible) {
  const BridgeDecision d = BridgePolicy::Decide(Engineer(), {Held(kTechnician, D(2023, 6, 16), "C1")}, today_);
  EXPECT_FALSE(d.eligible);
  EXPECT_EQ(d.basis.level, kTechnician);
  EXPECT_EQ(d.shortfall,
            "工程师 needs SKILL_LEVEL_2_TECHNICIAN (二级/技师) or above held for 3 whole year(s); the person holds "
            "SKILL_LEVEL_2_TECHNICIAN since 2023-06-16 (2 whole year(s))");
}

TEST_F(BridgeDecideTest, LevelBelowTheMinimumIsNotEligible) {
  const BridgeDecision d =
      BridgePolicy::Decide(Engineer(), {Held(kSenior, D(2010, 1, 1)), Held(kIntermediate, D(2005, 1, 1))}, today_);
  EXPECT_FALSE(d.eligible);
  EXPECT_EQ(d.basis.level, kSenior);
  EXPECT_EQ(d.shortfall,
            "工程师 needs SKILL_LEVEL_2_TECHNICIAN (二级/技师) or above held for 3 whole year(s); the person's highest "
            "level is SKILL_LEVEL_3_SENIOR (三级/高级工)");
}

TEST_F(BridgeDecideTest, NoLevelAtAll) {
  const BridgeDecision d = BridgePolicy::Decide(Engineer(), {}, today_);
  EXPECT_FALSE(d.eligible);
  EXPECT_EQ(d.basis.level, common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_NE(d.shortfall.find("the person holds no skill level"), std::string::npos);
}

TEST_F(BridgeDecideTest, HigherLevelCountsAndTheEarliestQualifyingDateWins) {
  // 一级 since 2025 alone is too recent; 二级 since 2020 carries the application.
  const std::vector<HeldQualification> held = {Held(kSeniorTechnician, D(2025, 3, 1), "HIGH"),
                                               Held(kTechnician, D(2020, 3, 1), "LOW")};
  const BridgeDecision d = BridgePolicy::Decide(Engineer(), held, today_);
  EXPECT_TRUE(d.eligible);
  EXPECT_EQ(d.basis.level, kTechnician);
  EXPECT_EQ(d.basis.certificate_number, "LOW");
  // A higher level held long enough qualifies on its own.
  const BridgeDecision high = BridgePolicy::Decide(Engineer(), {Held(kSeniorTechnician, D(2021, 1, 1), "H")}, today_);
  EXPECT_TRUE(high.eligible);
  EXPECT_EQ(high.basis.level, kSeniorTechnician);
}

TEST_F(BridgeDecideTest, LeapDayAndZeroYears) {
  const BridgeRule& assistant = *Shipped().Find(v1::TITLE_SERIES_ENGINEERING, v1::TITLE_GRADE_ASSISTANT);
  EXPECT_FALSE(BridgePolicy::Decide(assistant, {Held(kSenior, D(2024, 2, 29))}, D(2026, 2, 28)).eligible);
  EXPECT_TRUE(BridgePolicy::Decide(assistant, {Held(kSenior, D(2024, 2, 29))}, D(2026, 3, 1)).eligible);
  BridgeRule now = assistant;
  now.min_years_held = 0;
  EXPECT_TRUE(BridgePolicy::Decide(now, {Held(kSenior, today_)}, today_).eligible);
  EXPECT_FALSE(BridgePolicy::Decide(now, {Held(kSenior, D(2026, 6, 16))}, today_).eligible);
}

}  // namespace
}  // namespace skillbridge::incentive

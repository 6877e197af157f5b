// Unit tests of the simulator's plan generator: deterministic for a seed (and pinned for one
// seed), valid identifiers, counts that follow the scale, plausible district weights and level mix.

#include "tools/simulator/plan.h"

#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "common/reference/skill_level.h"
#include "common/validation/certificate_number.h"
#include "common/validation/citizen_id.h"
#include "common/validation/credit_code.h"
#include "tools/simulator/evaluation_driver.h"
#include "tools/simulator/training_plan.h"

namespace skillbridge::simulator {
namespace {

namespace ev = ::skillbridge::evaluation::v1;
using common::v1::SkillLevel;

std::shared_ptr<const ReferenceData> Reference() {
  static const auto* reference = [] {
    auto loaded = ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const ReferenceData>(*loaded);
  }();
  return *reference;
}

PlanOptions Options(double scale, uint64_t seed = 2021) {
  PlanOptions options;
  options.seed = seed;
  options.scale = scale;
  options.year = 2026;
  options.cutoff = absl::CivilDay(2026, 6, 15);
  return options;
}

// A text form of everything the plan would send, for equality checks.
std::string Fingerprint(const EvaluationPlan& plan) {
  std::string out;
  for (const auto& org : plan.orgs) {
    out += org.credit_code + org.name + org.district_code + std::to_string(org.kind) + "|";
    for (const auto& scope : org.scope) {
      out += scope.occupation_code + std::to_string(scope.highest_level) + ",";
    }
  }
  for (const auto& enterprise : plan.enterprises) {
    out += enterprise.credit_code + enterprise.name + "|";
  }
  for (const auto& row : plan.certificates.rows) {
    const auto& person = plan.certificates.persons[static_cast<size_t>(row.person)];
    out += person.id_number + person.name + row.occupation_code + std::to_string(row.level) +
           absl::FormatCivilTime(row.issue_date) + std::to_string(row.serial) + "|";
  }
  for (const auto& intro : plan.introductions) {
    out += intro.person.id_number + intro.outside_certificate_number + "|";
  }
  return out;
}

TEST(SimulatorPlan, SameSeedSamePlanOtherSeedOtherPlan) {
  const auto a = PlanEvaluation(Options(0.02), *Reference());
  const auto b = PlanEvaluation(Options(0.02), *Reference());
  const auto c = PlanEvaluation(Options(0.02, 7), *Reference());
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  EXPECT_NE(Fingerprint(a), Fingerprint(c));
}

TEST(SimulatorPlan, SmallerScaleIsAPrefixOfLargerScale) {
  const auto small = PlanEvaluation(Options(0.01), *Reference());
  const auto large = PlanEvaluation(Options(0.03), *Reference());
  ASSERT_LT(small.certificates.rows.size(), large.certificates.rows.size());
  EXPECT_EQ(Fingerprint(EvaluationPlan{small.orgs, {}, {}, {}}), Fingerprint(EvaluationPlan{large.orgs, {}, {}, {}}));
  for (size_t r = 0; r < small.certificates.rows.size(); ++r) {
    const auto& a = small.certificates.rows[r];
    const auto& b = large.certificates.rows[r];
    ASSERT_EQ(small.certificates.persons[static_cast<size_t>(a.person)].id_number,
              large.certificates.persons[static_cast<size_t>(b.person)].id_number)
        << "row " << r;
    ASSERT_EQ(a.serial, b.serial);
    ASSERT_EQ(a.issue_date, b.issue_date);
  }
}

TEST(SimulatorPlan, IdentifiersAreValid) {
  const auto plan = PlanEvaluation(Options(0.05), *Reference());
  std::set<std::string> codes;
  for (const auto& org : plan.orgs) {
    EXPECT_TRUE(ValidateCreditCode(org.credit_code, "credit_code").ok()) << org.credit_code;
    EXPECT_TRUE(codes.insert(org.credit_code).second);
    EXPECT_NE(Reference()->FindDistrict(org.district_code), nullptr);
    for (const auto& site : org.sites) {
      EXPECT_EQ(site.size(), 6u);
    }
  }
  for (const auto& enterprise : plan.enterprises) {
    EXPECT_TRUE(ValidateCreditCode(enterprise.credit_code, "credit_code").ok()) << enterprise.credit_code;
  }
  int shandong = 0;
  int people = 0;
  std::set<std::string> numbers;
  for (const auto& row : plan.certificates.rows) {
    const auto& person = plan.certificates.persons[static_cast<size_t>(row.person)];
    auto id = ParseCitizenId(person.id_number, "id");
    if (row.kind == RowKind::kBadIdNumber) {
      EXPECT_FALSE(id.ok()) << person.id_number;
      continue;
    }
    ASSERT_TRUE(id.ok()) << person.id_number << ": " << id.status();
    const int age = 2026 - id->birth_year;
    EXPECT_GE(age, 17);
    EXPECT_LE(age, 61);
    EXPECT_FALSE(person.name.empty());
    ++people;
    shandong += person.id_number.substr(0, 2) == "37" ? 1 : 0;
    const std::string number = CertificateNumber(row, plan.orgs[static_cast<size_t>(row.org)], "0042");
    auto parts = ParseCertificateNumber(number, "number");
    ASSERT_TRUE(parts.ok()) << number;
    EXPECT_EQ(number.size(), 22u);
    EXPECT_EQ(parts->year_two_digits, 26);
    if (row.type != ev::CERTIFICATE_TYPE_SPECIAL_ABILITY) {
      EXPECT_EQ(parts->level_digit, LevelDigit(row.level).value_or(-1)) << number;
    }
    EXPECT_TRUE(numbers.insert(number).second) << "number used twice: " << number;
  }
  EXPECT_GT(shandong, people * 6 / 10);  // mostly Shandong, some from other provinces
  EXPECT_LT(shandong, people * 9 / 10);
  for (const auto& intro : plan.introductions) {
    EXPECT_TRUE(ParseCitizenId(intro.person.id_number, "id").ok());
    EXPECT_EQ(intro.outside_certificate_number.size(), 22u);
    EXPECT_LT(intro.outside_issue_date, intro.arrival_date);
  }
}

TEST(SimulatorPlan, ValidRowsFollowTheRules) {
  const auto plan = PlanEvaluation(Options(0.05), *Reference());
  std::set<std::tuple<std::string, int, std::string, int>> held;
  const absl::CivilDay first(2026, 1, 1);
  const absl::CivilDay cutoff(2026, 6, 15);
  for (size_t r = 0; r < plan.certificates.rows.size(); ++r) {
    const auto& row = plan.certificates.rows[r];
    EXPECT_GE(row.issue_date, first);
    EXPECT_LE(row.issue_date, cutoff);
    if (row.kind == RowKind::kDuplicate) {
      // Repeats the row before it in the same batch, which stays valid (a revoked one would
      // free its person, occupation and level, and the duplicate would pass).
      ASSERT_GT(r % kCertificateBatchSize, 0u);
      const auto& original = plan.certificates.rows[r - 1];
      EXPECT_EQ(original.kind, RowKind::kValid);
      EXPECT_FALSE(original.revoke);
      EXPECT_EQ(original.person, row.person);
      EXPECT_EQ(original.occupation_code, row.occupation_code);
      EXPECT_EQ(original.level, row.level);
    }
    if (row.kind != RowKind::kValid) {
      continue;
    }
    const auto& org = plan.orgs[static_cast<size_t>(row.org)];
    EXPECT_EQ(org.target, FilingTarget::kFiled);
    bool in_scope = false;
    for (const auto& scope : org.scope) {
      in_scope = in_scope || (scope.occupation_code == row.occupation_code && row.level <= scope.highest_level);
    }
    EXPECT_TRUE(in_scope) << "row " << r;
    const Occupation* occupation = Reference()->FindOccupation(row.occupation_code);
    ASSERT_NE(occupation, nullptr);
    if (row.type != ev::CERTIFICATE_TYPE_SPECIAL_ABILITY) {
      EXPECT_TRUE(Reference()->OccupationOffersLevel(*occupation, row.level));
    }
    const auto& person = plan.certificates.persons[static_cast<size_t>(row.person)];
    EXPECT_TRUE(held.insert({person.id_number, row.type, row.occupation_code, row.level}).second)
        << "the same certificate twice for one person, row " << r;
  }
}

TEST(SimulatorPlan, FullScaleMeetsTheCityTargets) {
  const auto plan = PlanEvaluation(Options(1.0), *Reference());
  int valid = 0;
  int invalid = 0;
  int revoke = 0;
  std::set<int> persons;
  std::set<int> senior_persons;
  std::map<int, int> by_level;
  std::map<RowKind, int> by_kind;
  for (const auto& row : plan.certificates.rows) {
    ++by_kind[row.kind];
    if (row.kind != RowKind::kValid) {
      ++invalid;
      continue;
    }
    ++valid;
    revoke += row.revoke ? 1 : 0;
    persons.insert(row.person);
    ++by_level[row.level];
    if (IsHighSkilled(row.level)) {
      senior_persons.insert(row.person);
    }
  }
  EXPECT_EQ(valid, kFullScaleCertificates);
  EXPECT_GE(static_cast<int>(persons.size()), 50'000);         // newly certified persons
  EXPECT_GE(static_cast<int>(senior_persons.size()), 20'000);  // of them at 三级 or above
  EXPECT_GT(invalid, valid / 50);                              // a few percent refused
  EXPECT_LT(invalid, valid / 20);
  for (RowKind kind : {RowKind::kBadIdNumber, RowKind::kLevelNotOffered, RowKind::kOutsideScope, RowKind::kOrgNotFiled,
                       RowKind::kDuplicate}) {
    EXPECT_GT(by_kind[kind], 50) << RowKindName(kind);
  }
  EXPECT_GT(revoke, 100);
  EXPECT_LT(revoke, 500);
  // More 五级/四级 than 二级/一级.
  EXPECT_GT(
      by_level[common::v1::SKILL_LEVEL_5_JUNIOR] + by_level[common::v1::SKILL_LEVEL_4_INTERMEDIATE],
      3 * (by_level[common::v1::SKILL_LEVEL_2_TECHNICIAN] + by_level[common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN]));
  EXPECT_GT(by_level[common::v1::SKILL_LEVEL_2_TECHNICIAN], by_level[common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN]);
  EXPECT_EQ(static_cast<int>(plan.introductions.size()), kFullScaleIntroductions);
  EXPECT_EQ(static_cast<int>(plan.orgs.size()), kEvaluationOrgs);
}

TEST(SimulatorPlan, CountsFollowTheScale) {
  for (double scale : {0.002, 0.05}) {
    const auto plan = PlanEvaluation(Options(scale), *Reference());
    int valid = 0;
    for (const auto& row : plan.certificates.rows) {
      valid += row.kind == RowKind::kValid ? 1 : 0;
    }
    EXPECT_EQ(valid, Scaled(kFullScaleCertificates, scale, 1)) << scale;
    EXPECT_EQ(static_cast<int>(plan.introductions.size()), Scaled(kFullScaleIntroductions, scale, 5));
  }
}

TEST(SimulatorPlan, DistrictsAreWeightedPlausibly) {
  const auto plan = PlanEvaluation(Options(0.2), *Reference());
  std::map<std::string, int> by_district;
  for (const auto& row : plan.certificates.rows) {
    ++by_district[plan.orgs[static_cast<size_t>(row.org)].district_code];
  }
  const int huangdao = by_district["370211"];
  const int shinan = by_district["370202"];
  EXPECT_EQ(by_district.size(), 10u);
  for (const auto& [district, count] : by_district) {
    EXPECT_LE(count, huangdao) << district;  // 黄岛区 heaviest
  }
  EXPECT_GT(huangdao, 3 * shinan);
  EXPECT_GT(by_district["370214"], shinan);  // 城阳区
  EXPECT_GT(by_district["370215"], shinan);  // 即墨区
  std::map<std::string, int> orgs;
  for (const auto& org : plan.orgs) {
    ++orgs[org.district_code];
  }
  EXPECT_GT(orgs["370211"], orgs["370202"]);
}

TEST(SimulatorPlan, OrgKindsAndFilingTargetsAreMixed) {
  const auto plan = PlanEvaluation(Options(0.01), *Reference());
  std::map<int, int> kinds;
  std::map<FilingTarget, int> targets;
  for (const auto& org : plan.orgs) {
    ++kinds[org.kind];
    ++targets[org.target];
    EXPECT_FALSE(org.scope.empty());
  }
  EXPECT_EQ(kinds.size(), 4u);
  EXPECT_GE(kinds[ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION], 10);
  EXPECT_GE(targets[FilingTarget::kFiled], 30);
  EXPECT_EQ(targets[FilingTarget::kSuspended], 1);
  int eligible = 0;
  for (const auto& enterprise : plan.enterprises) {
    eligible += enterprise.self_evaluation_eligible ? 1 : 0;
  }
  EXPECT_GT(eligible, kinds[ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION]);  // coverage below 100%
}

TEST(SimulatorPlan, FilingStepsTakeOnlyWhatIsMissing) {
  EXPECT_EQ(NextFilingStep(ev::FILING_STATE_APPLIED, FilingTarget::kFiled), FilingStep::kStartAssessment);
  EXPECT_EQ(NextFilingStep(ev::FILING_STATE_UNDER_ASSESSMENT, FilingTarget::kFiled), FilingStep::kApprove);
  EXPECT_EQ(NextFilingStep(ev::FILING_STATE_FILED, FilingTarget::kFiled), std::nullopt);
  EXPECT_EQ(NextFilingStep(ev::FILING_STATE_FILED, FilingTarget::kSuspended), FilingStep::kSuspend);
  EXPECT_EQ(NextFilingStep(ev::FILING_STATE_SUSPENDED, FilingTarget::kSuspended), std::nullopt);
  EXPECT_EQ(NextFilingStep(ev::FILING_STATE_UNDER_ASSESSMENT, FilingTarget::kRevoked), FilingStep::kRevoke);
  EXPECT_EQ(NextFilingStep(ev::FILING_STATE_APPLIED, FilingTarget::kApplied), std::nullopt);
  EXPECT_EQ(NextFilingStep(ev::FILING_STATE_REVOKED, FilingTarget::kFiled), std::nullopt);
}

TEST(SimulatorPlan, RequestIdsAreStableAndWellFormed) {
  EXPECT_EQ(RequestId(2021, 2026, "org-91370211ABC"), "sim-2021-2026-org-91370211ABC");
  EXPECT_EQ(RequestId(1, 2026, "a b/c"), "sim-1-2026-a_b_c");
}

TEST(SimulatorPlan, IdentifierBuildersMatchTheStandards) {
  EXPECT_EQ(MakeCitizenId("340524", absl::CivilDay(1980, 1, 1), 1), "34052419800101001X");
  const std::string code = MakeCreditCode("91", "370211", 12345678);
  EXPECT_TRUE(ValidateCreditCode(code, "code").ok()) << code;
  EXPECT_EQ(code.substr(0, 8), "91370211");
}

}  // namespace
}  // namespace skillbridge::simulator

namespace skillbridge::simulator {
namespace {

TEST(SimulatorTrainingPlan, FullScaleMeetsTheTrainingTargetWithLinkedClaims) {
  const auto evaluation = PlanEvaluation(Options(1.0), *Reference());
  const auto plan = PlanTraining(Options(1.0), *Reference(), evaluation.orgs, evaluation.certificates);
  int completed = 0;
  int dropped = 0;
  int claims = 0;
  std::map<std::string, int> claims_per_person;
  std::set<std::string> institutions;
  for (const auto& enrolment : plan.enrolments) {
    const auto& course = plan.courses[static_cast<size_t>(enrolment.course)];
    ASSERT_GE(enrolment.completed_date, enrolment.enrolled_date);
    ASSERT_LE(enrolment.completed_date, absl::CivilDay(2026, 6, 15));
    ASSERT_EQ(enrolment.enrolled_date, course.start_date);
    ASSERT_EQ(course.start_date.year(), 2026);
    const auto& institution = plan.institutions[static_cast<size_t>(course.institution)];
    ASSERT_NE(std::find(institution.occupations.begin(), institution.occupations.end(), course.occupation_code),
              institution.occupations.end());
    EXPECT_TRUE(ParseCitizenId(enrolment.person.id_number, "id").ok());
    completed += enrolment.completed ? 1 : 0;
    dropped += enrolment.completed ? 0 : 1;
    if (enrolment.certificate_row >= 0) {
      const auto& row = evaluation.certificates.rows[static_cast<size_t>(enrolment.certificate_row)];
      // The claim's certificate is the same person's, for the course's occupation and level,
      // issued after the training.
      EXPECT_EQ(evaluation.certificates.persons[static_cast<size_t>(row.person)].id_number, enrolment.person.id_number);
      EXPECT_EQ(row.occupation_code, course.occupation_code);
      EXPECT_EQ(row.level, course.level);
      EXPECT_LE(enrolment.completed_date, row.issue_date);
      if (enrolment.claim) {
        ++claims;
        ++claims_per_person[enrolment.person.id_number];
      }
    }
  }
  for (const auto& course : plan.courses) {
    EXPECT_LE(course.capacity, kMaxCourseSize + 5);
    EXPECT_GE(course.end_date, course.start_date);
  }
  EXPECT_GE(completed, 100'000);
  EXPECT_GT(dropped, 1000);
  EXPECT_GT(claims, 20'000);
  int over_limit = 0;
  for (const auto& [person, count] : claims_per_person) {
    over_limit += count > 3 ? 1 : 0;
  }
  EXPECT_GT(over_limit, 20);  // claims the yearly limit refuses
  EXPECT_EQ(static_cast<int>(plan.institutions.size()), kTrainingInstitutions);
  EXPECT_GT(static_cast<double>(plan.enrolments.size()) / static_cast<double>(plan.courses.size()), 15.0);
  EXPECT_FALSE(plan.catalogue.empty());
}

TEST(SimulatorTrainingPlan, SameSeedSamePlan) {
  const auto evaluation = PlanEvaluation(Options(0.01), *Reference());
  const auto a = PlanTraining(Options(0.01), *Reference(), evaluation.orgs, evaluation.certificates);
  const auto b = PlanTraining(Options(0.01), *Reference(), evaluation.orgs, evaluation.certificates);
  ASSERT_EQ(a.enrolments.size(), b.enrolments.size());
  for (size_t i = 0; i < a.enrolments.size(); ++i) {
    ASSERT_EQ(a.enrolments[i].person.id_number, b.enrolments[i].person.id_number);
    ASSERT_EQ(a.courses[static_cast<size_t>(a.enrolments[i].course)].title,
              b.courses[static_cast<size_t>(b.enrolments[i].course)].title);
  }
  int completed = 0;
  for (const auto& enrolment : a.enrolments) {
    completed += enrolment.completed ? 1 : 0;
  }
  EXPECT_GE(completed, Scaled(kFullScaleCompletedEnrolments, 0.01, 1));
}

}  // namespace
}  // namespace skillbridge::simulator

namespace skillbridge::simulator {
namespace {

constexpr size_t kPinnedEnterprises = 36;
constexpr size_t kPinnedPersons = 1075;
constexpr size_t kPinnedCertificateRows = 1148;
constexpr size_t kPinnedCatalogue = 118;
constexpr size_t kPinnedCourses = 508;
constexpr size_t kPinnedEnrolments = 2168;
constexpr const char* kPinnedEvaluationDigest = "1a827342efc8b727";
constexpr const char* kPinnedTrainingDigest = "527862e73b2cdf86";

// FNV-1a 64 of `text`, as 16 hex digits.
std::string Fnv1a64(std::string_view text) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (const unsigned char c : text) {
    hash = (hash ^ c) * 0x100000001B3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

// Every field of every planned record, in order (a change anywhere changes the text).
std::string FullText(const EvaluationPlan& plan) {
  std::string out;
  for (const auto& org : plan.orgs) {
    out += org.credit_code + ";" + org.name + ";" + org.district_code + ";" + std::to_string(org.kind) + ";" +
           org.contact_name + ";" + org.contact_phone + ";" + std::to_string(static_cast<int>(org.target)) + ";" +
           org.industry_chain_code + ";" + std::to_string(org.weight) + ";";
    for (const auto& scope : org.scope) {
      out += scope.occupation_code + "@" + std::to_string(scope.highest_level) + ",";
    }
    for (const auto& site : org.sites) {
      out += site + ",";
    }
    out += "\n";
  }
  for (const auto& enterprise : plan.enterprises) {
    out += enterprise.credit_code + ";" + enterprise.name + ";" + enterprise.district_code + ";" +
           std::to_string(enterprise.above_designated_size) + std::to_string(enterprise.self_evaluation_eligible) +
           ";" + enterprise.industry_chain_code + ";" + std::to_string(enterprise.employee_count) + "\n";
  }
  for (const auto& person : plan.certificates.persons) {
    out += person.id_number + ";" + person.name + "\n";
  }
  for (const auto& row : plan.certificates.rows) {
    out += std::string(RowKindName(row.kind)) + ";" + std::to_string(row.person) + ";" + std::to_string(row.org) + ";" +
           std::to_string(row.type) + ";" + std::to_string(row.basis) + ";" + row.occupation_code + ";" +
           std::to_string(row.level) + ";" + row.industry_chain_code + ";" + absl::FormatCivilTime(row.issue_date) +
           ";" + row.site_serial + ";" + std::to_string(row.serial) + ";" + std::to_string(row.revoke) + ";" +
           row.revoke_reason + "\n";
  }
  for (const auto& intro : plan.introductions) {
    out += intro.person.id_number + ";" + intro.person.name + ";" + std::to_string(intro.employer) + ";" +
           intro.occupation_code + ";" + std::to_string(intro.level) + ";" + intro.outside_certificate_number + ";" +
           intro.outside_issuer + ";" + absl::FormatCivilTime(intro.outside_issue_date) + ";" +
           absl::FormatCivilTime(intro.arrival_date) + "\n";
  }
  return out;
}

std::string FullText(const TrainingPlan& plan) {
  std::string out;
  for (const auto& institution : plan.institutions) {
    out += institution.credit_code + ";" + institution.name + ";" + institution.district_code + ";" +
           std::to_string(static_cast<int>(institution.kind)) + ";" + institution.contact_name + ";" +
           institution.contact_phone + ";";
    for (const auto& occupation : institution.occupations) {
      out += occupation + ",";
    }
    out += "\n";
  }
  for (const auto& entry : plan.catalogue) {
    out += entry.occupation_code + ";" + std::to_string(entry.level) + ";" + std::to_string(entry.subsidy_fen) + "\n";
  }
  for (const auto& course : plan.courses) {
    out += course.title + ";" + std::to_string(course.institution) + ";" +
           std::to_string(static_cast<int>(course.programme)) + ";" + course.occupation_code + ";" +
           std::to_string(course.level) + ";" + absl::FormatCivilTime(course.start_date) + ";" +
           absl::FormatCivilTime(course.end_date) + ";" + std::to_string(course.capacity) + "\n";
  }
  for (const auto& enrolment : plan.enrolments) {
    out += std::to_string(enrolment.course) + ";" + enrolment.person.id_number + ";" + enrolment.person.name + ";" +
           absl::FormatCivilTime(enrolment.enrolled_date) + ";" + std::to_string(enrolment.completed) + ";" +
           absl::FormatCivilTime(enrolment.completed_date) + ";" + std::to_string(enrolment.hours) + ";" +
           std::to_string(enrolment.certificate_row) + ";" + std::to_string(enrolment.claim) + ";" +
           std::to_string(static_cast<int>(enrolment.decision)) + "\n";
  }
  return out;
}

// The city-year plan of seed 2021 at scale 0.02 (cutoff 2026-06-15) over the repository's
// reference/ folder, pinned: a refactoring of the generator must not change a single record.
// (Changing the reference tables or the generator on purpose changes these values; update them
// then.)
TEST(SimulatorPlan, AFixedSeedGivesAPinnedPlan) {
  const CityYearPlan plan = PlanCityYear(Options(0.02), *Reference());
  const EvaluationPlan& evaluation = plan.evaluation;
  const TrainingPlan& training = plan.training;
  EXPECT_EQ(evaluation.orgs.size(), 40u);
  EXPECT_EQ(evaluation.enterprises.size(), kPinnedEnterprises);
  EXPECT_EQ(evaluation.certificates.persons.size(), kPinnedPersons);
  EXPECT_EQ(evaluation.certificates.rows.size(), kPinnedCertificateRows);
  EXPECT_EQ(evaluation.introductions.size(), 8u);
  EXPECT_EQ(training.institutions.size(), 12u);
  EXPECT_EQ(training.catalogue.size(), kPinnedCatalogue);
  EXPECT_EQ(training.courses.size(), kPinnedCourses);
  EXPECT_EQ(training.enrolments.size(), kPinnedEnrolments);
  EXPECT_EQ(Fnv1a64(FullText(evaluation)), kPinnedEvaluationDigest);
  EXPECT_EQ(Fnv1a64(FullText(training)), kPinnedTrainingDigest);
}

}  // namespace
}  // namespace skillbridge::simulator

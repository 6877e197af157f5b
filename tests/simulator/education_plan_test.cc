// Unit tests of the education part of the simulator's plan: deterministic for a seed; 36 schools
// across the districts with valid credit codes, every kind and both ownerships, some filed with an
// evaluation scope; about 300 specialties training only levels their school's kind may train,
// 75–82% with a key industry chain, at least 30 featured, the closed ones without students; at
// scale 1 about 30,000 students ENROLLED at the end and about 7,500 graduates, withdrawals about
// 3% and transfers about 1%, valid distinct citizen IDs of 15- to 19-year-olds; every date within
// the cutoff; first destinations mostly in the city with the evaluation part's enterprises, rewards
// only for in-city ones; about 100 partnerships of the three kinds, a few ended.

#include "tools/simulator/education_plan.h"

#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "common/validation/citizen_id.h"
#include "common/validation/credit_code.h"
#include "tools/simulator/evaluation_plan.h"

namespace skillbridge::simulator {
namespace {

namespace ed = ::skillbridge::education::v1;

const ReferenceData& Reference() {
  static const auto* reference = [] {
    auto loaded = ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const ReferenceData>(*loaded);
  }();
  return **reference;
}

PlanOptions Options(double scale, uint64_t seed = 2021) {
  PlanOptions options;
  options.seed = seed;
  options.scale = scale;
  options.year = 2026;
  options.cutoff = absl::CivilDay(2026, 11, 30);
  return options;
}

struct Planned {
  std::vector<PlannedEnterprise> enterprises;
  EducationPlan education;
};

Planned Plan(const PlanOptions& options) {
  Planned planned;
  const std::vector<PlannedOrg> orgs = PlanOrgs(options, Reference());
  planned.enterprises = PlanEnterprises(options, Reference(), orgs);
  planned.education = PlanEducation(options, Reference(), planned.enterprises);
  return planned;
}

// The full-scale plan, made once for the tests that only read it.
const Planned& Full() {
  static const auto* planned = new Planned(Plan(Options(1.0)));
  return *planned;
}

bool Trains(const std::vector<ed::TrainingLevel>& levels, ed::TrainingLevel level) {
  return std::find(levels.begin(), levels.end(), level) != levels.end();
}

TEST(EducationPlanTest, TheSameSeedGivesTheSamePlanAndAnotherSeedAnother) {
  const Planned a = Plan(Options(0.05));
  const Planned b = Plan(Options(0.05));
  const Planned c = Plan(Options(0.05, 7));
  ASSERT_EQ(a.education.students.size(), b.education.students.size());
  for (size_t i = 0; i < a.education.students.size(); ++i) {
    EXPECT_EQ(a.education.students[i].person.id_number, b.education.students[i].person.id_number);
    EXPECT_EQ(a.education.students[i].specialty, b.education.students[i].specialty);
    EXPECT_EQ(a.education.students[i].fate, b.education.students[i].fate);
  }
  ASSERT_EQ(a.education.schools.size(), c.education.schools.size());
  EXPECT_NE(a.education.schools[0].credit_code, c.education.schools[0].credit_code);
  EXPECT_NE(a.education.students[0].person.id_number, c.education.students[0].person.id_number);
}

TEST(EducationPlanTest, SchoolsCoverTheDistrictsWithEveryKindSomeFiled) {
  const EducationPlan& plan = Full().education;
  ASSERT_EQ(plan.schools.size(), static_cast<size_t>(kEducationSchools));
  std::set<std::string> codes;
  std::set<std::string> names;
  std::set<std::string> districts;
  std::map<ed::SchoolKind, int> kinds;
  std::map<ed::Ownership, int> ownerships;
  int filed = 0;
  for (const PlannedSchool& school : plan.schools) {
    EXPECT_TRUE(ValidateCreditCode(school.credit_code, "credit_code").ok()) << school.credit_code;
    EXPECT_TRUE(codes.insert(school.credit_code).second);
    EXPECT_TRUE(names.insert(school.name).second) << school.name;
    EXPECT_NE(Reference().FindDistrict(school.district_code), nullptr) << school.district_code;
    districts.insert(school.district_code);
    ++kinds[school.kind];
    ++ownerships[school.ownership];
    EXPECT_FALSE(school.contact_name.empty());
    if (school.filed) {
      ++filed;
      EXPECT_FALSE(school.evaluation_scope.empty()) << school.name;
    }
  }
  EXPECT_EQ(districts.size(), Reference().districts().size());
  EXPECT_GE(kinds[ed::SCHOOL_KIND_TECHNICIAN_COLLEGE], 8);
  EXPECT_GE(kinds[ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL], 8);
  EXPECT_GE(kinds[ed::SCHOOL_KIND_TECHNICAL_SCHOOL], 8);
  EXPECT_GE(ownerships[ed::OWNERSHIP_PRIVATE], 10);
  EXPECT_GE(ownerships[ed::OWNERSHIP_PUBLIC], 15);
  EXPECT_GE(filed, 10);
  EXPECT_LE(filed, kEducationSchools - 10);
  EXPECT_EQ(names.count("青岛市技师学院"), 1u);
}

TEST(EducationPlanTest, SpecialtiesTrainTheirSchoolsLevelsMostlyServeAChainAndEnoughAreFeatured) {
  const EducationPlan& plan = Full().education;
  ASSERT_EQ(plan.specialties.size(), static_cast<size_t>(kEducationSpecialties));
  std::set<std::pair<int, std::string>> keys;
  int chained = 0;
  int featured = 0;
  int closed = 0;
  for (const PlannedSpecialty& s : plan.specialties) {
    ASSERT_GE(s.school, 0);
    EXPECT_TRUE(keys.insert({s.school, s.code}).second) << s.code;
    EXPECT_FALSE(s.name.empty());
    ASSERT_FALSE(s.levels.empty());
    const auto allowed = LevelsOfKind(plan.schools[static_cast<size_t>(s.school)].kind);
    for (ed::TrainingLevel level : s.levels) {
      EXPECT_TRUE(Trains(allowed, level)) << s.code << " at " << plan.schools[static_cast<size_t>(s.school)].name;
    }
    if (!s.industry_chain_code.empty()) {
      EXPECT_NE(Reference().FindIndustryChain(s.industry_chain_code), nullptr);
      ++chained;
    }
    EXPECT_GE(s.opened_year, 1990);
    EXPECT_LE(s.opened_year, 2022);
    if (s.featured) {
      ++featured;
      EXPECT_FALSE(s.closed);
      EXPECT_GE(s.featured_year, 2023);
      EXPECT_LE(s.featured_year, 2026);
    }
    if (s.closed) {
      ++closed;
      EXPECT_FALSE(s.close_reason.empty());
    }
  }
  const double share = static_cast<double>(chained) / static_cast<double>(plan.specialties.size());
  EXPECT_GE(share, 0.75);
  EXPECT_LE(share, 0.82);
  EXPECT_GE(featured, 30);
  EXPECT_GE(closed, 3);
  const PlannedEducationTotals totals = TotalsOf(plan, 2026);
  EXPECT_GE(totals.featured_specialties, 30);
  EXPECT_GE(static_cast<double>(totals.chain_specialties) / static_cast<double>(totals.active_specialties), 0.75);
}

TEST(EducationPlanTest, AFullYearHasAboutThirtyThousandStudentsAndSevenAndAHalfThousandGraduates) {
  const EducationPlan& plan = Full().education;
  const PlannedEducationTotals totals = TotalsOf(plan, 2026);
  EXPECT_GE(totals.enrolled_now, 29'000);
  EXPECT_LE(totals.enrolled_now, 31'500);
  EXPECT_GE(totals.graduated, 7'000);
  EXPECT_LE(totals.graduated, 8'000);
  const double n = static_cast<double>(plan.students.size());
  EXPECT_NEAR(static_cast<double>(totals.withdrawn) / n, 0.03, 0.006);
  EXPECT_NEAR(static_cast<double>(totals.transferred) / n, 0.01, 0.004);
  EXPECT_GE(totals.enrolled_in_year, 10'000);
  // A tenth of the scale gives about a tenth of the students.
  const PlannedEducationTotals tenth = TotalsOf(Plan(Options(0.1)).education, 2026);
  EXPECT_NEAR(static_cast<double>(tenth.enrolled_now), static_cast<double>(totals.enrolled_now) / 10.0, 200.0);
}

TEST(EducationPlanTest, StudentsAreValidDistinctYoungPersonsAtOpenSpecialtiesOfTheirSchool) {
  const EducationPlan& plan = Full().education;
  std::set<std::string> ids;
  std::vector<int> students_of(plan.specialties.size(), 0);
  int previous_school = -1;
  for (const PlannedStudent& s : plan.students) {
    auto id = ParseCitizenId(s.person.id_number, "id_number");
    ASSERT_TRUE(id.ok()) << s.person.id_number;
    EXPECT_TRUE(ids.insert(s.person.id_number).second) << "person enrolled twice";
    EXPECT_GE(s.cohort - id->birth_year, 15);
    EXPECT_LE(s.cohort - id->birth_year, 19);
    EXPECT_FALSE(s.person.name.empty());
    EXPECT_GE(s.cohort, 2023);
    EXPECT_LE(s.cohort, 2026);
    EXPECT_EQ(s.enrol_date.year(), s.cohort);
    // Sending order: grouped by school.
    EXPECT_GE(s.school, previous_school);
    previous_school = s.school;
    const PlannedSpecialty& specialty = plan.specialties[static_cast<size_t>(s.specialty)];
    EXPECT_EQ(specialty.school, s.school);
    EXPECT_FALSE(specialty.closed);
    EXPECT_TRUE(Trains(specialty.levels, s.target_level));
    ++students_of[static_cast<size_t>(s.specialty)];
    if (s.fate != StudentFate::kEnrolled) {
      EXPECT_GT(s.status_date, s.enrol_date);
      EXPECT_LE(s.status_date, absl::CivilDay(2026, 11, 30));
      EXPECT_GE(s.status_date, absl::CivilDay(2026, 1, 1));
    }
    switch (s.fate) {
      case StudentFate::kGraduated:
        EXPECT_EQ(s.cohort, 2023);
        break;
      case StudentFate::kWithdrawn:
        EXPECT_NE(s.withdrawal_reason, ed::WITHDRAWAL_REASON_UNSPECIFIED);
        EXPECT_EQ(s.withdrawal_reason == ed::WITHDRAWAL_REASON_OTHER, !s.reason_text.empty());
        break;
      case StudentFate::kTransferred: {
        EXPECT_NE(s.cohort, 2023);
        ASSERT_GE(s.to_specialty, 0);
        const PlannedSpecialty& to = plan.specialties[static_cast<size_t>(s.to_specialty)];
        EXPECT_NE(s.to_specialty, s.specialty);
        EXPECT_FALSE(to.closed);
        EXPECT_TRUE(Trains(to.levels, s.target_level));
        EXPECT_FALSE(s.reason_text.empty());
        break;
      }
      case StudentFate::kEnrolled:
        EXPECT_NE(s.cohort, 2023) << "the oldest cohort graduates or withdraws";
        break;
    }
    EXPECT_EQ(s.has_destination, s.has_destination && s.fate == StudentFate::kGraduated);
  }
  for (size_t i = 0; i < plan.specialties.size(); ++i) {
    if (plan.specialties[i].closed) {
      EXPECT_EQ(students_of[i], 0) << "a closed specialty has students";
    }
  }
}

TEST(EducationPlanTest, MostGraduatesStayInTheCityWithTheEvaluationPartsEnterprises) {
  const Planned& full = Full();
  std::map<std::string, const PlannedEnterprise*> enterprises;
  for (const PlannedEnterprise& e : full.enterprises) {
    enterprises[e.credit_code] = &e;
  }
  int graduates = 0;
  int destinations = 0;
  int in_city = 0;
  int rewarded = 0;
  int paid = 0;
  for (const PlannedStudent& s : full.education.students) {
    if (s.fate != StudentFate::kGraduated) {
      continue;
    }
    ++graduates;
    if (!s.has_destination) {
      continue;
    }
    ++destinations;
    const PlannedDestination& d = s.destination;
    EXPECT_GE(d.start_date, s.status_date);
    EXPECT_LE(d.start_date, absl::CivilDay(2026, 11, 30));
    if (d.kind == ed::EMPLOYMENT_KIND_IN_CITY) {
      ++in_city;
      auto it = enterprises.find(d.employer_credit_code);
      ASSERT_NE(it, enterprises.end()) << "an employer the evaluation part did not register";
      EXPECT_EQ(d.employer_district_code, it->second->district_code);
      EXPECT_EQ(d.industry_chain_code, it->second->industry_chain_code);
      EXPECT_EQ(d.employer_name, it->second->name);
    } else {
      EXPECT_EQ(d.reward_fen, 0);
      EXPECT_TRUE(d.employer_district_code.empty());
    }
    if (d.kind == ed::EMPLOYMENT_KIND_ELSEWHERE) {
      EXPECT_TRUE(ValidateCreditCode(d.employer_credit_code, "employer").ok());
    }
    if (d.reward_fen > 0) {
      ++rewarded;
      paid += d.reward_paid ? 1 : 0;
    } else {
      EXPECT_FALSE(d.reward_paid);
    }
  }
  EXPECT_GE(static_cast<double>(destinations) / graduates, 0.85);
  EXPECT_NEAR(static_cast<double>(in_city) / destinations, 0.70, 0.04);
  EXPECT_GT(rewarded, in_city / 2);
  EXPECT_GT(paid, rewarded / 2);
  EXPECT_LT(paid, rewarded);
}

TEST(EducationPlanTest, PartnershipsOfTheThreeKindsWithEnterprisesAFewEnded) {
  const Planned& full = Full();
  std::set<std::string> enterprises;
  for (const PlannedEnterprise& e : full.enterprises) {
    enterprises.insert(e.credit_code);
  }
  const EducationPlan& plan = full.education;
  EXPECT_EQ(plan.partnerships.size(), static_cast<size_t>(kEducationPartnerships));
  std::map<ed::PartnershipKind, int> kinds;
  int ended = 0;
  for (const PlannedPartnership& p : plan.partnerships) {
    ++kinds[p.kind];
    EXPECT_EQ(enterprises.count(p.enterprise.credit_code), 1u);
    EXPECT_FALSE(p.description.empty());
    EXPECT_GE(p.start_year, 2022);
    EXPECT_LE(p.start_year, 2026);
    if (p.planned_end_year != 0) {
      EXPECT_GE(p.planned_end_year, p.start_year);
    }
    if (p.kind == ed::PARTNERSHIP_KIND_ORDER_CLASS) {
      ASSERT_GE(p.specialty, 0);
    }
    if (p.specialty >= 0) {
      EXPECT_EQ(plan.specialties[static_cast<size_t>(p.specialty)].school, p.school);
      EXPECT_FALSE(plan.specialties[static_cast<size_t>(p.specialty)].closed);
    }
    if (p.kind != ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE) {
      EXPECT_GE(p.places, 1);
    }
    if (p.end) {
      ++ended;
      EXPECT_GE(p.ended_year, p.start_year);
      EXPECT_LE(p.ended_year, 2026);
      EXPECT_FALSE(p.end_reason.empty());
    }
  }
  EXPECT_EQ(kinds.size(), 3u);
  EXPECT_GE(ended, 1);
  EXPECT_LE(ended, 5);
}

}  // namespace
}  // namespace skillbridge::simulator

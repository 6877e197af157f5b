// The education recount on hand-built records: featured specialties and the industry match from
// the ACTIVE specialties per city and district; the students enrolled at a past year's end (the
// transfer's two records counting once, the last day of the year) and now for the current year;
// graduates of the year and the share first employed in the city; every student in the talent
// database.

#include "tools/reconcile/education_tally.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::reconcile {
namespace {

namespace ed = ::skillbridge::education::v1;
namespace ids = ::skillbridge::aggregator::ids;

constexpr char kDistrict[] = "370211";
constexpr char kOther[] = "370203";

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

ed::Specialty MakeSpecialty(const std::string& code, const std::string& district, ed::SpecialtyStatus status,
                            bool featured, const std::string& chain) {
  ed::Specialty s;
  s.set_school_credit_code("52370200MJ0000001X");
  s.set_code(code);
  s.set_district_code(district);
  s.set_status(status);
  s.set_featured(featured);
  s.set_industry_chain_code(chain);
  return s;
}

ed::Student MakeStudent(const std::string& id, const std::string& person, const std::string& district,
                        ed::StudentStatus status, const common::v1::Date& enrol,
                        const common::v1::Date* status_date = nullptr,
                        ed::EmploymentKind kind = ed::EMPLOYMENT_KIND_UNSPECIFIED) {
  ed::Student s;
  s.set_id(id);
  s.mutable_person()->set_id_number(person);
  s.set_district_code(district);
  s.set_status(status);
  *s.mutable_enrol_date() = enrol;
  if (status_date != nullptr) {
    *s.mutable_status_date() = *status_date;
  }
  if (kind != ed::EMPLOYMENT_KIND_UNSPECIFIED) {
    s.mutable_first_employment()->set_kind(kind);
  }
  return s;
}

TEST(EducationTallyTest, SpecialtiesCountWhenActive) {
  const std::vector<ed::Specialty> specialties = {
      MakeSpecialty("0601", kDistrict, ed::SPECIALTY_STATUS_ACTIVE, true, "IC03"),
      MakeSpecialty("0602", kDistrict, ed::SPECIALTY_STATUS_ACTIVE, false, ""),
      MakeSpecialty("0603", kOther, ed::SPECIALTY_STATUS_ACTIVE, true, "IC05"),
      MakeSpecialty("0604", kOther, ed::SPECIALTY_STATUS_CLOSED, true, ""),
  };
  Figures f;
  PersonsByDistrict talent;
  TallyEducation(specialties, {}, 2025, 2026, f, talent);
  EXPECT_EQ(FigureOf(f, ids::kFeaturedSpecialties, ""), 2);
  EXPECT_EQ(FigureOf(f, ids::kFeaturedSpecialties, kDistrict), 1);
  EXPECT_EQ(FigureOf(f, ids::kFeaturedSpecialties, kOther), 1);
  EXPECT_NEAR(FigureOf(f, ids::kSpecialtyIndustryMatch, ""), 200.0 / 3, 1e-9);
  EXPECT_EQ(FigureOf(f, ids::kSpecialtyIndustryMatch, kDistrict), 50);
  EXPECT_EQ(FigureOf(f, ids::kSpecialtyIndustryMatch, kOther), 100);
  EXPECT_EQ(FigureOf(f, ids::kGraduates, ""), 0);
  EXPECT_TRUE(f.count(ids::kGraduates) > 0);
}

TEST(EducationTallyTest, EnrolledAtAPastYearEndAndNow) {
  const common::v1::Date transfer = Day(2024, 12, 31);
  const common::v1::Date graduated = Day(2025, 6, 30);
  const std::vector<ed::Student> students = {
      // A transfer on the last day of 2024: old record until then, new one from then.
      MakeStudent("ST1", "P1", kDistrict, ed::STUDENT_STATUS_TRANSFERRED, Day(2023, 9, 1), &transfer),
      MakeStudent("ST2", "P1", kOther, ed::STUDENT_STATUS_ENROLLED, transfer),
      // Graduated in 2025.
      MakeStudent("ST3", "P2", kDistrict, ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &graduated),
      // Enrolled with a date ahead (next year): enrolled now, not at a past year's end.
      MakeStudent("ST4", "P3", kDistrict, ed::STUDENT_STATUS_ENROLLED, Day(2027, 9, 1)),
  };
  {
    Figures f;
    PersonsByDistrict talent;
    TallyEducation({}, students, 2023, 2026, f, talent);
    EXPECT_EQ(FigureOf(f, ids::kStudentsEnrolled, ""), 2);
    EXPECT_EQ(FigureOf(f, ids::kStudentsEnrolled, kDistrict), 2);
    EXPECT_EQ(talent[""].size(), 3u);
    EXPECT_EQ(talent[kOther].size(), 1u);
  }
  {
    Figures f;
    PersonsByDistrict talent;
    TallyEducation({}, students, 2024, 2026, f, talent);
    EXPECT_EQ(FigureOf(f, ids::kStudentsEnrolled, ""), 2);
    EXPECT_EQ(FigureOf(f, ids::kStudentsEnrolled, kDistrict), 1);
    EXPECT_EQ(FigureOf(f, ids::kStudentsEnrolled, kOther), 1);
  }
  {
    Figures f;
    PersonsByDistrict talent;
    TallyEducation({}, students, 2025, 2026, f, talent);
    EXPECT_EQ(FigureOf(f, ids::kStudentsEnrolled, ""), 1);
  }
  {
    Figures f;
    PersonsByDistrict talent;
    TallyEducation({}, students, 2026, 2026, f, talent);
    EXPECT_EQ(FigureOf(f, ids::kStudentsEnrolled, ""), 2);
    EXPECT_EQ(FigureOf(f, ids::kStudentsEnrolled, kDistrict), 1);
  }
}

TEST(EducationTallyTest, GraduatesOfTheYearAndThoseEmployedInTheCity) {
  const common::v1::Date june = Day(2025, 6, 30);
  const common::v1::Date earlier = Day(2024, 6, 30);
  const std::vector<ed::Student> students = {
      MakeStudent("ST1", "P1", kDistrict, ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &june,
                  ed::EMPLOYMENT_KIND_IN_CITY),
      MakeStudent("ST2", "P2", kDistrict, ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &june,
                  ed::EMPLOYMENT_KIND_ELSEWHERE),
      MakeStudent("ST3", "P3", kOther, ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &june),
      MakeStudent("ST4", "P4", kOther, ed::STUDENT_STATUS_GRADUATED, Day(2021, 9, 1), &earlier,
                  ed::EMPLOYMENT_KIND_IN_CITY),
      MakeStudent("ST5", "P5", kOther, ed::STUDENT_STATUS_WITHDRAWN, Day(2022, 9, 1), &june),
  };
  Figures f;
  PersonsByDistrict talent;
  TallyEducation({}, students, 2025, 2026, f, talent);
  EXPECT_EQ(FigureOf(f, ids::kGraduates, ""), 3);
  EXPECT_EQ(FigureOf(f, ids::kGraduates, kDistrict), 2);
  EXPECT_EQ(FigureOf(f, ids::kGraduates, kOther), 1);
  EXPECT_NEAR(FigureOf(f, ids::kGraduatesEmployedInCity, ""), 100.0 / 3, 1e-9);
  EXPECT_EQ(FigureOf(f, ids::kGraduatesEmployedInCity, kDistrict), 50);
  EXPECT_EQ(FigureOf(f, ids::kGraduatesEmployedInCity, kOther), 0);
  EXPECT_EQ(talent[""].size(), 5u);
}

}  // namespace
}  // namespace skillbridge::reconcile

// Unit tests of the education feed's translation into commands (domain/education_commands.h),
// applied to a small in-memory model of the store's fact semantics (a replaced fact undoes its
// previous updates, an added fact is added once): specialties counted in their current state
// (closed, unfeatured, chain dropped), the enrolled stock at each year's end from the changes by
// year (the past-year rule, a transfer counting once, withdrawals), graduates and those first
// employed in the city (a corrected destination), replays changing nothing, and the students in
// the talent database.

#include "services/aggregator/domain/education_commands.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/feed_commands.h"

namespace skillbridge::aggregator {
namespace {

namespace ed = ::skillbridge::education::v1;

constexpr char kDistrict[] = "370211";
constexpr char kOtherDistrict[] = "370203";

// The counters and the talent database as the store would hold them after applying commands.
class ViewModel {
 public:
  void Apply(const std::vector<FeedCommand>& commands) {
    for (const FeedCommand& c : commands) {
      if (c.kind == FeedCommand::Kind::kAddFact) {
        if (facts_.count(c.fact_key) > 0) {
          continue;
        }
        facts_[c.fact_key] = c.updates;
        Do(c.updates, 1);
      } else if (c.kind == FeedCommand::Kind::kReplaceFact) {
        Do(facts_[c.fact_key], -1);
        facts_[c.fact_key] = c.updates;
        Do(c.updates, 1);
      }
    }
  }
  void Apply(const ed::EducationEvent& event) { Apply(CommandsForEducationEvent(event)); }

  int64_t Count(const std::string& indicator, const std::string& bucket) const {
    auto it = counters_.find(indicator);
    if (it == counters_.end()) {
      return 0;
    }
    auto b = it->second.find(bucket);
    return b == it->second.end() ? 0 : b->second;
  }
  // Σ of the enrolled stock's changes up to `year` (the view handler's sum).
  int64_t EnrolledAtEndOf(int year, const std::string& district = "") const {
    int64_t total = 0;
    for (int y = kFirstEnrolmentYear; y <= year; ++y) {
      total += Count(ids::kEnrolmentChanges, district.empty() ? YearBucket(y) : DistrictBucket(y, district));
    }
    return total;
  }
  const std::map<std::string, std::set<std::string>>& persons() const { return persons_; }

 private:
  void Do(const std::vector<ViewUpdate>& updates, int sign) {
    for (const ViewUpdate& u : updates) {
      if (u.kind == ViewUpdate::Kind::kCount) {
        counters_[u.indicator][u.bucket] += sign * u.amount;
      } else if (u.kind == ViewUpdate::Kind::kPerson && sign > 0) {
        persons_[""].insert(u.person);
        if (!u.bucket.empty()) {
          persons_[u.bucket].insert(u.person);
        }
      }
    }
  }

  std::map<std::string, std::vector<ViewUpdate>> facts_;
  std::map<std::string, std::map<std::string, int64_t>> counters_;
  std::map<std::string, std::set<std::string>> persons_;
};

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

ed::EducationEvent Specialty(const std::string& code, ed::SpecialtyStatus status, bool featured,
                             const std::string& chain, const std::string& district = kDistrict) {
  ed::EducationEvent e;
  ed::SpecialtyChanged* s = e.mutable_specialty_changed();
  s->set_school_credit_code("52370200MJ0000001X");
  s->set_code(code);
  s->set_name("数控技术应用");
  s->set_district_code(district);
  s->set_industry_chain_code(chain);
  s->set_featured(featured);
  s->set_status(status);
  s->set_opened_year(2015);
  return e;
}

ed::EducationEvent Student(const std::string& id, const std::string& id_number, ed::StudentStatus status,
                           const common::v1::Date& enrol_date, const common::v1::Date* status_date = nullptr,
                           ed::EmploymentKind employment = ed::EMPLOYMENT_KIND_UNSPECIFIED,
                           const std::string& district = kDistrict, const std::string& chain = "IC03") {
  ed::EducationEvent e;
  ed::StudentChanged* s = e.mutable_student_changed();
  s->set_student_id(id);
  s->mutable_person()->set_id_number(id_number);
  s->set_school_credit_code("52370200MJ0000001X");
  s->set_specialty_code("0602");
  s->set_district_code(district);
  s->set_industry_chain_code(chain);
  s->set_cohort(enrol_date.year());
  s->set_target_level(ed::TRAINING_LEVEL_SENIOR);
  s->set_status(status);
  *s->mutable_enrol_date() = enrol_date;
  if (status_date != nullptr) {
    *s->mutable_status_date() = *status_date;
  }
  s->set_employment_kind(employment);
  return e;
}

TEST(EducationCommandsTest, SpecialtiesCountInTheirCurrentState) {
  ViewModel view;
  view.Apply(Specialty("0601", ed::SPECIALTY_STATUS_ACTIVE, true, "IC03"));
  view.Apply(Specialty("0602", ed::SPECIALTY_STATUS_ACTIVE, false, ""));
  view.Apply(Specialty("0603", ed::SPECIALTY_STATUS_ACTIVE, true, "IC05", kOtherDistrict));
  EXPECT_EQ(view.Count(ids::kFeaturedSpecialties, CurrentBucket()), 2);
  EXPECT_EQ(view.Count(ids::kFeaturedSpecialties, CurrentDistrictBucket(kDistrict)), 1);
  EXPECT_EQ(view.Count(ids::kFeaturedSpecialties, CurrentChainBucket("IC05")), 1);
  EXPECT_EQ(view.Count(ids::kActiveSpecialties, CurrentBucket()), 3);
  EXPECT_EQ(view.Count(ids::kActiveSpecialtiesWithChain, CurrentBucket()), 2);
  EXPECT_EQ(view.Count(ids::kActiveSpecialties, CurrentDistrictBucket(kDistrict)), 2);
  EXPECT_EQ(view.Count(ids::kActiveSpecialtiesWithChain, CurrentDistrictBucket(kDistrict)), 1);

  // Unfeatured, then the chain dropped, then closed: each replaces the previous state.
  view.Apply(Specialty("0601", ed::SPECIALTY_STATUS_ACTIVE, false, "IC03"));
  EXPECT_EQ(view.Count(ids::kFeaturedSpecialties, CurrentBucket()), 1);
  EXPECT_EQ(view.Count(ids::kFeaturedSpecialties, CurrentDistrictBucket(kDistrict)), 0);
  view.Apply(Specialty("0601", ed::SPECIALTY_STATUS_ACTIVE, false, ""));
  EXPECT_EQ(view.Count(ids::kActiveSpecialtiesWithChain, CurrentBucket()), 1);
  EXPECT_EQ(view.Count(ids::kActiveSpecialties, CurrentBucket()), 3);
  view.Apply(Specialty("0603", ed::SPECIALTY_STATUS_CLOSED, true, "IC05", kOtherDistrict));
  EXPECT_EQ(view.Count(ids::kFeaturedSpecialties, CurrentBucket()), 0);
  EXPECT_EQ(view.Count(ids::kActiveSpecialties, CurrentBucket()), 2);
  EXPECT_EQ(view.Count(ids::kActiveSpecialtiesWithChain, CurrentBucket()), 0);
  EXPECT_EQ(view.Count(ids::kActiveSpecialties, CurrentDistrictBucket(kOtherDistrict)), 0);
}

TEST(EducationCommandsTest, ReplayedEventsChangeNothing) {
  ViewModel view;
  const auto featured = Specialty("0601", ed::SPECIALTY_STATUS_ACTIVE, true, "IC03");
  const common::v1::Date graduated = Day(2025, 6, 30);
  const auto student = Student("ST1", "370202200501011234", ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &graduated,
                               ed::EMPLOYMENT_KIND_IN_CITY);
  for (int i = 0; i < 3; ++i) {
    view.Apply(featured);
    view.Apply(student);
  }
  EXPECT_EQ(view.Count(ids::kFeaturedSpecialties, CurrentBucket()), 1);
  EXPECT_EQ(view.Count(ids::kActiveSpecialties, CurrentBucket()), 1);
  EXPECT_EQ(view.Count(ids::kGraduates, YearBucket(2025)), 1);
  EXPECT_EQ(view.Count(ids::kGraduatesInCity, YearBucket(2025)), 1);
  EXPECT_EQ(view.EnrolledAtEndOf(2022), 1);
  EXPECT_EQ(view.EnrolledAtEndOf(2025), 0);
}

TEST(EducationCommandsTest, EnrolledAtYearEndFollowsThePastYearRule) {
  ViewModel view;
  // Enrolled 2022, still enrolled.
  view.Apply(Student("ST1", "370202200501011234", ed::STUDENT_STATUS_ENROLLED, Day(2022, 9, 1)));
  // Enrolled 2022, graduated 2025-06-30: enrolled at the end of 2022..2024, not 2025.
  const common::v1::Date june = Day(2025, 6, 30);
  view.Apply(Student("ST2", "370202200502021234", ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &june));
  // Enrolled 2023, withdrawn on the last day of 2024: not enrolled at the end of 2024.
  const common::v1::Date new_year_eve = Day(2024, 12, 31);
  view.Apply(Student("ST3", "370202200503031234", ed::STUDENT_STATUS_WITHDRAWN, Day(2023, 9, 1), &new_year_eve,
                     ed::EMPLOYMENT_KIND_UNSPECIFIED, kOtherDistrict));
  // Enrolled and withdrawn in 2024: never enrolled at a year end.
  const common::v1::Date november = Day(2024, 11, 1);
  view.Apply(Student("ST4", "370202200504041234", ed::STUDENT_STATUS_WITHDRAWN, Day(2024, 3, 1), &november));
  EXPECT_EQ(view.EnrolledAtEndOf(2021), 0);
  EXPECT_EQ(view.EnrolledAtEndOf(2022), 2);
  EXPECT_EQ(view.EnrolledAtEndOf(2023), 3);
  EXPECT_EQ(view.EnrolledAtEndOf(2024), 2);
  EXPECT_EQ(view.EnrolledAtEndOf(2025), 1);
  EXPECT_EQ(view.EnrolledAtEndOf(2026), 1);
  EXPECT_EQ(view.EnrolledAtEndOf(2023, kOtherDistrict), 1);
  EXPECT_EQ(view.EnrolledAtEndOf(2024, kOtherDistrict), 0);
  EXPECT_EQ(view.EnrolledAtEndOf(2024, kDistrict), 2);
  // A chain bucket carries the changes too.
  EXPECT_EQ(view.Count(ids::kEnrolmentChanges, ChainBucket(2022, "IC03")), 2);
  // The change of ST4 nets to nothing in 2024.
  EXPECT_EQ(view.Count(ids::kEnrolmentChanges, YearBucket(2024)), -1);
}

TEST(EducationCommandsTest, ATransferredPersonCountsOnceAtEveryYearEnd) {
  ViewModel view;
  const std::string person = "370202200501011234";
  view.Apply(Student("ST1", person, ed::STUDENT_STATUS_ENROLLED, Day(2023, 9, 1)));
  EXPECT_EQ(view.EnrolledAtEndOf(2024), 1);
  // Transferred on 2024-12-31 to a school in another district: the old record leaves that day,
  // the new one enters it.
  const common::v1::Date transfer = Day(2024, 12, 31);
  auto old_record = Student("ST1", person, ed::STUDENT_STATUS_TRANSFERRED, Day(2023, 9, 1), &transfer);
  old_record.mutable_student_changed()->set_transferred_to("ST2");
  auto new_record = Student("ST2", person, ed::STUDENT_STATUS_ENROLLED, transfer, nullptr,
                            ed::EMPLOYMENT_KIND_UNSPECIFIED, kOtherDistrict, "IC05");
  new_record.mutable_student_changed()->set_transferred_from("ST1");
  view.Apply(old_record);
  view.Apply(new_record);
  for (int year = 2023; year <= 2027; ++year) {
    EXPECT_EQ(view.EnrolledAtEndOf(year), 1) << year;
  }
  EXPECT_EQ(view.EnrolledAtEndOf(2023, kDistrict), 1);
  EXPECT_EQ(view.EnrolledAtEndOf(2024, kDistrict), 0);
  EXPECT_EQ(view.EnrolledAtEndOf(2024, kOtherDistrict), 1);
  // Transferred again in mid-2025 (within the district), then graduated in 2026.
  const common::v1::Date second = Day(2025, 7, 1);
  auto moved = Student("ST2", person, ed::STUDENT_STATUS_TRANSFERRED, transfer, &second,
                       ed::EMPLOYMENT_KIND_UNSPECIFIED, kOtherDistrict, "IC05");
  const common::v1::Date graduated = Day(2026, 6, 30);
  auto last = Student("ST3", person, ed::STUDENT_STATUS_GRADUATED, second, &graduated, ed::EMPLOYMENT_KIND_IN_CITY,
                      kOtherDistrict, "IC05");
  view.Apply(moved);
  view.Apply(last);
  EXPECT_EQ(view.EnrolledAtEndOf(2025), 1);
  EXPECT_EQ(view.EnrolledAtEndOf(2026), 0);
  EXPECT_EQ(view.Count(ids::kGraduates, YearBucket(2026)), 1);
  // One person in the talent database, in both districts.
  EXPECT_EQ(view.persons().at("").size(), 1u);
  EXPECT_EQ(view.persons().at(kDistrict).size(), 1u);
  EXPECT_EQ(view.persons().at(kOtherDistrict).size(), 1u);
}

TEST(EducationCommandsTest, GraduatesAndCorrectedFirstDestinations) {
  ViewModel view;
  const common::v1::Date graduated = Day(2025, 6, 30);
  view.Apply(Student("ST1", "370202200501011234", ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &graduated));
  view.Apply(Student("ST2", "370202200502021234", ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &graduated,
                     ed::EMPLOYMENT_KIND_ELSEWHERE, kOtherDistrict, ""));
  EXPECT_EQ(view.Count(ids::kGraduates, YearBucket(2025)), 2);
  EXPECT_EQ(view.Count(ids::kGraduates, MonthBucket(2025, 6)), 2);
  EXPECT_EQ(view.Count(ids::kGraduates, DistrictBucket(2025, kDistrict)), 1);
  EXPECT_EQ(view.Count(ids::kGraduates, ChainBucket(2025, "IC03")), 1);
  EXPECT_EQ(view.Count(ids::kGraduatesInCity, YearBucket(2025)), 0);
  // ST1's first destination recorded IN_CITY, ST2's corrected from ELSEWHERE to IN_CITY, then
  // ST1's corrected to FURTHER_STUDY.
  view.Apply(Student("ST1", "370202200501011234", ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &graduated,
                     ed::EMPLOYMENT_KIND_IN_CITY));
  view.Apply(Student("ST2", "370202200502021234", ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &graduated,
                     ed::EMPLOYMENT_KIND_IN_CITY, kOtherDistrict, ""));
  EXPECT_EQ(view.Count(ids::kGraduatesInCity, YearBucket(2025)), 2);
  EXPECT_EQ(view.Count(ids::kGraduatesInCity, DistrictBucket(2025, kOtherDistrict)), 1);
  view.Apply(Student("ST1", "370202200501011234", ed::STUDENT_STATUS_GRADUATED, Day(2022, 9, 1), &graduated,
                     ed::EMPLOYMENT_KIND_FURTHER_STUDY));
  EXPECT_EQ(view.Count(ids::kGraduatesInCity, YearBucket(2025)), 1);
  EXPECT_EQ(view.Count(ids::kGraduatesInCity, DistrictBucket(2025, kDistrict)), 0);
  EXPECT_EQ(view.Count(ids::kGraduates, YearBucket(2025)), 2);
  // A withdrawn student is no graduate.
  const common::v1::Date withdrawn = Day(2025, 3, 1);
  view.Apply(Student("ST3", "370202200503031234", ed::STUDENT_STATUS_WITHDRAWN, Day(2022, 9, 1), &withdrawn));
  EXPECT_EQ(view.Count(ids::kGraduates, YearBucket(2025)), 2);
}

TEST(EducationCommandsTest, EarlyYearsCountInTheFirstYear) {
  ViewModel view;
  const common::v1::Date left = Day(1999, 7, 1);
  view.Apply(Student("ST1", "370202198001011234", ed::STUDENT_STATUS_GRADUATED, Day(1997, 9, 1), &left));
  view.Apply(Student("ST2", "370202198002021234", ed::STUDENT_STATUS_ENROLLED, Day(1999, 9, 1)));
  EXPECT_EQ(view.EnrolledAtEndOf(kFirstEnrolmentYear), 1);
  EXPECT_EQ(view.Count(ids::kEnrolmentChanges, YearBucket(kFirstEnrolmentYear)), 1);
}

TEST(EducationCommandsTest, OtherEventsGiveNoCommand) {
  ed::EducationEvent school;
  school.mutable_school_changed()->set_credit_code("52370200MJ0000001X");
  EXPECT_TRUE(CommandsForEducationEvent(school).empty());
  ed::EducationEvent partnership;
  partnership.mutable_partnership_changed()->set_partnership_id("PT1");
  EXPECT_TRUE(CommandsForEducationEvent(partnership).empty());
}

}  // namespace
}  // namespace skillbridge::aggregator

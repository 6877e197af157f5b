// The student-record and first-destination rules (services/education/domain/student_rules.h,
// destination_rules.h): field paths of rows, the workflow, the reward, and the counters each
// change moves.

#include "services/education/domain/student_rules.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "common/reference/bureau_calendar.h"
#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "services/education/domain/destination_rules.h"
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/store/keys.h"
#include "tests/support/test_ids.h"

namespace skillbridge::education {
namespace {

using ::skillbridge::testing::CitizenId;
using ::skillbridge::testing::CreditCode;

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 6, 15, 10, 0, 0), absl::UTCTimeZone());

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

const common::v1::Date kToday = Day(2026, 6, 15);

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

v1::EnrolmentRow ValidRow() {
  v1::EnrolmentRow row;
  row.mutable_person()->set_id_number(CitizenId("370202", "20080101", 12));
  row.mutable_person()->set_name("张三");
  row.set_specialty_code("0103-4");
  row.set_cohort(2025);
  row.set_target_level(v1::TRAINING_LEVEL_SENIOR);
  *row.mutable_enrol_date() = Day(2025, 9, 1);
  return row;
}

v1::School ActiveSchool(const std::string& code, const std::string& district) {
  v1::School school;
  school.mutable_org()->set_credit_code(code);
  school.mutable_org()->set_name("青岛市技师学院");
  school.mutable_org()->set_district_code(district);
  school.set_kind(v1::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  school.set_status(v1::SCHOOL_STATUS_ACTIVE);
  return school;
}

v1::Specialty ActiveSpecialty(const std::string& school, const std::string& code) {
  v1::Specialty specialty;
  specialty.set_school_credit_code(school);
  specialty.set_code(code);
  specialty.set_name("数控加工");
  specialty.set_industry_chain_code("IC01");
  specialty.add_levels(v1::TRAINING_LEVEL_INTERMEDIATE);
  specialty.add_levels(v1::TRAINING_LEVEL_SENIOR);
  specialty.set_status(v1::SPECIALTY_STATUS_ACTIVE);
  return specialty;
}

v1::Student Enrolled() {
  const v1::EnrolmentRow row = ValidRow();
  v1::Student s = NewEnrolledStudent(row, row.person(), ActiveSchool(CreditCode(1), "370202"),
                                     ActiveSpecialty(CreditCode(1), "0103-4"), kNow);
  s.set_id("ST0000000001");
  return s;
}

int64_t DeltaOf(const std::vector<CounterDelta>& deltas, const std::string& key, const std::string& field) {
  for (const CounterDelta& d : deltas) {
    if (d.key == key && d.field == field) {
      return d.amount;
    }
  }
  return 0;
}

// ---------------------------------------------------------------- fields

TEST(EnrolmentRowTest, ValidRowPassesAndNormalisesThePerson) {
  v1::EnrolmentRow row = ValidRow();
  row.mutable_person()->set_id_number(CitizenId("370202", "20080101", 12));
  FieldViolations violations;
  common::v1::PersonRef person;
  CheckEnrolmentRow(row, "rows[0]", kToday, violations, &person);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(person.id_number(), row.person().id_number());
  EXPECT_EQ(person.name(), "张三");
}

TEST(EnrolmentRowTest, EveryBadFieldIsNamedByItsPath) {
  v1::EnrolmentRow row;
  row.mutable_person()->set_id_number("370202200801011234");
  *row.mutable_enrol_date() = Day(2025, 2, 30);
  row.set_cohort(1999);
  row.set_specialty_code("a");
  FieldViolations violations;
  CheckEnrolmentRow(row, "rows[3]", kToday, violations, nullptr);
  const std::vector<std::string> fields = Fields(violations.ToStatus());
  for (const char* expected : {"rows[3].person.id_number", "rows[3].person.name", "rows[3].specialty_code",
                               "rows[3].cohort", "rows[3].target_level", "rows[3].enrol_date"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
  }
}

TEST(EnrolmentRowTest, DateBoundsFollowTodayAndTheCohort) {
  v1::EnrolmentRow row = ValidRow();
  *row.mutable_enrol_date() = Day(2027, 6, 17);  // today + 367 days
  row.set_cohort(2027);
  FieldViolations late;
  CheckEnrolmentRow(row, "row", kToday, late, nullptr);
  EXPECT_EQ(Fields(late.ToStatus()), std::vector<std::string>{"row.enrol_date"});

  row = ValidRow();
  *row.mutable_enrol_date() = Day(2023, 12, 31);  // more than a year before cohort 2025
  FieldViolations early;
  CheckEnrolmentRow(row, "row", kToday, early, nullptr);
  EXPECT_EQ(Fields(early.ToStatus()), std::vector<std::string>{"row.enrol_date"});

  row = ValidRow();
  row.set_cohort(2028);  // beyond today's year + 1
  FieldViolations cohort;
  CheckEnrolmentRow(row, "row", kToday, cohort, nullptr);
  EXPECT_EQ(Fields(cohort.ToStatus()), std::vector<std::string>{"row.cohort"});
}

TEST(StudentIdTest, OnlyStAndTenDigits) {
  for (const char* bad : {"", "ST123", "SP0000000001", "ST00000000012", "st0000000001"}) {
    FieldViolations violations;
    CheckStudentId(bad, "id", violations);
    EXPECT_FALSE(violations.empty()) << bad;
  }
  FieldViolations ok;
  CheckStudentId("ST0000000001", "id", ok);
  EXPECT_TRUE(ok.empty());
}

TEST(EnrolmentTargetTest, ClosedSchoolClosedSpecialtyAndUntrainedLevelAreRefused) {
  v1::School school = ActiveSchool(CreditCode(1), "370202");
  v1::Specialty specialty = ActiveSpecialty(CreditCode(1), "0103-4");
  EXPECT_TRUE(CheckEnrolmentTarget(school, specialty, v1::TRAINING_LEVEL_SENIOR, "row.target_level").ok());
  const absl::Status level =
      CheckEnrolmentTarget(school, specialty, v1::TRAINING_LEVEL_PRE_TECHNICIAN, "row.target_level");
  EXPECT_EQ(level.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(level), kReasonLevelNotTrained);
  EXPECT_NE(level.message().find("row.target_level"), std::string::npos);
  // A level the specialty lists but the school's kind does not train (技工学校: up to 中级工).
  school.set_kind(v1::SCHOOL_KIND_TECHNICAL_SCHOOL);
  EXPECT_EQ(ReasonOf(CheckEnrolmentTarget(school, specialty, v1::TRAINING_LEVEL_SENIOR, "f")), kReasonLevelNotTrained);
  EXPECT_TRUE(CheckEnrolmentTarget(school, specialty, v1::TRAINING_LEVEL_INTERMEDIATE, "f").ok());
  school.set_kind(v1::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  specialty.set_status(v1::SPECIALTY_STATUS_CLOSED);
  EXPECT_EQ(ReasonOf(CheckEnrolmentTarget(school, specialty, v1::TRAINING_LEVEL_SENIOR, "f")), kReasonSpecialtyClosed);
  school.set_status(v1::SCHOOL_STATUS_CLOSED);
  EXPECT_EQ(ReasonOf(CheckEnrolmentTarget(school, specialty, v1::TRAINING_LEVEL_SENIOR, "f")), kReasonSchoolClosed);
}

// ---------------------------------------------------------------- workflow

TEST(StudentWorkflowTest, NewRecordDenormalisesSchoolAndSpecialty) {
  const v1::Student s = Enrolled();
  EXPECT_EQ(s.status(), v1::STUDENT_STATUS_ENROLLED);
  EXPECT_EQ(s.district_code(), "370202");
  EXPECT_EQ(s.industry_chain_code(), "IC01");
  EXPECT_EQ(s.school_name(), "青岛市技师学院");
  EXPECT_EQ(s.specialty_name(), "数控加工");
  EXPECT_EQ(s.reward_status(), v1::REWARD_STATUS_NONE);
  EXPECT_EQ(s.version(), 1);
}

TEST(StudentWorkflowTest, GraduateOnceWithinTheDates) {
  const v1::Student s = Enrolled();
  const auto before_enrolment = Graduate(s, Day(2025, 8, 31), "graduation_date", kToday, kNow);
  EXPECT_EQ(Fields(before_enrolment.status()), std::vector<std::string>{"graduation_date"});
  const auto future = Graduate(s, Day(2026, 6, 16), "graduation_date", kToday, kNow);
  EXPECT_EQ(Fields(future.status()), std::vector<std::string>{"graduation_date"});
  const auto graduated = Graduate(s, Day(2026, 6, 1), "graduation_date", kToday, kNow);
  ASSERT_TRUE(graduated.ok()) << graduated.status();
  EXPECT_EQ(graduated->status(), v1::STUDENT_STATUS_GRADUATED);
  EXPECT_EQ(graduated->status_date().year(), 2026);
  EXPECT_EQ(graduated->version(), 2);
  const auto again = Graduate(*graduated, Day(2026, 6, 1), "graduation_date", kToday, kNow);
  EXPECT_EQ(ReasonOf(again.status()), kReasonInvalidStudentTransition);
}

TEST(StudentWorkflowTest, WithdrawalKeepsTheReasonAndIsFinal) {
  v1::WithdrawStudentRequest request;
  request.set_id("ST0000000001");
  request.set_reason(v1::WITHDRAWAL_REASON_OTHER);
  request.set_reason_text("出国");
  *request.mutable_withdrawal_date() = Day(2026, 3, 1);
  const auto withdrawn = Withdraw(Enrolled(), request, kToday, kNow);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_EQ(withdrawn->status(), v1::STUDENT_STATUS_WITHDRAWN);
  EXPECT_EQ(withdrawn->withdrawal_reason(), v1::WITHDRAWAL_REASON_OTHER);
  EXPECT_EQ(withdrawn->status_reason(), "出国");
  EXPECT_EQ(ReasonOf(Withdraw(*withdrawn, request, kToday, kNow).status()), kReasonInvalidStudentTransition);

  FieldViolations violations;
  request.clear_reason_text();
  CheckWithdrawalRequest(request, violations);
  EXPECT_EQ(Fields(violations.ToStatus()), std::vector<std::string>{"reason_text"});
}

TEST(StudentWorkflowTest, TransferLinksBothRecords) {
  v1::TransferStudentRequest request;
  request.set_id("ST0000000001");
  request.set_to_school_credit_code(CreditCode(2));
  request.set_to_specialty_code("0201-4");
  request.set_target_level(v1::TRAINING_LEVEL_INTERMEDIATE);
  *request.mutable_transfer_date() = Day(2026, 2, 20);
  request.set_reason("转学");
  const auto records = Transfer(Enrolled(), request, ActiveSchool(CreditCode(2), "370203"),
                                ActiveSpecialty(CreditCode(2), "0201-4"), "ST0000000002", kToday, kNow);
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_EQ(records->from.status(), v1::STUDENT_STATUS_TRANSFERRED);
  EXPECT_EQ(records->from.transferred_to(), "ST0000000002");
  EXPECT_EQ(records->to.id(), "ST0000000002");
  EXPECT_EQ(records->to.transferred_from(), "ST0000000001");
  EXPECT_EQ(records->to.status(), v1::STUDENT_STATUS_ENROLLED);
  EXPECT_EQ(records->to.district_code(), "370203");
  EXPECT_EQ(records->to.cohort(), 2025);
  EXPECT_EQ(records->to.person().id_number(), Enrolled().person().id_number());

  const auto same = Transfer(Enrolled(), request, ActiveSchool(CreditCode(1), "370202"),
                             ActiveSpecialty(CreditCode(1), "0103-4"), "ST0000000002", kToday, kNow);
  EXPECT_EQ(Fields(same.status()), std::vector<std::string>{"to_specialty_code"});
  request.set_target_level(v1::TRAINING_LEVEL_PRE_TECHNICIAN);
  const auto level = Transfer(Enrolled(), request, ActiveSchool(CreditCode(2), "370203"),
                              ActiveSpecialty(CreditCode(2), "0201-4"), "ST0000000002", kToday, kNow);
  EXPECT_EQ(ReasonOf(level.status()), kReasonLevelNotTrained);
}

// ---------------------------------------------------------------- counters

TEST(CounterDeltasTest, EnrolmentCountsNowTheYearAndTheLoad) {
  const v1::Student s = Enrolled();
  const auto deltas = RecordCounterDeltas(std::nullopt, s, 2026);
  const std::string school = CreditCode(1);
  EXPECT_EQ(DeltaOf(deltas, "education:now", "370202|enrolled"), 1);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2025", "370202|enrolled"), 1);
  EXPECT_EQ(DeltaOf(deltas, "education:specialtyload", school + "|0103-4"), 1);
  EXPECT_EQ(DeltaOf(deltas, "education:specialtyload", school + "|0103-4|2"), 1);
  EXPECT_EQ(deltas.size(), 4u);
}

TEST(CounterDeltasTest, GraduationMovesNowToTheYearsGraduates) {
  const v1::Student s = Enrolled();
  const v1::Student g = *Graduate(s, Day(2026, 6, 1), "d", kToday, kNow);
  const auto deltas = RecordCounterDeltas(s, g, 2026);
  EXPECT_EQ(DeltaOf(deltas, "education:now", "370202|enrolled"), -1);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2026", "370202|graduated"), 1);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2025", "370202|enrolled"), 0);
  EXPECT_EQ(DeltaOf(deltas, "education:specialtyload", CreditCode(1) + "|0103-4"), -1);
  EXPECT_EQ(deltas.size(), 4u);
}

TEST(CounterDeltasTest, TransferCountsOnceAndMovesTheDistrict) {
  v1::TransferStudentRequest request;
  request.set_to_school_credit_code(CreditCode(2));
  request.set_to_specialty_code("0201-4");
  request.set_target_level(v1::TRAINING_LEVEL_INTERMEDIATE);
  *request.mutable_transfer_date() = Day(2026, 2, 20);
  request.set_reason("转学");
  const v1::Student s = Enrolled();
  const auto records = *Transfer(s, request, ActiveSchool(CreditCode(2), "370203"),
                                 ActiveSpecialty(CreditCode(2), "0201-4"), "ST0000000002", kToday, kNow);
  auto deltas = RecordCounterDeltas(s, records.from, 2026);
  const auto opened = RecordCounterDeltas(std::nullopt, records.to, 2026);
  deltas.insert(deltas.end(), opened.begin(), opened.end());
  int64_t now_source = 0, now_destination = 0, enrolled_years = 0, transferred = 0;
  for (const CounterDelta& d : deltas) {
    if (d.key == "education:now") {
      (d.field == "370202|enrolled" ? now_source : now_destination) += d.amount;
    }
    if (d.key.rfind("education:stats:", 0) == 0 && d.field.ends_with("|enrolled")) {
      enrolled_years += d.amount;
    }
    if (d.key == "education:stats:2026" && d.field == "370202|transferred") {
      transferred += d.amount;
    }
  }
  EXPECT_EQ(now_source, -1);
  EXPECT_EQ(now_destination, 1);
  EXPECT_EQ(enrolled_years, 0);  // a transfer's new record is not a new enrolment
  EXPECT_EQ(transferred, 1);
}

TEST(CounterDeltasTest, DestinationsAndRewardsMoveByTheirYears) {
  const v1::Student g = *Graduate(Enrolled(), Day(2026, 6, 1), "d", kToday, kNow);
  v1::FirstEmployment in_city;
  in_city.set_kind(v1::EMPLOYMENT_KIND_IN_CITY);
  in_city.mutable_employer()->set_credit_code(CreditCode(7));
  in_city.mutable_employer()->set_name("海尔");
  in_city.mutable_employer()->set_district_code("370211");
  *in_city.mutable_start_date() = Day(2026, 6, 10);
  const v1::Student employed = *RecordFirstEmployment(g, in_city, kNow);
  auto deltas = RecordCounterDeltas(g, employed, 2026);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2026", "370202|destinations"), 1);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2026", "370202|in_city"), 1);
  EXPECT_EQ(deltas.size(), 2u);

  v1::FirstEmployment elsewhere;
  elsewhere.set_kind(v1::EMPLOYMENT_KIND_ELSEWHERE);
  *elsewhere.mutable_start_date() = Day(2026, 6, 12);
  const v1::Student corrected = *RecordFirstEmployment(employed, elsewhere, kNow);
  deltas = RecordCounterDeltas(employed, corrected, 2026);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2026", "370202|destinations"), 0);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2026", "370202|in_city"), -1);

  const v1::Student granted = *GrantReward(employed, 500000, kNow);
  deltas = RecordCounterDeltas(employed, granted, 2027);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2027", "370202|reward_granted_fen"), 500000);
  EXPECT_EQ(deltas.size(), 1u);
  const v1::Student paid = *MarkRewardPaid(granted, kNow);
  deltas = RecordCounterDeltas(granted, paid, 2027);
  EXPECT_EQ(DeltaOf(deltas, "education:stats:2027", "370202|reward_paid_fen"), 500000);
  EXPECT_EQ(deltas.size(), 1u);
}

// ---------------------------------------------------------------- destinations and the reward

class DestinationRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = ReferenceData::LoadFromDirectory(SKILLBRIDGE_REFERENCE_DIR);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    reference_ = *loaded;
  }
  std::vector<std::string> Check(const v1::FirstEmployment& e) {
    FieldViolations violations;
    CheckFirstEmployment(e, "first_employment", *reference_, kToday, violations, nullptr);
    return Fields(violations.ToStatus());
  }
  std::shared_ptr<const ReferenceData> reference_;
};

TEST_F(DestinationRulesTest, FieldsDependOnTheKind) {
  v1::FirstEmployment e;
  e.set_kind(v1::EMPLOYMENT_KIND_IN_CITY);
  *e.mutable_start_date() = Day(2026, 6, 10);
  const auto missing = Check(e);
  for (const char* f : {"first_employment.employer.credit_code", "first_employment.employer.name",
                        "first_employment.employer.district_code"}) {
    EXPECT_NE(std::find(missing.begin(), missing.end(), f), missing.end()) << f;
  }
  e.mutable_employer()->set_credit_code(CreditCode(7));
  e.mutable_employer()->set_name("海尔");
  e.mutable_employer()->set_district_code("370211");
  e.set_industry_chain_code("IC99");
  EXPECT_EQ(Check(e), std::vector<std::string>{"first_employment.industry_chain_code"});
  e.set_industry_chain_code("IC01");
  EXPECT_TRUE(Check(e).empty());

  e.set_kind(v1::EMPLOYMENT_KIND_ELSEWHERE);
  EXPECT_EQ(Check(e), (std::vector<std::string>{"first_employment.employer.district_code",
                                                "first_employment.industry_chain_code"}));
  e.set_kind(v1::EMPLOYMENT_KIND_NONE);
  e.clear_industry_chain_code();
  EXPECT_EQ(Check(e), std::vector<std::string>{"first_employment.employer"});
  e.clear_employer();
  *e.mutable_start_date() = Day(2026, 6, 16);
  EXPECT_EQ(Check(e), std::vector<std::string>{"first_employment.start_date"});
}

TEST(RewardRulesTest, InCityOnlyOnceThenPaid) {
  const v1::Student g = *Graduate(Enrolled(), Day(2026, 6, 1), "d", kToday, kNow);
  EXPECT_EQ(ReasonOf(GrantReward(g, 100, kNow).status()), kReasonNotEligible);
  v1::FirstEmployment e;
  e.set_kind(v1::EMPLOYMENT_KIND_IN_CITY);
  *e.mutable_start_date() = Day(2026, 5, 31);
  EXPECT_EQ(Fields(RecordFirstEmployment(g, e, kNow).status()),
            std::vector<std::string>{"first_employment.start_date"});
  *e.mutable_start_date() = Day(2026, 6, 1);
  const v1::Student employed = *RecordFirstEmployment(g, e, kNow);
  EXPECT_EQ(ReasonOf(MarkRewardPaid(employed, kNow).status()), kReasonRewardNotGranted);
  const v1::Student granted = *GrantReward(employed, 100, kNow);
  EXPECT_EQ(granted.reward_status(), v1::REWARD_STATUS_GRANTED);
  EXPECT_EQ(ReasonOf(GrantReward(granted, 100, kNow).status()), kReasonRewardAlreadyGranted);
  e.set_kind(v1::EMPLOYMENT_KIND_FURTHER_STUDY);
  EXPECT_EQ(ReasonOf(RecordFirstEmployment(granted, e, kNow).status()), kReasonRewardGranted);
  const v1::Student paid = *MarkRewardPaid(granted, kNow);
  EXPECT_EQ(paid.reward_status(), v1::REWARD_STATUS_PAID);
  EXPECT_EQ(ReasonOf(GrantReward(paid, 100, kNow).status()), kReasonRewardAlreadyGranted);
  EXPECT_EQ(ReasonOf(RecordFirstEmployment(Enrolled(), e, kNow).status()), kReasonNotGraduated);
  FieldViolations amount;
  CheckRewardAmount(0, "amount_fen", amount);
  CheckRewardAmount(kMaxRewardFen + 1, "amount_fen", amount);
  EXPECT_EQ(amount.violations().size(), 2u);
}

}  // namespace
}  // namespace skillbridge::education

// The school, specialty and partnership rules (services/education/domain/school_rules.h,
// specialty_rules.h, partnership_rules.h): the levels each kind of school trains, what a school,
// a specialty and a partnership must carry (each field path named), the workflows, what each
// record counts in education:now, and the change events.

#include "services/education/domain/school_rules.h"

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/education/domain/partnership_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "tests/support/test_ids.h"

namespace skillbridge::education {
namespace {

using ::skillbridge::testing::CreditCode;

const ReferenceData& Reference() {
  static const std::shared_ptr<const ReferenceData>* reference = [] {
    auto loaded = ReferenceData::LoadFromDirectory(SKILLBRIDGE_REFERENCE_DIR);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const ReferenceData>(loaded.ok() ? *loaded : nullptr);
  }();
  return **reference;
}

// The field paths a check named.
std::vector<std::string> Fields(const FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : violations.violations()) {
    fields.push_back(violation.field);
  }
  return fields;
}

v1::School ValidSchool() {
  v1::School school;
  school.mutable_org()->set_credit_code(CreditCode(1));
  school.mutable_org()->set_name("青岛市技师学院");
  school.mutable_org()->set_district_code("370202");
  school.set_kind(v1::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  school.set_ownership(v1::OWNERSHIP_PUBLIC);
  school.set_contact_phone("+86 532-8888");
  return school;
}

v1::Specialty ValidSpecialty() {
  v1::Specialty specialty;
  specialty.set_school_credit_code(CreditCode(1));
  specialty.set_code("0103-4");
  specialty.set_name("数控加工（数控车工）");
  specialty.set_industry_chain_code("IC01");
  specialty.add_levels(v1::TRAINING_LEVEL_INTERMEDIATE);
  specialty.add_levels(v1::TRAINING_LEVEL_SENIOR);
  specialty.set_opened_year(2010);
  return specialty;
}

v1::Partnership ValidPartnership() {
  v1::Partnership p;
  p.set_school_credit_code(CreditCode(1));
  p.mutable_enterprise()->set_credit_code(CreditCode(50));
  p.mutable_enterprise()->set_name("青岛某电器有限公司");
  p.set_kind(v1::PARTNERSHIP_KIND_ORDER_CLASS);
  p.set_specialty_code("0103-4");
  p.set_start_year(2026);
  p.set_places(40);
  return p;
}

std::string Lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

TEST(KindTrainsTest, EachKindTrainsUpToItsLevel) {
  using L = v1::TrainingLevel;
  const L all[] = {v1::TRAINING_LEVEL_INTERMEDIATE, v1::TRAINING_LEVEL_SENIOR, v1::TRAINING_LEVEL_PRE_TECHNICIAN};
  const std::vector<std::pair<v1::SchoolKind, std::vector<bool>>> expected = {
      {v1::SCHOOL_KIND_TECHNICIAN_COLLEGE, {true, true, true}},
      {v1::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, {true, true, false}},
      {v1::SCHOOL_KIND_TECHNICAL_SCHOOL, {true, false, false}},
      {v1::SCHOOL_KIND_UNSPECIFIED, {false, false, false}},
  };
  for (const auto& [kind, trains] : expected) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(KindTrains(kind, all[i]), trains[i]) << v1::SchoolKind_Name(kind) << " " << i;
    }
    EXPECT_FALSE(KindTrains(kind, v1::TRAINING_LEVEL_UNSPECIFIED));
  }
}

TEST(SchoolRulesTest, AValidSchoolIsNormalisedAndAnInvalidOneNamesEachField) {
  v1::School draft = ValidSchool();
  draft.mutable_org()->set_credit_code(Lower(CreditCode(1)));
  draft.set_status(v1::SCHOOL_STATUS_CLOSED);  // output only: not carried over
  FieldViolations violations;
  v1::School normalized;
  CheckSchoolDraft(Reference(), draft, violations, &normalized);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(normalized.org().credit_code(), CreditCode(1));
  EXPECT_EQ(normalized.status(), v1::SCHOOL_STATUS_UNSPECIFIED);
  EXPECT_EQ(normalized.contact_phone(), "+86 532-8888");

  v1::School bad;
  bad.mutable_org()->set_credit_code("123");
  bad.mutable_org()->set_district_code("999999");
  bad.set_kind(static_cast<v1::SchoolKind>(7));
  bad.set_contact_name(std::string(51, 'a'));
  bad.set_contact_phone("tel:0532");
  FieldViolations refused;
  CheckSchoolDraft(Reference(), bad, refused);
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"school.org.credit_code", "school.org.name",
                                                       "school.org.district_code", "school.kind", "school.ownership",
                                                       "school.contact_name", "school.contact_phone"}));
}

TEST(SchoolRulesTest, WorkflowCountsAndEvent) {
  v1::School school = ValidSchool();
  school.set_status(v1::SCHOOL_STATUS_ACTIVE);
  school.set_filing_status(v1::FILING_STATUS_FILED);
  EXPECT_TRUE(CheckSchoolActive(school).ok());
  EXPECT_EQ(SchoolCount(school), 1);
  const v1::EducationEvent event = SchoolChangedEvent(school, absl::FromUnixSeconds(1781488800));
  EXPECT_EQ(event.time().seconds(), 1781488800);
  EXPECT_EQ(event.school_changed().credit_code(), CreditCode(1));
  EXPECT_EQ(event.school_changed().district_code(), "370202");
  EXPECT_EQ(event.school_changed().filing_status(), v1::FILING_STATUS_FILED);
  school.set_status(v1::SCHOOL_STATUS_CLOSED);
  const absl::Status closed = CheckSchoolActive(school);
  EXPECT_EQ(closed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(closed), "SCHOOL_CLOSED");
  EXPECT_EQ(SchoolCount(school), 0);
}

TEST(SpecialtyRulesTest, CodesLevelsAndYearsAreBounded) {
  for (const std::string_view good : {"01", "0103-4", "ABCDEFGHIJ012345", "X-1"}) {
    FieldViolations violations;
    CheckCatalogueCode(good, "code", violations);
    EXPECT_TRUE(violations.empty()) << good;
  }
  for (const std::string_view bad : {"", "0", "0103-a", "01 03", "01|03", "ABCDEFGHIJ0123456", "专业"}) {
    FieldViolations violations;
    CheckCatalogueCode(bad, "code", violations);
    EXPECT_EQ(Fields(violations), std::vector<std::string>{"code"}) << bad;
  }

  v1::Specialty draft = ValidSpecialty();
  draft.set_school_credit_code(Lower(CreditCode(1)));
  draft.set_featured(true);
  FieldViolations violations;
  v1::Specialty normalized;
  CheckSpecialtyDraft(Reference(), draft, 2026, violations, &normalized);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(normalized.school_credit_code(), CreditCode(1));
  EXPECT_FALSE(normalized.featured());
  EXPECT_EQ(normalized.levels_size(), 2);

  v1::Specialty bad = ValidSpecialty();
  bad.set_industry_chain_code("IC99");
  bad.clear_levels();
  bad.add_levels(v1::TRAINING_LEVEL_SENIOR);
  bad.add_levels(v1::TRAINING_LEVEL_SENIOR);
  bad.add_levels(v1::TRAINING_LEVEL_UNSPECIFIED);
  bad.set_opened_year(2027);
  bad.set_name("");
  FieldViolations refused;
  CheckSpecialtyDraft(Reference(), bad, 2026, refused);
  EXPECT_EQ(Fields(refused),
            (std::vector<std::string>{"specialty.name", "specialty.industry_chain_code", "specialty.levels[1]",
                                      "specialty.levels[2]", "specialty.opened_year"}));
  bad.add_levels(v1::TRAINING_LEVEL_INTERMEDIATE);
  FieldViolations four;
  CheckLevels(bad.levels(), "levels", four);
  EXPECT_EQ(Fields(four), std::vector<std::string>{"levels"});
  FieldViolations none;
  CheckLevels({}, "levels", none);
  EXPECT_EQ(Fields(none), std::vector<std::string>{"levels"});
}

TEST(SpecialtyRulesTest, LevelsMustBeTrainedByTheSchoolsKind) {
  const v1::Specialty specialty = ValidSpecialty();
  EXPECT_TRUE(CheckLevelsTrained(v1::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, specialty.levels(), "levels").ok());
  const absl::Status refused = CheckLevelsTrained(v1::SCHOOL_KIND_TECHNICAL_SCHOOL, specialty.levels(), "levels");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused), "LEVEL_NOT_TRAINED");
  EXPECT_NE(refused.message().find("levels[1]"), absl::string_view::npos) << refused;
}

TEST(SpecialtyRulesTest, RemovedLevelsCountsAndEvent) {
  v1::Specialty before = ValidSpecialty();
  v1::Specialty after = before;
  after.clear_levels();
  after.add_levels(v1::TRAINING_LEVEL_SENIOR);
  after.add_levels(v1::TRAINING_LEVEL_PRE_TECHNICIAN);
  EXPECT_EQ(RemovedLevels(before.levels(), after.levels()),
            std::vector<v1::TrainingLevel>{v1::TRAINING_LEVEL_INTERMEDIATE});
  EXPECT_TRUE(RemovedLevels(before.levels(), before.levels()).empty());

  v1::Specialty s = ValidSpecialty();
  s.set_status(v1::SPECIALTY_STATUS_ACTIVE);
  SpecialtyCounts counts = CountsOf(s);
  EXPECT_EQ(counts.active, 1);
  EXPECT_EQ(counts.featured, 0);
  EXPECT_EQ(counts.chain, 1);
  s.set_featured(true);
  s.clear_industry_chain_code();
  counts = CountsOf(s);
  EXPECT_EQ(counts.featured, 1);
  EXPECT_EQ(counts.chain, 0);
  s.set_status(v1::SPECIALTY_STATUS_CLOSED);
  s.set_closed_year(2026);
  s.set_district_code("370211");
  counts = CountsOf(s);
  EXPECT_EQ(counts.active + counts.featured + counts.chain, 0);
  EXPECT_EQ(ReasonOf(CheckSpecialtyActive(s)), "SPECIALTY_CLOSED");
  const v1::EducationEvent event = SpecialtyChangedEvent(s, absl::UnixEpoch());
  EXPECT_EQ(event.specialty_changed().status(), v1::SPECIALTY_STATUS_CLOSED);
  EXPECT_EQ(event.specialty_changed().closed_year(), 2026);
  EXPECT_EQ(event.specialty_changed().district_code(), "370211");
  EXPECT_TRUE(event.specialty_changed().featured());
}

TEST(PartnershipRulesTest, WhatEachKindNeeds) {
  FieldViolations violations;
  v1::Partnership normalized;
  v1::Partnership draft = ValidPartnership();
  draft.mutable_enterprise()->set_credit_code(Lower(CreditCode(50)));
  CheckPartnershipDraft(Reference(), draft, 2026, violations, &normalized);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(normalized.enterprise().credit_code(), CreditCode(50));

  // An order class needs a specialty and places; a shared base neither; an apprenticeship places.
  v1::Partnership order = ValidPartnership();
  order.clear_specialty_code();
  order.set_places(0);
  FieldViolations refused;
  CheckPartnershipDraft(Reference(), order, 2026, refused);
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"partnership.specialty_code", "partnership.places"}));
  order.set_kind(v1::PARTNERSHIP_KIND_SHARED_TRAINING_BASE);
  FieldViolations base;
  CheckPartnershipDraft(Reference(), order, 2026, base);
  EXPECT_TRUE(base.empty()) << base.ToStatus();
  order.set_kind(v1::PARTNERSHIP_KIND_APPRENTICESHIP);
  FieldViolations apprenticeship;
  CheckPartnershipDraft(Reference(), order, 2026, apprenticeship);
  EXPECT_EQ(Fields(apprenticeship), std::vector<std::string>{"partnership.places"});

  v1::Partnership years = ValidPartnership();
  years.set_start_year(2028);
  years.set_planned_end_year(2027);
  years.mutable_enterprise()->set_district_code("000000");
  FieldViolations dated;
  CheckPartnershipDraft(Reference(), years, 2026, dated);
  EXPECT_EQ(Fields(dated), (std::vector<std::string>{"partnership.enterprise.district_code", "partnership.start_year",
                                                     "partnership.planned_end_year"}));
}

TEST(PartnershipRulesTest, EndingCountsAndEvent) {
  FieldViolations early;
  CheckEndYear(2024, 2025, 2026, early);
  EXPECT_EQ(Fields(early), std::vector<std::string>{"year"});
  FieldViolations late;
  CheckEndYear(2028, 2025, 2026, late);
  EXPECT_EQ(Fields(late), std::vector<std::string>{"year"});
  FieldViolations ok;
  CheckEndYear(2027, 2025, 2026, ok);
  EXPECT_TRUE(ok.empty());

  v1::Partnership p = ValidPartnership();
  p.set_id("SP00000001");
  p.set_status(v1::PARTNERSHIP_STATUS_ACTIVE);
  p.set_district_code("370202");
  EXPECT_EQ(PartnershipCount(p), 1);
  EXPECT_TRUE(CheckPartnershipActive(p).ok());
  p.set_status(v1::PARTNERSHIP_STATUS_ENDED);
  p.set_ended_year(2026);
  EXPECT_EQ(PartnershipCount(p), 0);
  EXPECT_EQ(ReasonOf(CheckPartnershipActive(p)), "PARTNERSHIP_ENDED");
  const v1::EducationEvent event = PartnershipChangedEvent(p, absl::UnixEpoch());
  EXPECT_EQ(event.partnership_changed().partnership_id(), "SP00000001");
  EXPECT_EQ(event.partnership_changed().enterprise_credit_code(), CreditCode(50));
  EXPECT_EQ(event.partnership_changed().status(), v1::PARTNERSHIP_STATUS_ENDED);
  EXPECT_EQ(event.partnership_changed().ended_year(), 2026);
  EXPECT_EQ(event.partnership_changed().places(), 40);
}

}  // namespace
}  // namespace skillbridge::education

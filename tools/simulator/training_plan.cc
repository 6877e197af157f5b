#include "tools/simulator/training_plan.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "common/reference/skill_level.h"
#include "common/util/concat.h"

namespace skillbridge::simulator {

namespace {

using common::v1::SkillLevel;
namespace ev = ::skillbridge::evaluation::v1;

// Courses are found (or opened) by institution, occupation, level, programme and start month;
// a full course opens the next section.
class CourseBook final {
 public:
  CourseBook(const ReferenceData& reference, int year, std::vector<PlannedCourse>& courses)
      : reference_(reference), year_(year), courses_(courses) {}

  int Place(int institution, Programme programme, const std::string& occupation, SkillLevel level,
            absl::CivilDay start) {
    // One intake per quarter; the course starts with its earliest trainee.
    const auto key = std::make_tuple(institution, occupation, static_cast<int>(level), (start.month() - 1) / 3);
    auto found = open_.find(key);
    if (found != open_.end() && sizes_[static_cast<size_t>(found->second)] < kMaxCourseSize) {
      ++sizes_[static_cast<size_t>(found->second)];
      PlannedCourse& course = courses_[static_cast<size_t>(found->second)];
      course.start_date = std::min(course.start_date, start);
      return found->second;
    }
    PlannedCourse course;
    course.institution = institution;
    course.programme = programme;
    course.occupation_code = occupation;
    course.level = level;
    course.start_date = start;
    course.end_date = start;
    const Occupation* known = reference_.FindOccupation(occupation);
    const std::string name = known == nullptr ? occupation : known->name;
    char serial[32];
    std::snprintf(serial, sizeof(serial), "%d第%05d期", year_, static_cast<int>(courses_.size()) + 1);
    course.title = Concat(name, "（", LevelChineseName(level), "）", ProgrammeName(programme), "班 ", serial);
    courses_.push_back(std::move(course));
    sizes_.push_back(1);
    const int index = static_cast<int>(courses_.size()) - 1;
    open_[key] = index;
    return index;
  }

  void Finish() {
    for (size_t i = 0; i < courses_.size(); ++i) {
      courses_[i].capacity = std::max(sizes_[i] + 5, 20);
    }
  }

 private:
  const ReferenceData& reference_;
  int year_;
  std::vector<PlannedCourse>& courses_;
  std::vector<int> sizes_;
  std::map<std::tuple<int, std::string, int, int>, int> open_;
};

Programme PickProgramme(Stream& stream, InstitutionKind kind) {
  // 就业技能, 岗位提升, 学徒制, 金蓝领, 新录用, 专项
  std::vector<double> weights;
  switch (kind) {
    case InstitutionKind::kEnterpriseCentre:
      weights = {2, 50, 18, 8, 17, 5};
      break;
    case InstitutionKind::kTechnicalSchool:
      weights = {30, 25, 20, 15, 2, 8};
      break;
    case InstitutionKind::kSocialInstitution:
      weights = {55, 25, 2, 3, 3, 12};
      break;
    case InstitutionKind::kPublicBase:
      weights = {35, 30, 5, 15, 5, 10};
      break;
  }
  return static_cast<Programme>(stream.Weighted(weights));
}

// Draws the training year: the catalogue, the institutions (at least two for every catalogue
// occupation), then the enrolments — first the trainees certified in the same occupation and
// level by the evaluation part (whose subsidy claims are planned with them), then other trainees
// until the scaled number of completions is reached — and finally the courses' dates.
class TrainingPlanner final {
 public:
  TrainingPlanner(const PlanOptions& options, const ReferenceData& reference, const std::vector<PlannedOrg>& orgs,
                  const CertificatePlan& certificates)
      : options_(options),
        reference_(reference),
        orgs_(orgs),
        certificates_(certificates),
        stream_(options.seed, "training"),
        contacts_(options.seed, "training-contacts"),
        jan1_(options.year, 1, 1),
        last_(std::min(options.cutoff, absl::CivilDay(options.year, 12, 31))) {}

  TrainingPlan Run() && {
    const auto& districts = reference_.districts();
    if (districts.empty() || reference_.occupations().empty()) {
      return std::move(plan_);
    }
    PlanCatalogue();
    PlanInstitutions();
    CoverEveryOccupation();
    CourseBook book(reference_, options_.year, plan_.courses);
    int completed = PlanCertifiedTrainees(book);
    PlanOtherTrainees(book, completed);
    book.Finish();
    AlignCourseDates();
    return std::move(plan_);
  }

 private:
  // Every offered level of every occupation, at the level's subsidy standard; the occupations
  // institutions may train are those with a level among 五级..一级.
  void PlanCatalogue() {
    for (const auto& occupation : reference_.occupations()) {
      for (SkillLevel level : kCertifiedLevels) {
        if (Offers(occupation, level)) {
          plan_.catalogue.push_back(PlannedCatalogueEntry{occupation.code, level, SubsidyStandardFen(level)});
        }
      }
      if (ScopeLevelFor(occupation, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN) !=
          common::v1::SKILL_LEVEL_UNSPECIFIED) {
        catalogue_occupations_.push_back(&occupation);
      }
    }
  }

  // One institution per district first, the rest by district weight. Fewer institutions in a
  // scaled-down year, so that courses still have realistic sizes.
  void PlanInstitutions() {
    const auto& districts = reference_.districts();
    std::vector<double> district_weights;
    for (const auto& district : districts) {
      district_weights.push_back(DistrictWeight(district.code));
    }
    std::set<std::string> codes;
    for (const auto& org : orgs_) {
      codes.insert(org.credit_code);
    }
    std::set<std::string> names;
    const int institution_count = Scaled(kTrainingInstitutions, options_.scale, 12);
    for (int i = 0; i < institution_count; ++i) {
      PlannedInstitution institution;
      const District& district = i < static_cast<int>(districts.size())
                                     ? districts[static_cast<size_t>(i)]
                                     : districts[static_cast<size_t>(stream_.Weighted(district_weights))];
      institution.district_code = district.code;
      const int kind_pick = stream_.Weighted({20, 10, 24, 6});
      institution.kind = static_cast<InstitutionKind>(kind_pick);
      const std::string brand = PickBrand(stream_);
      std::string category = "91";
      switch (institution.kind) {
        case InstitutionKind::kEnterpriseCentre:
          institution.name = Concat("青岛", brand, ChainSuffix(ChainFor(stream_, reference_)), "职工培训中心");
          break;
        case InstitutionKind::kTechnicalSchool:
          category = "12";
          institution.name = Concat(district.name, "职业技术培训学校");
          break;
        case InstitutionKind::kSocialInstitution:
          category = "52";
          institution.name = Concat("青岛", brand, "职业培训学校");
          break;
        case InstitutionKind::kPublicBase:
          category = "12";
          institution.name = Concat(district.name, "公共实训基地");
          break;
      }
      for (int n = 2; !names.insert(institution.name).second; ++n) {
        institution.name = Concat(institution.name.substr(0, institution.name.size()), n);
      }
      for (const Occupation* occupation : PickOccupations(stream_, catalogue_occupations_, stream_.Between(4, 8))) {
        institution.occupations.push_back(occupation->code);
      }
      do {
        institution.credit_code = MakeCreditCode(category, district.code, stream_.Next());
      } while (!codes.insert(institution.credit_code).second);
      institution.contact_name = PickName(contacts_, contacts_.Chance(0.5));
      institution.contact_phone = Phone(contacts_);
      plan_.institutions.push_back(std::move(institution));
    }
  }

  // Every catalogue occupation can be trained somewhere (at least two institutions).
  void CoverEveryOccupation() {
    for (size_t i = 0; i < plan_.institutions.size(); ++i) {
      for (const auto& code : plan_.institutions[i].occupations) {
        by_occupation_[code].push_back(static_cast<int>(i));
      }
    }
    for (const Occupation* occupation : catalogue_occupations_) {
      auto& list = by_occupation_[occupation->code];
      while (list.size() < 2) {
        const int i = stream_.Below(static_cast<int>(plan_.institutions.size()));
        if (std::find(list.begin(), list.end(), i) != list.end()) {
          continue;
        }
        plan_.institutions[static_cast<size_t>(i)].occupations.push_back(occupation->code);
        list.push_back(i);
      }
    }
  }

  // An institution training `occupation`, by district weight.
  int PickInstitution(const std::string& occupation) {
    const auto& list = by_occupation_[occupation];
    std::vector<double> weights;
    for (int i : list) {
      weights.push_back(DistrictWeight(plan_.institutions[static_cast<size_t>(i)].district_code));
    }
    return list[static_cast<size_t>(stream_.Weighted(weights))];
  }

  // Trainees who were certified in the same occupation and level: the training came first, and
  // most claim the subsidy (busy upskillers with four certificates always do). Returns the
  // number of completed enrolments.
  int PlanCertifiedTrainees(CourseBook& book) {
    int completed = 0;
    std::map<int, int> certificates_per_person;
    for (const auto& row : certificates_.rows) {
      if (row.kind == RowKind::kValid) {
        ++certificates_per_person[row.person];
      }
    }
    for (size_t r = 0; r < certificates_.rows.size(); ++r) {
      const PlannedCertificate& row = certificates_.rows[r];
      if (row.kind != RowKind::kValid || row.type == ev::CERTIFICATE_TYPE_SPECIAL_ABILITY ||
          SubsidyStandardFen(row.level) == 0 || by_occupation_[row.occupation_code].empty()) {
        continue;
      }
      const bool busy = certificates_per_person[row.person] >= 4;
      if (!busy && !stream_.Chance(0.55)) {
        continue;
      }
      PlannedEnrolment enrolment;
      enrolment.person = certificates_.persons[static_cast<size_t>(row.person)];
      enrolment.certificate_row = static_cast<int>(r);
      enrolment.completed_date = std::max(jan1_, row.issue_date - stream_.Between(3, 25));
      const absl::CivilDay start = std::max(jan1_, enrolment.completed_date - stream_.Between(5, 40));
      const int institution = PickInstitution(row.occupation_code);
      const Programme programme = PickProgramme(stream_, plan_.institutions[static_cast<size_t>(institution)].kind);
      enrolment.course = book.Place(institution, programme, row.occupation_code, row.level, start);
      enrolment.hours = stream_.Between(40, 160);
      enrolment.claim = busy || stream_.Chance(0.85);
      const double decision = stream_.Uniform();
      enrolment.decision = decision < 0.88   ? ClaimDecision::kApproveAndPay
                           : decision < 0.95 ? ClaimDecision::kApproveOnly
                                             : ClaimDecision::kReject;
      plan_.enrolments.push_back(std::move(enrolment));
      ++completed;
    }
    return completed;
  }

  // Everyone else: trainees without a certificate this year (yet), a few of whom drop out, until
  // `completed` reaches the scaled target.
  void PlanOtherTrainees(CourseBook& book, int completed) {
    Stream people_stream(options_.seed, "trainees");
    PersonFactory trainees(people_stream, reference_, options_.year, 500, 899, 0.25, 0.5);
    const DaySampler days(options_.year, options_.cutoff);
    const int target = Scaled(kFullScaleCompletedEnrolments, options_.scale, 1);
    std::vector<double> institution_weights;
    for (const auto& institution : plan_.institutions) {
      institution_weights.push_back(DistrictWeight(institution.district_code) *
                                    (institution.kind == InstitutionKind::kPublicBase ? 1.5 : 1.0));
    }
    PlannedPerson previous;
    while (completed < target) {
      PlannedEnrolment enrolment;
      enrolment.person = !previous.id_number.empty() && stream_.Chance(0.08) ? previous : trainees.Next();
      previous = enrolment.person;
      const int institution = stream_.Weighted(institution_weights);
      const PlannedInstitution& where = plan_.institutions[static_cast<size_t>(institution)];
      const std::string& occupation =
          where.occupations[static_cast<size_t>(stream_.Below(static_cast<int>(where.occupations.size())))];
      const Occupation* known = reference_.FindOccupation(occupation);
      std::vector<double> level_weights;
      static constexpr double kMix[] = {45, 35, 17, 2.5, 0.5};
      for (size_t i = 0; i < std::size(kCertifiedLevels); ++i) {
        level_weights.push_back(known != nullptr && Offers(*known, kCertifiedLevels[i]) ? kMix[i] : 0.0);
      }
      double total = 0;
      for (double w : level_weights) {
        total += w;
      }
      if (total <= 0) {
        continue;
      }
      const SkillLevel level = kCertifiedLevels[stream_.Weighted(level_weights)];
      enrolment.completed_date = std::min(last_, days.Sample(stream_));
      const absl::CivilDay start = std::max(jan1_, enrolment.completed_date - stream_.Between(5, 40));
      enrolment.course = book.Place(institution, PickProgramme(stream_, where.kind), occupation, level, start);
      enrolment.hours = stream_.Between(24, 160);
      enrolment.completed = !stream_.Chance(0.04);
      plan_.enrolments.push_back(std::move(enrolment));
      completed += plan_.enrolments.back().completed ? 1 : 0;
    }
  }

  // Each enrolment starts with its course; the course ends with its last completion.
  void AlignCourseDates() {
    for (auto& enrolment : plan_.enrolments) {
      PlannedCourse& course = plan_.courses[static_cast<size_t>(enrolment.course)];
      enrolment.enrolled_date = course.start_date;
      if (enrolment.completed_date < enrolment.enrolled_date) {
        enrolment.completed_date = enrolment.enrolled_date;
      }
      course.end_date = std::max(course.end_date, enrolment.completed_date);
    }
  }

  const PlanOptions& options_;
  const ReferenceData& reference_;
  const std::vector<PlannedOrg>& orgs_;
  const CertificatePlan& certificates_;
  Stream stream_;
  Stream contacts_;
  const absl::CivilDay jan1_;
  const absl::CivilDay last_;

  TrainingPlan plan_;
  std::vector<const Occupation*> catalogue_occupations_;
  std::map<std::string, std::vector<int>> by_occupation_;
};

}  // namespace

int64_t SubsidyStandardFen(SkillLevel level) {
  switch (level) {
    case common::v1::SKILL_LEVEL_5_JUNIOR:
      return 100'000;
    case common::v1::SKILL_LEVEL_4_INTERMEDIATE:
      return 150'000;
    case common::v1::SKILL_LEVEL_3_SENIOR:
      return 200'000;
    case common::v1::SKILL_LEVEL_2_TECHNICIAN:
      return 250'000;
    case common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN:
      return 300'000;
    default:
      return 0;
  }
}

std::string_view ProgrammeName(Programme programme) {
  switch (programme) {
    case Programme::kEmploymentSkills:
      return "就业技能培训";
    case Programme::kOnTheJobUpgrade:
      return "岗位技能提升培训";
    case Programme::kApprenticeship:
      return "新型学徒制培训";
    case Programme::kGoldenBlueCollar:
      return "金蓝领培训";
    case Programme::kNewHire:
      return "新录用人员岗前培训";
    case Programme::kSpecialised:
      return "专项培训";
  }
  return "培训";
}

TrainingPlan PlanTraining(const PlanOptions& options, const ReferenceData& reference,
                          const std::vector<PlannedOrg>& orgs, const CertificatePlan& certificates) {
  return TrainingPlanner(options, reference, orgs, certificates).Run();
}

}  // namespace skillbridge::simulator

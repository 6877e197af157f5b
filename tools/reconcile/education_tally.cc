#include "tools/reconcile/education_tally.h"

#include <map>
#include <string>

#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::reconcile {

namespace {

namespace ed = ::skillbridge::education::v1;
namespace ids = ::skillbridge::aggregator::ids;

// Applies `apply` to the city's value and, when the record has a district, to the district's.
template <typename Map, typename Apply>
void CityAndOwnDistrict(Map& by_district, const std::string& district, Apply apply) {
  apply(by_district[""]);
  if (!district.empty()) {
    apply(by_district[district]);
  }
}

double PercentOf(double numerator, double denominator) {
  return denominator > 0 ? 100.0 * numerator / denominator : 0.0;
}

// Whether `date` is after December 31 of `year`.
bool AfterYear(const common::v1::Date& date, int year) { return date.year() > year; }

bool EnrolledAtEndOf(const ed::Student& s, int year, int current_year) {
  if (year >= current_year) {
    return s.status() == ed::STUDENT_STATUS_ENROLLED;
  }
  if (AfterYear(s.enrol_date(), year)) {
    return false;
  }
  return s.status() == ed::STUDENT_STATUS_ENROLLED || (s.has_status_date() && AfterYear(s.status_date(), year));
}

struct Pair {
  double part = 0;
  double whole = 0;
};

}  // namespace

void TallyEducation(const std::vector<ed::Specialty>& specialties, const std::vector<ed::Student>& students, int year,
                    int current_year, Figures& figures, PersonsByDistrict& talent) {
  std::map<std::string, Pair> match;
  match[""];
  figures[ids::kFeaturedSpecialties][""] += 0;
  for (const ed::Specialty& s : specialties) {
    if (s.status() != ed::SPECIALTY_STATUS_ACTIVE) {
      continue;
    }
    CityAndOwnDistrict(match, s.district_code(), [&s](Pair& p) {
      p.whole += 1;
      p.part += s.industry_chain_code().empty() ? 0 : 1;
    });
    if (s.featured()) {
      CityAndOwnDistrict(figures[ids::kFeaturedSpecialties], s.district_code(), [](double& v) { v += 1; });
    }
  }
  for (const auto& [district, p] : match) {
    figures[ids::kSpecialtyIndustryMatch][district] = PercentOf(p.part, p.whole);
  }

  std::map<std::string, Pair> employed;
  employed[""];
  figures[ids::kStudentsEnrolled][""] += 0;
  figures[ids::kGraduates][""] += 0;
  for (const ed::Student& s : students) {
    const std::string& district = s.district_code();
    CityAndOwnDistrict(talent, district,
                       [&s](std::set<std::string>& persons) { persons.insert(s.person().id_number()); });
    if (EnrolledAtEndOf(s, year, current_year)) {
      CityAndOwnDistrict(figures[ids::kStudentsEnrolled], district, [](double& v) { v += 1; });
    }
    if (s.status() != ed::STUDENT_STATUS_GRADUATED || s.status_date().year() != year) {
      continue;
    }
    CityAndOwnDistrict(figures[ids::kGraduates], district, [](double& v) { v += 1; });
    const bool in_city = s.first_employment().kind() == ed::EMPLOYMENT_KIND_IN_CITY;
    CityAndOwnDistrict(employed, district, [in_city](Pair& p) {
      p.whole += 1;
      p.part += in_city ? 1 : 0;
    });
  }
  for (const auto& [district, p] : employed) {
    figures[ids::kGraduatesEmployedInCity][district] = PercentOf(p.part, p.whole);
  }
}

}  // namespace skillbridge::reconcile

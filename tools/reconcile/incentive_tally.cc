#include "tools/reconcile/incentive_tally.h"

#include <map>
#include <string>

#include "common/reference/bureau_calendar.h"
#include "common/util/proto_time.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::reconcile {

namespace {

namespace ic = ::skillbridge::incentive::v1;
namespace ids = ::skillbridge::aggregator::ids;

// Applies `apply` to the city's value and, when the record has a district, to the district's.
template <typename Map, typename Apply>
void CityAndOwnDistrict(Map& by_district, const std::string& district, Apply apply) {
  apply(by_district[""]);
  if (!district.empty()) {
    apply(by_district[district]);
  }
}

struct SurveySums {
  double workforce = 0;
  double skilled = 0;
  double high = 0;
  double skilled_pay = 0;
  double high_pay = 0;
};

double PercentOf(double numerator, double denominator) {
  return denominator > 0 ? 100.0 * numerator / denominator : 0.0;
}

}  // namespace

void TallyIncentives(const std::vector<ic::WageSurvey>& surveys, const std::vector<ic::Nomination>& nominations,
                     const std::vector<ic::BridgeApplication>& applications, int year, Figures& figures,
                     PersonsByDistrict& talent) {
  std::map<std::string, SurveySums> sums;
  sums[""];
  for (const ic::WageSurvey& s : surveys) {
    if (s.year() != year) {
      continue;
    }
    CityAndOwnDistrict(sums, s.enterprise().district_code(), [&s](SurveySums& t) {
      t.workforce += static_cast<double>(s.report().workforce());
      t.skilled += static_cast<double>(s.skilled_headcount());
      t.high += static_cast<double>(s.high_skilled_headcount());
      t.skilled_pay += static_cast<double>(s.skilled_pay_total_fen());
      t.high_pay += static_cast<double>(s.high_skilled_pay_total_fen());
    });
  }
  for (const auto& [district, t] : sums) {
    figures[ids::kSkilledShare][district] = PercentOf(t.skilled, t.workforce);
    figures[ids::kHighSkilledShare][district] = PercentOf(t.high, t.skilled);
    const double high_average = t.high > 0 ? t.high_pay / t.high : 0.0;
    const double skilled_average = t.skilled > 0 ? t.skilled_pay / t.skilled : 0.0;
    figures[ids::kSkillWagePremium][district] = skilled_average > 0 ? high_average / skilled_average : 0.0;
  }

  figures[ids::kHonoursAwarded][""] += 0;
  figures[ids::kAwardAmount][""] += 0;
  for (const ic::Nomination& n : nominations) {
    const std::string& district = n.employer().district_code();
    CityAndOwnDistrict(talent, district,
                       [&n](std::set<std::string>& persons) { persons.insert(n.person().id_number()); });
    if (n.year() != year || n.status() != ic::NOMINATION_STATUS_AWARDED) {
      continue;
    }
    CityAndOwnDistrict(figures[ids::kHonoursAwarded], district, [](double& v) { v += 1; });
    CityAndOwnDistrict(figures[ids::kAwardAmount], district,
                       [&n](double& v) { v += static_cast<double>(n.award_fen()); });
  }

  figures[ids::kCareerBridgeApproved][""] += 0;
  for (const ic::BridgeApplication& a : applications) {
    const std::string& district = a.employer().district_code();
    CityAndOwnDistrict(talent, district,
                       [&a](std::set<std::string>& persons) { persons.insert(a.person().id_number()); });
    if (a.status() != ic::BRIDGE_STATUS_APPROVED || !a.has_decide_time() ||
        BureauYear(FromTimestamp(a.decide_time())) != year) {
      continue;
    }
    CityAndOwnDistrict(figures[ids::kCareerBridgeApproved], district, [](double& v) { v += 1; });
  }
}

}  // namespace skillbridge::reconcile

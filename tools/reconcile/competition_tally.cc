#include "tools/reconcile/competition_tally.h"

#include <utility>

#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::reconcile {

namespace {

namespace cp = ::skillbridge::competition::v1;
namespace ids = ::skillbridge::aggregator::ids;

// Applies `apply` to the city's value and, when the record has a district, to the district's.
template <typename Map, typename Apply>
void CityAndOwnDistrict(Map& by_district, const std::string& district, Apply apply) {
  apply(by_district[""]);
  if (!district.empty()) {
    apply(by_district[district]);
  }
}

}  // namespace

void TallyCompetitions(const std::vector<cp::Competition>& competitions, const std::vector<cp::Entry>& entries,
                       const std::set<std::string>& promotion_certificates, int year, Figures& figures,
                       PersonsByDistrict& talent) {
  const auto add_one = [](double& v) { v += 1; };
  std::set<std::string> cancelled;
  figures[ids::kCompetitionsHeld][""] += 0;
  for (const cp::Competition& c : competitions) {
    if (c.status() == cp::COMPETITION_STATUS_CANCELLED) {
      cancelled.insert(c.id());
    }
    if (c.year() == year && c.status() == cp::COMPETITION_STATUS_RESULTS_PUBLISHED) {
      CityAndOwnDistrict(figures[ids::kCompetitionsHeld], c.organiser().district_code(), add_one);
    }
  }
  figures[ids::kCompetitionParticipants][""] += 0;
  figures[ids::kCompetitionPromotions][""] += 0;
  std::map<std::string, std::pair<int64_t, int64_t>> certified;  // district -> {certified, promotions}
  certified[""];
  for (const cp::Entry& e : entries) {
    const std::string& district = e.affiliation().district_code();
    CityAndOwnDistrict(talent, district,
                       [&e](std::set<std::string>& persons) { persons.insert(e.person().id_number()); });
    if (e.year() != year) {
      continue;
    }
    if (cancelled.count(e.competition_id()) == 0) {
      CityAndOwnDistrict(figures[ids::kCompetitionParticipants], district, add_one);
    }
    const cp::PromotionStatus status = e.promotion().status();
    if (status != cp::PROMOTION_STATUS_PENDING && status != cp::PROMOTION_STATUS_ISSUED) {
      continue;
    }
    CityAndOwnDistrict(figures[ids::kCompetitionPromotions], district, add_one);
    const bool has_certificate =
        status == cp::PROMOTION_STATUS_ISSUED && promotion_certificates.count(e.promotion().certificate_number()) > 0;
    CityAndOwnDistrict(certified, district, [has_certificate](std::pair<int64_t, int64_t>& parts) {
      parts.first += has_certificate ? 1 : 0;
      parts.second += 1;
    });
  }
  for (const auto& [district, parts] : certified) {
    figures[ids::kCompetitionPromotionIssued][district] =
        parts.second == 0 ? 0 : 100.0 * static_cast<double>(parts.first) / static_cast<double>(parts.second);
  }
}

}  // namespace skillbridge::reconcile

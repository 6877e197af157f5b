#pragma once
// The indicator catalogue (DESIGN §4): the plan's seven measures with their responsible
// departments, and every indicator with its Chinese and English names, unit, definition, the
// seed's city target and the source services it is computed from. Which sources are connected is
// decided at start-up (the feeds configured); indicators whose sources are not all connected are
// listed with source_connected = false and carry no value. Immutable after construction:
// thread-safe.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

// Indicator ids.
namespace ids {
inline constexpr char kNewHighSkilled[] = "new_high_skilled_persons";
inline constexpr char kSkilledShare[] = "skilled_share_of_workforce";
inline constexpr char kHighSkilledShare[] = "high_skilled_share_of_skilled";
inline constexpr char kIntroduced[] = "introduced_skilled_persons";
inline constexpr char kSubsidisedTraining[] = "subsidized_training_person_times";
inline constexpr char kSubsidyPaid[] = "training_subsidy_paid";
inline constexpr char kNewlyCertified[] = "newly_certified_persons";
inline constexpr char kNewlyCertifiedSenior[] = "newly_certified_senior_plus";
inline constexpr char kSelfEvaluationCoverage[] = "self_evaluation_coverage";
inline constexpr char kCompetitionsHeld[] = "competitions_held";
inline constexpr char kCompetitionParticipants[] = "competition_participants";
inline constexpr char kCompetitionPromotions[] = "competition_promotions";
inline constexpr char kHonoursAwarded[] = "honours_awarded";
inline constexpr char kAwardAmount[] = "award_amount";
inline constexpr char kCareerBridgeApproved[] = "career_bridge_approved";
inline constexpr char kSkillWagePremium[] = "skill_wage_premium";
inline constexpr char kTalentDatabase[] = "talent_database_persons";
inline constexpr char kFeaturedSpecialties[] = "featured_specialties";
inline constexpr char kSpecialtyIndustryMatch[] = "specialty_industry_match";
inline constexpr char kStudentsEnrolled[] = "students_enrolled";
inline constexpr char kGraduates[] = "graduates";
// Integration indicators (joined across services).
inline constexpr char kTrainingConversion[] = "training_certificate_conversion";
inline constexpr char kCompetitionPromotionIssued[] = "competition_promotion_certified";
inline constexpr char kGraduatesEmployedInCity[] = "graduates_employed_in_city";
// Supporting counters (chain view), not dashboard indicators.
inline constexpr char kCertificatesIssued[] = "certificates_issued";
inline constexpr char kTrainingCompleted[] = "training_completed";
// Completed enrolments certified in the same occupation within 12 months (the conversion's
// numerator; its denominator is kTrainingCompleted), by completion date.
inline constexpr char kTrainingCertified[] = "training_certified_within_12_months";
// Competition promotions ISSUED whose certificate evaluation holds as a valid competition-promotion
// certificate (the numerator of kCompetitionPromotionIssued; its denominator is
// kCompetitionPromotions), by the competition's year.
inline constexpr char kCompetitionPromotionsWithCertificate[] = "competition_promotions_with_certificate";
// The wage survey's totals over the current revision of each enterprise's survey of the year
// (domain/incentive_commands.h), by year, district and chain: the parts of kSkilledShare
// (skilled / workforce), kHighSkilledShare (high-skilled / skilled) and kSkillWagePremium
// ((high-skilled pay / high-skilled) / (skilled pay / skilled)), and the chain view's workforce.
inline constexpr char kSurveyWorkforce[] = "survey_workforce";
inline constexpr char kSurveySkilled[] = "survey_skilled_headcount";
inline constexpr char kSurveyHighSkilled[] = "survey_high_skilled_headcount";
inline constexpr char kSurveySkilledPay[] = "survey_skilled_pay_fen";
inline constexpr char kSurveyHighSkilledPay[] = "survey_high_skilled_pay_fen";
// Education's current specialties (domain/education_commands.h), in the current-state buckets
// ("now", "now|d:<district>", "now|c:<chain>"): ACTIVE specialties, and those of them mapped to an
// industry chain — the parts of kSpecialtyIndustryMatch.
inline constexpr char kActiveSpecialties[] = "active_specialties";
inline constexpr char kActiveSpecialtiesWithChain[] = "active_specialties_with_chain";
// Student records entering (+1 in the enrolment year) and leaving (-1 in the year of their
// graduation, withdrawal or transfer) the enrolled stock, by year, district and chain:
// kStudentsEnrolled at the end of Y is the sum over the years up to Y.
inline constexpr char kEnrolmentChanges[] = "students_enrolled_changes";
// Graduates of the year whose first destination is IN_CITY (the numerator of
// kGraduatesEmployedInCity; its denominator is kGraduates), by graduation date.
inline constexpr char kGraduatesInCity[] = "graduates_first_employed_in_city";
}  // namespace ids

// Short source names used in keys, metrics and responses.
std::string_view SourceName(v1::Source source);

class Catalogue final {
 public:
  // `connected`: the sources this aggregator consumes.
  explicit Catalogue(std::set<v1::Source> connected);

  const std::vector<v1::Measure>& measures() const { return measures_; }
  // In measure order; source_connected filled in.
  const std::vector<v1::Indicator>& indicators() const { return indicators_; }
  const v1::Indicator* Find(std::string_view id) const;
  bool connected(v1::Source source) const { return connected_.count(source) > 0; }
  const std::set<v1::Source>& connected_sources() const { return connected_; }

 private:
  std::set<v1::Source> connected_;
  std::vector<v1::Measure> measures_;
  std::vector<v1::Indicator> indicators_;
};

}  // namespace skillbridge::aggregator

// The indicator views: ListIndicators, GetDashboard (with the competition indicators per
// competition level, city-wide), GetTrend, GetDistrictRanking (and its CSV circular),
// GetIndustryChainView — read from the materialised views, composed with the catalogue and the
// targets. The wage-survey indicators are ratios of the survey totals of their year (the current
// revision of each enterprise's survey, domain/incentive_commands.h). The education indicators
// (domain/education_commands.h): the specialties in their current state, the students enrolled at
// a year's end as the sum of the enrolled stock's changes up to that year, the graduates and those
// first employed in the city by graduation date.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string_view>

#include "common/reference/bureau_calendar.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/validation/codes.h"
#include "services/aggregator/api/aggregator_handlers.h"
#include "services/aggregator/domain/competition_commands.h"
#include "services/aggregator/domain/education_commands.h"

namespace skillbridge::aggregator {

namespace {

constexpr int kMaxTrendYears = 20;

bool IsFlowCounter(std::string_view id) {
  return id == ids::kNewHighSkilled || id == ids::kIntroduced || id == ids::kSubsidisedTraining ||
         id == ids::kSubsidyPaid || id == ids::kNewlyCertified || id == ids::kNewlyCertifiedSenior ||
         id == ids::kCompetitionsHeld || id == ids::kCompetitionParticipants || id == ids::kCompetitionPromotions ||
         id == ids::kHonoursAwarded || id == ids::kAwardAmount || id == ids::kCareerBridgeApproved ||
         id == ids::kGraduates;
}

// The competition indicators: counted by the competition's year and level
// (domain/competition_commands.h).
bool ByCompetitionLevel(std::string_view id) {
  return id == ids::kCompetitionsHeld || id == ids::kCompetitionParticipants || id == ids::kCompetitionPromotions ||
         id == ids::kCompetitionPromotionIssued;
}

// Counted by a year that has no month (the competition's, the honour programme's, the survey's):
// yearly trends only.
bool CountedByYearOnly(std::string_view id) {
  return ByCompetitionLevel(id) || id == ids::kHonoursAwarded || id == ids::kAwardAmount || id == ids::kSkilledShare ||
         id == ids::kHighSkilledShare || id == ids::kSkillWagePremium || id == ids::kStudentsEnrolled;
}

// A flow indicator that is the ratio (in percent) of two counters over the same buckets.
struct CounterRatio {
  const char* numerator;
  const char* denominator;
};

std::optional<CounterRatio> FlowRatioOf(std::string_view id) {
  if (id == ids::kTrainingConversion) {
    return CounterRatio{ids::kTrainingCertified, ids::kTrainingCompleted};
  }
  if (id == ids::kCompetitionPromotionIssued) {
    return CounterRatio{ids::kCompetitionPromotionsWithCertificate, ids::kCompetitionPromotions};
  }
  if (id == ids::kGraduatesEmployedInCity) {
    return CounterRatio{ids::kGraduatesInCity, ids::kGraduates};
  }
  return std::nullopt;
}

// A wage-survey share (in percent) of two survey totals of the same year.
std::optional<CounterRatio> SurveyShareOf(std::string_view id) {
  if (id == ids::kSkilledShare) {
    return CounterRatio{ids::kSurveySkilled, ids::kSurveyWorkforce};
  }
  if (id == ids::kHighSkilledShare) {
    return CounterRatio{ids::kSurveyHighSkilled, ids::kSurveySkilled};
  }
  return std::nullopt;
}

// Every survey year has its own figures: the survey indicators have a yearly history too, as have
// the students enrolled at each year's end.
bool HasHistory(std::string_view id) {
  return IsFlowCounter(id) || FlowRatioOf(id).has_value() || SurveyShareOf(id).has_value() ||
         id == ids::kSkillWagePremium || id == ids::kStudentsEnrolled;
}

std::string FormatNumber(double v) {
  char buf[64];
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof(buf), "%.0f", v);
  } else {
    std::snprintf(buf, sizeof(buf), "%.2f", v);
  }
  return buf;
}

// An indicator id a request names: required, and text without control or invisible characters
// (INVALID_ARGUMENT naming `field`); a well-formed id the catalogue does not know is NOT_FOUND.
constexpr int kMaxIndicatorIdChars = 64;

absl::Status ValidateIndicatorId(const std::string& id, std::string_view field) {
  return ValidateText(id, field, /*required=*/true, kMaxIndicatorIdChars);
}

absl::Status IndicatorNotFound(const std::string& id) {
  return NotFoundError("INDICATOR_NOT_FOUND", Concat("indicator '", id, "' does not exist"));
}

absl::Status SourceNotConnected(const v1::Indicator& indicator) {
  return FailedPreconditionError("SOURCE_NOT_CONNECTED",
                                 Concat("indicator '", indicator.id(), "': its source is not yet connected"));
}

}  // namespace

absl::StatusOr<std::optional<std::vector<RawValue>>> AggregatorHandlers::ReadCounterValues(
    const v1::Indicator& indicator, const std::vector<std::string>& buckets) {
  std::vector<RawValue> out(buckets.size());
  if (IsFlowCounter(indicator.id())) {
    SB_ASSIGN_OR_RETURN(const auto values, store_.ReadBuckets(indicator.id(), buckets));
    for (size_t i = 0; i < buckets.size(); ++i) {
      out[i].value = static_cast<double>(values[i]);
    }
    return out;
  }
  std::optional<CounterRatio> ratio = FlowRatioOf(indicator.id());
  if (!ratio.has_value()) {
    ratio = SurveyShareOf(indicator.id());
  }
  if (ratio.has_value()) {
    SB_ASSIGN_OR_RETURN(const auto numerator, store_.ReadBuckets(ratio->numerator, buckets));
    SB_ASSIGN_OR_RETURN(const auto denominator, store_.ReadBuckets(ratio->denominator, buckets));
    for (size_t i = 0; i < buckets.size(); ++i) {
      out[i] = Percent(numerator[i], denominator[i]);
    }
    return out;
  }
  if (indicator.id() == ids::kSkillWagePremium) {
    SB_ASSIGN_OR_RETURN(const auto high_pay, store_.ReadBuckets(ids::kSurveyHighSkilledPay, buckets));
    SB_ASSIGN_OR_RETURN(const auto high, store_.ReadBuckets(ids::kSurveyHighSkilled, buckets));
    SB_ASSIGN_OR_RETURN(const auto skilled_pay, store_.ReadBuckets(ids::kSurveySkilledPay, buckets));
    SB_ASSIGN_OR_RETURN(const auto skilled, store_.ReadBuckets(ids::kSurveySkilled, buckets));
    for (size_t i = 0; i < buckets.size(); ++i) {
      out[i] = RatioOfAverages(high_pay[i], high[i], skilled_pay[i], skilled[i]);
    }
    return out;
  }
  return std::optional<std::vector<RawValue>>();
}

absl::StatusOr<std::vector<RawValue>> AggregatorHandlers::ReadEnrolledAtYearEnd(int from_year, int to_year,
                                                                                const std::string& district,
                                                                                int current_year) {
  std::vector<std::string> buckets;
  for (int y = kFirstEnrolmentYear; y <= kLastEnrolmentYear; ++y) {
    buckets.push_back(district.empty() ? YearBucket(y) : DistrictBucket(y, district));
  }
  SB_ASSIGN_OR_RETURN(const auto changes, store_.ReadBuckets(ids::kEnrolmentChanges, buckets));
  // Up to each year's end; every change of every year for the current year and later (the records
  // ENROLLED now, also those whose enrol date is still ahead).
  std::vector<int64_t> up_to(changes.size());
  int64_t sum = 0;
  for (size_t i = 0; i < changes.size(); ++i) {
    sum += changes[i];
    up_to[i] = sum;
  }
  std::vector<RawValue> out;
  for (int y = from_year; y <= to_year; ++y) {
    RawValue raw;
    const int through = y >= current_year ? kLastEnrolmentYear : std::max(y, kFirstEnrolmentYear - 1);
    raw.value = through < kFirstEnrolmentYear
                    ? 0.0
                    : static_cast<double>(up_to[static_cast<size_t>(through - kFirstEnrolmentYear)]);
    out.push_back(raw);
  }
  return out;
}

absl::StatusOr<RawValue> AggregatorHandlers::ReadValue(const v1::Indicator& indicator, int year,
                                                       const std::string& district, absl::Time now) {
  RawValue raw;
  if (!indicator.source_connected()) {
    return raw;
  }
  const std::vector<std::string> bucket = {district.empty() ? YearBucket(year) : DistrictBucket(year, district)};
  SB_ASSIGN_OR_RETURN(const auto counted, ReadCounterValues(indicator, bucket));
  if (counted.has_value()) {
    return (*counted)[0];
  }
  if (indicator.id() == ids::kSelfEvaluationCoverage) {
    SB_ASSIGN_OR_RETURN(const auto coverage, store_.Coverage(district));
    return Percent(coverage.first, coverage.second);
  }
  if (indicator.id() == ids::kStudentsEnrolled) {
    SB_ASSIGN_OR_RETURN(const auto enrolled, ReadEnrolledAtYearEnd(year, year, district, BureauYear(now)));
    return enrolled.empty() ? raw : enrolled[0];
  }
  const std::vector<std::string> current = {district.empty() ? CurrentBucket() : CurrentDistrictBucket(district)};
  if (indicator.id() == ids::kFeaturedSpecialties) {
    SB_ASSIGN_OR_RETURN(const auto featured, store_.ReadBuckets(ids::kFeaturedSpecialties, current));
    raw.value = static_cast<double>(featured[0]);
    return raw;
  }
  if (indicator.id() == ids::kSpecialtyIndustryMatch) {
    SB_ASSIGN_OR_RETURN(const auto mapped, store_.ReadBuckets(ids::kActiveSpecialtiesWithChain, current));
    SB_ASSIGN_OR_RETURN(const auto active, store_.ReadBuckets(ids::kActiveSpecialties, current));
    return Percent(mapped[0], active[0]);
  }
  if (indicator.id() == ids::kTalentDatabase) {
    SB_ASSIGN_OR_RETURN(const int64_t persons, store_.CountPersons(district));
    raw.value = static_cast<double>(persons);
    return raw;
  }
  return raw;
}

absl::Status AggregatorHandlers::ReadLevelBreakdown(const v1::Indicator& indicator, int year,
                                                    v1::IndicatorValue* value) {
  if (!indicator.source_connected() || !ByCompetitionLevel(indicator.id())) {
    return absl::OkStatus();
  }
  const std::vector<std::string> levels = CompetitionLevelCodes();
  std::vector<std::string> buckets;
  for (const std::string& level : levels) {
    buckets.push_back(LevelBucket(year, level));
  }
  const auto ratio = FlowRatioOf(indicator.id());
  SB_ASSIGN_OR_RETURN(const auto values,
                      store_.ReadBuckets(ratio.has_value() ? ratio->numerator : indicator.id(), buckets));
  std::vector<int64_t> denominators;
  if (ratio.has_value()) {
    SB_ASSIGN_OR_RETURN(denominators, store_.ReadBuckets(ratio->denominator, buckets));
  }
  for (size_t i = 0; i < levels.size(); ++i) {
    v1::CompetitionLevelValue* part = value->add_by_competition_level();
    part->set_level(levels[i]);
    if (ratio.has_value()) {
      const RawValue raw = Percent(values[i], denominators[i]);
      part->set_value(*raw.value);
      part->set_numerator(*raw.numerator);
      part->set_denominator(*raw.denominator);
    } else {
      part->set_value(static_cast<double>(values[i]));
    }
  }
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::ListIndicators(const CallContext&, const v1::ListIndicatorsRequest&,
                                                v1::ListIndicatorsResponse* response) {
  for (const auto& m : catalogue_->measures()) {
    *response->add_measures() = m;
  }
  for (const auto& i : catalogue_->indicators()) {
    *response->add_indicators() = i;
  }
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::GetDashboard(const CallContext& call, const v1::GetDashboardRequest& request,
                                              v1::GetDashboardResponse* response) {
  SB_RETURN_IF_ERROR(ValidateYear(request.year(), "year"));
  SB_RETURN_IF_ERROR(ValidateDistrict(request.district_code(), "district_code"));
  SB_ASSIGN_OR_RETURN(const auto targets, store_.Targets(request.year()));
  response->set_year(request.year());
  response->set_district_code(request.district_code());
  if (const District* d = reference_->FindDistrict(request.district_code()); d != nullptr) {
    response->set_district_name(d->name);
  } else {
    response->set_district_name("全市");
  }
  response->set_elapsed_share_of_year(ElapsedShareOfYear(request.year(), call.now));
  *response->mutable_as_of() = ToTimestamp(call.now);
  for (const auto& m : catalogue_->measures()) {
    v1::MeasureGroup* group = response->add_measures();
    *group->mutable_measure() = m;
    for (const auto& ind : catalogue_->indicators()) {
      if (ind.measure() != m.number()) {
        continue;
      }
      SB_ASSIGN_OR_RETURN(const RawValue raw, ReadValue(ind, request.year(), request.district_code(), call.now));
      *group->add_indicators() = ind;
      v1::IndicatorValue* value = group->add_values();
      *value = ComposeValue(ind, request.year(), raw,
                            ChooseTarget(ind, request.year(), request.district_code(), targets), call.now);
      if (request.district_code().empty()) {
        SB_RETURN_IF_ERROR(ReadLevelBreakdown(ind, request.year(), value));
      }
    }
  }
  FillSources(response->mutable_sources());
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::GetTrend(const CallContext& call, const v1::GetTrendRequest& request,
                                          v1::GetTrendResponse* response) {
  SB_RETURN_IF_ERROR(ValidateIndicatorId(request.indicator_id(), "indicator_id"));
  const v1::Indicator* ind = catalogue_->Find(request.indicator_id());
  if (ind == nullptr) {
    return IndicatorNotFound(request.indicator_id());
  }
  SB_RETURN_IF_ERROR(ValidateYear(request.from_year(), "from_year"));
  SB_RETURN_IF_ERROR(ValidateYear(request.to_year(), "to_year"));
  if (request.to_year() < request.from_year() || request.to_year() - request.from_year() >= kMaxTrendYears) {
    return InvalidArgumentError("to_year", Concat("must be from from_year to from_year + ", kMaxTrendYears - 1));
  }
  SB_RETURN_IF_ERROR(ValidateDistrict(request.district_code(), "district_code"));
  if (!ind->source_connected()) {
    return SourceNotConnected(*ind);
  }
  if (!HasHistory(ind->id())) {
    return FailedPreconditionError("NO_HISTORY",
                                   Concat("indicator '", ind->id(), "' is a current state and has no history"));
  }
  if (request.monthly() && CountedByYearOnly(ind->id())) {
    return FailedPreconditionError("NO_MONTHLY_HISTORY",
                                   Concat("indicator '", ind->id(), "' counts by year only: ask for years"));
  }
  *response->mutable_indicator() = *ind;
  response->set_district_code(request.district_code());
  const std::string& district = request.district_code();
  std::vector<std::string> buckets;
  std::vector<std::pair<int, int>> points;
  for (int y = request.from_year(); y <= request.to_year(); ++y) {
    if (request.monthly()) {
      for (int m = 1; m <= 12; ++m) {
        buckets.push_back(district.empty() ? MonthBucket(y, m) : MonthDistrictBucket(y, m, district));
        points.emplace_back(y, m);
      }
    } else {
      buckets.push_back(district.empty() ? YearBucket(y) : DistrictBucket(y, district));
      points.emplace_back(y, 0);
    }
  }
  std::optional<std::vector<RawValue>> values;
  if (ind->id() == ids::kStudentsEnrolled) {
    SB_ASSIGN_OR_RETURN(values,
                        ReadEnrolledAtYearEnd(request.from_year(), request.to_year(), district, BureauYear(call.now)));
  } else {
    SB_ASSIGN_OR_RETURN(values, ReadCounterValues(*ind, buckets));
  }
  if (!values.has_value()) {
    return absl::InternalError(Concat("indicator '", ind->id(), "' has a history but no counters"));
  }
  for (size_t i = 0; i < points.size(); ++i) {
    v1::TrendPoint* p = response->add_points();
    p->set_year(points[i].first);
    p->set_month(points[i].second);
    p->set_value((*values)[i].value.value_or(0));
  }
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::GetDistrictRanking(const CallContext& call,
                                                    const v1::GetDistrictRankingRequest& request,
                                                    v1::GetDistrictRankingResponse* response) {
  SB_RETURN_IF_ERROR(ValidateYear(request.year(), "year"));
  SB_RETURN_IF_ERROR(ValidateIndicatorId(request.indicator_id(), "indicator_id"));
  const v1::Indicator* ind = catalogue_->Find(request.indicator_id());
  if (ind == nullptr) {
    return IndicatorNotFound(request.indicator_id());
  }
  if (!ind->source_connected()) {
    return SourceNotConnected(*ind);
  }
  SB_ASSIGN_OR_RETURN(const auto targets, store_.Targets(request.year()));
  *response->mutable_indicator() = *ind;
  response->set_year(request.year());
  *response->mutable_as_of() = ToTimestamp(call.now);
  std::vector<v1::DistrictRankingRow> rows;
  for (const District& d : reference_->districts()) {
    SB_ASSIGN_OR_RETURN(const RawValue raw, ReadValue(*ind, request.year(), d.code, call.now));
    const v1::IndicatorValue value =
        ComposeValue(*ind, request.year(), raw, ChooseTarget(*ind, request.year(), d.code, targets), call.now);
    v1::DistrictRankingRow row;
    row.set_district_code(d.code);
    row.set_district_name(d.name);
    row.set_value(value.value());
    if (value.has_target()) {
      row.set_target(value.target());
    }
    if (value.has_share_of_target()) {
      row.set_share_of_target(value.share_of_target());
    }
    if (value.has_on_track()) {
      row.set_on_track(value.on_track());
    }
    rows.push_back(std::move(row));
  }
  RankRows(rows);
  for (auto& row : rows) {
    *response->add_rows() = std::move(row);
  }
  SB_ASSIGN_OR_RETURN(const RawValue city, ReadValue(*ind, request.year(), "", call.now));
  response->set_city_value(city.value.value_or(0));
  return absl::OkStatus();
}

std::string AggregatorHandlers::RankingCsv(const v1::GetDistrictRankingResponse& ranking) {
  std::string out = "\xEF\xBB\xBF";
  out += Concat("调度通报,", ranking.indicator().name_zh(), ",", ranking.year(), "年\r\n");
  out += "排名,区市代码,区市,完成值,目标,完成率(%),进度\r\n";
  for (const auto& row : ranking.rows()) {
    out += Concat(
        row.rank(), ",", row.district_code(), ",", row.district_name(), ",", FormatNumber(row.value()), ",",
        row.has_target() ? FormatNumber(row.target()) : std::string(), ",",
        row.has_share_of_target() ? FormatNumber(std::round(row.share_of_target() * 10000) / 100) : std::string(), ",",
        row.has_on_track() ? (row.on_track() ? "达到进度" : "落后进度") : "", "\r\n");
  }
  out += Concat(",,全市,", FormatNumber(ranking.city_value()), ",,,\r\n");
  return out;
}

absl::Status AggregatorHandlers::GetIndustryChainView(const CallContext& call,
                                                      const v1::GetIndustryChainViewRequest& request,
                                                      v1::GetIndustryChainViewResponse* response) {
  SB_RETURN_IF_ERROR(ValidateYear(request.year(), "year"));
  response->set_year(request.year());
  *response->mutable_as_of() = ToTimestamp(call.now);
  std::vector<std::string> buckets;
  for (const IndustryChain& c : reference_->industry_chains()) {
    buckets.push_back(ChainBucket(request.year(), c.code));
  }
  SB_ASSIGN_OR_RETURN(const auto certs, store_.ReadBuckets(ids::kCertificatesIssued, buckets));
  SB_ASSIGN_OR_RETURN(const auto certified, store_.ReadBuckets(ids::kNewlyCertified, buckets));
  SB_ASSIGN_OR_RETURN(const auto high, store_.ReadBuckets(ids::kNewHighSkilled, buckets));
  SB_ASSIGN_OR_RETURN(const auto trainees, store_.ReadBuckets(ids::kTrainingCompleted, buckets));
  SB_ASSIGN_OR_RETURN(const auto subsidised, store_.ReadBuckets(ids::kSubsidisedTraining, buckets));
  SB_ASSIGN_OR_RETURN(const auto trainees_certified, store_.ReadBuckets(ids::kTrainingCertified, buckets));
  SB_ASSIGN_OR_RETURN(const auto participants, store_.ReadBuckets(ids::kCompetitionParticipants, buckets));
  SB_ASSIGN_OR_RETURN(const auto promotions, store_.ReadBuckets(ids::kCompetitionPromotions, buckets));
  SB_ASSIGN_OR_RETURN(const auto promotions_certified,
                      store_.ReadBuckets(ids::kCompetitionPromotionsWithCertificate, buckets));
  SB_ASSIGN_OR_RETURN(const auto workforce, store_.ReadBuckets(ids::kSurveyWorkforce, buckets));
  SB_ASSIGN_OR_RETURN(const auto graduates, store_.ReadBuckets(ids::kGraduates, buckets));
  const bool evaluation = catalogue_->connected(v1::SOURCE_EVALUATION);
  const bool training = catalogue_->connected(v1::SOURCE_TRAINING);
  const bool competition = catalogue_->connected(v1::SOURCE_COMPETITION);
  const bool incentive = catalogue_->connected(v1::SOURCE_INCENTIVE);
  const bool education = catalogue_->connected(v1::SOURCE_EDUCATION);
  for (size_t i = 0; i < reference_->industry_chains().size(); ++i) {
    const IndustryChain& c = reference_->industry_chains()[i];
    v1::IndustryChainRow* row = response->add_rows();
    row->set_industry_chain_code(c.code);
    row->set_industry_chain_name(c.name);
    row->set_key_chain(c.key_chain);
    if (evaluation) {
      row->set_certificates(certs[i]);
      row->set_certified_persons(certified[i]);
      row->set_new_high_skilled_persons(high[i]);
    }
    if (training) {
      row->set_trainees(trainees[i]);
      row->set_subsidised_trainees(subsidised[i]);
    }
    if (training && evaluation) {
      row->set_trainees_certified(trainees_certified[i]);
      if (trainees[i] > 0) {
        row->set_training_conversion_percent(*Percent(trainees_certified[i], trainees[i]).value);
      }
    }
    if (competition) {
      row->set_competition_participants(participants[i]);
      row->set_competition_promotions(promotions[i]);
      if (evaluation) {
        row->set_competition_promotions_certified(promotions_certified[i]);
      }
    }
    if (education) {
      row->set_graduates(graduates[i]);
    }
    if (incentive) {
      row->set_workforce(workforce[i]);
      if (evaluation && workforce[i] > 0) {
        row->set_certificates_per_thousand_workforce(1000.0 * static_cast<double>(certs[i]) /
                                                     static_cast<double>(workforce[i]));
      }
    }
  }
  for (v1::Source s : {v1::SOURCE_EVALUATION, v1::SOURCE_TRAINING, v1::SOURCE_COMPETITION, v1::SOURCE_EDUCATION,
                       v1::SOURCE_INCENTIVE}) {
    if (!catalogue_->connected(s)) {
      response->add_sources_not_connected(std::string(SourceName(s)));
    }
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::aggregator

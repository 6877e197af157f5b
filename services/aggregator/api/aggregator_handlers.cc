#include "services/aggregator/api/aggregator_handlers.h"

#include <cmath>
#include <cstdio>
#include <optional>
#include <thread>

#include "common/auth/permissions.h"
#include "common/server/feed_service.h"
#include "common/status/errors.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "google/protobuf/util/time_util.h"
#include "services/aggregator/domain/indicator_math.h"

namespace skillbridge::aggregator {

namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToProto(absl::Time t) { return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t)); }

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;
constexpr int kMaxTrendYears = 20;

bool IsFlowCounter(std::string_view id) {
  return id == ids::kNewHighSkilled || id == ids::kIntroduced || id == ids::kSubsidisedTraining ||
         id == ids::kSubsidyPaid || id == ids::kNewlyCertified || id == ids::kNewlyCertifiedSenior;
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
  return std::nullopt;
}

bool HasHistory(std::string_view id) { return IsFlowCounter(id) || FlowRatioOf(id).has_value(); }

std::string FormatNumber(double v) {
  char buf[64];
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof(buf), "%.0f", v);
  } else {
    std::snprintf(buf, sizeof(buf), "%.2f", v);
  }
  return buf;
}

}  // namespace

AggregatorHandlers::AggregatorHandlers(AggregatorStore& store, std::shared_ptr<const ReferenceData> reference,
                                       std::shared_ptr<const Catalogue> catalogue, std::vector<FeedConsumer*> consumers,
                                       std::vector<ProfileSource> profile_sources, absl::Mutex& apply_mu,
                                       HandlerOptions options)
    : store_(store),
      reference_(std::move(reference)),
      catalogue_(std::move(catalogue)),
      consumers_(std::move(consumers)),
      profile_sources_(std::move(profile_sources)),
      apply_mu_(apply_mu),
      options_(options) {}

absl::Status AggregatorHandlers::ValidateYear(int year, std::string_view field) const {
  if (year < kMinYear || year > kMaxYear) {
    return InvalidArgumentError(field, Concat("must be a year between ", kMinYear, " and ", kMaxYear));
  }
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::ValidateDistrict(const std::string& district, std::string_view field) const {
  if (!district.empty() && reference_->FindDistrict(district) == nullptr) {
    return InvalidArgumentError(field, "is not one of the city's district codes");
  }
  return absl::OkStatus();
}

absl::StatusOr<RawValue> AggregatorHandlers::ReadValue(const v1::Indicator& indicator, int year,
                                                       const std::string& district) {
  RawValue raw;
  if (!indicator.source_connected()) {
    return raw;
  }
  if (IsFlowCounter(indicator.id())) {
    auto values =
        store_.ReadBuckets(indicator.id(), {district.empty() ? YearBucket(year) : DistrictBucket(year, district)});
    if (!values.ok()) {
      return values.status();
    }
    raw.value = static_cast<double>((*values)[0]);
    return raw;
  }
  if (const auto ratio = FlowRatioOf(indicator.id()); ratio.has_value()) {
    const std::vector<std::string> bucket = {district.empty() ? YearBucket(year) : DistrictBucket(year, district)};
    auto numerator = store_.ReadBuckets(ratio->numerator, bucket);
    if (!numerator.ok()) {
      return numerator.status();
    }
    auto denominator = store_.ReadBuckets(ratio->denominator, bucket);
    if (!denominator.ok()) {
      return denominator.status();
    }
    return Percent((*numerator)[0], (*denominator)[0]);
  }
  if (indicator.id() == ids::kSelfEvaluationCoverage) {
    auto coverage = store_.Coverage(district);
    if (!coverage.ok()) {
      return coverage.status();
    }
    return Percent(coverage->first, coverage->second);
  }
  if (indicator.id() == ids::kTalentDatabase) {
    auto persons = store_.CountPersons(district);
    if (!persons.ok()) {
      return persons.status();
    }
    raw.value = static_cast<double>(*persons);
    return raw;
  }
  return raw;
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
  if (absl::Status s = ValidateYear(request.year(), "year"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateDistrict(request.district_code(), "district_code"); !s.ok()) {
    return s;
  }
  auto targets = store_.Targets(request.year());
  if (!targets.ok()) {
    return targets.status();
  }
  response->set_year(request.year());
  response->set_district_code(request.district_code());
  if (const District* d = reference_->FindDistrict(request.district_code()); d != nullptr) {
    response->set_district_name(d->name);
  } else {
    response->set_district_name("全市");
  }
  response->set_elapsed_share_of_year(ElapsedShareOfYear(request.year(), call.now));
  *response->mutable_as_of() = ToProto(call.now);
  for (const auto& m : catalogue_->measures()) {
    v1::MeasureGroup* group = response->add_measures();
    *group->mutable_measure() = m;
    for (const auto& ind : catalogue_->indicators()) {
      if (ind.measure() != m.number()) {
        continue;
      }
      auto raw = ReadValue(ind, request.year(), request.district_code());
      if (!raw.ok()) {
        return raw.status();
      }
      *group->add_indicators() = ind;
      *group->add_values() = ComposeValue(
          ind, request.year(), *raw, ChooseTarget(ind, request.year(), request.district_code(), *targets), call.now);
    }
  }
  FillSources(call.now, response->mutable_sources());
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::GetTrend(const CallContext&, const v1::GetTrendRequest& request,
                                          v1::GetTrendResponse* response) {
  const v1::Indicator* ind = catalogue_->Find(request.indicator_id());
  if (ind == nullptr) {
    return NotFoundError("INDICATOR_NOT_FOUND", Concat("indicator '", request.indicator_id(), "' does not exist"));
  }
  if (absl::Status s = ValidateYear(request.from_year(), "from_year"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateYear(request.to_year(), "to_year"); !s.ok()) {
    return s;
  }
  if (request.to_year() < request.from_year() || request.to_year() - request.from_year() >= kMaxTrendYears) {
    return InvalidArgumentError("to_year", Concat("must be from from_year to from_year + ", kMaxTrendYears - 1));
  }
  if (absl::Status s = ValidateDistrict(request.district_code(), "district_code"); !s.ok()) {
    return s;
  }
  if (!ind->source_connected()) {
    return FailedPreconditionError("SOURCE_NOT_CONNECTED",
                                   Concat("indicator '", ind->id(), "': its source is not yet connected"));
  }
  if (!HasHistory(ind->id())) {
    return FailedPreconditionError("NO_HISTORY",
                                   Concat("indicator '", ind->id(), "' is a current state and has no history"));
  }
  *response->mutable_indicator() = *ind;
  response->set_district_code(request.district_code());
  std::vector<std::string> buckets;
  std::vector<std::pair<int, int>> points;
  for (int y = request.from_year(); y <= request.to_year(); ++y) {
    if (request.monthly()) {
      for (int m = 1; m <= 12; ++m) {
        buckets.push_back(request.district_code().empty() ? MonthBucket(y, m)
                                                          : MonthDistrictBucket(y, m, request.district_code()));
        points.emplace_back(y, m);
      }
    } else {
      buckets.push_back(request.district_code().empty() ? YearBucket(y) : DistrictBucket(y, request.district_code()));
      points.emplace_back(y, 0);
    }
  }
  const auto ratio = FlowRatioOf(ind->id());
  auto values = store_.ReadBuckets(ratio.has_value() ? ratio->numerator : ind->id(), buckets);
  if (!values.ok()) {
    return values.status();
  }
  absl::StatusOr<std::vector<int64_t>> denominators = std::vector<int64_t>();
  if (ratio.has_value()) {
    denominators = store_.ReadBuckets(ratio->denominator, buckets);
    if (!denominators.ok()) {
      return denominators.status();
    }
  }
  for (size_t i = 0; i < points.size(); ++i) {
    v1::TrendPoint* p = response->add_points();
    p->set_year(points[i].first);
    p->set_month(points[i].second);
    p->set_value(ratio.has_value() ? *Percent((*values)[i], (*denominators)[i]).value
                                   : static_cast<double>((*values)[i]));
  }
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::GetDistrictRanking(const CallContext& call,
                                                    const v1::GetDistrictRankingRequest& request,
                                                    v1::GetDistrictRankingResponse* response) {
  if (absl::Status s = ValidateYear(request.year(), "year"); !s.ok()) {
    return s;
  }
  const v1::Indicator* ind = catalogue_->Find(request.indicator_id());
  if (ind == nullptr) {
    return NotFoundError("INDICATOR_NOT_FOUND", Concat("indicator '", request.indicator_id(), "' does not exist"));
  }
  if (!ind->source_connected()) {
    return FailedPreconditionError("SOURCE_NOT_CONNECTED",
                                   Concat("indicator '", ind->id(), "': its source is not yet connected"));
  }
  auto targets = store_.Targets(request.year());
  if (!targets.ok()) {
    return targets.status();
  }
  *response->mutable_indicator() = *ind;
  response->set_year(request.year());
  *response->mutable_as_of() = ToProto(call.now);
  std::vector<v1::DistrictRankingRow> rows;
  for (const District& d : reference_->districts()) {
    auto raw = ReadValue(*ind, request.year(), d.code);
    if (!raw.ok()) {
      return raw.status();
    }
    const v1::IndicatorValue value =
        ComposeValue(*ind, request.year(), *raw, ChooseTarget(*ind, request.year(), d.code, *targets), call.now);
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
  auto city = ReadValue(*ind, request.year(), "");
  if (!city.ok()) {
    return city.status();
  }
  response->set_city_value(city->value.value_or(0));
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
  if (absl::Status s = ValidateYear(request.year(), "year"); !s.ok()) {
    return s;
  }
  response->set_year(request.year());
  *response->mutable_as_of() = ToProto(call.now);
  std::vector<std::string> buckets;
  for (const IndustryChain& c : reference_->industry_chains()) {
    buckets.push_back(ChainBucket(request.year(), c.code));
  }
  auto read = [&](const char* id) { return store_.ReadBuckets(id, buckets); };
  auto certs = read(ids::kCertificatesIssued);
  auto certified = read(ids::kNewlyCertified);
  auto high = read(ids::kNewHighSkilled);
  auto trainees = read(ids::kTrainingCompleted);
  auto subsidised = read(ids::kSubsidisedTraining);
  auto trainees_certified = read(ids::kTrainingCertified);
  for (const auto* r : {&certs, &certified, &high, &trainees, &subsidised, &trainees_certified}) {
    if (!r->ok()) {
      return r->status();
    }
  }
  const bool evaluation = catalogue_->connected(v1::SOURCE_EVALUATION);
  const bool training = catalogue_->connected(v1::SOURCE_TRAINING);
  for (size_t i = 0; i < reference_->industry_chains().size(); ++i) {
    const IndustryChain& c = reference_->industry_chains()[i];
    v1::IndustryChainRow* row = response->add_rows();
    row->set_industry_chain_code(c.code);
    row->set_industry_chain_name(c.name);
    row->set_key_chain(c.key_chain);
    if (evaluation) {
      row->set_certificates((*certs)[i]);
      row->set_certified_persons((*certified)[i]);
      row->set_new_high_skilled_persons((*high)[i]);
    }
    if (training) {
      row->set_trainees((*trainees)[i]);
      row->set_subsidised_trainees((*subsidised)[i]);
    }
    if (training && evaluation) {
      row->set_trainees_certified((*trainees_certified)[i]);
      if ((*trainees)[i] > 0) {
        row->set_training_conversion_percent(*Percent((*trainees_certified)[i], (*trainees)[i]).value);
      }
    }
  }
  for (v1::Source s : {v1::SOURCE_EVALUATION, v1::SOURCE_TRAINING, v1::SOURCE_EDUCATION, v1::SOURCE_INCENTIVE}) {
    if (!catalogue_->connected(s)) {
      response->add_sources_not_connected(std::string(SourceName(s)));
    }
  }
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::SetTarget(const CallContext& call, const v1::SetTargetRequest& request,
                                           v1::SetTargetResponse* response) {
  const v1::Target& t = request.target();
  if (catalogue_->Find(t.indicator_id()) == nullptr) {
    return InvalidArgumentError("target.indicator_id", "is not an indicator of the catalogue");
  }
  if (absl::Status s = ValidateYear(t.year(), "target.year"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateDistrict(t.district_code(), "target.district_code"); !s.ok()) {
    return s;
  }
  if (!std::isfinite(t.value()) || t.value() < 0 || t.value() > 1e15) {
    return InvalidArgumentError("target.value", "must be a finite number from 0 to 1e15");
  }
  v1::Target stored = t;
  stored.set_updated_by(call.principal.name);
  *stored.mutable_update_time() = ToProto(call.now);
  MutationMeta meta;
  meta.audit = call.AuditEntryFor(
      Concat("targets/", t.year(), "/", t.indicator_id(), "/", t.district_code().empty() ? "city" : t.district_code()),
      request.request_id());
  v1::SetTargetResponse fresh;
  *fresh.mutable_target() = stored;
  if (!request.request_id().empty()) {
    meta.idempotency_key = Concat(keys::kPrefix, "idem:SetTarget:", call.principal.name, ":", request.request_id());
    meta.response_bytes = fresh.SerializeAsString();
  }
  auto outcome = store_.SetTarget(stored, meta);
  if (!outcome.ok()) {
    return outcome.status();
  }
  if (outcome->replayed) {
    if (!response->ParseFromString(outcome->replay_bytes)) {
      return absl::DataLossError("stored SetTarget response does not parse");
    }
    return absl::OkStatus();
  }
  *response = std::move(fresh);
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::ListTargets(const CallContext&, const v1::ListTargetsRequest& request,
                                             v1::ListTargetsResponse* response) {
  if (absl::Status s = ValidateYear(request.year(), "year"); !s.ok()) {
    return s;
  }
  auto targets = store_.Targets(request.year());
  if (!targets.ok()) {
    return targets.status();
  }
  for (const auto& [field, target] : *targets) {
    if (request.indicator_id().empty() || target.indicator_id() == request.indicator_id()) {
      *response->add_targets() = target;
    }
  }
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::GetTalentProfile(const CallContext& call, const v1::GetTalentProfileRequest& request,
                                                  v1::GetTalentProfileResponse* response) {
  auto id = ParseCitizenId(request.id_number(), "id_number");
  if (!id.ok()) {
    return id.status();
  }
  // A wall-clock deadline for the outgoing calls (call.now is the injected clock of the records).
  const absl::Time deadline = std::min(call.deadline, absl::Now() + options_.profile_deadline);
  std::vector<v1::GetTalentProfileResponse> parts(profile_sources_.size());
  std::vector<absl::Status> results(profile_sources_.size());
  std::vector<int64_t> elapsed(profile_sources_.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < profile_sources_.size(); ++i) {
    threads.emplace_back([&, i] {
      const absl::Time start = absl::Now();
      if (!profile_sources_[i].fetch) {
        results[i] = absl::UnavailableError("source not yet connected");
      } else {
        results[i] = profile_sources_[i].fetch(id->number, deadline, &parts[i]);
      }
      elapsed[i] = absl::ToInt64Milliseconds(absl::Now() - start);
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  common::v1::SkillLevel highest = common::v1::SKILL_LEVEL_UNSPECIFIED;
  for (size_t i = 0; i < profile_sources_.size(); ++i) {
    v1::SourceAnswer* answer = response->add_answers();
    answer->set_source(profile_sources_[i].name);
    answer->set_elapsed_ms(elapsed[i]);
    if (!results[i].ok()) {
      answer->set_code(absl::StatusCodeToString(results[i].code()));
      answer->set_message(std::string(results[i].message()));
      response->add_missing_sources(profile_sources_[i].name);
      response->set_partial(true);
      continue;
    }
    answer->set_code("OK");
    if (parts[i].has_person() && !response->has_person()) {
      *response->mutable_person() = parts[i].person();
    }
    for (const auto& c : parts[i].certificates()) {
      if (c.status() == "VALID" && c.level() > highest) {
        highest = c.level();
      }
      *response->add_certificates() = c;
    }
    for (const auto& t : parts[i].trainings()) {
      *response->add_trainings() = t;
    }
  }
  response->mutable_person()->set_id_number(id->number);
  response->mutable_person()->set_gender(id->male ? common::v1::GENDER_MALE : common::v1::GENDER_FEMALE);
  response->mutable_person()->mutable_birth_date()->set_year(id->birth_year);
  response->mutable_person()->mutable_birth_date()->set_month(id->birth_month);
  response->mutable_person()->mutable_birth_date()->set_day(id->birth_day);
  response->set_highest_level(highest);
  response->set_high_skilled(IsHighSkilled(highest));
  const common::v1::Role role = call.principal.role;
  if (role != common::v1::ROLE_ADMIN && role != common::v1::ROLE_VERIFIER && role != common::v1::ROLE_SERVICE) {
    response->set_masked(true);
    response->mutable_person()->set_id_number(MaskCitizenId(id->number));
    response->mutable_person()->clear_name();
    response->mutable_person()->clear_birth_date();
    for (auto& c : *response->mutable_certificates()) {
      c.set_number(c.number().size() > 6 ? Concat(c.number().substr(0, 6), "****") : "****");
    }
    for (auto& t : *response->mutable_trainings()) {
      t.clear_enrollment_id();
    }
  }
  return absl::OkStatus();
}

void AggregatorHandlers::FillSources(absl::Time now, google::protobuf::RepeatedPtrField<v1::SourceStatus>* out) {
  for (v1::Source s : {v1::SOURCE_EVALUATION, v1::SOURCE_TRAINING, v1::SOURCE_COMPETITION, v1::SOURCE_INCENTIVE,
                       v1::SOURCE_EDUCATION}) {
    v1::SourceStatus* status = out->Add();
    status->set_source(std::string(SourceName(s)));
    FeedConsumer* consumer = nullptr;
    for (FeedConsumer* c : consumers_) {
      if (c->source() == s) {
        consumer = c;
      }
    }
    if (consumer == nullptr) {
      continue;
    }
    status->set_connected(true);
    const ConsumerStatus cs = consumer->status();
    status->set_healthy(cs.healthy);
    status->set_last_error(cs.last_error);
    status->set_lag_seconds(consumer->LagSeconds());
    if (cs.last_contact != absl::InfinitePast()) {
      *status->mutable_last_contact_time() = ToProto(cs.last_contact);
    }
    auto stored = store_.SourceState(std::string(SourceName(s)));
    if (stored.ok()) {
      status->set_cursor(stored->cursor);
      status->set_events_applied(stored->events_applied);
      if (stored->last_event_ms > 0) {
        *status->mutable_last_event_time() = ToProto(absl::FromUnixMillis(stored->last_event_ms));
      }
    } else {
      status->set_cursor(cs.cursor);
    }
  }
  (void)now;
}

absl::Status AggregatorHandlers::GetSourceStatus(const CallContext& call, const v1::GetSourceStatusRequest&,
                                                 v1::GetSourceStatusResponse* response) {
  FillSources(call.now, response->mutable_sources());
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::RebuildViews(const CallContext& call, const v1::RebuildViewsRequest& request,
                                              v1::RebuildViewsResponse* response) {
  MutationMeta meta;
  meta.audit = call.AuditEntryFor("views", request.request_id());
  absl::StatusOr<int64_t> removed;
  {
    absl::WriterMutexLock lock(&apply_mu_);
    for (FeedConsumer* c : consumers_) {
      c->Reset();
    }
    removed = store_.RebuildViews(meta);
  }
  if (!removed.ok()) {
    return removed.status();
  }
  response->set_keys_removed(*removed);
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::ListAuditEntries(const CallContext&, const v1::ListAuditEntriesRequest& request,
                                                  v1::ListAuditEntriesResponse* response) {
  return ServeAuditPage(
      request, [this](const std::string& before, int size) { return store_.ReadAudit(before, size); }, response);
}

}  // namespace skillbridge::aggregator

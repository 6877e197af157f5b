#pragma once
// AggregatorHandlers: one method per RPC of skillbridge.aggregator.v1.AggregatorService (the RPC
// table, aggregator_rpcs.h) as plain synchronous code: validate, read the views, compose. No gRPC
// types: the gRPC adapter and the HTTP JSON API call the same methods through ServiceRuntime.
// Defined by resource: view_handlers.cc (indicators, dashboard, trend, ranking, chains),
// target_handlers.cc, profile_handlers.cc (the live talent profile) and aggregator_handlers.cc
// (source status, rebuild, audit). Errors: INVALID_ARGUMENT naming the field (years outside
// 2000-2100, unknown districts, malformed targets and ID numbers), NOT_FOUND
// (INDICATOR_NOT_FOUND), FAILED_PRECONDITION (SOURCE_NOT_CONNECTED, NO_HISTORY,
// NO_MONTHLY_HISTORY), and the store's UNAVAILABLE. Thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "services/aggregator/api/aggregator_rpcs.h"
#include "services/aggregator/api/profile_sources.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/indicator_math.h"
#include "services/aggregator/feed/feed_consumer.h"
#include "services/aggregator/store/aggregator_store.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

struct HandlerOptions {
  // Upper bound for each source's answer to GetTalentProfile.
  absl::Duration profile_deadline = absl::Seconds(2);
};

class AggregatorHandlers final {
 public:
  // `consumers` and `profile_sources`: one per connected source; `apply_mu` is the consumers'
  // (RebuildViews takes it as the writer).
  AggregatorHandlers(AggregatorStore& store, std::shared_ptr<const ReferenceData> reference,
                     std::shared_ptr<const Catalogue> catalogue, std::vector<FeedConsumer*> consumers,
                     std::vector<ProfileSource> profile_sources, absl::Mutex& apply_mu, HandlerOptions options);

  SKILLBRIDGE_AGGREGATOR_RPCS(SB_DECLARE_HANDLER)

  // The district circular as CSV (UTF-8 with BOM, for spreadsheet programs).
  static std::string RankingCsv(const v1::GetDistrictRankingResponse& ranking);

 private:
  // The value of `indicator` in `year` (the city, or one district); `now` decides which year is the
  // current one (the students enrolled now rather than at a past year's end).
  absl::StatusOr<RawValue> ReadValue(const v1::Indicator& indicator, int year, const std::string& district,
                                     absl::Time now);
  // The values of an indicator computed from counters (flow counts, their ratios, the wage
  // survey's ratios) in `buckets`; nullopt for any other indicator.
  absl::StatusOr<std::optional<std::vector<RawValue>>> ReadCounterValues(const v1::Indicator& indicator,
                                                                         const std::vector<std::string>& buckets);
  // The students enrolled at the end of each year from `from_year` to `to_year` (the city, or one
  // district): the sum of the enrolled stock's changes up to the year (domain/education_commands.h);
  // for `current_year` and later, the records ENROLLED now (the sum of every year's changes).
  absl::StatusOr<std::vector<RawValue>> ReadEnrolledAtYearEnd(int from_year, int to_year, const std::string& district,
                                                              int current_year);
  // The city-wide competition indicators per competition level (IndicatorValue.by_competition_level);
  // nothing for other indicators.
  absl::Status ReadLevelBreakdown(const v1::Indicator& indicator, int year, v1::IndicatorValue* value);
  absl::Status ValidateYear(int year, std::string_view field) const;
  absl::Status ValidateDistrict(const std::string& district, std::string_view field) const;
  void FillSources(google::protobuf::RepeatedPtrField<v1::SourceStatus>* out);

  AggregatorStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::vector<FeedConsumer*> consumers_;
  std::vector<ProfileSource> profile_sources_;
  absl::Mutex& apply_mu_;
  HandlerOptions options_;
};

}  // namespace skillbridge::aggregator

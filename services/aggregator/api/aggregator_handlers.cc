// The handlers' shared parts and the operations RPCs: source status, rebuild, audit.
#include "services/aggregator/api/aggregator_handlers.h"

#include <utility>

#include "common/server/feed_service.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/validation/codes.h"
#include "services/aggregator/api/resource_names.h"

namespace skillbridge::aggregator {

namespace {

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

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

void AggregatorHandlers::FillSources(google::protobuf::RepeatedPtrField<v1::SourceStatus>* out) {
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
      *status->mutable_last_contact_time() = ToTimestamp(cs.last_contact);
    }
    auto stored = store_.SourceState(std::string(SourceName(s)));
    if (stored.ok()) {
      status->set_cursor(stored->cursor);
      status->set_events_applied(stored->events_applied);
      if (stored->last_event_ms > 0) {
        *status->mutable_last_event_time() = ToTimestamp(absl::FromUnixMillis(stored->last_event_ms));
      }
    } else {
      status->set_cursor(cs.cursor);
    }
  }
}

absl::Status AggregatorHandlers::GetSourceStatus(const CallContext&, const v1::GetSourceStatusRequest&,
                                                 v1::GetSourceStatusResponse* response) {
  FillSources(response->mutable_sources());
  return absl::OkStatus();
}

absl::Status AggregatorHandlers::RebuildViews(const CallContext& call, const v1::RebuildViewsRequest& request,
                                              v1::RebuildViewsResponse* response) {
  if (absl::Status request_id = ValidateRequestId(request.request_id(), "request_id"); !request_id.ok()) {
    return request_id;
  }
  MutationMeta meta;
  meta.audit = call.AuditEntryFor(names::kViews, request.request_id());
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

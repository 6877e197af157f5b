#include "services/aggregator/feed/feed_consumer.h"

#include <algorithm>

#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/util/json_line.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::aggregator {

FeedConsumer::FeedConsumer(std::unique_ptr<FeedSource> source, AggregatorStore& store, absl::Mutex& apply_mu,
                           const Clock* clock, ConsumerOptions options, prometheus::Registry* registry)
    : source_(std::move(source)), store_(store), apply_mu_(apply_mu), clock_(clock), options_(options) {
  if (registry != nullptr) {
    const std::map<std::string, std::string> labels = {{"source", name()}};
    lag_gauge_ = &prometheus::BuildGauge()
                      .Name("skillbridge_aggregator_feed_lag_seconds")
                      .Help("Seconds the applied data trail the source feed (0 when caught up)")
                      .Register(*registry)
                      .Add(labels);
    healthy_gauge_ = &prometheus::BuildGauge()
                          .Name("skillbridge_aggregator_feed_healthy")
                          .Help("1 while the source feed answers")
                          .Register(*registry)
                          .Add(labels);
    applied_gauge_ = &prometheus::BuildGauge()
                          .Name("skillbridge_aggregator_feed_events_applied_total")
                          .Help("Events of the source applied to the views (since the last rebuild)")
                          .Register(*registry)
                          .Add(labels);
    contact_gauge_ = &prometheus::BuildGauge()
                          .Name("skillbridge_aggregator_feed_seconds_since_contact")
                          .Help("Seconds since the source feed last answered")
                          .Register(*registry)
                          .Add(labels);
  }
}

FeedConsumer::~FeedConsumer() { Stop(); }

std::string FeedConsumer::name() const { return std::string(SourceName(source_->source())); }

void FeedConsumer::Start() {
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { Run(); });
  }
}

void FeedConsumer::Stop() {
  stop_.store(true);
  {
    absl::MutexLock lock(&mu_);
    cv_.SignalAll();
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

ConsumerStatus FeedConsumer::status() const {
  absl::MutexLock lock(&mu_);
  return status_;
}

double FeedConsumer::LagSeconds() const {
  const ConsumerStatus s = status();
  const absl::Time now = clock_->Now();
  if (s.healthy && s.caught_up) {
    return 0;
  }
  absl::Time since = s.last_event_time;
  if (since == absl::InfinitePast()) {
    since = s.last_contact;
  }
  if (since == absl::InfinitePast()) {
    return 0;
  }
  return std::max(0.0, absl::ToDoubleSeconds(now - since));
}

bool FeedConsumer::SleepUnlessStopped(std::chrono::milliseconds d) {
  absl::MutexLock lock(&mu_);
  const absl::Time until = absl::Now() + absl::FromChrono(d);
  while (!stop_.load() && absl::Now() < until) {
    cv_.WaitWithDeadline(&mu_, until);
  }
  return !stop_.load();
}

void FeedConsumer::UpdateGauges() {
  if (lag_gauge_ == nullptr) {
    return;
  }
  const ConsumerStatus s = status();
  lag_gauge_->Set(LagSeconds());
  healthy_gauge_->Set(s.healthy ? 1 : 0);
  if (s.last_contact != absl::InfinitePast()) {
    contact_gauge_->Set(absl::ToDoubleSeconds(clock_->Now() - s.last_contact));
  }
}

void FeedConsumer::Run() {
  std::string cursor;
  bool have_cursor = false;
  std::chrono::milliseconds backoff = options_.initial_backoff;
  auto fail = [&](const absl::Status& status) {
    {
      absl::MutexLock lock(&mu_);
      status_.healthy = false;
      // What callers of GetSourceStatus see (any role): the code and reason only. The message
      // may name internal addresses and socket paths; it goes to the log line below.
      const std::string reason = ReasonOf(status);
      status_.last_error = reason.empty() ? absl::StatusCodeToString(status.code())
                                          : Concat(absl::StatusCodeToString(status.code()), " ", reason);
    }
    UpdateGauges();
    JsonLine()
        .Add("level", "warning")
        .Add("service", "aggregator")
        .Add("msg", "feed error")
        .Add("source", name())
        .Add("code", static_cast<int>(status.code()))
        .Write();
    SleepUnlessStopped(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  };
  while (!stop_.load()) {
    if (!have_cursor || reset_.load()) {
      // Read under the apply lock: a rebuild (the writer) raises the flag and deletes the views
      // in one critical section, so this read sees the cursor either before the rebuild (and the
      // flag is raised again for the next read) or after it, never one the rebuild is about to
      // delete — which would leave a caught-up consumer idling at the old end of the feed.
      absl::StatusOr<StoredSourceState> state;
      {
        absl::ReaderMutexLock lock(&apply_mu_);
        reset_.store(false);
        state = store_.SourceState(name());
      }
      if (!state.ok()) {
        reset_.store(true);  // read it again after the backoff
        fail(state.status());
        continue;
      }
      cursor = state->cursor;
      have_cursor = true;
      absl::MutexLock lock(&mu_);
      status_.cursor = cursor;
      status_.caught_up = false;
      if (state->last_event_ms > 0) {
        status_.last_event_time = absl::FromUnixMillis(state->last_event_ms);
      }
      if (applied_gauge_ != nullptr) {
        applied_gauge_->Set(static_cast<double>(state->events_applied));
      }
    }
    auto batch = source_->Fetch(cursor, options_.max_events, options_.wait);
    if (!batch.ok()) {
      fail(batch.status());
      continue;
    }
    {
      absl::MutexLock lock(&mu_);
      status_.healthy = true;
      status_.last_contact = clock_->Now();
      status_.last_error.clear();
      if (batch->events == 0) {
        status_.caught_up = true;
      }
    }
    if (batch->events == 0) {
      backoff = options_.initial_backoff;
      UpdateGauges();
      continue;
    }
    const int64_t last_ms =
        batch->last_event_time == absl::InfinitePast() ? 0 : absl::ToUnixMillis(batch->last_event_time);
    absl::StatusOr<ApplyOutcome> outcome;
    {
      absl::ReaderMutexLock lock(&apply_mu_);
      if (reset_.load()) {
        continue;  // a rebuild ran while this batch was fetched: start again from the stored cursor
      }
      outcome = store_.ApplyBatch(name(), cursor, batch->last_id, last_ms, batch->events, batch->commands);
    }
    if (!outcome.ok()) {
      fail(outcome.status());
      continue;
    }
    if (outcome->rebuilding) {
      // A rebuild is pending. If the process that started it died mid-way (its lease expired),
      // finish it here; otherwise wait for it. Either way resume from the stored cursor.
      reset_.store(true);
      absl::StatusOr<std::optional<int64_t>> completed;
      {
        absl::WriterMutexLock lock(&apply_mu_);
        completed = store_.CompletePendingRebuild();
      }
      if (!completed.ok()) {
        fail(completed.status());
      } else if (!completed->has_value()) {
        fail(absl::UnavailableError("the views are being rebuilt"));
      } else {
        JsonLine()
            .Add("level", "info")
            .Add("service", "aggregator")
            .Add("msg", "finished a pending rebuild")
            .Add("source", name())
            .Add("keys", **completed)
            .Write();
      }
      continue;
    }
    backoff = options_.initial_backoff;
    cursor = outcome->cursor;
    {
      absl::MutexLock lock(&mu_);
      status_.cursor = cursor;
      if (outcome->applied) {
        if (last_ms > 0) {
          status_.last_event_time = batch->last_event_time;
        }
        status_.caught_up = batch->events < options_.max_events;
      }
    }
    if (outcome->applied && applied_gauge_ != nullptr) {
      applied_gauge_->Increment(batch->events);
    }
    UpdateGauges();
  }
}

}  // namespace skillbridge::aggregator

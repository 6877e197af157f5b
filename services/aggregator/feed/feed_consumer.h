#pragma once
// FeedConsumer: one thread per source. It resumes from the source's stored cursor, long-polls the
// feed, and applies each batch with AggregatorStore::ApplyBatch (commands + cursor in one atomic
// step, guarded by the expected cursor): a restart or a replay never double-counts, and two
// consumers of one source (two replicas) cannot both apply a batch. When the guard finds another
// cursor (a rebuild reset it, or another replica moved it) the consumer resumes from that one.
// A source that is down only stops its own consumer (backoff, retried); status and lag are
// exported as Prometheus gauges:
//   skillbridge_aggregator_feed_lag_seconds{source}, skillbridge_aggregator_feed_healthy{source},
//   skillbridge_aggregator_feed_events_applied_total{source},
//   skillbridge_aggregator_feed_seconds_since_contact{source}.
// Thread-safe.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/store/clock.h"
#include "services/aggregator/feed/feed_source.h"
#include "services/aggregator/store/aggregator_store.h"

namespace prometheus {
class Registry;
class Gauge;
}  // namespace prometheus

namespace skillbridge::aggregator {

struct ConsumerOptions {
  int max_events = 500;
  std::chrono::milliseconds wait{2000};
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
};

struct ConsumerStatus {
  bool healthy = false;
  bool caught_up = false;
  absl::Time last_contact = absl::InfinitePast();
  absl::Time last_event_time = absl::InfinitePast();
  std::string last_error;  // "<CODE>[ <REASON>]" of the last failure, no message (no addresses)
  std::string cursor;
};

class FeedConsumer final {
 public:
  // `apply_mu` is shared by all consumers (reader) and a rebuild (writer). `registry` may be null.
  FeedConsumer(std::unique_ptr<FeedSource> source, AggregatorStore& store, absl::Mutex& apply_mu, const Clock* clock,
               ConsumerOptions options, prometheus::Registry* registry);
  ~FeedConsumer();

  void Start();
  void Stop();
  // Re-read the stored cursor before the next batch (after a rebuild).
  void Reset() { reset_.store(true); }

  v1::Source source() const { return source_->source(); }
  std::string name() const;
  ConsumerStatus status() const;
  // Lag as reported: 0 when caught up and healthy, else seconds since the newest applied event
  // (or since the last contact when nothing was applied yet).
  double LagSeconds() const;

 private:
  void Run();
  bool SleepUnlessStopped(std::chrono::milliseconds d);
  void UpdateGauges();

  std::unique_ptr<FeedSource> source_;
  AggregatorStore& store_;
  absl::Mutex& apply_mu_;
  const Clock* clock_;
  ConsumerOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> reset_{false};
  mutable absl::Mutex mu_;
  absl::CondVar cv_;
  ConsumerStatus status_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
  prometheus::Gauge* lag_gauge_ = nullptr;
  prometheus::Gauge* healthy_gauge_ = nullptr;
  prometheus::Gauge* applied_gauge_ = nullptr;
  prometheus::Gauge* contact_gauge_ = nullptr;
};

}  // namespace skillbridge::aggregator

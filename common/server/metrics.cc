#include "common/server/metrics.h"

#include <memory>
#include <string>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace skillbridge {

class ServerMetrics::Impl final {
 public:
  explicit Impl(prometheus::Registry& registry)
      : handled_(prometheus::BuildCounter()
                     .Name("grpc_server_handled_total")
                     .Help("Total number of RPCs completed on the server, regardless of success or failure.")
                     .Register(registry)),
        handling_(prometheus::BuildHistogram()
                      .Name("grpc_server_handling_seconds")
                      .Help("Histogram of response latency of RPCs handled by the server.")
                      .Register(registry)),
        redis_(prometheus::BuildHistogram()
                   .Name("redis_command_duration_seconds")
                   .Help("Latency of Redis commands issued by the service.")
                   .Register(registry)),
        queue_depth_(prometheus::BuildGauge()
                         .Name("skillbridge_executor_queue_depth")
                         .Help("Tasks waiting in a bounded executor's queue.")
                         .Register(registry)),
        busy_workers_(prometheus::BuildGauge()
                          .Name("skillbridge_executor_busy_workers")
                          .Help("Workers of a bounded executor currently running a task.")
                          .Register(registry)),
        http_drops_(prometheus::BuildCounter()
                        .Name("skillbridge_http_connections_dropped_total")
                        .Help("HTTP connections refused (over_capacity) or cut off (request_deadline).")
                        .Register(registry)),
        serving_(prometheus::BuildGauge()
                     .Name("skillbridge_serving")
                     .Help("1 while the health service answers SERVING (store reachable, not shutting down), else 0.")
                     .Register(registry)
                     .Add({})) {}

  // RPC latencies: 1 ms .. 10 s (long polls land in the last buckets or +Inf).
  const prometheus::Histogram::BucketBoundaries rpc_buckets_{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                             0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  // Redis commands: 100 us .. 1 s.
  const prometheus::Histogram::BucketBoundaries redis_buckets_{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                               0.01,   0.025,   0.05,   0.1,   0.25,   1.0};
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& handling_;
  prometheus::Family<prometheus::Histogram>& redis_;
  prometheus::Family<prometheus::Gauge>& queue_depth_;
  prometheus::Family<prometheus::Gauge>& busy_workers_;
  prometheus::Family<prometheus::Counter>& http_drops_;
  prometheus::Gauge& serving_;
};

ServerMetrics::ServerMetrics(prometheus::Registry& registry) : impl_(std::make_unique<Impl>(registry)) {}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::RecordCall(std::string_view grpc_service, std::string_view method, std::string_view code,
                               double seconds) {
  impl_->handled_
      .Add({{"grpc_service", std::string(grpc_service)},
            {"grpc_method", std::string(method)},
            {"grpc_code", std::string(code)}})
      .Increment();
  impl_->handling_
      .Add({{"grpc_service", std::string(grpc_service)}, {"grpc_method", std::string(method)}}, impl_->rpc_buckets_)
      .Observe(seconds);
}

void ServerMetrics::RecordRedis(std::string_view command, double seconds) {
  impl_->redis_.Add({{"command", std::string(command)}}, impl_->redis_buckets_).Observe(seconds);
}

void ServerMetrics::RecordHttpDrop(std::string_view reason) {
  impl_->http_drops_.Add({{"reason", std::string(reason)}}).Increment();
}

void ServerMetrics::SetServing(bool serving) { impl_->serving_.Set(serving ? 1.0 : 0.0); }

void ServerMetrics::SetExecutorState(std::string_view executor, double queued, double busy) {
  impl_->queue_depth_.Add({{"executor", std::string(executor)}}).Set(queued);
  impl_->busy_workers_.Add({{"executor", std::string(executor)}}).Set(busy);
}

}  // namespace skillbridge

#pragma once
// The standard metrics every service exports (DESIGN §5):
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method} (histogram)
//   redis_command_duration_seconds{command} (histogram)
//   skillbridge_executor_queue_depth{executor}, skillbridge_executor_busy_workers{executor}
//   skillbridge_http_connections_dropped_total{reason} (HTTP edges: over_capacity, request_deadline)
//   skillbridge_serving (1 while the health service answers SERVING, else 0)
// Thread-safe (prometheus-cpp families are).

#include <memory>
#include <string_view>

namespace prometheus {
class Registry;
}

namespace skillbridge {

class ServerMetrics final {
 public:
  explicit ServerMetrics(prometheus::Registry& registry);
  ~ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  void RecordCall(std::string_view grpc_service, std::string_view method, std::string_view code, double seconds);
  void RecordRedis(std::string_view command, double seconds);
  void SetExecutorState(std::string_view executor, double queued, double busy);
  void RecordHttpDrop(std::string_view reason);
  void SetServing(bool serving);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skillbridge

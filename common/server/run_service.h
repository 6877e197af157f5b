#pragma once
// RunService: what every service binary's main() does — describe itself for --help, parse the
// flags, read the common per-service flags (ServiceConfigFromFlags), require --auth_config, create
// the server, start listening, log one JSON line with the ports, serve until SIGTERM/SIGINT, and
// exit 0 after a graceful shutdown. Exit codes: 2 for a usage error, 1 when the server cannot be
// created or cannot listen (the reason on stderr). RunnableServer is the interface the server
// offers it (StandardServer<Traits> and the aggregator implement it).
// Call from main() only.

#include <functional>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/server/service_host.h"

namespace skillbridge {

class RunnableServer {
 public:
  virtual ~RunnableServer() = default;
  virtual absl::Status Start() = 0;
  virtual int port() const = 0;
  virtual int metrics_port() const = 0;
  // Further ports to report in the "serving" log line (e.g. the aggregator's HTTP port), 0 = none.
  virtual int http_port() const { return 0; }
  // Blocks until a signal or RequestShutdown, then shuts down gracefully.
  virtual void Wait() = 0;
  virtual void RequestShutdown() = 0;
};

using ServerFactory = std::function<absl::StatusOr<std::unique_ptr<RunnableServer>>(ServiceConfig config)>;

int RunService(std::string_view service_name, std::string_view description, int argc, char** argv,
               const ServerFactory& create);

}  // namespace skillbridge

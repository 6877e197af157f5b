#pragma once
// ServiceProcess: one real service binary (build/services/<name>/skillbridge-<name>) run as a
// child process for end-to-end tests, on a gRPC port and a metrics port picked once, so that a
// restart after Kill9() comes back on the same address. Start() prepends --listen and
// --metrics_listen to the given flags and (unless told not to) waits until the health service
// reads SERVING, polling on fresh connections with short deadlines. StopAndWait() sends SIGSTOP
// and returns once every thread of the process is stopped. ServiceFlags() gives the flags every
// service takes in the tests (its Redis, the test auth config, the repository's reference data,
// `workers` workers). Not thread-safe (one test thread drives it).

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "tests/support/process.h"

namespace skillbridge::testing {

// The path of a service binary in this build.
std::string ServiceBinary(const std::string& service);

// --redis, --auth_config, --reference_dir and --workers.
std::vector<std::string> ServiceFlags(const std::string& redis_uri, const std::string& auth_config, int workers = 4);

// True when every thread of `pid` is in the stopped state ('T' or 't' in /proc/<pid>/task/*/stat).
bool AllThreadsStopped(pid_t pid);

class ServiceProcess final {
 public:
  // Starts the binary and (unless `wait` is false) waits up to 30 s until its health reads
  // SERVING; UNAVAILABLE with the binary's stderr when it does not.
  absl::Status Start(const std::string& service, std::vector<std::string> flags, bool wait = true);
  bool WaitServing();

  // A channel with short reconnect backoffs (the first attempts may run before the binary listens).
  std::shared_ptr<grpc::Channel> Channel() const;

  void Kill9();
  void Signal(int sig);
  bool StopAndWait();
  bool IsRunning() const { return process_ != nullptr && process_->IsRunning(); }

  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string Stderr() const { return process_ ? process_->ReadStderr() : ""; }

 private:
  int port_ = 0;
  int metrics_port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace skillbridge::testing

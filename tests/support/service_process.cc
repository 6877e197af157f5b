#include "tests/support/service_process.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/util/concat.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace skillbridge::testing {

using SteadyClock = std::chrono::steady_clock;

std::string ServiceBinary(const std::string& service) {
  return std::string(SKILLBRIDGE_BINARY_DIR) + "/services/" + service + "/skillbridge-" + service;
}

std::vector<std::string> ServiceFlags(const std::string& redis_uri, const std::string& auth_config, int workers) {
  return {"--redis=" + redis_uri, "--auth_config=" + auth_config,
          "--reference_dir=" + std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference",
          "--workers=" + std::to_string(workers)};
}

bool AllThreadsStopped(pid_t pid) {
  std::error_code error;
  const std::filesystem::path tasks = Concat("/proc/", pid, "/task");
  int threads = 0;
  for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const size_t close = line.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos || close + 2 >= line.size()) {
      return false;
    }
    const char state = line[close + 2];
    if (state != 'T' && state != 't') {
      return false;
    }
    ++threads;
  }
  return !error && threads > 0;
}

absl::Status ServiceProcess::Start(const std::string& service, std::vector<std::string> flags, bool wait) {
  if (port_ == 0) {
    port_ = PickFreeTcpPort();
    metrics_port_ = PickFreeTcpPort();
  }
  flags.insert(flags.begin(), {"--listen=127.0.0.1:" + std::to_string(port_),
                               "--metrics_listen=127.0.0.1:" + std::to_string(metrics_port_)});
  auto child = ChildProcess::Start(ServiceBinary(service), flags);
  if (!child.ok()) {
    return child.status();
  }
  process_ = std::move(*child);
  if (wait && !WaitServing()) {
    return absl::UnavailableError(Concat(service, " did not become SERVING: ", Stderr()));
  }
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> ServiceProcess::Channel() const {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  return grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), args);
}

bool ServiceProcess::WaitServing() {
  const auto give_up = SteadyClock::now() + std::chrono::seconds(30);
  while (SteadyClock::now() < give_up) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto stub = grpc::health::v1::Health::NewStub(
        grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), args));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    grpc::health::v1::HealthCheckResponse response;
    if (stub->Check(&context, {}, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
    if (!process_->IsRunning()) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void ServiceProcess::Kill9() {
  if (process_ != nullptr) {
    process_->Kill(SIGKILL);
    process_->Wait(std::chrono::milliseconds(10000));
  }
}

void ServiceProcess::Signal(int sig) {
  if (process_ != nullptr) {
    process_->Kill(sig);
  }
}

bool ServiceProcess::StopAndWait() {
  process_->Kill(SIGSTOP);
  const auto give_up = SteadyClock::now() + std::chrono::seconds(5);
  while (SteadyClock::now() < give_up) {
    if (AllThreadsStopped(process_->pid())) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

}  // namespace skillbridge::testing

#include "common/server/server_runner.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <utility>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/metrics.h"
#include "common/util/files.h"
#include "common/util/json_line.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"

namespace skillbridge {
namespace {

// Health name of the liveness probe (see server_runner.h).
constexpr std::string_view kLivenessHealthName = "liveness";

// Write end of the self-pipe of the runner currently in Wait(); read by the signal handler.
// A plain integer: constant-initialised and trivially destructible.
std::atomic<int> signal_wake_fd{-1};

extern "C" void WakeOnSignal(int /*signo*/) {
  const int saved_errno = errno;
  const int fd = signal_wake_fd.load();
  if (fd >= 0) {
    const char byte = 's';
    [[maybe_unused]] ssize_t n = write(fd, &byte, 1);
  }
  errno = saved_errno;
}

// Records the names of the services the server registered (the reflection plugin does the same).
class ServiceNamesPlugin final : public grpc::ServerBuilderPlugin {
 public:
  explicit ServiceNamesPlugin(std::vector<std::string>* names) : names_(names) {}
  std::string name() override { return "skillbridge_service_names"; }
  void InitServer(grpc::ServerInitializer* si) override {
    if (const std::vector<std::string>* services = si->GetServiceList(); services != nullptr) {
      *names_ = *services;
    }
  }
  void Finish(grpc::ServerInitializer* /*si*/) override {}
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}

 private:
  std::vector<std::string>* names_;
};

class ServiceNamesOption final : public grpc::ServerBuilderOption {
 public:
  explicit ServiceNamesOption(std::vector<std::string>* names) : names_(names) {}
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->push_back(std::make_unique<ServiceNamesPlugin>(names_));
  }

 private:
  std::vector<std::string>* names_;
};

// Connects to `host`:`port` and closes at once. Wakes an HTTP server blocked in poll().
void Poke(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
    return;
  }
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      continue;
    }
    const bool connected = connect(fd, a->ai_addr, a->ai_addrlen) == 0;
    close(fd);
    if (connected) {
      break;
    }
  }
  freeaddrinfo(found);
}

bool FileReadable(const std::string& path) { return access(path.c_str(), R_OK) == 0; }

// Host part of "host:port", "[v6]:port", "dns:host:port"; "" when malformed.
std::string HostOf(std::string_view address) {
  if (address.starts_with("dns:///")) {
    address.remove_prefix(7);
  } else if (address.starts_with("ipv4:") || address.starts_with("ipv6:")) {
    address.remove_prefix(5);
  }
  if (address.starts_with("[")) {
    const size_t close = address.find(']');
    if (close == std::string_view::npos) {
      return "";
    }
    return std::string(address.substr(1, close - 1));
  }
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) {
    return "";
  }
  return std::string(address.substr(0, colon));
}

bool IsLoopback(std::string_view address) {
  if (address.starts_with("unix:") || address.starts_with("unix-abstract:")) {
    return true;
  }
  const std::string host = HostOf(address);
  if (host == "localhost" || host == "::1") {
    return true;
  }
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6);
  }
  return false;
}

}  // namespace

absl::Status CheckListenPolicy(const ServerOptions& options) {
  const std::string& address = options.listen_address;
  if (address.empty()) {
    return absl::InvalidArgumentError("--listen is empty: give host:port or unix:/path");
  }
  const bool is_unix = address.starts_with("unix:") || address.starts_with("unix-abstract:");
  if (!is_unix && HostOf(address).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen=", address, " is not host:port, [ipv6]:port or unix:/path"));
  }
  const bool has_cert = !options.tls_cert_file.empty();
  const bool has_key = !options.tls_key_file.empty();
  if (has_cert != has_key) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key must be given together");
  }
  if (!options.tls_client_ca_file.empty() && !has_cert) {
    return absl::InvalidArgumentError("--tls_client_ca (mutual TLS) needs --tls_cert and --tls_key");
  }
  for (const auto& [flag, path] : {std::pair<const char*, const std::string&>{"--tls_cert", options.tls_cert_file},
                                   {"--tls_key", options.tls_key_file},
                                   {"--tls_client_ca", options.tls_client_ca_file}}) {
    if (!path.empty() && !FileReadable(path)) {
      return absl::InvalidArgumentError(absl::StrCat(flag, "=", path, ": file does not exist or is not readable"));
    }
  }
  if (!has_cert && !options.behind_mesh && !IsLoopback(address)) {
    return absl::InvalidArgumentError(
        absl::StrCat("refusing to listen on --listen=", address,
                     " without TLS: it is not a loopback address; give --tls_cert/--tls_key, listen on 127.0.0.1, ::1, "
                     "localhost or unix:, or pass --behind_mesh when a service mesh terminates TLS"));
  }
  // The metrics and health endpoints have neither TLS nor a token: loopback only, unless a mesh
  // fronts them or the operator says NetworkPolicies do (--remote_ops_endpoints).
  const bool remote_ops = options.behind_mesh || options.remote_ops_endpoints;
  for (const auto& [flag, ops_address] :
       {std::pair<const char*, const std::string&>{"--metrics_listen", options.metrics_address},
        {"--health_listen", options.health_address}}) {
    if (ops_address.empty()) {
      continue;
    }
    if (HostOf(ops_address).empty()) {
      return absl::InvalidArgumentError(absl::StrCat(flag, "=", ops_address, " is not host:port or [ipv6]:port"));
    }
    if (!remote_ops && !IsLoopback(ops_address)) {
      return absl::InvalidArgumentError(
          absl::StrCat("refusing to serve ", flag, "=", ops_address,
                       ": the endpoint has no TLS or token; listen on 127.0.0.1, ::1 or localhost, or pass "
                       "--remote_ops_endpoints when NetworkPolicies limit who reaches it (or --behind_mesh when "
                       "a service mesh fronts it)"));
    }
  }
  if (!options.health_address.empty() && options.health_address == address && !address.ends_with(":0")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--health_listen=", options.health_address, " must differ from --listen"));
  }
  return absl::OkStatus();
}

ServerRunner::ServerRunner(ServerOptions options, std::string service_name)
    : options_(std::move(options)),
      service_name_(std::move(service_name)),
      registry_(std::make_shared<prometheus::Registry>()),
      metrics_(std::make_unique<ServerMetrics>(*registry_)) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    wake_read_fd_ = fds[0];
    wake_write_fd_ = fds[1];
  } else {
    JsonLine().Add("level", "error").Add("msg", "pipe2 failed").Add("error", std::strerror(errno)).Write();
  }
}

ServerRunner::~ServerRunner() {
  if (server_ != nullptr && !stopped_) {
    Stop(nullptr);
  }
  if (wake_read_fd_ >= 0) {
    close(wake_read_fd_);
  }
  if (wake_write_fd_ >= 0) {
    close(wake_write_fd_);
  }
}

void ServerRunner::SetReadinessProbe(std::function<absl::Status()> probe) { probe_ = std::move(probe); }

void ServerRunner::AddService(grpc::Service* service) { services_.push_back(service); }

prometheus::Registry& ServerRunner::registry() { return *registry_; }

ServerMetrics& ServerRunner::metrics() { return *metrics_; }

int ServerRunner::metrics_port() const {
  if (exposer_ == nullptr) {
    return 0;
  }
  const std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

absl::Status ServerRunner::Start() {
  if (server_ != nullptr) {
    return absl::FailedPreconditionError("ServerRunner::Start called twice");
  }
  if (absl::Status policy = CheckListenPolicy(options_); !policy.ok()) {
    return policy;
  }

  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (!options_.tls_cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadFile(options_.tls_cert_file, "TLS certificate (--tls_cert)");
    absl::StatusOr<std::string> key = ReadFile(options_.tls_key_file, "TLS key (--tls_key)");
    if (!cert.ok()) {
      return cert.status();
    }
    if (!key.ok()) {
      return key.status();
    }
    grpc::SslServerCredentialsOptions ssl(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    if (!options_.tls_client_ca_file.empty()) {
      absl::StatusOr<std::string> ca = ReadFile(options_.tls_client_ca_file, "client CA bundle (--tls_client_ca)");
      if (!ca.ok()) {
        return ca.status();
      }
      ssl = grpc::SslServerCredentialsOptions(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
      ssl.pem_root_certs = *std::move(ca);
    }
    ssl.pem_key_cert_pairs.push_back({*std::move(key), *std::move(cert)});
    credentials = grpc::SslServerCredentials(ssl);
  } else {
    credentials = grpc::InsecureServerCredentials();
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int selected_port = 0;
  builder.AddListeningPort(options_.listen_address, credentials, &selected_port);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  // HTTP/2 limits. gRPC 1.51 predates the rapid-reset fix (CVE-2023-44487): the stream limit
  // bounds the work one connection can start; ping limits stop ping floods.
  // A port already taken is an error, not a second listener on it.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options_.max_concurrent_streams);
  // Header lists above this are refused by the HTTP/2 layer, before any token is looked at
  // (advertised to clients as SETTINGS_MAX_HEADER_LIST_SIZE).
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, options_.max_metadata_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, 30 * 60 * 1000);
  builder.SetOption(std::make_unique<ServiceNamesOption>(&health_names_));
  for (grpc::Service* service : services_) {
    builder.RegisterService(service);
  }
  server_ = builder.BuildAndStart();
  if (server_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot listen on --listen=", options_.listen_address));
  }
  const bool is_unix = options_.listen_address.starts_with("unix");
  if (!is_unix && selected_port == 0) {
    server_->Shutdown();
    server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on --listen=", options_.listen_address));
  }
  port_ = is_unix ? 0 : selected_port;

  if (!options_.metrics_address.empty()) {
    try {
      exposer_ = std::make_unique<prometheus::Exposer>(options_.metrics_address);
    } catch (const std::exception& e) {
      server_->Shutdown();
      server_.reset();
      return absl::UnavailableError(
          absl::StrCat("cannot serve metrics on --metrics_listen=", options_.metrics_address, ": ", e.what()));
    }
    exposer_->RegisterCollectable(registry_);
  }

  if (absl::Status health = StartHealthServer(); !health.ok()) {
    StopExposer();
    server_->Shutdown();
    server_.reset();
    return health;
  }

  // Drop grpc.* services (health, reflection): their health entries are not ours to set.
  std::vector<std::string> names = {""};
  for (const std::string& name : health_names_) {
    if (!name.starts_with("grpc.")) {
      names.push_back(name);
    }
  }
  health_names_ = std::move(names);

  // Liveness answers SERVING until shutdown; readiness starts from a first probe, then the
  // watcher keeps it current.
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server != nullptr && server->GetHealthCheckService() != nullptr) {
      server->GetHealthCheckService()->SetServingStatus(std::string(kLivenessHealthName), true);
    }
  }
  SetHealth(probe_ == nullptr || probe_().ok());
  {
    absl::MutexLock lock(&mu_);
    stop_watcher_ = false;
  }
  watcher_ = std::thread([this] { WatchReadiness(); });
  JsonLine()
      .Add("level", "info")
      .Add("service", service_name_)
      .Add("msg", "listening")
      .Add("address", options_.listen_address)
      .Add("port", port_)
      .Add("transport", options_.tls_cert_file.empty()        ? "plaintext"
                        : options_.tls_client_ca_file.empty() ? "TLS"
                                                              : "mutual TLS")
      .Write();
  return absl::OkStatus();
}

absl::Status ServerRunner::StartHealthServer() {
  if (options_.health_address.empty()) {
    return absl::OkStatus();
  }
  // No service of ours is registered: the default health service (enabled in Start) is all it
  // serves, besides reflection, which the process-wide plugin adds to every server. Small limits:
  // a probe needs a few hundred bytes.
  grpc::ServerBuilder builder;
  int selected_port = 0;
  builder.AddListeningPort(options_.health_address, grpc::InsecureServerCredentials(), &selected_port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(4 * 1024);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 8);
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 8 * 1024);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, 5 * 60 * 1000);
  health_server_ = builder.BuildAndStart();
  if (health_server_ == nullptr || selected_port == 0) {
    if (health_server_ != nullptr) {
      health_server_->Shutdown();
      health_server_.reset();
    }
    return absl::UnavailableError(absl::StrCat("cannot listen on --health_listen=", options_.health_address));
  }
  health_port_ = selected_port;
  return absl::OkStatus();
}

void ServerRunner::SetHealth(bool serving) {
  metrics_->SetServing(serving);
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    grpc::HealthCheckServiceInterface* health = server == nullptr ? nullptr : server->GetHealthCheckService();
    if (health == nullptr) {
      continue;
    }
    for (const std::string& name : health_names_) {
      health->SetServingStatus(name, serving);
    }
  }
}

void ServerRunner::WatchReadiness() {
  bool last_serving = true;
  bool first = true;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      const absl::Time until = absl::Now() + absl::FromChrono(options_.readiness_interval);
      while (!stop_watcher_) {
        if (watcher_cv_.WaitWithDeadline(&mu_, until)) {
          break;  // timed out
        }
      }
      if (stop_watcher_) {
        return;
      }
    }
    absl::Status ready = absl::OkStatus();
    if (probe_ != nullptr) {
      try {
        ready = probe_();
      } catch (const std::exception& e) {
        ready = absl::InternalError(e.what());
      }
    }
    {
      // Re-check under the lock: no SERVING may be published once Stop() began.
      absl::MutexLock lock(&mu_);
      if (stop_watcher_) {
        return;
      }
      SetHealth(ready.ok());
    }
    if (first || ready.ok() != last_serving) {
      if (!ready.ok()) {
        JsonLine()
            .Add("level", "warning")
            .Add("service", service_name_)
            .Add("msg", "NOT_SERVING: readiness probe failed")
            .Add("error", ready)
            .Write();
      } else if (!first) {
        JsonLine().Add("level", "info").Add("service", service_name_).Add("msg", "SERVING again").Write();
      }
    }
    first = false;
    last_serving = ready.ok();
  }
}

void ServerRunner::RequestShutdown() {
  if (wake_write_fd_ >= 0) {
    const char byte = 'q';
    [[maybe_unused]] ssize_t n = write(wake_write_fd_, &byte, 1);
  }
}

void ServerRunner::Wait(std::function<void()> before_drain) {
  if (server_ == nullptr || stopped_) {
    return;
  }
  struct sigaction action {};
  action.sa_handler = WakeOnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  struct sigaction old_term {};
  struct sigaction old_int {};
  signal_wake_fd.store(wake_write_fd_);
  sigaction(SIGTERM, &action, &old_term);
  sigaction(SIGINT, &action, &old_int);

  for (;;) {
    pollfd pfd{wake_read_fd_, POLLIN, 0};
    const int ready = poll(&pfd, 1, -1);
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready < 0) {
      JsonLine().Add("level", "error").Add("msg", "poll failed").Add("error", std::strerror(errno)).Write();
      break;
    }
    char byte = 0;
    if (read(wake_read_fd_, &byte, 1) == 1) {
      JsonLine()
          .Add("level", "info")
          .Add("service", service_name_)
          .Add("msg", byte == 's' ? "signal received, shutting down" : "shutdown requested, shutting down")
          .Write();
      break;
    }
  }

  sigaction(SIGTERM, &old_term, nullptr);
  sigaction(SIGINT, &old_int, nullptr);
  int expected = wake_write_fd_;
  signal_wake_fd.compare_exchange_strong(expected, -1);

  Stop(before_drain);
}

void ServerRunner::StopExposer() {
  if (exposer_ == nullptr) {
    return;
  }
  // civetweb's listener polls with a 2 s timeout before it notices the stop flag; connections
  // wake it, so poke it until the exposer is gone.
  std::string host = HostOf(options_.metrics_address);
  if (host.empty() || host == "0.0.0.0" || host == "::") {
    host = "127.0.0.1";
  }
  const int port = metrics_port();
  std::atomic<bool> stopped{false};
  std::thread poker([&stopped, &host, port] {
    while (!stopped.load()) {
      Poke(host, port);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  exposer_.reset();
  stopped.store(true);
  poker.join();
}

void ServerRunner::Stop(const std::function<void()>& before_drain) {
  stopped_ = true;
  {
    absl::MutexLock lock(&mu_);
    stop_watcher_ = true;
    watcher_cv_.SignalAll();
    SetHealth(false);
  }
  if (watcher_.joinable()) {
    watcher_.join();
  }
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    grpc::HealthCheckServiceInterface* health = server == nullptr ? nullptr : server->GetHealthCheckService();
    if (health != nullptr) {
      health->Shutdown();  // NOT_SERVING for every name, liveness too; later updates are ignored
    }
  }
  if (before_drain != nullptr) {
    before_drain();
  }
  server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
  server_->Wait();
  if (health_server_ != nullptr) {
    // Probes kept answering NOT_SERVING during the drain; now the process is about to exit.
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
  }
  StopExposer();
  JsonLine().Add("level", "info").Add("service", service_name_).Add("msg", "stopped").Write();
}

}  // namespace skillbridge

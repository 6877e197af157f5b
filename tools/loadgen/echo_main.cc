// skillbridge-echo: the baseline of the benchmarks — skillbridge.echo.v1.EchoService served by
// the same ServerRunner as every service (same flags: --listen, --workers, --max_queue, stream
// limits, health, reflection, metrics).
//   --runtime=on   through ServiceRuntime, as the services are: bearer-token authentication,
//                  permission table, hand-off to the bounded executor, status conversion,
//                  metrics, one JSON log line per call on stderr (needs --auth_config);
//   --runtime=off  a plain callback handler answering on the reactor thread: the limit of a
//                  unary RPC on this machine.

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/permissions.h"
#include "common/auth/principal.h"
#include "common/server/metrics.h"
#include "common/server/server_runner.h"
#include "common/server/service_runtime.h"
#include "common/store/clock.h"
#include "common/util/program_usage.h"
#include "skillbridge/echo/v1/echo.grpc.pb.h"

ABSL_FLAG(std::string, runtime, "on", "on: through ServiceRuntime; off: plain callback handler");
ABSL_FLAG(std::string, auth_config, "",
          "bearer-token file (text-format skillbridge.config.v1.AuthConfig); --runtime=on");

namespace {

using skillbridge::echo::v1::EchoRequest;
using skillbridge::echo::v1::EchoResponse;
using skillbridge::echo::v1::EchoService;

class BareEcho final : public EchoService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const EchoRequest* request,
                                 EchoResponse* response) override {
    response->set_payload(request->payload());
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

class RuntimeEcho final : public EchoService::CallbackService {
 public:
  explicit RuntimeEcho(skillbridge::ServiceRuntime& runtime) : runtime_(runtime) {}
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const EchoRequest* request,
                                 EchoResponse* response) override {
    return runtime_.Handle(context, request, response, "Echo",
                           [](const skillbridge::CallContext&, const EchoRequest& in, EchoResponse* out) {
                             out->set_payload(in.payload());
                             return absl::OkStatus();
                           });
  }

 private:
  skillbridge::ServiceRuntime& runtime_;
};

int Main() {
  const std::string mode = absl::GetFlag(FLAGS_runtime);
  if (mode != "on" && mode != "off") {
    std::cerr << "--runtime must be on or off\n";
    return 2;
  }
  const skillbridge::ServerOptions server_options = skillbridge::ServerOptionsFromFlags();
  skillbridge::ServerRunner runner(server_options, "echo");
  skillbridge::SystemClock clock;
  std::unique_ptr<skillbridge::ServiceRuntime> runtime;
  std::unique_ptr<grpc::Service> service;
  if (mode == "on") {
    if (absl::GetFlag(FLAGS_auth_config).empty()) {
      std::cerr << "--runtime=on needs --auth_config\n";
      return 2;
    }
    auto auth = skillbridge::TokenAuthenticator::LoadFromFile(absl::GetFlag(FLAGS_auth_config));
    if (!auth.ok()) {
      std::cerr << "echo: " << auth.status() << "\n";
      return 1;
    }
    using skillbridge::common::v1::Role;
    // A read, like VerifyCertificate: every role may call it, nothing is audited.
    skillbridge::PermissionTable permissions(
        {skillbridge::MethodPermission{"Echo",
                                       {Role::ROLE_ADMIN, Role::ROLE_DISTRICT_OFFICER, Role::ROLE_INSTITUTION,
                                        Role::ROLE_VERIFIER, Role::ROLE_VIEWER, Role::ROLE_SERVICE},
                                       skillbridge::MethodKind::kRead}});
    skillbridge::RuntimeOptions options;
    options.service_name = "echo";
    options.grpc_service = EchoService::service_full_name();
    options.worker_threads = server_options.worker_threads;
    options.max_queue = server_options.max_queue;
    options.long_poll_threads = server_options.long_poll_threads;
    runtime = std::make_unique<skillbridge::ServiceRuntime>(options, std::move(*auth), std::move(permissions), &clock,
                                                            &runner.metrics(), /*audit=*/nullptr);
    service = std::make_unique<RuntimeEcho>(*runtime);
  } else {
    service = std::make_unique<BareEcho>();
  }
  runner.AddService(service.get());
  if (absl::Status started = runner.Start(); !started.ok()) {
    std::cerr << "echo: cannot listen: " << started << "\n";
    return 1;
  }
  std::cerr << "{\"level\":\"info\",\"msg\":\"echo serving\",\"runtime\":\"" << mode << "\",\"port\":" << runner.port()
            << ",\"metrics_port\":" << runner.metrics_port() << "}\n";
  skillbridge::ServiceRuntime* runtime_ptr = runtime.get();
  runner.Wait([runtime_ptr] {
    if (runtime_ptr != nullptr) {
      runtime_ptr->Shutdown();
    }
  });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage("skillbridge echo server (benchmark baseline)");
  absl::ParseCommandLine(argc, argv);
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);  // as the services (run_service.cc)
  return Main();
}

#include "common/server/run_service.h"

#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/util/concat.h"
#include "common/util/json_line.h"
#include "common/util/program_usage.h"
#include "common/validation/citizen_id.h"
#include "google/protobuf/stubs/logging.h"

namespace skillbridge {
namespace {

// Protobuf's own warnings and errors (e.g. a string field holding invalid UTF-8 on parse) as JSON
// lines like every other line the service writes, ID numbers masked.
void ProtobufLogLine(google::protobuf::LogLevel level, const char* filename, int line, const std::string& message) {
  const char* name = level >= google::protobuf::LOGLEVEL_ERROR     ? "error"
                     : level == google::protobuf::LOGLEVEL_WARNING ? "warning"
                                                                   : "info";
  JsonLine()
      .Add("level", name)
      .Add("msg", "protobuf")
      .Add("error", MaskIdNumbersInText(message))
      .Add("at", absl::StrCat(filename, ":", line))
      .Write();
}

}  // namespace

int RunService(std::string_view service_name, std::string_view description, int argc, char** argv,
               const ServerFactory& create) {
  SetProgramUsage(description);
  absl::ParseCommandLine(argc, argv);
  // Lock-order (deadlock) detection is a debugging aid; in a serving process it cost ~3 % of
  // IssueCertificate's CPU (absl GraphCycles in the profile). The tests keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  google::protobuf::SetLogHandler(&ProtobufLogLine);
  ServiceConfig config = ServiceConfigFromFlags(service_name);
  if (config.auth_config_path.empty()) {
    JsonLine().Add("level", "error").Add("service", service_name).Add("msg", "--auth_config is required").Write();
    return 2;
  }
  absl::StatusOr<std::unique_ptr<RunnableServer>> server = create(std::move(config));
  if (!server.ok()) {
    JsonLine()
        .Add("level", "error")
        .Add("service", service_name)
        .Add("msg", "cannot start")
        .Add("code", absl::StatusCodeToString(server.status().code()))
        .Add("error", server.status())
        .Write();
    return 1;
  }
  if (absl::Status started = (*server)->Start(); !started.ok()) {
    JsonLine()
        .Add("level", "error")
        .Add("service", service_name)
        .Add("msg", "cannot listen")
        .Add("code", absl::StatusCodeToString(started.code()))
        .Add("error", started)
        .Write();
    return 1;
  }
  JsonLine line;
  line.Add("level", "info")
      .Add("msg", Concat(service_name, " serving"))
      .Add("port", (*server)->port())
      .Add("metrics_port", (*server)->metrics_port());
  if ((*server)->http_port() != 0) {
    line.Add("http_port", (*server)->http_port());
  }
  line.Write();
  (*server)->Wait();
  return 0;
}

}  // namespace skillbridge

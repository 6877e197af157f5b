// `skillbridge call` (any unary RPC, JSON in and out) and `skillbridge verify` (VerifyCertificate
// from three flags).

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "common/server/grpc_status.h"
#include "common/util/concat.h"
#include "tools/cli/commands/command.h"
#include "tools/cli/connection.h"
#include "tools/cli/generic_call.h"

ABSL_FLAG(std::string, number, "", "verify: certificate number / 证书编号");
ABSL_FLAG(std::string, name, "", "verify: holder's name / 姓名");
ABSL_FLAG(std::string, id_number, "", "verify: holder's citizen ID number / 身份证号");

namespace skillbridge::cli {
namespace {

int Call(const std::string& method, const std::string& json) {
  absl::StatusOr<std::string> resolved = ResolveMethod(method);
  if (!resolved.ok()) {
    return UsageError(resolved.status());
  }
  absl::StatusOr<Connection> connection = Connect(method.substr(0, method.find('/')));
  if (!connection.ok()) {
    return UsageError(connection.status());
  }
  CallOptions options;
  options.token = connection->token;
  options.timeout = connection->timeout;
  absl::StatusOr<CallResult> result = CallJson(connection->channel, method, json, options);
  if (!result.ok()) {
    return UsageError(result.status());
  }
  if (result->code != grpc::StatusCode::OK) {
    std::cerr << GrpcCodeName(result->code) << ": " << result->message << "\n";
    if (!result->details_json.empty()) {
      std::cerr << result->details_json << "\n";
    }
    return kExitRefused;
  }
  std::cout << result->response_json << "\n";
  return kExitOk;
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

}  // namespace

int UsageError(std::string_view message) {
  std::cerr << "skillbridge: " << message << "\n";
  return kExitUsage;
}

int UsageError(const absl::Status& status) {
  return UsageError(std::string_view(status.message().data(), status.message().size()));
}

int RunCall(const std::vector<std::string>& args) {
  if (args.empty() || args.size() > 2) {
    return UsageError("usage: skillbridge call <service>/<Method> '<request JSON>'");
  }
  return Call(args[0], args.size() == 2 ? args[1] : "{}");
}

int RunVerify(const std::vector<std::string>& args) {
  if (!args.empty()) {
    return UsageError("usage: skillbridge verify --number=... --name=... --id_number=...");
  }
  for (const auto& [flag, value] : {std::pair<const char*, std::string>{"--number", absl::GetFlag(FLAGS_number)},
                                    {"--name", absl::GetFlag(FLAGS_name)},
                                    {"--id_number", absl::GetFlag(FLAGS_id_number)}}) {
    if (value.empty()) {
      return UsageError(Concat("verify needs ", flag));
    }
  }
  return Call("evaluation/VerifyCertificate",
              Concat("{\"number\": ", JsonString(absl::GetFlag(FLAGS_number)),
                     ", \"name\": ", JsonString(absl::GetFlag(FLAGS_name)),
                     ", \"id_number\": ", JsonString(absl::GetFlag(FLAGS_id_number)), "}"));
}

}  // namespace skillbridge::cli

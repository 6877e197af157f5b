// skillbridge: the command-line tool for the bureau's data exchange over the public gRPC APIs.
// So far its `call` and `verify` subcommands; see --help.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/ascii.h"
#include "common/server/client_channel.h"
#include "common/util/concat.h"
#include "common/util/program_usage.h"
#include "tools/cli/generic_call.h"

ABSL_FLAG(std::string, address, "",
          "service address host:port (default: the service's port on 127.0.0.1 as scripts/up.sh starts it) / "
          "服务地址");
ABSL_FLAG(std::string, token_file, "",
          "file whose first line is the bearer token (default: the environment variable SKILLBRIDGE_TOKEN; "
          "never a flag value) / 令牌文件");
ABSL_FLAG(int, timeout_ms, 10000, "deadline of the call / 超时（毫秒）");
ABSL_FLAG(std::string, tls_ca, "", "CA bundle that verifies the service's certificate (empty = plaintext) / CA 证书");
ABSL_FLAG(std::string, tls_cert, "", "client certificate for mutual TLS / 客户端证书");
ABSL_FLAG(std::string, tls_key, "", "client key for mutual TLS / 客户端私钥");
ABSL_FLAG(std::string, tls_server_name, "",
          "name expected in the service's certificate (default: the host) / 证书名称");
ABSL_FLAG(std::string, number, "", "verify: certificate number / 证书编号");
ABSL_FLAG(std::string, name, "", "verify: holder's name / 姓名");
ABSL_FLAG(std::string, id_number, "", "verify: holder's citizen ID number / 身份证号");

namespace {

constexpr char kUsage[] =
    "skillbridge: calls the skillbridge services from the command line / 从命令行调用 skillbridge 服务\n"
    "\n"
    "  skillbridge call <service>/<Method> '<request JSON>'   one call; the response as JSON\n"
    "                                                         调用一个接口，请求与应答均为 JSON\n"
    "  skillbridge verify --number=<证书编号> --name=<姓名> --id_number=<身份证号>\n"
    "                                                         verify a certificate / 核验证书\n"
    "\n"
    "Services / 服务: evaluation training competition incentive education aggregator (or the full name,\n"
    "e.g. skillbridge.evaluation.v1.EvaluationService; health = grpc.health.v1.Health with --address).\n"
    "Token / 令牌: --token_file=<file> or SKILLBRIDGE_TOKEN. Exit status / 退出码: 0 OK, 1 the service\n"
    "refused the call (its code, message and details on stderr), 2 bad usage or input.\n"
    "\n"
    "Example / 示例:\n"
    "  SKILLBRIDGE_TOKEN=... skillbridge call evaluation/GetEvaluationStats '{\"year\": 2023}'";

// The port scripts/up.sh gives each service.
std::string DefaultAddress(const std::string& method) {
  const std::string service = method.substr(0, method.find('/'));
  const std::vector<std::pair<std::string, int>> ports = {{"evaluation", 50051},  {"training", 50052},
                                                          {"competition", 50053}, {"incentive", 50054},
                                                          {"education", 50055},   {"aggregator", 50060}};
  for (const auto& [name, port] : ports) {
    if (service == name ||
        service == skillbridge::Concat("skillbridge.", name, ".v1.", absl::AsciiStrToUpper(name.substr(0, 1)),
                                       name.substr(1), "Service")) {
      return skillbridge::Concat("127.0.0.1:", port);
    }
  }
  return "";
}

int Fail(const std::string& message) {
  std::cerr << "skillbridge: " << message << "\n";
  return 2;
}

// The token from --token_file or SKILLBRIDGE_TOKEN; empty when neither is set.
bool ReadToken(std::string* token, std::string* error) {
  const std::string file = absl::GetFlag(FLAGS_token_file);
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in || !std::getline(in, *token)) {
      *error = skillbridge::Concat("cannot read the token from --token_file=", file);
      return false;
    }
    *token = std::string(absl::StripAsciiWhitespace(*token));
    return true;
  }
  if (const char* env = std::getenv("SKILLBRIDGE_TOKEN"); env != nullptr) {
    *token = env;
  }
  return true;
}

int Call(const std::string& method, const std::string& json) {
  absl::StatusOr<std::string> resolved = skillbridge::cli::ResolveMethod(method);
  if (!resolved.ok()) {
    return Fail(std::string(resolved.status().message()));
  }
  std::string address = absl::GetFlag(FLAGS_address);
  if (address.empty()) {
    address = DefaultAddress(method);
  }
  if (address.empty()) {
    return Fail(skillbridge::Concat("give --address for ", method));
  }
  std::string token;
  std::string error;
  if (!ReadToken(&token, &error)) {
    return Fail(error);
  }
  skillbridge::ClientChannelOptions channel_options;
  channel_options.address = address;
  channel_options.tls_ca_file = absl::GetFlag(FLAGS_tls_ca);
  channel_options.tls_client_cert_file = absl::GetFlag(FLAGS_tls_cert);
  channel_options.tls_client_key_file = absl::GetFlag(FLAGS_tls_key);
  channel_options.tls_server_name = absl::GetFlag(FLAGS_tls_server_name);
  channel_options.flags = {"--address", "--tls_ca", "--tls_cert", "--tls_key", "--tls_server_name"};
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = skillbridge::MakeClientChannel(channel_options, "service");
  if (!channel.ok()) {
    return Fail(std::string(channel.status().message()));
  }
  skillbridge::cli::CallOptions options;
  options.token = token;
  options.timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  absl::StatusOr<skillbridge::cli::CallResult> result = skillbridge::cli::CallJson(*channel, method, json, options);
  if (!result.ok()) {
    return Fail(std::string(result.status().message()));
  }
  if (result->code != grpc::StatusCode::OK) {
    std::cerr << skillbridge::cli::StatusCodeName(result->code) << ": " << result->message << "\n";
    if (!result->details_json.empty()) {
      std::cerr << result->details_json << "\n";
    }
    return 1;
  }
  std::cout << result->response_json << "\n";
  return 0;
}

// verify: VerifyCertificate with the three flags, JSON-escaped.
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

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage(kUsage);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) {
    return Fail("give a subcommand: call or verify (see --help / 用法见 --help)");
  }
  const std::string command = args[1];
  if (command == "call") {
    if (args.size() < 3 || args.size() > 4) {
      return Fail("usage: skillbridge call <service>/<Method> '<request JSON>'");
    }
    return Call(args[2], args.size() == 4 ? args[3] : "{}");
  }
  if (command == "verify") {
    if (args.size() != 2) {
      return Fail("usage: skillbridge verify --number=... --name=... --id_number=...");
    }
    for (const auto& [flag, value] : {std::pair<const char*, std::string>{"--number", absl::GetFlag(FLAGS_number)},
                                      {"--name", absl::GetFlag(FLAGS_name)},
                                      {"--id_number", absl::GetFlag(FLAGS_id_number)}}) {
      if (value.empty()) {
        return Fail(skillbridge::Concat("verify needs ", flag));
      }
    }
    return Call("evaluation/VerifyCertificate",
                skillbridge::Concat("{\"number\": ", JsonString(absl::GetFlag(FLAGS_number)),
                                    ", \"name\": ", JsonString(absl::GetFlag(FLAGS_name)),
                                    ", \"id_number\": ", JsonString(absl::GetFlag(FLAGS_id_number)), "}"));
  }
  return Fail(skillbridge::Concat("unknown subcommand '", command, "' (call, verify; see --help)"));
}

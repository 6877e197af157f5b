// The `skillbridge` tool's connection flags and Connect (connection.h).

#include "tools/cli/connection.h"

#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "common/server/client_channel.h"
#include "common/util/concat.h"
#include "common/util/files.h"

ABSL_FLAG(std::string, address, "",
          "service address host:port (default: the service's port on 127.0.0.1 as scripts/up.sh starts it) / "
          "服务地址");
ABSL_FLAG(std::string, token_file, "",
          "file whose first line is the bearer token (default: the environment variable SKILLBRIDGE_TOKEN; "
          "never a flag value) / 令牌文件");
ABSL_FLAG(int, timeout_ms, 10000, "deadline of each call / 每次调用的超时（毫秒）");
ABSL_FLAG(std::string, tls_ca, "", "CA bundle that verifies the service's certificate (empty = plaintext) / CA 证书");
ABSL_FLAG(std::string, tls_cert, "", "client certificate for mutual TLS / 客户端证书");
ABSL_FLAG(std::string, tls_key, "", "client key for mutual TLS / 客户端私钥");
ABSL_FLAG(std::string, tls_server_name, "",
          "name expected in the service's certificate (default: the host) / 证书名称");

namespace skillbridge::cli {

std::string DefaultAddress(std::string_view service) {
  const std::pair<std::string_view, int> ports[] = {{"evaluation", 50051}, {"training", 50052},  {"competition", 50053},
                                                    {"incentive", 50054},  {"education", 50055}, {"aggregator", 50060}};
  for (const auto& [name, port] : ports) {
    const std::string full = Concat("skillbridge.", name, ".v1.", absl::AsciiStrToUpper(std::string(name.substr(0, 1))),
                                    name.substr(1), "Service");
    if (service == name || service == full) {
      return Concat("127.0.0.1:", port);
    }
  }
  return "";
}

std::unique_ptr<grpc::ClientContext> Connection::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  if (!token.empty()) {
    context->AddMetadata("authorization", Concat("Bearer ", token));
  }
  return context;
}

absl::StatusOr<Connection> Connect(std::string_view service) {
  Connection connection;
  std::string address = absl::GetFlag(FLAGS_address);
  if (address.empty()) {
    address = DefaultAddress(service);
  }
  if (address.empty()) {
    return absl::InvalidArgumentError(Concat("give --address for ", service));
  }
  if (const std::string file = absl::GetFlag(FLAGS_token_file); !file.empty()) {
    absl::StatusOr<std::string> token = ReadFirstLine(file, "token file (--token_file)");
    if (!token.ok()) {
      return token.status();
    }
    connection.token = *std::move(token);
  } else if (const char* env = std::getenv("SKILLBRIDGE_TOKEN"); env != nullptr) {
    connection.token = env;
  }
  ClientChannelOptions options;
  options.address = address;
  options.tls_ca_file = absl::GetFlag(FLAGS_tls_ca);
  options.tls_client_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_client_key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls_server_name = absl::GetFlag(FLAGS_tls_server_name);
  options.flags = {"--address", "--tls_ca", "--tls_cert", "--tls_key", "--tls_server_name"};
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeClientChannel(options, "service");
  if (!channel.ok()) {
    return channel.status();
  }
  connection.channel = *std::move(channel);
  connection.timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  return connection;
}

}  // namespace skillbridge::cli

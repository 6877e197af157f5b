#include "common/server/client_channel.h"

#include "common/util/concat.h"
#include "common/util/files.h"

namespace skillbridge {

namespace {

std::string FlagOr(const std::string& flag, std::string_view peer_name, std::string_view suffix) {
  return flag.empty() ? Concat("--", peer_name, "_", suffix) : flag;
}

// The whole file; NOT_FOUND when it cannot be read, INVALID_ARGUMENT when it holds no PEM block
// (an empty CA bundle would make the TLS library fall back to the system roots).
absl::StatusOr<std::string> ReadPem(const std::string& path, std::string_view what, std::string_view flag) {
  absl::StatusOr<std::string> text = ReadFile(path, Concat(what, " file (", flag, ")"));
  if (!text.ok()) {
    return text.status();
  }
  if (text->find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(Concat("the ", what, " file ", path, " (", flag, ") holds no PEM block"));
  }
  return text;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeClientChannel(const ClientChannelOptions& options,
                                                                 std::string_view peer_name) {
  const std::string address_flag = FlagOr(options.flags.address, peer_name, "address");
  const std::string ca_flag = FlagOr(options.flags.tls_ca, peer_name, "tls_ca");
  const std::string cert_flag = FlagOr(options.flags.tls_cert, peer_name, "tls_cert");
  const std::string key_flag = FlagOr(options.flags.tls_key, peer_name, "tls_key");
  const std::string name_flag = FlagOr(options.flags.tls_server_name, peer_name, "tls_server_name");

  if (options.address.empty()) {
    return absl::InvalidArgumentError(Concat("the ", peer_name, " service address is required (", address_flag, ")"));
  }
  const bool has_cert = !options.tls_client_cert_file.empty();
  const bool has_key = !options.tls_client_key_file.empty();
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls_ca_file.empty()) {
    if (has_cert || has_key) {
      return absl::InvalidArgumentError(
          Concat("a client certificate for ", peer_name, " (", cert_flag, ", ", key_flag, ") needs ", ca_flag, " too"));
    }
    if (!options.tls_server_name.empty()) {
      return absl::InvalidArgumentError(
          Concat(name_flag, " needs ", ca_flag, ": without a CA the channel to ", peer_name, " is plaintext"));
    }
    credentials = grpc::InsecureChannelCredentials();
  } else {
    if (has_cert != has_key) {
      return absl::InvalidArgumentError(
          Concat("the ", peer_name, " client certificate and key come together (", cert_flag, " and ", key_flag, ")"));
    }
    grpc::SslCredentialsOptions ssl;
    auto ca = ReadPem(options.tls_ca_file, Concat(peer_name, " TLS CA"), ca_flag);
    if (!ca.ok()) {
      return ca.status();
    }
    ssl.pem_root_certs = std::move(*ca);
    if (has_cert) {
      auto cert = ReadPem(options.tls_client_cert_file, Concat(peer_name, " client certificate"), cert_flag);
      if (!cert.ok()) {
        return cert.status();
      }
      auto key = ReadPem(options.tls_client_key_file, Concat(peer_name, " client key"), key_flag);
      if (!key.ok()) {
        return key.status();
      }
      ssl.pem_cert_chain = std::move(*cert);
      ssl.pem_private_key = std::move(*key);
    }
    credentials = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments args;
  if (!options.tls_server_name.empty()) {
    args.SetSslTargetNameOverride(options.tls_server_name);
  }
  // Reconnect quickly once the peer is back.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(options.address, credentials, args);
}

}  // namespace skillbridge

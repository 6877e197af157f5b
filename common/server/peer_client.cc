#include "common/server/peer_client.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "common/server/client_channel.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/util/files.h"
#include "common/validation/citizen_id.h"

namespace skillbridge {

absl::StatusOr<std::string> ReadServiceToken(const std::string& path, std::string_view flag) {
  if (path.empty()) {
    return absl::InvalidArgumentError(Concat("a SERVICE token file is required (", flag, ")"));
  }
  return ReadFirstLine(path, Concat("service token file (", flag, ")"));
}

absl::StatusOr<PeerConnection> ConnectPeer(const PeerOptions& options, std::string_view peer_name) {
  if (options.address.empty()) {
    return absl::InvalidArgumentError(
        Concat("the ", peer_name, " service address is required (--", peer_name, "_address)"));
  }
  if (options.timeout <= std::chrono::milliseconds(0)) {
    return absl::InvalidArgumentError(
        Concat("the ", peer_name, " timeout must be positive (--", peer_name, "_timeout_ms)"));
  }
  absl::StatusOr<std::string> token = ReadServiceToken(options.token_file, Concat("--", peer_name, "_token_file"));
  if (!token.ok()) {
    return token.status();
  }
  ClientChannelOptions channel_options;
  channel_options.address = options.address;
  channel_options.tls_ca_file = options.tls_ca_file;
  channel_options.tls_client_cert_file = options.tls_client_cert_file;
  channel_options.tls_client_key_file = options.tls_client_key_file;
  channel_options.tls_server_name = options.tls_server_name;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeClientChannel(channel_options, peer_name);
  if (!channel.ok()) {
    return channel.status();
  }
  return PeerConnection{std::move(*channel), std::move(*token), options.timeout};
}

absl::Status PrepareOutgoingCall(grpc::ClientContext& context, std::string_view token, absl::Duration timeout,
                                 absl::Time caller_deadline, absl::Duration margin) {
  const absl::Time now = absl::Now();
  absl::Time until = now + timeout;
  if (caller_deadline != absl::InfiniteFuture()) {
    until = std::min(until, caller_deadline - margin);
  }
  if (until <= now) {
    return absl::DeadlineExceededError("no time is left before the caller's deadline");
  }
  context.set_deadline(absl::ToChronoTime(until));
  context.AddMetadata("authorization", Concat("Bearer ", token));
  return absl::OkStatus();
}

std::string DescribePeerAnswer(const absl::Status& answer) {
  const std::string reason = ReasonOf(answer);
  return MaskIdNumbersInText(Concat(absl::StatusCodeToString(answer.code()),
                                    reason.empty() ? std::string() : Concat(" ", reason), ": ",
                                    std::string(answer.message())));
}

absl::Status RetryablePeerError(const absl::Status& answer, std::string_view peer, std::string_view call,
                                std::string_view reason) {
  absl::StatusCode code = absl::StatusCode::kUnavailable;
  switch (answer.code()) {
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
      code = answer.code();
      break;
    default:
      break;
  }
  return ErrorWithReason(
      code, reason, Concat(peer, " could not answer ", call, " now (", DescribePeerAnswer(answer), "); retry later"));
}

}  // namespace skillbridge

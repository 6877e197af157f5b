#pragma once
// Principals and bearer-token authentication. Tokens map to principals through a protobuf
// text-format file (skillbridge.config.v1.AuthConfig) that stores only SHA-256 hashes.
// TokenAuthenticator is immutable after loading: thread-safe.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "skillbridge/common/v1/audit.pb.h"
#include "skillbridge/config/v1/auth.pb.h"

namespace skillbridge {

struct Principal {
  std::string name;
  common::v1::Role role = common::v1::ROLE_UNSPECIFIED;
  std::string district_code;  // DISTRICT_OFFICER
  std::string credit_code;    // INSTITUTION
};

// Lower-case hex SHA-256 of `text`.
std::string Sha256Hex(std::string_view text);

// "ADMIN", "DISTRICT_OFFICER", ... (the enum name without ROLE_).
std::string_view RoleName(common::v1::Role role);

class TokenAuthenticator final {
 public:
  // Validates every entry (name set, role set, hash is 64 hex chars (upper case accepted and
  // lowered), district code present and well-formed for DISTRICT_OFFICER and absent otherwise,
  // credit code present and valid for INSTITUTION and absent otherwise, no duplicate hashes, at
  // least one entry). Errors are INVALID_ARGUMENT (reason BAD_AUTH_CONFIG) naming the entry,
  // e.g. "principals[2] (\"district-shinan\"): ...". A name may appear on several entries
  // (token rotation).
  static absl::StatusOr<std::shared_ptr<const TokenAuthenticator>> FromConfig(const config::v1::AuthConfig& config);
  // Reads the text-format file; parse errors name "<path>:<line>:<column>". NOT_FOUND (reason
  // AUTH_CONFIG_MISSING) when it cannot be read.
  static absl::StatusOr<std::shared_ptr<const TokenAuthenticator>> LoadFromFile(const std::string& path);

  // `authorization` is the metadata value, "Bearer <token>" (scheme case-insensitive, surrounding
  // spaces ignored). UNAUTHENTICATED when missing (reason MISSING_TOKEN), malformed (reason
  // MALFORMED_TOKEN) or unknown (reason UNKNOWN_TOKEN); the message never echoes the token.
  absl::StatusOr<Principal> Authenticate(std::string_view authorization) const;

 private:
  std::map<std::string, Principal, std::less<>> by_hash_;
};

}  // namespace skillbridge

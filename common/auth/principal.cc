#include "common/auth/principal.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include <openssl/evp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"
#include "common/util/files.h"
#include "common/validation/codes.h"
#include "common/validation/credit_code.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace skillbridge {
namespace {

constexpr std::string_view kBadConfig = "BAD_AUTH_CONFIG";

absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

absl::Status BadConfig(std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, kBadConfig, message);
}

absl::Status Unauthenticated(std::string_view reason, std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kUnauthenticated, reason, message);
}

std::string DescriptionOf(const absl::Status& status) {
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  return violations.empty() ? std::string(status.message()) : violations.front().description;
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Collects text-format parse errors as "<line>:<column>: <message>" (1-based).
class ErrorCollector final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    errors_.push_back(absl::StrCat(line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {}
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

}  // namespace

std::string Sha256Hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return "";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0F]);
  }
  return out;
}

std::string_view RoleName(common::v1::Role role) {
  switch (role) {
    case common::v1::ROLE_ADMIN:
      return "ADMIN";
    case common::v1::ROLE_DISTRICT_OFFICER:
      return "DISTRICT_OFFICER";
    case common::v1::ROLE_INSTITUTION:
      return "INSTITUTION";
    case common::v1::ROLE_VERIFIER:
      return "VERIFIER";
    case common::v1::ROLE_VIEWER:
      return "VIEWER";
    case common::v1::ROLE_SERVICE:
      return "SERVICE";
    default:
      return "UNSPECIFIED";
  }
}

absl::StatusOr<std::shared_ptr<const TokenAuthenticator>> TokenAuthenticator::FromConfig(
    const config::v1::AuthConfig& config) {
  if (config.principals().empty()) {
    return BadConfig("auth config lists no principals; every call would be refused");
  }
  auto authenticator = std::make_shared<TokenAuthenticator>();
  std::map<std::string, int, std::less<>> seen_hashes;
  for (int i = 0; i < config.principals_size(); ++i) {
    const config::v1::PrincipalConfig& entry = config.principals(i);
    const std::string where = absl::StrCat("principals[", i, "] (\"", entry.name(), "\")");
    if (absl::StripAsciiWhitespace(entry.name()).empty()) {
      return BadConfig(absl::StrCat("principals[", i, "]: name is required"));
    }
    const common::v1::Role role = entry.role();
    if (role == common::v1::ROLE_UNSPECIFIED || !common::v1::Role_IsValid(role)) {
      return BadConfig(absl::StrCat(where, ": role is required (ADMIN, DISTRICT_OFFICER, INSTITUTION, VERIFIER, ",
                                    "VIEWER or SERVICE)"));
    }
    std::string hash = absl::AsciiStrToLower(entry.token_sha256());
    if (hash.size() != 64 || !std::all_of(hash.begin(), hash.end(), IsHex)) {
      return BadConfig(absl::StrCat(where, ": token_sha256 must be 64 hexadecimal characters (the SHA-256 ",
                                    "of the token, never the token itself)"));
    }
    if (role == common::v1::ROLE_DISTRICT_OFFICER) {
      if (absl::Status s = ValidateDistrictCodeFormat(entry.district_code(), "district_code"); !s.ok()) {
        return BadConfig(absl::StrCat(where, ": district_code: ", DescriptionOf(s)));
      }
    } else if (!entry.district_code().empty()) {
      return BadConfig(absl::StrCat(where, ": district_code is only for DISTRICT_OFFICER principals"));
    }
    if (role == common::v1::ROLE_INSTITUTION) {
      if (absl::Status s = ValidateCreditCode(entry.credit_code(), "credit_code"); !s.ok()) {
        return BadConfig(absl::StrCat(where, ": credit_code: ", DescriptionOf(s)));
      }
    } else if (!entry.credit_code().empty()) {
      return BadConfig(absl::StrCat(where, ": credit_code is only for INSTITUTION principals"));
    }
    auto [it, inserted] = seen_hashes.emplace(hash, i);
    if (!inserted) {
      return BadConfig(absl::StrCat(where, ": token_sha256 is the same as principals[", it->second,
                                    "]; every token must be unique"));
    }
    Principal principal;
    principal.name = entry.name();
    principal.role = role;
    principal.district_code = entry.district_code();
    principal.credit_code = entry.credit_code();
    authenticator->by_hash_.emplace(std::move(hash), std::move(principal));
  }
  return std::shared_ptr<const TokenAuthenticator>(std::move(authenticator));
}

absl::StatusOr<std::shared_ptr<const TokenAuthenticator>> TokenAuthenticator::LoadFromFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, "auth config file (--auth_config)");
  if (!text.ok()) {
    return ErrorWithReason(absl::StatusCode::kNotFound, "AUTH_CONFIG_MISSING", std::string(text.status().message()));
  }
  config::v1::AuthConfig config;
  ErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(*text, &config)) {
    const std::string detail = errors.errors().empty() ? "cannot parse" : errors.errors().front();
    return BadConfig(absl::StrCat(path, ":", detail));
  }
  absl::StatusOr<std::shared_ptr<const TokenAuthenticator>> result = FromConfig(config);
  if (!result.ok()) {
    return BadConfig(absl::StrCat(path, ": ", result.status().message()));
  }
  return result;
}

absl::StatusOr<Principal> TokenAuthenticator::Authenticate(std::string_view authorization) const {
  const absl::string_view value = absl::StripAsciiWhitespace(ToAbsl(authorization));
  if (value.empty()) {
    return Unauthenticated("MISSING_TOKEN", "missing authorization metadata; expected \"Bearer <token>\"");
  }
  const size_t space = value.find_first_of(" \t");
  if (space == absl::string_view::npos || !absl::EqualsIgnoreCase(value.substr(0, space), "bearer")) {
    return Unauthenticated("MALFORMED_TOKEN", "authorization metadata must be \"Bearer <token>\"");
  }
  const absl::string_view token = absl::StripLeadingAsciiWhitespace(value.substr(space));
  if (token.empty() || token.find_first_of(" \t\r\n") != absl::string_view::npos) {
    return Unauthenticated("MALFORMED_TOKEN", "authorization metadata must be \"Bearer <token>\" with one token");
  }
  auto it = by_hash_.find(Sha256Hex(std::string_view(token.data(), token.size())));
  if (it == by_hash_.end()) {
    return Unauthenticated("UNKNOWN_TOKEN", "unknown bearer token");
  }
  return it->second;
}

}  // namespace skillbridge

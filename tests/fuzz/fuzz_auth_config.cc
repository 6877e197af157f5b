// Fuzzes the text-format auth config (skillbridge.config.v1.AuthConfig) the way
// TokenAuthenticator::LoadFromFile reads it (common/auth/principal.h): the input is parsed with
// protobuf's TextFormat::Parser and, when it parses, handed to TokenAuthenticator::FromConfig. The
// file I/O is left out.
//
// Invariants:
//  - FromConfig succeeds exactly when every entry passes the header's rules, checked here again:
//    at least one entry; name not blank; a valid role other than UNSPECIFIED; token_sha256 64 hex
//    characters (any case); district_code a well-formed district code for DISTRICT_OFFICER and
//    empty otherwise; credit_code a valid credit code for INSTITUTION and empty otherwise; no two
//    entries with the same hash ignoring case. A refusal is INVALID_ARGUMENT.
//  - An accepted authenticator, given "Bearer <name>" for each entry's name, accepts it only when
//    the name (spaces around it ignored) is one token whose SHA-256 is a configured hash, and then
//    returns the principal of that entry; every other answer is UNAUTHENTICATED. Malformed
//    metadata values are never accepted.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"
#include "common/validation/codes.h"
#include "common/validation/credit_code.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

// Keeps the parser quiet: parse errors are expected here and would flood the fuzzer's output.
class SilentErrors final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {}
  void AddWarning(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {}
};

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool EntryIsValid(const config::v1::PrincipalConfig& entry) {
  if (absl::StripAsciiWhitespace(entry.name()).empty()) {
    return false;
  }
  const common::v1::Role role = entry.role();
  if (role == common::v1::ROLE_UNSPECIFIED || !common::v1::Role_IsValid(role)) {
    return false;
  }
  const std::string& hash = entry.token_sha256();
  if (hash.size() != 64 || !std::all_of(hash.begin(), hash.end(), IsHex)) {
    return false;
  }
  const bool district_ok = role == common::v1::ROLE_DISTRICT_OFFICER
                               ? ValidateDistrictCodeFormat(entry.district_code(), "d").ok()
                               : entry.district_code().empty();
  const bool credit_ok = role == common::v1::ROLE_INSTITUTION ? ValidateCreditCode(entry.credit_code(), "c").ok()
                                                              : entry.credit_code().empty();
  return district_ok && credit_ok;
}

bool ConfigIsValid(const config::v1::AuthConfig& config) {
  if (config.principals().empty()) {
    return false;
  }
  std::set<std::string> hashes;
  for (const config::v1::PrincipalConfig& entry : config.principals()) {
    if (!EntryIsValid(entry) || !hashes.insert(absl::AsciiStrToLower(entry.token_sha256())).second) {
      return false;
    }
  }
  return true;
}

void CheckAuthenticate(const TokenAuthenticator& authenticator, const config::v1::AuthConfig& config) {
  for (const config::v1::PrincipalConfig& entry : config.principals()) {
    // Surrounding spaces of the metadata value are ignored, so the token is the stripped name.
    const absl::string_view token = absl::StripAsciiWhitespace(entry.name());
    const bool one_token = !token.empty() && token.find_first_of(" \t\r\n") == absl::string_view::npos;
    const absl::StatusOr<Principal> principal = authenticator.Authenticate("Bearer " + entry.name());
    if (!principal.ok()) {
      FUZZ_CHECK(principal.status().code() == absl::StatusCode::kUnauthenticated, principal.status().ToString());
      continue;
    }
    FUZZ_CHECK(one_token, "a malformed authorization value was accepted");
    const std::string hash = Sha256Hex(std::string_view(token.data(), token.size()));
    const auto same_hash = [&](const config::v1::PrincipalConfig& e) {
      return absl::AsciiStrToLower(e.token_sha256()) == hash;
    };
    const auto owner = std::find_if(config.principals().begin(), config.principals().end(), same_hash);
    FUZZ_CHECK(owner != config.principals().end(), "a token whose hash is not configured was accepted");
    FUZZ_CHECK(principal->name == owner->name() && principal->role == owner->role() &&
                   principal->district_code == owner->district_code() && principal->credit_code == owner->credit_code(),
               "the principal is not the configured one");
  }
  for (std::string_view bad : {"", "Bearer", "Bearer ", "Basic abc", "Bearer a b", "Bearera"}) {
    const absl::StatusOr<Principal> principal = authenticator.Authenticate(bad);
    FUZZ_CHECK(!principal.ok() && principal.status().code() == absl::StatusCode::kUnauthenticated, bad);
  }
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillbridge;  // NOLINT(build/namespaces): one function, all names from here
  const std::string text(reinterpret_cast<const char*>(data), size);
  config::v1::AuthConfig config;
  SilentErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, &config)) {
    return 0;
  }
  const auto authenticator = TokenAuthenticator::FromConfig(config);
  FUZZ_CHECK(authenticator.ok() == ConfigIsValid(config),
             authenticator.ok() ? "accepted an invalid config" : authenticator.status().ToString());
  if (!authenticator.ok()) {
    FUZZ_CHECK(authenticator.status().code() == absl::StatusCode::kInvalidArgument, authenticator.status().ToString());
    return 0;
  }
  CheckAuthenticate(**authenticator, config);
  return 0;
}

#include "common/store/paging.h"

#include <openssl/sha.h>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"

namespace skillbridge {
namespace {

// Token layout before base64: version byte, 8-byte check, cursor bytes. The check is the first 8
// bytes of SHA-256(fingerprint NUL cursor): it binds the token to its filter and detects edits.
// It is not a secret MAC: a token only positions a listing the caller may read anyway.
constexpr char kVersion = '\x01';
constexpr size_t kCheckSize = 8;

std::string Check(std::string_view cursor, std::string_view fingerprint) {
  std::string input;
  input.reserve(fingerprint.size() + 1 + cursor.size());
  input.append(fingerprint.data(), fingerprint.size());
  input.push_back('\0');
  input.append(cursor.data(), cursor.size());
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), kCheckSize);
}

absl::Status BadToken(std::string_view why) { return InvalidArgumentError("page_token", why); }

}  // namespace

absl::StatusOr<int> ResolvePageSize(int requested) {
  if (requested < 0) {
    return InvalidArgumentError("page_size", "must not be negative");
  }
  if (requested == 0) {
    return kDefaultPageSize;
  }
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

std::string EncodePageToken(std::string_view cursor, std::string_view filter_fingerprint) {
  if (cursor.empty()) {
    return std::string();  // no next page
  }
  std::string raw;
  raw.reserve(1 + kCheckSize + cursor.size());
  raw.push_back(kVersion);
  raw += Check(cursor, filter_fingerprint);
  raw.append(cursor.data(), cursor.size());
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::string> DecodePageToken(std::string_view token, std::string_view filter_fingerprint) {
  if (token.empty()) {
    return std::string();
  }
  std::string raw;
  // Only the exact spelling EncodePageToken makes is accepted: the decoder alone would also take
  // padding, whitespace and other values of the last character's unused bits.
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw) ||
      absl::WebSafeBase64Escape(raw) != absl::string_view(token.data(), token.size())) {
    return BadToken("is not a valid page token");
  }
  if (raw.size() <= 1 + kCheckSize || raw[0] != kVersion) {
    return BadToken("is not a valid page token");
  }
  std::string_view cursor = std::string_view(raw).substr(1 + kCheckSize);
  if (std::string_view(raw).substr(1, kCheckSize) != Check(cursor, filter_fingerprint)) {
    return BadToken("was issued for a different request or has been altered");
  }
  return std::string(cursor);
}

}  // namespace skillbridge

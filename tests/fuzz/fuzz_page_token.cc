// Fuzzes the page tokens of common/store/paging.h (EncodePageToken, DecodePageToken) and
// ResolvePageSize.
//
// The input is split into a filter fingerprint, a cursor, a second fingerprint and a token.
// Invariants:
//  - EncodePageToken(cursor, fp) is "" for an empty cursor and otherwise a non-empty string of the
//    URL-safe base64 alphabet without padding; DecodePageToken of it with fp gives the cursor back.
//  - The same token is refused (INVALID_ARGUMENT) with any other fingerprint, and when any one of
//    its characters is changed (the 64-bit check detects the edit).
//  - DecodePageToken never accepts a token it did not make for that fingerprint: when it accepts
//    an arbitrary token with a cursor c, EncodePageToken(c, fp) is that token ("" gives "").
//    Every refusal is INVALID_ARGUMENT.
//  - ResolvePageSize: negative → INVALID_ARGUMENT, 0 → 50, 1..1000 as given, above → 1000.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <fuzzer/FuzzedDataProvider.h>

#include "absl/status/status.h"
#include "common/store/paging.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void CheckRefused(const absl::StatusOr<std::string>& decoded, std::string_view what) {
  FUZZ_CHECK(!decoded.ok(), std::string(what) + " was accepted");
  FUZZ_CHECK(decoded.status().code() == absl::StatusCode::kInvalidArgument, decoded.status().ToString());
}

void CheckRoundTrip(const std::string& cursor, const std::string& fingerprint, const std::string& other,
                    size_t edit_position, uint8_t edit_value) {
  const std::string token = EncodePageToken(cursor, fingerprint);
  if (cursor.empty()) {
    FUZZ_CHECK(token.empty(), token);
    return;
  }
  FUZZ_CHECK(!token.empty() && token.find_first_not_of(kAlphabet) == std::string::npos, token);
  const absl::StatusOr<std::string> decoded = DecodePageToken(token, fingerprint);
  FUZZ_CHECK(decoded.ok() && *decoded == cursor, decoded.ok() ? "another cursor" : decoded.status().ToString());
  if (other != fingerprint) {
    CheckRefused(DecodePageToken(token, other), "a token for another fingerprint");
  }
  std::string edited = token;
  const size_t position = edit_position % edited.size();
  char replacement = kAlphabet[edit_value % kAlphabet.size()];
  if (replacement == edited[position]) {
    replacement = kAlphabet[(edit_value + 1) % kAlphabet.size()];
  }
  edited[position] = replacement;
  const absl::StatusOr<std::string> edited_decoded = DecodePageToken(edited, fingerprint);
  FUZZ_CHECK(!edited_decoded.ok() || EncodePageToken(*edited_decoded, fingerprint) == edited,
             "an edited token was accepted: " + edited + " (made: " + token + ")");
}

void CheckArbitraryToken(const std::string& token, const std::string& fingerprint) {
  const absl::StatusOr<std::string> decoded = DecodePageToken(token, fingerprint);
  if (!decoded.ok()) {
    FUZZ_CHECK(decoded.status().code() == absl::StatusCode::kInvalidArgument, decoded.status().ToString());
    return;
  }
  FUZZ_CHECK(decoded->empty() == token.empty(), token);
  FUZZ_CHECK(EncodePageToken(*decoded, fingerprint) == token, "accepted a token it did not make: " + token);
}

void CheckPageSize(int requested) {
  const absl::StatusOr<int> size = ResolvePageSize(requested);
  if (requested < 0) {
    FUZZ_CHECK(!size.ok() && size.status().code() == absl::StatusCode::kInvalidArgument, std::to_string(requested));
    return;
  }
  const int expected = requested == 0 ? kDefaultPageSize : (requested > kMaxPageSize ? kMaxPageSize : requested);
  FUZZ_CHECK(size.ok() && *size == expected, std::to_string(requested));
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  const int page_size = provider.ConsumeIntegral<int>();
  const size_t edit_position = provider.ConsumeIntegral<uint16_t>();
  const uint8_t edit_value = provider.ConsumeIntegral<uint8_t>();
  const std::string fingerprint = provider.ConsumeRandomLengthString(64);
  const std::string cursor = provider.ConsumeRandomLengthString(256);
  const std::string other = provider.ConsumeRandomLengthString(64);
  const std::string token = provider.ConsumeRemainingBytesAsString();
  skillbridge::CheckPageSize(page_size);
  skillbridge::CheckRoundTrip(cursor, fingerprint, other, edit_position, edit_value);
  skillbridge::CheckArbitraryToken(token, fingerprint);
  skillbridge::CheckArbitraryToken(token, other);
  return 0;
}

#pragma once
// Pagination: page sizes (default 50, max 1000) and opaque page tokens bound to the listing's
// filter so that a token cannot be replayed against other filters. Pure functions.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace skillbridge {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// 0 → 50; 1..1000 as given; >1000 → 1000; negative → INVALID_ARGUMENT("page_size").
absl::StatusOr<int> ResolvePageSize(int requested);

// Encodes a store cursor and a fingerprint of the filter into an opaque URL-safe token.
std::string EncodePageToken(std::string_view cursor, std::string_view filter_fingerprint);

// Decodes a token; "" → "" (first page). INVALID_ARGUMENT("page_token") when malformed or when
// it was issued for another filter.
absl::StatusOr<std::string> DecodePageToken(std::string_view token, std::string_view filter_fingerprint);

}  // namespace skillbridge

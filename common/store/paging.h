#pragma once
// Pagination: page sizes (default 50, max 1000) and opaque page tokens bound to the listing's
// filter so that a token cannot be replayed against other filters, and ServePage, the one shape
// every list handler ends with. Pure functions.

#include <string>
#include <string_view>
#include <utility>

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

// One page of a list: decodes `page_token` (bound to `fingerprint`), reads the page with
// `list(cursor)` (a StatusOr of something with `records` and `next_cursor`), moves each record
// into `add()` and sets the response's next_page_token when there is a next page.
template <typename Response, typename List, typename Add>
absl::Status ServePage(std::string_view page_token, std::string_view fingerprint, List list, Response* response,
                       Add add) {
  auto cursor = DecodePageToken(page_token, fingerprint);
  if (!cursor.ok()) {
    return cursor.status();
  }
  auto page = list(*cursor);
  if (!page.ok()) {
    return page.status();
  }
  for (auto& record : page->records) {
    *add() = std::move(record);
  }
  if (!page->next_cursor.empty()) {
    response->set_next_page_token(EncodePageToken(page->next_cursor, fingerprint));
  }
  return absl::OkStatus();
}

}  // namespace skillbridge

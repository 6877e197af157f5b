#pragma once
// Reading a whole List* result: page after page (page_token → next_page_token) until the service
// says there is no more, with a bounded page size and a cap on the rows, so an export never loops
// on a service that keeps answering the same token and never grows without bound. Nothing is
// written until every page is in (the caller writes the file afterwards). Thread-compatible.

#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace skillbridge::cli {

// Rows asked per page (the services allow up to 1,000).
inline constexpr int kExportPageSize = 500;
// Most rows one export reads: 1,000,000.
inline constexpr size_t kMaxExportRows = 1000000;

// One page: fetches the page after `page_token` ("" = the first), appends its items to the
// caller's list and returns the next page token ("" = that was the last page), or the error.
using FetchPage = std::function<absl::StatusOr<std::string>(const std::string& page_token)>;

// Calls `fetch_page` until the last page. `item_count` tells how many items the caller holds.
// The first error of `fetch_page` as it is; RESOURCE_EXHAUSTED naming `max_rows` and asking for
// narrower filters once more than `max_rows` items are held; INTERNAL when the service answers a
// token it was just given (it would never end).
absl::Status FetchAllPages(const FetchPage& fetch_page, const std::function<size_t()>& item_count,
                           size_t max_rows = kMaxExportRows);

}  // namespace skillbridge::cli

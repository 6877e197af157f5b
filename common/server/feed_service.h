#pragma once
// The bodies of the two feed RPCs every service has, so they behave the same everywhere:
//  - ServeFeed (ListEvents): validates after_id / max_events / wait_ms (INVALID_ARGUMENT naming
//    the field), uses 100 events by default and at most 1,000, waits at most 30 s and answers
//    (possibly empty) 100 ms before the caller's deadline; each stream entry is parsed into
//    `response->add_events()` with its stream id; last_id is the last id read.
//  - ServeAuditPage (ListAuditEntries): newest first, page tokens bound to "audit".
// `read` is the store's reader (ServeStoreFeed / ServeStoreAuditPage take the store itself). Pure
// apart from `read`; thread-safe as `read` is.

#include <algorithm>
#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "common/server/call_context.h"
#include "common/status/errors.h"
#include "common/store/feed.h"
#include "common/store/paging.h"
#include "common/util/concat.h"

namespace skillbridge {

inline constexpr int kDefaultFeedEvents = 100;
inline constexpr int kMaxFeedEvents = 1000;
inline constexpr int64_t kMaxFeedWaitMs = 30000;

// `read(after_id, max_events, std::chrono::milliseconds wait)` → absl::StatusOr<FeedPage>.
template <typename Request, typename Response, typename Read>
absl::Status ServeFeed(const CallContext& call, const Request& request, Read read, Response* response) {
  FieldViolations violations;
  violations.AddStatus(ValidateStreamId(request.after_id(), "after_id"), "after_id");
  if (request.max_events() < 0) {
    violations.Add("max_events", "must not be negative");
  }
  if (request.wait_ms() < 0) {
    violations.Add("wait_ms", "must not be negative");
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const int max_events =
      request.max_events() == 0 ? kDefaultFeedEvents : std::min<int>(request.max_events(), kMaxFeedEvents);
  int64_t wait_ms = std::min<int64_t>(request.wait_ms(), kMaxFeedWaitMs);
  if (call.deadline != absl::InfiniteFuture()) {
    // Answer (possibly empty) a little before the caller gives up.
    const int64_t left = absl::ToInt64Milliseconds(call.deadline - absl::Now()) - 100;
    wait_ms = std::max<int64_t>(0, std::min(wait_ms, left));
  }
  auto page = read(request.after_id(), max_events, std::chrono::milliseconds(wait_ms));
  if (!page.ok()) {
    return page.status();
  }
  for (const auto& entry : page->entries) {
    auto* event = response->add_events();
    if (!event->ParseFromString(entry.payload)) {
      return absl::DataLossError(Concat("feed entry ", entry.id, " does not parse"));
    }
    event->set_id(entry.id);
  }
  response->set_last_id(page->last_id);
  return absl::OkStatus();
}

// `read(before_id, page_size)` → absl::StatusOr<FeedPage> (newest first).
template <typename Request, typename Response, typename Read>
absl::Status ServeAuditPage(const Request& request, Read read, Response* response) {
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  auto before = DecodePageToken(request.page_token(), "audit");
  if (!before.ok()) {
    return before.status();
  }
  auto page = read(*before, *page_size);
  if (!page.ok()) {
    return page.status();
  }
  for (const auto& entry : page->entries) {
    auto* out = response->add_entries();
    if (!out->ParseFromString(entry.payload)) {
      return absl::DataLossError(Concat("audit entry ", entry.id, " does not parse"));
    }
    out->set_id(entry.id);
  }
  if (static_cast<int>(page->entries.size()) == *page_size && !page->entries.empty()) {
    response->set_next_page_token(EncodePageToken(page->entries.back().id, "audit"));
  }
  return absl::OkStatus();
}

// The same over a service store that has the usual readers: `store.ReadEvents(after_id,
// max_events, wait)` and `store.ReadAudit(before_id, page_size)`.
template <typename Request, typename Response, typename Store>
absl::Status ServeStoreFeed(const CallContext& call, const Request& request, Store& store, Response* response) {
  return ServeFeed(
      call, request,
      [&store](const std::string& after, int max, std::chrono::milliseconds wait) {
        return store.ReadEvents(after, max, wait);
      },
      response);
}

template <typename Request, typename Response, typename Store>
absl::Status ServeStoreAuditPage(const Request& request, Store& store, Response* response) {
  return ServeAuditPage(
      request, [&store](const std::string& before, int size) { return store.ReadAudit(before, size); }, response);
}

}  // namespace skillbridge

#pragma once
// Readers of a service's two streams over its real gRPC API, for tests: everything its change
// feed holds (ListEvents as SERVICE, pages of 1,000 from the start) and everything its audit
// stream holds (ListAuditEntries as ADMIN, newest first). Every service's feed and audit RPCs
// share one shape (ListEventsRequest{after_id, max_events} → {events, last_id};
// ListAuditEntriesRequest{page_size, page_token} → {entries, next_page_token}), so one template
// serves them all: ReadWholeFeed<v1::ListEventsRequest, v1::ListEventsResponse>(stub).
// A failed call is a test failure (EXPECT) and ends the read with what was read so far.

#include <type_traits>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "skillbridge/common/v1/audit.pb.h"
#include "tests/support/test_auth.h"

namespace skillbridge::testing {

template <typename Request, typename Response, typename Stub>
auto ReadWholeFeed(Stub& stub) {
  using Event = std::decay_t<decltype(std::declval<Response>().events(0))>;
  std::vector<Event> events;
  Request request;
  request.set_max_events(1000);
  while (true) {
    Response response;
    const grpc::Status status = stub.ListEvents(ContextWithToken(kServiceToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok() || response.events().empty()) {
      return events;
    }
    events.insert(events.end(), response.events().begin(), response.events().end());
    request.set_after_id(response.last_id());
  }
}

template <typename Request, typename Response, typename Stub>
std::vector<common::v1::AuditEntry> ReadWholeAudit(Stub& stub) {
  std::vector<common::v1::AuditEntry> entries;
  Request request;
  request.set_page_size(1000);
  while (true) {
    Response response;
    const grpc::Status status = stub.ListAuditEntries(ContextWithToken(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) {
      return entries;
    }
    entries.insert(entries.end(), response.entries().begin(), response.entries().end());
    if (response.next_page_token().empty()) {
      return entries;
    }
    request.set_page_token(response.next_page_token());
  }
}

}  // namespace skillbridge::testing

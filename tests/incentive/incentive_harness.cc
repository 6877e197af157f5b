#include "tests/incentive/incentive_harness.h"

namespace skillbridge::testing {

IncentiveHarness::~IncentiveHarness() { Stop(); }

absl::Status IncentiveHarness::Start() {
  evaluation_ = std::make_unique<EvaluationHarness>();
  if (absl::Status started = evaluation_->Start(); !started.ok()) {
    return started;
  }
  service_.config().server.worker_threads = 8;
  incentive::IncentiveServiceTraits::Options options;
  options.evaluation.address = evaluation_->address();
  options.evaluation.timeout = std::chrono::milliseconds(2000);
  return service_.Start(std::move(options), [](HarnessEnvironment& env, incentive::IncentiveServiceTraits::Options& o) {
    o.evaluation.token_file = env.WriteTokenFile("service-token", kServiceToken);
  });
}

void IncentiveHarness::Stop() {
  service_.Stop();
  if (evaluation_ != nullptr) {
    evaluation_->Stop();
  }
}

void IncentiveHarness::Advance(absl::Duration d) {
  service_.clock().Advance(d);
  if (evaluation_ != nullptr) {
    evaluation_->clock().Advance(d);
  }
}

std::vector<iv::IncentiveEvent> IncentiveHarness::Events() {
  std::vector<iv::IncentiveEvent> events;
  iv::ListEventsRequest request;
  request.set_max_events(1000);
  while (true) {
    iv::ListEventsResponse response;
    grpc::Status status = stub().ListEvents(Context(kServiceToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok() || response.events().empty()) {
      return events;
    }
    events.insert(events.end(), response.events().begin(), response.events().end());
    request.set_after_id(response.last_id());
  }
}

std::vector<common::v1::AuditEntry> IncentiveHarness::AuditEntries() {
  std::vector<common::v1::AuditEntry> entries;
  iv::ListAuditEntriesRequest request;
  request.set_page_size(1000);
  while (true) {
    iv::ListAuditEntriesResponse response;
    grpc::Status status = stub().ListAuditEntries(Context(kAdminToken).get(), request, &response);
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

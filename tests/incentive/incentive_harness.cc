#include "tests/incentive/incentive_harness.h"

#include "tests/support/stream_readers.h"

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
  return ReadWholeFeed<iv::ListEventsRequest, iv::ListEventsResponse>(stub());
}

std::vector<common::v1::AuditEntry> IncentiveHarness::AuditEntries() {
  return ReadWholeAudit<iv::ListAuditEntriesRequest, iv::ListAuditEntriesResponse>(stub());
}

}  // namespace skillbridge::testing

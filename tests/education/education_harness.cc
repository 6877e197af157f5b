#include "tests/education/education_harness.h"

#include "tests/support/stream_readers.h"

namespace skillbridge::testing {

EducationHarness::~EducationHarness() { Stop(); }

absl::Status EducationHarness::Start() {
  evaluation_ = std::make_unique<EvaluationHarness>();
  if (absl::Status started = evaluation_->Start(); !started.ok()) {
    return started;
  }
  service_.config().server.worker_threads = 8;
  education::EducationServiceTraits::Options options;
  options.evaluation.address = evaluation_->address();
  options.evaluation.timeout = std::chrono::milliseconds(2000);
  return service_.Start(std::move(options), [](HarnessEnvironment& env, education::EducationServiceTraits::Options& o) {
    o.evaluation.token_file = env.WriteTokenFile("service-token", kServiceToken);
  });
}

void EducationHarness::Stop() {
  service_.Stop();
  if (evaluation_ != nullptr) {
    evaluation_->Stop();
  }
}

void EducationHarness::Advance(absl::Duration d) {
  service_.clock().Advance(d);
  if (evaluation_ != nullptr) {
    evaluation_->clock().Advance(d);
  }
}

std::vector<ed::EducationEvent> EducationHarness::Events() {
  return ReadWholeFeed<ed::ListEventsRequest, ed::ListEventsResponse>(stub());
}

std::vector<common::v1::AuditEntry> EducationHarness::AuditEntries() {
  return ReadWholeAudit<ed::ListAuditEntriesRequest, ed::ListAuditEntriesResponse>(stub());
}

}  // namespace skillbridge::testing

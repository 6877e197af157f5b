#pragma once
// CompetitionHarness: the real competition service in this process (ServiceHarness: real gRPC on
// 127.0.0.1:0, its own real redis-server), asking the real evaluation service (EvaluationHarness,
// in this process too, over its own redis-server) for levels and promotion certificates through
// GrpcPromotionIssuer. Both clocks read 2026-06-15 10:00 +08:00 and can be moved together. The
// promotion worker polls every 20 ms; a promotion is first due `first_attempt_delay` after it is
// granted (0 by default; tests of outages set 1 s and move the clock). Helpers drive the common
// workflow: a competition with a contest taken to OPEN, entries, closing, publishing.
// Not thread-safe except the stubs.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/competition/competition_service_traits.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/service_harness.h"

namespace skillbridge::testing {

namespace cp = ::skillbridge::competition::v1;

inline constexpr char kWelderOccupation[] = "6-18-02-04";

class CompetitionHarness final {
 public:
  explicit CompetitionHarness(absl::Duration first_attempt_delay = absl::ZeroDuration())
      : first_attempt_delay_(first_attempt_delay) {}
  ~CompetitionHarness();

  absl::Status Start();
  void Stop();

  cp::CompetitionService::Stub& stub() { return service_.stub(); }
  std::shared_ptr<grpc::Channel> channel() { return service_.channel(); }
  EvaluationHarness& evaluation() { return *evaluation_; }
  RedisClient& redis_client() { return service_.redis_client(); }
  long long CountKeys(const std::string& pattern) { return service_.CountKeys(pattern); }
  // Moves both services' clocks.
  void Advance(absl::Duration d);
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    return EvaluationHarness::Context(token);
  }

  // A DRAFT competition organised by CreditCode(organiser) in `district` (empty: city-wide).
  cp::Competition CreateCompetition(cp::CompetitionLevel level, int organiser, const std::string& district,
                                    const std::string& token = kAdminToken, int year = 2026);
  // A contest of 焊工 for `group` with `max_entries` (0 = 5,000).
  cp::Contest AddContest(const std::string& competition_id, cp::ContestGroup group = cp::CONTEST_GROUP_EMPLOYEES,
                         int max_entries = 0, const std::string& token = kAdminToken);
  // A competition with one contest, filed and opened (as ADMIN); returns the contest.
  cp::Contest OpenCompetition(cp::CompetitionLevel level, int organiser = 1, const std::string& district = "370202",
                              int max_entries = 0, int year = 2026);
  // Registers person n (employer CreditCode(500 + n) in `district`).
  grpc::Status Register(const std::string& contest_id, int person, cp::Entry* entry,
                        const std::string& token = kAdminToken, const std::string& district = "370202");
  cp::EntryDraft Draft(const std::string& contest_id, int person, const std::string& district = "370202") const;
  grpc::Status Close(const std::string& competition_id, const std::string& token = kAdminToken);
  // Publishes `rows` ((entry id, rank, award)).
  grpc::Status Publish(const std::string& contest_id, const std::vector<std::tuple<std::string, int, cp::Award>>& rows,
                       cp::PublishResultsResponse* response, const std::string& token = kAdminToken,
                       const std::string& request_id = "");
  cp::Entry GetEntry(const std::string& id);
  // Polls GetEntry until `done` holds (at most `timeout` of real time); the last entry read.
  cp::Entry WaitForEntry(const std::string& id, const std::function<bool(const cp::Entry&)>& done,
                         absl::Duration timeout = absl::Seconds(10));

  std::vector<cp::CompetitionEvent> Events();
  std::vector<common::v1::AuditEntry> AuditEntries();

 private:
  absl::Duration first_attempt_delay_;
  std::unique_ptr<EvaluationHarness> evaluation_;
  ServiceHarness<competition::CompetitionServiceTraits> service_;
};

}  // namespace skillbridge::testing

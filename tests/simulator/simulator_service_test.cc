// The simulator driver against a real evaluation server (real gRPC, real redis-server) at a
// tiny scale: the planned records arrive, the planned refusals are refused, and a rerun adds
// nothing, even after the idempotency records have expired.

#include <gtest/gtest.h>

#include "tests/evaluation/evaluation_harness.h"
#include "tools/simulator/simulation.h"

namespace skillbridge::simulator {
namespace {

namespace ev = ::skillbridge::evaluation::v1;
using ::skillbridge::testing::EvaluationHarness;

class SimulatorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(harness_.Start().ok()); }

  SimulationOptions Options() const {
    SimulationOptions options;
    options.evaluation_target = "127.0.0.1:" + std::to_string(harness_.port());
    options.reference_dir = std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference";
    options.seed = 2021;
    options.scale = 0.002;
    options.year = 2026;  // the harness clock reads 2026-06-15 10:00 +08:00
    options.concurrency = 3;
    options.rpc.token = ::skillbridge::testing::kAdminToken;
    options.rpc.max_attempts = 3;
    return options;
  }

  // Every certificate of 2026 (any status), paging through ListCertificates.
  std::vector<ev::Certificate> Certificates() {
    std::vector<ev::Certificate> out;
    ev::ListCertificatesRequest request;
    request.set_year(2026);
    request.set_page_size(1000);
    while (true) {
      ev::ListCertificatesResponse response;
      grpc::Status status = harness_.stub().ListCertificates(
          EvaluationHarness::Context(::skillbridge::testing::kAdminToken).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& cert : response.certificates()) {
        out.push_back(cert);
      }
      if (!status.ok() || response.next_page_token().empty()) {
        return out;
      }
      request.set_page_token(response.next_page_token());
    }
  }

  int Introductions() {
    ev::ListIntroductionsRequest request;
    request.set_page_size(1000);
    ev::ListIntroductionsResponse response;
    grpc::Status status = harness_.stub().ListIntroductions(
        EvaluationHarness::Context(::skillbridge::testing::kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.introductions_size();
  }

  // What happens when the idempotency records expire (they live 7 days).
  void DeleteIdempotencyRecords() {
    auto deleted = harness_.redis_client().Command(
        {"EVAL",
         "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end return n",
         "0", "evaluation:idem:*"});
    ASSERT_TRUE(deleted.ok()) << deleted.status();
  }

  EvaluationHarness harness_;
};

TEST_F(SimulatorServiceTest, LoadsTheYearAndARerunAddsNothing) {
  auto first = RunSimulation(Options());
  ASSERT_TRUE(first.ok()) << first.status();
  const EvaluationReport& report = first->evaluation;
  EXPECT_EQ(report.cutoff, absl::CivilDay(2026, 6, 15));
  EXPECT_EQ(report.certificates_planned_valid, 112);
  EXPECT_EQ(report.certificates_accepted, report.certificates_planned_valid);
  EXPECT_EQ(report.refused_unexpectedly, 0);
  EXPECT_EQ(report.orgs, 40);
  EXPECT_EQ(report.orgs_by_state.at("FILING_STATE_FILED"), 35);
  EXPECT_FALSE(first->training.ran);

  const auto certificates = Certificates();
  EXPECT_EQ(static_cast<int64_t>(certificates.size()), report.certificates_planned_valid);
  int revoked = 0;
  for (const auto& cert : certificates) {
    const auto& date = cert.issue_date();
    EXPECT_LE(std::make_tuple(date.year(), date.month(), date.day()), std::make_tuple(2026, 6, 15)) << cert.number();
    revoked += cert.status() == ev::CERTIFICATE_STATUS_REVOKED ? 1 : 0;
  }
  EXPECT_EQ(revoked, report.revoked);
  const int introductions = Introductions();
  EXPECT_EQ(introductions, 5);
  const long long keys = harness_.CountKeys("evaluation:*");

  // A rerun replays: nothing new.
  auto second = RunSimulation(Options());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->evaluation.certificates_accepted, report.certificates_planned_valid);
  EXPECT_EQ(second->evaluation.orgs_created, 40);  // replayed creates answer as the first did
  EXPECT_EQ(second->evaluation.filing_steps, 0);
  EXPECT_EQ(Certificates().size(), certificates.size());
  EXPECT_EQ(Introductions(), introductions);
  EXPECT_EQ(harness_.CountKeys("evaluation:*"), keys);

  // Even once the idempotency records have expired, a rerun adds nothing.
  DeleteIdempotencyRecords();
  auto third = RunSimulation(Options());
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->evaluation.certificates_accepted, report.certificates_planned_valid);
  EXPECT_EQ(third->evaluation.refused_unexpectedly, 0);
  EXPECT_EQ(third->evaluation.orgs_created, 0);
  const auto after = Certificates();
  EXPECT_EQ(after.size(), certificates.size());
  int revoked_after = 0;
  for (const auto& cert : after) {
    revoked_after += cert.status() == ev::CERTIFICATE_STATUS_REVOKED ? 1 : 0;
  }
  EXPECT_EQ(revoked_after, revoked);
  EXPECT_EQ(Introductions(), introductions);
}

TEST_F(SimulatorServiceTest, AYearThatHasNotBegunIsRefused) {
  SimulationOptions options = Options();
  options.year = 2027;
  auto run = RunSimulation(options);
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("has not begun"), std::string::npos) << run.status();
}

}  // namespace
}  // namespace skillbridge::simulator

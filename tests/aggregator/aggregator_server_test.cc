// The aggregator assembled as main.cc assembles it, in this process over a real redis-server:
//  - its HTTP JSON API goes through the same ServiceRuntime as gRPC: each call is counted in the
//    RPC metrics under its RPC's name, written as the same JSON log line, refused with 503 when the
//    executor is full, and its error messages are ID-masked; errors are {"code","reason","message"};
//  - start-up refuses a bad source configuration, naming the flag, before anything else;
//  - a configured source (training, competition) is connected and its indicators carry values.

#include <string>
#include <vector>

#include <httplib.h>

#include "common/util/concat.h"
#include "common/util/utf8.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/aggregator/aggregator_harness.h"
#include "tests/support/metrics_text.h"
#include "tests/support/test_auth.h"

namespace skillbridge::testing {
namespace {

namespace agg = ::skillbridge::aggregator::v1;

// The lines of `log` that contain every one of `parts`.
std::vector<std::string> LinesWith(const std::string& log, const std::vector<std::string>& parts) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) {
      end = log.size();
    }
    const std::string line = log.substr(start, end - start);
    start = end + 1;
    bool all = true;
    for (const std::string& part : parts) {
      all = all && line.find(part) != std::string::npos;
    }
    if (all) {
      out.push_back(line);
    }
  }
  return out;
}

class AggregatorHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::Status started = harness_.Start();
    ASSERT_TRUE(started.ok()) << started;
  }

  AggregatorHarness harness_;
};

TEST_F(AggregatorHttpTest, ACallIsCountedUnderItsRpcLikeAGrpcCall) {
  const std::string ok_labels = "grpc_code=\"OK\"";
  const std::vector<std::string> dashboard = {"grpc_method=\"GetDashboard\"",
                                              "grpc_service=\"skillbridge.aggregator.v1.AggregatorService\""};
  EXPECT_EQ(MetricValue(harness_.Metrics(), "grpc_server_handled_total", dashboard), "");

  const AggregatorHarness::HttpReply reply = harness_.HttpGet("/api/v1/dashboard?year=2026", kViewerToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  agg::GetDashboardResponse answer;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(reply.body, &answer).ok()) << reply.body;
  EXPECT_EQ(answer.year(), 2026);
  EXPECT_EQ(answer.measures_size(), 7);
  ASSERT_EQ(harness_.HttpGet("/api/v1/dashboard?year=2026", "").status, 401);

  // One more over gRPC: the same counter.
  agg::GetDashboardRequest request;
  request.set_year(2026);
  agg::GetDashboardResponse response;
  ASSERT_TRUE(harness_.stub().GetDashboard(ContextWithToken(kViewerToken).get(), request, &response).ok());

  const std::string metrics = harness_.Metrics();
  std::vector<std::string> ok = dashboard;
  ok.push_back(ok_labels);
  EXPECT_EQ(MetricValue(metrics, "grpc_server_handled_total", ok), "2") << metrics;
  std::vector<std::string> refused = dashboard;
  refused.push_back("grpc_code=\"UNAUTHENTICATED\"");
  EXPECT_EQ(MetricValue(metrics, "grpc_server_handled_total", refused), "1") << metrics;
  std::vector<std::string> timed = dashboard;
  timed.push_back("le=\"+Inf\"");
  EXPECT_EQ(MetricValue(metrics, "grpc_server_handling_seconds_bucket", timed), "3") << metrics;
}

TEST_F(AggregatorHttpTest, ErrorsAreJsonWithCodeReasonAndAMaskedMessage) {
  // The indicator id echoed in the message looks like a citizen ID number: it is masked.
  const AggregatorHarness::HttpReply unknown =
      harness_.HttpGet("/api/v1/trend?indicator=34052419800101001X&from_year=2025&to_year=2026", kViewerToken);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.content_type, "application/json; charset=utf-8");
  EXPECT_NE(unknown.body.find("\"code\":\"NOT_FOUND\""), std::string::npos) << unknown.body;
  EXPECT_NE(unknown.body.find("\"reason\":\"INDICATOR_NOT_FOUND\""), std::string::npos) << unknown.body;
  EXPECT_EQ(unknown.body.find("34052419800101001X"), std::string::npos) << unknown.body;
  EXPECT_NE(unknown.body.find("340524********001X"), std::string::npos) << unknown.body;

  // Invalid UTF-8 in a parameter never comes back raw: the body is valid UTF-8 JSON.
  for (const char* path : {"/api/v1/trend?indicator=%ff%fe&from_year=2025&to_year=2026",
                           "/api/v1/ranking?year=2026&indicator=%c0%af", "/api/v1/dashboard?district=%ed%a0%80"}) {
    const AggregatorHarness::HttpReply raw = harness_.HttpGet(path, kViewerToken);
    EXPECT_GE(raw.status, 400) << path;
    EXPECT_EQ(ToValidUtf8(raw.body), raw.body) << path;
    EXPECT_EQ(raw.body.find('\xff'), std::string::npos) << path;
  }

  const AggregatorHarness::HttpReply invalid = harness_.HttpGet("/api/v1/dashboard?year=1999", kViewerToken);
  EXPECT_EQ(invalid.status, 400);
  EXPECT_NE(invalid.body.find("\"code\":\"INVALID_ARGUMENT\""), std::string::npos) << invalid.body;
  EXPECT_NE(invalid.body.find("\"reason\":\"INVALID_FIELD\""), std::string::npos) << invalid.body;

  const AggregatorHarness::HttpReply not_connected =
      harness_.HttpGet("/api/v1/ranking?year=2026&indicator=newly_certified_persons", kViewerToken);
  EXPECT_EQ(not_connected.status, 409);
  EXPECT_NE(not_connected.body.find("\"reason\":\"SOURCE_NOT_CONNECTED\""), std::string::npos) << not_connected.body;

  const AggregatorHarness::HttpReply anonymous = harness_.HttpGet("/api/v1/sources", "");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.www_authenticate, "Bearer");
  EXPECT_NE(anonymous.body.find("\"code\":\"UNAUTHENTICATED\""), std::string::npos) << anonymous.body;
  EXPECT_NE(anonymous.body.find("\"reason\":\"MISSING_TOKEN\""), std::string::npos) << anonymous.body;
}

TEST_F(AggregatorHttpTest, EachCallWritesTheRuntimesLogLine) {
  ::testing::internal::CaptureStderr();
  const AggregatorHarness::HttpReply reply = harness_.HttpGet("/api/v1/targets?year=2026", kAdminToken);
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(reply.status, 200) << reply.body;
  const std::vector<std::string> lines = LinesWith(log, {"\"method\":\"ListTargets\""});
  ASSERT_EQ(lines.size(), 1u) << log;
  for (const char* expected : {"\"service\":\"aggregator\"", "\"principal\":\"admin\"", "\"role\":\"ADMIN\"",
                               "\"code\":\"OK\"", "\"ms\":", "\"peer\":\"http:127.0.0.1:"}) {
    EXPECT_NE(lines[0].find(expected), std::string::npos) << expected << " missing in " << lines[0];
  }
}

// A request body is refused above 16 KiB before any token is read (the API takes none), so a
// large POST costs no memory.
TEST_F(AggregatorHttpTest, ALargeBodyIsRefusedBeforeAuthentication) {
  httplib::Client client("127.0.0.1", harness_.server().http_port());
  client.set_read_timeout(10, 0);
  const httplib::Result result = client.Post("/api/v1/indicators", std::string(1024 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(harness_.HttpGet("/api/v1/indicators", kViewerToken).status, 200);
}

TEST(AggregatorHttpOverloadTest, AFullExecutorAnswers503) {
  AggregatorHarness harness;
  // No queue at all: every call finds the executor full.
  absl::Status started = harness.Start(
      [](HarnessEnvironment&, aggregator::AggregatorServerConfig& config) { config.service.server.max_queue = 0; });
  ASSERT_TRUE(started.ok()) << started;
  const AggregatorHarness::HttpReply reply = harness.HttpGet("/api/v1/indicators", kViewerToken);
  EXPECT_EQ(reply.status, 503);
  EXPECT_NE(reply.body.find("\"code\":\"RESOURCE_EXHAUSTED\""), std::string::npos) << reply.body;
  const std::vector<std::string> labels = {"grpc_method=\"ListIndicators\"", "grpc_code=\"RESOURCE_EXHAUSTED\""};
  EXPECT_EQ(MetricValue(harness.Metrics(), "grpc_server_handled_total", labels), "1");
}

TEST(AggregatorStartTest, AnUnknownSourceIsRefusedNamingTheFlag) {
  AggregatorHarness harness;
  const absl::Status started = harness.Start([](HarnessEnvironment&, aggregator::AggregatorServerConfig& config) {
    config.sources["apprenticeship"] = {"127.0.0.1:1", ""};
  });
  EXPECT_EQ(started.code(), absl::StatusCode::kInvalidArgument) << started;
  EXPECT_NE(started.message().find("--sources"), absl::string_view::npos) << started;
  EXPECT_NE(started.message().find("apprenticeship"), absl::string_view::npos) << started;
}

TEST(AggregatorStartTest, ASourceWithoutAServiceTokenFileIsRefusedNamingTheFlag) {
  AggregatorHarness harness;
  const absl::Status started = harness.Start([](HarnessEnvironment&, aggregator::AggregatorServerConfig& config) {
    config.sources["evaluation"] = {"127.0.0.1:1", ""};
  });
  EXPECT_EQ(started.code(), absl::StatusCode::kInvalidArgument) << started;
  EXPECT_NE(started.message().find("--service_token_file"), absl::string_view::npos) << started;
}

TEST(AggregatorStartTest, AConfiguredSourceIsConnectedAndShownInTheSourceStatus) {
  AggregatorHarness harness;
  const absl::Status started = harness.Start([](HarnessEnvironment& env, aggregator::AggregatorServerConfig& config) {
    // Nothing listens there: the source is connected (configured) but not healthy.
    config.sources["training"] = {"127.0.0.1:1", ""};
    config.service_token_file = env.WriteTokenFile("service-token", kServiceToken);
  });
  ASSERT_TRUE(started.ok()) << started;
  agg::GetSourceStatusResponse status;
  ASSERT_TRUE(harness.stub().GetSourceStatus(ContextWithToken(kViewerToken).get(), {}, &status).ok());
  ASSERT_EQ(status.sources_size(), 5);
  for (const agg::SourceStatus& s : status.sources()) {
    EXPECT_EQ(s.connected(), s.source() == "training") << s.source();
  }
  agg::ListIndicatorsResponse indicators;
  ASSERT_TRUE(harness.stub().ListIndicators(ContextWithToken(kViewerToken).get(), {}, &indicators).ok());
  for (const agg::Indicator& i : indicators.indicators()) {
    if (i.id() == "subsidized_training_person_times") {
      EXPECT_TRUE(i.source_connected());
    }
    if (i.id() == "newly_certified_persons") {
      EXPECT_FALSE(i.source_connected());
    }
  }
}

TEST(AggregatorStartTest, CompetitionIsASourceAndItsFiguresTrendByYearOnly) {
  AggregatorHarness harness;
  const absl::Status started = harness.Start([](HarnessEnvironment& env, aggregator::AggregatorServerConfig& config) {
    config.sources["competition"] = {"127.0.0.1:1", ""};
    config.service_token_file = env.WriteTokenFile("service-token", kServiceToken);
  });
  ASSERT_TRUE(started.ok()) << started;
  agg::GetSourceStatusResponse status;
  ASSERT_TRUE(harness.stub().GetSourceStatus(ContextWithToken(kViewerToken).get(), {}, &status).ok());
  for (const agg::SourceStatus& s : status.sources()) {
    EXPECT_EQ(s.connected(), s.source() == "competition") << s.source();
  }
  agg::GetDashboardRequest dashboard_request;
  dashboard_request.set_year(2026);
  agg::GetDashboardResponse dashboard;
  ASSERT_TRUE(harness.stub().GetDashboard(ContextWithToken(kViewerToken).get(), dashboard_request, &dashboard).ok());
  const agg::MeasureGroup& competitions = dashboard.measures(3);
  ASSERT_EQ(competitions.measure().number(), 4);
  for (const agg::IndicatorValue& v : competitions.values()) {
    // The integration figure also needs evaluation; the others are competition's own.
    const bool connected = v.indicator_id() != "competition_promotion_certified";
    EXPECT_EQ(v.source_connected(), connected) << v.indicator_id();
    EXPECT_EQ(v.has_value(), connected) << v.indicator_id();
  }
  agg::GetTrendRequest trend_request;
  trend_request.set_indicator_id("competition_participants");
  trend_request.set_from_year(2024);
  trend_request.set_to_year(2026);
  trend_request.set_monthly(true);
  agg::GetTrendResponse trend;
  const grpc::Status monthly = harness.stub().GetTrend(ContextWithToken(kViewerToken).get(), trend_request, &trend);
  EXPECT_EQ(monthly.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(monthly), "NO_MONTHLY_HISTORY");
  trend_request.set_monthly(false);
  ASSERT_TRUE(harness.stub().GetTrend(ContextWithToken(kViewerToken).get(), trend_request, &trend).ok());
  ASSERT_EQ(trend.points_size(), 3);
  EXPECT_EQ(trend.points(2).year(), 2026);
  EXPECT_EQ(trend.points(2).month(), 0);
}

}  // namespace
}  // namespace skillbridge::testing

// The bad-input corpus of the aggregator's gRPC API, over real gRPC and a real redis-server. Each
// RPC is fed a table of malformed requests, each made from a valid request by changing one field
// (years out of range, unknown districts, blank or malformed indicator ids, targets that are not
// finite, citizen ID numbers with wrong check characters or impossible birth dates, bad request
// ids, negative page sizes and malformed page tokens). Each one must be answered INVALID_ARGUMENT,
// reason INVALID_FIELD, with BadRequest field violations naming only the changed field by its path
// in the request ("target.district_code"), must leave the store as it was (number of keys; the
// audit stream, where refusals are recorded, is left out), and must leave the service answering
// normal calls. Separately: invalid UTF-8 on the wire is refused by gRPC before the service sees
// it (UNIMPLEMENTED, docs/api.md "Requests that do not parse"), and a target's output-only and
// unknown fields are ignored and never stored.

#include <climits>
#include <cmath>
#include <functional>
#include <future>
#include <iostream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/aggregator/store/aggregator_store.h"
#include "tests/aggregator/aggregator_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace ag = ::skillbridge::aggregator::v1;

constexpr char kIndicator[] = "new_high_skilled_persons";

class AggregatorBadInputTest : public SuiteHarnessTest<AggregatorHarness> {
 protected:
  static void TearDownTestSuite() {
    std::cout << "[ corpus   ] " << total_cases_ << " malformed aggregator requests" << std::endl;
    SuiteHarnessTest::TearDownTestSuite();
  }

  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) { return ContextWithToken(token); }
  ag::AggregatorService::Stub& stub() { return harness_->stub(); }

  StoreSize Size() {
    StoreSize size;
    size.keys = harness_->environment().CountKeys("*");
    auto audit = harness_->environment().redis_client().Command({"EXISTS", aggregator::keys::kAudit});
    EXPECT_TRUE(audit.ok());
    size.keys -= audit.ok() ? audit->integer() : 0;
    return size;
  }

  // A normal call still succeeds.
  void ExpectAlive() {
    ag::ListIndicatorsResponse indicators;
    const grpc::Status status =
        stub().ListIndicators(Context(kViewerToken).get(), ag::ListIndicatorsRequest(), &indicators);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Request, typename Response>
  using Method = grpc::Status (ag::AggregatorService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  // Sends every case (as `token`) and checks the answer, the store and that the service lives.
  template <typename Request, typename Response>
  void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases,
           const std::string& token = kAdminToken) {
    for (const BadCase<Request>& c : cases) {
      SCOPED_TRACE(c.name);
      Request request = valid;
      c.mutate(request);
      const StoreSize before = Size();
      Response response;
      const grpc::Status status = (stub().*method)(Context(token).get(), request, &response);
      ExpectInvalidField(status, c.field);
      EXPECT_EQ(Size(), before);
      ExpectAlive();
    }
    total_cases_ += static_cast<int>(cases.size());
  }

  // The valid request itself is accepted (the cases differ from it by their one field only).
  template <typename Request, typename Response>
  void ExpectAccepted(Method<Request, Response> method, const Request& valid, const std::string& token = kAdminToken) {
    Response response;
    const grpc::Status status = (stub().*method)(Context(token).get(), valid, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // The valid request of an RPC that reads a source passes validation: no source is connected
  // here, so it is refused FAILED_PRECONDITION SOURCE_NOT_CONNECTED.
  template <typename Request, typename Response>
  void ExpectValid(Method<Request, Response> method, const Request& valid) {
    Response response;
    const grpc::Status status = (stub().*method)(Context(kViewerToken).get(), valid, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
    EXPECT_EQ(ReasonOf(status), "SOURCE_NOT_CONNECTED");
  }

  // Sends `bytes` as the request of `method` with a generic stub.
  grpc::Status RawCall(const std::string& method, const std::string& bytes) {
    return RawUnaryCall(harness_->channel(), "/skillbridge.aggregator.v1.AggregatorService/" + method, bytes,
                        kAdminToken);
  }

  static inline int total_cases_ = 0;
};

// A year of the views: 2000..2100.
template <typename R>
void AddYearCases(Cases<R>& cases, const std::string& field, std::function<void(R&, int)> set) {
  for (int year : {0, -2026, 1999, 2101, INT_MAX, INT_MIN}) {
    cases.push_back({field + ": " + std::to_string(year), [set, year](R& r) { set(r, year); }, field});
  }
}

// An indicator id: required, and text without control or invisible characters.
template <typename R>
void AddIndicatorCases(Cases<R>& cases, const std::string& field, StringSetter<R> set) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  add("empty", "");
  add("10,000 characters", Repeat("x", 10000));
  add("newline", "new_high_skilled_persons\n");
  add("U+202E",
      "new_high_\xe2\x80\xae"
      "skilled_persons");
  add("U+200B", "new_high_skilled_persons\xe2\x80\x8b");
}

TEST_F(AggregatorBadInputTest, SetTarget) {
  using Req = ag::SetTargetRequest;
  Req valid;
  valid.set_request_id("target-1");
  valid.mutable_target()->set_indicator_id(kIndicator);
  valid.mutable_target()->set_year(2026);
  valid.mutable_target()->set_district_code(kDistrictA);
  valid.mutable_target()->set_value(2500);
  Cases<Req> cases;
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  AddIndicatorCases<Req>(cases, "target.indicator_id",
                         [](Req& r, const std::string& v) { r.mutable_target()->set_indicator_id(v); });
  cases.push_back({"target.indicator_id: unknown", [](Req& r) { r.mutable_target()->set_indicator_id("no_such"); },
                   "target.indicator_id"});
  AddYearCases<Req>(cases, "target.year", [](Req& r, int v) { r.mutable_target()->set_year(v); });
  AddDistrictCases<Req>(
      cases, "target.district_code", [](Req& r, const std::string& v) { r.mutable_target()->set_district_code(v); },
      false);
  for (const auto& [what, value] :
       std::vector<std::pair<std::string, double>>{{"NaN", std::numeric_limits<double>::quiet_NaN()},
                                                   {"infinity", std::numeric_limits<double>::infinity()},
                                                   {"-infinity", -std::numeric_limits<double>::infinity()},
                                                   {"-1", -1.0},
                                                   {"1e16", 1e16}}) {
    cases.push_back(
        {"target.value: " + what, [value = value](Req& r) { r.mutable_target()->set_value(value); }, "target.value"});
  }
  Run(&ag::AggregatorService::Stub::SetTarget, valid, cases);
  ExpectAccepted(&ag::AggregatorService::Stub::SetTarget, valid);
}

TEST_F(AggregatorBadInputTest, Views) {
  {
    using Req = ag::GetDashboardRequest;
    Req valid;
    valid.set_year(2026);
    valid.set_district_code(kDistrictA);
    Cases<Req> cases;
    AddYearCases<Req>(cases, "year", [](Req& r, int v) { r.set_year(v); });
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    Run(&ag::AggregatorService::Stub::GetDashboard, valid, cases, kViewerToken);
    ExpectAccepted(&ag::AggregatorService::Stub::GetDashboard, valid, kViewerToken);
  }
  {
    using Req = ag::GetTrendRequest;
    Req valid;
    valid.set_indicator_id(kIndicator);
    valid.set_from_year(2025);
    valid.set_to_year(2026);
    Cases<Req> cases;
    AddIndicatorCases<Req>(cases, "indicator_id", [](Req& r, const std::string& v) { r.set_indicator_id(v); });
    AddYearCases<Req>(cases, "from_year", [](Req& r, int v) { r.set_from_year(v); });
    cases.push_back({"to_year: before from_year", [](Req& r) { r.set_to_year(2024); }, "to_year"});
    cases.push_back({"to_year: 2100 (too long a span)", [](Req& r) { r.set_to_year(2100); }, "to_year"});
    cases.push_back({"to_year: 2101", [](Req& r) { r.set_to_year(2101); }, "to_year"});
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    Run(&ag::AggregatorService::Stub::GetTrend, valid, cases, kViewerToken);
    ExpectValid(&ag::AggregatorService::Stub::GetTrend, valid);
  }
  {
    using Req = ag::GetDistrictRankingRequest;
    Req valid;
    valid.set_year(2026);
    valid.set_indicator_id(kIndicator);
    Cases<Req> cases;
    AddYearCases<Req>(cases, "year", [](Req& r, int v) { r.set_year(v); });
    AddIndicatorCases<Req>(cases, "indicator_id", [](Req& r, const std::string& v) { r.set_indicator_id(v); });
    Run(&ag::AggregatorService::Stub::GetDistrictRanking, valid, cases, kViewerToken);
    ExpectValid(&ag::AggregatorService::Stub::GetDistrictRanking, valid);
  }
  {
    using Req = ag::GetIndustryChainViewRequest;
    Req valid;
    valid.set_year(2026);
    Cases<Req> cases;
    AddYearCases<Req>(cases, "year", [](Req& r, int v) { r.set_year(v); });
    Run(&ag::AggregatorService::Stub::GetIndustryChainView, valid, cases, kViewerToken);
  }
  {
    using Req = ag::ListTargetsRequest;
    Req valid;
    valid.set_year(2026);
    Cases<Req> cases;
    AddYearCases<Req>(cases, "year", [](Req& r, int v) { r.set_year(v); });
    Run(&ag::AggregatorService::Stub::ListTargets, valid, cases, kViewerToken);
  }
}

TEST_F(AggregatorBadInputTest, TalentProfileRebuildAndAudit) {
  {
    using Req = ag::GetTalentProfileRequest;
    Req valid;
    valid.set_id_number(PersonId(1));
    Cases<Req> cases;
    AddIdNumberCases<Req>(cases, "id_number", [](Req& r, const std::string& v) { r.set_id_number(v); });
    Run(&ag::AggregatorService::Stub::GetTalentProfile, valid, cases);
    ExpectAccepted(&ag::AggregatorService::Stub::GetTalentProfile, valid);
  }
  {
    using Req = ag::RebuildViewsRequest;
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    Run(&ag::AggregatorService::Stub::RebuildViews, Req(), cases);
  }
  {
    using Req = ag::ListAuditEntriesRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    Run(&ag::AggregatorService::Stub::ListAuditEntries, Req(), cases);
  }
}

TEST_F(AggregatorBadInputTest, InvalidUtf8OnTheWireIsRefusedByGrpcAndStoresNothing) {
  ag::SetTargetRequest set;
  set.mutable_target()->set_indicator_id(kIndicator);
  set.mutable_target()->set_year(2026);
  set.mutable_target()->set_value(100);
  ag::GetTalentProfileRequest profile;
  profile.set_id_number(PersonId(1));
  struct Target {
    std::string method;
    std::string valid;
    std::function<std::string(const std::string&)> field;
    std::string name;
  };
  const std::vector<Target> targets = {
      {"SetTarget", set.SerializeAsString(),
       [](const std::string& v) { return LengthDelimited(1, LengthDelimited(1, v)); }, "target.indicator_id"},
      {"SetTarget", set.SerializeAsString(), [](const std::string& v) { return LengthDelimited(2, v); }, "request_id"},
      {"GetTalentProfile", profile.SerializeAsString(), [](const std::string& v) { return LengthDelimited(1, v); },
       "id_number"},
  };
  int sent = 0;
  for (const Target& target : targets) {
    const grpc::Status parsed = RawCall(target.method, target.valid + target.field("a"));
    EXPECT_NE(parsed.error_code(), grpc::StatusCode::UNIMPLEMENTED) << target.method << " " << target.name;
    for (const auto& [what, bytes] : InvalidUtf8()) {
      SCOPED_TRACE(target.method + " " + target.name + ": " + what);
      const StoreSize before = Size();
      const grpc::Status status = RawCall(target.method, target.valid + target.field(bytes));
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
      EXPECT_EQ(Size(), before);
      ExpectAlive();
      ++sent;
    }
  }
  std::cout << "[ corpus   ] " << sent << " requests with invalid UTF-8" << std::endl;
}

TEST_F(AggregatorBadInputTest, OutputOnlyAndUnknownFieldsOfATargetAreIgnored) {
  ag::SetTargetRequest request;
  request.mutable_target()->set_indicator_id(kIndicator);
  request.mutable_target()->set_year(2027);
  request.mutable_target()->set_value(3000);
  request.mutable_target()->set_updated_by("MARKER-somebody-else");
  request.mutable_target()->mutable_update_time()->set_seconds(7);
  ag::Target* target = request.mutable_target();
  target->GetReflection()->MutableUnknownFields(target)->AddLengthDelimited(900, "MARKER-unknown");
  ag::SetTargetResponse set;
  ASSERT_TRUE(stub().SetTarget(Context(kAdminToken).get(), request, &set).ok());
  ag::ListTargetsRequest list;
  list.set_year(2027);
  ag::ListTargetsResponse targets;
  ASSERT_TRUE(stub().ListTargets(Context(kAdminToken).get(), list, &targets).ok());
  ASSERT_EQ(targets.targets_size(), 1);
  EXPECT_EQ(targets.targets(0).updated_by().find("MARKER"), std::string::npos) << targets.targets(0).updated_by();
  EXPECT_NE(targets.targets(0).update_time().seconds(), 7);
  EXPECT_TRUE(targets.targets(0).GetReflection()->GetUnknownFields(targets.targets(0)).empty());
}

}  // namespace
}  // namespace skillbridge::testing

// ServiceRuntime over a real gRPC server: authentication, permissions, executor limits,
// error details, audit of refused mutations, and the per-request log line; then the same
// pipeline through Call, the entry point of edges that are not gRPC reactors.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "tests/common/server/echo_fixture.h"
#include "tests/support/metrics_text.h"

namespace skillbridge {
namespace {

using echo::v1::EchoRequest;
using echo::v1::EchoResponse;
using testing::CallEcho;
using testing::EchoServer;
using testing::kAdminToken;
using testing::kViewerToken;

constexpr char kEchoMethod[] = "/skillbridge.echo.v1.EchoService/Echo";

TEST(ServiceRuntimeTest, OkCallRunsHandlerWithCallContext) {
  std::atomic<bool> checked{false};
  EchoServer::Options options;
  options.handler = [&checked](const CallContext& call, const EchoRequest& request, EchoResponse* response) {
    EXPECT_EQ(call.principal.name, "admin");
    EXPECT_EQ(call.principal.role, common::v1::ROLE_ADMIN);
    EXPECT_EQ(call.service, testing::kEchoService);
    EXPECT_EQ(call.method, "Echo");
    EXPECT_EQ(call.now, absl::FromUnixSeconds(testing::kTestNowUnixSeconds));
    EXPECT_NE(call.deadline, absl::InfiniteFuture());
    EXPECT_FALSE(call.peer.empty());
    checked = true;
    response->set_payload(request.payload());
    return absl::OkStatus();
  };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();
  EchoResponse response;
  const grpc::Status status = CallEcho(*stub, kAdminToken, "hello", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.payload(), "hello");
  EXPECT_TRUE(checked);
  EXPECT_TRUE(server.audit().entries().empty());  // successful mutations are audited by the store
}

TEST(ServiceRuntimeTest, HandlersSeeRequestsWithoutOutputOnlyFields) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();
  EchoRequest request;
  request.set_payload("x");
  request.mutable_envelope()->set_note("kept");
  request.mutable_envelope()->set_server_stamp("set by the client");
  request.mutable_envelope()->add_children()->set_server_stamp("nested");
  EchoResponse response;
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
  const grpc::Status status = stub->Echo(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.envelope().note(), "kept");
  EXPECT_EQ(response.envelope().server_stamp(), "");
  ASSERT_EQ(response.envelope().children_size(), 1);
  EXPECT_EQ(response.envelope().children(0).server_stamp(), "");
}

// A refusal before authentication costs no store write: no audit entry (a flood of token-less
// calls must not fill the audit stream or slow other callers down), and no handler runs.
TEST(ServiceRuntimeTest, MissingTokenIsUnauthenticatedAndNotAudited) {
  std::atomic<int> runs{0};
  EchoServer::Options options;
  options.handler = [&runs](const CallContext&, const EchoRequest&, EchoResponse*) {
    ++runs;
    return absl::OkStatus();
  };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();
  for (int i = 0; i < 100; ++i) {
    const grpc::Status status = CallEcho(*stub, i % 2 == 0 ? "" : "not-a-known-token", "x", nullptr, "req-1");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_TRUE(server.audit().entries().empty());
  EXPECT_EQ(runs.load(), 0);
  // An authenticated caller's refusal is still audited.
  EXPECT_EQ(CallEcho(*stub, testing::kViewerToken, "x").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(server.audit().entries().size(), 1u);
}

TEST(ServiceRuntimeTest, UnknownTokenIsUnauthenticated) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();
  const grpc::Status status = CallEcho(*stub, "not-a-known-token", "x");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message().find("not-a-known-token"), std::string::npos);
}

TEST(ServiceRuntimeTest, WrongRoleIsPermissionDeniedAndAudited) {
  std::atomic<int> runs{0};
  EchoServer::Options options;
  options.handler = [&runs](const CallContext&, const EchoRequest&, EchoResponse*) {
    ++runs;
    return absl::OkStatus();
  };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();
  const grpc::Status status = CallEcho(*stub, kViewerToken, "x", nullptr, "req-2");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(FromGrpcStatus(status)), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(runs.load(), 0);
  const auto entries = server.audit().entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].principal(), "viewer");
  EXPECT_EQ(entries[0].role(), common::v1::ROLE_VIEWER);
  EXPECT_EQ(entries[0].method(), kEchoMethod);
  EXPECT_EQ(entries[0].outcome(), "PERMISSION_DENIED");
  EXPECT_EQ(entries[0].detail(), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(entries[0].request_id(), "req-2");
}

TEST(ServiceRuntimeTest, HandlerErrorCarriesDetailsAndIsAudited) {
  EchoServer::Options options;
  options.handler = [](const CallContext&, const EchoRequest& request, EchoResponse*) -> absl::Status {
    if (request.payload() == "rule") {
      return FailedPreconditionError("SUBSIDY_LIMIT_REACHED", "person 37020219900101123X had 3 subsidies this year");
    }
    FieldViolations violations;
    violations.Add("payload", "must be 'rule'");
    return violations.ToStatus();
  };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();

  const grpc::Status refused = CallEcho(*stub, kAdminToken, "rule", nullptr, "req-3");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.error_message().find("37020219900101123X"), std::string::npos) << refused.error_message();
  EXPECT_EQ(ReasonOf(FromGrpcStatus(refused)), "SUBSIDY_LIMIT_REACHED");

  const grpc::Status invalid = CallEcho(*stub, kAdminToken, "other");
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::vector<FieldViolation> violations = FieldViolationsOf(FromGrpcStatus(invalid));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "payload");

  const auto entries = server.audit().entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].principal(), "admin");
  EXPECT_EQ(entries[0].role(), common::v1::ROLE_ADMIN);
  EXPECT_EQ(entries[0].outcome(), "FAILED_PRECONDITION");
  EXPECT_EQ(entries[0].detail(), "SUBSIDY_LIMIT_REACHED");
  EXPECT_EQ(entries[0].request_id(), "req-3");
  EXPECT_EQ(entries[1].outcome(), "INVALID_ARGUMENT");
}

TEST(ServiceRuntimeTest, ThrowingHandlerIsInternalAndServerSurvives) {
  EchoServer::Options options;
  options.handler = [](const CallContext&, const EchoRequest& request, EchoResponse* response) -> absl::Status {
    if (request.payload() == "throw") {
      throw std::runtime_error("handler bug");
    }
    response->set_payload(request.payload());
    return absl::OkStatus();
  };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();
  const grpc::Status status = CallEcho(*stub, kAdminToken, "throw");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message().find("handler bug"), std::string::npos);
  EXPECT_TRUE(CallEcho(*stub, kAdminToken, "fine").ok());
}

// A handler that blocks on "block" payloads until released, counting what it ran.
struct BlockingHandler {
  absl::Notification started;
  absl::Notification release;
  std::atomic<int> runs{0};

  testing::EchoHandler Handler() {
    return [this](const CallContext&, const EchoRequest& request, EchoResponse* response) {
      ++runs;
      if (request.payload() == "block") {
        started.Notify();
        release.WaitForNotification();
      }
      response->set_payload(request.payload());
      return absl::OkStatus();
    };
  }
};

TEST(ServiceRuntimeTest, FullQueueIsResourceExhausted) {
  BlockingHandler blocking;
  EchoServer::Options options;
  options.workers = 1;
  options.max_queue = 1;
  options.handler = blocking.Handler();
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();

  grpc::Status first;
  std::thread first_call([&] { first = CallEcho(*stub, kAdminToken, "block"); });
  blocking.started.WaitForNotification();

  // The only worker is busy: of two more calls, one waits in the queue, the other is refused.
  grpc::Status second;
  grpc::Status third;
  std::atomic<int> done{0};
  std::thread second_call([&] {
    second = CallEcho(*stub, kAdminToken, "a");
    ++done;
  });
  std::thread third_call([&] {
    third = CallEcho(*stub, kAdminToken, "b");
    ++done;
  });
  // The refused call returns while the worker is still blocked.
  for (int i = 0; i < 2000 && done.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(done.load(), 1);
  blocking.release.Notify();
  first_call.join();
  second_call.join();
  third_call.join();

  EXPECT_TRUE(first.ok());
  const int exhausted = (second.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ? 1 : 0) +
                        (third.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ? 1 : 0);
  const int ok = (second.ok() ? 1 : 0) + (third.ok() ? 1 : 0);
  EXPECT_EQ(exhausted, 1);
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(blocking.runs.load(), 2);
}

TEST(ServiceRuntimeTest, CallWhoseDeadlinePassedInTheQueueDoesNotRun) {
  BlockingHandler blocking;
  EchoServer::Options options;
  options.workers = 1;
  options.handler = blocking.Handler();
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();

  grpc::Status first;
  std::thread first_call([&] { first = CallEcho(*stub, kAdminToken, "block"); });
  blocking.started.WaitForNotification();
  const grpc::Status late = CallEcho(*stub, kAdminToken, "late", nullptr, "", /*deadline_ms=*/100);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's copy of the deadline (sent as a timeout) ends a little after the client's.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  blocking.release.Notify();
  first_call.join();
  EXPECT_TRUE(first.ok());
  // Let the worker reach the expired call, then check it was skipped.
  EXPECT_TRUE(CallEcho(*stub, kAdminToken, "after").ok());
  EXPECT_EQ(blocking.runs.load(), 2);  // "block" and "after", never "late"
}

TEST(ServiceRuntimeTest, RuntimeShutDownAnswersUnavailable) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();
  ASSERT_TRUE(CallEcho(*stub, kAdminToken, "x").ok());
  server.runtime().Shutdown();
  EXPECT_EQ(CallEcho(*stub, kAdminToken, "x").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST(ServiceRuntimeTest, WritesOneMaskedJsonLinePerRequest) {
  EchoServer::Options options;
  options.handler = [](const CallContext&, const EchoRequest&, EchoResponse*) {
    return NotFoundError("PERSON_NOT_FOUND", "no person 37020219900101123X");
  };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  auto stub = server.stub();
  ::testing::internal::CaptureStderr();
  const grpc::Status status = CallEcho(*stub, kAdminToken, "x", nullptr, "req-log-1");
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  std::vector<std::string> lines;
  for (size_t start = 0; start < log.size();) {
    const size_t end = log.find('\n', start);
    const std::string line = log.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.find("\"request_id\":\"req-log-1\"") != std::string::npos) {
      lines.push_back(line);
    }
    start = end == std::string::npos ? log.size() : end + 1;
  }
  ASSERT_EQ(lines.size(), 1u) << log;
  const std::string& line = lines[0];
  EXPECT_EQ(line.front(), '{');
  EXPECT_EQ(line.back(), '}');
  for (const char* expected :
       {"\"ts\":\"2024-05-01T00:00:00", "\"service\":\"echo\"", "\"method\":\"Echo\"", "\"principal\":\"admin\"",
        "\"role\":\"ADMIN\"", "\"code\":\"NOT_FOUND\"", "\"reason\":\"PERSON_NOT_FOUND\"", "\"ms\":", "\"peer\":\""}) {
    EXPECT_NE(line.find(expected), std::string::npos) << expected << " missing in " << line;
  }
  EXPECT_EQ(line.find("37020219900101123X"), std::string::npos) << line;
  EXPECT_NE(line.find("370202"), std::string::npos) << line;
}

// ---- ServiceRuntime::Call: the synchronous entry point (e.g. the aggregator's HTTP API)

constexpr char kHttpPeer[] = "http:127.0.0.1:40000";

std::string Bearer(const char* token) { return std::string("Bearer ") + token; }

absl::Time InTenSeconds() { return absl::Now() + absl::Seconds(10); }

// The value of a metric line (testing::MetricValue) read from the server's /metrics.
std::string MetricValue(int metrics_port, const std::string& name, const std::vector<std::string>& labels) {
  const absl::StatusOr<std::string> metrics = testing::HttpGet(metrics_port, "/metrics");
  if (!metrics.ok()) {
    return "unreachable";
  }
  return testing::MetricValue(*metrics, name, labels);
}

TEST(ServiceRuntimeCallTest, RunsTheWorkOnAWorkerWithItsContextAndASanitizedRequest) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  EchoRequest request;
  request.set_payload("hello");
  request.mutable_envelope()->set_note("kept");
  request.mutable_envelope()->set_server_stamp("set by the caller");
  const std::thread::id caller = std::this_thread::get_id();
  const absl::Time deadline = InTenSeconds();
  std::thread::id worker;
  std::string seen_stamp = "not run";
  CallContext seen;
  const absl::Status status =
      server.runtime().Call("Echo", Bearer(kAdminToken), kHttpPeer, deadline, request, [&](const CallContext& call) {
        worker = std::this_thread::get_id();
        seen = call;
        seen_stamp = request.envelope().server_stamp();
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_NE(worker, caller);
  EXPECT_EQ(seen_stamp, "");
  EXPECT_EQ(request.envelope().note(), "kept");
  EXPECT_EQ(seen.principal.name, "admin");
  EXPECT_EQ(seen.service, testing::kEchoService);
  EXPECT_EQ(seen.method, "Echo");
  EXPECT_EQ(seen.now, absl::FromUnixSeconds(testing::kTestNowUnixSeconds));
  EXPECT_EQ(seen.deadline, deadline);
  EXPECT_EQ(seen.peer, kHttpPeer);
  // Counted as the gRPC method is.
  EXPECT_EQ(
      MetricValue(server.runner().metrics_port(), "grpc_server_handled_total",
                  {"grpc_service=\"skillbridge.echo.v1.EchoService\"", "grpc_method=\"Echo\"", "grpc_code=\"OK\""}),
      "1");
}

TEST(ServiceRuntimeCallTest, ErrorsComeBackMaskedWithTheirReasonAndFields) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  EchoRequest request;
  request.set_request_id("req-call-1");
  const absl::Status refused =
      server.runtime().Call("Echo", Bearer(kAdminToken), kHttpPeer, InTenSeconds(), request, [](const CallContext&) {
        return FailedPreconditionError("SUBSIDY_LIMIT_REACHED", "person 37020219900101123X had 3 subsidies this year");
      });
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused), "SUBSIDY_LIMIT_REACHED");
  EXPECT_EQ(refused.message().find("37020219900101123X"), absl::string_view::npos) << refused;
  EXPECT_NE(refused.message().find("370202********123X"), absl::string_view::npos) << refused;

  const absl::Status invalid =
      server.runtime().Call("Echo", Bearer(kAdminToken), kHttpPeer, InTenSeconds(), request, [](const CallContext&) {
        FieldViolations violations;
        violations.Add("envelope.note", "37020219900101123X is not a note");
        return violations.ToStatus();
      });
  EXPECT_EQ(invalid.code(), absl::StatusCode::kInvalidArgument);
  const std::vector<FieldViolation> fields = FieldViolationsOf(invalid);
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].field, "envelope.note");
  EXPECT_EQ(fields[0].description.find("37020219900101123X"), std::string::npos) << fields[0].description;

  // Refused mutations are audited, as on the gRPC path.
  const auto entries = server.audit().entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].outcome(), "FAILED_PRECONDITION");
  EXPECT_EQ(entries[0].detail(), "SUBSIDY_LIMIT_REACHED");
  EXPECT_EQ(entries[0].request_id(), "req-call-1");
  EXPECT_EQ(entries[1].outcome(), "INVALID_ARGUMENT");
}

TEST(ServiceRuntimeCallTest, WithoutAValidTokenOrRoleTheWorkDoesNotRun) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  std::atomic<int> runs{0};
  const auto work = [&runs](const CallContext&) {
    ++runs;
    return absl::OkStatus();
  };
  EchoRequest request;
  const absl::Status anonymous = server.runtime().Call("Echo", "", kHttpPeer, InTenSeconds(), request, work);
  EXPECT_EQ(anonymous.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ReasonOf(anonymous), "MISSING_TOKEN");
  const absl::Status unknown =
      server.runtime().Call("Echo", Bearer("not-a-known-token"), kHttpPeer, InTenSeconds(), request, work);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kUnauthenticated);
  const absl::Status viewer =
      server.runtime().Call("Echo", Bearer(kViewerToken), kHttpPeer, InTenSeconds(), request, work);
  EXPECT_EQ(viewer.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(viewer), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(runs.load(), 0);
  // Only the authenticated caller's refusal is audited.
  const auto entries = server.audit().entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].principal(), "viewer");
  EXPECT_EQ(entries[0].outcome(), "PERMISSION_DENIED");
}

TEST(ServiceRuntimeCallTest, AFullExecutorRefusesAtOnceWhileQueuedCallersWait) {
  EchoServer::Options options;
  options.workers = 1;
  options.max_queue = 1;
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  absl::Notification started;
  absl::Notification release;
  std::atomic<int> runs{0};
  const auto blocking = [&](const CallContext&) {
    ++runs;
    started.Notify();
    release.WaitForNotification();
    return absl::OkStatus();
  };
  const auto quick = [&runs](const CallContext&) {
    ++runs;
    return absl::OkStatus();
  };
  EchoRequest first_request;
  absl::Status first;
  std::thread first_call([&] {
    first = server.runtime().Call("Echo", Bearer(kAdminToken), kHttpPeer, InTenSeconds(), first_request, blocking);
  });
  started.WaitForNotification();
  // The only worker is busy: of two more calls, one waits in the queue (its caller blocked until
  // the worker is free), the other is refused at once.
  EchoRequest requests[2];
  absl::Status results[2];
  std::atomic<int> returned{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 2; ++i) {
    callers.emplace_back([&, i] {
      results[i] = server.runtime().Call("Echo", Bearer(kAdminToken), kHttpPeer, InTenSeconds(), requests[i], quick);
      ++returned;
    });
  }
  for (int i = 0; i < 2000 && returned.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(returned.load(), 1);
  release.Notify();
  first_call.join();
  for (std::thread& caller : callers) {
    caller.join();
  }
  EXPECT_TRUE(first.ok()) << first;
  const int exhausted = (results[0].code() == absl::StatusCode::kResourceExhausted ? 1 : 0) +
                        (results[1].code() == absl::StatusCode::kResourceExhausted ? 1 : 0);
  EXPECT_EQ(exhausted, 1) << results[0] << " / " << results[1];
  EXPECT_EQ((results[0].ok() ? 1 : 0) + (results[1].ok() ? 1 : 0), 1);
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(MetricValue(server.runner().metrics_port(), "grpc_server_handled_total",
                        {"grpc_method=\"Echo\"", "grpc_code=\"RESOURCE_EXHAUSTED\""}),
            "1");
  // A refusal for overload is logged, not audited (as on the gRPC path).
  EXPECT_TRUE(server.audit().entries().empty());
}

TEST(ServiceRuntimeCallTest, APassedDeadlineOrAShutDownRuntimeRunsNothing) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  std::atomic<int> runs{0};
  const auto work = [&runs](const CallContext&) {
    ++runs;
    return absl::OkStatus();
  };
  EchoRequest request;
  const absl::Status late =
      server.runtime().Call("Echo", Bearer(kAdminToken), kHttpPeer, absl::Now() - absl::Seconds(1), request, work);
  EXPECT_EQ(late.code(), absl::StatusCode::kDeadlineExceeded);
  server.runtime().Shutdown();
  const absl::Status closed =
      server.runtime().Call("Echo", Bearer(kAdminToken), kHttpPeer, InTenSeconds(), request, work);
  EXPECT_EQ(closed.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(runs.load(), 0);
}

TEST(ServiceRuntimeCallTest, WritesTheSameMaskedLogLine) {
  EchoServer server(EchoServer::Options{});
  ASSERT_TRUE(server.Start().ok());
  EchoRequest request;
  request.set_request_id("req-call-log");
  ::testing::internal::CaptureStderr();
  const absl::Status status = server.runtime().Call(
      "Echo", Bearer(kAdminToken), kHttpPeer, InTenSeconds(), request,
      [](const CallContext&) { return NotFoundError("PERSON_NOT_FOUND", "no person 37020219900101123X"); });
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  std::vector<std::string> lines;
  for (size_t start = 0; start < log.size();) {
    const size_t end = log.find('\n', start);
    const std::string line = log.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.find("\"request_id\":\"req-call-log\"") != std::string::npos) {
      lines.push_back(line);
    }
    start = end == std::string::npos ? log.size() : end + 1;
  }
  ASSERT_EQ(lines.size(), 1u) << log;
  for (const char* expected :
       {"\"service\":\"echo\"", "\"method\":\"Echo\"", "\"principal\":\"admin\"", "\"code\":\"NOT_FOUND\"",
        "\"reason\":\"PERSON_NOT_FOUND\"", "\"peer\":\"http:127.0.0.1:40000\""}) {
    EXPECT_NE(lines[0].find(expected), std::string::npos) << expected << " missing in " << lines[0];
  }
  EXPECT_EQ(lines[0].find("37020219900101123X"), std::string::npos) << lines[0];
}

}  // namespace
}  // namespace skillbridge

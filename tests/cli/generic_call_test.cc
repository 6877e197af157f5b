// The command-line tool's generic call against the real evaluation service (real gRPC, its own
// redis-server): JSON in and out through the compiled-in descriptors, refusals with their
// details, input refused before anything is sent; and the `skillbridge` binary's subcommands and
// exit codes.

#include "tools/cli/generic_call.h"

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/process.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using cli::CallJson;
using cli::CallOptions;
using cli::CallResult;

std::string Binary() { return std::string(SKILLBRIDGE_BINARY_DIR) + "/tools/cli/skillbridge"; }

class GenericCallTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override { ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok()); }

  absl::StatusOr<CallResult> Call(const std::string& method, const std::string& json, const std::string& token) {
    CallOptions options;
    options.token = token;
    return CallJson(harness_->channel(), method, json, options);
  }

  // An IssueCertificateRequest for person `n` as JSON, the way a user would write it.
  static std::string IssueJson(int n, const std::string& request_id) {
    ev::IssueCertificateRequest request;
    request.set_request_id(request_id);
    *request.mutable_certificate() = EvaluationHarness::Draft(n, CreditCode(1));
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(request, &json).ok());
    return json;
  }

  // Runs the binary; returns {exit code, stdout, stderr}.
  struct Run {
    int code = -1;
    std::string out;
    std::string err;
  };
  Run RunBinary(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    ChildProcess::Options options;
    options.env = env;
    auto child = ChildProcess::Start(Binary(), args, options);
    EXPECT_TRUE(child.ok()) << child.status();
    if (!child.ok()) {
      return {};
    }
    const std::optional<int> code = (*child)->Wait(std::chrono::seconds(30));
    return {code.value_or(-1), (*child)->ReadStdout(), (*child)->ReadStderr()};
  }
};

TEST_F(GenericCallTest, IssueAndVerifyACertificateInJson) {
  harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
  absl::StatusOr<CallResult> issued =
      Call("evaluation/IssueCertificate", IssueJson(1, "cli-issue-1"), kInstitutionAToken);
  ASSERT_TRUE(issued.ok()) << issued.status();
  ASSERT_EQ(issued->code, grpc::StatusCode::OK) << issued->message;
  ev::IssueCertificateResponse response;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(issued->response_json, &response).ok())
      << issued->response_json;
  EXPECT_FALSE(response.certificate().number().empty());
  // Field names as in the proto, defaults printed.
  EXPECT_NE(issued->response_json.find("\"id_number\""), std::string::npos) << issued->response_json;

  const std::string verify = "{\"number\": \"" + response.certificate().number() + "\", \"name\": \"" +
                             EvaluationHarness::PersonName(1) + "\", \"id_number\": \"" + PersonId(1) + "\"}";
  absl::StatusOr<CallResult> verified =
      Call("skillbridge.evaluation.v1.EvaluationService/VerifyCertificate", verify, kVerifierToken);
  ASSERT_TRUE(verified.ok()) << verified.status();
  ASSERT_EQ(verified->code, grpc::StatusCode::OK) << verified->message;
  EXPECT_NE(verified->response_json.find("VERIFICATION_RESULT_VALID"), std::string::npos) << verified->response_json;
}

TEST_F(GenericCallTest, RefusalsComeBackWithTheirCodeAndDetails) {
  harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
  absl::StatusOr<CallResult> denied = Call("evaluation/IssueCertificate", IssueJson(2, "cli-issue-2"), kViewerToken);
  ASSERT_TRUE(denied.ok()) << denied.status();
  EXPECT_EQ(denied->code, grpc::StatusCode::PERMISSION_DENIED);

  const std::string bad = "{\"request_id\": \"cli-bad\", \"certificate\": {\"person\": {\"id_number\": \"123\"}}}";
  absl::StatusOr<CallResult> invalid = Call("evaluation/IssueCertificate", bad, kInstitutionAToken);
  ASSERT_TRUE(invalid.ok()) << invalid.status();
  EXPECT_EQ(invalid->code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(invalid->details_json.find("certificate.person.id_number"), std::string::npos) << invalid->details_json;
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 0);
}

TEST_F(GenericCallTest, BadInputIsRefusedBeforeAnythingIsSent) {
  absl::StatusOr<CallResult> unknown_field =
      Call("evaluation/GetEvaluationStats", "{\"year\": 2026, \"yaer\": 1}", kAdminToken);
  EXPECT_EQ(unknown_field.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown_field.status().message().find("yaer"), std::string::npos) << unknown_field.status();
  absl::StatusOr<CallResult> not_json = Call("evaluation/GetEvaluationStats", "{year:", kAdminToken);
  EXPECT_EQ(not_json.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<CallResult> no_method = Call("evaluation/IssueCertificates", "{}", kAdminToken);
  EXPECT_EQ(no_method.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_method.status().message().find("BatchIssueCertificates"), std::string::npos) << no_method.status();
  absl::StatusOr<CallResult> no_service = Call("payroll/Pay", "{}", kAdminToken);
  EXPECT_EQ(no_service.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_service.status().message().find("evaluation, training"), std::string::npos) << no_service.status();
  // A streaming method is not callable this way.
  EXPECT_EQ(Call("health/Watch", "{}", "").status().code(), absl::StatusCode::kInvalidArgument);
  // The health service, with no token.
  absl::StatusOr<CallResult> health = Call("health/Check", "{}", "");
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_NE(health->response_json.find("SERVING"), std::string::npos) << health->response_json;
}

TEST_F(GenericCallTest, TheBinaryCallsVerifiesAndReportsByExitCode) {
  const std::string address = "--address=" + harness_->address();
  const std::string token_file = harness_->WriteTokenFile("admin-token", kAdminToken);

  Run stats =
      RunBinary({"call", address, "--token_file=" + token_file, "evaluation/GetEvaluationStats", "{\"year\": 2026}"});
  EXPECT_EQ(stats.code, 0) << stats.err;
  EXPECT_NE(stats.out.find("\"year\": 2026"), std::string::npos) << stats.out;

  // The token from the environment; a refusal is exit 1 with the code on stderr.
  Run denied = RunBinary({"call", address, "evaluation/ListAuditEntries", "{}"},
                         {std::string("SKILLBRIDGE_TOKEN=") + kViewerToken});
  EXPECT_EQ(denied.code, 1) << denied.out;
  EXPECT_NE(denied.err.find("PERMISSION_DENIED"), std::string::npos) << denied.err;
  Run no_token = RunBinary({"call", address, "evaluation/GetEvaluationStats", "{}"}, {"SKILLBRIDGE_TOKEN="});
  EXPECT_EQ(no_token.code, 1);
  EXPECT_NE(no_token.err.find("UNAUTHENTICATED"), std::string::npos) << no_token.err;

  // verify: NOT_FOUND for an unknown certificate is an answer, not an error.
  Run verify =
      RunBinary({"verify", address, "--number=S000237020253264000001", "--name=张三", "--id_number=" + PersonId(9)},
                {std::string("SKILLBRIDGE_TOKEN=") + kVerifierToken});
  EXPECT_EQ(verify.code, 0) << verify.err;
  EXPECT_NE(verify.out.find("VERIFICATION_RESULT_NOT_FOUND"), std::string::npos) << verify.out;

  // Usage errors are exit 2 and name what is wrong.
  Run unknown = RunBinary({"call", address, "payroll/Pay", "{}"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("payroll/Pay"), std::string::npos) << unknown.err;
  Run missing = RunBinary({"verify", address, "--number=S1"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("--name"), std::string::npos) << missing.err;
  Run help = RunBinary({"--help"});
  EXPECT_NE((help.out + help.err).find("核验证书"), std::string::npos);
}

}  // namespace
}  // namespace skillbridge::testing

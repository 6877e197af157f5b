#pragma once
// GenericCall: one unary call to any skillbridge RPC with the request and the response in JSON,
// converted through the descriptors compiled into the binary (every service's protos are linked
// in), so that bureau staff and scripts can call the API without generated code or grpcurl.
//  - the method is "<service>/<Method>" with the service's short name (evaluation, training,
//    competition, incentive, education, aggregator) or its full name
//    (skillbridge.evaluation.v1.EvaluationService/GetEvaluationStats); grpc.health.v1.Health/Check
//    works too;
//  - the request JSON uses the proto field names (snake_case) or their JSON names; an unknown
//    field is refused before anything is sent;
//  - the response is printed with the proto field names, fields at their defaults included;
//  - a refusal comes back as the status with its details (google.rpc.Status: ErrorInfo reason,
//    BadRequest field violations) rendered as JSON.
// Thread-safe (no state).

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace skillbridge::cli {

// The full method name ("skillbridge.evaluation.v1.EvaluationService/GetEvaluationStats") for
// `method`; NOT_FOUND naming the known services, or the service's methods, when there is none.
absl::StatusOr<std::string> ResolveMethod(std::string_view method);

struct CallOptions {
  std::string token;  // bearer token; empty = none
  std::chrono::milliseconds timeout{10000};
};

struct CallResult {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;        // the status message
  std::string response_json;  // when OK
  std::string details_json;   // when not OK and the status carries details
};

// One unary call of `full_method` ("skillbridge.evaluation.v1.EvaluationService/IssueCertificate")
// with `request`, parsing the answer into `response` (a message of the method's output type);
// `context` carries the deadline and metadata, and the trailers afterwards. INTERNAL when the
// answer does not parse. Blocks until the call ends (the deadline bounds it).
grpc::Status CallMessage(const std::shared_ptr<grpc::Channel>& channel, const std::string& full_method,
                         const google::protobuf::Message& request, google::protobuf::Message* response,
                         grpc::ClientContext* context);

// Calls `method` on `channel` with `request_json`. INVALID_ARGUMENT (nothing sent) for a method
// that does not resolve or JSON that does not fit the request message; otherwise the call's
// outcome, whatever its code.
absl::StatusOr<CallResult> CallJson(const std::shared_ptr<grpc::Channel>& channel, std::string_view method,
                                    std::string_view request_json, const CallOptions& options);

}  // namespace skillbridge::cli

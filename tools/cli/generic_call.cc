#include "tools/cli/generic_call.h"

#include <condition_variable>
#include <iterator>
#include <mutex>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "common/util/concat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.pb.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"
#include "skillbridge/competition/v1/competition.pb.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::cli {
namespace {

namespace pb = google::protobuf;

// The services the tool knows by short name. Naming one message of each file here also makes the
// linker keep the generated code that registers the file's descriptors in the generated pool.
struct KnownService {
  std::string_view short_name;
  const pb::Descriptor* anchor;
  std::string_view full_name;
};

const std::vector<KnownService>& KnownServices() {
  static const std::vector<KnownService> services = {
      {"evaluation", skillbridge::evaluation::v1::GetEvaluationStatsRequest::descriptor(),
       "skillbridge.evaluation.v1.EvaluationService"},
      {"training", skillbridge::training::v1::GetTrainingStatsRequest::descriptor(),
       "skillbridge.training.v1.TrainingService"},
      {"competition", skillbridge::competition::v1::GetCompetitionStatsRequest::descriptor(),
       "skillbridge.competition.v1.CompetitionService"},
      {"incentive", skillbridge::incentive::v1::GetIncentiveStatsRequest::descriptor(),
       "skillbridge.incentive.v1.IncentiveService"},
      {"education", skillbridge::education::v1::GetEducationStatsRequest::descriptor(),
       "skillbridge.education.v1.EducationService"},
      {"aggregator", skillbridge::aggregator::v1::GetDashboardRequest::descriptor(),
       "skillbridge.aggregator.v1.AggregatorService"},
      {"health", grpc::health::v1::HealthCheckRequest::descriptor(), "grpc.health.v1.Health"},
  };
  return services;
}

const pb::ServiceDescriptor* FindService(std::string_view name) {
  for (const KnownService& known : KnownServices()) {
    if (known.short_name == name || known.full_name == name) {
      return pb::DescriptorPool::generated_pool()->FindServiceByName(std::string(known.full_name));
    }
  }
  return nullptr;
}

const pb::MethodDescriptor* FindMethod(std::string_view method) {
  const size_t slash = method.find('/');
  if (slash == std::string_view::npos) {
    return nullptr;
  }
  const pb::ServiceDescriptor* service = FindService(method.substr(0, slash));
  return service == nullptr ? nullptr : service->FindMethodByName(std::string(method.substr(slash + 1)));
}

std::string ToJson(const pb::Message& message) {
  pb::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!pb::util::MessageToJsonString(message, &json, options).ok()) {
    return Concat("{\"unprintable\": \"", message.GetTypeName(), "\"}");
  }
  return json;
}

// google.rpc.Status details as JSON: the types this project sends (ErrorInfo, BadRequest) are
// linked in, so Any unpacks through the generated pool.
std::string DetailsJson(const std::string& serialized) {
  google::rpc::Status status;
  if (serialized.empty() || !status.ParseFromString(serialized) || status.details_size() == 0) {
    return "";
  }
  // Keep ErrorInfo and BadRequest linked in for the Any resolution.
  [[maybe_unused]] const pb::Descriptor* info = google::rpc::ErrorInfo::descriptor();
  [[maybe_unused]] const pb::Descriptor* bad = google::rpc::BadRequest::descriptor();
  return ToJson(status);
}

}  // namespace

grpc::Status CallMessage(const std::shared_ptr<grpc::Channel>& channel, const std::string& full_method,
                         const pb::Message& request, pb::Message* response, grpc::ClientContext* context) {
  std::string serialized;
  request.SerializeToString(&serialized);
  grpc::Slice slice(serialized);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::GenericStub stub(channel);
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(context, Concat("/", full_method), grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&](grpc::Status finished) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(finished);
                   done = true;
                   done_cv.notify_one();
                 });
  {
    std::unique_lock<std::mutex> lock(mu);
    done_cv.wait(lock, [&] { return done; });
  }
  if (!status.ok()) {
    return status;
  }
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (response_buffer.Dump(&slices).ok()) {
    for (const grpc::Slice& part : slices) {
      bytes.append(reinterpret_cast<const char*>(part.begin()), part.size());
    }
  }
  if (!response->ParseFromString(bytes)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, Concat("the response is not a ", response->GetTypeName()));
  }
  return status;
}

absl::StatusOr<std::string> ResolveMethod(std::string_view method) {
  if (const pb::MethodDescriptor* found = FindMethod(method); found != nullptr) {
    return Concat(found->service()->full_name(), "/", found->name());
  }
  const size_t slash = method.find('/');
  const pb::ServiceDescriptor* service =
      slash == std::string_view::npos ? nullptr : FindService(method.substr(0, slash));
  if (service == nullptr) {
    std::vector<std::string> names;
    for (const KnownService& known : KnownServices()) {
      names.emplace_back(known.short_name);
    }
    return absl::NotFoundError(
        Concat("'", method, "' is not <service>/<Method> of a known service (", absl::StrJoin(names, ", "), ")"));
  }
  std::vector<std::string> methods;
  for (int i = 0; i < service->method_count(); ++i) {
    methods.push_back(service->method(i)->name());
  }
  return absl::NotFoundError(Concat(service->full_name(), " has no method '", method.substr(slash + 1),
                                    "'; it has: ", absl::StrJoin(methods, ", ")));
}

absl::StatusOr<CallResult> CallJson(const std::shared_ptr<grpc::Channel>& channel, std::string_view method,
                                    std::string_view request_json, const CallOptions& options) {
  const pb::MethodDescriptor* found = FindMethod(method);
  if (found == nullptr) {
    absl::StatusOr<std::string> resolved = ResolveMethod(method);
    return absl::InvalidArgumentError(std::string(resolved.status().message()));
  }
  if (found->client_streaming() || found->server_streaming()) {
    return absl::InvalidArgumentError(
        Concat(found->full_name(), " is a streaming method; only unary calls are supported"));
  }
  pb::DynamicMessageFactory factory(pb::DescriptorPool::generated_pool());
  std::unique_ptr<pb::Message> request(factory.GetPrototype(found->input_type())->New());
  std::unique_ptr<pb::Message> response(factory.GetPrototype(found->output_type())->New());
  pb::util::JsonParseOptions parse;
  parse.ignore_unknown_fields = false;
  const std::string json = request_json.empty() ? std::string("{}") : std::string(request_json);
  if (const auto parsed = pb::util::JsonStringToMessage(json, request.get(), parse); !parsed.ok()) {
    return absl::InvalidArgumentError(
        Concat("the request is not a ", found->input_type()->full_name(), " in JSON: ", std::string(parsed.message())));
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + options.timeout);
  if (!options.token.empty()) {
    context.AddMetadata("authorization", Concat("Bearer ", options.token));
  }
  const grpc::Status status = CallMessage(channel, Concat(found->service()->full_name(), "/", found->name()), *request,
                                          response.get(), &context);
  CallResult result;
  result.code = status.error_code();
  result.message = status.error_message();
  if (!status.ok()) {
    result.details_json = DetailsJson(status.error_details());
    return result;
  }
  result.response_json = ToJson(*response);
  return result;
}

}  // namespace skillbridge::cli

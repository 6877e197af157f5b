#include "tests/support/health_client.h"

#include <chrono>

#include "grpc/health/v1/health.grpc.pb.h"

namespace skillbridge::testing {

absl::StatusOr<std::string> CheckHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  // Connect now and promptly (see the header): no backoff left from refused attempts, and this
  // thread drives the connection's events while it waits for READY.
  grpc::experimental::ChannelResetConnectionBackoff(channel.get());
  channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
}

}  // namespace skillbridge::testing

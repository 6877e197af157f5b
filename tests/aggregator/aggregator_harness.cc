#include "tests/aggregator/aggregator_harness.h"

#include <utility>

#include <httplib.h>

namespace skillbridge::testing {

AggregatorHarness::AggregatorHarness() : env_("aggregator") {}

AggregatorHarness::~AggregatorHarness() { Stop(); }

absl::Status AggregatorHarness::Start(const Adjust& adjust) {
  if (absl::Status started = env_.Start(); !started.ok()) {
    return started;
  }
  aggregator::AggregatorServerConfig config;
  config.service = env_.config();
  config.http.listen = "127.0.0.1:0";
  config.http.static_dir = std::string(SKILLBRIDGE_SOURCE_DIR) + "/services/aggregator/web";
  config.http.threads = 4;
  config.consumer.wait = std::chrono::milliseconds(200);
  config.consumer.initial_backoff = std::chrono::milliseconds(50);
  config.consumer.max_backoff = std::chrono::milliseconds(500);
  if (adjust) {
    adjust(env_, config);
  }
  auto server = aggregator::AggregatorServer::Create(std::move(config));
  if (!server.ok()) {
    return server.status();
  }
  server_ = std::move(*server);
  if (absl::Status started = server_->Start(); !started.ok()) {
    return started;
  }
  waiter_ = std::thread([this] { server_->Wait(); });
  channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials());
  stub_ = aggregator::v1::AggregatorService::NewStub(channel_);
  return absl::OkStatus();
}

void AggregatorHarness::Stop() {
  if (server_ != nullptr) {
    server_->RequestShutdown();
    if (waiter_.joinable()) {
      waiter_.join();
    }
    server_.reset();
  }
  stub_.reset();
  channel_.reset();
  env_.Stop();
}

AggregatorHarness::HttpReply AggregatorHarness::HttpGet(const std::string& path, const std::string& token) const {
  httplib::Client client("127.0.0.1", server_->http_port());
  client.set_read_timeout(10, 0);
  httplib::Headers headers;
  if (!token.empty()) {
    headers.emplace("Authorization", "Bearer " + token);
  }
  HttpReply reply;
  httplib::Result result = client.Get(path, headers);
  if (!result) {
    return reply;
  }
  reply.status = result->status;
  reply.body = result->body;
  reply.content_type = result->get_header_value("Content-Type");
  reply.www_authenticate = result->get_header_value("WWW-Authenticate");
  return reply;
}

std::string AggregatorHarness::Metrics() const {
  httplib::Client client("127.0.0.1", server_->metrics_port());
  httplib::Result result = client.Get("/metrics");
  return result ? result->body : std::string();
}

}  // namespace skillbridge::testing

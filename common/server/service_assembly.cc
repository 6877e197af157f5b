#include "common/server/service_assembly.h"

#include <algorithm>
#include <iostream>

#include "absl/time/clock.h"

namespace skillbridge {

absl::Status WaitForStore(const std::function<absl::Status()>& initialize, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  absl::Duration backoff = absl::Milliseconds(100);
  while (true) {
    absl::Status status = initialize();
    if (status.ok() || status.code() != absl::StatusCode::kUnavailable || absl::Now() + backoff > give_up) {
      return status;
    }
    std::cerr << "{\"level\":\"warning\",\"msg\":\"waiting for redis\",\"error\":\"" << status.message() << "\"}\n";
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(2));
  }
}

absl::StatusOr<RedisPools> MakeRedisPools(const RedisOptions& redis, const ServerOptions& server) {
  RedisPools pools;
  auto requests = RedisClient::Create(redis);
  if (!requests.ok()) {
    return requests.status();
  }
  pools.requests = std::move(*requests);
  RedisOptions long_poll_options = redis;
  long_poll_options.pool_size = std::max<size_t>(1, server.long_poll_threads);
  auto long_polls = RedisClient::Create(long_poll_options);
  if (!long_polls.ok()) {
    return long_polls.status();
  }
  pools.long_polls = std::move(*long_polls);
  return pools;
}

RuntimeOptions RuntimeOptionsFor(const ServerOptions& server, std::string service_name, std::string grpc_service) {
  RuntimeOptions options;
  options.service_name = std::move(service_name);
  options.grpc_service = std::move(grpc_service);
  options.worker_threads = server.worker_threads;
  options.max_queue = server.max_queue;
  options.long_poll_threads = server.long_poll_threads;
  return options;
}

}  // namespace skillbridge

#pragma once
// The start-up steps every service's assembly (services/<name>/<name>_server.cc) shares:
//  - WaitForStore: runs a store's Initialize (script loading) until Redis answers, retrying only
//    UNAVAILABLE with backoff (100 ms doubling to 2 s) for at most `timeout`, one JSON warning line
//    per wait;
//  - MakeRedisPools: the request pool, and a separate pool for long polls (ListEvents) sized to
//    the long-poll threads, so waiting feed readers never hold the connections writes need;
//  - RuntimeOptionsFor: the ServiceRuntime options from the server flags.
// Start-up only; not thread-safe.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/redis/redis_client.h"
#include "common/server/server_runner.h"
#include "common/server/service_runtime.h"

namespace skillbridge {

absl::Status WaitForStore(const std::function<absl::Status()>& initialize, absl::Duration timeout);

struct RedisPools {
  std::unique_ptr<RedisClient> requests;
  std::unique_ptr<RedisClient> long_polls;
};
absl::StatusOr<RedisPools> MakeRedisPools(const RedisOptions& redis, const ServerOptions& server);

RuntimeOptions RuntimeOptionsFor(const ServerOptions& server, std::string service_name, std::string grpc_service);

}  // namespace skillbridge

// The per-service flags (see service_host.h) and their conversion to ServiceConfig. A file of its
// own so that binaries that only run a bare server (the echo baseline) do not get them.

#include <algorithm>
#include <string>

#include "absl/flags/flag.h"
#include "common/server/service_host.h"
#include "common/util/concat.h"

ABSL_FLAG(std::string, redis, "",
          "Redis URI of the service's own store: unix:///path.sock[?db=N] or redis://host:port[/N] "
          "(default: unix:///tmp/skillbridge-<service>-redis.sock)");
ABSL_FLAG(std::string, redis_password_file, "", "file holding the Redis password (first line)");
ABSL_FLAG(int, redis_pool_size, 32, "pooled Redis connections for requests (at least --workers)");
ABSL_FLAG(std::string, auth_config, "", "bearer-token file (text-format skillbridge.config.v1.AuthConfig); required");
ABSL_FLAG(std::string, reference_dir, "reference", "folder with districts.tsv, industry_chains.tsv, occupations.tsv");
ABSL_FLAG(int, redis_startup_timeout_s, 30, "how long start-up waits for Redis");

namespace skillbridge {

ServiceConfig ServiceConfigFromFlags(std::string_view service_name) {
  ServiceConfig config;
  config.server = ServerOptionsFromFlags();
  config.redis.uri = absl::GetFlag(FLAGS_redis);
  if (config.redis.uri.empty()) {
    config.redis.uri = Concat("unix:///tmp/skillbridge-", service_name, "-redis.sock");
  }
  config.redis.password_file = absl::GetFlag(FLAGS_redis_password_file);
  config.redis.pool_size = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_redis_pool_size)));
  config.auth_config_path = absl::GetFlag(FLAGS_auth_config);
  config.reference_dir = absl::GetFlag(FLAGS_reference_dir);
  config.redis_startup_timeout = absl::Seconds(std::max(0, absl::GetFlag(FLAGS_redis_startup_timeout_s)));
  return config;
}

}  // namespace skillbridge

// skillbridge-evaluation: the evaluation service (certificates, filings, verification,
// introductions, enterprises). Flags: see docs/operations.md.

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/util/program_usage.h"
#include "services/evaluation/evaluation_server.h"

ABSL_FLAG(std::string, redis, "unix:///tmp/skillbridge-evaluation-redis.sock",
          "Redis URI: unix:///path.sock[?db=N] or redis://host:port[/N]");
ABSL_FLAG(std::string, redis_password_file, "", "file holding the Redis password (first line)");
ABSL_FLAG(int, redis_pool_size, 16, "pooled Redis connections for requests");
ABSL_FLAG(std::string, auth_config, "", "bearer-token file (text-format skillbridge.config.v1.AuthConfig)");
ABSL_FLAG(std::string, reference_dir, "reference", "folder with districts.tsv, industry_chains.tsv, occupations.tsv");
ABSL_FLAG(int, redis_startup_timeout_s, 30, "how long start-up waits for Redis");

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage("skillbridge evaluation service");
  absl::ParseCommandLine(argc, argv);
  skillbridge::evaluation::EvaluationServerConfig config;
  config.server = skillbridge::ServerOptionsFromFlags();
  config.redis.uri = absl::GetFlag(FLAGS_redis);
  config.redis.password_file = absl::GetFlag(FLAGS_redis_password_file);
  config.redis.pool_size = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_redis_pool_size)));
  config.auth_config_path = absl::GetFlag(FLAGS_auth_config);
  config.reference_dir = absl::GetFlag(FLAGS_reference_dir);
  config.redis_startup_timeout = absl::Seconds(absl::GetFlag(FLAGS_redis_startup_timeout_s));
  if (config.auth_config_path.empty()) {
    std::cerr << "--auth_config is required\n";
    return 2;
  }
  auto server = skillbridge::evaluation::EvaluationServer::Create(std::move(config));
  if (!server.ok()) {
    std::cerr << "evaluation: cannot start: " << server.status() << "\n";
    return 1;
  }
  if (absl::Status started = (*server)->Start(); !started.ok()) {
    std::cerr << "evaluation: cannot listen: " << started << "\n";
    return 1;
  }
  std::cerr << "{\"level\":\"info\",\"msg\":\"evaluation serving\",\"port\":" << (*server)->port()
            << ",\"metrics_port\":" << (*server)->metrics_port() << "}\n";
  (*server)->Wait();
  return 0;
}

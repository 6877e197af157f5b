// skillbridge-training: the training service (institutions, subsidised catalogue, courses,
// enrolments, subsidy claims checked live with evaluation). Flags: see docs/operations.md.

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/util/program_usage.h"
#include "services/training/training_server.h"

ABSL_FLAG(std::string, redis, "unix:///tmp/skillbridge-training-redis.sock",
          "Redis URI: unix:///path.sock[?db=N] or redis://host:port[/N]");
ABSL_FLAG(std::string, redis_password_file, "", "file holding the Redis password (first line)");
ABSL_FLAG(int, redis_pool_size, 16, "pooled Redis connections for requests");
ABSL_FLAG(std::string, auth_config, "", "bearer-token file (text-format skillbridge.config.v1.AuthConfig)");
ABSL_FLAG(std::string, reference_dir, "reference", "folder with districts.tsv, industry_chains.tsv, occupations.tsv");
ABSL_FLAG(int, redis_startup_timeout_s, 30, "how long start-up waits for Redis");
ABSL_FLAG(std::string, evaluation_address, "127.0.0.1:50051", "the evaluation service (certificate checks)");
ABSL_FLAG(std::string, evaluation_token_file, "", "file holding the SERVICE bearer token for evaluation");
ABSL_FLAG(int, evaluation_timeout_ms, 2000, "deadline of one certificate check (capped by the caller's deadline)");
ABSL_FLAG(std::string, evaluation_tls_ca, "", "CA bundle to verify evaluation's TLS certificate (empty = plaintext)");
ABSL_FLAG(std::string, evaluation_tls_cert, "", "client certificate for mutual TLS with evaluation");
ABSL_FLAG(std::string, evaluation_tls_key, "", "client key for mutual TLS with evaluation");
ABSL_FLAG(std::string, evaluation_tls_server_name, "", "expected name in evaluation's certificate (default: host)");

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage("skillbridge training service");
  absl::ParseCommandLine(argc, argv);
  skillbridge::training::TrainingServerConfig config;
  config.server = skillbridge::ServerOptionsFromFlags();
  config.redis.uri = absl::GetFlag(FLAGS_redis);
  config.redis.password_file = absl::GetFlag(FLAGS_redis_password_file);
  config.redis.pool_size = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_redis_pool_size)));
  config.auth_config_path = absl::GetFlag(FLAGS_auth_config);
  config.reference_dir = absl::GetFlag(FLAGS_reference_dir);
  config.redis_startup_timeout = absl::Seconds(absl::GetFlag(FLAGS_redis_startup_timeout_s));
  config.evaluation.address = absl::GetFlag(FLAGS_evaluation_address);
  config.evaluation.token_file = absl::GetFlag(FLAGS_evaluation_token_file);
  config.evaluation.timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_evaluation_timeout_ms));
  config.evaluation.tls_ca_file = absl::GetFlag(FLAGS_evaluation_tls_ca);
  config.evaluation.tls_client_cert_file = absl::GetFlag(FLAGS_evaluation_tls_cert);
  config.evaluation.tls_client_key_file = absl::GetFlag(FLAGS_evaluation_tls_key);
  config.evaluation.tls_server_name = absl::GetFlag(FLAGS_evaluation_tls_server_name);
  if (config.auth_config_path.empty()) {
    std::cerr << "--auth_config is required\n";
    return 2;
  }
  auto server = skillbridge::training::TrainingServer::Create(std::move(config));
  if (!server.ok()) {
    std::cerr << "training: cannot start: " << server.status() << "\n";
    return 1;
  }
  if (absl::Status started = (*server)->Start(); !started.ok()) {
    std::cerr << "training: cannot listen: " << started << "\n";
    return 1;
  }
  std::cerr << "{\"level\":\"info\",\"msg\":\"training serving\",\"port\":" << (*server)->port()
            << ",\"metrics_port\":" << (*server)->metrics_port() << "}\n";
  (*server)->Wait();
  return 0;
}

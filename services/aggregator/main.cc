// skillbridge-aggregator: the programme's indicators from every service's change feed, the
// dashboard (HTTP JSON API + page) and the talent profile. Flags: see docs/operations.md and
// docs/api.md (aggregator).

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/server/service_host.h"
#include "common/util/program_usage.h"
#include "services/aggregator/aggregator_server.h"

ABSL_FLAG(std::string, evaluation, "", "evaluation service address host:port (empty = not connected)");
ABSL_FLAG(std::string, training, "", "training service address host:port (empty = not connected)");
ABSL_FLAG(std::string, service_token_file, "", "file with the SERVICE bearer token used towards the sources");
ABSL_FLAG(std::string, sources_tls_ca, "", "CA bundle to verify the sources' TLS certificates (empty = plaintext)");
ABSL_FLAG(std::string, sources_tls_cert, "", "client certificate for mutual TLS with the sources");
ABSL_FLAG(std::string, sources_tls_key, "", "client key for mutual TLS with the sources");
ABSL_FLAG(std::string, evaluation_tls_server_name, "", "expected name in evaluation's certificate (default: host)");
ABSL_FLAG(std::string, training_tls_server_name, "", "expected name in training's certificate (default: host)");
ABSL_FLAG(std::string, http_listen, "127.0.0.1:8080", "HTTP JSON API and dashboard (host:port; empty = off)");
ABSL_FLAG(std::string, static_dir, "services/aggregator/web", "folder with the dashboard page");
ABSL_FLAG(std::string, echarts_path, "node_modules/echarts/dist/echarts.min.js", "ECharts build served to the page");
ABSL_FLAG(int, feed_batch, 500, "events per feed call");
ABSL_FLAG(int, feed_wait_ms, 2000, "long-poll wait of a feed call");
ABSL_FLAG(int, profile_deadline_ms, 2000, "deadline of each source's part of a talent profile");
ABSL_FLAG(bool, rebuild, false, "drop the derived views at start-up and re-consume every feed from zero");
ABSL_FLAG(int, rebuild_lease_ms, 60000,
          "after a process dies mid-rebuild, how long before another one may finish the rebuild");

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage("skillbridge aggregator service");
  absl::ParseCommandLine(argc, argv);
  skillbridge::aggregator::AggregatorServerConfig config;
  const skillbridge::ServiceConfig service = skillbridge::ServiceConfigFromFlags("aggregator");
  config.server = service.server;
  config.redis = service.redis;
  config.auth_config_path = service.auth_config_path;
  config.reference_dir = service.reference_dir;
  config.redis_startup_timeout = service.redis_startup_timeout;
  config.evaluation_address = absl::GetFlag(FLAGS_evaluation);
  config.training_address = absl::GetFlag(FLAGS_training);
  config.service_token_file = absl::GetFlag(FLAGS_service_token_file);
  config.sources_tls_ca_file = absl::GetFlag(FLAGS_sources_tls_ca);
  config.sources_tls_cert_file = absl::GetFlag(FLAGS_sources_tls_cert);
  config.sources_tls_key_file = absl::GetFlag(FLAGS_sources_tls_key);
  config.evaluation_tls_server_name = absl::GetFlag(FLAGS_evaluation_tls_server_name);
  config.training_tls_server_name = absl::GetFlag(FLAGS_training_tls_server_name);
  config.http.listen = absl::GetFlag(FLAGS_http_listen);
  config.http_enabled = !config.http.listen.empty();
  config.http.static_dir = absl::GetFlag(FLAGS_static_dir);
  config.http.echarts_path = absl::GetFlag(FLAGS_echarts_path);
  config.consumer.max_events = std::max(1, absl::GetFlag(FLAGS_feed_batch));
  config.consumer.wait = std::chrono::milliseconds(std::max(0, absl::GetFlag(FLAGS_feed_wait_ms)));
  config.profile_deadline = absl::Milliseconds(std::max(1, absl::GetFlag(FLAGS_profile_deadline_ms)));
  config.rebuild_on_start = absl::GetFlag(FLAGS_rebuild);
  config.rebuild_lease_ms = std::max(100, absl::GetFlag(FLAGS_rebuild_lease_ms));
  if (config.auth_config_path.empty()) {
    std::cerr << "--auth_config is required\n";
    return 2;
  }
  auto server = skillbridge::aggregator::AggregatorServer::Create(std::move(config));
  if (!server.ok()) {
    std::cerr << "aggregator: cannot start: " << server.status() << "\n";
    return 1;
  }
  if (absl::Status started = (*server)->Start(); !started.ok()) {
    std::cerr << "aggregator: cannot listen: " << started << "\n";
    return 1;
  }
  std::cerr << "{\"level\":\"info\",\"msg\":\"aggregator serving\",\"port\":" << (*server)->port()
            << ",\"metrics_port\":" << (*server)->metrics_port() << ",\"http_port\":" << (*server)->http_port()
            << "}\n";
  (*server)->Wait();
  return 0;
}

// skillbridge-aggregator: the programme's indicators from every source service's change feed, the
// dashboard (HTTP JSON API + page) and the talent profile. Flags beyond the common ones
// (common/server/service_host.h): see --help, docs/operations.md and docs/api.md (aggregator).

#include <algorithm>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "common/server/run_service.h"
#include "services/aggregator/aggregator_server.h"

ABSL_FLAG(std::vector<std::string>, sources, {},
          "connected sources, one comma-separated list of <name>=<host:port> items, each optionally followed by "
          "tls_server_name=<name> (sources: evaluation, training, competition, incentive, education; e.g. "
          "evaluation=127.0.0.1:50051,training=127.0.0.1:50052,competition=127.0.0.1:50053,"
          "incentive=127.0.0.1:50054,education=127.0.0.1:50055); unlisted = not connected");
ABSL_FLAG(std::string, service_token_file, "", "file with the SERVICE bearer token used towards the sources");
ABSL_FLAG(std::string, sources_tls_ca, "", "CA bundle to verify the sources' TLS certificates (empty = plaintext)");
ABSL_FLAG(std::string, sources_tls_cert, "", "client certificate for mutual TLS with the sources");
ABSL_FLAG(std::string, sources_tls_key, "", "client key for mutual TLS with the sources");
ABSL_FLAG(std::string, http_listen, "127.0.0.1:8080", "HTTP JSON API and dashboard (host:port; empty = off)");
ABSL_FLAG(int, http_threads, 8, "HTTP workers (one per connection being served)");
ABSL_FLAG(int, http_max_connections, 64, "HTTP connections served or queued at once; more are answered 503");
ABSL_FLAG(std::string, static_dir, "services/aggregator/web", "folder with the dashboard page");
ABSL_FLAG(std::string, echarts_path, "node_modules/echarts/dist/echarts.min.js", "ECharts build served to the page");
ABSL_FLAG(int, feed_batch, 500, "events per feed call");
ABSL_FLAG(int, feed_wait_ms, 2000, "long-poll wait of a feed call");
ABSL_FLAG(int, profile_deadline_ms, 2000, "deadline of each source's part of a talent profile");
ABSL_FLAG(bool, rebuild, false, "drop the derived views at start-up and re-consume every feed from zero");
ABSL_FLAG(int, rebuild_lease_ms, 60000,
          "after a process dies mid-rebuild, how long before another one may finish the rebuild");

namespace skillbridge::aggregator {
namespace {

absl::StatusOr<std::unique_ptr<RunnableServer>> CreateFromFlags(ServiceConfig service) {
  AggregatorServerConfig config;
  config.service = std::move(service);
  absl::StatusOr<SourceEndpoints> sources = ParseSourcesFlag(absl::GetFlag(FLAGS_sources));
  if (!sources.ok()) {
    return sources.status();
  }
  config.sources = *std::move(sources);
  config.service_token_file = absl::GetFlag(FLAGS_service_token_file);
  config.sources_tls_ca_file = absl::GetFlag(FLAGS_sources_tls_ca);
  config.sources_tls_cert_file = absl::GetFlag(FLAGS_sources_tls_cert);
  config.sources_tls_key_file = absl::GetFlag(FLAGS_sources_tls_key);
  config.http.listen = absl::GetFlag(FLAGS_http_listen);
  config.http_enabled = !config.http.listen.empty();
  config.http.threads = absl::GetFlag(FLAGS_http_threads);
  config.http.max_connections = absl::GetFlag(FLAGS_http_max_connections);
  config.http.static_dir = absl::GetFlag(FLAGS_static_dir);
  config.http.echarts_path = absl::GetFlag(FLAGS_echarts_path);
  config.consumer.max_events = std::max(1, absl::GetFlag(FLAGS_feed_batch));
  config.consumer.wait = std::chrono::milliseconds(std::max(0, absl::GetFlag(FLAGS_feed_wait_ms)));
  config.profile_deadline = absl::Milliseconds(std::max(1, absl::GetFlag(FLAGS_profile_deadline_ms)));
  config.rebuild_on_start = absl::GetFlag(FLAGS_rebuild);
  config.rebuild_lease_ms = std::max(100, absl::GetFlag(FLAGS_rebuild_lease_ms));
  absl::StatusOr<std::unique_ptr<AggregatorServer>> server = AggregatorServer::Create(std::move(config));
  if (!server.ok()) {
    return server.status();
  }
  return std::unique_ptr<RunnableServer>(*std::move(server));
}

}  // namespace
}  // namespace skillbridge::aggregator

int main(int argc, char** argv) {
  return skillbridge::RunService(
      "aggregator",
      "skillbridge aggregator: the programme's indicators from the source services' change feeds, the dashboard "
      "(HTTP JSON API and page), targets, the district circular and the live talent profile",
      argc, argv, &skillbridge::aggregator::CreateFromFlags);
}

#pragma once
// HttpApi: the aggregator's HTTP port (cpp-httplib, its own thread pool — never a gRPC reactor).
//   GET /api/v1/<route>: one row per route in the route table (http_api.cc) — the path, the RPC
//     it runs and how its request is built from the query parameters:
//       indicators                                            ListIndicators
//       dashboard?year=&district=                             GetDashboard
//       trend?indicator=&from_year=&to_year=&monthly=&district=   GetTrend
//       ranking?year=&indicator=[&format=csv]                 GetDistrictRanking (CSV: the circular)
//       chains?year=                                          GetIndustryChainView
//       sources                                               GetSourceStatus
//       targets?year=&indicator=                              ListTargets
//     A missing or 0 year is the current year in the bureau's calendar (UTC+8); from_year and
//     to_year default to it. Every call goes through ServiceRuntime::Call, exactly as a gRPC call
//     does: the bearer token ("Authorization: Bearer <token>"), the permission table, the bounded
//     executor, the same metrics (labelled with the RPC), JSON log line and ID masking. Answers:
//     the RPC's response message in protobuf's canonical JSON mapping (lowerCamelCase names,
//     int64 as strings, zero values printed); errors {"code","reason","message"} (code: the
//     canonical code name; reason: the ErrorInfo reason or ""; message: ID numbers masked) with
//     HTTP 400 (INVALID_ARGUMENT, OUT_OF_RANGE), 401 (UNAUTHENTICATED, with WWW-Authenticate),
//     403, 404, 409 (FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED), 503 (UNAVAILABLE,
//     RESOURCE_EXHAUSTED: the executor is full), 504 (DEADLINE_EXCEEDED), 500 otherwise.
//   GET /  the dashboard page; /static/app.js, /static/app.css, /static/echarts.min.js.
//     Pages carry a Content-Security-Policy of 'self' only (no CDN: the network is closed).
// Limits (BoundedHttpServer): request bodies above 16 KiB are refused (413) before authentication
// (the API takes none); a whole request must arrive within 3 s of its first byte being awaited,
// however the client paces it, and a keep-alive connection idle for 1 s is closed, so a slow or
// silent client holds one of the `threads` HTTP workers (8) for at most ~3 s per request; at
// most `max_connections` (64) are served or queued, more are answered 503 TOO_MANY_CONNECTIONS
// at once. Drops are counted in skillbridge_http_connections_dropped_total{reason}.
// Start() fails with INVALID_ARGUMENT (http_listen) for a malformed address or a non-loopback one
// without behind_mesh (TLS is the mesh's), NOT_FOUND for a static file that cannot be read, and
// UNAVAILABLE when the port cannot be bound. Thread-safe.

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "common/server/service_runtime.h"
#include "common/store/clock.h"
#include "services/aggregator/api/aggregator_handlers.h"
#include "services/aggregator/http/bounded_http_server.h"

namespace skillbridge::aggregator {

struct HttpOptions {
  std::string listen = "127.0.0.1:0";  // host:port (port 0 = pick one)
  bool behind_mesh = false;            // allow a non-loopback host without TLS
  std::string static_dir;              // index.html, app.js, app.css ("" = no page)
  std::string echarts_path;            // echarts.min.js ("" = not served)
  int threads = 8;
  int max_connections = 64;  // served + waiting for a worker; more are answered 503 at once
};

class HttpApi final {
 public:
  // `runtime`, `handlers` and `clock` must outlive the API (Stop() ends its use of them).
  HttpApi(HttpOptions options, ServiceRuntime& runtime, AggregatorHandlers& handlers, const Clock* clock);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Loads the static files, binds and starts serving in a thread.
  absl::Status Start();
  int port() const { return port_; }
  // Stops serving and joins the thread (idempotent).
  void Stop();

 private:
  absl::Status LoadFiles();
  void RegisterFiles();
  void RegisterRoutes();

  HttpOptions options_;
  ServiceRuntime& runtime_;
  AggregatorHandlers& handlers_;
  const Clock* clock_;
  std::unique_ptr<BoundedHttpServer> server_;
  std::map<std::string, std::pair<std::string, std::string>> files_;  // path -> (content type, body)
  std::thread thread_;
  int port_ = 0;
};

}  // namespace skillbridge::aggregator

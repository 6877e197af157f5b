#pragma once
// HttpApi: the aggregator's HTTP port (cpp-httplib, its own thread pool — never a gRPC reactor).
//   GET /api/v1/indicators | dashboard?year=&district= | trend?indicator=&from_year=&to_year=
//       &monthly=&district= | ranking?year=&indicator=[&format=csv] | chains?year= | sources |
//       targets?year=&indicator=
//     The same response messages as the gRPC API in protobuf's canonical JSON mapping
//     (lowerCamelCase names, int64 as strings, zero values printed). Bearer token required
//     ("Authorization: Bearer <token>"), checked with the same authenticator and permission
//     table as gRPC. Errors: {"code", "reason", "message"} with 400/401/403/404/409/503/500.
//   GET /  the dashboard page; /static/app.js, /static/app.css, /static/echarts.min.js.
//     Pages carry a Content-Security-Policy of 'self' only (no CDN: the network is closed).
// One JSON log line per API request on stderr. Thread-safe.

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "common/auth/permissions.h"
#include "common/auth/principal.h"
#include "common/store/clock.h"
#include "services/aggregator/api/aggregator_handlers.h"

namespace httplib {
class Server;
}

namespace skillbridge::aggregator {

struct HttpOptions {
  std::string listen = "127.0.0.1:0";  // host:port (port 0 = pick one)
  bool behind_mesh = false;            // allow a non-loopback host without TLS
  std::string static_dir;              // index.html, app.js, app.css
  std::string echarts_path;            // echarts.min.js
  int threads = 8;
};

class HttpApi final {
 public:
  HttpApi(HttpOptions options, std::shared_ptr<const TokenAuthenticator> auth, PermissionTable permissions,
          AggregatorHandlers& handlers, const Clock* clock);
  ~HttpApi();

  // Loads the static files, binds and starts serving in a thread.
  absl::Status Start();
  int port() const { return port_; }
  void Stop();

 private:
  void Register();

  HttpOptions options_;
  std::shared_ptr<const TokenAuthenticator> auth_;
  PermissionTable permissions_;
  AggregatorHandlers& handlers_;
  const Clock* clock_;
  std::unique_ptr<httplib::Server> server_;
  std::map<std::string, std::pair<std::string, std::string>> files_;  // path -> (content type, body)
  std::thread thread_;
  int port_ = 0;
};

}  // namespace skillbridge::aggregator

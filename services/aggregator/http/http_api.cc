#include "services/aggregator/http/http_api.h"

#include <functional>
#include <vector>

#include <httplib.h>

#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/server/metrics.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/util/files.h"
#include "common/util/json_line.h"
#include "google/protobuf/util/json_util.h"

namespace skillbridge::aggregator {

namespace {

constexpr char kCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";
constexpr char kJsonType[] = "application/json; charset=utf-8";
// How long an API request may wait for a worker before it is answered 504 unrun.
constexpr absl::Duration kRequestDeadline = absl::Seconds(30);
constexpr size_t kMaxRequestBodyBytes = 16 * 1024;

int HttpCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

// The query parameters of one API request, with the defaults the routes share.
class Query final {
 public:
  Query(const httplib::Request& request, absl::Time now) : request_(request), now_(now) {}

  std::string Text(const char* name) const { return request_.get_param_value(name); }
  // `fallback` when absent; -1 when not an integer (the handler refuses it, naming the field).
  int Int(const char* name, int fallback) const {
    if (!request_.has_param(name)) {
      return fallback;
    }
    const std::string value = request_.get_param_value(name);
    try {
      size_t used = 0;
      const int n = std::stoi(value, &used);
      return used == value.size() ? n : -1;
    } catch (...) {
      return -1;
    }
  }
  // year=: absent or 0 = the current year in the bureau's calendar.
  int Year() const {
    const int year = Int("year", 0);
    return year == 0 ? BureauYear(now_) : year;
  }
  bool Flag(const char* name) const {
    const std::string value = Text(name);
    return value == "1" || value == "true";
  }

 private:
  const httplib::Request& request_;
  absl::Time now_;
};

struct Body {
  std::string content;
  std::string content_type;
};

absl::StatusOr<Body> JsonBody(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  Body body{"", kJsonType};
  if (!google::protobuf::util::MessageToJsonString(message, &body.content, options).ok()) {
    return absl::InternalError("cannot encode the response as JSON");
  }
  return body;
}

// Runs one call of a route's RPC through the runtime: the request it was built from, and the work
// (the handler, then the rendering of the answer) to run on a worker.
using RunCall = std::function<absl::Status(google::protobuf::Message& request, const ServiceRuntime::Work& work)>;

// One row of the route table: GET `path` runs the RPC `method`.
struct Route {
  const char* path;
  const char* method;
  std::function<absl::StatusOr<Body>(AggregatorHandlers& handlers, const Query& query, const RunCall& run)> serve;
};

// A route whose request `build` fills from the query, answered by `render(response, query)`.
template <typename Request, typename Response, typename Build, typename Render>
Route MakeRoute(const char* path, const char* method,
                absl::Status (AggregatorHandlers::*handler)(const CallContext&, const Request&, Response*), Build build,
                Render render) {
  return {path, method,
          [handler, build, render](AggregatorHandlers& handlers, const Query& query,
                                   const RunCall& run) -> absl::StatusOr<Body> {
            Request request;
            build(query, &request);
            Response response;
            Body body;
            SB_RETURN_IF_ERROR(run(request, [&](const CallContext& call) -> absl::Status {
              SB_RETURN_IF_ERROR((handlers.*handler)(call, request, &response));
              SB_ASSIGN_OR_RETURN(body, render(response, query));
              return absl::OkStatus();
            }));
            return body;
          }};
}

template <typename Request, typename Response, typename Build>
Route MakeRoute(const char* path, const char* method,
                absl::Status (AggregatorHandlers::*handler)(const CallContext&, const Request&, Response*),
                Build build) {
  return MakeRoute(path, method, handler, build,
                   [](const Response& response, const Query&) { return JsonBody(response); });
}

// The ranking as JSON, or as the CSV circular with format=csv.
absl::StatusOr<Body> RankingBody(const v1::GetDistrictRankingResponse& ranking, const Query& query) {
  if (query.Text("format") == "csv") {
    return Body{AggregatorHandlers::RankingCsv(ranking), "text/csv; charset=utf-8"};
  }
  return JsonBody(ranking);
}

template <typename Request>
void NoParameters(const Query&, Request*) {}

// GET <path> → the RPC `Method` (its name, handler and messages spelled once).
#define SB_AGGREGATOR_ROUTE(path, Method, ...) \
  MakeRoute<v1::Method##Request, v1::Method##Response>(path, #Method, &AggregatorHandlers::Method, __VA_ARGS__)

// The route table.
std::vector<Route> Routes() {
  return {
      SB_AGGREGATOR_ROUTE("/api/v1/indicators", ListIndicators, &NoParameters<v1::ListIndicatorsRequest>),
      SB_AGGREGATOR_ROUTE("/api/v1/dashboard", GetDashboard,
                          [](const Query& q, v1::GetDashboardRequest* r) {
                            r->set_year(q.Year());
                            r->set_district_code(q.Text("district"));
                          }),
      SB_AGGREGATOR_ROUTE("/api/v1/trend", GetTrend,
                          [](const Query& q, v1::GetTrendRequest* r) {
                            r->set_indicator_id(q.Text("indicator"));
                            r->set_from_year(q.Int("from_year", q.Year()));
                            r->set_to_year(q.Int("to_year", q.Year()));
                            r->set_monthly(q.Flag("monthly"));
                            r->set_district_code(q.Text("district"));
                          }),
      SB_AGGREGATOR_ROUTE(
          "/api/v1/ranking", GetDistrictRanking,
          [](const Query& q, v1::GetDistrictRankingRequest* r) {
            r->set_year(q.Year());
            r->set_indicator_id(q.Text("indicator"));
          },
          &RankingBody),
      SB_AGGREGATOR_ROUTE("/api/v1/chains", GetIndustryChainView,
                          [](const Query& q, v1::GetIndustryChainViewRequest* r) { r->set_year(q.Year()); }),
      SB_AGGREGATOR_ROUTE("/api/v1/sources", GetSourceStatus, &NoParameters<v1::GetSourceStatusRequest>),
      SB_AGGREGATOR_ROUTE("/api/v1/targets", ListTargets,
                          [](const Query& q, v1::ListTargetsRequest* r) {
                            r->set_year(q.Year());
                            r->set_indicator_id(q.Text("indicator"));
                          }),
  };
}

#undef SB_AGGREGATOR_ROUTE

std::string ErrorBody(const absl::Status& status) {
  return JsonLine()
      .Add("code", absl::StatusCodeToString(status.code()))
      .Add("reason", ReasonOf(status))
      .Add("message", status)
      .str();
}

}  // namespace

HttpApi::HttpApi(HttpOptions options, ServiceRuntime& runtime, AggregatorHandlers& handlers, const Clock* clock)
    : options_(std::move(options)), runtime_(runtime), handlers_(handlers), clock_(clock) {}

HttpApi::~HttpApi() { Stop(); }

absl::Status HttpApi::LoadFiles() {
  if (!options_.static_dir.empty()) {
    const std::pair<const char*, const char*> pages[] = {{"index.html", "text/html; charset=utf-8"},
                                                         {"app.js", "text/javascript; charset=utf-8"},
                                                         {"app.css", "text/css; charset=utf-8"}};
    for (const auto& [file, type] : pages) {
      SB_ASSIGN_OR_RETURN(std::string body,
                          ReadFile(Concat(options_.static_dir, "/", file), "dashboard file (--static_dir)"));
      files_[std::string(file) == "index.html" ? "/" : Concat("/static/", file)] = {type, std::move(body)};
    }
  }
  if (!options_.echarts_path.empty()) {
    SB_ASSIGN_OR_RETURN(std::string body, ReadFile(options_.echarts_path, "ECharts build (--echarts_path)"));
    files_["/static/echarts.min.js"] = {"text/javascript; charset=utf-8", std::move(body)};
  }
  return absl::OkStatus();
}

absl::Status HttpApi::Start() {
  const size_t colon = options_.listen.rfind(':');
  if (colon == std::string::npos) {
    return InvalidArgumentError("http_listen", "must be host:port");
  }
  const std::string host = options_.listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(options_.listen.substr(colon + 1));
  } catch (...) {
    return InvalidArgumentError("http_listen", "has no valid port");
  }
  const bool loopback = host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
  if (!loopback && !options_.behind_mesh) {
    return InvalidArgumentError("http_listen",
                                "a non-loopback address needs --behind_mesh (TLS is terminated by the mesh)");
  }
  SB_RETURN_IF_ERROR(LoadFiles());
  HttpBounds bounds;
  bounds.threads = std::max(1, options_.threads);
  bounds.max_connections = std::max(1, options_.max_connections);
  if (ServerMetrics* metrics = runtime_.metrics(); metrics != nullptr) {
    bounds.on_drop = [metrics](std::string_view reason) { metrics->RecordHttpDrop(reason); };
  }
  server_ = std::make_unique<BoundedHttpServer>(std::move(bounds));
  // The API is GET only: no request body is read beyond a small bound, before any token is
  // looked at (a larger body is refused with 413). Reading one whole request is bounded by the
  // server's deadline (3 s), an idle keep-alive connection is closed after 1 s.
  server_->set_payload_max_length(kMaxRequestBodyBytes);
  server_->set_write_timeout(5, 0);
  server_->set_keep_alive_max_count(100);
  RegisterFiles();
  RegisterRoutes();
  const std::string bind_host = host == "localhost" ? "127.0.0.1" : host;
  if (port == 0) {
    port_ = server_->bind_to_any_port(bind_host);
    if (port_ < 0) {
      return absl::UnavailableError(Concat("cannot bind http ", options_.listen));
    }
  } else {
    if (!server_->bind_to_port(bind_host, port)) {
      return absl::UnavailableError(Concat("cannot bind http ", options_.listen));
    }
    port_ = port;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing until the listener thread has marked the server running, so a
  // Stop() right after Start() would leave that thread listening (and Stop() joining it) forever:
  // Start() returns only once the server runs.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!server_->is_running()) {
    if (absl::Now() > give_up) {
      return absl::UnavailableError(Concat("the http listener on ", options_.listen, " did not start"));
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  return absl::OkStatus();
}

void HttpApi::Stop() {
  if (server_ != nullptr) {
    server_->stop();
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

void HttpApi::RegisterFiles() {
  for (const auto& [path, file] : files_) {
    const std::string type = file.first;
    const std::string* body = &file.second;
    server_->Get(path, [type, body](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Security-Policy", kCsp);
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_header("Cache-Control", "no-cache");
      res.set_content(*body, type.c_str());
    });
  }
}

void HttpApi::RegisterRoutes() {
  for (Route& route : Routes()) {
    server_->Get(route.path, [this, route = std::move(route)](const httplib::Request& req, httplib::Response& res) {
      const Query query(req, clock_->Now());
      const std::string authorization = req.get_header_value("Authorization");
      const std::string peer = Concat("http:", req.remote_addr, ":", req.remote_port);
      const absl::Time deadline = absl::Now() + kRequestDeadline;
      absl::StatusOr<Body> answer =
          route.serve(handlers_, query, [&](google::protobuf::Message& request, const ServiceRuntime::Work& work) {
            return runtime_.Call(route.method, authorization, peer, deadline, request, work);
          });
      const absl::Status status = answer.status();
      const Body body = answer.ok() ? *std::move(answer) : Body{ErrorBody(status), kJsonType};
      if (status.code() == absl::StatusCode::kUnauthenticated) {
        res.set_header("WWW-Authenticate", "Bearer");
      }
      res.status = HttpCode(status.code());
      res.set_header("Cache-Control", "no-store");
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_content(body.content, body.content_type.c_str());
    });
  }
}

}  // namespace skillbridge::aggregator

#include "services/aggregator/http/http_api.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include <httplib.h>

#include "common/status/errors.h"
#include "common/util/concat.h"
#include "google/protobuf/util/json_util.h"

namespace skillbridge::aggregator {

namespace {

constexpr char kCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(Concat("cannot read ", path));
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

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

std::string JsonEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += ' ';
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

int IntParam(const httplib::Request& req, const char* name, int fallback) {
  if (!req.has_param(name)) {
    return fallback;
  }
  const std::string v = req.get_param_value(name);
  try {
    size_t used = 0;
    const int n = std::stoi(v, &used);
    return used == v.size() ? n : -1;
  } catch (...) {
    return -1;
  }
}

}  // namespace

HttpApi::HttpApi(HttpOptions options, std::shared_ptr<const TokenAuthenticator> auth, PermissionTable permissions,
                 AggregatorHandlers& handlers, const Clock* clock)
    : options_(std::move(options)),
      auth_(std::move(auth)),
      permissions_(std::move(permissions)),
      handlers_(handlers),
      clock_(clock) {}

HttpApi::~HttpApi() { Stop(); }

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
  if (!options_.static_dir.empty()) {
    const std::pair<const char*, const char*> pages[] = {{"index.html", "text/html; charset=utf-8"},
                                                         {"app.js", "text/javascript; charset=utf-8"},
                                                         {"app.css", "text/css; charset=utf-8"}};
    for (const auto& [file, type] : pages) {
      auto body = ReadFile(Concat(options_.static_dir, "/", file));
      if (!body.ok()) {
        return body.status();
      }
      files_[std::string(file) == "index.html" ? "/" : Concat("/static/", file)] = {type, std::move(*body)};
    }
  }
  if (!options_.echarts_path.empty()) {
    auto body = ReadFile(options_.echarts_path);
    if (!body.ok()) {
      return body.status();
    }
    files_["/static/echarts.min.js"] = {"text/javascript; charset=utf-8", std::move(*body)};
  }
  server_ = std::make_unique<httplib::Server>();
  const int threads = std::max(1, options_.threads);
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  Register();
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

void HttpApi::Register() {
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

  // Runs one API call: authenticate, check the permission table, run the handler, answer JSON.
  auto api = [this](const char* method, auto run) {
    return [this, method, run](const httplib::Request& req, httplib::Response& res) {
      const auto start = std::chrono::steady_clock::now();
      CallContext call;
      call.service = "skillbridge.aggregator.v1.AggregatorService";
      call.method = method;
      call.now = clock_->Now();
      call.deadline = absl::Now() + absl::Seconds(30);
      call.peer = Concat("http:", req.remote_addr);
      absl::Status status;
      std::string body;
      std::string content_type = "application/json; charset=utf-8";
      auto principal = auth_->Authenticate(req.get_header_value("Authorization"));
      if (!principal.ok()) {
        status = principal.status();
      } else {
        call.principal = *principal;
        status = permissions_.Check(method, call.principal);
        if (status.ok()) {
          status = run(call, req, &body, &content_type);
        }
      }
      if (!status.ok()) {
        body =
            Concat("{\"code\":\"", absl::StatusCodeToString(status.code()), "\",\"reason\":\"",
                   JsonEscape(ReasonOf(status)), "\",\"message\":\"", JsonEscape(std::string(status.message())), "\"}");
        content_type = "application/json; charset=utf-8";
        if (status.code() == absl::StatusCode::kUnauthenticated) {
          res.set_header("WWW-Authenticate", "Bearer");
        }
      }
      res.status = HttpCode(status.code());
      res.set_header("Cache-Control", "no-store");
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_content(body, content_type.c_str());
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      std::cerr << "{\"service\":\"aggregator\",\"transport\":\"http\",\"method\":\"" << method << "\",\"principal\":\""
                << JsonEscape(call.principal.name) << "\",\"code\":\"" << absl::StatusCodeToString(status.code())
                << "\",\"ms\":" << ms << "}\n";
    };
  };
  auto to_json = [](const google::protobuf::Message& message, std::string* body) -> absl::Status {
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    auto s = google::protobuf::util::MessageToJsonString(message, body, options);
    if (!s.ok()) {
      return absl::InternalError("cannot encode the response as JSON");
    }
    return absl::OkStatus();
  };
  const int default_year = 0;
  auto year_of = [this, default_year](const httplib::Request& req) {
    const int y = IntParam(req, "year", default_year);
    return y == 0 ? static_cast<int>(absl::ToCivilYear(clock_->Now(), absl::FixedTimeZone(8 * 3600)).year()) : y;
  };

  server_->Get("/api/v1/indicators",
               api("ListIndicators",
                   [this, to_json](const CallContext& call, const httplib::Request&, std::string* body, std::string*) {
                     v1::ListIndicatorsResponse response;
                     absl::Status s = handlers_.ListIndicators(call, {}, &response);
                     return s.ok() ? to_json(response, body) : s;
                   }));
  server_->Get("/api/v1/dashboard",
               api("GetDashboard", [this, to_json, year_of](const CallContext& call, const httplib::Request& req,
                                                            std::string* body, std::string*) {
                 v1::GetDashboardRequest request;
                 request.set_year(year_of(req));
                 request.set_district_code(req.get_param_value("district"));
                 v1::GetDashboardResponse response;
                 absl::Status s = handlers_.GetDashboard(call, request, &response);
                 return s.ok() ? to_json(response, body) : s;
               }));
  server_->Get("/api/v1/trend",
               api("GetTrend", [this, to_json, year_of](const CallContext& call, const httplib::Request& req,
                                                        std::string* body, std::string*) {
                 v1::GetTrendRequest request;
                 request.set_indicator_id(req.get_param_value("indicator"));
                 const int year = year_of(req);
                 request.set_from_year(IntParam(req, "from_year", year));
                 request.set_to_year(IntParam(req, "to_year", year));
                 const std::string monthly = req.get_param_value("monthly");
                 request.set_monthly(monthly == "1" || monthly == "true");
                 request.set_district_code(req.get_param_value("district"));
                 v1::GetTrendResponse response;
                 absl::Status s = handlers_.GetTrend(call, request, &response);
                 return s.ok() ? to_json(response, body) : s;
               }));
  server_->Get("/api/v1/ranking",
               api("GetDistrictRanking", [this, to_json, year_of](const CallContext& call, const httplib::Request& req,
                                                                  std::string* body, std::string* content_type) {
                 v1::GetDistrictRankingRequest request;
                 request.set_year(year_of(req));
                 request.set_indicator_id(req.get_param_value("indicator"));
                 v1::GetDistrictRankingResponse response;
                 absl::Status s = handlers_.GetDistrictRanking(call, request, &response);
                 if (!s.ok()) {
                   return s;
                 }
                 if (req.get_param_value("format") == "csv") {
                   *body = AggregatorHandlers::RankingCsv(response);
                   *content_type = "text/csv; charset=utf-8";
                   return absl::OkStatus();
                 }
                 return to_json(response, body);
               }));
  server_->Get("/api/v1/chains", api("GetIndustryChainView",
                                     [this, to_json, year_of](const CallContext& call, const httplib::Request& req,
                                                              std::string* body, std::string*) {
                                       v1::GetIndustryChainViewRequest request;
                                       request.set_year(year_of(req));
                                       v1::GetIndustryChainViewResponse response;
                                       absl::Status s = handlers_.GetIndustryChainView(call, request, &response);
                                       return s.ok() ? to_json(response, body) : s;
                                     }));
  server_->Get("/api/v1/sources",
               api("GetSourceStatus",
                   [this, to_json](const CallContext& call, const httplib::Request&, std::string* body, std::string*) {
                     v1::GetSourceStatusResponse response;
                     absl::Status s = handlers_.GetSourceStatus(call, {}, &response);
                     return s.ok() ? to_json(response, body) : s;
                   }));
  server_->Get("/api/v1/targets",
               api("ListTargets", [this, to_json, year_of](const CallContext& call, const httplib::Request& req,
                                                           std::string* body, std::string*) {
                 v1::ListTargetsRequest request;
                 request.set_year(year_of(req));
                 request.set_indicator_id(req.get_param_value("indicator"));
                 v1::ListTargetsResponse response;
                 absl::Status s = handlers_.ListTargets(call, request, &response);
                 return s.ok() ? to_json(response, body) : s;
               }));
}

}  // namespace skillbridge::aggregator

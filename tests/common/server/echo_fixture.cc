#include "tests/common/server/echo_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <utility>

#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/rpc_method.h>
#include <grpcpp/impl/codegen/sync_stream.h>
#include <grpcpp/support/byte_buffer.h>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/unknown_field_set.h"
#include "skillbridge/config/v1/auth.pb.h"

namespace skillbridge::testing {
namespace {

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string out;
  for (const grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

// A message with one length-delimited field `number` holding `value`.
std::string EncodeStringField(int number, const std::string& value) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.WriteTag(static_cast<uint32_t>(number << 3 | 2));
  coded.WriteVarint32(static_cast<uint32_t>(value.size()));
  coded.WriteString(value);
  coded.Trim();
  return out;
}

}  // namespace

std::shared_ptr<const TokenAuthenticator> TestAuthenticator() {
  config::v1::AuthConfig config;
  config::v1::PrincipalConfig* admin = config.add_principals();
  admin->set_name("admin");
  admin->set_role(common::v1::ROLE_ADMIN);
  admin->set_token_sha256(Sha256Hex(kAdminToken));
  config::v1::PrincipalConfig* viewer = config.add_principals();
  viewer->set_name("viewer");
  viewer->set_role(common::v1::ROLE_VIEWER);
  viewer->set_token_sha256(Sha256Hex(kViewerToken));
  absl::StatusOr<std::shared_ptr<const TokenAuthenticator>> auth = TokenAuthenticator::FromConfig(config);
  if (!auth.ok()) {
    return nullptr;
  }
  return *auth;
}

PermissionTable EchoPermissions() {
  return PermissionTable(
      {MethodPermission{"Echo", {common::v1::ROLE_ADMIN, common::v1::ROLE_SERVICE}, MethodKind::kMutation}});
}

void RecordingAuditSink::Record(const common::v1::AuditEntry& entry) {
  absl::MutexLock lock(&mu_);
  entries_.push_back(entry);
}

std::vector<common::v1::AuditEntry> RecordingAuditSink::entries() const {
  absl::MutexLock lock(&mu_);
  return entries_;
}

EchoServiceImpl::EchoServiceImpl(ServiceRuntime* runtime, EchoHandler handler)
    : runtime_(runtime), handler_(std::move(handler)) {
  if (handler_ == nullptr) {
    handler_ = [](const CallContext&, const echo::v1::EchoRequest& request, echo::v1::EchoResponse* response) {
      response->set_payload(request.payload());
      *response->mutable_envelope() = request.envelope();
      return absl::OkStatus();
    };
  }
}

grpc::ServerUnaryReactor* EchoServiceImpl::Echo(grpc::CallbackServerContext* context,
                                                const echo::v1::EchoRequest* request,
                                                echo::v1::EchoResponse* response) {
  return runtime_->Handle(context, request, response, "Echo", handler_);
}

grpc::Status CallEcho(echo::v1::EchoService::Stub& stub, const std::string& token, const std::string& payload,
                      echo::v1::EchoResponse* response, const std::string& request_id, int deadline_ms) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
  if (!token.empty()) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  echo::v1::EchoRequest request;
  request.set_payload(payload);
  request.set_request_id(request_id);
  echo::v1::EchoResponse ignored;
  return stub.Echo(&context, request, response != nullptr ? response : &ignored);
}

EchoServer::EchoServer(Options options) : clock_(absl::FromUnixSeconds(kTestNowUnixSeconds)) {
  if (options.server.metrics_address.empty()) {
    options.server.metrics_address = "127.0.0.1:0";
  }
  options.server.readiness_interval = std::chrono::milliseconds(20);
  runner_ = std::make_unique<ServerRunner>(options.server, "echo");
  RuntimeOptions runtime_options;
  runtime_options.service_name = "echo";
  runtime_options.grpc_service = kEchoService;
  runtime_options.worker_threads = options.workers;
  runtime_options.max_queue = options.max_queue;
  runtime_options.long_poll_threads = 1;
  runtime_ = std::make_unique<ServiceRuntime>(runtime_options, TestAuthenticator(), EchoPermissions(), &clock_,
                                              &runner_->metrics(), &audit_);
  service_ = std::make_unique<EchoServiceImpl>(runtime_.get(), std::move(options.handler));
  runner_->AddService(service_.get());
  if (options.probe != nullptr) {
    runner_->SetReadinessProbe(std::move(options.probe));
  }
}

EchoServer::~EchoServer() {
  if (waiter_.joinable()) {
    Shutdown();
  } else {
    runtime_->Shutdown();
  }
  runner_.reset();  // stops the server if Wait() never ran
  runtime_.reset();
}

absl::Status EchoServer::Start() { return runner_->Start(); }

void EchoServer::WaitInBackground(std::function<void()> before_drain) {
  waiter_ = std::thread([this, before_drain = std::move(before_drain)] {
    runner_->Wait([this, &before_drain] {
      if (before_drain != nullptr) {
        before_drain();
      }
      runtime_->Shutdown();
    });
  });
}

void EchoServer::Shutdown() {
  runner_->RequestShutdown();
  if (waiter_.joinable()) {
    waiter_.join();
  }
}

std::shared_ptr<grpc::Channel> EchoServer::channel() {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

std::unique_ptr<echo::v1::EchoService::Stub> EchoServer::stub() { return echo::v1::EchoService::NewStub(channel()); }

absl::StatusOr<std::string> HealthCheck(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  const grpc::internal::RpcMethod method("/grpc.health.v1.Health/Check", grpc::internal::RpcMethod::NORMAL_RPC);
  grpc::ByteBuffer response;
  const grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel.get(), method, &context, ToByteBuffer(EncodeStringField(1, service)), &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromString(FromByteBuffer(response))) {
    return absl::InternalError("unparsable HealthCheckResponse");
  }
  uint64_t serving_status = 0;  // UNKNOWN: proto3 default, not on the wire
  for (int i = 0; i < fields.field_count(); ++i) {
    if (fields.field(i).number() == 1 && fields.field(i).type() == google::protobuf::UnknownField::TYPE_VARINT) {
      serving_status = fields.field(i).varint();
    }
  }
  switch (serving_status) {
    case 1:
      return std::string("SERVING");
    case 2:
      return std::string("NOT_SERVING");
    case 3:
      return std::string("SERVICE_UNKNOWN");
    default:
      return std::string("UNKNOWN");
  }
}

absl::StatusOr<std::vector<std::string>> ReflectionListServices(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  const grpc::internal::RpcMethod method("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                         grpc::internal::RpcMethod::BIDI_STREAMING);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(channel.get(), method,
                                                                                            &context));
  // ServerReflectionRequest.list_services = 7.
  if (!stream->Write(ToByteBuffer(EncodeStringField(7, "*")))) {
    return absl::UnavailableError("reflection stream refused the request");
  }
  stream->WritesDone();
  grpc::ByteBuffer response;
  std::vector<std::string> names;
  while (stream->Read(&response)) {
    // ServerReflectionResponse.list_services_response = 6 { repeated ServiceResponse service = 1 { name = 1 } }.
    google::protobuf::UnknownFieldSet top;
    if (!top.ParseFromString(FromByteBuffer(response))) {
      return absl::InternalError("unparsable ServerReflectionResponse");
    }
    for (int i = 0; i < top.field_count(); ++i) {
      if (top.field(i).number() != 6) {
        continue;
      }
      google::protobuf::UnknownFieldSet list;
      if (!list.ParseFromString(top.field(i).length_delimited())) {
        return absl::InternalError("unparsable ListServiceResponse");
      }
      for (int j = 0; j < list.field_count(); ++j) {
        google::protobuf::UnknownFieldSet service;
        if (list.field(j).number() != 1 || !service.ParseFromString(list.field(j).length_delimited())) {
          continue;
        }
        for (int k = 0; k < service.field_count(); ++k) {
          if (service.field(k).number() == 1) {
            names.push_back(service.field(k).length_delimited());
          }
        }
      }
    }
  }
  const grpc::Status status = stream->Finish();
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return names;
}

absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return absl::InternalError("socket");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to 127.0.0.1:", port));
  }
  const std::string request = absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("short write");
  }
  std::string response;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) {
      break;
    }
    response.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || body == std::string::npos) {
    return absl::InternalError(absl::StrCat("not an HTTP response: ", response.substr(0, 200)));
  }
  if (response.find(" 200 ") > response.find("\r\n")) {
    return absl::InternalError(absl::StrCat("HTTP error: ", response.substr(0, response.find("\r\n"))));
  }
  return response.substr(body + 4);
}

}  // namespace skillbridge::testing

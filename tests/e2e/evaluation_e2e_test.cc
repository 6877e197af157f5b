// End to end: the real skillbridge-evaluation binary over a real redis-server, driven over TCP
// like any other government system would: the whole filing-to-certificate workflow, bulk issue,
// metrics, durability across kill -9 of Redis with the feed resuming from its last id, mutual
// TLS refusing an untrusted client certificate, the listen policy, and graceful SIGTERM.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "common/redis/redis_client.h"
#include "common/server/batch_results.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/health_client.h"
#include "tests/support/process.h"
#include "tests/support/redis_server.h"
#include "tests/support/retrying_client.h"
#include "tests/support/test_certs.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string EvaluationBinary() {
  return std::string(SKILLBRIDGE_BINARY_DIR) + "/services/evaluation/skillbridge-evaluation";
}

// GET http://127.0.0.1:port/metrics with a plain socket.
std::string FetchMetrics(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return "";
  }
  const std::string request = "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n";
  if (::write(fd, request.data(), request.size()) < 0) {
    ::close(fd);
    return "";
  }
  std::string body;
  char buffer[8192];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof(buffer))) > 0) {
    body.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return body;
}

// One evaluation binary with its own redis-server.
class EvaluationProcess {
 public:
  absl::Status Start(std::vector<std::string> extra_flags = {}) {
    if (!redis_.running()) {
      if (absl::Status started = redis_.Start(); !started.ok()) {
        return started;
      }
    }
    auto dir = MakeTempDir("evaluation-e2e");
    if (!dir.ok()) {
      return dir.status();
    }
    dir_ = *dir;
    port_ = PickFreeTcpPort();
    metrics_port_ = PickFreeTcpPort();
    std::vector<std::string> args = {
        "--listen=127.0.0.1:" + std::to_string(port_),
        "--metrics_listen=127.0.0.1:" + std::to_string(metrics_port_),
        "--redis=" + redis_.uri(),
        "--auth_config=" + WriteTestAuthConfig(dir_),
        "--reference_dir=" + std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference",
        "--workers=4",
    };
    args.insert(args.end(), extra_flags.begin(), extra_flags.end());
    auto child = ChildProcess::Start(EvaluationBinary(), args);
    if (!child.ok()) {
      return child.status();
    }
    process_ = std::move(*child);
    return absl::OkStatus();
  }

  std::shared_ptr<grpc::Channel> Channel(
      std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials()) const {
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    return grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port_), credentials, args);
  }

  // Waits until health reads `want` (bounded).
  bool WaitForHealth(const std::string& want, std::chrono::seconds bound = std::chrono::seconds(20),
                     std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials()) {
    auto channel = Channel(credentials);
    const auto give_up = Clock::now() + bound;
    while (Clock::now() < give_up) {
      auto health = CheckHealth(channel, "");
      if (health.ok() && *health == want) {
        return true;
      }
      if (!process_->IsRunning()) {
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // kill -9 of the service binary, then the same binary again on the same ports and store.
  absl::Status Kill9AndRestart() {
    process_->Kill(SIGKILL);
    process_->Wait(std::chrono::seconds(10));
    std::vector<std::string> args = {
        "--listen=127.0.0.1:" + std::to_string(port_),
        "--metrics_listen=127.0.0.1:" + std::to_string(metrics_port_),
        "--redis=" + redis_.uri(),
        "--auth_config=" + WriteTestAuthConfig(dir_),
        "--reference_dir=" + std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference",
        "--workers=4",
    };
    auto child = ChildProcess::Start(EvaluationBinary(), args);
    if (!child.ok()) {
      return child.status();
    }
    process_ = std::move(*child);
    return absl::OkStatus();
  }

  RedisServerProcess& redis() { return redis_; }
  ChildProcess& process() { return *process_; }
  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  std::string Stderr() const { return process_ ? process_->ReadStderr() : ""; }

 private:
  RedisServerProcess redis_;
  std::string dir_;
  int port_ = 0;
  int metrics_port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

std::unique_ptr<grpc::ClientContext> As(const std::string& token, int seconds = 10) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

void FileOrg(ev::EvaluationService::Stub& stub, const std::string& credit, const std::string& district) {
  ev::CreateEvaluationOrgRequest create;
  create.mutable_org()->set_credit_code(credit);
  create.mutable_org()->set_name("青岛市某技能评价中心");
  create.mutable_org()->set_district_code(district);
  create.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  auto* scope = create.add_scope();
  scope->set_occupation_code("6-18-02-04");
  scope->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  ev::CreateEvaluationOrgResponse created;
  grpc::Status status = stub.CreateEvaluationOrg(As(kInstitutionAToken).get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(credit);
  ev::StartFilingAssessmentResponse started;
  ASSERT_TRUE(stub.StartFilingAssessment(As(kDistrictAToken).get(), start, &started).ok());
  ev::ApproveFilingRequest approve;
  approve.set_credit_code(credit);
  ev::ApproveFilingResponse approved;
  ASSERT_TRUE(stub.ApproveFiling(As(kDistrictAToken).get(), approve, &approved).ok());
  ASSERT_EQ(approved.evaluation_org().state(), ev::FILING_STATE_FILED);
}

TEST(EvaluationEndToEndTest, WorkflowBulkIssueAndMetricsOverTheRealBinary) {
  EvaluationProcess evaluation;
  ASSERT_TRUE(evaluation.Start().ok());
  ASSERT_TRUE(evaluation.WaitForHealth("SERVING")) << evaluation.Stderr();
  auto stub = ev::EvaluationService::NewStub(evaluation.Channel());
  const std::string org = CreditCode(1);
  FileOrg(*stub, org, kDistrictA);

  ev::IssueCertificateRequest issue;
  *issue.mutable_certificate() = EvaluationHarness::Draft(1, org);
  ev::IssueCertificateResponse issued;
  ASSERT_TRUE(stub->IssueCertificate(As(kInstitutionAToken).get(), issue, &issued).ok());
  ev::VerifyCertificateRequest verify;
  verify.set_number(issued.certificate().number());
  verify.set_id_number(PersonId(1));
  verify.set_name(EvaluationHarness::PersonName(1));
  ev::VerifyCertificateResponse verdict;
  ASSERT_TRUE(stub->VerifyCertificate(As(kVerifierToken).get(), verify, &verdict).ok());
  EXPECT_EQ(verdict.result(), ev::VERIFICATION_RESULT_VALID);
  EXPECT_EQ(verdict.occupation_code(), "6-18-02-04");

  // Bulk: 500 rows, every 50th with a bad ID check character, every 50th+1 a duplicate.
  ev::BatchIssueCertificatesRequest batch;
  for (int i = 0; i < 500; ++i) {
    ev::CertificateDraft draft = EvaluationHarness::Draft(100 + i, org);
    if (i % 50 == 0) {
      std::string id = draft.person().id_number();
      id[17] = id[17] == '0' ? '1' : '0';
      draft.mutable_person()->set_id_number(id);
    } else if (i % 50 == 1) {
      draft = EvaluationHarness::Draft(1, org);
    }
    *batch.add_certificates() = draft;
  }
  ev::BatchIssueCertificatesResponse batch_result;
  ASSERT_TRUE(stub->BatchIssueCertificates(As(kInstitutionAToken).get(), batch, &batch_result).ok());
  EXPECT_EQ(batch_result.accepted_count(), 480);
  EXPECT_EQ(batch_result.rejected_count(), 20);
  EXPECT_EQ(skillbridge::ReasonOf(ItemStatus(batch_result.results(0).status())), "INVALID_FIELD");
  EXPECT_EQ(skillbridge::ReasonOf(ItemStatus(batch_result.results(1).status())), "DUPLICATE_CERTIFICATE");

  // Revocation shows in verification.
  ev::RevokeCertificateRequest revoke;
  revoke.set_number(issued.certificate().number());
  revoke.set_reason("证书信息有误");
  ev::RevokeCertificateResponse revoked;
  ASSERT_TRUE(stub->RevokeCertificate(As(kDistrictAToken).get(), revoke, &revoked).ok());
  ASSERT_TRUE(stub->VerifyCertificate(As(kVerifierToken).get(), verify, &verdict).ok());
  EXPECT_EQ(verdict.result(), ev::VERIFICATION_RESULT_REVOKED);

  // Wrong role and a district officer acting on another district.
  ev::RevokeCertificateResponse denied;
  EXPECT_EQ(stub->RevokeCertificate(As(kViewerToken).get(), revoke, &denied).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  revoke.set_number(batch_result.results(5).certificate().number());
  EXPECT_EQ(stub->RevokeCertificate(As(kDistrictBToken).get(), revoke, &denied).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const std::string metrics = FetchMetrics(evaluation.metrics_port());
  EXPECT_NE(metrics.find("grpc_server_handled_total"), std::string::npos) << metrics.substr(0, 500);
  EXPECT_NE(metrics.find("grpc_method=\"IssueCertificate\""), std::string::npos);
  EXPECT_NE(metrics.find("grpc_server_handling_seconds"), std::string::npos);
  EXPECT_NE(metrics.find("redis_command_duration_seconds"), std::string::npos);

  // Log lines never carry a full ID number.
  const std::string logs = evaluation.Stderr();
  EXPECT_EQ(logs.find(PersonId(1)), std::string::npos);

  // SIGTERM: drains and exits 0.
  evaluation.process().Kill(SIGTERM);
  auto code = evaluation.process().Wait(std::chrono::seconds(20));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << evaluation.Stderr();
}

TEST(EvaluationEndToEndTest, AcknowledgedCertificatesSurviveKill9OfRedisAndTheFeedResumes) {
  EvaluationProcess evaluation;
  ASSERT_TRUE(evaluation.Start().ok());
  ASSERT_TRUE(evaluation.WaitForHealth("SERVING")) << evaluation.Stderr();
  auto stub = ev::EvaluationService::NewStub(evaluation.Channel());
  const std::string org = CreditCode(1);
  FileOrg(*stub, org, kDistrictA);

  std::vector<std::string> acknowledged;
  for (int i = 0; i < 100; ++i) {
    ev::IssueCertificateRequest issue;
    *issue.mutable_certificate() = EvaluationHarness::Draft(i, org);
    ev::IssueCertificateResponse issued;
    ASSERT_TRUE(stub->IssueCertificate(As(kInstitutionAToken).get(), issue, &issued).ok());
    acknowledged.push_back(issued.certificate().number());
  }
  ev::BatchIssueCertificatesRequest batch;
  for (int i = 0; i < 400; ++i) {
    *batch.add_certificates() = EvaluationHarness::Draft(1000 + i, org);
  }
  ev::BatchIssueCertificatesResponse batch_result;
  ASSERT_TRUE(stub->BatchIssueCertificates(As(kInstitutionAToken).get(), batch, &batch_result).ok());
  for (const auto& result : batch_result.results()) {
    ASSERT_TRUE(result.has_certificate()) << result.status().message();
    acknowledged.push_back(result.certificate().number());
  }
  // Read the whole feed and remember where it ended.
  std::string last_id;
  int events = 0;
  while (true) {
    ev::ListEventsRequest request;
    request.set_after_id(last_id);
    request.set_max_events(1000);
    ev::ListEventsResponse page;
    ASSERT_TRUE(stub->ListEvents(As(kServiceToken).get(), request, &page).ok());
    if (page.events_size() == 0) {
      break;
    }
    events += page.events_size();
    last_id = page.last_id();
  }
  EXPECT_EQ(events, 3 + 500);

  evaluation.redis().Kill9();
  // Callers get a prompt UNAVAILABLE, never a hang; health turns NOT_SERVING.
  const auto begin = Clock::now();
  ev::IssueCertificateRequest during;
  *during.mutable_certificate() = EvaluationHarness::Draft(5000, org);
  ev::IssueCertificateResponse refused;
  grpc::Status status = stub->IssueCertificate(As(kInstitutionAToken).get(), during, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_LT(Clock::now() - begin, std::chrono::seconds(5));
  EXPECT_TRUE(evaluation.WaitForHealth("NOT_SERVING", std::chrono::seconds(10)));

  ASSERT_TRUE(evaluation.redis().Restart().ok());
  ASSERT_TRUE(evaluation.WaitForHealth("SERVING", std::chrono::seconds(20))) << evaluation.Stderr();
  for (const auto& number : acknowledged) {
    ev::GetCertificateRequest get;
    get.set_number(number);
    ev::GetCertificateResponse got;
    grpc::Status found = stub->GetCertificate(As(kAdminToken).get(), get, &got);
    ASSERT_TRUE(found.ok()) << number << ": " << found.error_message();
  }
  // The feed resumes from the last id: nothing new, then exactly the next event.
  ev::ListEventsRequest resume;
  resume.set_after_id(last_id);
  ev::ListEventsResponse none;
  ASSERT_TRUE(stub->ListEvents(As(kServiceToken).get(), resume, &none).ok());
  EXPECT_EQ(none.events_size(), 0);
  ev::IssueCertificateResponse after;
  ASSERT_TRUE(stub->IssueCertificate(As(kInstitutionAToken).get(), during, &after).ok());
  ev::ListEventsResponse next;
  ASSERT_TRUE(stub->ListEvents(As(kServiceToken).get(), resume, &next).ok());
  ASSERT_EQ(next.events_size(), 1);
  EXPECT_EQ(next.events(0).certificate_issued().number(), after.certificate().number());
  EXPECT_GT(next.events(0).id(), last_id);
}

// Faults under load: clients issue certificates with request ids and retry whatever was not
// answered (UNAVAILABLE, DEADLINE_EXCEEDED, a dropped connection) while the store is killed -9
// and restarted, then the service itself. Afterwards every acknowledged certificate is there
// exactly once (one per person), every retry of an acknowledged request answers with its first
// number, and no caller ever waited past its deadline.
TEST(EvaluationEndToEndTest, RetryingClientsLoseNothingAcrossKill9OfRedisAndOfTheService) {
  EvaluationProcess evaluation;
  ASSERT_TRUE(evaluation.Start().ok());
  ASSERT_TRUE(evaluation.WaitForHealth("SERVING")) << evaluation.Stderr();
  auto channel = evaluation.Channel();
  auto stub = ev::EvaluationService::NewStub(channel);
  const std::string org = CreditCode(1);
  FileOrg(*stub, org, kDistrictA);

  constexpr int kClients = 6;
  constexpr int kPerClient = 5000;  // at most: clients stop taking new requests once the faults are over
  std::atomic<bool> stop{false};
  RetryCounters counters;
  std::vector<std::vector<std::pair<std::string, std::string>>> acknowledged(kClients);  // request id, number
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto own = ev::EvaluationService::NewStub(evaluation.Channel());
      for (int i = 0; i < kPerClient && !stop.load(); ++i) {
        const int person = 20000 + c * kPerClient + i;
        ev::IssueCertificateRequest request;
        *request.mutable_certificate() = EvaluationHarness::Draft(person, org);
        request.set_request_id("fault-" + std::to_string(person));
        ev::IssueCertificateResponse response;
        if (CallUntilAnswered(
                [&] { return own->IssueCertificate(As(kInstitutionAToken, 3).get(), request, &response); }, counters)) {
          acknowledged[c].emplace_back(request.request_id(), response.certificate().number());
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  evaluation.redis().Kill9();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(evaluation.redis().Restart().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ASSERT_TRUE(evaluation.Kill9AndRestart().ok());
  ASSERT_TRUE(evaluation.WaitForHealth("SERVING")) << evaluation.Stderr();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (std::thread& client : clients) {
    client.join();
  }
  EXPECT_FALSE(counters.hung.load()) << "a call outlived its 3 s deadline by more than 2 s";
  EXPECT_EQ(counters.gave_up.load(), 0) << "every request was acknowledged within 60 s of retries";
  ASSERT_TRUE(evaluation.WaitForHealth("SERVING")) << evaluation.Stderr();

  int total = 0;
  std::set<std::string> numbers;
  for (const auto& per_client : acknowledged) {
    for (const auto& [request_id, number] : per_client) {
      ++total;
      numbers.insert(number);
      // The retry of an acknowledged request answers with its first number.
      ev::IssueCertificateRequest again;
      const int person = std::stoi(request_id.substr(6));
      *again.mutable_certificate() = EvaluationHarness::Draft(person, org);
      again.set_request_id(request_id);
      ev::IssueCertificateResponse replayed;
      const grpc::Status status = stub->IssueCertificate(As(kInstitutionAToken).get(), again, &replayed);
      ASSERT_TRUE(status.ok()) << request_id << ": " << status.error_message();
      EXPECT_EQ(replayed.certificate().number(), number) << request_id;
    }
  }
  EXPECT_GT(counters.retries.load(), 0) << "the faults hit calls in flight";
  EXPECT_EQ(numbers.size(), static_cast<size_t>(total)) << "one number per request";
  // Exactly one certificate per person in the store, and none that nobody acknowledged.
  auto watcher = RedisClient::Create(evaluation.redis().ClientOptions());
  ASSERT_TRUE(watcher.ok());
  auto stored = (*watcher)->Command({"EVAL", "return #redis.call('KEYS', ARGV[1])", "0", "evaluation:cert:*"});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->integer(), total);
  std::cerr << "fault run: " << total << " certificates acknowledged, " << counters.retries.load()
            << " retried calls\n";
}

// A batch cut off by kill -9 of Redis between its chunks is finished by its retry: the chunks
// written before the kill are answered from their records, the others are written then, and
// every certificate exists once.
TEST(EvaluationEndToEndTest, ABatchCutOffByKill9OfRedisIsFinishedByItsRetry) {
  EvaluationProcess evaluation;
  ASSERT_TRUE(evaluation.Start().ok());
  ASSERT_TRUE(evaluation.WaitForHealth("SERVING")) << evaluation.Stderr();
  auto stub = ev::EvaluationService::NewStub(evaluation.Channel());
  const std::string org = CreditCode(1);
  FileOrg(*stub, org, kDistrictA);
  auto watcher = RedisClient::Create(evaluation.redis().ClientOptions());
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  auto events = [&watcher]() -> long long {
    auto reply = (*watcher)->Command({"XLEN", "evaluation:events"});
    return reply.ok() ? reply->integer() : -1;
  };
  const long long before = events();

  constexpr int kItems = 5000;
  ev::BatchIssueCertificatesRequest batch;
  batch.set_request_id("kill-mid-batch");
  for (int i = 0; i < kItems; ++i) {
    *batch.add_certificates() = EvaluationHarness::Draft(20000 + i, org);
  }
  grpc::Status first_status;
  std::thread first([&] {
    ev::BatchIssueCertificatesResponse ignored;
    first_status = stub->BatchIssueCertificates(As(kInstitutionAToken, 60).get(), batch, &ignored);
  });
  // Kill Redis as soon as the first chunk is on the feed.
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (events() < before + 1000 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  evaluation.redis().Kill9();
  first.join();
  const long long written_before_kill_at_least = 1000;

  ASSERT_TRUE(evaluation.redis().Restart().ok());
  const long long survived = events() - before;
  EXPECT_GE(survived, written_before_kill_at_least);
  GTEST_LOG_(INFO) << survived << " of " << kItems << " certificates were written before the kill";
  if (first_status.ok()) {
    GTEST_LOG_(INFO) << "the first call finished before the kill; the retry replays all of it";
  } else {
    EXPECT_EQ(first_status.error_code(), grpc::StatusCode::UNAVAILABLE) << first_status.error_message();
  }

  // Retry as a client does: UNAVAILABLE (the service still reconnecting) is retried.
  ev::BatchIssueCertificatesResponse retried;
  grpc::Status retry_status;
  for (const auto retry_deadline = Clock::now() + std::chrono::seconds(20); Clock::now() < retry_deadline;) {
    retried.Clear();
    retry_status = stub->BatchIssueCertificates(As(kInstitutionAToken, 60).get(), batch, &retried);
    if (retry_status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(retry_status.ok()) << retry_status.error_message();
  EXPECT_EQ(retried.accepted_count(), kItems);
  std::set<std::string> numbers;
  for (const auto& result : retried.results()) {
    ASSERT_TRUE(result.has_certificate()) << result.index() << ": " << result.status().message();
    numbers.insert(result.certificate().number());
  }
  EXPECT_EQ(static_cast<int>(numbers.size()), kItems);
  EXPECT_EQ(events() - before, kItems);  // each certificate written once

  // Once more: the same answer, nothing written.
  ev::BatchIssueCertificatesResponse again;
  ASSERT_TRUE(stub->BatchIssueCertificates(As(kInstitutionAToken, 60).get(), batch, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), retried.SerializeAsString());
  EXPECT_EQ(events() - before, kItems);
}

TEST(EvaluationEndToEndTest, MutualTlsRefusesUntrustedClientCertificates) {
  auto dir = MakeTempDir("evaluation-tls");
  ASSERT_TRUE(dir.ok());
  auto certs = TestCertificates::Generate(*dir);
  ASSERT_TRUE(certs.ok()) << certs.status();
  EvaluationProcess evaluation;
  ASSERT_TRUE(evaluation
                  .Start({"--tls_cert=" + certs->server_cert, "--tls_key=" + certs->server_key,
                          "--tls_client_ca=" + certs->ca_cert})
                  .ok());
  auto credentials = [&](const std::string& cert, const std::string& key) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = ReadPemFile(certs->ca_cert);
    if (!cert.empty()) {
      options.pem_cert_chain = ReadPemFile(cert);
      options.pem_private_key = ReadPemFile(key);
    }
    return grpc::SslCredentials(options);
  };
  auto trusted = credentials(certs->client_cert, certs->client_key);
  ASSERT_TRUE(evaluation.WaitForHealth("SERVING", std::chrono::seconds(20), trusted)) << evaluation.Stderr();
  ev::GetEvaluationStatsRequest request;
  request.set_year(2026);
  ev::GetEvaluationStatsResponse response;
  auto ok_stub = ev::EvaluationService::NewStub(evaluation.Channel(trusted));
  EXPECT_TRUE(ok_stub->GetEvaluationStats(As(kViewerToken).get(), request, &response).ok());

  auto untrusted_stub = ev::EvaluationService::NewStub(
      evaluation.Channel(credentials(certs->untrusted_client_cert, certs->untrusted_client_key)));
  grpc::Status untrusted = untrusted_stub->GetEvaluationStats(As(kViewerToken, 5).get(), request, &response);
  EXPECT_EQ(untrusted.error_code(), grpc::StatusCode::UNAVAILABLE) << untrusted.error_message();
  auto anonymous_stub = ev::EvaluationService::NewStub(evaluation.Channel(credentials("", "")));
  EXPECT_EQ(anonymous_stub->GetEvaluationStats(As(kViewerToken, 5).get(), request, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  auto plaintext_stub = ev::EvaluationService::NewStub(evaluation.Channel());
  EXPECT_EQ(plaintext_stub->GetEvaluationStats(As(kViewerToken, 5).get(), request, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(EvaluationEndToEndTest, RefusesToListenPubliclyWithoutTls) {
  EvaluationProcess evaluation;
  ASSERT_TRUE(evaluation.Start({"--listen=0.0.0.0:" + std::to_string(PickFreeTcpPort())}).ok());
  auto code = evaluation.process().Wait(std::chrono::seconds(20));
  ASSERT_TRUE(code.has_value()) << "the service kept running on 0.0.0.0 without TLS";
  EXPECT_NE(*code, 0);
  EXPECT_NE(evaluation.Stderr().find("behind_mesh"), std::string::npos) << evaluation.Stderr();
}

}  // namespace
}  // namespace skillbridge::testing

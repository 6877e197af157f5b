// End to end: the real skillbridge-aggregator consuming the change feeds of the real
// skillbridge-evaluation and skillbridge-training binaries, each over its own redis-server, all
// driven over TCP. The dashboard (city and every district) and the district circular are checked
// against figures this test computes itself from the sources' own list APIs (never from the
// aggregator); the aggregator killed -9 in the middle of a 20,000-certificate backlog ends with
// exact figures, and a rebuild from zero agrees; the talent profile answers within its deadline
// with a source stopped, naming it, and is masked for a viewer; the HTTP JSON dashboard equals the
// gRPC one and refuses a caller without a token.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <tuple>

#include <grpcpp/grpcpp.h>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "skillbridge/aggregator/v1/aggregator.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "skillbridge/training/v1/training.grpc.pb.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/process.h"
#include "tests/support/redis_server.h"
#include "tests/support/service_process.h"
#include "tests/support/test_ids.h"
#include "tools/reconcile/recount.h"

namespace skillbridge::testing {
namespace {

namespace agg = ::skillbridge::aggregator::v1;
namespace tr = ::skillbridge::training::v1;
using common::v1::SkillLevel;
using SteadyClock = std::chrono::steady_clock;

constexpr SkillLevel k5 = common::v1::SKILL_LEVEL_5_JUNIOR;
constexpr SkillLevel k4 = common::v1::SKILL_LEVEL_4_INTERMEDIATE;
constexpr SkillLevel k3 = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr SkillLevel k2 = common::v1::SKILL_LEVEL_2_TECHNICIAN;
constexpr SkillLevel k1 = common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN;
constexpr SkillLevel kLevels[] = {k5, k4, k3, k2, k1};

constexpr char kWelding[] = "6-18-02-04";  // 焊工
constexpr char kRobot[] = "6-30-99-00";    // 工业机器人系统操作员

// Indicator ids as DESIGN §4 names them.
constexpr char kNewlyCertified[] = "newly_certified_persons";
constexpr char kNewlyCertifiedSenior[] = "newly_certified_senior_plus";
constexpr char kNewHighSkilled[] = "new_high_skilled_persons";
constexpr char kIntroduced[] = "introduced_skilled_persons";
constexpr char kCoverage[] = "self_evaluation_coverage";
constexpr char kSubsidisedTraining[] = "subsidized_training_person_times";
constexpr char kSubsidyPaid[] = "training_subsidy_paid";
constexpr char kTalentDatabase[] = "talent_database_persons";
constexpr char kConversion[] = "training_certificate_conversion";

const char* const kEvaluationFlows[] = {kNewlyCertified, kNewlyCertifiedSenior, kNewHighSkilled, kIntroduced};
const char* const kTrainingFlows[] = {kSubsidisedTraining, kSubsidyPaid};

std::unique_ptr<grpc::ClientContext> As(const std::string& token, int seconds = 30) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", "Bearer " + token);
  }
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

absl::Status Check(const grpc::Status& status, const std::string& what) {
  if (status.ok()) {
    return absl::OkStatus();
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), Concat(what, ": ", status.error_message()));
}

// Today in Qingdao (the binaries run on the system clock).
absl::CivilDay Today() { return BureauDay(absl::Now()); }
int ThisYear() { return static_cast<int>(Today().year()); }

common::v1::Date DateOf(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// A day of this year no later than today (k wraps over the days elapsed so far).
common::v1::Date ThisYearDay(int k) {
  const absl::CivilDay today = Today();
  const absl::CivilDay first(today.year(), 1, 1);
  const int elapsed = static_cast<int>(today - first) + 1;
  return DateOf(first + (k % elapsed));
}

// A day of last year.
common::v1::Date LastYearDay(int k) { return DateOf(absl::CivilDay(Today().year() - 1, 1, 1) + (k % 365)); }

// evaluation, training (optional) and the aggregator, each with its own redis-server.
class Stack {
 public:
  absl::Status Start(bool with_training, std::vector<std::string> aggregator_flags) {
    auto dir = MakeTempDir("aggregator-e2e");
    if (!dir.ok()) {
      return dir.status();
    }
    auth_ = WriteTestAuthConfig(*dir);
    token_file_ = *dir + "/service-token";
    std::ofstream(token_file_) << kServiceToken << "\n";
    aggregator_flags_ = std::move(aggregator_flags);
    with_training_ = with_training;
    for (RedisServerProcess* redis : {&evaluation_redis_, &training_redis_, &aggregator_redis_}) {
      if (redis == &training_redis_ && !with_training) {
        continue;
      }
      if (absl::Status started = redis->Start(); !started.ok()) {
        return started;
      }
    }
    if (absl::Status s = StartEvaluation(); !s.ok()) {
      return s;
    }
    evaluation_stub_ = ev::EvaluationService::NewStub(evaluation_.Channel());
    if (with_training) {
      if (absl::Status s = StartTraining(); !s.ok()) {
        return s;
      }
      training_stub_ = tr::TrainingService::NewStub(training_.Channel());
    }
    http_port_ = PickFreeTcpPort();
    return StartAggregator();
  }

  absl::Status StartAggregator(bool wait = true) {
    std::vector<std::string> flags = CommonFlags(aggregator_redis_);
    std::string sources = "--sources=evaluation=" + evaluation_.address();
    if (with_training_) {
      sources += ",training=" + training_.address();
    }
    flags.push_back(sources);
    flags.push_back("--service_token_file=" + token_file_);
    flags.push_back("--http_listen=127.0.0.1:" + std::to_string(http_port_));
    flags.push_back("--static_dir=" + std::string(SKILLBRIDGE_SOURCE_DIR) + "/services/aggregator/web");
    const std::string echarts = std::string(SKILLBRIDGE_SOURCE_DIR) + "/node_modules/echarts/dist/echarts.min.js";
    flags.push_back("--echarts_path=" + (std::ifstream(echarts).good() ? echarts : std::string()));
    flags.push_back("--feed_wait_ms=500");
    flags.insert(flags.end(), aggregator_flags_.begin(), aggregator_flags_.end());
    if (absl::Status s = aggregator_.Start("aggregator", flags, wait); !s.ok()) {
      return s;
    }
    aggregator_stub_ = agg::AggregatorService::NewStub(aggregator_.Channel());
    return absl::OkStatus();
  }

  // Restarts a source on its ports and its Redis (after Kill9).
  absl::Status StartEvaluation() { return evaluation_.Start("evaluation", CommonFlags(evaluation_redis_)); }
  absl::Status StartTraining() {
    std::vector<std::string> flags = CommonFlags(training_redis_);
    flags.push_back("--evaluation_address=" + evaluation_.address());
    flags.push_back("--evaluation_token_file=" + token_file_);
    return training_.Start("training", flags);
  }

  bool with_training() const { return with_training_; }
  ev::EvaluationService::Stub& evaluation() { return *evaluation_stub_; }
  tr::TrainingService::Stub& training() { return *training_stub_; }
  agg::AggregatorService::Stub& aggregator() { return *aggregator_stub_; }
  ServiceProcess& evaluation_process() { return evaluation_; }
  ServiceProcess& training_process() { return training_; }
  ServiceProcess& aggregator_process() { return aggregator_; }
  RedisServerProcess& aggregator_redis() { return aggregator_redis_; }
  int http_port() const { return http_port_; }

 private:
  std::vector<std::string> CommonFlags(const RedisServerProcess& redis) const {
    return ServiceFlags(redis.uri(), auth_);
  }

  RedisServerProcess evaluation_redis_;
  RedisServerProcess training_redis_;
  RedisServerProcess aggregator_redis_;
  std::string auth_;
  std::string token_file_;
  std::vector<std::string> aggregator_flags_;
  bool with_training_ = false;
  int http_port_ = 0;
  ServiceProcess evaluation_;
  ServiceProcess training_;
  ServiceProcess aggregator_;
  std::unique_ptr<ev::EvaluationService::Stub> evaluation_stub_;
  std::unique_ptr<tr::TrainingService::Stub> training_stub_;
  std::unique_ptr<agg::AggregatorService::Stub> aggregator_stub_;
};

bool TrainingBuilt() { return ::access(ServiceBinary("training").c_str(), X_OK) == 0; }

// ------------------------------------------------------------------------ driving the sources

absl::Status CreateOrg(Stack& s, const std::string& credit, const std::string& district, ev::OrgKind kind,
                       ev::FilingState until) {
  ev::CreateEvaluationOrgRequest create;
  create.mutable_org()->set_credit_code(credit);
  create.mutable_org()->set_name("青岛测试评价机构" + credit.substr(12, 5));
  create.mutable_org()->set_district_code(district);
  create.set_kind(kind);
  for (const char* occupation : {kWelding, kRobot}) {
    auto* scope = create.add_scope();
    scope->set_occupation_code(occupation);
    scope->set_highest_level(k1);
  }
  ev::CreateEvaluationOrgResponse created;
  if (absl::Status st =
          Check(s.evaluation().CreateEvaluationOrg(As(kAdminToken).get(), create, &created), "CreateEvaluationOrg");
      !st.ok() || until == ev::FILING_STATE_APPLIED) {
    return st;
  }
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(credit);
  ev::StartFilingAssessmentResponse started;
  if (absl::Status st =
          Check(s.evaluation().StartFilingAssessment(As(kAdminToken).get(), start, &started), "StartFilingAssessment");
      !st.ok() || until == ev::FILING_STATE_UNDER_ASSESSMENT) {
    return st;
  }
  ev::ApproveFilingRequest approve;
  approve.set_credit_code(credit);
  ev::ApproveFilingResponse approved;
  if (absl::Status st = Check(s.evaluation().ApproveFiling(As(kAdminToken).get(), approve, &approved), "ApproveFiling");
      !st.ok() || until == ev::FILING_STATE_FILED) {
    return st;
  }
  ev::SuspendFilingRequest suspend;
  suspend.set_credit_code(credit);
  suspend.set_reason("年度检查不合格");
  ev::SuspendFilingResponse suspended;
  return Check(s.evaluation().SuspendFiling(As(kAdminToken).get(), suspend, &suspended), "SuspendFiling");
}

absl::Status UpsertEnterprise(Stack& s, const std::string& credit, const std::string& district, bool above,
                              bool eligible) {
  ev::UpsertEnterpriseRequest request;
  request.mutable_enterprise()->mutable_org()->set_credit_code(credit);
  request.mutable_enterprise()->mutable_org()->set_name("青岛测试制造企业" + credit.substr(12, 5));
  request.mutable_enterprise()->mutable_org()->set_district_code(district);
  request.mutable_enterprise()->set_above_designated_size(above);
  request.mutable_enterprise()->set_self_evaluation_eligible(eligible);
  request.mutable_enterprise()->set_employee_count(above ? 800 : 40);
  ev::UpsertEnterpriseResponse response;
  return Check(s.evaluation().UpsertEnterprise(As(kAdminToken).get(), request, &response), "UpsertEnterprise");
}

ev::CertificateDraft Draft(int person, const std::string& issuer, const std::string& occupation, SkillLevel level,
                           const common::v1::Date& date, ev::CertificateType type = ev::CERTIFICATE_TYPE_SKILL_LEVEL) {
  ev::CertificateDraft draft;
  draft.set_type(type);
  draft.set_basis(ev::CERTIFICATE_BASIS_ASSESSMENT);
  draft.mutable_person()->set_id_number(PersonId(person));
  draft.mutable_person()->set_name(EvaluationHarness::PersonName(person));
  draft.set_occupation_code(occupation);
  draft.set_level(type == ev::CERTIFICATE_TYPE_SPECIAL_ABILITY ? common::v1::SKILL_LEVEL_UNSPECIFIED : level);
  draft.set_issuer_credit_code(issuer);
  *draft.mutable_issue_date() = date;
  return draft;
}

// Issues every draft (batches of at most 5,000); fails unless every one is accepted.
absl::StatusOr<std::vector<ev::Certificate>> IssueAll(Stack& s, const std::vector<ev::CertificateDraft>& drafts) {
  std::vector<ev::Certificate> out;
  for (size_t begin = 0; begin < drafts.size(); begin += 5000) {
    ev::BatchIssueCertificatesRequest request;
    for (size_t i = begin; i < std::min(drafts.size(), begin + 5000); ++i) {
      *request.add_certificates() = drafts[i];
    }
    ev::BatchIssueCertificatesResponse response;
    if (absl::Status st = Check(s.evaluation().BatchIssueCertificates(As(kAdminToken, 120).get(), request, &response),
                                "BatchIssueCertificates");
        !st.ok()) {
      return st;
    }
    for (const auto& result : response.results()) {
      if (!result.has_certificate()) {
        return absl::FailedPreconditionError(
            Concat("batch item ", result.index(), " rejected: ", result.status().message()));
      }
      out.push_back(result.certificate());
    }
  }
  return out;
}

absl::Status Revoke(Stack& s, const std::string& number) {
  ev::RevokeCertificateRequest request;
  request.set_number(number);
  request.set_reason("证书信息有误，予以撤销");
  ev::RevokeCertificateResponse response;
  return Check(s.evaluation().RevokeCertificate(As(kAdminToken).get(), request, &response), "RevokeCertificate");
}

absl::Status Introduce(Stack& s, int person, const std::string& employer, const std::string& district, SkillLevel level,
                       const common::v1::Date& arrival, int n) {
  ev::RegisterIntroductionRequest request;
  ev::Introduction* in = request.mutable_introduction();
  in->mutable_person()->set_id_number(PersonId(person));
  in->mutable_person()->set_name(EvaluationHarness::PersonName(person));
  in->mutable_employer()->set_credit_code(employer);
  in->mutable_employer()->set_name("青岛引进用人单位" + employer.substr(12, 5));
  in->mutable_employer()->set_district_code(district);
  in->set_occupation_code(n % 2 == 0 ? kWelding : kRobot);
  in->set_level(level);
  in->set_outside_certificate_number(Concat("OUT-", n));
  in->set_outside_issuer("江苏省职业技能鉴定中心");
  *in->mutable_outside_issue_date() = LastYearDay(n);
  *in->mutable_arrival_date() = arrival;
  ev::RegisterIntroductionResponse response;
  return Check(s.evaluation().RegisterIntroduction(As(kAdminToken).get(), request, &response), "RegisterIntroduction");
}

// ------------------------------------------------------- figures computed from the sources

using reconcile::Figures;

// Every figure of DESIGN §4 that the aggregator serves, recounted from the records the sources
// list (tools/reconcile/recount.h): evaluation's certificates, introductions, enterprises and
// organisations; training's catalogue, enrolments and paid claims.
absl::StatusOr<Figures> FiguresFromSources(Stack& s, int year) {
  reconcile::RecountSources sources;
  sources.evaluation = &s.evaluation();
  sources.training = s.with_training() ? &s.training() : nullptr;
  sources.token = kAdminToken;
  return reconcile::RecountFromSources(sources, year);
}

double Expected(const Figures& f, const std::string& indicator, const std::string& district) {
  return reconcile::FigureOf(f, indicator, district);
}

std::vector<std::string> Districts() {
  return {"370202", "370203", "370211", "370212", "370213", "370214", "370215", "370281", "370283", "370285"};
}

// --------------------------------------------------------------------- reading the aggregator

// The last lines of a log (for failure messages).
std::string Tail(const std::string& log, size_t lines = 30) {
  size_t pos = log.size();
  for (size_t n = 0; n <= lines && pos > 0; ++n) {
    pos = log.rfind('\n', pos - 1);
    if (pos == std::string::npos) {
      return log;
    }
  }
  return log.substr(pos + 1);
}

// Waits until every connected source's cursor (GetSourceStatus) is at the end of its feed.
absl::Status WaitCaughtUp(Stack& s, std::chrono::seconds bound = std::chrono::seconds(90)) {
  const auto give_up = SteadyClock::now() + bound;
  std::string last;
  while (SteadyClock::now() < give_up) {
    agg::GetSourceStatusResponse status;
    grpc::Status called = s.aggregator().GetSourceStatus(As(kViewerToken).get(), {}, &status);
    bool caught_up = called.ok();
    last = called.ok() ? "" : called.error_message();
    for (const agg::SourceStatus& source : status.sources()) {
      if (!caught_up || !source.connected()) {
        continue;
      }
      if (!source.healthy()) {
        caught_up = false;
        last = Concat(source.source(), " unhealthy: ", source.last_error());
        continue;
      }
      int pending = -1;
      if (source.source() == "evaluation") {
        ev::ListEventsRequest request;
        request.set_after_id(source.cursor());
        request.set_max_events(1);
        ev::ListEventsResponse response;
        if (s.evaluation().ListEvents(As(kServiceToken).get(), request, &response).ok()) {
          pending = response.events_size();
        }
      } else if (source.source() == "training") {
        tr::ListEventsRequest request;
        request.set_after_id(source.cursor());
        request.set_max_events(1);
        tr::ListEventsResponse response;
        if (s.training().ListEvents(As(kServiceToken).get(), request, &response).ok()) {
          pending = response.events_size();
        }
      }
      if (pending != 0) {
        caught_up = false;
        last = Concat(source.source(), " at ", source.cursor(), " has events pending");
      }
    }
    if (caught_up) {
      return absl::OkStatus();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return absl::DeadlineExceededError("the aggregator did not catch up: " + last);
}

// Events in a source feed from the beginning.
int64_t CountEvaluationEvents(Stack& s) {
  int64_t count = 0;
  std::string after;
  while (true) {
    ev::ListEventsRequest request;
    request.set_after_id(after);
    request.set_max_events(1000);
    ev::ListEventsResponse response;
    if (!s.evaluation().ListEvents(As(kServiceToken).get(), request, &response).ok()) {
      return -1;
    }
    if (response.events_size() == 0) {
      return count;
    }
    count += response.events_size();
    after = response.last_id();
  }
}

std::optional<agg::SourceStatus> SourceStatusOf(Stack& s, const std::string& source) {
  agg::GetSourceStatusResponse status;
  if (!s.aggregator().GetSourceStatus(As(kViewerToken).get(), {}, &status).ok()) {
    return std::nullopt;
  }
  for (const auto& row : status.sources()) {
    if (row.source() == source) {
      return row;
    }
  }
  return std::nullopt;
}

std::map<std::string, agg::IndicatorValue> ValuesOf(const agg::GetDashboardResponse& dashboard) {
  std::map<std::string, agg::IndicatorValue> out;
  for (const auto& group : dashboard.measures()) {
    for (const auto& value : group.values()) {
      out[value.indicator_id()] = value;
    }
  }
  return out;
}

// Compares the dashboard (city and every district) and the district circular of `indicators`
// with the figures computed from the sources.
void ExpectAggregatorMatches(Stack& s, int year, const Figures& f, const std::vector<std::string>& indicators,
                             const std::string& when) {
  for (const std::string& district : [] {
         std::vector<std::string> all = Districts();
         all.insert(all.begin(), "");
         return all;
       }()) {
    agg::GetDashboardRequest request;
    request.set_year(year);
    request.set_district_code(district);
    agg::GetDashboardResponse dashboard;
    grpc::Status status = s.aggregator().GetDashboard(As(kViewerToken).get(), request, &dashboard);
    ASSERT_TRUE(status.ok()) << when << ": " << status.error_message();
    const auto values = ValuesOf(dashboard);
    for (const std::string& id : indicators) {
      auto it = values.find(id);
      ASSERT_NE(it, values.end()) << when << ": no " << id << " on the dashboard";
      EXPECT_TRUE(it->second.source_connected()) << when << ": " << id;
      ASSERT_TRUE(it->second.has_value()) << when << ": " << id << " has no value";
      if (id == kCoverage || id == kConversion) {
        if (Expected(f, id, district) > 0 || it->second.denominator() > 0) {
          EXPECT_NEAR(it->second.value(), Expected(f, id, district), 1e-9)
              << when << ": " << id << " in '" << district << "'";
        }
      } else {
        EXPECT_EQ(it->second.value(), Expected(f, id, district)) << when << ": " << id << " in '" << district << "'";
      }
    }
  }
  for (const std::string& id : indicators) {
    if (id == kCoverage || id == kTalentDatabase) {
      continue;
    }
    agg::GetDistrictRankingRequest request;
    request.set_year(year);
    request.set_indicator_id(id);
    agg::GetDistrictRankingResponse ranking;
    grpc::Status status = s.aggregator().GetDistrictRanking(As(kViewerToken).get(), request, &ranking);
    ASSERT_TRUE(status.ok()) << when << ": " << id << ": " << status.error_message();
    EXPECT_NEAR(ranking.city_value(), Expected(f, id, ""), 1e-9) << when << ": " << id;
    ASSERT_EQ(ranking.rows_size(), 10) << when << ": " << id;
    double previous = 1e300;
    for (int i = 0; i < ranking.rows_size(); ++i) {
      const auto& row = ranking.rows(i);
      EXPECT_EQ(row.rank(), i + 1);
      EXPECT_NEAR(row.value(), Expected(f, id, row.district_code()), 1e-9)
          << when << ": " << id << " in the circular for " << row.district_code();
      if (!row.has_share_of_target()) {
        EXPECT_LE(row.value(), previous) << when << ": " << id << " circular out of order";
        previous = row.value();
      }
    }
  }
}

// ------------------------------------------------------------------------------ HTTP

struct HttpReply {
  int status = 0;
  std::string body;
};

HttpReply HttpGet(int port, const std::string& path, const std::string& token) {
  HttpReply reply;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return reply;
  }
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) {
    request += "Authorization: Bearer " + token + "\r\n";
  }
  request += "\r\n";
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return reply;
  }
  std::string raw;
  char buffer[16384];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof(buffer))) > 0) {
    raw.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  const size_t space = raw.find(' ');
  const size_t blank = raw.find("\r\n\r\n");
  if (space == std::string::npos || blank == std::string::npos) {
    return reply;
  }
  reply.status = std::atoi(raw.c_str() + space + 1);
  reply.body = raw.substr(blank + 4);
  return reply;
}

// ------------------------------------------------------------------ a programme year of records

struct ProgrammeRecords {
  std::vector<ev::Certificate> certificates;
  std::set<std::string> revoked;
  int introductions = 0;
  int completed = 0;
  int paid = 0;
};

// Organisations in four districts, enterprises for coverage, `persons` people certified (some
// twice, some last year, some special-ability), about one in eleven certificates revoked,
// introductions (this year and last), and — with training — institutions, a catalogue, courses,
// enrolments completed or dropped and subsidy claims submitted, approved, rejected and paid.
absl::StatusOr<ProgrammeRecords> DriveProgramme(Stack& s, int base, int persons) {
  ProgrammeRecords out;
  const std::string org_a = CreditCode(101);   // 市南区, social evaluation organisation
  const std::string org_b = CreditCode(102);   // 黄岛区
  const std::string org_c = CreditCode(103);   // 城阳区, technical school
  const std::string self_1 = CreditCode(201);  // 崂山区 enterprise with its own filed self-evaluation
  struct OrgPlan {
    std::string credit;
    std::string district;
    ev::OrgKind kind;
    ev::FilingState until;
  };
  const OrgPlan orgs[] = {
      {org_a, "370202", ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION, ev::FILING_STATE_FILED},
      {org_b, "370211", ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION, ev::FILING_STATE_FILED},
      {org_c, "370214", ev::ORG_KIND_TECHNICAL_SCHOOL, ev::FILING_STATE_FILED},
      {self_1, "370212", ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION, ev::FILING_STATE_FILED},
      {CreditCode(202), "370202", ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION, ev::FILING_STATE_FILED},
      {CreditCode(203), "370211", ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION, ev::FILING_STATE_UNDER_ASSESSMENT},
      {CreditCode(204), "370202", ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION, ev::FILING_STATE_SUSPENDED},
      {CreditCode(205), "370202", ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION, ev::FILING_STATE_FILED},
  };
  for (const auto& org : orgs) {
    if (absl::Status st = CreateOrg(s, org.credit, org.district, org.kind, org.until); !st.ok()) {
      return st;
    }
  }
  struct EnterprisePlan {
    int n;
    const char* district;
    bool above;
    bool eligible;
  };
  const EnterprisePlan enterprises[] = {{201, "370212", true, true},  {202, "370202", true, true},
                                        {203, "370211", true, true},  {204, "370202", true, true},
                                        {205, "370202", true, false}, {206, "370214", false, false},
                                        {207, "370215", true, true}};
  for (const auto& e : enterprises) {
    if (absl::Status st = UpsertEnterprise(s, CreditCode(e.n), e.district, e.above, e.eligible); !st.ok()) {
      return st;
    }
  }
  // An enterprise that stops being eligible leaves the denominator.
  if (absl::Status st = UpsertEnterprise(s, CreditCode(207), "370215", true, false); !st.ok()) {
    return st;
  }

  const std::string issuers[] = {org_a, org_b, org_c, self_1};
  std::vector<ev::CertificateDraft> drafts;
  for (int i = 0; i < persons; ++i) {
    const int p = base + i;
    const ev::CertificateType type =
        i % 13 == 0 ? ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION : ev::CERTIFICATE_TYPE_SKILL_LEVEL;
    drafts.push_back(Draft(p, issuers[i % 4], kWelding, kLevels[i % 5], ThisYearDay(i * 7), type));
    if (i % 4 == 1) {  // a second certificate, from another district
      drafts.push_back(Draft(p, issuers[(i + 1) % 4], kRobot, kLevels[(i + 2) % 5], ThisYearDay(i * 7 + 40)));
    }
    if (i % 6 == 2) {  // already high-skilled last year
      drafts.push_back(Draft(p, issuers[(i + 2) % 4], kRobot, k3, LastYearDay(i)));
    }
    if (i % 17 == 3) {  // special ability: neither certified nor skilled
      drafts.push_back(Draft(p, issuers[i % 4], kWelding, k5, ThisYearDay(i), ev::CERTIFICATE_TYPE_SPECIAL_ABILITY));
    }
  }
  auto issued = IssueAll(s, drafts);
  if (!issued.ok()) {
    return issued.status();
  }
  out.certificates = std::move(*issued);
  for (size_t i = 5; i < out.certificates.size(); i += 11) {
    if (absl::Status st = Revoke(s, out.certificates[i].number()); !st.ok()) {
      return st;
    }
    out.revoked.insert(out.certificates[i].number());
  }

  // Introductions: half of them people certified here too, one in five arrived last year.
  const std::pair<std::string, std::string> employers[] = {
      {CreditCode(202), "370202"}, {CreditCode(203), "370211"}, {CreditCode(208), "370203"}};
  for (int i = 0; i < persons / 8; ++i) {
    const int person = i % 2 == 0 ? base + i * 8 + 3 : base + persons + i;
    const auto& [employer, district] = employers[i % 3];
    const common::v1::Date arrival = i % 5 == 4 ? LastYearDay(i * 3) : ThisYearDay(i * 11);
    if (absl::Status st = Introduce(s, person, employer, district, kLevels[(i + 1) % 5], arrival, i); !st.ok()) {
      return st;
    }
    ++out.introductions;
  }
  if (!s.with_training()) {
    return out;
  }

  // Training: two institutions, this year's catalogue, four courses, enrolments, claims.
  const int year = ThisYear();
  const std::pair<std::string, std::string> institutions[] = {{CreditCode(1), "370202"}, {CreditCode(2), "370211"}};
  for (const auto& [credit, district] : institutions) {
    tr::CreateInstitutionRequest request;
    request.mutable_org()->set_credit_code(credit);
    request.mutable_org()->set_name("青岛测试职业培训学校" + credit.substr(12, 5));
    request.mutable_org()->set_district_code(district);
    request.set_kind(tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
    request.add_approved_occupation_codes(kWelding);
    request.add_approved_occupation_codes(kRobot);
    tr::CreateInstitutionResponse response;
    if (absl::Status st =
            Check(s.training().CreateInstitution(As(kAdminToken).get(), request, &response), "CreateInstitution");
        !st.ok()) {
      return st;
    }
  }
  const std::tuple<const char*, SkillLevel, int64_t> catalogue[] = {{kWelding, k3, 150000}, {kRobot, k4, 80000}};
  for (const auto& [occupation, level, fen] : catalogue) {
    tr::UpsertCatalogEntryRequest request;
    request.mutable_entry()->set_year(year);
    request.mutable_entry()->set_occupation_code(occupation);
    request.mutable_entry()->set_level(level);
    request.mutable_entry()->set_subsidy_fen(fen);
    tr::UpsertCatalogEntryResponse response;
    if (absl::Status st =
            Check(s.training().UpsertCatalogEntry(As(kAdminToken).get(), request, &response), "UpsertCatalogEntry");
        !st.ok()) {
      return st;
    }
  }
  struct CoursePlan {
    int institution;
    const char* occupation;
    SkillLevel level;
  };
  // Three courses in the catalogue, one (焊工 四级) not.
  const CoursePlan courses[] = {{0, kWelding, k3}, {0, kWelding, k4}, {1, kRobot, k4}, {1, kWelding, k3}};
  std::vector<std::string> course_ids;
  for (const auto& plan : courses) {
    tr::CreateCourseRequest request;
    tr::Course* course = request.mutable_course();
    course->mutable_institution()->set_credit_code(institutions[plan.institution].first);
    course->set_title("技能提升培训班");
    course->set_programme(tr::PROGRAMME_ON_THE_JOB_UPGRADE);
    course->set_occupation_code(plan.occupation);
    course->set_level(plan.level);
    *course->mutable_start_date() = DateOf(absl::CivilDay(year, 1, 1));
    *course->mutable_end_date() = DateOf(Today());
    course->set_capacity(500);
    tr::CreateCourseResponse response;
    if (absl::Status st = Check(s.training().CreateCourse(As(kAdminToken).get(), request, &response), "CreateCourse");
        !st.ok()) {
      return st;
    }
    course_ids.push_back(response.course().id());
  }
  tr::BatchEnrollPersonsRequest enroll;
  std::vector<int> enrolled_persons;
  for (int j = 0; j < persons / 3; ++j) {
    const int person = base + j * 3;
    tr::EnrollmentRow* row = enroll.add_rows();
    row->set_course_id(course_ids[static_cast<size_t>(j) % course_ids.size()]);
    row->mutable_person()->set_id_number(PersonId(person));
    row->mutable_person()->set_name(EvaluationHarness::PersonName(person));
    *row->mutable_enrolled_date() = DateOf(absl::CivilDay(year, 1, 1));
    enrolled_persons.push_back(person);
  }
  tr::BatchEnrollPersonsResponse enrolled;
  if (absl::Status st =
          Check(s.training().BatchEnrollPersons(As(kAdminToken, 60).get(), enroll, &enrolled), "BatchEnrollPersons");
      !st.ok()) {
    return st;
  }
  // (person, occupation, level) -> a valid certificate number, for the claims.
  std::map<std::tuple<std::string, std::string, int>, std::string> valid;
  for (const auto& c : out.certificates) {
    if (out.revoked.count(c.number()) == 0 && c.type() == ev::CERTIFICATE_TYPE_SKILL_LEVEL) {
      valid[{c.person().id_number(), c.occupation_code(), static_cast<int>(c.level())}] = c.number();
    }
  }
  int claims = 0;
  for (int j = 0; j < enrolled.results_size(); ++j) {
    const auto& result = enrolled.results(j);
    if (!result.has_enrollment()) {
      return absl::FailedPreconditionError(Concat("enrolment ", j, " rejected: ", result.status().message()));
    }
    const tr::Enrollment& e = result.enrollment();
    if (j % 5 == 4) {
      if (j % 2 == 0) {
        tr::DropEnrollmentRequest drop;
        drop.set_enrollment_id(e.id());
        drop.set_reason("个人原因退学");
        tr::DropEnrollmentResponse dropped;
        if (absl::Status st =
                Check(s.training().DropEnrollment(As(kAdminToken).get(), drop, &dropped), "DropEnrollment");
            !st.ok()) {
          return st;
        }
      }
      continue;
    }
    tr::CompleteEnrollmentRequest complete;
    complete.set_enrollment_id(e.id());
    complete.set_hours(40 + j % 30);
    *complete.mutable_completed_date() = ThisYearDay(j * 5);
    tr::CompleteEnrollmentResponse completed;
    if (absl::Status st =
            Check(s.training().CompleteEnrollment(As(kAdminToken).get(), complete, &completed), "CompleteEnrollment");
        !st.ok()) {
      return st;
    }
    ++out.completed;
    // Claims for the first dozen completions of subsidised courses.
    const bool subsidised = e.course_id() != course_ids[1];
    if (!subsidised || claims >= 12) {
      continue;
    }
    const auto key = std::make_tuple(e.person().id_number(), e.occupation_code(), static_cast<int>(e.level()));
    std::string number;
    if (auto it = valid.find(key); it != valid.end()) {
      number = it->second;
    } else {
      auto fresh = IssueAll(
          s, {Draft(enrolled_persons[static_cast<size_t>(j)], org_a, e.occupation_code(), e.level(), DateOf(Today()))});
      if (!fresh.ok()) {
        return fresh.status();
      }
      number = fresh->front().number();
      out.certificates.push_back(fresh->front());
    }
    tr::SubmitSubsidyClaimRequest submit;
    submit.set_enrollment_id(e.id());
    submit.set_certificate_number(number);
    tr::SubmitSubsidyClaimResponse submitted;
    if (absl::Status st =
            Check(s.training().SubmitSubsidyClaim(As(kAdminToken).get(), submit, &submitted), "SubmitSubsidyClaim");
        !st.ok()) {
      return st;
    }
    const std::string claim = submitted.claim().id();
    ++claims;
    if (claims % 6 == 0) {  // rejected
      tr::RejectSubsidyClaimRequest reject;
      reject.set_claim_id(claim);
      reject.set_reason("培训记录与考勤不符");
      tr::RejectSubsidyClaimResponse rejected;
      if (absl::Status st =
              Check(s.training().RejectSubsidyClaim(As(kAdminToken).get(), reject, &rejected), "RejectSubsidyClaim");
          !st.ok()) {
        return st;
      }
      continue;
    }
    tr::ApproveSubsidyClaimRequest approve;
    approve.set_claim_id(claim);
    tr::ApproveSubsidyClaimResponse approved;
    if (absl::Status st =
            Check(s.training().ApproveSubsidyClaim(As(kAdminToken).get(), approve, &approved), "ApproveSubsidyClaim");
        !st.ok()) {
      return st;
    }
    if (claims % 4 == 0) {  // approved, not yet paid
      continue;
    }
    tr::MarkSubsidyClaimPaidRequest pay;
    pay.set_claim_id(claim);
    pay.set_payment_reference(Concat("PZ", year, "-", claims));
    tr::MarkSubsidyClaimPaidResponse paid;
    if (absl::Status st =
            Check(s.training().MarkSubsidyClaimPaid(As(kAdminToken).get(), pay, &paid), "MarkSubsidyClaimPaid");
        !st.ok()) {
      return st;
    }
    ++out.paid;
  }
  return out;
}

std::vector<std::string> IndicatorsOf(const Stack& s) {
  std::vector<std::string> out(std::begin(kEvaluationFlows), std::end(kEvaluationFlows));
  out.push_back(kCoverage);
  out.push_back(kTalentDatabase);
  if (s.with_training()) {
    out.insert(out.end(), std::begin(kTrainingFlows), std::end(kTrainingFlows));
    out.push_back(kConversion);
  }
  return out;
}

// ---------------------------------------------------------------------------------- tests

TEST(AggregatorEndToEndTest, DashboardAndCircularEqualFiguresComputedFromTheSources) {
  Stack s;
  ASSERT_TRUE(s.Start(TrainingBuilt(), {}).ok());
  const int year = ThisYear();
  auto programme = DriveProgramme(s, 1000, 240);
  ASSERT_TRUE(programme.ok()) << programme.status();
  ASSERT_GE(programme->certificates.size(), 300u);
  ASSERT_GE(programme->revoked.size(), 25u);
  if (s.with_training()) {
    ASSERT_GT(programme->paid, 0);
  }
  {
    const absl::Status caught_up = WaitCaughtUp(s);
    ASSERT_TRUE(caught_up.ok()) << caught_up << "\n" << Tail(s.aggregator_process().Stderr());
  }

  auto figures = FiguresFromSources(s, year);
  ASSERT_TRUE(figures.ok()) << figures.status();
  // The data exercise what the indicators distinguish: persons counted once across districts,
  // revoked certificates, people high-skilled already last year, coverage below 100 %.
  const Figures& f = *figures;
  EXPECT_GT(Expected(f, kNewlyCertified, ""), 150);
  EXPECT_LT(Expected(f, kNewlyCertified, ""),
            Expected(f, kNewlyCertified, "370202") + Expected(f, kNewlyCertified, "370211") +
                Expected(f, kNewlyCertified, "370212") + Expected(f, kNewlyCertified, "370214"));
  EXPECT_LT(Expected(f, kNewHighSkilled, ""), Expected(f, kNewlyCertifiedSenior, "") + Expected(f, kIntroduced, ""));
  EXPECT_GT(Expected(f, kIntroduced, "370203"), 0);
  EXPECT_DOUBLE_EQ(Expected(f, kCoverage, ""), 50.0);  // {201, 202} of {201, 202, 203, 204}
  if (s.with_training()) {
    // Some trainees were certified in their occupation after completing, others not.
    std::cerr << "training -> certificate conversion " << Expected(f, kConversion, "") << " %, " << programme->completed
              << " completions\n";
    EXPECT_GT(Expected(f, kConversion, ""), 0);
    EXPECT_LT(Expected(f, kConversion, ""), 100);
  }
  ExpectAggregatorMatches(s, year, f, IndicatorsOf(s), "after the programme year");

  // The operators' tool says the same: every figure matches the records (exit 0).
  {
    std::vector<std::string> args = {"--aggregator=127.0.0.1:" + std::to_string(s.aggregator_process().port()),
                                     "--evaluation=" + s.evaluation_process().address(),
                                     "--training=" + (s.with_training() ? s.training_process().address() : ""),
                                     "--competition=",  // this stack has no competition service
                                     "--token=" + std::string(kAdminToken),
                                     "--year=" + std::to_string(year),
                                     "--reference_dir=" + std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference"};
    auto reconcile =
        ChildProcess::Start(std::string(SKILLBRIDGE_BINARY_DIR) + "/tools/reconcile/skillbridge-reconcile", args);
    ASSERT_TRUE(reconcile.ok()) << reconcile.status();
    const std::optional<int> exit_code = (*reconcile)->Wait(std::chrono::seconds(120));
    const std::string out = (*reconcile)->ReadStdout();
    EXPECT_EQ(exit_code, 0) << out << (*reconcile)->ReadStderr();
    EXPECT_NE(out.find("every figure matches the records"), std::string::npos) << out;
    EXPECT_NE(out.find("training_certificate_conversion"), std::string::npos) << out;
  }

  // Last year's figures come from the same records.
  auto last_year = FiguresFromSources(s, year - 1);
  ASSERT_TRUE(last_year.ok()) << last_year.status();
  EXPECT_GT(Expected(*last_year, kNewHighSkilled, ""), 0);
  ExpectAggregatorMatches(s, year - 1, *last_year,
                          {kNewlyCertified, kNewlyCertifiedSenior, kNewHighSkilled, kIntroduced}, "last year");
}

TEST(AggregatorEndToEndTest, Kill9InTheMiddleOfABacklogCountsEveryEventOnceAndARebuildAgrees) {
  Stack s;
  // A short long-poll keeps the consumer cycling while RebuildViews deletes the views.
  ASSERT_TRUE(
      s.Start(/*with_training=*/false, {"--feed_batch=200", "--feed_wait_ms=20", "--rebuild_lease_ms=1500"}).ok());
  // Stop the aggregator: the backlog builds up while it is down.
  s.aggregator_process().Kill9();
  const std::pair<std::string, std::string> orgs[] = {{CreditCode(301), "370202"},
                                                      {CreditCode(302), "370213"},
                                                      {CreditCode(303), "370281"},
                                                      {CreditCode(304), "370285"}};
  for (const auto& [credit, district] : orgs) {
    ASSERT_TRUE(CreateOrg(s, credit, district, ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION, ev::FILING_STATE_FILED).ok());
  }
  constexpr int kCertificates = 20000;
  constexpr int kPersons = 16000;
  std::vector<ev::CertificateDraft> drafts;
  drafts.reserve(kCertificates);
  for (int i = 0; i < kCertificates; ++i) {
    // The last 4,000 certificates go to people certified already (another occupation).
    const int person = i < kPersons ? 20000 + i : 20000 + (i - kPersons) * 4;
    const common::v1::Date date = i % 10 == 9 ? LastYearDay(i) : ThisYearDay(i);
    drafts.push_back(Draft(person, orgs[i % 4].first, i < kPersons ? kWelding : kRobot, kLevels[(i / 3) % 5], date));
  }
  const auto issue_start = SteadyClock::now();
  auto issued = IssueAll(s, drafts);
  ASSERT_TRUE(issued.ok()) << issued.status();
  std::cerr << "issued " << issued->size() << " certificates in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - issue_start).count()
            << " ms\n";
  for (size_t i = 7; i < issued->size(); i += 997) {
    ASSERT_TRUE(Revoke(s, (*issued)[i].number()).ok());
  }
  const int64_t backlog = CountEvaluationEvents(s);
  ASSERT_GT(backlog, kCertificates);

  // Start it, and kill -9 it as soon as its own store shows the first batches applied (watched
  // directly: the whole backlog takes it only a few seconds).
  auto probe = RedisClient::Create(s.aggregator_redis().ClientOptions());
  ASSERT_TRUE(probe.ok()) << probe.status();
  auto applied = [&]() -> int64_t {
    auto reply = (*probe)->Command({"HGET", "aggregator:v:status:evaluation", "events_applied"});
    return reply.ok() && reply->is_string() ? std::atoll(std::string(reply->str()).c_str()) : 0;
  };
  ASSERT_TRUE(s.StartAggregator(/*wait=*/false).ok());
  const auto give_up = SteadyClock::now() + std::chrono::seconds(60);
  while (SteadyClock::now() < give_up && applied() < 1000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  s.aggregator_process().Kill9();
  const int64_t applied_at_kill = applied();
  ASSERT_GT(applied_at_kill, 0) << "the aggregator applied nothing within a minute: "
                                << s.aggregator_process().Stderr();
  ASSERT_LT(applied_at_kill, backlog) << "the whole backlog was applied before the kill";
  std::cerr << "killed with " << applied_at_kill << " of " << backlog << " events applied\n";

  // More revocations while it is down: some of them of certificates already counted.
  for (size_t i = 11; i < issued->size(); i += 1499) {
    ASSERT_TRUE(Revoke(s, (*issued)[i].number()).ok());
  }
  ASSERT_TRUE(s.StartAggregator().ok());
  {
    const absl::Status caught_up = WaitCaughtUp(s, std::chrono::seconds(60));
    ASSERT_TRUE(caught_up.ok()) << caught_up << "\n" << Tail(s.aggregator_process().Stderr());
  }

  const int year = ThisYear();
  auto figures = FiguresFromSources(s, year);
  ASSERT_TRUE(figures.ok()) << figures.status();
  EXPECT_GT(Expected(*figures, kNewlyCertified, ""), 10000);
  const std::vector<std::string> indicators = {kNewlyCertified, kNewlyCertifiedSenior, kNewHighSkilled,
                                               kTalentDatabase};
  ExpectAggregatorMatches(s, year, *figures, indicators, "after kill -9 and restart");
  const int64_t events = CountEvaluationEvents(s);
  auto status = SourceStatusOf(s, "evaluation");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->events_applied(), events) << "every event applied exactly once";

  // RebuildViews: ADMIN only; from zero to the same figures.
  agg::RebuildViewsRequest rebuild;
  rebuild.set_request_id("rebuild-after-kill");
  agg::RebuildViewsResponse rebuilt;
  EXPECT_EQ(s.aggregator().RebuildViews(As(kViewerToken).get(), rebuild, &rebuilt).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status rebuilt_status = s.aggregator().RebuildViews(As(kAdminToken).get(), rebuild, &rebuilt);
  ASSERT_TRUE(rebuilt_status.ok()) << rebuilt_status.error_message();
  EXPECT_GT(rebuilt.keys_removed(), 0);
  {
    const absl::Status caught_up = WaitCaughtUp(s, std::chrono::seconds(60));
    ASSERT_TRUE(caught_up.ok()) << caught_up << "\n" << Tail(s.aggregator_process().Stderr());
  }
  ExpectAggregatorMatches(s, year, *figures, indicators, "after RebuildViews");
  status = SourceStatusOf(s, "evaluation");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->events_applied(), events);

  // kill -9 in the middle of a rebuild: RebuildViews runs on another thread and the aggregator is
  // killed the moment the pending mark appears, while the views are being deleted. The next
  // process finishes the deletion once the dead one's lease (1.5 s here) has expired, and
  // re-consumes from zero: the same figures, every event applied once.
  auto exists = [&](const char* key) {
    auto reply = (*probe)->Command({"EXISTS", key});
    return reply.ok() && reply->integer() == 1;
  };
  std::thread rebuild_call([&] {
    agg::RebuildViewsRequest request;
    agg::RebuildViewsResponse response;
    (void)s.aggregator().RebuildViews(As(kAdminToken).get(), request, &response);
  });
  const auto mark_deadline = SteadyClock::now() + std::chrono::seconds(30);
  while (SteadyClock::now() < mark_deadline && !exists("aggregator:rebuild:pending")) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  s.aggregator_process().Kill9();
  rebuild_call.join();
  const bool interrupted = exists("aggregator:rebuild:pending");
  std::cerr << (interrupted ? "killed mid-rebuild\n" : "the rebuild finished before the kill landed\n");
  if (!interrupted) {
    // The deletion won the race: leave the state a kill mid-deletion leaves (mark set, lease of
    // a dead process, some views still there) so the recovery path is exercised all the same.
    ASSERT_TRUE((*probe)->Command({"SET", "aggregator:rebuild:pending", "dead-process"}).ok());
    ASSERT_TRUE((*probe)->Command({"SET", "aggregator:rebuild:lease", "dead-process", "PX", "1500"}).ok());
    ASSERT_TRUE(
        (*probe)->Command({"HSET", "aggregator:v:ind:newly_certified_persons", std::to_string(year), "1"}).ok());
  }
  ASSERT_TRUE(s.StartAggregator().ok());
  {
    const absl::Status caught_up = WaitCaughtUp(s, std::chrono::seconds(90));
    ASSERT_TRUE(caught_up.ok()) << caught_up << "\n" << Tail(s.aggregator_process().Stderr());
  }
  EXPECT_FALSE(exists("aggregator:rebuild:pending"));
  EXPECT_NE(s.aggregator_process().Stderr().find("rebuild"), std::string::npos)
      << "the restarted aggregator did not report finishing the rebuild";
  ExpectAggregatorMatches(s, year, *figures, indicators, "after kill -9 during a rebuild");
  status = SourceStatusOf(s, "evaluation");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->events_applied(), events);
}

TEST(AggregatorEndToEndTest, RestartsInAnyOrderKeepTheNumbersExact) {
  Stack s;
  const bool training = TrainingBuilt();
  ASSERT_TRUE(s.Start(training, {}).ok());
  const int year = ThisYear();
  auto programme = DriveProgramme(s, 5000, 90);
  ASSERT_TRUE(programme.ok()) << programme.status();
  ASSERT_TRUE(WaitCaughtUp(s).ok()) << Tail(s.aggregator_process().Stderr());
  auto figures = FiguresFromSources(s, year);
  ASSERT_TRUE(figures.ok()) << figures.status();
  const std::vector<std::string> indicators = IndicatorsOf(s);
  ExpectAggregatorMatches(s, year, *figures, indicators, "before the restarts");

  // Every source down, then the aggregator restarted: it starts, serves what it has, and shows
  // each source as unhealthy.
  s.evaluation_process().Kill9();
  if (training) {
    s.training_process().Kill9();
  }
  s.aggregator_process().Kill9();
  ASSERT_TRUE(s.StartAggregator().ok()) << s.aggregator_process().Stderr();
  ExpectAggregatorMatches(s, year, *figures, indicators, "aggregator restarted with every source down");
  const auto give_up = SteadyClock::now() + std::chrono::seconds(20);
  std::optional<agg::SourceStatus> evaluation_status;
  while (SteadyClock::now() < give_up) {
    evaluation_status = SourceStatusOf(s, "evaluation");
    if (evaluation_status.has_value() && !evaluation_status->healthy() && !evaluation_status->last_error().empty()) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(evaluation_status.has_value());
  EXPECT_FALSE(evaluation_status->healthy());
  EXPECT_TRUE(evaluation_status->connected());

  // Training comes back before evaluation (its claims need evaluation, its feed does not), then
  // evaluation; new records on both are counted once, with the old ones.
  if (training) {
    ASSERT_TRUE(s.StartTraining().ok()) << s.training_process().Stderr();
  }
  ASSERT_TRUE(s.StartEvaluation().ok()) << s.evaluation_process().Stderr();
  auto more = IssueAll(s, {Draft(5001, CreditCode(101), kWelding, k3, ThisYearDay(1)),
                           Draft(5002, CreditCode(101), kRobot, k4, ThisYearDay(2))});
  ASSERT_TRUE(more.ok()) << more.status();
  for (auto it = programme->certificates.rbegin(); it != programme->certificates.rend(); ++it) {
    if (programme->revoked.count(it->number()) == 0) {
      ASSERT_TRUE(Revoke(s, it->number()).ok());
      break;
    }
  }
  ASSERT_TRUE(WaitCaughtUp(s).ok()) << Tail(s.aggregator_process().Stderr());
  figures = FiguresFromSources(s, year);
  ASSERT_TRUE(figures.ok()) << figures.status();
  ExpectAggregatorMatches(s, year, *figures, indicators, "sources restarted after the aggregator");

  // The aggregator killed while the sources keep writing, then restarted.
  s.aggregator_process().Kill9();
  auto later = IssueAll(s, {Draft(5003, CreditCode(101), kWelding, k2, ThisYearDay(3))});
  ASSERT_TRUE(later.ok()) << later.status();
  ASSERT_TRUE(s.StartAggregator().ok()) << s.aggregator_process().Stderr();
  ASSERT_TRUE(WaitCaughtUp(s).ok()) << Tail(s.aggregator_process().Stderr());
  figures = FiguresFromSources(s, year);
  ASSERT_TRUE(figures.ok()) << figures.status();
  ExpectAggregatorMatches(s, year, *figures, indicators, "aggregator restarted after the sources");
  auto status = SourceStatusOf(s, "evaluation");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->events_applied(), CountEvaluationEvents(s)) << "every event applied exactly once";
}

TEST(AggregatorEndToEndTest, TalentProfileWithASourceStoppedIsPartialWithinItsDeadlineAndScopedToTheCaller) {
  Stack s;
  const bool training = TrainingBuilt();
  ASSERT_TRUE(s.Start(training, {"--profile_deadline_ms=1500"}).ok());
  ASSERT_TRUE(
      CreateOrg(s, CreditCode(401), "370203", ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION, ev::FILING_STATE_FILED).ok());
  const int person = 777;
  auto issued = IssueAll(s, {Draft(person, CreditCode(401), kWelding, k3, ThisYearDay(3)),
                             Draft(person, CreditCode(401), kRobot, k4, ThisYearDay(5)),
                             Draft(person, CreditCode(401), kWelding, k2, ThisYearDay(9)),
                             Draft(person + 1, CreditCode(401), kWelding, k3, ThisYearDay(9))});
  ASSERT_TRUE(issued.ok()) << issued.status();
  ASSERT_TRUE(Revoke(s, (*issued)[2].number()).ok());  // the 技师 certificate
  if (training) {
    tr::CreateInstitutionRequest institution;
    institution.mutable_org()->set_credit_code(CreditCode(1));
    institution.mutable_org()->set_name("青岛测试职业培训学校");
    institution.mutable_org()->set_district_code("370203");
    institution.set_kind(tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
    institution.add_approved_occupation_codes(kWelding);
    tr::CreateInstitutionResponse created;
    ASSERT_TRUE(s.training().CreateInstitution(As(kAdminToken).get(), institution, &created).ok());
    tr::CreateCourseRequest course;
    course.mutable_course()->mutable_institution()->set_credit_code(CreditCode(1));
    course.mutable_course()->set_title("焊工技能提升班");
    course.mutable_course()->set_programme(tr::PROGRAMME_ON_THE_JOB_UPGRADE);
    course.mutable_course()->set_occupation_code(kWelding);
    course.mutable_course()->set_level(k3);
    *course.mutable_course()->mutable_start_date() = DateOf(absl::CivilDay(ThisYear(), 1, 1));
    *course.mutable_course()->mutable_end_date() = DateOf(Today());
    course.mutable_course()->set_capacity(30);
    tr::CreateCourseResponse course_created;
    ASSERT_TRUE(s.training().CreateCourse(As(kAdminToken).get(), course, &course_created).ok());
    tr::EnrollPersonRequest enroll;
    enroll.set_course_id(course_created.course().id());
    enroll.mutable_person()->set_id_number(PersonId(person));
    enroll.mutable_person()->set_name(EvaluationHarness::PersonName(person));
    tr::EnrollPersonResponse enrolled;
    ASSERT_TRUE(s.training().EnrollPerson(As(kAdminToken).get(), enroll, &enrolled).ok());
  }
  agg::GetTalentProfileRequest request;
  request.set_id_number(PersonId(person));
  auto profile = [&](const std::string& token, agg::GetTalentProfileResponse* out, int64_t* elapsed_ms) {
    const auto begin = SteadyClock::now();
    grpc::Status status = s.aggregator().GetTalentProfile(As(token, 20).get(), request, out);
    *elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - begin).count();
    return status;
  };

  // Every source answers.
  agg::GetTalentProfileResponse full;
  int64_t elapsed = 0;
  grpc::Status status = profile(kAdminToken, &full, &elapsed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(full.partial());
  EXPECT_EQ(full.missing_sources_size(), 0);
  EXPECT_EQ(full.answers_size(), training ? 2 : 1);
  EXPECT_FALSE(full.masked());
  EXPECT_EQ(full.person().id_number(), PersonId(person));
  EXPECT_EQ(full.person().name(), EvaluationHarness::PersonName(person));
  ASSERT_EQ(full.certificates_size(), 3);
  EXPECT_EQ(full.highest_level(), k3) << "the revoked 技师 certificate does not count";
  EXPECT_TRUE(full.high_skilled());
  EXPECT_EQ(full.trainings_size(), training ? 1 : 0);

  // One source stopped (SIGSTOP: it accepts connections and never answers).
  ServiceProcess& stopped = training ? s.training_process() : s.evaluation_process();
  const std::string stopped_name = training ? "training" : "evaluation";
  ASSERT_TRUE(stopped.StopAndWait()) << stopped_name << " did not stop";
  agg::GetTalentProfileResponse partial;
  status = profile(kAdminToken, &partial, &elapsed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_LT(elapsed, 1500 + 1500) << "the profile waited past its deadline";
  EXPECT_TRUE(partial.partial());
  ASSERT_EQ(partial.missing_sources_size(), 1);
  EXPECT_EQ(partial.missing_sources(0), stopped_name);
  for (const auto& answer : partial.answers()) {
    if (answer.source() == stopped_name) {
      EXPECT_EQ(answer.code(), "DEADLINE_EXCEEDED");
      EXPECT_GE(answer.elapsed_ms(), 1000);
    } else {
      EXPECT_EQ(answer.code(), "OK");
    }
  }
  if (training) {
    EXPECT_EQ(partial.certificates_size(), 3) << "evaluation's part is still there";
    EXPECT_EQ(partial.trainings_size(), 0);
  }

  // A verifier reads the verification view; a district officer the records of their district;
  // a viewer or an institution may not read it at all; nobody without a token.
  for (const char* district_token : {kDistrictAToken, kDistrictBToken}) {
    agg::GetTalentProfileResponse scoped;
    status = profile(district_token, &scoped, &elapsed);
    ASSERT_TRUE(status.ok()) << status.error_message();
    const std::string district = district_token == std::string(kDistrictAToken) ? "370202" : "370211";
    for (const auto& c : scoped.certificates()) {
      EXPECT_EQ(c.district_code(), district);
    }
    for (const auto& t : scoped.trainings()) {
      EXPECT_EQ(t.district_code(), district);
    }
    if (scoped.certificates_size() == 0 && scoped.trainings_size() == 0) {
      EXPECT_TRUE(scoped.person().name().empty());
    }
  }
  agg::GetTalentProfileResponse denied;
  EXPECT_EQ(profile(kViewerToken, &denied, &elapsed).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  agg::GetTalentProfileResponse masked;
  status = profile(kVerifierToken, &masked, &elapsed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_LT(elapsed, 3000);
  EXPECT_TRUE(masked.masked());
  EXPECT_TRUE(masked.partial());
  const std::string id = PersonId(person);
  EXPECT_NE(masked.person().id_number(), id);
  EXPECT_EQ(masked.person().id_number().substr(0, 6), id.substr(0, 6));
  EXPECT_EQ(masked.person().id_number().substr(14), id.substr(14));
  EXPECT_TRUE(masked.person().name().empty());
  EXPECT_FALSE(masked.person().has_birth_date());
  EXPECT_EQ(masked.trainings_size(), 0);
  for (const auto& c : masked.certificates()) {
    for (const auto& original : *issued) {
      EXPECT_NE(c.number(), original.number());
    }
  }
  agg::GetTalentProfileResponse refused;
  EXPECT_EQ(profile(kInstitutionAToken, &refused, &elapsed).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(profile("", &refused, &elapsed).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  stopped.Signal(SIGCONT);

  if (training) {
    // Evaluation gone for good: its part is missing at once, training's is there.
    s.evaluation_process().Kill9();
    agg::GetTalentProfileResponse without_evaluation;
    status = profile(kAdminToken, &without_evaluation, &elapsed);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LT(elapsed, 3000);
    EXPECT_TRUE(without_evaluation.partial());
    ASSERT_EQ(without_evaluation.missing_sources_size(), 1);
    EXPECT_EQ(without_evaluation.missing_sources(0), "evaluation");
    EXPECT_EQ(without_evaluation.certificates_size(), 0);
    EXPECT_EQ(without_evaluation.trainings_size(), 1);
  }
}

TEST(AggregatorEndToEndTest, HttpJsonDashboardEqualsGrpcAndNeedsABearerToken) {
  Stack s;
  ASSERT_TRUE(s.Start(TrainingBuilt(), {}).ok());
  auto programme = DriveProgramme(s, 5000, 60);
  ASSERT_TRUE(programme.ok()) << programme.status();
  {
    const absl::Status caught_up = WaitCaughtUp(s);
    ASSERT_TRUE(caught_up.ok()) << caught_up << "\n" << Tail(s.aggregator_process().Stderr());
  }
  const int year = ThisYear();

  for (const std::string& district : {std::string(), std::string("370202")}) {
    agg::GetDashboardRequest request;
    request.set_year(year);
    request.set_district_code(district);
    agg::GetDashboardResponse grpc_dashboard;
    ASSERT_TRUE(s.aggregator().GetDashboard(As(kViewerToken).get(), request, &grpc_dashboard).ok());
    std::string path = Concat("/api/v1/dashboard?year=", year);
    if (!district.empty()) {
      path += "&district=" + district;
    }
    const HttpReply reply = HttpGet(s.http_port(), path, kViewerToken);
    ASSERT_EQ(reply.status, 200) << reply.body;
    agg::GetDashboardResponse http_dashboard;
    auto parsed = google::protobuf::util::JsonStringToMessage(reply.body, &http_dashboard);
    ASSERT_TRUE(parsed.ok()) << parsed.ToString() << "\n" << reply.body.substr(0, 500);
    EXPECT_EQ(http_dashboard.year(), year);
    EXPECT_EQ(http_dashboard.district_code(), district);
    const auto grpc_values = ValuesOf(grpc_dashboard);
    const auto http_values = ValuesOf(http_dashboard);
    ASSERT_EQ(http_values.size(), grpc_values.size());
    int with_value = 0;
    for (const auto& [id, value] : grpc_values) {
      auto it = http_values.find(id);
      ASSERT_NE(it, http_values.end()) << id;
      EXPECT_EQ(it->second.has_value(), value.has_value()) << id;
      EXPECT_EQ(it->second.value(), value.value()) << id;
      EXPECT_EQ(it->second.has_target(), value.has_target()) << id;
      EXPECT_EQ(it->second.target(), value.target()) << id;
      EXPECT_EQ(it->second.source_connected(), value.source_connected()) << id;
      with_value += value.has_value() && value.value() > 0 ? 1 : 0;
    }
    EXPECT_GE(with_value, 4) << "the comparison covers real figures";
  }
  // The canonical JSON mapping: lowerCamelCase names.
  const HttpReply reply = HttpGet(s.http_port(), Concat("/api/v1/dashboard?year=", year), kViewerToken);
  EXPECT_NE(reply.body.find("\"indicatorId\""), std::string::npos);
  EXPECT_NE(reply.body.find("\"newly_certified_persons\""), std::string::npos);

  const HttpReply anonymous = HttpGet(s.http_port(), Concat("/api/v1/dashboard?year=", year), "");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(anonymous.body.find("newly_certified_persons"), std::string::npos);
  const HttpReply forged = HttpGet(s.http_port(), Concat("/api/v1/dashboard?year=", year), "not-a-token");
  EXPECT_EQ(forged.status, 401) << forged.body;
}

}  // namespace
}  // namespace skillbridge::testing

// skillbridge-reconcile: checks that the aggregator's dashboard still matches the records. It
// waits until the aggregator has caught up with every source, recounts the year's figures from
// the sources' list APIs (tools/reconcile/recount.h), reads the dashboard for the city and every
// district, and prints them side by side. Exit 0 when every figure matches, 1 when one does not
// (after a second try: records written during the first recount can differ), 2 on errors.
// Incentive and education are each recounted when their flag names them and the aggregator consumes them (its source
// status says connected): an aggregator without it shows none of its figures to compare.
//
//   SKILLBRIDGE_TOKEN=<admin token> skillbridge-reconcile --aggregator=127.0.0.1:50060
//       --evaluation=127.0.0.1:50051 --training=127.0.0.1:50052 [--competition=127.0.0.1:50053]
//       [--incentive=127.0.0.1:50054] [--education=127.0.0.1:50055] [--year=2026] [--all]

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/reference/reference_data.h"
#include "common/server/client_channel.h"
#include "common/util/concat.h"
#include "common/util/program_usage.h"
#include "skillbridge/aggregator/v1/aggregator.grpc.pb.h"
#include "tools/reconcile/compare.h"
#include "tools/reconcile/recount.h"

ABSL_FLAG(std::string, aggregator, "127.0.0.1:50060", "aggregator address (host:port)");
ABSL_FLAG(std::string, evaluation, "127.0.0.1:50051", "evaluation address (host:port)");
ABSL_FLAG(std::string, training, "127.0.0.1:50052", "training address (host:port; empty = not connected)");
ABSL_FLAG(std::string, competition, "127.0.0.1:50053", "competition address (host:port; empty = not connected)");
ABSL_FLAG(std::string, incentive, "127.0.0.1:50054", "incentive address (host:port; empty = not connected)");
ABSL_FLAG(std::string, education, "127.0.0.1:50055", "education address (host:port; empty = not connected)");
ABSL_FLAG(std::string, token, "", "ADMIN bearer token (default: the environment variable SKILLBRIDGE_TOKEN)");
ABSL_FLAG(int, year, 0, "the year to check (default: the current year in China Standard Time)");
ABSL_FLAG(std::string, reference_dir, "reference", "folder with districts.tsv");
ABSL_FLAG(std::string, tls_ca, "", "CA bundle for TLS to every service (empty = plaintext)");
ABSL_FLAG(std::string, tls_cert, "", "client certificate for mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "client key for mutual TLS");
ABSL_FLAG(int, wait_s, 120, "how long to wait for the aggregator to catch up with its sources");
ABSL_FLAG(bool, all, false, "print every district's row, not only the city's and the differences");

namespace {

namespace agg = ::skillbridge::aggregator::v1;
using skillbridge::Concat;
using skillbridge::reconcile::ComparedValue;

std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", Concat("Bearer ", token));
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return context;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(const std::string& address, const char* peer) {
  skillbridge::ClientChannelOptions options;
  options.address = address;
  options.tls_ca_file = absl::GetFlag(FLAGS_tls_ca);
  options.tls_client_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_client_key_file = absl::GetFlag(FLAGS_tls_key);
  options.flags.address = Concat("--", peer);
  options.flags.tls_ca = "--tls_ca";
  options.flags.tls_cert = "--tls_cert";
  options.flags.tls_key = "--tls_key";
  return skillbridge::MakeClientChannel(options, peer);
}

// Waits until every connected source is healthy and caught up (lag 0).
absl::Status WaitCaughtUp(agg::AggregatorService::Stub& aggregator, const std::string& token, absl::Duration bound) {
  const absl::Time give_up = absl::Now() + bound;
  std::string behind;
  do {
    agg::GetSourceStatusResponse status;
    grpc::Status called = aggregator.GetSourceStatus(Context(token).get(), {}, &status);
    if (!called.ok()) {
      return absl::UnavailableError(Concat("GetSourceStatus: ", called.error_message()));
    }
    behind.clear();
    for (const auto& s : status.sources()) {
      if (s.connected() && (!s.healthy() || s.lag_seconds() > 0)) {
        behind += Concat(behind.empty() ? "" : ", ", s.source(), s.healthy() ? " (lagging)" : " (unreachable)");
      }
    }
    if (behind.empty()) {
      return absl::OkStatus();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  } while (absl::Now() < give_up);
  return absl::DeadlineExceededError(Concat("the aggregator has not caught up with: ", behind));
}

// Whether the aggregator consumes `source` (its source status says connected).
absl::StatusOr<bool> AggregatorConsumes(agg::AggregatorService::Stub& aggregator, const std::string& token,
                                        const std::string& source) {
  agg::GetSourceStatusResponse status;
  grpc::Status called = aggregator.GetSourceStatus(Context(token).get(), {}, &status);
  if (!called.ok()) {
    return absl::UnavailableError(Concat("GetSourceStatus: ", called.error_message()));
  }
  for (const auto& s : status.sources()) {
    if (s.source() == source) {
      return s.connected();
    }
  }
  return false;
}

// The stub of an optional source named by `flag` when the aggregator consumes it (null when the
// flag is empty or the aggregator does not: an aggregator without it shows none of its figures).
template <typename Service>
absl::StatusOr<std::unique_ptr<typename Service::Stub>> ConsumedSourceStub(agg::AggregatorService::Stub& aggregator,
                                                                           const std::string& token,
                                                                           const absl::Flag<std::string>& flag,
                                                                           const std::string& name) {
  const std::string address = absl::GetFlag(flag);
  if (address.empty()) {
    return nullptr;
  }
  auto consumed = AggregatorConsumes(aggregator, token, name);
  if (!consumed.ok()) {
    return consumed.status();
  }
  if (!*consumed) {
    std::cerr << name << ": the aggregator does not consume it; its figures are not recounted\n";
    return nullptr;
  }
  auto channel = Channel(address, name.c_str());
  if (!channel.ok()) {
    return channel.status();
  }
  return Service::NewStub(*channel);
}

std::string Number(double v) {
  char buf[64];
  if (v == static_cast<double>(static_cast<int64_t>(v))) {
    std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof(buf), "%.4f", v);
  }
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage("checks the aggregator's dashboard against a recount from the source services");
  absl::ParseCommandLine(argc, argv);
  std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty() && std::getenv("SKILLBRIDGE_TOKEN") != nullptr) {
    token = std::getenv("SKILLBRIDGE_TOKEN");
  }
  if (token.empty()) {
    std::cerr << "an ADMIN token is required (--token or SKILLBRIDGE_TOKEN)\n";
    return 2;
  }
  int year = absl::GetFlag(FLAGS_year);
  if (year == 0) {
    year = skillbridge::BureauYear(absl::Now());
  }
  auto reference = skillbridge::ReferenceData::LoadFromDirectory(absl::GetFlag(FLAGS_reference_dir));
  if (!reference.ok()) {
    std::cerr << reference.status() << "\n";
    return 2;
  }
  auto aggregator_channel = Channel(absl::GetFlag(FLAGS_aggregator), "aggregator");
  auto evaluation_channel = Channel(absl::GetFlag(FLAGS_evaluation), "evaluation");
  if (!aggregator_channel.ok() || !evaluation_channel.ok()) {
    std::cerr << (aggregator_channel.ok() ? evaluation_channel.status() : aggregator_channel.status()) << "\n";
    return 2;
  }
  auto aggregator = agg::AggregatorService::NewStub(*aggregator_channel);
  auto evaluation = skillbridge::evaluation::v1::EvaluationService::NewStub(*evaluation_channel);
  std::unique_ptr<skillbridge::training::v1::TrainingService::Stub> training;
  if (!absl::GetFlag(FLAGS_training).empty()) {
    auto channel = Channel(absl::GetFlag(FLAGS_training), "training");
    if (!channel.ok()) {
      std::cerr << channel.status() << "\n";
      return 2;
    }
    training = skillbridge::training::v1::TrainingService::NewStub(*channel);
  }
  std::unique_ptr<skillbridge::competition::v1::CompetitionService::Stub> competition;
  if (!absl::GetFlag(FLAGS_competition).empty()) {
    auto channel = Channel(absl::GetFlag(FLAGS_competition), "competition");
    if (!channel.ok()) {
      std::cerr << channel.status() << "\n";
      return 2;
    }
    competition = skillbridge::competition::v1::CompetitionService::NewStub(*channel);
  }
  auto incentive = ConsumedSourceStub<skillbridge::incentive::v1::IncentiveService>(*aggregator, token, FLAGS_incentive,
                                                                                    "incentive");
  auto education = ConsumedSourceStub<skillbridge::education::v1::EducationService>(*aggregator, token, FLAGS_education,
                                                                                    "education");
  if (!incentive.ok() || !education.ok()) {
    std::cerr << (incentive.ok() ? education.status() : incentive.status()) << "\n";
    return 2;
  }
  skillbridge::reconcile::RecountSources sources;
  sources.evaluation = evaluation.get();
  sources.training = training.get();
  sources.competition = competition.get();
  sources.incentive = incentive->get();
  sources.education = education->get();
  sources.token = token;

  std::vector<ComparedValue> rows;
  bool all_equal = false;
  for (int attempt = 1; attempt <= 2 && !all_equal; ++attempt) {
    if (absl::Status caught_up = WaitCaughtUp(*aggregator, token, absl::Seconds(absl::GetFlag(FLAGS_wait_s)));
        !caught_up.ok()) {
      std::cerr << caught_up << "\n";
      return 2;
    }
    auto recount = skillbridge::reconcile::RecountFromSources(sources, year);
    if (!recount.ok()) {
      std::cerr << "recount: " << recount.status() << "\n";
      return 2;
    }
    if (absl::Status caught_up = WaitCaughtUp(*aggregator, token, absl::Seconds(absl::GetFlag(FLAGS_wait_s)));
        !caught_up.ok()) {
      std::cerr << caught_up << "\n";
      return 2;
    }
    std::vector<agg::GetDashboardResponse> dashboards;
    std::vector<std::string> districts = {""};
    for (const auto& d : (*reference)->districts()) {
      districts.push_back(d.code);
    }
    for (const std::string& district : districts) {
      agg::GetDashboardRequest request;
      request.set_year(year);
      request.set_district_code(district);
      agg::GetDashboardResponse dashboard;
      grpc::Status called = aggregator->GetDashboard(Context(token).get(), request, &dashboard);
      if (!called.ok()) {
        std::cerr << "GetDashboard: " << called.error_message() << "\n";
        return 2;
      }
      dashboards.push_back(std::move(dashboard));
    }
    rows = skillbridge::reconcile::Compare(*recount, dashboards);
    all_equal = true;
    for (const auto& r : rows) {
      all_equal = all_equal && r.equal;
    }
    if (!all_equal && attempt == 1) {
      std::cerr << "differences found; recounting once more (records may have changed meanwhile)\n";
    }
  }

  std::printf("%d: the aggregator's dashboard against a recount from the sources' records\n", year);
  std::printf("%-36s %-8s %18s %18s  %s\n", "indicator", "district", "aggregator", "recount", "");
  std::map<std::string, std::pair<int, int>> districts_equal;  // indicator -> {equal, rows}
  for (const auto& r : rows) {
    if (!r.district.empty()) {
      districts_equal[r.indicator].first += r.equal ? 1 : 0;
      districts_equal[r.indicator].second += 1;
    }
    if (r.district.empty() || !r.equal || absl::GetFlag(FLAGS_all)) {
      std::printf("%-36s %-8s %18s %18s  %s\n", r.indicator.c_str(), r.district.empty() ? "city" : r.district.c_str(),
                  r.on_dashboard ? Number(r.aggregator).c_str() : "(none)", Number(r.recount).c_str(),
                  r.equal ? "ok" : "DIFFERENT");
    }
  }
  for (const auto& [indicator, counts] : districts_equal) {
    std::printf("%-36s districts equal: %d/%d\n", indicator.c_str(), counts.first, counts.second);
  }
  std::printf("%s\n", all_equal ? "every figure matches the records" : "some figures differ from the records");
  return all_equal ? 0 : 1;
}

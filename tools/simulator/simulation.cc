#include "tools/simulator/simulation.h"

#include "absl/time/clock.h"
#include "tools/simulator/training_driver.h"

namespace skillbridge::simulator {

namespace {

std::shared_ptr<grpc::Channel> Connect(const SimulationOptions& options, const std::string& target) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.ca_pem.empty()) {
    credentials = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = options.ca_pem;
    credentials = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  arguments.SetMaxSendMessageSize(64 * 1024 * 1024);
  return grpc::CreateCustomChannel(target, credentials, arguments);
}

void PrintEvaluation(std::ostream& out, const EvaluationReport& report) {
  out << "evaluation: " << report.orgs << " evaluation organisations (";
  bool first = true;
  for (const auto& [state, count] : report.orgs_by_state) {
    out << (first ? "" : ", ") << count << " " << state.substr(std::string("FILING_STATE_").size());
    first = false;
  }
  out << "), " << report.enterprises << " enterprises, issue dates up to " << absl::FormatCivilTime(report.cutoff)
      << "\n";
  out << "  certificates: " << report.certificates_accepted << " of " << report.certificates_planned_valid
      << " planned on record, " << report.refused_as_planned << " rows refused as planned (";
  first = true;
  for (const auto& [reason, count] : report.refusals) {
    out << (first ? "" : ", ") << reason << " " << count;
    first = false;
  }
  out << ")";
  if (report.refused_unexpectedly > 0) {
    out << ", " << report.refused_unexpectedly << " rows not as planned";
  }
  out << "\n  revoked: " << report.revoked << ", introductions: " << report.introductions << "\n";
}

}  // namespace

absl::StatusOr<SimulationReport> RunSimulation(const SimulationOptions& options) {
  auto reference = ReferenceData::LoadFromDirectory(options.reference_dir);
  if (!reference.ok()) {
    return reference.status();
  }
  SimulationReport report;
  const absl::Time start = absl::Now();
  if (options.out != nullptr) {
    *options.out << "simulator: seed " << options.seed << ", year " << options.year << ", scale " << options.scale
                 << ", " << options.concurrency << " in flight\n";
  }
  if (options.evaluation_target.empty()) {
    report.training.skipped_because = "no --evaluation address (training claims need its certificates)";
    return report;
  }
  EvaluationRunOptions evaluation_options;
  evaluation_options.seed = options.seed;
  evaluation_options.scale = options.scale;
  evaluation_options.year = options.year;
  evaluation_options.concurrency = options.concurrency;
  evaluation_options.rpc = options.rpc;
  evaluation_options.progress = options.out;
  EvaluationDriver evaluation(Connect(options, options.evaluation_target), *reference, evaluation_options);
  auto evaluated = evaluation.Run();
  if (!evaluated.ok()) {
    return evaluated.status();
  }
  report.evaluation = std::move(*evaluated);
  if (options.out != nullptr) {
    PrintEvaluation(*options.out, report.evaluation);
  }

  if (options.training_target.empty()) {
    report.training.skipped_because = "no --training address";
  } else {
    TrainingRunOptions training_options;
    training_options.seed = options.seed;
    training_options.scale = options.scale;
    training_options.year = options.year;
    training_options.concurrency = options.concurrency;
    training_options.rpc = options.rpc;
    training_options.progress = options.out;
    TrainingDriver training(Connect(options, options.training_target), *reference, training_options);
    auto trained = training.Run(report.evaluation);
    if (!trained.ok()) {
      return trained.status();
    }
    report.training = std::move(*trained);
  }
  if (options.out != nullptr) {
    if (!report.training.ran) {
      *options.out << "training: skipped: " << report.training.skipped_because << "\n";
    }
    *options.out << "simulator: done in " << absl::FormatDuration(absl::Trunc(absl::Now() - start, absl::Seconds(1)))
                 << "\n";
  }
  return report;
}

}  // namespace skillbridge::simulator

#include "tools/simulator/simulation.h"

#include "absl/time/clock.h"
#include "tools/simulator/competition_driver.h"
#include "tools/simulator/education_driver.h"
#include "tools/simulator/incentive_driver.h"
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

// What every part of the run is given, from the simulation's options.
PartRunOptions PartOptions(const SimulationOptions& options) {
  PartRunOptions part;
  part.seed = options.seed;
  part.scale = options.scale;
  part.year = options.year;
  part.concurrency = options.concurrency;
  part.rpc = options.rpc;
  part.progress = options.out;
  return part;
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

void PrintCompetition(std::ostream& out, const CompetitionReport& report) {
  out << "competition: " << report.competitions << " competitions, " << report.contests << " contests, "
      << report.entries << " entries";
  if (report.entries_refused > 0) {
    out << " (" << report.entries_refused << " rows refused)";
  }
  out << ", " << report.contests_published << " contests' results published\n  year: " << report.competitions_held
      << " held, " << report.participants << " participants, " << report.promotions << " promotions ("
      << report.promotions_certified << " certified, " << report.promotions_pending << " still pending), "
      << report.honours << " honours\n";
}

void PrintIncentive(std::ostream& out, const IncentiveReport& report) {
  out << "incentive: wage survey of " << report.surveyed_enterprises << " enterprises ("
      << report.enterprises_registered << " registered by this part), " << report.surveys_accepted
      << " rows accepted of " << report.survey_rows << ", " << report.surveys_replaced << " replaced by "
      << report.corrections << " corrections";
  if (report.surveys_refused > 0) {
    out << ", " << report.surveys_refused << " refused (";
    bool first = true;
    for (const auto& [reason, count] : report.survey_refusals) {
      out << (first ? "" : ", ") << reason << " " << count;
      first = false;
    }
    out << ")";
  }
  out << "\n  city: workforce " << report.workforce << ", skilled share " << report.skilled_share
      << ", high-skilled share of skilled " << report.high_skilled_share << ", skill wage premium "
      << report.wage_premium
      << (report.summary_matches_plan ? " (summary equals the plan)" : " (summary differs from the plan)")
      << "\n  honours: " << report.programmes << " programmes, " << report.nominations << " nominations, "
      << report.awarded << " awarded";
  if (report.nominations_refused > 0) {
    out << ", " << report.nominations_refused << " refused";
  }
  out << "\n  platforms: " << report.platforms << " (" << report.platforms_evaluated << " evaluated, "
      << report.platforms_revoked << " revoked), " << report.fundings
      << " grants\n  career bridging: " << report.bridge_applications << " applications, " << report.bridge_approved
      << " approved, " << report.bridge_refused_as_planned << " refused as planned";
  if (report.bridge_refused_unexpectedly > 0) {
    out << ", " << report.bridge_refused_unexpectedly << " not as planned";
  }
  out << "\n  year: " << report.stats_nominations << " nominations, " << report.stats_honours_awarded
      << " honours awarded (" << report.stats_leading_talents << " leading talents, " << report.stats_award_fen / 100
      << " yuan), " << report.stats_bridge_approved << " bridged, funding " << report.stats_funding_granted_fen / 100
      << " yuan granted / " << report.stats_funding_paid_fen / 100 << " paid, " << report.stats_platforms_evaluated
      << " platforms evaluated\n";
}

void PrintEducation(std::ostream& out, const EducationReport& report) {
  out << "education: " << report.schools << " schools (" << report.schools_filed << " filed evaluation organisations), "
      << report.specialties << " specialties (" << report.featured << " featured, " << report.specialties_closed
      << " closed), " << report.partnerships << " partnerships (" << report.partnerships_ended
      << " ended)\n  students: " << report.enrolled << " of " << report.students_planned << " planned on record, "
      << report.withdrawn << " withdrawn, " << report.transferred << " transferred, " << report.graduated
      << " graduated, " << report.destinations << " first destinations, " << report.rewards_granted << " rewards ("
      << report.rewards_paid << " paid)";
  if (report.refused > 0) {
    out << ", " << report.refused << " refused (";
    bool first = true;
    for (const auto& [reason, count] : report.refusals) {
      out << (first ? "" : ", ") << reason << " " << count;
      first = false;
    }
    out << ")";
  }
  out << "\n  year: " << report.stats_students_enrolled << " enrolled now, " << report.stats_enrolled_in_year
      << " enrolled in the year, " << report.stats_graduated << " graduated, " << report.stats_employed_in_city
      << " of " << report.stats_destinations << " destinations in the city, " << report.stats_featured_specialties
      << " featured and " << report.stats_chain_specialties << " chain specialties of "
      << report.stats_active_specialties
      << (report.stats_match_plan ? " (stats equal the plan)" : " (stats differ from the plan)") << ", in "
      << absl::FormatDuration(absl::Trunc(absl::Seconds(report.seconds), absl::Milliseconds(100))) << "\n";
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
    report.competition.skipped_because = "no --evaluation address (the entrants are its certified persons)";
    report.incentive.skipped_because = "no --evaluation address (the survey follows its certificates)";
    report.education.skipped_because = "no --evaluation address (schools' filings and employers are its)";
    return report;
  }
  const PartRunOptions part = PartOptions(options);
  EvaluationDriver evaluation(Connect(options, options.evaluation_target), *reference, part);
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
    TrainingDriver training(Connect(options, options.training_target), *reference, part);
    auto trained = training.Run(report.evaluation);
    if (!trained.ok()) {
      return trained.status();
    }
    report.training = std::move(*trained);
  }
  if (options.competition_target.empty()) {
    report.competition.skipped_because = "no --competition address";
  } else {
    CompetitionDriver competition(Connect(options, options.competition_target), *reference,
                                  CompetitionRunOptions{part});
    auto held = competition.Run(report.evaluation);
    if (!held.ok()) {
      return held.status();
    }
    report.competition = std::move(*held);
    if (options.out != nullptr) {
      PrintCompetition(*options.out, report.competition);
    }
  }
  if (options.incentive_target.empty()) {
    report.incentive.skipped_because = "no --incentive address";
  } else {
    IncentiveRunOptions incentive_options{part};
    incentive_options.survey_enterprises = options.survey_enterprises;
    IncentiveDriver incentive(Connect(options, options.incentive_target), Connect(options, options.evaluation_target),
                              *reference, incentive_options);
    auto given = incentive.Run(report.evaluation);
    if (!given.ok()) {
      return given.status();
    }
    report.incentive = std::move(*given);
    if (options.out != nullptr) {
      PrintIncentive(*options.out, report.incentive);
    }
  }
  if (options.education_target.empty()) {
    report.education.skipped_because = "no --education address";
  } else {
    EducationDriver education(Connect(options, options.education_target), Connect(options, options.evaluation_target),
                              *reference, part);
    auto educated = education.Run(report.evaluation);
    if (!educated.ok()) {
      return educated.status();
    }
    report.education = std::move(*educated);
    if (options.out != nullptr) {
      PrintEducation(*options.out, report.education);
    }
  }
  if (options.out != nullptr) {
    if (!report.training.ran) {
      *options.out << "training: skipped: " << report.training.skipped_because << "\n";
    }
    if (!report.competition.ran) {
      *options.out << "competition: skipped: " << report.competition.skipped_because << "\n";
    }
    if (!report.incentive.ran) {
      *options.out << "incentive: skipped: " << report.incentive.skipped_because << "\n";
    }
    if (!report.education.ran) {
      *options.out << "education: skipped: " << report.education.skipped_because << "\n";
    }
    *options.out << "simulator: done in " << absl::FormatDuration(absl::Trunc(absl::Now() - start, absl::Seconds(1)))
                 << "\n";
  }
  return report;
}

}  // namespace skillbridge::simulator

#include "tools/simulator/evaluation_driver.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <utility>

#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tools/simulator/progress.h"

namespace skillbridge::simulator {

namespace ev = ::skillbridge::evaluation::v1;

namespace {

void SetDate(absl::CivilDay day, common::v1::Date* out) {
  out->set_year(static_cast<int>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

ev::FilingState StateOf(FilingTarget target) {
  switch (target) {
    case FilingTarget::kApplied:
      return ev::FILING_STATE_APPLIED;
    case FilingTarget::kUnderAssessment:
      return ev::FILING_STATE_UNDER_ASSESSMENT;
    case FilingTarget::kFiled:
      return ev::FILING_STATE_FILED;
    case FilingTarget::kSuspended:
      return ev::FILING_STATE_SUSPENDED;
    case FilingTarget::kRevoked:
      return ev::FILING_STATE_REVOKED;
  }
  return ev::FILING_STATE_UNSPECIFIED;
}

std::string_view StepName(FilingStep step) {
  switch (step) {
    case FilingStep::kStartAssessment:
      return "assess";
    case FilingStep::kApprove:
      return "approve";
    case FilingStep::kSuspend:
      return "suspend";
    case FilingStep::kRevoke:
      return "revoke";
  }
  return "step";
}

}  // namespace

std::optional<FilingStep> NextFilingStep(ev::FilingState current, FilingTarget target) {
  if (current == StateOf(target) || current == ev::FILING_STATE_REVOKED) {
    return std::nullopt;
  }
  switch (current) {
    case ev::FILING_STATE_APPLIED:
      return target == FilingTarget::kApplied ? std::nullopt : std::optional(FilingStep::kStartAssessment);
    case ev::FILING_STATE_UNDER_ASSESSMENT:
      if (target == FilingTarget::kRevoked) {
        return FilingStep::kRevoke;
      }
      if (target == FilingTarget::kFiled || target == FilingTarget::kSuspended) {
        return FilingStep::kApprove;
      }
      return std::nullopt;
    case ev::FILING_STATE_FILED:
      if (target == FilingTarget::kSuspended) {
        return FilingStep::kSuspend;
      }
      if (target == FilingTarget::kRevoked) {
        return FilingStep::kRevoke;
      }
      return std::nullopt;
    default:
      // SUSPENDED by someone else (or an unknown state): leave it as the bureau left it.
      return std::nullopt;
  }
}

std::string RequestId(uint64_t seed, int year, const std::string& key) {
  std::string id = Concat("sim-", seed, "-", year, "-", key);
  for (char& c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) {
      c = '_';
    }
  }
  return id.substr(0, 128);
}

EvaluationDriver::EvaluationDriver(std::shared_ptr<grpc::Channel> channel,
                                   std::shared_ptr<const ReferenceData> reference, EvaluationRunOptions options)
    : channel_(std::move(channel)),
      stub_(ev::EvaluationService::NewStub(channel_)),
      reference_(std::move(reference)),
      options_(std::move(options)) {}

absl::StatusOr<EvaluationReport> EvaluationDriver::Run() {
  EvaluationReport report;
  std::vector<ev::EvaluationOrg> orgs;
  if (absl::Status done = RunOrgs(report, orgs); !done.ok()) {
    return done;
  }
  if (absl::Status done = RunEnterprises(report); !done.ok()) {
    return done;
  }
  if (absl::Status done = RunCertificates(report, orgs); !done.ok()) {
    return done;
  }
  if (absl::Status done = RunRevocations(report); !done.ok()) {
    return done;
  }
  if (absl::Status done = RunIntroductions(report); !done.ok()) {
    return done;
  }
  return report;
}

// ------------------------------------------------------------------ organisations

absl::Status EvaluationDriver::RunOrgs(EvaluationReport& report, std::vector<ev::EvaluationOrg>& out) {
  PlanOptions plan_options;
  plan_options.seed = options_.seed;
  plan_options.scale = options_.scale;
  plan_options.year = options_.year;
  report.plan.orgs = PlanOrgs(plan_options, *reference_);
  const auto& orgs = report.plan.orgs;
  out.assign(orgs.size(), ev::EvaluationOrg());
  Progress progress(options_.progress, "filing", static_cast<int64_t>(orgs.size()));
  // One organisation after another, so that org codes are allocated in plan order.
  for (size_t i = 0; i < orgs.size(); ++i) {
    const PlannedOrg& planned = orgs[i];
    ev::CreateEvaluationOrgRequest create;
    create.set_request_id(RequestId(options_.seed, options_.year, "org-" + planned.credit_code));
    create.mutable_org()->set_credit_code(planned.credit_code);
    create.mutable_org()->set_name(planned.name);
    create.mutable_org()->set_district_code(planned.district_code);
    create.set_kind(planned.kind);
    for (const auto& entry : planned.scope) {
      ev::ScopeEntry* scope = create.add_scope();
      scope->set_occupation_code(entry.occupation_code);
      scope->set_highest_level(entry.highest_level);
    }
    create.set_contact_name(planned.contact_name);
    create.set_contact_phone(planned.contact_phone);
    ev::CreateEvaluationOrgResponse created;
    grpc::Status status =
        CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::CreateEvaluationOrg, create, &created);
    if (status.ok()) {
      ++report.orgs_created;
    } else if (status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      return TransportError(Concat("CreateEvaluationOrg ", planned.credit_code), status);
    }
    // The current state (a replayed create answers with the state of the first call).
    ev::GetEvaluationOrgRequest get;
    get.set_credit_code(planned.credit_code);
    ev::GetEvaluationOrgResponse got;
    status = CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::GetEvaluationOrg, get, &got);
    if (!status.ok()) {
      return TransportError(Concat("GetEvaluationOrg ", planned.credit_code), status);
    }
    ev::EvaluationOrg org = got.evaluation_org();
    for (int guard = 0; guard < 6; ++guard) {
      const auto step = NextFilingStep(org.state(), planned.target);
      if (!step.has_value()) {
        break;
      }
      const std::string request_id =
          RequestId(options_.seed, options_.year, Concat("org-", planned.credit_code, "-", StepName(*step)));
      switch (*step) {
        case FilingStep::kStartAssessment: {
          ev::StartFilingAssessmentRequest request;
          request.set_credit_code(planned.credit_code);
          request.set_request_id(request_id);
          ev::StartFilingAssessmentResponse response;
          status =
              CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::StartFilingAssessment, request, &response);
          org = response.evaluation_org();
          break;
        }
        case FilingStep::kApprove: {
          ev::ApproveFilingRequest request;
          request.set_credit_code(planned.credit_code);
          request.set_request_id(request_id);
          ev::ApproveFilingResponse response;
          status = CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::ApproveFiling, request, &response);
          org = response.evaluation_org();
          break;
        }
        case FilingStep::kSuspend: {
          ev::SuspendFilingRequest request;
          request.set_credit_code(planned.credit_code);
          request.set_request_id(request_id);
          request.set_reason("年度检查发现考核记录不规范，暂停备案整改");
          ev::SuspendFilingResponse response;
          status = CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::SuspendFiling, request, &response);
          org = response.evaluation_org();
          break;
        }
        case FilingStep::kRevoke: {
          ev::RevokeFilingRequest request;
          request.set_credit_code(planned.credit_code);
          request.set_request_id(request_id);
          request.set_reason("评估未通过：考评人员和场地不符合备案条件");
          ev::RevokeFilingResponse response;
          status = CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::RevokeFiling, request, &response);
          org = response.evaluation_org();
          break;
        }
      }
      if (status.ok()) {
        ++report.filing_steps;
        continue;
      }
      if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
        return TransportError(Concat("filing step ", StepName(*step), " of ", planned.credit_code), status);
      }
      // Someone moved it meanwhile: read it again and take the steps still missing.
      status = CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::GetEvaluationOrg, get, &got);
      if (!status.ok()) {
        return TransportError(Concat("GetEvaluationOrg ", planned.credit_code), status);
      }
      org = got.evaluation_org();
    }
    ++report.orgs_by_state[ev::FilingState_Name(org.state())];
    out[i] = std::move(org);
    progress.Add(1);
  }
  report.orgs = static_cast<int>(orgs.size());
  progress.Finish(Concat(report.orgs_created, " created, ", report.filing_steps, " filing steps"));
  return absl::OkStatus();
}

// ------------------------------------------------------------------ enterprises

absl::Status EvaluationDriver::RunEnterprises(EvaluationReport& report) {
  PlanOptions plan_options;
  plan_options.seed = options_.seed;
  plan_options.scale = options_.scale;
  plan_options.year = options_.year;
  report.plan.enterprises = PlanEnterprises(plan_options, *reference_, report.plan.orgs);
  const auto& enterprises = report.plan.enterprises;
  Progress progress(options_.progress, "enterprises", static_cast<int64_t>(enterprises.size()));
  std::vector<int64_t> seconds(enterprises.size(), 0);
  absl::Status done = ParallelFor(static_cast<int>(enterprises.size()), options_.concurrency, [&](int i) {
    const PlannedEnterprise& planned = enterprises[static_cast<size_t>(i)];
    ev::UpsertEnterpriseRequest request;
    request.set_request_id(RequestId(options_.seed, options_.year, "enterprise-" + planned.credit_code));
    ev::Enterprise* enterprise = request.mutable_enterprise();
    enterprise->mutable_org()->set_credit_code(planned.credit_code);
    enterprise->mutable_org()->set_name(planned.name);
    enterprise->mutable_org()->set_district_code(planned.district_code);
    enterprise->set_above_designated_size(planned.above_designated_size);
    enterprise->set_self_evaluation_eligible(planned.self_evaluation_eligible);
    enterprise->set_industry_chain_code(planned.industry_chain_code);
    enterprise->set_employee_count(planned.employee_count);
    ev::UpsertEnterpriseResponse response;
    grpc::Status status =
        CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::UpsertEnterprise, request, &response);
    if (!status.ok()) {
      return TransportError(Concat("UpsertEnterprise ", planned.credit_code), status);
    }
    seconds[static_cast<size_t>(i)] = response.enterprise().update_time().seconds();
    progress.Add(1);
    return absl::OkStatus();
  });
  if (!done.ok()) {
    return done;
  }
  report.enterprises = static_cast<int>(enterprises.size());
  progress.Finish();

  // The service's "today": the time it recorded for this plan's first enterprise write (a
  // replay answers with the first time, so reruns keep the same cutoff).
  int64_t first = absl::ToUnixSeconds(absl::Now());
  for (int64_t s : seconds) {
    if (s > 0) {
      first = std::min(first, s);
    }
  }
  google::protobuf::Timestamp stamp;
  stamp.set_seconds(first);
  const absl::CivilDay today = BureauDay(FromTimestamp(stamp));  // the service's today
  if (options_.year > today.year()) {
    return absl::FailedPreconditionError(Concat("year ", options_.year, " has not begun on the service (its date is ",
                                                absl::FormatCivilTime(today), ")"));
  }
  report.cutoff = options_.year < today.year() ? absl::CivilDay(options_.year, 12, 31) : today;
  return absl::OkStatus();
}

// ------------------------------------------------------------------ certificates

namespace {

struct BatchCall {
  int batch = 0;
  int attempt = 0;
  grpc::ClientContext context;
  ev::BatchIssueCertificatesRequest request;
  ev::BatchIssueCertificatesResponse response;
  grpc::Status status;
};

}  // namespace

absl::Status EvaluationDriver::RunCertificates(EvaluationReport& report, const std::vector<ev::EvaluationOrg>& orgs) {
  PlanOptions plan_options;
  plan_options.seed = options_.seed;
  plan_options.scale = options_.scale;
  plan_options.year = options_.year;
  plan_options.cutoff = report.cutoff;
  report.plan.certificates = PlanCertificates(plan_options, *reference_, report.plan.orgs);
  const CertificatePlan& plan = report.plan.certificates;
  const int64_t rows = static_cast<int64_t>(plan.rows.size());
  report.certificate_rows = rows;
  report.numbers.assign(plan.rows.size(), "");
  std::vector<std::string> planned_numbers(plan.rows.size());
  for (size_t r = 0; r < plan.rows.size(); ++r) {
    const PlannedCertificate& row = plan.rows[r];
    const std::string& code = orgs[static_cast<size_t>(row.org)].org_code();
    if (!code.empty()) {
      planned_numbers[r] = CertificateNumber(row, report.plan.orgs[static_cast<size_t>(row.org)], code);
    }
    if (row.kind == RowKind::kValid) {
      ++report.certificates_planned_valid;
    }
  }
  const int batches = static_cast<int>((rows + kCertificateBatchSize - 1) / kCertificateBatchSize);

  auto build = [&](int batch) {
    auto call = std::make_shared<BatchCall>();
    call->batch = batch;
    const int64_t first = static_cast<int64_t>(batch) * kCertificateBatchSize;
    const int64_t last = std::min(rows, first + kCertificateBatchSize) - 1;
    call->request.set_request_id(RequestId(options_.seed, options_.year, Concat("certs-", first, "-", last)));
    for (int64_t r = first; r <= last; ++r) {
      const PlannedCertificate& row = plan.rows[static_cast<size_t>(r)];
      const PlannedOrg& org = report.plan.orgs[static_cast<size_t>(row.org)];
      const PlannedPerson& person = plan.persons[static_cast<size_t>(row.person)];
      ev::CertificateDraft* draft = call->request.add_certificates();
      draft->set_number(planned_numbers[static_cast<size_t>(r)]);
      draft->set_type(row.type);
      draft->set_basis(row.basis);
      draft->mutable_person()->set_id_number(person.id_number);
      draft->mutable_person()->set_name(person.name);
      draft->set_occupation_code(row.occupation_code);
      draft->set_level(row.level);
      draft->set_issuer_credit_code(org.credit_code);
      draft->set_industry_chain_code(row.industry_chain_code);
      SetDate(row.issue_date, draft->mutable_issue_date());
      draft->set_site_serial(row.site_serial);
    }
    return call;
  };

  Progress progress(options_.progress, "certificates", rows);
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::shared_ptr<BatchCall>> finished;
  int in_flight = 0;
  struct Pending {
    std::shared_ptr<BatchCall> call;
    absl::Time not_before;
  };
  int next_batch = 0;
  absl::Status failure;
  int unexpected_logged = 0;
  // Batch deadlines are longer than single calls: thousands of durable writes each.
  RpcOptions batch_rpc = options_.rpc;
  batch_rpc.deadline = std::max(options_.rpc.deadline, absl::Seconds(120));

  auto launch = [&](std::shared_ptr<BatchCall> call) {
    // A fresh context per attempt; the request (and its request_id) is reused.
    auto fresh = std::make_shared<BatchCall>();
    fresh->batch = call->batch;
    fresh->attempt = call->attempt;
    fresh->request = std::move(call->request);
    if (!batch_rpc.token.empty()) {
      fresh->context.AddMetadata("authorization", "Bearer " + batch_rpc.token);
    }
    fresh->context.set_deadline(absl::ToChronoTime(absl::Now() + batch_rpc.deadline));
    {
      std::lock_guard<std::mutex> lock(mu);
      ++in_flight;
    }
    stub_->async()->BatchIssueCertificates(&fresh->context, &fresh->request, &fresh->response,
                                           [fresh, &mu, &cv, &finished](grpc::Status status) {
                                             std::lock_guard<std::mutex> lock(mu);
                                             fresh->status = std::move(status);
                                             finished.push_back(fresh);
                                             cv.notify_all();
                                           });
  };

  std::deque<Pending> retries;
  while (true) {
    // Start what may start.
    while (failure.ok()) {
      {
        std::lock_guard<std::mutex> lock(mu);
        if (in_flight >= std::max(1, options_.concurrency)) {
          break;
        }
      }
      if (!retries.empty() && retries.front().not_before <= absl::Now()) {
        auto call = retries.front().call;
        retries.pop_front();
        launch(call);
      } else if (next_batch < batches) {
        launch(build(next_batch++));
      } else {
        break;
      }
    }
    std::unique_lock<std::mutex> lock(mu);
    if (in_flight == 0 && finished.empty() && (next_batch >= batches || !failure.ok()) &&
        (retries.empty() || !failure.ok())) {
      break;
    }
    if (finished.empty()) {
      auto wait = std::chrono::milliseconds(200);
      cv.wait_for(lock, wait, [&] { return !finished.empty(); });
    }
    std::deque<std::shared_ptr<BatchCall>> ready;
    ready.swap(finished);
    in_flight -= static_cast<int>(ready.size());
    lock.unlock();
    for (auto& call : ready) {
      if (!call->status.ok()) {
        if (IsRetryable(call->status.error_code()) && call->attempt + 1 < options_.rpc.max_attempts) {
          ++call->attempt;
          retries.push_back(Pending{call, absl::Now() + Backoff(options_.rpc, call->attempt)});
          continue;
        }
        if (failure.ok()) {
          failure = TransportError(Concat("BatchIssueCertificates ", call->request.request_id()), call->status);
        }
        continue;
      }
      const int64_t first = static_cast<int64_t>(call->batch) * kCertificateBatchSize;
      for (const auto& result : call->response.results()) {
        const size_t r = static_cast<size_t>(first + result.index());
        if (r >= plan.rows.size()) {
          continue;
        }
        const PlannedCertificate& row = plan.rows[r];
        if (result.has_certificate()) {
          report.numbers[r] = result.certificate().number();
          if (row.kind == RowKind::kValid) {
            ++report.certificates_accepted;
          } else {
            ++report.refused_unexpectedly;  // accepted although the plan expected a refusal
          }
          continue;
        }
        const std::string reason = ReasonOf(result.status());
        if (row.kind == RowKind::kValid && reason == "CERTIFICATE_NUMBER_TAKEN") {
          // Issued by an earlier run whose idempotency record has expired.
          report.numbers[r] = planned_numbers[r];
          ++report.certificates_accepted;
          continue;
        }
        if (row.kind == RowKind::kValid) {
          ++report.refused_unexpectedly;
          if (options_.progress != nullptr && unexpected_logged++ < 5) {
            const grpc::Status refusal(static_cast<grpc::StatusCode>(result.status().code()), result.status().message(),
                                       result.status().SerializeAsString());
            *options_.progress << "\nwarning: certificate row " << r << " refused: " << Describe(refusal) << "\n";
          }
          continue;
        }
        ++report.refused_as_planned;
        ++report.refusals[reason];
      }
      progress.Add(call->response.results_size());
    }
    std::this_thread::yield();
  }
  if (!failure.ok()) {
    progress.Finish("failed");
    return failure;
  }
  progress.Finish(
      Concat(report.certificates_accepted, " on record, ", report.refused_as_planned, " refused as planned"));
  return absl::OkStatus();
}

// ------------------------------------------------------------------ revocations

absl::Status EvaluationDriver::RunRevocations(EvaluationReport& report) {
  std::vector<size_t> targets;
  const auto& rows = report.plan.certificates.rows;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].kind == RowKind::kValid && rows[r].revoke && !report.numbers[r].empty()) {
      targets.push_back(r);
    }
  }
  Progress progress(options_.progress, "revocations", static_cast<int64_t>(targets.size()));
  std::atomic<int> revoked{0};
  absl::Status done = ParallelFor(static_cast<int>(targets.size()), options_.concurrency, [&](int i) {
    const size_t r = targets[static_cast<size_t>(i)];
    ev::RevokeCertificateRequest request;
    request.set_number(report.numbers[r]);
    request.set_reason(rows[r].revoke_reason);
    request.set_request_id(RequestId(options_.seed, options_.year, "revoke-" + report.numbers[r]));
    ev::RevokeCertificateResponse response;
    grpc::Status status =
        CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::RevokeCertificate, request, &response);
    if (!status.ok() && ReasonOf(status) != "CERTIFICATE_ALREADY_REVOKED") {
      return TransportError(Concat("RevokeCertificate ", report.numbers[r]), status);
    }
    revoked.fetch_add(1);
    progress.Add(1);
    return absl::OkStatus();
  });
  report.revoked = revoked.load();
  progress.Finish();
  return done;
}

// ------------------------------------------------------------------ introductions

absl::Status EvaluationDriver::RunIntroductions(EvaluationReport& report) {
  PlanOptions plan_options;
  plan_options.seed = options_.seed;
  plan_options.scale = options_.scale;
  plan_options.year = options_.year;
  plan_options.cutoff = report.cutoff;
  report.plan.introductions = PlanIntroductions(plan_options, *reference_, report.plan.enterprises);
  const auto& introductions = report.plan.introductions;
  Progress progress(options_.progress, "introductions", static_cast<int64_t>(introductions.size()));
  std::atomic<int> registered{0};
  absl::Status done = ParallelFor(static_cast<int>(introductions.size()), options_.concurrency, [&](int i) {
    const PlannedIntroduction& planned = introductions[static_cast<size_t>(i)];
    const PlannedEnterprise& employer = report.plan.enterprises[static_cast<size_t>(planned.employer)];
    ev::RegisterIntroductionRequest request;
    request.set_request_id(RequestId(options_.seed, options_.year, Concat("intro-", i)));
    ev::Introduction* intro = request.mutable_introduction();
    intro->mutable_person()->set_id_number(planned.person.id_number);
    intro->mutable_person()->set_name(planned.person.name);
    intro->mutable_employer()->set_credit_code(employer.credit_code);
    intro->mutable_employer()->set_name(employer.name);
    intro->mutable_employer()->set_district_code(employer.district_code);
    intro->set_occupation_code(planned.occupation_code);
    intro->set_level(planned.level);
    intro->set_outside_certificate_number(planned.outside_certificate_number);
    intro->set_outside_issuer(planned.outside_issuer);
    SetDate(planned.outside_issue_date, intro->mutable_outside_issue_date());
    SetDate(planned.arrival_date, intro->mutable_arrival_date());
    ev::RegisterIntroductionResponse response;
    grpc::Status status =
        CallStub(*stub_, options_.rpc, &ev::EvaluationService::Stub::RegisterIntroduction, request, &response);
    if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      return TransportError(Concat("RegisterIntroduction ", i), status);
    }
    registered.fetch_add(1);
    progress.Add(1);
    return absl::OkStatus();
  });
  report.introductions = registered.load();
  progress.Finish();
  return done;
}

}  // namespace skillbridge::simulator

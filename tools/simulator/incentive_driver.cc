#include "tools/simulator/incentive_driver.h"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "tools/simulator/progress.h"

namespace skillbridge::simulator {

namespace iv = ::skillbridge::incentive::v1;
namespace ev = ::skillbridge::evaluation::v1;

namespace {

using Stub = iv::IncentiveService::Stub;

void SetOrg(const PlannedEnterprise& e, common::v1::OrgRef* org) {
  org->set_credit_code(e.credit_code);
  org->set_name(e.name);
  org->set_district_code(e.district_code);
}

void SetPerson(const PlannedPerson& p, common::v1::PersonRef* person) {
  person->set_id_number(p.id_number);
  person->set_name(p.name);
}

// Every page of a List call: `fill(page)` returns false to stop early.
template <typename Request, typename Response>
absl::Status ForEachPage(Stub& stub, const RpcOptions& rpc,
                         grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*), Request request,
                         const std::string& what, const std::function<void(const Response&)>& fill) {
  request.set_page_size(1000);
  do {
    Response page;
    const grpc::Status status = CallStub(stub, rpc, method, request, &page);
    if (!status.ok()) {
      return TransportError(what, status);
    }
    fill(page);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

void SetDraft(const IncentivePlan& plan, const PlannedSurvey& row, iv::WageSurveyDraft* draft, std::string& content) {
  const PlannedEnterprise& e = plan.enterprises[static_cast<size_t>(row.enterprise)];
  draft->set_credit_code(e.credit_code);
  draft->set_workforce(row.workforce);
  draft->set_uncertified_headcount(row.uncertified_headcount);
  draft->set_uncertified_average_pay_fen(row.uncertified_average_pay_fen);
  content +=
      Concat(e.credit_code, ":", row.workforce, ":", row.uncertified_headcount, ":", row.uncertified_average_pay_fen);
  for (const PlannedLevelPay& level : row.levels) {
    iv::LevelPay* pay = draft->add_levels();
    pay->set_level(level.level);
    pay->set_headcount(level.headcount);
    pay->set_average_annual_pay_fen(level.average_annual_pay_fen);
    content += Concat(":", level.headcount, "/", level.average_annual_pay_fen);
  }
  content += ";";
}

}  // namespace

IncentiveDriver::IncentiveDriver(std::shared_ptr<grpc::Channel> incentive_channel,
                                 std::shared_ptr<grpc::Channel> evaluation_channel,
                                 std::shared_ptr<const ReferenceData> reference, IncentiveRunOptions options)
    : stub_(iv::IncentiveService::NewStub(incentive_channel)),
      evaluation_(ev::EvaluationService::NewStub(evaluation_channel)),
      reference_(std::move(reference)),
      options_(std::move(options)) {}

absl::StatusOr<IncentiveReport> IncentiveDriver::Run(const EvaluationReport& evaluation) {
  IncentiveReport report;
  report.ran = true;
  auto rules = BridgeRules();
  if (!rules.ok()) {
    return rules.status();
  }
  PlanOptions plan_options;
  plan_options.seed = options_.seed;
  plan_options.scale = options_.scale;
  plan_options.year = options_.year;
  plan_options.cutoff = evaluation.cutoff;
  const IncentivePlan plan =
      PlanIncentives(plan_options, *reference_, evaluation.plan, options_.survey_enterprises, *rules);
  SB_RETURN_IF_ERROR(RegisterEnterprises(plan, report));
  SB_RETURN_IF_ERROR(SubmitSurveys(plan, plan.surveys, "survey", report));
  SB_RETURN_IF_ERROR(SubmitSurveys(plan, plan.corrections, "correction", report));
  report.corrections = static_cast<int>(plan.corrections.size());
  SB_RETURN_IF_ERROR(CheckSummary(plan, report));
  SB_RETURN_IF_ERROR(RunHonours(plan, report));
  SB_RETURN_IF_ERROR(RunPlatforms(plan, report));
  SB_RETURN_IF_ERROR(RunBridges(plan, report));
  SB_RETURN_IF_ERROR(ReadStats(report));
  return report;
}

// The policy in force, as the service answers it; the default rule when it names none.
absl::StatusOr<std::vector<PlannedBridgeRule>> IncentiveDriver::BridgeRules() {
  iv::ListBridgePoliciesResponse response;
  const grpc::Status status =
      CallStub(*stub_, options_.rpc, &Stub::ListBridgePolicies, iv::ListBridgePoliciesRequest(), &response);
  if (!status.ok()) {
    return TransportError("ListBridgePolicies", status);
  }
  std::vector<PlannedBridgeRule> rules;
  for (const iv::BridgePolicy& policy : response.policies()) {
    rules.push_back(
        {policy.series(), policy.grade(), policy.title_name(), policy.min_level(), policy.min_years_held()});
  }
  return rules.empty() ? DefaultBridgeRules() : rules;
}

// ------------------------------------------------------------------ enterprises

absl::Status IncentiveDriver::RegisterEnterprises(const IncentivePlan& plan, IncentiveReport& report) {
  const int first = plan.registered_by_evaluation;
  const int count = static_cast<int>(plan.enterprises.size()) - first;
  Progress progress(options_.progress, "survey enterprises", count);
  SB_RETURN_IF_ERROR(ParallelFor(count, options_.concurrency, [&](int i) {
    const PlannedEnterprise& planned = plan.enterprises[static_cast<size_t>(first + i)];
    ev::UpsertEnterpriseRequest request;
    request.set_request_id(RequestId(options_.seed, options_.year, "enterprise-" + planned.credit_code));
    ev::Enterprise* enterprise = request.mutable_enterprise();
    SetOrg(planned, enterprise->mutable_org());
    enterprise->set_above_designated_size(planned.above_designated_size);
    enterprise->set_self_evaluation_eligible(planned.self_evaluation_eligible);
    enterprise->set_industry_chain_code(planned.industry_chain_code);
    enterprise->set_employee_count(planned.employee_count);
    ev::UpsertEnterpriseResponse response;
    const grpc::Status status =
        CallStub(*evaluation_, options_.rpc, &ev::EvaluationService::Stub::UpsertEnterprise, request, &response);
    if (!status.ok()) {
      return TransportError(Concat("UpsertEnterprise ", planned.credit_code), status);
    }
    progress.Add(1);
    return absl::OkStatus();
  }));
  report.enterprises_registered = count;
  progress.Finish();
  return absl::OkStatus();
}

// ------------------------------------------------------------------ wage survey

absl::Status IncentiveDriver::SubmitSurveys(const IncentivePlan& plan, const std::vector<PlannedSurvey>& rows,
                                            const std::string& key, IncentiveReport& report) {
  const int batches = static_cast<int>((rows.size() + kSurveyBatchSize - 1) / kSurveyBatchSize);
  Progress progress(options_.progress, key == "survey" ? "wage survey" : "survey corrections",
                    static_cast<int64_t>(rows.size()));
  std::mutex mu;
  int64_t accepted = 0;
  int64_t replaced = 0;
  SB_RETURN_IF_ERROR(ParallelFor(batches, options_.concurrency, [&](int b) {
    const size_t first = static_cast<size_t>(b) * kSurveyBatchSize;
    const size_t last = std::min(rows.size(), first + kSurveyBatchSize);
    iv::SubmitWageSurveysRequest request;
    request.set_year(options_.year);
    std::string content;
    for (size_t r = first; r < last; ++r) {
      SetDraft(plan, rows[r], request.add_surveys(), content);
    }
    request.set_request_id(
        RequestId(options_.seed, options_.year, Concat("iv-", key, "-", first, "-", ContentHash(content))));
    RpcOptions batch = options_.rpc;
    batch.deadline = std::max(batch.deadline, absl::Seconds(120));
    iv::SubmitWageSurveysResponse response;
    const grpc::Status status = CallStub(*stub_, batch, &Stub::SubmitWageSurveys, request, &response);
    if (!status.ok()) {
      return TransportError(Concat("SubmitWageSurveys ", request.request_id()), status);
    }
    std::lock_guard<std::mutex> lock(mu);
    report.survey_rows += static_cast<int64_t>(last - first);
    report.surveys_accepted += response.accepted_count();
    report.surveys_replaced += response.replaced_count();
    accepted += response.accepted_count();
    replaced += response.replaced_count();
    report.surveys_refused += response.rejected_count();
    for (const iv::SubmitWageSurveyResult& result : response.results()) {
      if (result.status().code() != 0) {
        const std::string reason = ReasonOf(result.status());
        ++report.survey_refusals[reason.empty() ? Concat("code ", result.status().code()) : reason];
      }
    }
    progress.Add(static_cast<int64_t>(last - first));
    return absl::OkStatus();
  }));
  progress.Finish(Concat(accepted, " accepted, ", replaced, " replaced"));
  return absl::OkStatus();
}

absl::Status IncentiveDriver::CheckSummary(const IncentivePlan& plan, IncentiveReport& report) {
  iv::GetWageSurveySummaryRequest request;
  request.set_year(options_.year);
  iv::GetWageSurveySummaryResponse response;
  const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::GetWageSurveySummary, request, &response);
  if (!status.ok()) {
    return TransportError("GetWageSurveySummary", status);
  }
  const iv::SurveyTotals& city = response.city();
  report.surveyed_enterprises = city.enterprises();
  report.workforce = city.workforce();
  report.skilled_share = city.skilled_share_of_workforce();
  report.high_skilled_share = city.high_skilled_share_of_skilled();
  report.wage_premium = city.skill_wage_premium();
  const PlannedSurveyTotals planned = TotalsOf(FinalSurveys(plan));
  report.summary_matches_plan = city.enterprises() == planned.enterprises && city.workforce() == planned.workforce &&
                                city.skilled_headcount() == planned.skilled &&
                                city.high_skilled_headcount() == planned.high_skilled &&
                                city.skilled_pay_total_fen() == planned.skilled_pay_total_fen &&
                                city.high_skilled_pay_total_fen() == planned.high_skilled_pay_total_fen;
  return absl::OkStatus();
}

// ------------------------------------------------------------------ honours

absl::Status IncentiveDriver::RunHonours(const IncentivePlan& plan, IncentiveReport& report) {
  std::map<std::string, iv::HonourProgramme> on_record;
  iv::ListHonourProgrammesRequest list;
  list.set_year(options_.year);
  SB_RETURN_IF_ERROR((ForEachPage<iv::ListHonourProgrammesRequest, iv::ListHonourProgrammesResponse>(
      *stub_, options_.rpc, &Stub::ListHonourProgrammes, list, "ListHonourProgrammes",
      [&](const iv::ListHonourProgrammesResponse& page) {
        for (const iv::HonourProgramme& p : page.programmes()) {
          on_record[p.title()] = p;
        }
      })));
  std::vector<std::string> ids;
  for (size_t p = 0; p < plan.programmes.size(); ++p) {
    const PlannedProgramme& planned = plan.programmes[p];
    auto found = on_record.find(planned.title);
    if (found != on_record.end()) {
      ids.push_back(found->second.id());
      continue;
    }
    iv::CreateHonourProgrammeRequest request;
    request.set_request_id(RequestId(options_.seed, options_.year, Concat("iv-programme-", p)));
    iv::HonourProgramme* programme = request.mutable_programme();
    programme->set_year(options_.year);
    programme->set_kind(planned.kind);
    programme->set_title(planned.title);
    programme->set_quota(planned.quota);
    programme->set_award_fen(planned.award_fen);
    programme->set_required_level(planned.required_level);
    iv::CreateHonourProgrammeResponse response;
    const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::CreateHonourProgramme, request, &response);
    if (!status.ok()) {
      return TransportError(Concat("CreateHonourProgramme ", planned.title), status);
    }
    ids.push_back(response.programme().id());
  }
  report.programmes = static_cast<int>(ids.size());

  Progress progress(options_.progress, "honours", static_cast<int64_t>(plan.nominations.size()));
  std::mutex mu;
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(plan.nominations.size()), options_.concurrency, [&](int n) {
    const PlannedNomination& planned = plan.nominations[static_cast<size_t>(n)];
    const PlannedWorker& worker = plan.workers[static_cast<size_t>(planned.worker)];
    const std::string& programme_id = ids[static_cast<size_t>(planned.programme)];
    const std::string key = Concat("iv-nm-", planned.programme, "-", ContentHash(worker.person.id_number));
    auto rid = [&](const std::string& step) { return RequestId(options_.seed, options_.year, key + "-" + step); };
    auto refused = [&] {
      std::lock_guard<std::mutex> lock(mu);
      ++report.nominations_refused;
      progress.Add(1);
      return absl::OkStatus();
    };

    // A nomination of an earlier run (any status) is taken up again rather than repeated: a
    // withdrawn one would not stop a new nomination of the person.
    iv::Nomination nomination;
    iv::ListNominationsRequest find;
    find.set_programme_id(programme_id);
    find.set_id_number(worker.person.id_number);
    SB_RETURN_IF_ERROR((ForEachPage<iv::ListNominationsRequest, iv::ListNominationsResponse>(
        *stub_, options_.rpc, &Stub::ListNominations, find, "ListNominations",
        [&](const iv::ListNominationsResponse& page) {
          if (nomination.id().empty() && page.nominations_size() > 0) {
            nomination = page.nominations(0);
          }
        })));
    grpc::Status status;
    if (nomination.id().empty()) {
      iv::NominateForHonourRequest request;
      request.set_request_id(rid("nominate"));
      iv::Nomination* draft = request.mutable_nomination();
      draft->set_programme_id(programme_id);
      SetPerson(worker.person, draft->mutable_person());
      SetOrg(plan.enterprises[static_cast<size_t>(worker.employer)], draft->mutable_employer());
      draft->set_occupation_code(worker.held.front().occupation_code);
      draft->set_citation(planned.citation);
      iv::NominateForHonourResponse created;
      status = CallStub(*stub_, options_.rpc, &Stub::NominateForHonour, request, &created);
      if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        return refused();  // NOT_ELIGIBLE: not planned
      }
      if (!status.ok()) {
        return TransportError(Concat("NominateForHonour ", programme_id), status);
      }
      nomination = created.nomination();
    }

    const auto at = [&](iv::NominationStatus s) { return nomination.status() == s; };
    if (planned.reviewed && at(iv::NOMINATION_STATUS_NOMINATED)) {
      iv::StartNominationReviewRequest review;
      review.set_request_id(rid("review"));
      review.set_id(nomination.id());
      iv::StartNominationReviewResponse reviewed;
      status = CallStub(*stub_, options_.rpc, &Stub::StartNominationReview, review, &reviewed);
      if (!status.ok()) {
        return TransportError(Concat("StartNominationReview ", nomination.id()), status);
      }
      nomination = reviewed.nomination();
    }
    const bool open = at(iv::NOMINATION_STATUS_NOMINATED) || at(iv::NOMINATION_STATUS_UNDER_REVIEW);
    if (planned.outcome == Outcome::kApproved && at(iv::NOMINATION_STATUS_UNDER_REVIEW)) {
      iv::AwardNominationRequest award;
      award.set_request_id(rid("award"));
      award.set_id(nomination.id());
      iv::AwardNominationResponse awarded;
      status = CallStub(*stub_, options_.rpc, &Stub::AwardNomination, award, &awarded);
      if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        return refused();  // QUOTA_EXHAUSTED or NOT_ELIGIBLE: not planned
      }
      if (!status.ok()) {
        return TransportError(Concat("AwardNomination ", nomination.id()), status);
      }
      nomination = awarded.nomination();
    } else if (planned.outcome == Outcome::kRejected && open) {
      iv::RejectNominationRequest reject;
      reject.set_request_id(rid("reject"));
      reject.set_id(nomination.id());
      reject.set_reason(planned.reason);
      iv::RejectNominationResponse rejected;
      status = CallStub(*stub_, options_.rpc, &Stub::RejectNomination, reject, &rejected);
      if (!status.ok()) {
        return TransportError(Concat("RejectNomination ", nomination.id()), status);
      }
      nomination = rejected.nomination();
    } else if (planned.outcome == Outcome::kWithdrawn && open) {
      iv::WithdrawNominationRequest withdraw;
      withdraw.set_request_id(rid("withdraw"));
      withdraw.set_id(nomination.id());
      withdraw.set_reason(planned.reason);
      iv::WithdrawNominationResponse withdrawn;
      status = CallStub(*stub_, options_.rpc, &Stub::WithdrawNomination, withdraw, &withdrawn);
      if (!status.ok()) {
        return TransportError(Concat("WithdrawNomination ", nomination.id()), status);
      }
      nomination = withdrawn.nomination();
    }
    std::lock_guard<std::mutex> lock(mu);
    ++report.nominations;
    report.awarded += at(iv::NOMINATION_STATUS_AWARDED) ? 1 : 0;
    progress.Add(1);
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.awarded, " awarded in ", report.programmes, " programmes"));
  return absl::OkStatus();
}

// ------------------------------------------------------------------ platforms

absl::Status IncentiveDriver::RunPlatforms(const IncentivePlan& plan, IncentiveReport& report) {
  std::map<std::string, iv::TalentPlatform> on_record;  // host credit code + "|" + name
  SB_RETURN_IF_ERROR((ForEachPage<iv::ListPlatformsRequest, iv::ListPlatformsResponse>(
      *stub_, options_.rpc, &Stub::ListPlatforms, iv::ListPlatformsRequest(), "ListPlatforms",
      [&](const iv::ListPlatformsResponse& page) {
        for (const iv::TalentPlatform& p : page.platforms()) {
          on_record[Concat(p.host().credit_code(), "|", p.name())] = p;
        }
      })));
  Progress progress(options_.progress, "platforms", static_cast<int64_t>(plan.platforms.size()));
  std::mutex mu;
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(plan.platforms.size()), options_.concurrency, [&](int i) {
    const PlannedPlatform& planned = plan.platforms[static_cast<size_t>(i)];
    const PlannedEnterprise& host = plan.enterprises[static_cast<size_t>(planned.host)];
    const std::string key = Concat("iv-pf-", ContentHash(Concat(host.credit_code, "|", planned.name)));
    auto rid = [&](const std::string& step) { return RequestId(options_.seed, options_.year, key + "-" + step); };
    iv::TalentPlatform platform;
    auto found = on_record.find(Concat(host.credit_code, "|", planned.name));
    if (found != on_record.end()) {
      platform = found->second;
    } else {
      iv::CreatePlatformRequest request;
      request.set_request_id(rid("create"));
      iv::TalentPlatform* p = request.mutable_platform();
      p->set_kind(planned.kind);
      p->set_level(planned.level);
      p->set_name(planned.name);
      SetOrg(host, p->mutable_host());
      p->set_industry_chain_code(planned.industry_chain_code);
      for (const std::string& code : planned.occupation_codes) {
        p->add_occupation_codes(code);
      }
      p->set_approved_year(planned.approved_year);
      if (planned.leader >= 0) {
        SetPerson(plan.workers[static_cast<size_t>(planned.leader)].person, p->mutable_leader());
      }
      iv::CreatePlatformResponse response;
      const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::CreatePlatform, request, &response);
      if (!status.ok()) {
        return TransportError(Concat("CreatePlatform ", planned.name), status);
      }
      platform = response.platform();
    }
    bool evaluated = planned.score >= 0 && platform.latest_evaluation().year() == options_.year;
    if (planned.score >= 0 && !evaluated) {
      iv::RecordPlatformEvaluationRequest request;
      request.set_request_id(rid(Concat("evaluate-", options_.year)));
      request.set_platform_id(platform.id());
      request.mutable_evaluation()->set_year(options_.year);
      request.mutable_evaluation()->set_score(planned.score);
      request.mutable_evaluation()->set_remarks(planned.score >= 60 ? "年度绩效评估"
                                                                    : "培训任务未完成，绩效评估不合格");
      iv::RecordPlatformEvaluationResponse response;
      const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::RecordPlatformEvaluation, request, &response);
      if (!status.ok() && ReasonOf(status) != "ALREADY_EVALUATED") {
        return TransportError(Concat("RecordPlatformEvaluation ", platform.id()), status);
      }
      evaluated = true;
    }
    int64_t fundings = 0;
    if (!planned.fundings.empty()) {
      std::map<std::string, iv::PlatformFunding> granted;  // purpose → funding
      iv::ListPlatformFundingsRequest list;
      list.set_platform_id(platform.id());
      list.set_year(options_.year);
      SB_RETURN_IF_ERROR((ForEachPage<iv::ListPlatformFundingsRequest, iv::ListPlatformFundingsResponse>(
          *stub_, options_.rpc, &Stub::ListPlatformFundings, list, "ListPlatformFundings",
          [&](const iv::ListPlatformFundingsResponse& page) {
            for (const iv::PlatformFunding& f : page.fundings()) {
              granted[f.purpose()] = f;
            }
          })));
      for (size_t k = 0; k < planned.fundings.size(); ++k) {
        const PlannedFunding& want = planned.fundings[k];
        iv::PlatformFunding funding;
        if (auto it = granted.find(want.purpose); it != granted.end()) {
          funding = it->second;
        } else {
          iv::GrantPlatformFundingRequest request;
          request.set_request_id(rid(Concat("grant-", k)));
          request.mutable_funding()->set_platform_id(platform.id());
          request.mutable_funding()->set_year(options_.year);
          request.mutable_funding()->set_amount_fen(want.amount_fen);
          request.mutable_funding()->set_purpose(want.purpose);
          iv::GrantPlatformFundingResponse response;
          const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::GrantPlatformFunding, request, &response);
          if (!status.ok()) {
            return TransportError(Concat("GrantPlatformFunding ", platform.id()), status);
          }
          funding = response.funding();
        }
        ++fundings;
        if (funding.status() != iv::FUNDING_STATUS_GRANTED) {
          continue;
        }
        grpc::Status status;
        if (want.target == iv::FUNDING_STATUS_PAID) {
          iv::MarkFundingPaidRequest request;
          request.set_request_id(rid(Concat("pay-", k)));
          request.set_id(funding.id());
          iv::MarkFundingPaidResponse response;
          status = CallStub(*stub_, options_.rpc, &Stub::MarkFundingPaid, request, &response);
        } else if (want.target == iv::FUNDING_STATUS_CANCELLED) {
          iv::CancelFundingRequest request;
          request.set_request_id(rid(Concat("cancel-", k)));
          request.set_id(funding.id());
          request.set_reason(want.cancel_reason);
          iv::CancelFundingResponse response;
          status = CallStub(*stub_, options_.rpc, &Stub::CancelFunding, request, &response);
        }
        if (!status.ok()) {
          return TransportError(Concat("funding ", funding.id()), status);
        }
      }
    }
    bool revoked = platform.status() == iv::PLATFORM_STATUS_REVOKED;
    if (planned.revoke && !revoked) {
      iv::RevokePlatformRequest request;
      request.set_request_id(rid("revoke"));
      request.set_id(platform.id());
      request.set_reason(planned.revoke_reason);
      iv::RevokePlatformResponse response;
      const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::RevokePlatform, request, &response);
      if (!status.ok()) {
        return TransportError(Concat("RevokePlatform ", platform.id()), status);
      }
      revoked = true;
    }
    std::lock_guard<std::mutex> lock(mu);
    ++report.platforms;
    report.platforms_evaluated += evaluated ? 1 : 0;
    report.platforms_revoked += revoked ? 1 : 0;
    report.fundings += fundings;
    progress.Add(1);
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.platforms_evaluated, " evaluated, ", report.fundings, " grants"));
  return absl::OkStatus();
}

// ------------------------------------------------------------------ career bridging

absl::Status IncentiveDriver::RunBridges(const IncentivePlan& plan, IncentiveReport& report) {
  Progress progress(options_.progress, "career bridging", static_cast<int64_t>(plan.bridges.size()));
  std::mutex mu;
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(plan.bridges.size()), options_.concurrency, [&](int b) {
    const PlannedBridge& planned = plan.bridges[static_cast<size_t>(b)];
    const PlannedBridgeRule& rule = plan.rules[static_cast<size_t>(planned.rule)];
    const PlannedWorker& worker = plan.workers[static_cast<size_t>(planned.worker)];
    const std::string key = Concat("iv-ba-", static_cast<int>(rule.series), "-", static_cast<int>(rule.grade), "-",
                                   ContentHash(worker.person.id_number));
    auto rid = [&](const std::string& step) { return RequestId(options_.seed, options_.year, key + "-" + step); };

    // An application of an earlier run (any status) is taken up again rather than repeated.
    iv::BridgeApplication application;
    iv::ListBridgeApplicationsRequest find;
    find.set_id_number(worker.person.id_number);
    find.set_series(rule.series);
    SB_RETURN_IF_ERROR((ForEachPage<iv::ListBridgeApplicationsRequest, iv::ListBridgeApplicationsResponse>(
        *stub_, options_.rpc, &Stub::ListBridgeApplications, find, "ListBridgeApplications",
        [&](const iv::ListBridgeApplicationsResponse& page) {
          for (const iv::BridgeApplication& a : page.applications()) {
            if (a.grade() == rule.grade && application.id().empty()) {
              application = a;
            }
          }
        })));
    if (application.id().empty()) {
      iv::ApplyCareerBridgeRequest request;
      request.set_request_id(rid("apply"));
      iv::BridgeApplication* a = request.mutable_application();
      SetPerson(worker.person, a->mutable_person());
      SetOrg(plan.enterprises[static_cast<size_t>(worker.employer)], a->mutable_employer());
      a->set_series(rule.series);
      a->set_grade(rule.grade);
      iv::ApplyCareerBridgeResponse response;
      const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::ApplyCareerBridge, request, &response);
      if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION && ReasonOf(status) == "NOT_ELIGIBLE") {
        std::lock_guard<std::mutex> lock(mu);
        ++(planned.expect_not_eligible ? report.bridge_refused_as_planned : report.bridge_refused_unexpectedly);
        progress.Add(1);
        return absl::OkStatus();
      }
      if (!status.ok()) {
        return TransportError(Concat("ApplyCareerBridge ", key), status);
      }
      application = response.application();
    }
    if (planned.expect_not_eligible) {
      std::lock_guard<std::mutex> lock(mu);
      ++report.bridge_refused_unexpectedly;  // accepted although the plan expects a refusal
      ++report.bridge_applications;
      progress.Add(1);
      return absl::OkStatus();
    }
    if (application.status() == iv::BRIDGE_STATUS_APPLIED) {
      grpc::Status status;
      if (planned.outcome == Outcome::kApproved) {
        iv::ApproveBridgeApplicationRequest request;
        request.set_request_id(rid("approve"));
        request.set_id(application.id());
        iv::ApproveBridgeApplicationResponse response;
        status = CallStub(*stub_, options_.rpc, &Stub::ApproveBridgeApplication, request, &response);
        application = response.application();
      } else if (planned.outcome == Outcome::kRejected) {
        iv::RejectBridgeApplicationRequest request;
        request.set_request_id(rid("reject"));
        request.set_id(application.id());
        request.set_reason(planned.reason);
        iv::RejectBridgeApplicationResponse response;
        status = CallStub(*stub_, options_.rpc, &Stub::RejectBridgeApplication, request, &response);
        application = response.application();
      } else if (planned.outcome == Outcome::kWithdrawn) {
        iv::WithdrawBridgeApplicationRequest request;
        request.set_request_id(rid("withdraw"));
        request.set_id(application.id());
        request.set_reason(planned.reason);
        iv::WithdrawBridgeApplicationResponse response;
        status = CallStub(*stub_, options_.rpc, &Stub::WithdrawBridgeApplication, request, &response);
        application = response.application();
      }
      if (!status.ok()) {
        return TransportError(Concat("bridging decision ", key), status);
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    ++report.bridge_applications;
    report.bridge_approved += application.status() == iv::BRIDGE_STATUS_APPROVED ? 1 : 0;
    progress.Add(1);
    return absl::OkStatus();
  }));
  progress.Finish(
      Concat(report.bridge_approved, " approved, ", report.bridge_refused_as_planned, " refused as planned"));
  return absl::OkStatus();
}

absl::Status IncentiveDriver::ReadStats(IncentiveReport& report) {
  iv::GetIncentiveStatsRequest request;
  request.set_year(options_.year);
  iv::GetIncentiveStatsResponse response;
  const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::GetIncentiveStats, request, &response);
  if (!status.ok()) {
    return TransportError("GetIncentiveStats", status);
  }
  const iv::IncentiveStatsRow& total = response.total();
  report.stats_nominations = total.nominations();
  report.stats_honours_awarded = total.honours_awarded();
  report.stats_award_fen = total.award_fen();
  report.stats_leading_talents = total.leading_talents();
  report.stats_bridge_approved = total.bridge_approved();
  report.stats_funding_granted_fen = total.funding_granted_fen();
  report.stats_funding_paid_fen = total.funding_paid_fen();
  report.stats_platforms_evaluated = total.platforms_evaluated();
  return absl::OkStatus();
}

}  // namespace skillbridge::simulator

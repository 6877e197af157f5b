// The registers beside certificates: talent introductions (引进), the enterprise register
// (规模以上企业) and self-evaluation coverage.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "common/auth/permissions.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/evaluation/api/evaluation_handlers.h"
#include "services/evaluation/api/handler_support.h"
#include "services/evaluation/api/resource_names.h"
#include "services/evaluation/domain/events.h"

namespace skillbridge::evaluation {

namespace {

double CoverageRatio(int64_t covered, int64_t eligible) {
  return eligible == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(eligible);
}

void SetCoverageRow(std::string district_code, int64_t eligible, int64_t covered, v1::CoverageRow* row) {
  row->set_district_code(std::move(district_code));
  row->set_eligible(static_cast<int32_t>(eligible));
  row->set_covered(static_cast<int32_t>(covered));
  row->set_ratio(CoverageRatio(covered, eligible));
}

}  // namespace

// ---------------------------------------------------------------- introductions

absl::Status EvaluationHandlers::RegisterIntroduction(const CallContext& call,
                                                      const v1::RegisterIntroductionRequest& request,
                                                      v1::RegisterIntroductionResponse* response) {
  SB_ASSIGN_OR_RETURN(v1::Introduction introduction, ValidateIntroduction(request, ContextFor(call, *reference_)));
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, introduction.employer().district_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed,
                      ReplayIdempotent(store_, call, IdempotencyKey(call, request.request_id()), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const int64_t sequence, store_.AllocateIntroductionSequence());
  introduction.set_id(absl::StrFormat("INT%010d", sequence));
  SetTimestamp(call.now, introduction.mutable_create_time());
  *response->mutable_introduction() = introduction;
  const MutationMeta meta = MetaFor(call, names::Introduction(introduction.id()), request.request_id(), *response);
  return FinishMutation(
      call, store_.RegisterIntroduction(introduction, IntroductionRegisteredEvent(introduction, call.now), meta),
      response);
}

absl::Status EvaluationHandlers::ListIntroductions(const CallContext& call, const v1::ListIntroductionsRequest& request,
                                                   v1::ListIntroductionsResponse* response) {
  FieldViolations violations;
  IntroductionFilter filter;
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckYearFilter(request.year(), "year", violations);
  CheckIdNumberFilter(request.id_number(), "id_number", violations, &filter.id_number);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  filter.district_code = request.district_code();
  filter.year = request.year();
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  const std::string fingerprint = Concat("intros|", filter.district_code, "|", filter.year, "|", filter.id_number);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListIntroductions(filter, cursor, page_size); }, response,
      [response] { return response->add_introductions(); });
}

// ---------------------------------------------------------------- enterprises

absl::Status EvaluationHandlers::UpsertEnterprise(const CallContext& call, const v1::UpsertEnterpriseRequest& request,
                                                  v1::UpsertEnterpriseResponse* response) {
  SB_ASSIGN_OR_RETURN(v1::Enterprise enterprise, ValidateEnterprise(request, ContextFor(call, *reference_)));
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, enterprise.org().district_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed,
                      ReplayIdempotent(store_, call, IdempotencyKey(call, request.request_id()), response));
  if (replayed) {
    return absl::OkStatus();
  }
  const std::string resource = names::Enterprise(enterprise.org().credit_code());
  SB_ASSIGN_OR_RETURN(auto old, store_.GetEnterprise(enterprise.org().credit_code()));
  int64_t version = 0;  // none yet
  if (old.has_value()) {
    // Moving an enterprise needs the scope of the district it leaves, too.
    SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, old->record.org().district_code()));
    version = old->record.version();
  }
  SB_RETURN_IF_ERROR(CheckExpectedVersion(version, request.expected_version(), resource));
  enterprise.set_version(version + 1);
  SetTimestamp(call.now, enterprise.mutable_update_time());
  *response->mutable_enterprise() = enterprise;
  const MutationMeta meta = MetaFor(call, resource, request.request_id(), *response);
  return FinishMutation(
      call, store_.UpsertEnterprise(old, enterprise, EnterpriseChangedEvent(enterprise, call.now), meta), response);
}

absl::Status EvaluationHandlers::GetEnterprise(const CallContext& call, const v1::GetEnterpriseRequest& request,
                                               v1::GetEnterpriseResponse* response) {
  FieldViolations violations;
  CheckCreditCode(request.credit_code(), "credit_code", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(auto stored, store_.GetEnterprise(request.credit_code()));
  if (!stored.has_value()) {
    return NotFoundError("ENTERPRISE_NOT_FOUND", Concat("no enterprise with credit code ", request.credit_code()));
  }
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, stored->record.org().district_code()));
  *response->mutable_enterprise() = std::move(stored->record);
  return absl::OkStatus();
}

// A district officer's answer names only its own district's enterprises: one registered in another
// district is reported in not_found like a code that is not registered, so the answer tells it
// nothing about the register outside its scope (docs/api.md, BatchGetEnterprises).
absl::Status EvaluationHandlers::BatchGetEnterprises(const CallContext& call,
                                                     const v1::BatchGetEnterprisesRequest& request,
                                                     v1::BatchGetEnterprisesResponse* response) {
  SB_ASSIGN_OR_RETURN(const std::vector<std::string> codes,
                      ValidateCreditCodeList(request.credit_codes(), "credit_codes"));
  SB_ASSIGN_OR_RETURN(std::vector<std::optional<v1::Enterprise>> found, store_.GetEnterprises(codes));
  for (size_t i = 0; i < codes.size(); ++i) {
    if (found[i].has_value() && CheckDistrictScope(call.principal, found[i]->org().district_code()).ok()) {
      *response->add_enterprises() = *std::move(found[i]);
    } else {
      response->add_not_found(codes[i]);
    }
  }
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::ListEnterprises(const CallContext& call, const v1::ListEnterprisesRequest& request,
                                                 v1::ListEnterprisesResponse* response) {
  FieldViolations violations;
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  EnterpriseFilter filter{request.district_code(), request.eligible_only()};
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  const std::string fingerprint = Concat("ents|", filter.district_code, "|", filter.eligible_only);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListEnterprises(filter, cursor, page_size); }, response,
      [response] { return response->add_enterprises(); });
}

// ---------------------------------------------------------------- coverage

absl::Status EvaluationHandlers::GetSelfEvaluationCoverage(const CallContext& /*call*/,
                                                           const v1::GetSelfEvaluationCoverageRequest& request,
                                                           v1::GetSelfEvaluationCoverageResponse* response) {
  FieldViolations violations;
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  std::vector<std::string> districts;
  for (const auto& district : reference_->districts()) {
    if (request.district_code().empty() || district.code == request.district_code()) {
      districts.push_back(district.code);
    }
  }
  SB_ASSIGN_OR_RETURN(const std::vector<CoverageCount> counts, store_.CountCoverage(districts));
  int64_t total_eligible = 0;
  int64_t total_covered = 0;
  for (const CoverageCount& count : counts) {
    SetCoverageRow(count.district_code, count.eligible, count.covered, response->add_districts());
    total_eligible += count.eligible;
    total_covered += count.covered;
  }
  SetCoverageRow(request.district_code(), total_eligible, total_covered, response->mutable_total());
  return absl::OkStatus();
}

}  // namespace skillbridge::evaluation

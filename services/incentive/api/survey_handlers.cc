// The wage survey (企业工资分配调查): SubmitWageSurveys, GetWageSurvey, ListWageSurveys,
// CloseSurveyYear, GetWageSurveySummary.
//
// SubmitWageSurveys answers row by row. A row is checked (survey_rules.h), then attributed by the
// enterprise register, asked of evaluation once per call for every distinct credit code (UNAVAILABLE
// EVALUATION_UNAVAILABLE for the whole call when it cannot be asked: nothing is written), then
// scoped (an institution its own row, a district officer its district's enterprises, ADMIN any).
// The rows that pass are written in chunks over fixed request-index ranges, each chunk one script
// call with one batch record "<idempotency key>#<first index>": a retry of the call meets the same
// chunks and is answered with the first call's results (the accepted rows as stored then, read
// from their revision records). Each row's write is guarded by the year being open (a close racing
// the call leaves no row in after it) and by the current survey being as read (a row whose
// enterprise's survey changed in between is refused ABORTED CONCURRENT_MODIFICATION: submit it
// again). Closing a closed year again under a new request_id is refused FAILED_PRECONDITION
// SURVEY_YEAR_CLOSED (the same request_id replays the first answer).

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/server/batch_results.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"
#include "services/incentive/api/handler_support.h"
#include "services/incentive/api/incentive_handlers.h"
#include "services/incentive/api/resource_names.h"
#include "services/incentive/domain/survey_rules.h"
#include "services/incentive/store/survey_store.h"

namespace skillbridge::incentive {

namespace {

// One row of a submission on its way to the store, or the reason it was refused.
struct PreparedRow {
  absl::Status status;
  v1::WageSurveyDraft report;     // normalised, once the row's fields are valid
  common::v1::OrgRef enterprise;  // as the register has it
  std::string industry_chain_code;
  std::optional<v1::WageSurvey> stored;  // once stored (or as a retried call's first one stored)
};

std::string RowPrefix(int index) { return Concat("surveys[", index, "]"); }

// May `principal` submit the row of `credit_code`? An institution its own; then the enterprise
// must be registered; a district officer the enterprises registered in its district; ADMIN any.
absl::Status CheckRow(const Principal& principal, const std::string& credit_code,
                      const std::map<std::string, RegisteredEnterprise>& registered,
                      const RegisteredEnterprise** enterprise) {
  if (principal.role == common::v1::ROLE_INSTITUTION && principal.credit_code != credit_code) {
    return PermissionDeniedError("OUT_OF_SCOPE", "an institution submits its own survey only");
  }
  const auto found = registered.find(credit_code);
  if (found == registered.end()) {
    return NotFoundError(kReasonEnterpriseNotRegistered,
                         Concat("enterprise ", credit_code, " is not in the enterprise register"));
  }
  *enterprise = &found->second;
  return CheckOrgScope(principal, credit_code, found->second.org.district_code());
}

// A required credit code, upper-cased.
std::string CheckRequiredCreditCode(std::string_view code, std::string_view field, FieldViolations& violations) {
  if (code.empty()) {
    violations.Add(std::string(field), "the enterprise's credit code is required");
    return std::string();
  }
  absl::StatusOr<std::string> normalized = NormalizeCreditCode(code, field);
  if (!normalized.ok()) {
    violations.AddStatus(normalized.status(), field);
    return std::string();
  }
  return *std::move(normalized);
}

void Accumulate(const v1::SurveyTotals& cell, v1::SurveyTotals& total) {
  total.set_enterprises(total.enterprises() + cell.enterprises());
  total.set_workforce(total.workforce() + cell.workforce());
  total.set_skilled_headcount(total.skilled_headcount() + cell.skilled_headcount());
  total.set_high_skilled_headcount(total.high_skilled_headcount() + cell.high_skilled_headcount());
  total.set_skilled_pay_total_fen(total.skilled_pay_total_fen() + cell.skilled_pay_total_fen());
  total.set_high_skilled_pay_total_fen(total.high_skilled_pay_total_fen() + cell.high_skilled_pay_total_fen());
}

// Writes the prepared rows chunk by chunk and records each row's outcome in `rows`.
absl::Status WriteRows(const CallContext& call, SurveyStore& store, int year, const std::string& request_id,
                       std::vector<PreparedRow>& rows) {
  const int count = static_cast<int>(rows.size());
  // The current surveys, read once: the revision to write and the guard of each write.
  std::vector<std::string> codes;
  std::vector<int> code_rows;
  for (int i = 0; i < count; ++i) {
    if (rows[i].status.ok()) {
      codes.push_back(rows[i].report.credit_code());
      code_rows.push_back(i);
    }
  }
  SB_ASSIGN_OR_RETURN(auto current, store.GetSurveys(year, codes));
  std::vector<std::optional<Stored<v1::WageSurvey>>> old(rows.size());
  for (size_t k = 0; k < code_rows.size(); ++k) {
    old[code_rows[k]] = std::move(current[k]);
  }

  const std::string batch_key = IdempotencyKey(call, request_id);
  std::vector<std::pair<std::string, int>> replayed_revisions;
  std::vector<int> replayed_rows;
  for (int begin = 0; begin < count; begin += SurveyStore::kSubmitChunk) {
    const int end = std::min(count, begin + SurveyStore::kSubmitChunk);
    std::vector<SurveyWrite> writes;
    std::map<int, size_t> written;
    for (int i = begin; i < end; ++i) {
      PreparedRow& row = rows[i];
      if (!row.status.ok()) {
        continue;
      }
      SurveyWrite write;
      write.index = i;
      int revision = 1;
      absl::Time create_time = call.now;
      if (old[i].has_value()) {
        revision = old[i]->record.revision() + 1;
        create_time = FromTimestamp(old[i]->record.create_time());
        write.old = std::move(old[i]);
      }
      write.survey = BuildWageSurvey(year, row.report, row.enterprise, row.industry_chain_code, revision,
                                     call.principal.name, create_time, call.now);
      write.event = WageSurveySubmittedEvent(write.survey, call.now);
      write.audit = call.AuditEntryFor(names::WageSurvey(year, row.report.credit_code()), request_id);
      write.audit.set_detail(SurveyRevisionDetail(revision));
      written[i] = writes.size();
      writes.push_back(std::move(write));
    }
    const std::string record_key = batch_key.empty() ? std::string() : Concat(batch_key, "#", begin);
    if (writes.empty() && record_key.empty()) {
      continue;
    }
    SB_ASSIGN_OR_RETURN(SurveyChunkOutcome chunk, store.SubmitChunk(writes, record_key, call.request_fingerprint));
    if (chunk.replayed) {
      // A request_id names one call: other content under it is refused (the first chunk is the
      // first write, so nothing has been written then).
      SB_RETURN_IF_ERROR(CheckSameRequest(call, chunk.recorded_fingerprint));
    }
    std::map<int, bool> recorded;
    for (SurveyWriteOutcome& outcome : chunk.items) {
      if (outcome.index < begin || outcome.index >= end) {
        return absl::DataLossError("a survey batch record names a row outside its chunk");
      }
      PreparedRow& row = rows[outcome.index];
      recorded[outcome.index] = true;
      if (!outcome.status.ok()) {
        row.status = std::move(outcome.status);
      } else if (chunk.replayed) {
        if (row.report.credit_code().empty()) {
          return absl::DataLossError("a survey batch record names a row that is not valid");
        }
        row.status = absl::OkStatus();
        replayed_revisions.emplace_back(row.report.credit_code(), outcome.revision);
        replayed_rows.push_back(outcome.index);
      } else {
        row.stored = std::move(writes[written.at(outcome.index)].survey);
      }
    }
    if (chunk.replayed) {
      // A row the first call refused before writing but that passes now has no first result.
      for (int i = begin; i < end; ++i) {
        if (rows[i].status.ok() && !recorded.contains(i)) {
          rows[i].status = FailedPreconditionError(
              "REQUEST_ID_REUSED",
              "the first call with this request_id did not store this row; send it again under a new request_id");
        }
      }
    }
  }
  // Rows a retried chunk had stored: as they were stored then.
  SB_ASSIGN_OR_RETURN(auto earlier, store.GetRevisions(year, replayed_revisions));
  for (size_t k = 0; k < earlier.size(); ++k) {
    if (!earlier[k].has_value()) {
      return absl::DataLossError(Concat("revision ", replayed_revisions[k].second, " of the survey of ",
                                        replayed_revisions[k].first, " is missing"));
    }
    rows[replayed_rows[k]].stored = std::move(earlier[k]);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status IncentiveHandlers::SubmitWageSurveys(const CallContext& call, const v1::SubmitWageSurveysRequest& request,
                                                  v1::SubmitWageSurveysResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckSurveyYear(request.year(), BureauYear(call.now), "year", violations);
  if (request.surveys_size() == 0 || request.surveys_size() > kMaxSurveyRows) {
    violations.Add("surveys", Concat("must hold 1 to ", kMaxSurveyRows, " rows"));
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const int year = request.year();
  const int count = request.surveys_size();

  // Each row on its own: fields, sums, one row per enterprise.
  std::vector<PreparedRow> rows(static_cast<size_t>(count));
  std::map<std::string, int> first_row;
  for (int i = 0; i < count; ++i) {
    absl::StatusOr<v1::WageSurveyDraft> report = ValidateSurveyDraft(request.surveys(i), RowPrefix(i));
    if (!report.ok()) {
      rows[i].status = report.status();
      continue;
    }
    const auto [first, inserted] = first_row.emplace(report->credit_code(), i);
    if (!inserted) {
      rows[i].status = InvalidFieldWithReason(
          kReasonDuplicateEnterprise, FieldPath(RowPrefix(i), "credit_code"),
          Concat("the same enterprise as surveys[", first->second, "]: each enterprise at most once per call"));
      continue;
    }
    rows[i].report = *std::move(report);
  }

  // The register, asked once for every enterprise of the call, before anything is written.
  std::map<std::string, RegisteredEnterprise> registered;
  if (!first_row.empty()) {
    std::vector<std::string> codes;
    codes.reserve(first_row.size());
    for (const auto& [code, index] : first_row) {
      codes.push_back(code);
    }
    SB_ASSIGN_OR_RETURN(registered, evaluation_->Enterprises(codes, call.deadline));
  }
  for (PreparedRow& row : rows) {
    if (!row.status.ok()) {
      continue;
    }
    const RegisteredEnterprise* enterprise = nullptr;
    row.status = CheckRow(call.principal, row.report.credit_code(), registered, &enterprise);
    if (row.status.ok()) {
      row.enterprise = enterprise->org;
      row.industry_chain_code = enterprise->industry_chain_code;
    }
  }

  SurveyStore store(store_.redis());
  SB_RETURN_IF_ERROR(WriteRows(call, store, year, request.request_id(), rows));

  for (int i = 0; i < count; ++i) {
    PreparedRow& row = rows[i];
    const absl::Status status = row.stored.has_value() ? absl::OkStatus() : row.status;
    if (status.ok() && row.stored->revision() > 1) {
      response->set_replaced_count(response->replaced_count() + 1);
    }
    AddItemResult(call, response, i, status,
                  [&row](v1::SubmitWageSurveyResult* result) { *result->mutable_survey() = *std::move(row.stored); });
  }
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::GetWageSurvey(const CallContext& call, const v1::GetWageSurveyRequest& request,
                                              v1::GetWageSurveyResponse* response) {
  FieldViolations violations;
  CheckSurveyYearToRead(request.year(), "year", violations);
  const std::string code = CheckRequiredCreditCode(request.credit_code(), "credit_code", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  if (call.principal.role == common::v1::ROLE_INSTITUTION && call.principal.credit_code != code) {
    return PermissionDeniedError("OUT_OF_SCOPE", "an institution reads its own survey only");
  }
  SurveyStore store(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::WageSurvey> stored,
                      RequireRecord(store.GetSurvey(request.year(), code),
                                    NotFoundError(kReasonWageSurveyNotFound,
                                                  Concat("no wage survey of ", code, " for ", request.year()))));
  SB_RETURN_IF_ERROR(CheckOrgReadScope(call.principal, code, stored.record.enterprise().district_code()));
  *response->mutable_survey() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::ListWageSurveys(const CallContext& call, const v1::ListWageSurveysRequest& request,
                                                v1::ListWageSurveysResponse* response) {
  FieldViolations violations;
  CheckSurveyYearToRead(request.year(), "year", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckIndustryChain(*reference_, request.industry_chain_code(), "industry_chain_code", violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SurveyFilter filter;
  filter.year = request.year();
  filter.district_code = request.district_code();
  filter.industry_chain_code = request.industry_chain_code();
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  const std::string fingerprint =
      Concat("survey|", filter.year, "|", filter.district_code, "|", filter.industry_chain_code);
  SurveyStore store(store_.redis());
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store.ListSurveys(filter, cursor, page_size); }, response,
      [response] { return response->add_surveys(); });
}

absl::Status IncentiveHandlers::CloseSurveyYear(const CallContext& call, const v1::CloseSurveyYearRequest& request,
                                                v1::CloseSurveyYearResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckSurveyYear(request.year(), BureauYear(call.now), "year", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  v1::SurveyYear& closed = *response->mutable_survey_year();
  closed.set_year(request.year());
  closed.set_closed(true);
  closed.set_closed_by(call.principal.name);
  SetTimestamp(call.now, closed.mutable_close_time());
  v1::IncentiveEvent event;
  SetTimestamp(call.now, event.mutable_time());
  event.mutable_survey_year_closed()->set_year(request.year());
  const MutationMeta meta = MetaFor(call, names::SurveyYear(request.year()), request.request_id(), *response);
  SurveyStore store(store_.redis());
  return FinishMutation(call, store.CloseYear(closed, event, meta), response);
}

absl::Status IncentiveHandlers::GetWageSurveySummary(const CallContext& /*call*/,
                                                     const v1::GetWageSurveySummaryRequest& request,
                                                     v1::GetWageSurveySummaryResponse* response) {
  FieldViolations violations;
  CheckSurveyYearToRead(request.year(), "year", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SurveyStore store(store_.redis());
  SB_ASSIGN_OR_RETURN(std::optional<v1::SurveyYear> closed, store.GetSurveyYear(request.year()));
  if (closed.has_value()) {
    *response->mutable_survey_year() = *std::move(closed);
  } else {
    response->mutable_survey_year()->set_year(request.year());
  }
  SB_ASSIGN_OR_RETURN(const std::vector<SurveyCell> cells, store.ReadTotals(request.year()));
  v1::SurveyTotals& city = *response->mutable_city();
  std::map<std::string, v1::SurveyTotals> districts;
  std::map<std::string, v1::SurveyTotals> chains;
  for (const SurveyCell& cell : cells) {
    Accumulate(cell.totals, city);
    Accumulate(cell.totals, districts[cell.district_code]);
    Accumulate(cell.totals, chains[cell.industry_chain_code]);
  }
  FillRatios(city);
  for (auto& [code, totals] : districts) {
    if (totals.enterprises() <= 0) {
      continue;  // every survey of the district moved elsewhere
    }
    FillRatios(totals);
    v1::DistrictSurveyTotals* row = response->add_districts();
    row->set_district_code(code);
    *row->mutable_totals() = std::move(totals);
  }
  for (auto& [code, totals] : chains) {
    if (totals.enterprises() <= 0) {
      continue;
    }
    FillRatios(totals);
    v1::ChainSurveyTotals* row = response->add_industry_chains();
    row->set_industry_chain_code(code);
    *row->mutable_totals() = std::move(totals);
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::incentive

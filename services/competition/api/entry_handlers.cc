// Entries (报名): RegisterEntry (a batch of one), BatchRegisterEntries, GetEntry, ListEntries.

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "common/auth/permissions.h"
#include "common/server/batch_results.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"
#include "services/competition/api/competition_handlers.h"
#include "services/competition/api/handler_support.h"
#include "services/competition/api/resource_names.h"
#include "services/competition/domain/competition_rules.h"
#include "services/competition/domain/events.h"

namespace skillbridge::competition {

namespace {

// One draft on its way to the store, or the reason it was refused.
struct PreparedEntry {
  absl::Status status;
  v1::Entry entry;
  int32_t max_entries = 0;
};

// The contests and competitions a batch names, each read once.
struct Records {
  std::map<std::string, std::optional<v1::Contest>> contests;
  std::map<std::string, std::optional<v1::Competition>> competitions;
};

absl::StatusOr<PreparedEntry> PrepareDraft(CompetitionStore& store, const ReferenceData& reference,
                                           const CallContext& call, const v1::EntryDraft& draft,
                                           const std::string& prefix, Records& records) {
  PreparedEntry item;
  FieldViolations violations;
  CheckRecordId(draft.contest_id(), Concat(prefix, ".contest_id"), "a contest id", violations);
  common::v1::PersonRef person;
  CheckPerson(draft.person(), Concat(prefix, ".person"), violations, &person);
  common::v1::OrgRef affiliation;
  CheckOrgRef(draft.affiliation(), Concat(prefix, ".affiliation"), reference, violations, &affiliation);
  item.status = violations.ToStatus();
  if (!item.status.ok()) {
    return item;
  }
  auto contest = records.contests.find(draft.contest_id());
  if (contest == records.contests.end()) {
    SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::Contest>> stored, store.GetContest(draft.contest_id()));
    std::optional<v1::Contest> record;
    if (stored.has_value()) {
      record = std::move(stored->record);
    }
    contest = records.contests.emplace(draft.contest_id(), std::move(record)).first;
  }
  if (!contest->second.has_value()) {
    item.status = NotFoundError("CONTEST_NOT_FOUND", Concat("no contest ", draft.contest_id()));
    return item;
  }
  const v1::Contest& c = *contest->second;
  auto competition = records.competitions.find(c.competition_id());
  if (competition == records.competitions.end()) {
    SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::Competition>> stored, store.GetCompetition(c.competition_id()));
    std::optional<v1::Competition> record;
    if (stored.has_value()) {
      record = std::move(stored->record);
    }
    competition = records.competitions.emplace(c.competition_id(), std::move(record)).first;
  }
  if (!competition->second.has_value()) {
    item.status = NotFoundError("COMPETITION_NOT_FOUND", Concat("no competition ", c.competition_id()));
    return item;
  }
  const v1::Competition& comp = *competition->second;
  // The organiser registers its entrants; an employer or school registers its own people.
  if (!CheckOrganiserScope(call.principal, comp).ok()) {
    item.status = CheckOrgScope(call.principal, affiliation.credit_code(), affiliation.district_code());
  }
  if (item.status.ok()) {
    item.status = CheckTakesEntries(comp.status());
  }
  if (!item.status.ok()) {
    return item;
  }
  v1::Entry& entry = item.entry;
  entry.set_contest_id(c.id());
  entry.set_competition_id(comp.id());
  *entry.mutable_person() = person;
  *entry.mutable_affiliation() = affiliation;
  entry.set_year(c.year());
  entry.set_level(c.level());
  entry.set_occupation_code(c.occupation_code());
  entry.set_industry_chain_code(c.industry_chain_code());
  entry.set_group(c.group());
  SetTimestamp(call.now, entry.mutable_create_time());
  SetTimestamp(call.now, entry.mutable_update_time());
  entry.set_version(1);
  item.max_entries = c.max_entries();
  return item;
}

}  // namespace

absl::Status CompetitionHandlers::RegisterEntry(const CallContext& call, const v1::RegisterEntryRequest& request,
                                                v1::RegisterEntryResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const std::string key = IdempotencyKey(call, request.request_id());
  SB_ASSIGN_OR_RETURN(const bool replayed, ReplayIdempotent(store_, call, key, response));
  if (replayed) {
    return absl::OkStatus();
  }
  v1::BatchRegisterEntriesRequest batch;
  batch.set_request_id(request.request_id());  // for the audit entry; the record is `key`
  *batch.add_entries() = request.entry();
  v1::BatchRegisterEntriesResponse results;
  SB_RETURN_IF_ERROR(RegisterDrafts(call, batch, /*single=*/true, key, &results));
  const v1::BatchRegisterResult& result = results.results(0);
  SB_RETURN_IF_ERROR(ItemStatus(result.status()));
  *response->mutable_entry() = result.entry();
  return absl::OkStatus();
}

absl::Status CompetitionHandlers::BatchRegisterEntries(const CallContext& call,
                                                       const v1::BatchRegisterEntriesRequest& request,
                                                       v1::BatchRegisterEntriesResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  if (request.entries_size() == 0 || request.entries_size() > kMaxBatchDrafts) {
    violations.Add("entries", Concat("must hold 1 to ", kMaxBatchDrafts, " drafts"));
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  return RegisterDrafts(call, request, /*single=*/false, "", response);
}

absl::Status CompetitionHandlers::RegisterDrafts(const CallContext& call,
                                                 const v1::BatchRegisterEntriesRequest& request, bool single,
                                                 const std::string& single_key,
                                                 v1::BatchRegisterEntriesResponse* response) {
  // A retried batch is answered draft by draft: each draft written before kept its entry under
  // its own idempotency key, in the same atomic step, and the script replays it.
  const std::string batch_key = single ? std::string() : IdempotencyKey(call, request.request_id());
  const int count = request.entries_size();
  if (!batch_key.empty()) {
    // A request_id names one batch: a retry with other drafts is refused before anything is written.
    std::vector<std::string> draft_keys;
    draft_keys.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
      draft_keys.push_back(Concat(batch_key, "#", i));
    }
    SB_ASSIGN_OR_RETURN(const auto earlier, store_.LookupIdempotentMany(draft_keys));
    for (const std::optional<std::string>& stored : earlier) {
      if (stored.has_value()) {
        SB_RETURN_IF_ERROR(ReplayedResponseBytes(call, *stored).status());
      }
    }
  }
  std::vector<PreparedEntry> prepared;
  prepared.reserve(count);
  Records records;
  for (int i = 0; i < count; ++i) {
    const std::string prefix = single ? std::string("entry") : Concat("entries[", i, "]");
    SB_ASSIGN_OR_RETURN(PreparedEntry item,
                        PrepareDraft(store_, *reference_, call, request.entries(i), prefix, records));
    prepared.push_back(std::move(item));
  }
  std::vector<RegisterItem> items;
  std::vector<int> item_index;
  for (int i = 0; i < count; ++i) {
    PreparedEntry& item = prepared[i];
    if (!item.status.ok()) {
      continue;
    }
    RedisSequence id = CompetitionStore::NewId(CompetitionStore::IdKind::kEntry);
    item.entry.set_id(id.marker);
    RegisterItem write;
    write.meta.id_sequence = std::move(id);
    write.entry = item.entry;
    write.max_entries = item.max_entries;
    write.event = EntryRegisteredEvent(item.entry, call.now);
    write.meta.audit = call.AuditEntryFor(names::Entry(item.entry.id()), request.request_id());
    if (single && !single_key.empty()) {
      v1::RegisterEntryResponse answer;
      *answer.mutable_entry() = item.entry;
      write.meta.idempotency_key = single_key;
      write.meta.response_bytes = IdempotentRecordFor(call, answer.SerializeAsString());
    } else if (!batch_key.empty()) {
      write.meta.idempotency_key = Concat(batch_key, "#", i);
      write.meta.response_bytes = IdempotentRecordFor(call, item.entry.SerializeAsString());
    }
    items.push_back(std::move(write));
    item_index.push_back(i);
  }
  SB_ASSIGN_OR_RETURN(const auto outcomes, store_.Register(items));
  for (size_t k = 0; k < items.size(); ++k) {
    PreparedEntry& item = prepared[item_index[k]];
    const absl::StatusOr<WriteOutcome>& outcome = outcomes[k];
    if (!outcome.ok()) {
      item.status = outcome.status();
      continue;
    }
    if (!outcome->replayed) {
      item.entry.set_id(outcome->sequence_text);
      continue;
    }
    v1::RegisterEntryResponse answer;
    SB_RETURN_IF_ERROR(single ? ParseReplayed(call, outcome->replay_bytes, &answer)
                              : ParseReplayed(call, outcome->replay_bytes, &item.entry));
    if (single) {
      item.entry = std::move(*answer.mutable_entry());
    }
  }
  for (int i = 0; i < count; ++i) {
    AddItemResult(call, response, i, prepared[i].status, [&item = prepared[i]](v1::BatchRegisterResult* result) {
      *result->mutable_entry() = std::move(item.entry);
    });
  }
  return absl::OkStatus();
}

absl::Status CompetitionHandlers::GetEntry(const CallContext& call, const v1::GetEntryRequest& request,
                                           v1::GetEntryResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", "an entry id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(Stored<v1::Entry> stored, LoadEntry(store_, request.id()));
  SB_ASSIGN_OR_RETURN(const Stored<v1::Competition> competition,
                      LoadCompetition(store_, stored.record.competition_id()));
  SB_RETURN_IF_ERROR(CheckEntryReadScope(call.principal, stored.record, competition.record));
  MaskEntryFor(call.principal, stored.record);
  *response->mutable_entry() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status CompetitionHandlers::ListEntries(const CallContext& call, const v1::ListEntriesRequest& request,
                                              v1::ListEntriesResponse* response) {
  FieldViolations violations;
  EntryFilter filter;
  if (!request.contest_id().empty()) {
    CheckRecordId(request.contest_id(), "contest_id", "a contest id", violations);
  }
  if (!request.competition_id().empty()) {
    CheckRecordId(request.competition_id(), "competition_id", "a competition id", violations);
  }
  if (!request.id_number().empty()) {
    absl::StatusOr<CitizenId> id = ParseCitizenId(request.id_number(), "id_number");
    if (id.ok()) {
      filter.id_number = id->number;
    } else {
      violations.AddStatus(id.status(), "id_number");
    }
  }
  CheckOptionalCreditCode(request.affiliation_credit_code(), "affiliation_credit_code", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckYearFilter(request.year(), "year", violations);
  CheckEnum(request.award(), v1::Award_IsValid, /*required=*/false, "award", "an award", violations);
  CheckEnum(request.promotion_status(), v1::PromotionStatus_IsValid, /*required=*/false, "promotion_status",
            "a promotion status", violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  filter.contest_id = request.contest_id();
  filter.competition_id = request.competition_id();
  filter.affiliation_credit_code = request.affiliation_credit_code();
  filter.district_code = request.district_code();
  filter.year = request.year();
  filter.award = request.award();
  filter.promotion_status = request.promotion_status();
  // An officer reads its district's entries; an institution those it is the employer or school
  // of, and those of the competitions it organises.
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  if (call.principal.role == common::v1::ROLE_INSTITUTION) {
    if (!filter.affiliation_credit_code.empty()) {
      SB_RETURN_IF_ERROR(ScopeInstitutionFilter(call.principal, &filter.affiliation_credit_code));
    } else {
      filter.visible_to_credit_code = call.principal.credit_code;
      SB_ASSIGN_OR_RETURN(filter.visible_competition_ids, store_.CompetitionsOfOrganiser(call.principal.credit_code));
      if (filter.visible_to_credit_code.empty()) {
        return PermissionDeniedError("OUT_OF_SCOPE", "an institution without a credit code may read no entries");
      }
    }
  }
  const std::string fingerprint = Concat("entry|", filter.contest_id, "|", filter.competition_id, "|", filter.id_number,
                                         "|", filter.affiliation_credit_code, "|", filter.district_code, "|",
                                         filter.year, "|", static_cast<int>(filter.award), "|",
                                         static_cast<int>(filter.promotion_status), "|", filter.visible_to_credit_code);
  SB_RETURN_IF_ERROR(ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListEntries(filter, cursor, page_size); }, response,
      [response] { return response->add_entries(); }));
  for (v1::Entry& entry : *response->mutable_entries()) {
    MaskEntryFor(call.principal, entry);
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::competition

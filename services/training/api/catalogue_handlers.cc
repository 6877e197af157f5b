// The subsidised occupation catalogue (职业(工种)目录) per year: UpsertCatalogEntry,
// GetCatalogEntry, ListCatalogEntries.

#include "common/reference/skill_level.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/training/api/handler_support.h"
#include "services/training/api/resource_names.h"
#include "services/training/api/training_handlers.h"
#include "services/training/domain/events.h"

namespace skillbridge::training {

absl::Status TrainingHandlers::UpsertCatalogEntry(const CallContext& call, const v1::UpsertCatalogEntryRequest& request,
                                                  v1::UpsertCatalogEntryResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::CatalogEntry& in = request.entry();
  CheckCatalogueYear(in.year(), "entry.year", violations);
  const Occupation* occupation =
      CheckOccupation(*reference_, in.occupation_code(), "entry.occupation_code", violations);
  CheckOccupationLevel(*reference_, occupation, in.level(), "entry.level", violations);
  if (in.subsidy_fen() <= 0 || in.subsidy_fen() > kMaxSubsidyFen) {
    violations.Add("entry.subsidy_fen", Concat("a subsidy standard from 1 to ", kMaxSubsidyFen, " fen is required"));
  }
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const auto old, store_.GetCatalogEntry(in.year(), in.occupation_code(), in.level()));
  const std::string resource = names::CatalogEntry(in.year(), in.occupation_code(), in.level());
  const int64_t current_version = old.has_value() ? old->record.version() : 0;
  SB_RETURN_IF_ERROR(CheckExpectedVersion(current_version, request.expected_version(), resource));
  v1::CatalogEntry& entry = *response->mutable_entry();
  entry.set_year(in.year());
  entry.set_occupation_code(in.occupation_code());
  entry.set_occupation_name(occupation->name);
  entry.set_level(in.level());
  entry.set_subsidy_fen(in.subsidy_fen());
  entry.set_withdrawn(in.withdrawn());
  SetTimestamp(call.now, entry.mutable_update_time());
  entry.set_version(current_version + 1);
  const MutationMeta meta = MetaFor(call, resource, request.request_id(), *response);
  return FinishMutation(call, store_.UpsertCatalogEntry(old, entry, CatalogEntryChangedEvent(entry, call.now), meta),
                        response);
}

absl::Status TrainingHandlers::GetCatalogEntry(const CallContext& call, const v1::GetCatalogEntryRequest& request,
                                               v1::GetCatalogEntryResponse* response) {
  FieldViolations violations;
  CheckCatalogueYear(request.year(), "year", violations);
  CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  CheckOccupationLevel(*reference_, /*occupation=*/nullptr, request.level(), "level", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(auto entry, store_.GetCatalogEntry(request.year(), request.occupation_code(), request.level()));
  if (!entry.has_value()) {
    return NotFoundError("CATALOG_ENTRY_NOT_FOUND",
                         Concat("no catalogue entry for ", request.year(), " ", request.occupation_code(), " ",
                                LevelChineseName(request.level())));
  }
  *response->mutable_entry() = std::move(entry->record);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListCatalogEntries(const CallContext& call, const v1::ListCatalogEntriesRequest& request,
                                                  v1::ListCatalogEntriesResponse* response) {
  FieldViolations violations;
  CheckCatalogueYear(request.year(), "year", violations);
  if (!request.occupation_code().empty()) {
    CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  }
  if (request.level() != common::v1::SKILL_LEVEL_UNSPECIFIED && !IsKnownLevel(request.level())) {
    violations.Add("level", "unknown skill level");
  }
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  CatalogFilter filter{request.year(), request.occupation_code(), request.level(), request.include_withdrawn()};
  const std::string fingerprint = Concat("cat|", filter.year, "|", filter.occupation_code, "|",
                                         static_cast<int>(filter.level), "|", filter.include_withdrawn ? 1 : 0);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListCatalogEntries(filter, cursor, page_size); }, response,
      [response] { return response->add_entries(); });
}

}  // namespace skillbridge::training

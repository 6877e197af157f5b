#include "services/competition/api/handler_support.h"

#include "common/auth/permissions.h"
#include "common/status/macros.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"
#include "services/competition/domain/competition_rules.h"
#include "services/competition/store/keys.h"

namespace skillbridge::competition {

std::string IdempotencyKey(const CallContext& call, std::string_view request_id) {
  return IdempotencyKeyFor(keys::kPrefix, call, request_id);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response) {
  return MutationMetaFor(call, resource, request_id, IdempotencyKey(call, request_id), response);
}

absl::StatusOr<Stored<v1::Competition>> LoadCompetition(CompetitionStore& store, std::string_view id) {
  return RequireRecord(store.GetCompetition(id), NotFoundError("COMPETITION_NOT_FOUND", Concat("no competition ", id)));
}

absl::StatusOr<Stored<v1::Contest>> LoadContest(CompetitionStore& store, std::string_view id) {
  return RequireRecord(store.GetContest(id), NotFoundError("CONTEST_NOT_FOUND", Concat("no contest ", id)));
}

absl::StatusOr<Stored<v1::Entry>> LoadEntry(CompetitionStore& store, std::string_view id) {
  return RequireRecord(store.GetEntry(id), NotFoundError("ENTRY_NOT_FOUND", Concat("no entry ", id)));
}

absl::Status CheckOrganiserScope(const Principal& principal, const v1::Competition& competition) {
  if (principal.role == common::v1::ROLE_SERVICE) {
    return PermissionDeniedError("OUT_OF_SCOPE", "a service does not run competitions");
  }
  SB_RETURN_IF_ERROR(CheckOrganiserRole(principal.role, competition.level()));
  return CheckOrgScope(principal, competition.organiser().credit_code(), competition.organiser().district_code());
}

absl::Status CheckBureauScope(const Principal& principal, const v1::Competition& competition) {
  if (principal.role != common::v1::ROLE_ADMIN && principal.role != common::v1::ROLE_DISTRICT_OFFICER) {
    return PermissionDeniedError("OUT_OF_SCOPE", "only the bureau files competitions");
  }
  return CheckDistrictScope(principal, competition.organiser().district_code());
}

absl::Status CheckEntryReadScope(const Principal& principal, const v1::Entry& entry,
                                 const v1::Competition& competition) {
  if (CheckOrgReadScope(principal, entry.affiliation().credit_code(), entry.affiliation().district_code()).ok()) {
    return absl::OkStatus();
  }
  return CheckOrgScope(principal, competition.organiser().credit_code(), competition.organiser().district_code());
}

void MaskEntryFor(const Principal& principal, v1::Entry& entry) {
  if (!MaySeePersonalData(principal)) {
    entry.mutable_person()->set_id_number(MaskCitizenId(entry.person().id_number()));
  }
}

void CheckOrg(const ReferenceData& reference, const common::v1::OrgRef& org, std::string_view prefix,
              bool district_required, FieldViolations& violations, common::v1::OrgRef* normalized) {
  const std::string code_field = FieldPath(prefix, "credit_code");
  absl::StatusOr<std::string> credit_code = NormalizeCreditCode(org.credit_code(), code_field);
  if (!credit_code.ok()) {
    violations.AddStatus(credit_code.status(), code_field);
  }
  CheckText(org.name(), FieldPath(prefix, "name"), /*required=*/true, kMaxOrgNameChars, violations);
  CheckDistrict(reference, org.district_code(), FieldPath(prefix, "district_code"), district_required, violations);
  if (normalized != nullptr && credit_code.ok()) {
    normalized->Clear();
    normalized->set_credit_code(*credit_code);
    normalized->set_name(org.name());
    normalized->set_district_code(org.district_code());
  }
}

}  // namespace skillbridge::competition

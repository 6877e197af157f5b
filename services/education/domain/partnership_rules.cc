#include "services/education/domain/partnership_rules.h"

#include <string>

#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"
#include "services/education/domain/specialty_rules.h"

namespace skillbridge::education {

namespace {

// The canonical credit code of `code` at `field`; "" with a violation added.
std::string CanonicalCode(std::string_view code, std::string_view field, FieldViolations& violations) {
  absl::StatusOr<std::string> normalized = NormalizeCreditCode(code, field);
  if (!normalized.ok()) {
    violations.AddStatus(normalized.status(), field);
    return "";
  }
  return *std::move(normalized);
}

}  // namespace

bool NeedsSpecialty(v1::PartnershipKind kind) { return kind == v1::PARTNERSHIP_KIND_ORDER_CLASS; }

bool NeedsPlaces(v1::PartnershipKind kind) {
  return kind == v1::PARTNERSHIP_KIND_ORDER_CLASS || kind == v1::PARTNERSHIP_KIND_APPRENTICESHIP;
}

void CheckPartnershipDraft(const ReferenceData& reference, const v1::Partnership& draft, int current_year,
                           FieldViolations& violations, v1::Partnership* normalized) {
  const std::string school = CanonicalCode(draft.school_credit_code(), "partnership.school_credit_code", violations);
  const std::string enterprise =
      CanonicalCode(draft.enterprise().credit_code(), "partnership.enterprise.credit_code", violations);
  CheckText(draft.enterprise().name(), "partnership.enterprise.name", /*required=*/true, kMaxOrgNameChars, violations);
  CheckDistrict(reference, draft.enterprise().district_code(), "partnership.enterprise.district_code",
                /*required=*/false, violations);
  CheckEnum(draft.kind(), v1::PartnershipKind_IsValid, /*required=*/true, "partnership.kind", "a partnership kind",
            violations);
  if (NeedsSpecialty(draft.kind()) || !draft.specialty_code().empty()) {
    CheckCatalogueCode(draft.specialty_code(), "partnership.specialty_code", violations);
  }
  if (draft.start_year() < kMinPartnershipYear || draft.start_year() > current_year + 1) {
    violations.Add("partnership.start_year", Concat("a year from ", kMinPartnershipYear, " to ", current_year + 1,
                                                    " (the current year + 1) is required"));
  }
  if (draft.planned_end_year() != 0 &&
      (draft.planned_end_year() < draft.start_year() || draft.planned_end_year() > kMaxYear)) {
    violations.Add("partnership.planned_end_year", Concat("0 (open-ended) or a year from start_year to ", kMaxYear));
  }
  if (draft.places() < 0 || draft.places() > kMaxPartnershipPlaces) {
    violations.Add("partnership.places", Concat("must be from 0 to ", kMaxPartnershipPlaces));
  } else if (NeedsPlaces(draft.kind()) && draft.places() < 1) {
    violations.Add("partnership.places", "an order class or apprenticeship has at least 1 place");
  }
  CheckText(draft.description(), "partnership.description", /*required=*/false, kMaxDescriptionChars, violations);
  if (normalized == nullptr) {
    return;
  }
  normalized->Clear();
  normalized->set_school_credit_code(school);
  normalized->mutable_enterprise()->set_credit_code(enterprise);
  normalized->mutable_enterprise()->set_name(draft.enterprise().name());
  normalized->mutable_enterprise()->set_district_code(draft.enterprise().district_code());
  normalized->set_kind(draft.kind());
  normalized->set_specialty_code(draft.specialty_code());
  normalized->set_start_year(draft.start_year());
  normalized->set_planned_end_year(draft.planned_end_year());
  normalized->set_places(draft.places());
  normalized->set_description(draft.description());
}

void CheckEndYear(int year, int start_year, int current_year, FieldViolations& violations) {
  if (year < start_year || year > current_year + 1) {
    violations.Add("year", Concat("a year from the start year ", start_year, " to ", current_year + 1,
                                  " (the current year + 1) is required"));
  }
}

absl::Status CheckPartnershipActive(const v1::Partnership& partnership) {
  if (partnership.status() != v1::PARTNERSHIP_STATUS_ACTIVE) {
    return FailedPreconditionError(kReasonPartnershipEnded, Concat("the partnership ", partnership.id(), " has ended"));
  }
  return absl::OkStatus();
}

int PartnershipCount(const v1::Partnership& partnership) {
  return partnership.status() == v1::PARTNERSHIP_STATUS_ACTIVE ? 1 : 0;
}

v1::EducationEvent PartnershipChangedEvent(const v1::Partnership& partnership, absl::Time now) {
  v1::EducationEvent event;
  SetTimestamp(now, event.mutable_time());
  v1::PartnershipChanged* changed = event.mutable_partnership_changed();
  changed->set_partnership_id(partnership.id());
  changed->set_school_credit_code(partnership.school_credit_code());
  changed->set_enterprise_credit_code(partnership.enterprise().credit_code());
  changed->set_district_code(partnership.district_code());
  changed->set_kind(partnership.kind());
  changed->set_specialty_code(partnership.specialty_code());
  changed->set_status(partnership.status());
  changed->set_start_year(partnership.start_year());
  changed->set_ended_year(partnership.ended_year());
  changed->set_places(partnership.places());
  return event;
}

}  // namespace skillbridge::education

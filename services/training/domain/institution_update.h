#pragma once
// UpdateInstitution's field mask (docs/api.md "Updates"): which paths of an Institution a district
// officer or ADMIN may change, how a google.protobuf.FieldMask is read against them, and the one
// place that writes the named fields onto the stored record. Updatable (paths relative to
// Institution): "org.name", "kind", "status", "status_reason", "approved_occupation_codes",
// "contact_name", "contact_phone", "address", "contact_email". Not updatable: the credit code and
// district (the record's identity and attribution), times and version (the server's).
// The values themselves are checked by the caller (they need the reference data).
// Pure functions; thread-safe.

#include <set>
#include <string_view>

#include "common/status/errors.h"
#include "google/protobuf/field_mask.pb.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::training {

enum class InstitutionField {
  kName,
  kKind,
  kStatus,
  kStatusReason,
  kApprovedOccupations,
  kContactName,
  kContactPhone,
  kAddress,
  kContactEmail,
};

// The update_mask path of `field` ("org.name", "kind", ...).
std::string_view InstitutionFieldPath(InstitutionField field);

// The fields one update names.
struct InstitutionMask {
  std::set<InstitutionField> fields;

  bool Has(InstitutionField field) const { return fields.contains(field); }
};

// Reads `mask`. Violations (INVALID_FIELD): "update_mask" when it names no path;
// "update_mask.paths[i]" for a path Institution does not have, a path that may not be updated, or
// a path named twice. The valid paths are returned either way.
InstitutionMask ReadInstitutionMask(const google::protobuf::FieldMask& mask, FieldViolations& violations);

// Whether an institution in `status` must have a reason for it (SUSPENDED, REVOKED).
bool StatusNeedsReason(v1::InstitutionStatus status);

// Writes the fields `mask` names from `values` onto `record` and leaves every other field as it
// is: scalars as given (empty clears), the occupation list replaced whole, "org.name" the name
// only. `status_reason` is the reason of the last status change, so a mask naming "status" but
// not "status_reason" clears it.
void ApplyInstitutionMask(const InstitutionMask& mask, const v1::Institution& values, v1::Institution& record);

}  // namespace skillbridge::training

#include "services/training/domain/institution_update.h"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "common/util/concat.h"
#include "google/protobuf/util/field_mask_util.h"

namespace skillbridge::training {

namespace {

constexpr std::array<std::pair<InstitutionField, std::string_view>, 9> kUpdatable = {{
    {InstitutionField::kName, "org.name"},
    {InstitutionField::kKind, "kind"},
    {InstitutionField::kStatus, "status"},
    {InstitutionField::kStatusReason, "status_reason"},
    {InstitutionField::kApprovedOccupations, "approved_occupation_codes"},
    {InstitutionField::kContactName, "contact_name"},
    {InstitutionField::kContactPhone, "contact_phone"},
    {InstitutionField::kAddress, "address"},
    {InstitutionField::kContactEmail, "contact_email"},
}};

std::string UpdatableList() {
  std::string list;
  for (const auto& [field, path] : kUpdatable) {
    list.append(list.empty() ? "" : ", ").append(path);
  }
  return list;
}

}  // namespace

std::string_view InstitutionFieldPath(InstitutionField field) {
  for (const auto& [candidate, path] : kUpdatable) {
    if (candidate == field) {
      return path;
    }
  }
  return "";
}

InstitutionMask ReadInstitutionMask(const google::protobuf::FieldMask& mask, FieldViolations& violations) {
  InstitutionMask read;
  if (mask.paths_size() == 0) {
    violations.Add("update_mask", Concat("name at least one field to update: ", UpdatableList()));
    return read;
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    const std::string field = Concat("update_mask.paths[", i, "]");
    bool updatable = false;
    for (const auto& [candidate, candidate_path] : kUpdatable) {
      if (path == candidate_path) {
        updatable = true;
        if (!read.fields.insert(candidate).second) {
          violations.Add(field, Concat(path, " is named twice"));
        }
      }
    }
    if (updatable) {
      continue;
    }
    if (google::protobuf::util::FieldMaskUtil::GetFieldDescriptors(v1::Institution::descriptor(), path, nullptr)) {
      violations.Add(field, Concat(path, " may not be updated; updatable: ", UpdatableList()));
    } else {
      violations.Add(field, Concat("Institution has no field ", path));
    }
  }
  return read;
}

bool StatusNeedsReason(v1::InstitutionStatus status) {
  return status == v1::INSTITUTION_STATUS_SUSPENDED || status == v1::INSTITUTION_STATUS_REVOKED;
}

void ApplyInstitutionMask(const InstitutionMask& mask, const v1::Institution& values, v1::Institution& record) {
  for (const InstitutionField field : mask.fields) {
    switch (field) {
      case InstitutionField::kName:
        record.mutable_org()->set_name(values.org().name());
        break;
      case InstitutionField::kKind:
        record.set_kind(values.kind());
        break;
      case InstitutionField::kStatus:
        record.set_status(values.status());
        if (!mask.Has(InstitutionField::kStatusReason)) {
          record.clear_status_reason();
        }
        break;
      case InstitutionField::kStatusReason:
        record.set_status_reason(values.status_reason());
        break;
      case InstitutionField::kApprovedOccupations:
        *record.mutable_approved_occupation_codes() = values.approved_occupation_codes();
        break;
      case InstitutionField::kContactName:
        record.set_contact_name(values.contact_name());
        break;
      case InstitutionField::kContactPhone:
        record.set_contact_phone(values.contact_phone());
        break;
      case InstitutionField::kAddress:
        record.set_address(values.address());
        break;
      case InstitutionField::kContactEmail:
        record.set_contact_email(values.contact_email());
        break;
    }
  }
}

}  // namespace skillbridge::training

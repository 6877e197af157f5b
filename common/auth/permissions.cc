#include "common/auth/permissions.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"

namespace skillbridge {
namespace {

constexpr std::string_view kRoleNotAllowed = "ROLE_NOT_ALLOWED";
constexpr std::string_view kOutOfScope = "OUT_OF_SCOPE";

absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsAdminOrService(const Principal& principal) {
  return principal.role == common::v1::ROLE_ADMIN || principal.role == common::v1::ROLE_SERVICE;
}

bool OfficerOf(const Principal& principal, std::string_view district_code) {
  return principal.role == common::v1::ROLE_DISTRICT_OFFICER && !principal.district_code.empty() &&
         principal.district_code == district_code;
}

bool InstitutionIs(const Principal& principal, std::string_view credit_code) {
  return principal.role == common::v1::ROLE_INSTITUTION && !principal.credit_code.empty() &&
         principal.credit_code == credit_code;
}

absl::Status OutOfScope(std::string message) { return PermissionDeniedError(kOutOfScope, message); }

// Why an org-scoped check failed, for the roles that have a scope.
absl::Status OrgOutOfScope(const Principal& principal, std::string_view credit_code, std::string_view district_code) {
  switch (principal.role) {
    case common::v1::ROLE_DISTRICT_OFFICER:
      return OutOfScope(absl::StrCat("district officer \"", principal.name, "\" acts only in district ",
                                     principal.district_code, "; organisation ", ToAbsl(credit_code),
                                     " belongs to district ",
                                     district_code.empty() ? absl::string_view("(unknown)") : ToAbsl(district_code)));
    case common::v1::ROLE_INSTITUTION:
      return OutOfScope(absl::StrCat("institution \"", principal.name, "\" may act only on the records of ",
                                     principal.credit_code, ", not of ", ToAbsl(credit_code)));
    default:
      return OutOfScope(
          absl::StrCat("role ", ToAbsl(RoleName(principal.role)), " may not act on the records of an organisation"));
  }
}

}  // namespace

PermissionTable::PermissionTable(std::vector<MethodPermission> entries) : entries_(std::move(entries)) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    index_.emplace(entries_[i].method, i);  // a method listed twice keeps its first entry
  }
}

const MethodPermission* PermissionTable::Find(std::string_view method) const {
  auto it = index_.find(method);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

absl::Status PermissionTable::Check(std::string_view method, const Principal& principal) const {
  const MethodPermission* entry = Find(method);
  if (entry == nullptr) {
    return ErrorWithReason(absl::StatusCode::kInternal, "METHOD_NOT_IN_PERMISSION_TABLE",
                           absl::StrCat("method ", ToAbsl(method), " has no permission entry"));
  }
  if (principal.role != common::v1::ROLE_UNSPECIFIED &&
      std::find(entry->roles.begin(), entry->roles.end(), principal.role) != entry->roles.end()) {
    return absl::OkStatus();
  }
  return PermissionDeniedError(
      kRoleNotAllowed, absl::StrCat("role ", ToAbsl(RoleName(principal.role)), " may not call ", ToAbsl(method)));
}

absl::Status CheckDistrictScope(const Principal& principal, std::string_view district_code) {
  if (IsAdminOrService(principal) || OfficerOf(principal, district_code)) {
    return absl::OkStatus();
  }
  if (principal.role == common::v1::ROLE_DISTRICT_OFFICER) {
    return OutOfScope(absl::StrCat("district officer \"", principal.name, "\" acts only in district ",
                                   principal.district_code, ", not in district ",
                                   district_code.empty() ? absl::string_view("(unknown)") : ToAbsl(district_code)));
  }
  return OutOfScope(absl::StrCat("role ", ToAbsl(RoleName(principal.role)), " may not act on district records"));
}

absl::Status CheckOrgScope(const Principal& principal, std::string_view credit_code, std::string_view district_code) {
  if (IsAdminOrService(principal) || OfficerOf(principal, district_code) || InstitutionIs(principal, credit_code)) {
    return absl::OkStatus();
  }
  return OrgOutOfScope(principal, credit_code, district_code);
}

absl::Status CheckDistrictReadScope(const Principal& principal, std::string_view district_code) {
  if (principal.role == common::v1::ROLE_VERIFIER || principal.role == common::v1::ROLE_VIEWER) {
    return absl::OkStatus();
  }
  return CheckDistrictScope(principal, district_code);
}

absl::Status CheckOrgReadScope(const Principal& principal, std::string_view credit_code,
                               std::string_view district_code) {
  if (principal.role == common::v1::ROLE_VERIFIER || principal.role == common::v1::ROLE_VIEWER) {
    return absl::OkStatus();
  }
  return CheckOrgScope(principal, credit_code, district_code);
}

absl::Status ScopeDistrictFilter(const Principal& principal, std::string* district_code) {
  if (principal.role != common::v1::ROLE_DISTRICT_OFFICER) {
    return absl::OkStatus();
  }
  if (district_code->empty()) {
    if (principal.district_code.empty()) {
      return OutOfScope("a district officer without a district may read no district");
    }
    *district_code = principal.district_code;
    return absl::OkStatus();
  }
  return CheckDistrictScope(principal, *district_code);
}

absl::Status ScopeInstitutionFilter(const Principal& principal, std::string* credit_code) {
  if (principal.role != common::v1::ROLE_INSTITUTION) {
    return absl::OkStatus();
  }
  if (credit_code->empty()) {
    if (principal.credit_code.empty()) {
      return OutOfScope("an institution without a credit code may read no records");
    }
    *credit_code = principal.credit_code;
    return absl::OkStatus();
  }
  if (*credit_code != principal.credit_code) {
    return PermissionDeniedError(kOutOfScope, "an institution may read only its own records");
  }
  return absl::OkStatus();
}

bool MaySeePersonalData(const Principal& principal) {
  switch (principal.role) {
    case common::v1::ROLE_ADMIN:
    case common::v1::ROLE_SERVICE:
    case common::v1::ROLE_VERIFIER:
    case common::v1::ROLE_DISTRICT_OFFICER:
    case common::v1::ROLE_INSTITUTION:
      return true;
    default:
      return false;
  }
}

}  // namespace skillbridge

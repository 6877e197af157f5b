#pragma once
// Authorisation: one permission table per service (method → roles allowed, and whether the
// method mutates), plus the district / organisation scope checks every service applies to the
// records it touches. Immutable after construction: thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/auth/principal.h"

namespace skillbridge {

enum class MethodKind {
  kRead,      // no audit on success
  kMutation,  // audited (success inside the store's atomic write, refusals by the runtime)
  kLongPoll,  // read that may wait; runs on the long-poll executor
};

struct MethodPermission {
  std::string method;  // short RPC name, e.g. "IssueCertificate"
  std::vector<common::v1::Role> roles;
  MethodKind kind = MethodKind::kRead;
};

class PermissionTable final {
 public:
  explicit PermissionTable(std::vector<MethodPermission> entries);

  // OK when `principal`'s role is listed for `method`; PERMISSION_DENIED with reason
  // ROLE_NOT_ALLOWED otherwise; INTERNAL for a method missing from the table (a wiring bug).
  absl::Status Check(std::string_view method, const Principal& principal) const;
  const MethodPermission* Find(std::string_view method) const;
  const std::vector<MethodPermission>& entries() const { return entries_; }

 private:
  std::vector<MethodPermission> entries_;
  std::map<std::string, size_t, std::less<>> index_;
};

// May `principal` act on a record attributed to `district_code`? ADMIN and SERVICE: always;
// DISTRICT_OFFICER: only its own district; others: no. PERMISSION_DENIED with reason OUT_OF_SCOPE.
absl::Status CheckDistrictScope(const Principal& principal, std::string_view district_code);

// May `principal` act on the records of organisation `credit_code` (in `district_code`)?
// ADMIN and SERVICE: always; DISTRICT_OFFICER: when the org is in its district; INSTITUTION: when
// it is that organisation; others: no. PERMISSION_DENIED with reason OUT_OF_SCOPE.
absl::Status CheckOrgScope(const Principal& principal, std::string_view credit_code, std::string_view district_code);

// Read scope of a record attributed to a district only (no owning organisation): ADMIN, SERVICE,
// VERIFIER and VIEWER always; DISTRICT_OFFICER its own district; others (INSTITUTION): no.
// PERMISSION_DENIED with reason OUT_OF_SCOPE.
absl::Status CheckDistrictReadScope(const Principal& principal, std::string_view district_code);

// Read scope: like CheckOrgScope but VERIFIER and VIEWER are allowed too.
absl::Status CheckOrgReadScope(const Principal& principal, std::string_view credit_code,
                               std::string_view district_code);

// Read-scope filters of list requests. A DISTRICT_OFFICER sees only its own district: an empty
// district filter becomes its district, another district is PERMISSION_DENIED (OUT_OF_SCOPE).
// Other roles: the filter is left as it is.
absl::Status ScopeDistrictFilter(const Principal& principal, std::string* district_code);
// An INSTITUTION sees only its own records: an empty credit-code filter becomes its own, another
// is PERMISSION_DENIED (OUT_OF_SCOPE). Other roles: unchanged.
absl::Status ScopeInstitutionFilter(const Principal& principal, std::string* credit_code);

// Whether full citizen ID numbers may be returned to `principal` (ADMIN, SERVICE, VERIFIER,
// DISTRICT_OFFICER and INSTITUTION for records in their scope — callers check scope first).
bool MaySeePersonalData(const Principal& principal);

}  // namespace skillbridge

#pragma once
// One table per service lists its RPCs (besides the proto): name, kind and the roles allowed.
// Everything else is expanded from that table, so adding an RPC means the proto, one row and the
// handler body:
//
//   // services/<svc>/api/<svc>_rpcs.h
//   #define SKILLBRIDGE_EVALUATION_RPCS(X)  (one row per line, each line ending in a backslash)
//     X(CreateEvaluationOrg, kMutation, kInstitution | kDistrict | kAdmin)
//     X(ListEvents,          kLongPoll, kAdmin | kService)
//
//   class EvaluationHandlers { SKILLBRIDGE_EVALUATION_RPCS(SB_DECLARE_HANDLER) ... };   // declarations
//   SB_CALLBACK_ADAPTER(Adapter, v1::EvaluationService, EvaluationHandlers,           // gRPC adapter
//                       SKILLBRIDGE_EVALUATION_RPCS);                                 // (callback_adapter.h)
//   PermissionTable table = SB_PERMISSION_TABLE(SKILLBRIDGE_EVALUATION_RPCS);           // permissions
//
// Kinds: kRead, kMutation (audited), kLongPoll (its own executor) — see MethodKind. Roles: kAdmin,
// kDistrict, kInstitution, kVerifier, kViewer, kService, combined with |. The expansions refer to
// `v1::<Method>Request` / `v1::<Method>Response`, so they are used inside the service's namespace
// (skillbridge::<svc>, where v1 is its proto package). A row whose method is not in the proto does
// not compile; a proto method without a row is caught by the permission-matrix test
// (tests/support/permission_matrix.h), which compares the table with the service descriptor.
// Header-only; no gRPC types (handlers stay free of them).

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "common/auth/permissions.h"
#include "common/server/call_context.h"

namespace skillbridge {

namespace rpc_roles {
inline constexpr uint32_t kAdmin = 1u << common::v1::ROLE_ADMIN;
inline constexpr uint32_t kDistrict = 1u << common::v1::ROLE_DISTRICT_OFFICER;
inline constexpr uint32_t kInstitution = 1u << common::v1::ROLE_INSTITUTION;
inline constexpr uint32_t kVerifier = 1u << common::v1::ROLE_VERIFIER;
inline constexpr uint32_t kViewer = 1u << common::v1::ROLE_VIEWER;
inline constexpr uint32_t kService = 1u << common::v1::ROLE_SERVICE;
}  // namespace rpc_roles

// The roles of a mask built from rpc_roles, in enum order.
inline std::vector<common::v1::Role> RolesOfMask(uint32_t mask) {
  std::vector<common::v1::Role> roles;
  for (int role = common::v1::Role_MIN; role <= common::v1::Role_MAX; ++role) {
    if (common::v1::Role_IsValid(role) && role != common::v1::ROLE_UNSPECIFIED && (mask & (1u << role)) != 0) {
      roles.push_back(static_cast<common::v1::Role>(role));
    }
  }
  return roles;
}

}  // namespace skillbridge

// ---- expansions of a table row X(Method, Kind, Roles)

// One PermissionTable entry.
#define SB_PERMISSION_ENTRY(Method, Kind, Roles) \
  ::skillbridge::MethodPermission{#Method, ::skillbridge::RolesOfMask(Roles), ::skillbridge::MethodKind::Kind},

// The service's PermissionTable.
#define SB_PERMISSION_TABLE(RPCS)                                       \
  ([] {                                                                 \
    using namespace ::skillbridge::rpc_roles; /* NOLINT */              \
    return ::skillbridge::PermissionTable({RPCS(SB_PERMISSION_ENTRY)}); \
  }())

// The declaration of one handler method (plain synchronous code, no gRPC types).
#define SB_DECLARE_HANDLER(Method, Kind, Roles)                                                     \
  ::absl::Status Method(const ::skillbridge::CallContext& call, const v1::Method##Request& request, \
                        v1::Method##Response* response);

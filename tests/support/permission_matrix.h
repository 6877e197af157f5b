#pragma once
// The permission-matrix checks every service test suite runs against its real server (the
// oracle of who may call what stays hand-written in each service's test — that is what makes it
// a test of the RPC table rather than a copy of it):
//  - ExpectTableMatchesService: the table and the proto's service descriptor list the same RPCs;
//  - ExpectTableMatchesOracle: every RPC's roles and kind are the oracle's;
//  - ExpectEveryRpcTimesEveryRole: over real gRPC, with an empty request, each role the table
//    lists gets past it (not PERMISSION_DENIED/ROLE_NOT_ALLOWED, not UNAUTHENTICATED, INTERNAL
//    or UNIMPLEMENTED) and each role it does not list gets PERMISSION_DENIED (ROLE_NOT_ALLOWED);
//  - ExpectUnauthenticatedWithoutValidToken: no token or an unknown token → UNAUTHENTICATED.
// Oracle letters: A = ADMIN, D = DISTRICT_OFFICER, I = INSTITUTION, V = VERIFIER, W = VIEWER
// (dashboards), S = SERVICE. Uses gtest assertions; call from a TEST body.

#include <map>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "common/auth/permissions.h"

namespace skillbridge::testing {

struct ExpectedPermission {
  std::string roles;  // letters, e.g. "ADI"
  MethodKind kind = MethodKind::kRead;
};
using PermissionOracle = std::map<std::string, ExpectedPermission>;

void ExpectTableMatchesService(const PermissionTable& table, const std::string& service_full_name);
void ExpectTableMatchesOracle(const PermissionTable& table, const PermissionOracle& oracle);
void ExpectEveryRpcTimesEveryRole(grpc::Channel& channel, const std::string& service_full_name,
                                  const PermissionTable& table);
void ExpectUnauthenticatedWithoutValidToken(grpc::Channel& channel, const std::string& service_full_name,
                                            const PermissionTable& table);

// /<service>/<method> called with an empty request message and `token` (none when empty).
grpc::Status CallWithEmptyRequest(grpc::Channel& channel, const std::string& service_full_name,
                                  const std::string& method, const std::string& token);

}  // namespace skillbridge::testing

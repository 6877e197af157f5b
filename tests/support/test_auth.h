#pragma once
// The bearer tokens every service test uses, one per role (two district officers and two
// institutions, to test scope), and the auth config that maps them to principals. Also the
// helpers that read a grpc::Status's details (ErrorInfo reason, first BadRequest field).
// Header + small library; pure apart from writing the config file.

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "skillbridge/common/v1/audit.pb.h"

namespace skillbridge::testing {

inline constexpr char kAdminToken[] = "tok-admin";
inline constexpr char kDistrictAToken[] = "tok-district-370202";   // 市南区
inline constexpr char kDistrictBToken[] = "tok-district-370211";   // 黄岛区
inline constexpr char kInstitutionAToken[] = "tok-institution-a";  // CreditCode(1)
inline constexpr char kInstitutionBToken[] = "tok-institution-b";  // CreditCode(2)
inline constexpr char kVerifierToken[] = "tok-verifier";
inline constexpr char kViewerToken[] = "tok-viewer";
inline constexpr char kServiceToken[] = "tok-service";
inline constexpr char kDistrictA[] = "370202";
inline constexpr char kDistrictB[] = "370211";

// One token per role (district A, institution A), in the order the permission tests use.
struct RoleToken {
  common::v1::Role role;
  const char* token;
};
const std::vector<RoleToken>& OneTokenPerRole();

// Writes the auth config for the tokens above into `dir`; returns its path.
std::string WriteTestAuthConfig(const std::string& dir);

// A client context carrying `token` (none when empty) and a 10 s deadline.
std::unique_ptr<grpc::ClientContext> ContextWithToken(const std::string& token);

// The ErrorInfo reason in a status's details ("" when none).
std::string ReasonOf(const grpc::Status& status);
// The first BadRequest field violation's field path ("" when none).
std::string FirstFieldOf(const grpc::Status& status);

}  // namespace skillbridge::testing

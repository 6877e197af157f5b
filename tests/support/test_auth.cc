#include "tests/support/test_auth.h"

#include <chrono>
#include <fstream>

#include "common/auth/principal.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {

const std::vector<RoleToken>& OneTokenPerRole() {
  static const auto* roles = new std::vector<RoleToken>{
      {common::v1::ROLE_ADMIN, kAdminToken},
      {common::v1::ROLE_DISTRICT_OFFICER, kDistrictAToken},
      {common::v1::ROLE_INSTITUTION, kInstitutionAToken},
      {common::v1::ROLE_VERIFIER, kVerifierToken},
      {common::v1::ROLE_VIEWER, kViewerToken},
      {common::v1::ROLE_SERVICE, kServiceToken},
  };
  return *roles;
}

std::string WriteTestAuthConfig(const std::string& dir) {
  struct Entry {
    const char* name;
    const char* role;
    const char* token;
    std::string extra;
  };
  const Entry entries[] = {
      {"admin", "ROLE_ADMIN", kAdminToken, ""},
      {"district-a", "ROLE_DISTRICT_OFFICER", kDistrictAToken, "district_code: \"370202\""},
      {"district-b", "ROLE_DISTRICT_OFFICER", kDistrictBToken, "district_code: \"370211\""},
      {"institution-a", "ROLE_INSTITUTION", kInstitutionAToken, "credit_code: \"" + CreditCode(1) + "\""},
      {"institution-b", "ROLE_INSTITUTION", kInstitutionBToken, "credit_code: \"" + CreditCode(2) + "\""},
      {"verifier", "ROLE_VERIFIER", kVerifierToken, ""},
      {"viewer", "ROLE_VIEWER", kViewerToken, ""},
      {"service", "ROLE_SERVICE", kServiceToken, ""},
  };
  const std::string path = dir + "/auth.textproto";
  std::ofstream out(path);
  for (const auto& entry : entries) {
    out << "principals { name: \"" << entry.name << "\" role: " << entry.role << " token_sha256: \""
        << Sha256Hex(entry.token) << "\" " << entry.extra << " }\n";
  }
  return path;
}

std::unique_ptr<grpc::ClientContext> ContextWithToken(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", "Bearer " + token);
  }
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return "";
  }
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return "";
}

std::string FirstFieldOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return "";
  }
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad) && bad.field_violations_size() > 0) {
      return bad.field_violations(0).field();
    }
  }
  return "";
}

}  // namespace skillbridge::testing

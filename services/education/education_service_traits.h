#pragma once
// The education service as StandardServer assembles it (common/server/standard_server.h): its
// name, store, handlers (with the EvaluationFiling that asks evaluation whether a school is a
// filed social evaluation organisation), the gRPC adapter and permission table generated from
// its RPC table, and its audit stream. main.cc runs it; the service tests start it through
// ServiceHarness.

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/server/callback_adapter.h"
#include "common/server/peer_client.h"
#include "common/server/service_host.h"
#include "services/education/api/education_handlers.h"
#include "services/education/api/education_rpcs.h"
#include "services/education/client/grpc_evaluation_filing.h"
#include "services/education/store/education_store.h"
#include "services/education/store/keys.h"
#include "skillbridge/education/v1/education.grpc.pb.h"

namespace skillbridge::education {

struct EducationServiceTraits {
  static constexpr char kName[] = "education";
  static constexpr char kDescription[] =
      "skillbridge education service: technical schools, their specialties, student records (enrolment, "
      "graduation, withdrawal, transfer), graduates' first destinations and the stay-in-the-city reward, and "
      "school-enterprise partnerships";
  using Grpc = v1::EducationService;
  using Store = EducationStore;
  using Handlers = EducationHandlers;
  SB_CALLBACK_ADAPTER(Adapter, Grpc, Handlers, SKILLBRIDGE_EDUCATION_RPCS);
  static PermissionTable Permissions() { return SB_PERMISSION_TABLE(SKILLBRIDGE_EDUCATION_RPCS); }
  static constexpr std::string_view kAuditStream = keys::kAudit;

  struct Options {
    // Where schools' filings are asked (--evaluation_*).
    PeerOptions evaluation;
  };
  static absl::StatusOr<std::unique_ptr<Handlers>> MakeHandlers(Store& store, const ServiceHost& host,
                                                                const Options& options) {
    auto filing = GrpcEvaluationFiling::Create(options.evaluation);
    if (!filing.ok()) {
      return filing.status();
    }
    return std::make_unique<Handlers>(store, host.reference(), std::shared_ptr<EvaluationFiling>(std::move(*filing)));
  }
};

}  // namespace skillbridge::education

#pragma once
// EducationHandlers: one method per RPC of skillbridge.education.v1.EducationService, as plain
// synchronous code: validate the request, check the caller's role and scope, apply the domain
// rules (domain/), ask evaluation for a school's filing when registering or refreshing it
// (client/evaluation_filing.h) and read or write through the stores. No gRPC server types: the
// adapter generated from the RPC table (education_service_traits.h) wraps these with
// ServiceRuntime, which also clears unknown and OUTPUT_ONLY fields from every request first. The
// methods are declared from the RPC table and defined per part: school_handlers.cc,
// specialty_handlers.cc, student_handlers.cc (enrolment, graduation, withdrawal, transfer),
// destination_handlers.cc (first destinations and the reward), partnership_handlers.cc,
// feed_handlers.cc (statistics, change feed, audit); what they share is in handler_support.h.
// A call that needs evaluation and cannot reach it writes nothing (UNAVAILABLE,
// EVALUATION_UNAVAILABLE). Errors by reason code: docs/api.md (education). Thread-safe.

#include <memory>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "services/education/api/education_rpcs.h"
#include "services/education/client/evaluation_filing.h"
#include "services/education/store/education_store.h"
#include "skillbridge/education/v1/education.pb.h"

namespace skillbridge::education {

class EducationHandlers final {
 public:
  EducationHandlers(EducationStore& store, std::shared_ptr<const ReferenceData> reference,
                    std::shared_ptr<EvaluationFiling> evaluation)
      : store_(store), reference_(std::move(reference)), evaluation_(std::move(evaluation)) {}

  SKILLBRIDGE_EDUCATION_RPCS(SB_DECLARE_HANDLER)

 private:
  EducationStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  std::shared_ptr<EvaluationFiling> evaluation_;
};

}  // namespace skillbridge::education

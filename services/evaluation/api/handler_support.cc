#include "services/evaluation/api/handler_support.h"

#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "services/evaluation/store/keys.h"

namespace skillbridge::evaluation {

std::string IdempotencyKey(const CallContext& call, const std::string& request_id) {
  return request_id.empty() ? std::string() : keys::Idempotency(call.method, call.principal.name, request_id);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response) {
  return MutationMetaFor(call, resource, request_id, IdempotencyKey(call, request_id), response);
}

ValidationContext ContextFor(const CallContext& call, const ReferenceData& reference) {
  ValidationContext context;
  context.reference = &reference;
  context.today = ToDate(BureauDay(call.now));
  return context;
}

void CheckIdNumberFilter(std::string_view id_number, std::string_view field, FieldViolations& violations,
                         std::string* normalized) {
  if (id_number.empty()) {
    return;
  }
  absl::StatusOr<CitizenId> id = ParseCitizenId(id_number, field);
  if (!id.ok()) {
    violations.AddStatus(id.status(), field);
    return;
  }
  *normalized = id->number;
}

absl::StatusOr<Stored<v1::EvaluationOrg>> LoadOrg(EvaluationStore& store, std::string_view credit_code) {
  SB_ASSIGN_OR_RETURN(auto org, store.GetOrg(credit_code));
  if (!org.has_value()) {
    return NotFoundError("ORG_NOT_FOUND", Concat("no evaluation organisation with credit code ", credit_code));
  }
  return std::move(*org);
}

absl::StatusOr<Stored<v1::Certificate>> LoadCertificate(EvaluationStore& store, std::string_view number) {
  SB_ASSIGN_OR_RETURN(auto certificate, store.GetCertificate(number));
  if (!certificate.has_value()) {
    return NotFoundError("CERTIFICATE_NOT_FOUND", Concat("no certificate numbered ", number));
  }
  return std::move(*certificate);
}

}  // namespace skillbridge::evaluation

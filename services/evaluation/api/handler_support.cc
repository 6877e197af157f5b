#include "services/evaluation/api/handler_support.h"

#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "services/evaluation/store/keys.h"

namespace skillbridge::evaluation {

std::string IdempotencyKey(const CallContext& call, const std::string& request_id) {
  return IdempotencyKeyFor(keys::kPrefix, call, request_id);
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
  return RequireRecord(
      store.GetOrg(credit_code),
      NotFoundError("ORG_NOT_FOUND", Concat("no evaluation organisation with credit code ", credit_code)));
}

absl::StatusOr<Stored<v1::Certificate>> LoadCertificate(EvaluationStore& store, std::string_view number) {
  return RequireRecord(store.GetCertificate(number),
                       NotFoundError("CERTIFICATE_NOT_FOUND", Concat("no certificate numbered ", number)));
}

}  // namespace skillbridge::evaluation

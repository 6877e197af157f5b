#pragma once
// What several evaluation handler files share: the idempotency key and mutation metadata of a
// call, the bureau's today as validation context, and loading an organisation or a certificate
// with the NOT_FOUND answer the API promises.
// Pure apart from the store reads; thread-safe as the store is.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/status/errors.h"
#include "common/store/mutation.h"
#include "google/protobuf/message.h"
#include "services/evaluation/domain/request_validation.h"
#include "services/evaluation/store/evaluation_store.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

// The idempotency key of `request_id` for this caller and method ("" when there is none).
std::string IdempotencyKey(const CallContext& call, const std::string& request_id);

// The audit entry for `resource` (api/resource_names.h) plus the response kept under the
// request's idempotency key.
MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response);

// The reference data and the bureau's today at the call's time.
ValidationContext ContextFor(const CallContext& call, const ReferenceData& reference);

// An optional citizen ID filter of a list request: empty passes; otherwise a valid ID number
// (normalised into `normalized`) or a violation under `field`.
void CheckIdNumberFilter(std::string_view id_number, std::string_view field, FieldViolations& violations,
                         std::string* normalized);

// NOT_FOUND ORG_NOT_FOUND when there is no such organisation.
absl::StatusOr<Stored<v1::EvaluationOrg>> LoadOrg(EvaluationStore& store, std::string_view credit_code);
// NOT_FOUND CERTIFICATE_NOT_FOUND when there is no such certificate.
absl::StatusOr<Stored<v1::Certificate>> LoadCertificate(EvaluationStore& store, std::string_view number);

}  // namespace skillbridge::evaluation

#pragma once
// Batch RPCs (BatchIssueCertificates, BatchEnrollPersons, ...) answer item by item: each result
// carries a google.rpc.Status — code 0 with the record, or the canonical code with the same
// ErrorInfo reason, BadRequest field paths and masked message a single call would have returned
// (docs/api.md "Batches"). These are the one encoder and the one decoder of those statuses.
// Pure functions; thread-safe.

#include "absl/status/status.h"
#include "common/server/call_context.h"
#include "common/server/grpc_status.h"
#include "google/rpc/status.pb.h"

namespace skillbridge {

// The item status of `status` for a result of `call` (its service's error domain).
inline void SetItemStatus(const CallContext& call, const absl::Status& status, google::rpc::Status* out) {
  *out = ToRpcStatus(status, call.error_domain);
}

// The absl::Status an item's google.rpc.Status stands for (e.g. a single-row call answering with
// its batch-of-one's result).
inline absl::Status ItemStatus(const google::rpc::Status& status) { return FromRpcStatus(status); }

// Appends the result of item `index` to a batch response (results, accepted_count,
// rejected_count): its status, and — when the status is OK — the record that `fill(result)` sets.
template <typename Response, typename Fill>
void AddItemResult(const CallContext& call, Response* response, int index, const absl::Status& status, Fill fill) {
  auto* result = response->add_results();
  result->set_index(index);
  SetItemStatus(call, status, result->mutable_status());
  if (status.ok()) {
    fill(result);
    response->set_accepted_count(response->accepted_count() + 1);
  } else {
    response->set_rejected_count(response->rejected_count() + 1);
  }
}

}  // namespace skillbridge

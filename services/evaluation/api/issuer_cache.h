#pragma once
// IssuerCache: the evaluation organisations certificates are issued in the name of, kept in
// memory so that issuing needs no read before its one write. An entry is the organisation as it
// was read, with its exact bytes; every issuing write carries a guard that those bytes are still
// what Redis holds (reason ORG_CHANGED), so a stale entry can never let a certificate through:
// the caller forgets the entry and tries again with a fresh read. Unknown credit codes are not
// cached (they cost a read each time). At most kMaxEntries organisations; when full, the cache
// starts over. Thread-safe.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/store/mutation.h"
#include "services/evaluation/store/evaluation_store.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

class IssuerCache final {
 public:
  using Entry = std::shared_ptr<const Stored<v1::EvaluationOrg>>;
  static constexpr size_t kMaxEntries = 10000;

  // The organisation (read from `store` on a miss), or null when there is none.
  absl::StatusOr<Entry> Find(EvaluationStore& store, std::string_view credit_code);
  // Drops the entry (after a write refused with ORG_CHANGED).
  void Forget(std::string_view credit_code);

 private:
  absl::Mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace skillbridge::evaluation

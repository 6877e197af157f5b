#include "services/evaluation/api/issuer_cache.h"

#include <utility>

#include "common/status/macros.h"

namespace skillbridge::evaluation {

absl::StatusOr<IssuerCache::Entry> IssuerCache::Find(EvaluationStore& store, std::string_view credit_code) {
  {
    absl::MutexLock lock(&mu_);
    if (auto found = entries_.find(credit_code); found != entries_.end()) {
      return found->second;
    }
  }
  SB_ASSIGN_OR_RETURN(auto stored, store.GetOrg(credit_code));
  if (!stored.has_value()) {
    return Entry();
  }
  auto entry = std::make_shared<const Stored<v1::EvaluationOrg>>(*std::move(stored));
  absl::MutexLock lock(&mu_);
  if (entries_.size() >= kMaxEntries) {
    entries_.clear();
  }
  entries_.insert_or_assign(std::string(credit_code), entry);
  return entry;
}

void IssuerCache::Forget(std::string_view credit_code) {
  absl::MutexLock lock(&mu_);
  if (auto found = entries_.find(credit_code); found != entries_.end()) {
    entries_.erase(found);
  }
}

}  // namespace skillbridge::evaluation

#include "services/competition/domain/result_rules.h"

#include <set>

#include "common/util/concat.h"
#include "common/validation/request_fields.h"

namespace skillbridge::competition {

void CheckResult(int rank, v1::Award award, int entry_count, std::string_view rank_field, std::string_view award_field,
                 FieldViolations& violations) {
  if (rank < 0) {
    violations.Add(std::string(rank_field), "must not be negative (0 = not ranked)");
  } else if (rank > entry_count) {
    violations.Add(std::string(rank_field), Concat("must not exceed the contest's ", entry_count, " entries"));
  }
  CheckEnum(award, v1::Award_IsValid, /*required=*/true, award_field, "an award", violations);
  if (rank == 0 && v1::Award_IsValid(award) && award != v1::AWARD_NONE && award != v1::AWARD_UNSPECIFIED) {
    violations.Add(std::string(award_field), "an entry that is not ranked (rank 0) gets no award: use AWARD_NONE");
  }
}

std::map<std::string, EntryResult> ReadResults(const google::protobuf::RepeatedPtrField<v1::ResultRow>& rows,
                                               const std::vector<std::string>& entry_ids, FieldViolations& violations) {
  std::map<std::string, EntryResult> results;
  for (const std::string& id : entry_ids) {
    results.emplace(id, EntryResult{});
  }
  if (rows.empty() || rows.size() > kMaxResultRows) {
    violations.Add("results", Concat("must hold 1 to ", kMaxResultRows, " rows"));
    return results;
  }
  const int entry_count = static_cast<int>(entry_ids.size());
  std::set<std::string> seen;
  for (int i = 0; i < rows.size(); ++i) {
    const v1::ResultRow& row = rows.Get(i);
    const std::string prefix = Concat("results[", i, "]");
    const std::string id_field = Concat(prefix, ".entry_id");
    CheckRecordId(row.entry_id(), id_field, "an entry id", violations);
    CheckResult(row.rank(), row.award(), entry_count, Concat(prefix, ".rank"), Concat(prefix, ".award"), violations);
    if (row.entry_id().empty()) {
      continue;
    }
    auto found = results.find(row.entry_id());
    if (found == results.end()) {
      violations.Add(id_field, "not an entry of this contest");
      continue;
    }
    if (!seen.insert(row.entry_id()).second) {
      violations.Add(id_field, "listed twice");
      continue;
    }
    found->second = EntryResult{row.rank(), row.award()};
  }
  return results;
}

int RankedCount(const std::map<std::string, EntryResult>& results) {
  int ranked = 0;
  for (const auto& [id, result] : results) {
    ranked += result.rank >= 1 ? 1 : 0;
  }
  return ranked;
}

}  // namespace skillbridge::competition

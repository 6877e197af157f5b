#pragma once
// The rules of a contest's published results (PublishResults, CorrectResult):
//   - one row per entry of the contest, each entry at most once, at most kMaxResultRows rows;
//   - rank 0 = not ranked (absent, disqualified): then the award must be NONE; rank 1.. = place,
//     equal ranks (并列) allowed, never above the number of entries of the contest;
//   - award required (NONE for a ranked entrant without an award);
//   - entries of the contest that have no row are recorded as not ranked;
//   - the field size of percentage rules is the number of ranked entries.
// Violations name the request field ("results[3].entry_id", "rank", ...). Pure; thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/errors.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "skillbridge/competition/v1/competition.pb.h"

namespace skillbridge::competition {

inline constexpr int kMaxResultRows = 5000;

// The result of one entry after publication.
struct EntryResult {
  int rank = 0;
  v1::Award award = v1::AWARD_NONE;
};

// Checks one result: `rank_field` and `award_field` name the fields; `entry_count` the contest's
// entries (the highest rank allowed).
void CheckResult(int rank, v1::Award award, int entry_count, std::string_view rank_field, std::string_view award_field,
                 FieldViolations& violations);

// Checks the rows of a PublishResults request against the contest's entry ids and returns, for
// every entry of the contest, its result (rows absent: not ranked). Violations name
// "results[i].<field>" (or "results" for the size).
std::map<std::string, EntryResult> ReadResults(const google::protobuf::RepeatedPtrField<v1::ResultRow>& rows,
                                               const std::vector<std::string>& entry_ids, FieldViolations& violations);

// Entries ranked (rank >= 1).
int RankedCount(const std::map<std::string, EntryResult>& results);

}  // namespace skillbridge::competition

#pragma once
// Cursor pagination over a lexicographically ordered Redis sorted set (all scores 0), the shape
// every secondary index uses. Thread-safe (stateless).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace skillbridge {

struct IndexPage {
  std::vector<std::string> members;
  // Cursor for the next page (the last member), "" when the index is exhausted.
  std::string next_cursor;
};

// Members strictly after `cursor` ("" = from the start), at most `limit`; with a `prefix`, only
// the members that start with it (one index can then serve several filters, e.g. members
// "<district>|<year>|<number>" list a district, or a district's year).
absl::StatusOr<IndexPage> ReadIndexPage(RedisClient& redis, const std::string& index_key, const std::string& cursor,
                                        int limit, const std::string& prefix = "");

// GET of many keys in one MGET; missing keys come back as nullopt-equivalent empty + flag.
struct FetchedValue {
  bool found = false;
  std::string value;
};
absl::StatusOr<std::vector<FetchedValue>> FetchValues(RedisClient& redis, const std::vector<std::string>& keys);

}  // namespace skillbridge

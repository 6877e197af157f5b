#pragma once
// Listing records through a secondary index with extra filters applied in memory: walks the
// index from a cursor, fetches the records (MGET per index page), keeps those the predicate
// accepts, and stops when a page is full or after `max_scanned` index members (then it returns
// a short page with a cursor, so no call scans an unbounded index). ScanMemberList does the same
// over a short list of members read whole (e.g. one person's certificate numbers kept in a hash
// field). Thread-safe (stateless).

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/index_page.h"

namespace skillbridge {

template <typename Record>
struct ScanPage {
  std::vector<Record> records;
  std::string next_cursor;  // "" when the index is exhausted
};

// `record_key` maps an index member to the key of its serialized record. Records that vanished
// or fail to parse are skipped. With a `prefix`, only the members that start with it are walked.
template <typename Record>
absl::StatusOr<ScanPage<Record>> ScanIndex(RedisClient& redis, const std::string& index_key,
                                           const std::function<std::string(std::string_view)>& record_key,
                                           const std::string& cursor, int page_size,
                                           const std::function<bool(const Record&)>& keep, int max_scanned,
                                           const std::string& prefix = "") {
  ScanPage<Record> page;
  std::string position = cursor;
  int scanned = 0;
  while (static_cast<int>(page.records.size()) < page_size) {
    const int want = page_size - static_cast<int>(page.records.size());
    auto members = ReadIndexPage(redis, index_key, position, want, prefix);
    if (!members.ok()) {
      return members.status();
    }
    if (members->members.empty()) {
      return page;  // exhausted
    }
    std::vector<std::string> keys;
    keys.reserve(members->members.size());
    for (const auto& member : members->members) {
      keys.push_back(record_key(member));
    }
    auto values = FetchValues(redis, keys);
    if (!values.ok()) {
      return values.status();
    }
    for (size_t i = 0; i < values->size(); ++i) {
      const auto& value = (*values)[i];
      Record record;
      if (value.found && record.ParseFromString(value.value) && keep(record)) {
        page.records.push_back(std::move(record));
      }
    }
    scanned += static_cast<int>(members->members.size());
    position = members->members.back();
    if (members->next_cursor.empty()) {
      return page;  // exhausted
    }
    if (scanned >= max_scanned) {
      break;
    }
  }
  page.next_cursor = position;
  return page;
}

// The members of a short list (any order, duplicates ignored) paged in lexicographic order:
// those after `cursor`, fetched and filtered as ScanIndex does. The list is read whole by the
// caller, so it suits tens of members, not thousands.
template <typename Record>
absl::StatusOr<ScanPage<Record>> ScanMemberList(RedisClient& redis, std::vector<std::string> members,
                                                const std::function<std::string(std::string_view)>& record_key,
                                                const std::string& cursor, int page_size,
                                                const std::function<bool(const Record&)>& keep) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  auto next = cursor.empty() ? members.begin() : std::upper_bound(members.begin(), members.end(), cursor);
  ScanPage<Record> page;
  while (next != members.end() && static_cast<int>(page.records.size()) < page_size) {
    const auto end = next + std::min<std::ptrdiff_t>(members.end() - next, page_size - page.records.size());
    std::vector<std::string> keys;
    for (auto it = next; it != end; ++it) {
      keys.push_back(record_key(*it));
    }
    auto values = FetchValues(redis, keys);
    if (!values.ok()) {
      return values.status();
    }
    for (const FetchedValue& value : *values) {
      Record record;
      if (value.found && record.ParseFromString(value.value) && keep(record)) {
        page.records.push_back(std::move(record));
      }
    }
    next = end;
  }
  if (next != members.end()) {
    page.next_cursor = *(next - 1);
  }
  return page;
}

}  // namespace skillbridge

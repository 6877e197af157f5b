#include "common/store/index_page.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace skillbridge {

absl::StatusOr<IndexPage> ReadIndexPage(RedisClient& redis, const std::string& index_key, const std::string& cursor,
                                        int limit, const std::string& prefix) {
  if (limit <= 0) {
    return InvalidArgumentError("limit", "must be positive");
  }
  std::string start = prefix.empty() ? std::string("-") : absl::StrCat("[", prefix);
  if (!cursor.empty() && (prefix.empty() || cursor > prefix)) {
    start = absl::StrCat("(", cursor);
  }
  // Members are text: every one that starts with `prefix` sorts before prefix + 0xFF.
  const std::string end = prefix.empty() ? std::string("+") : absl::StrCat("[", prefix, "\xff");
  // One extra member tells whether another page exists.
  absl::StatusOr<RedisReply> reply = redis.Command(
      {"ZRANGE", index_key, start, end, "BYLEX", "LIMIT", "0", std::to_string(static_cast<int64_t>(limit) + 1)});
  if (!reply.ok()) {
    return reply.status();
  }
  IndexPage page;
  const size_t count = reply->size();
  const size_t take = std::min(count, static_cast<size_t>(limit));
  page.members.reserve(take);
  for (size_t i = 0; i < take; ++i) {
    page.members.emplace_back(ReplyString(reply->element(i)));
  }
  if (count > take) {
    page.next_cursor = page.members.back();
  }
  return page;
}

absl::StatusOr<std::vector<FetchedValue>> FetchValues(RedisClient& redis, const std::vector<std::string>& keys) {
  std::vector<FetchedValue> values;
  if (keys.empty()) {
    return values;
  }
  std::vector<std::string> argv;
  argv.reserve(keys.size() + 1);
  argv.emplace_back("MGET");
  argv.insert(argv.end(), keys.begin(), keys.end());
  absl::StatusOr<RedisReply> reply = redis.Command(argv);
  if (!reply.ok()) {
    return reply.status();
  }
  if (!reply->is_array() || reply->size() != keys.size()) {
    return absl::InternalError("unexpected MGET reply shape");
  }
  values.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const redisReply* element = reply->element(i);
    if (!ReplyIsNil(element)) {
      values[i].found = true;
      values[i].value = std::string(ReplyString(element));
    }
  }
  return values;
}

}  // namespace skillbridge

#include "common/store/counter_hash.h"

#include "absl/strings/numbers.h"

namespace skillbridge {

absl::StatusOr<std::map<std::string, int64_t>> ReadCounterHash(RedisClient& redis, const std::string& key) {
  auto reply = redis.Command({"HGETALL", key});
  if (!reply.ok()) {
    return reply.status();
  }
  std::map<std::string, int64_t> fields;
  for (size_t i = 0; i + 1 < reply->size(); i += 2) {
    int64_t value = 0;
    const std::string_view text = ReplyString(reply->element(i + 1));
    if (absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value)) {
      fields[std::string(ReplyString(reply->element(i)))] = value;
    }
  }
  return fields;
}

}  // namespace skillbridge

#pragma once
// The small read/write helpers every service store needs around AtomicWrite, so that the second
// and later stores do not copy them from the first: reading a protobuf record with its exact
// bytes, building guards and ops, applying one write with a refusal table, the idempotency
// record lookups (records are written only inside an AtomicWrite, never after it), and the
// start-up schema check. Header-only; thread-safe (stateless).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/atomic_write.h"
#include "common/redis/redis_client.h"
#include "common/store/mutation.h"
#include "common/util/concat.h"

namespace skillbridge {

// The reply to a GET of `key` (e.g. one reply of a pipeline), parsed as `Record`; nullopt when
// absent, DATA_LOSS when it does not parse.
template <typename Record>
absl::StatusOr<std::optional<Stored<Record>>> StoredRecordOf(const RedisReply& reply, std::string_view key) {
  if (reply.is_nil()) {
    return std::optional<Stored<Record>>();
  }
  Stored<Record> stored;
  stored.bytes = std::string(reply.str());
  if (!stored.record.ParseFromString(stored.bytes)) {
    return absl::DataLossError(Concat("record ", key, " does not parse"));
  }
  return std::optional<Stored<Record>>(std::move(stored));
}

// GET key, parsed as `Record`; nullopt when absent, DATA_LOSS when it does not parse.
template <typename Record>
absl::StatusOr<std::optional<Stored<Record>>> GetStoredRecord(RedisClient& redis, const std::string& key) {
  auto reply = redis.Command({"GET", key});
  if (!reply.ok()) {
    return reply.status();
  }
  return StoredRecordOf<Record>(*reply, key);
}

// The record of an optional read, or `not_found` when there is none (e.g. NOT_FOUND with the
// resource's reason); a failed read's own status otherwise.
template <typename Record>
absl::StatusOr<Stored<Record>> RequireRecord(absl::StatusOr<std::optional<Stored<Record>>> read,
                                             const absl::Status& not_found) {
  if (!read.ok()) {
    return read.status();
  }
  if (!read->has_value()) {
    return not_found;
  }
  return std::move(**read);
}

inline RedisGuard MakeRedisGuard(RedisGuard::Kind kind, std::string key, std::string reason, std::string value = "",
                                 std::string field = "", int64_t limit = 0) {
  RedisGuard guard;
  guard.kind = kind;
  guard.key = std::move(key);
  guard.field = std::move(field);
  guard.value = std::move(value);
  guard.limit = limit;
  guard.reason = std::move(reason);
  return guard;
}

inline RedisOp MakeRedisOp(RedisOp::Kind kind, std::string key, std::string value = "", std::string field = "",
                           int64_t amount = 0) {
  RedisOp op;
  op.kind = kind;
  op.key = std::move(key);
  op.value = std::move(value);
  op.field = std::move(field);
  op.amount = amount;
  return op;
}

// Adds `member` to a lexicographic index (score 0).
inline RedisOp IndexAddOp(std::string index, std::string member) {
  return MakeRedisOp(RedisOp::Kind::kZAdd, std::move(index), std::move(member));
}
inline RedisOp IndexRemoveOp(std::string index, std::string member) {
  return MakeRedisOp(RedisOp::Kind::kZRem, std::move(index), std::move(member));
}

// One AtomicWrite mapped through `refusals`.
inline absl::StatusOr<WriteOutcome> ApplyWrite(RedisClient& redis, const AtomicWrite& write,
                                               const RefusalTable& refusals) {
  auto result = ApplyAtomicWrite(redis, write);
  if (!result.ok()) {
    return result.status();
  }
  return OutcomeOf(*result, refusals);
}

// The stored response under an idempotency key ("" = none).
inline absl::StatusOr<std::optional<std::string>> LookupIdempotentRecord(RedisClient& redis, const std::string& key) {
  if (key.empty()) {
    return std::optional<std::string>();
  }
  auto reply = redis.Command({"GET", key});
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->is_nil()) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(std::string(reply->str()));
}

// The stored responses under several idempotency keys, in order (nullopt: none), in one MGET.
inline absl::StatusOr<std::vector<std::optional<std::string>>> LookupIdempotentRecords(
    RedisClient& redis, const std::vector<std::string>& keys) {
  std::vector<std::optional<std::string>> found(keys.size());
  if (keys.empty()) {
    return found;
  }
  std::vector<std::string> argv = {"MGET"};
  argv.insert(argv.end(), keys.begin(), keys.end());
  auto reply = redis.Command(argv);
  if (!reply.ok()) {
    return reply.status();
  }
  for (size_t i = 0; i < keys.size() && i < reply->size(); ++i) {
    const redisReply* element = reply->element(i);
    if (element != nullptr && !ReplyIsNil(element)) {
      found[i] = std::string(ReplyString(element));
    }
  }
  return found;
}

// Loads the AtomicWrite script and sets the schema version key, or checks it equals `version`.
inline absl::Status InitializeStoreSchema(RedisClient& redis, std::string_view schema_key, std::string_view version) {
  absl::Status loaded = redis.LoadScripts({&AtomicWriteScript()});
  if (!loaded.ok()) {
    return loaded;
  }
  auto reply = redis.Command({"SET", std::string(schema_key), std::string(version), "NX", "GET"});
  if (!reply.ok()) {
    return reply.status();
  }
  if (!reply->is_nil() && reply->str() != version) {
    return absl::FailedPreconditionError(Concat("the store has schema version ", reply->str(), "; this build expects ",
                                                version, " (run the migration first)"));
  }
  return absl::OkStatus();
}

}  // namespace skillbridge

#include "common/redis/atomic_write.h"

#include <cmath>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace skillbridge {
namespace lua_sources {
// Defined in the .cc generated from common/redis/lua/atomic_write.lua.
std::string_view AtomicWriteSource();
}  // namespace lua_sources

namespace {

constexpr char kEncodingVersion[] = "sbaw1";
constexpr size_t kHeaderWidth = 9;
constexpr size_t kGuardWidth = 6;
constexpr size_t kOpWidth = 5;

absl::Status Invalid(size_t index, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("atomic write ", index, ": ", what));
}

// Rejects writes the script would refuse as malformed, or that would fail half-way.
absl::Status Validate(size_t index, const AtomicWrite& write) {
  if (!write.idempotency_key.empty() && write.idempotency_ttl_seconds <= 0) {
    return Invalid(index, "idempotency_ttl_seconds must be positive");
  }
  for (size_t g = 0; g < write.guards.size(); ++g) {
    if (write.guards[g].key.empty()) {
      return Invalid(index, absl::StrCat("guard ", g, " has an empty key"));
    }
  }
  for (size_t o = 0; o < write.ops.size(); ++o) {
    const RedisOp& op = write.ops[o];
    if (op.key.empty()) {
      return Invalid(index, absl::StrCat("op ", o, " has an empty key"));
    }
    if (op.kind == RedisOp::Kind::kZAdd && std::isnan(op.score)) {
      return Invalid(index, absl::StrCat("op ", o, " has a NaN score"));
    }
  }
  return absl::OkStatus();
}

std::string OpNumber(const RedisOp& op) {
  switch (op.kind) {
    case RedisOp::Kind::kHIncrBy:
    case RedisOp::Kind::kIncrBy:
      return std::to_string(op.amount);
    case RedisOp::Kind::kZAdd:
      return absl::StrFormat("%.17g", op.score);
    default:
      return std::string();
  }
}

// Flattens the writes into the script's ARGV layout (see lua/atomic_write.lua).
std::vector<std::string> Encode(const std::vector<AtomicWrite>& writes) {
  size_t total = 2;
  for (const AtomicWrite& write : writes) {
    total += kHeaderWidth + write.guards.size() * kGuardWidth + write.ops.size() * kOpWidth;
  }
  std::vector<std::string> args;
  args.reserve(total);
  args.emplace_back(kEncodingVersion);
  args.push_back(std::to_string(writes.size()));
  for (const AtomicWrite& write : writes) {
    args.push_back(write.idempotency_key);
    args.push_back(write.idempotency_key.empty() ? std::string() : write.idempotency_value);
    args.push_back(std::to_string(write.idempotency_ttl_seconds));
    args.push_back(write.event_stream);
    args.push_back(write.event_stream.empty() ? std::string() : write.event_payload);
    args.push_back(write.audit_stream);
    args.push_back(write.audit_stream.empty() ? std::string() : write.audit_payload);
    args.push_back(std::to_string(write.guards.size()));
    args.push_back(std::to_string(write.ops.size()));
    for (const RedisGuard& guard : write.guards) {
      args.push_back(std::to_string(static_cast<int>(guard.kind)));
      args.push_back(guard.key);
      args.push_back(guard.field);
      args.push_back(guard.value);
      args.push_back(std::to_string(guard.limit));
      args.push_back(guard.reason);
    }
    for (const RedisOp& op : write.ops) {
      args.push_back(std::to_string(static_cast<int>(op.kind)));
      args.push_back(op.key);
      args.push_back(op.field);
      args.push_back(op.value);
      args.push_back(OpNumber(op));
    }
  }
  return args;
}

absl::Status BadReply(absl::string_view what) {
  return absl::InternalError(absl::StrCat("atomic write script returned an unexpected reply: ", what));
}

absl::StatusOr<AtomicWriteResult> DecodeResult(const redisReply* item) {
  if (ReplySize(item) < 2) {
    return BadReply("result is not an array of at least 2");
  }
  AtomicWriteResult result;
  const long long outcome = ReplyInteger(ReplyElement(item, 0));
  const std::string_view text = ReplyString(ReplyElement(item, 1));
  switch (outcome) {
    case 0:
      result.outcome = AtomicWriteResult::Outcome::kApplied;
      result.event_id = std::string(text);
      return result;
    case 1:
      result.outcome = AtomicWriteResult::Outcome::kReplayed;
      result.replay_value = std::string(text);
      return result;
    case 2:
      if (ReplySize(item) < 3) {
        return BadReply("refusal without guard index");
      }
      result.outcome = AtomicWriteResult::Outcome::kRefused;
      result.refused_reason = std::string(text);
      result.refused_guard = static_cast<int>(ReplyInteger(ReplyElement(item, 2)));
      return result;
    default:
      return BadReply("unknown outcome");
  }
}

}  // namespace

const LuaScript& AtomicWriteScript() {
  static const LuaScript* const script = new LuaScript("atomic_write", std::string(lua_sources::AtomicWriteSource()));
  return *script;
}

absl::StatusOr<std::vector<AtomicWriteResult>> ApplyAtomicWrites(RedisClient& redis,
                                                                 const std::vector<AtomicWrite>& writes) {
  if (writes.empty()) {
    return std::vector<AtomicWriteResult>();
  }
  for (size_t i = 0; i < writes.size(); ++i) {
    if (absl::Status status = Validate(i, writes[i]); !status.ok()) {
      return status;
    }
  }
  absl::StatusOr<RedisReply> reply = redis.Eval(AtomicWriteScript(), {}, Encode(writes));
  if (!reply.ok()) {
    return reply.status();
  }
  if (!reply->is_array() || reply->size() != writes.size()) {
    return BadReply("result count differs from write count");
  }
  std::vector<AtomicWriteResult> results;
  results.reserve(writes.size());
  for (size_t i = 0; i < reply->size(); ++i) {
    absl::StatusOr<AtomicWriteResult> result = DecodeResult(reply->element(i));
    if (!result.ok()) {
      return result.status();
    }
    results.push_back(*std::move(result));
  }
  return results;
}

absl::StatusOr<AtomicWriteResult> ApplyAtomicWrite(RedisClient& redis, const AtomicWrite& write) {
  absl::StatusOr<std::vector<AtomicWriteResult>> results = ApplyAtomicWrites(redis, {write});
  if (!results.ok()) {
    return results.status();
  }
  return std::move(results->front());
}

}  // namespace skillbridge

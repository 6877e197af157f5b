#include "common/redis/atomic_write.h"

#include <cmath>
#include <string_view>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/redis/msgpack_writer.h"

namespace skillbridge {
namespace lua_sources {
// Defined in the .cc generated from common/redis/lua/atomic_write.lua.
std::string_view AtomicWriteSource();
}  // namespace lua_sources

namespace {

constexpr char kEncodingVersion[] = "sbaw3";

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
    if (op.kind == RedisOp::Kind::kHAppend && (op.value.empty() || op.value.find(' ') != std::string::npos)) {
      return Invalid(index, absl::StrCat("op ", o, " appends an empty token or one with a space"));
    }
  }
  if (write.sequence.has_value()) {
    const RedisSequence& sequence = *write.sequence;
    if (sequence.key.empty() || sequence.marker.empty()) {
      return Invalid(index, "a sequence needs a counter key and a marker");
    }
    if (sequence.width < 1 || sequence.width > 18) {
      return Invalid(index, "a sequence is 1 to 18 digits wide");
    }
    if (sequence.prefix.size() + static_cast<size_t>(sequence.width) + sequence.suffix.size() !=
        sequence.marker.size()) {
      return Invalid(index, "the sequence text is not as long as its marker");
    }
    int64_t widest = 1;
    for (int d = 0; d < sequence.width; ++d) {
      widest *= 10;
    }
    if (sequence.max < 1 || sequence.max > widest - 1) {
      return Invalid(index, "the sequence max does not fit its width");
    }
  }
  return absl::OkStatus();
}

// The string arguments (a, b) of a guard or op, as lua/atomic_write.lua reads them per kind.
std::vector<std::string_view> GuardArgs(const RedisGuard& guard, std::string& number) {
  using Kind = RedisGuard::Kind;
  switch (guard.kind) {
    case Kind::kKeyAbsent:
    case Kind::kKeyPresent:
      return {};
    case Kind::kValueEquals:
    case Kind::kNotSetMember:
      return {guard.value};
    case Kind::kHashFieldAbsent:
      return {guard.field};
    case Kind::kHashFieldEquals:
      return {guard.field, guard.value};
    case Kind::kHashFieldBelow:
    case Kind::kHashFieldAtLeast:
      number = std::to_string(guard.limit);
      return {guard.field, number};
    case Kind::kSetSizeBelow:
      number = std::to_string(guard.limit);
      return {number};
  }
  return {};
}

std::vector<std::string_view> OpArgs(const RedisOp& op, std::string& number) {
  using Kind = RedisOp::Kind;
  switch (op.kind) {
    case Kind::kSet:
    case Kind::kSAdd:
    case Kind::kSRem:
    case Kind::kZRem:
      return {op.value};
    case Kind::kDel:
      return {};
    case Kind::kHSet:
    case Kind::kHAppend:
      return {op.field, op.value};
    case Kind::kHDel:
      return {op.field};
    case Kind::kHIncrBy:
      number = std::to_string(op.amount);
      return {op.field, number};
    case Kind::kZAdd:
      number = absl::StrFormat("%.17g", op.score);
      return {op.value, number};
    case Kind::kIncrBy:
      number = std::to_string(op.amount);
      return {number};
  }
  return {};
}

// Which of `strings` hold `marker` (bit i for strings[i]); 0 without a marker.
uint32_t Marks(std::string_view marker, std::initializer_list<std::string_view> strings) {
  uint32_t marks = 0;
  uint32_t bit = 1;
  for (std::string_view text : strings) {
    if (!marker.empty() && text.find(marker) != std::string_view::npos) {
      marks |= bit;
    }
    bit <<= 1;
  }
  return marks;
}

uint32_t ItemMarks(std::string_view marker, std::string_view key, const std::vector<std::string_view>& args) {
  return Marks(marker,
               {key, args.empty() ? std::string_view() : args[0], args.size() < 2 ? std::string_view() : args[1]});
}

// The script's input (see lua/atomic_write.lua): one MessagePack array of writes.
std::string Encode(const std::vector<AtomicWrite>& writes) {
  MsgpackWriter out;
  out.Array(static_cast<uint32_t>(writes.size()));
  std::string number;
  for (const AtomicWrite& write : writes) {
    const std::string_view marker =
        write.sequence.has_value() ? std::string_view(write.sequence->marker) : std::string_view();
    const std::string_view idempotency_value =
        write.idempotency_key.empty() ? std::string_view() : std::string_view(write.idempotency_value);
    const std::string_view event_payload =
        write.event_stream.empty() ? std::string_view() : std::string_view(write.event_payload);
    const std::string_view audit_payload =
        write.audit_stream.empty() ? std::string_view() : std::string_view(write.audit_payload);
    out.Array(11);
    out.String(write.idempotency_key);
    out.String(idempotency_value);
    out.String(std::to_string(write.idempotency_ttl_seconds));
    out.String(write.event_stream);
    out.String(event_payload);
    out.String(write.audit_stream);
    out.String(audit_payload);
    out.Array(static_cast<uint32_t>(write.guards.size()));
    for (const RedisGuard& guard : write.guards) {
      const std::vector<std::string_view> args = GuardArgs(guard, number);
      out.Array(static_cast<uint32_t>(4 + args.size()));
      out.SmallInt(static_cast<uint32_t>(guard.kind));
      out.String(guard.key);
      out.String(guard.reason);
      out.SmallInt(ItemMarks(marker, guard.key, args));
      for (std::string_view arg : args) {
        out.String(arg);
      }
    }
    out.Array(static_cast<uint32_t>(write.ops.size()));
    for (const RedisOp& op : write.ops) {
      const std::vector<std::string_view> args = OpArgs(op, number);
      out.Array(static_cast<uint32_t>(3 + args.size()));
      out.SmallInt(static_cast<uint32_t>(op.kind));
      out.String(op.key);
      out.SmallInt(ItemMarks(marker, op.key, args));
      for (std::string_view arg : args) {
        out.String(arg);
      }
    }
    if (!write.sequence.has_value()) {
      out.Array(0);
    } else {
      const RedisSequence& sequence = *write.sequence;
      out.Array(7);
      out.String(sequence.key);
      out.String(sequence.marker);
      out.String(sequence.prefix);
      out.String(std::to_string(sequence.width));
      out.String(sequence.suffix);
      out.String(std::to_string(sequence.max));
      out.String(sequence.exhausted_reason);
    }
    out.SmallInt(Marks(marker, {idempotency_value, std::string_view(), write.event_stream, event_payload,
                                write.audit_stream, audit_payload}));
  }
  return out.Release();
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
      if (ReplySize(item) >= 3) {
        result.sequence_text = std::string(ReplyString(ReplyElement(item, 2)));
      }
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

// The stored batch record: an optional "#fingerprint" line, then "label TAB outcome TAB text TAB
// extra" lines (see the script).
absl::StatusOr<std::vector<std::pair<std::string, AtomicWriteResult>>> ParseBatchRecord(absl::string_view stored,
                                                                                        std::string* fingerprint) {
  std::vector<std::pair<std::string, AtomicWriteResult>> recorded;
  if (stored.empty()) {
    return recorded;
  }
  for (absl::string_view line : absl::StrSplit(stored, '\n')) {
    if (!line.empty() && line[0] == '#') {
      *fingerprint = std::string(line.substr(1));
      continue;
    }
    const std::vector<absl::string_view> parts = absl::StrSplit(line, '\t');
    int outcome = -1;
    if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &outcome)) {
      return BadReply("a batch record line is malformed");
    }
    AtomicWriteResult result;
    if (outcome == 0) {
      result.outcome = AtomicWriteResult::Outcome::kApplied;
      result.event_id = std::string(parts[2]);
      result.sequence_text = std::string(parts[3]);
    } else if (outcome == 2) {
      result.outcome = AtomicWriteResult::Outcome::kRefused;
      result.refused_reason = std::string(parts[2]);
      if (!absl::SimpleAtoi(parts[3], &result.refused_guard)) {
        return BadReply("a batch record line has a bad guard index");
      }
    } else {
      return BadReply("a batch record line has an unknown outcome");
    }
    recorded.emplace_back(std::string(parts[0]), std::move(result));
  }
  return recorded;
}

}  // namespace

std::string SequenceMarker(size_t length) { return std::string(length, '\x1E'); }

RedisSequence IdSequence(std::string key, std::string prefix, int width) {
  RedisSequence sequence;
  sequence.key = std::move(key);
  sequence.marker = SequenceMarker(prefix.size() + static_cast<size_t>(width));
  sequence.prefix = std::move(prefix);
  sequence.width = width;
  int64_t widest = 1;
  for (int d = 0; d < width && d < 18; ++d) {
    widest *= 10;
  }
  sequence.max = widest - 1;
  sequence.exhausted_reason = "IDS_EXHAUSTED";
  return sequence;
}

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
  absl::StatusOr<RedisReply> reply = redis.Eval(AtomicWriteScript(), {}, {kEncodingVersion, Encode(writes)});
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

absl::StatusOr<AtomicBatchOutcome> ApplyAtomicBatch(RedisClient& redis, const std::vector<AtomicWrite>& writes,
                                                    const AtomicBatchRecord& record) {
  if (!record.key.empty() && record.ttl_seconds <= 0) {
    return absl::InvalidArgumentError("atomic batch: a record key needs a positive ttl");
  }
  if (record.labels.size() != writes.size()) {
    return absl::InvalidArgumentError("atomic batch: one label per write");
  }
  for (size_t i = 0; i < writes.size(); ++i) {
    if (!writes[i].idempotency_key.empty()) {
      return Invalid(i, "a write of a batch with a record has no idempotency key of its own");
    }
    if (record.labels[i].find_first_of("\t\n") != std::string::npos ||
        (!record.labels[i].empty() && record.labels[i][0] == '#')) {
      return Invalid(i, "its label holds a TAB or LF or starts with '#'");
    }
    if (absl::Status status = Validate(i, writes[i]); !status.ok()) {
      return status;
    }
  }
  if (record.fingerprint.find_first_of("\t\n") != std::string::npos) {
    return absl::InvalidArgumentError("atomic batch: the fingerprint holds a TAB or LF");
  }
  MsgpackWriter envelope;
  envelope.Array(6);
  envelope.String(record.key);
  envelope.String(std::to_string(record.ttl_seconds));
  envelope.Array(static_cast<uint32_t>(record.labels.size()));
  for (const std::string& label : record.labels) {
    envelope.String(label);
  }
  envelope.String(record.audit_stream);
  envelope.String(record.audit_stream.empty() ? std::string_view() : std::string_view(record.audit_payload));
  envelope.String(record.fingerprint);
  absl::StatusOr<RedisReply> reply =
      redis.Eval(AtomicWriteScript(), {}, {kEncodingVersion, Encode(writes), envelope.Release()});
  if (!reply.ok()) {
    return reply.status();
  }
  AtomicBatchOutcome outcome;
  if (!reply->is_array()) {
    return BadReply("not an array");
  }
  if (reply->size() == 1 && ReplyInteger(ReplyElement(reply->element(0), 0)) == 3) {
    outcome.replayed = true;
    absl::StatusOr<std::vector<std::pair<std::string, AtomicWriteResult>>> recorded =
        ParseBatchRecord(std::string(ReplyString(ReplyElement(reply->element(0), 1))), &outcome.recorded_fingerprint);
    if (!recorded.ok()) {
      return recorded.status();
    }
    outcome.recorded = *std::move(recorded);
    return outcome;
  }
  if (reply->size() != writes.size()) {
    return BadReply("result count differs from write count");
  }
  outcome.results.reserve(writes.size());
  for (size_t i = 0; i < reply->size(); ++i) {
    absl::StatusOr<AtomicWriteResult> result = DecodeResult(reply->element(i));
    if (!result.ok()) {
      return result.status();
    }
    outcome.results.push_back(*std::move(result));
  }
  return outcome;
}

absl::StatusOr<AtomicWriteResult> ApplyAtomicWrite(RedisClient& redis, const AtomicWrite& write) {
  absl::StatusOr<std::vector<AtomicWriteResult>> results = ApplyAtomicWrites(redis, {write});
  if (!results.ok()) {
    return results.status();
  }
  return std::move(results->front());
}

}  // namespace skillbridge

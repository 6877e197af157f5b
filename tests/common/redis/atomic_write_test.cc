#include "common/redis/atomic_write.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/redis/msgpack_writer.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace skillbridge {
namespace {

using ::skillbridge::testing::RedisServerProcess;
using ::skillbridge::testing::RedisTest;
using Outcome = AtomicWriteResult::Outcome;

RedisGuard Guard(RedisGuard::Kind kind, std::string key, std::string field = "", std::string value = "",
                 int64_t limit = 0, std::string reason = "GUARD_FAILED") {
  RedisGuard guard;
  guard.kind = kind;
  guard.key = std::move(key);
  guard.field = std::move(field);
  guard.value = std::move(value);
  guard.limit = limit;
  guard.reason = std::move(reason);
  return guard;
}

RedisOp Op(RedisOp::Kind kind, std::string key, std::string field = "", std::string value = "", int64_t amount = 0,
           double score = 0) {
  RedisOp op;
  op.kind = kind;
  op.key = std::move(key);
  op.field = std::move(field);
  op.value = std::move(value);
  op.amount = amount;
  op.score = score;
  return op;
}

class AtomicWriteTest : public RedisTest {
 protected:
  std::string Get(const std::string& key) {
    absl::StatusOr<RedisReply> reply = redis().Command({"GET", key});
    return reply.ok() && !reply->is_nil() ? std::string(reply->str()) : std::string("<nil>");
  }
  long long Integer(const std::vector<std::string>& argv) {
    absl::StatusOr<RedisReply> reply = redis().Command(argv);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? reply->integer() : -1;
  }
  long long KeyCount() { return Integer({"DBSIZE"}); }
};

TEST_F(AtomicWriteTest, AppliesEveryOpKindInOrderWithEventAuditAndIdempotency) {
  ASSERT_TRUE(redis().Command({"SET", "gone", "x"}).ok());
  ASSERT_TRUE(redis().Command({"HSET", "h", "old", "1"}).ok());
  ASSERT_TRUE(redis().Command({"SADD", "s", "stale"}).ok());
  ASSERT_TRUE(redis().Command({"ZADD", "z", "0", "stale"}).ok());

  const std::string payload("\x08\x01\x12\x00\xff\r\n", 7);  // binary, like a serialized proto
  AtomicWrite write;
  write.ops = {
      Op(RedisOp::Kind::kSet, "rec", "", payload),      Op(RedisOp::Kind::kDel, "gone"),
      Op(RedisOp::Kind::kHSet, "h", "f", "v"),          Op(RedisOp::Kind::kHDel, "h", "old"),
      Op(RedisOp::Kind::kHIncrBy, "h", "n", "", 3),     Op(RedisOp::Kind::kHIncrBy, "h", "n", "", -1),
      Op(RedisOp::Kind::kSAdd, "s", "", "m"),           Op(RedisOp::Kind::kSRem, "s", "", "stale"),
      Op(RedisOp::Kind::kZAdd, "z", "", "a", 0, 1.5),   Op(RedisOp::Kind::kZAdd, "z", "", "b", 0, 0.1),
      Op(RedisOp::Kind::kZRem, "z", "", "stale"),       Op(RedisOp::Kind::kIncrBy, "counter", "", "", 41),
      Op(RedisOp::Kind::kIncrBy, "counter", "", "", 1), Op(RedisOp::Kind::kHAppend, "h", "list", "t1"),
      Op(RedisOp::Kind::kHAppend, "h", "list", "t2"),
  };
  write.event_stream = "svc:events";
  write.event_payload = payload;
  write.audit_stream = "svc:audit";
  write.audit_payload = "audit\0entry";
  write.idempotency_key = "svc:idem:r1";
  write.idempotency_value = "result-1";
  write.idempotency_ttl_seconds = 3600;

  absl::StatusOr<AtomicWriteResult> result = ApplyAtomicWrite(redis(), write);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->outcome, Outcome::kApplied);
  EXPECT_FALSE(result->event_id.empty());

  EXPECT_EQ(Get("rec"), payload);
  EXPECT_EQ(Integer({"EXISTS", "gone"}), 0);
  EXPECT_EQ(redis().Command({"HGET", "h", "f"})->str(), "v");
  EXPECT_EQ(Integer({"HEXISTS", "h", "old"}), 0);
  EXPECT_EQ(redis().Command({"HGET", "h", "n"})->str(), "2");
  EXPECT_EQ(redis().Command({"HGET", "h", "list"})->str(), "t1 t2");
  EXPECT_EQ(Integer({"SISMEMBER", "s", "m"}), 1);
  EXPECT_EQ(Integer({"SISMEMBER", "s", "stale"}), 0);
  absl::StatusOr<RedisReply> zset = redis().Command({"ZRANGE", "z", "0", "-1", "WITHSCORES"});
  ASSERT_TRUE(zset.ok());
  ASSERT_EQ(zset->size(), 4u);
  EXPECT_EQ(ReplyString(zset->element(0)), "b");
  EXPECT_DOUBLE_EQ(std::stod(std::string(ReplyString(zset->element(1)))), 0.1);
  EXPECT_EQ(ReplyString(zset->element(2)), "a");
  EXPECT_EQ(Get("counter"), "42");
  EXPECT_EQ(Get("svc:idem:r1"), "result-1");
  const long long ttl = Integer({"TTL", "svc:idem:r1"});
  EXPECT_GT(ttl, 3000);
  EXPECT_LE(ttl, 3600);

  absl::StatusOr<RedisReply> events = redis().Command({"XRANGE", "svc:events", "-", "+"});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(ReplyString(ReplyElement(events->element(0), 0)), result->event_id);
  const redisReply* fields = ReplyElement(events->element(0), 1);
  EXPECT_EQ(ReplyString(ReplyElement(fields, 0)), "e");
  EXPECT_EQ(ReplyString(ReplyElement(fields, 1)), payload);
  absl::StatusOr<RedisReply> audit = redis().Command({"XRANGE", "svc:audit", "-", "+"});
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  const redisReply* audit_fields = ReplyElement(audit->element(0), 1);
  EXPECT_EQ(ReplyString(ReplyElement(audit_fields, 0)), "a");
  EXPECT_EQ(ReplyString(ReplyElement(audit_fields, 1)), write.audit_payload);
}

TEST_F(AtomicWriteTest, ReplaysIdempotentWriteWithoutApplyingAgain) {
  AtomicWrite write;
  write.idempotency_key = "idem:1";
  write.idempotency_value = "first-result";
  write.ops = {Op(RedisOp::Kind::kIncrBy, "n", "", "", 1)};
  write.event_stream = "ev";
  write.event_payload = "p";
  ASSERT_EQ(ApplyAtomicWrite(redis(), write)->outcome, Outcome::kApplied);

  write.idempotency_value = "second-result";
  absl::StatusOr<AtomicWriteResult> replay = ApplyAtomicWrite(redis(), write);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->outcome, Outcome::kReplayed);
  EXPECT_EQ(replay->replay_value, "first-result");
  EXPECT_TRUE(replay->event_id.empty());
  EXPECT_EQ(Get("n"), "1");
  EXPECT_EQ(Integer({"XLEN", "ev"}), 1);
  EXPECT_EQ(Get("idem:1"), "first-result");
}

struct GuardCase {
  const char* name;
  RedisGuard guard;
  bool holds;
};

TEST_F(AtomicWriteTest, EveryGuardKindHoldsAndFails) {
  const std::vector<std::vector<std::string>> setup = {
      {"SET", "str", "value"},
      {"HSET", "hash", "f", "abc", "count", "3", "text", "x"},
      {"SADD", "set", "a", "b", "c"},
  };
  using K = RedisGuard::Kind;
  const std::vector<GuardCase> cases = {
      {"KeyAbsent/holds", Guard(K::kKeyAbsent, "missing"), true},
      {"KeyAbsent/fails", Guard(K::kKeyAbsent, "str"), false},
      {"KeyPresent/holds", Guard(K::kKeyPresent, "hash"), true},
      {"KeyPresent/fails", Guard(K::kKeyPresent, "missing"), false},
      {"ValueEquals/holds", Guard(K::kValueEquals, "str", "", "value"), true},
      {"ValueEquals/fails", Guard(K::kValueEquals, "str", "", "other"), false},
      {"ValueEquals/missing", Guard(K::kValueEquals, "missing", "", ""), false},
      {"HashFieldAbsent/holds", Guard(K::kHashFieldAbsent, "hash", "nope"), true},
      {"HashFieldAbsent/fails", Guard(K::kHashFieldAbsent, "hash", "f"), false},
      {"HashFieldEquals/holds", Guard(K::kHashFieldEquals, "hash", "f", "abc"), true},
      {"HashFieldEquals/missingIsEmpty", Guard(K::kHashFieldEquals, "hash", "nope", ""), true},
      {"HashFieldEquals/fails", Guard(K::kHashFieldEquals, "hash", "f", "abd"), false},
      {"HashFieldBelow/holds", Guard(K::kHashFieldBelow, "hash", "count", "", 4), true},
      {"HashFieldBelow/atLimit", Guard(K::kHashFieldBelow, "hash", "count", "", 3), false},
      {"HashFieldBelow/missingIsZero", Guard(K::kHashFieldBelow, "hash", "nope", "", 1), true},
      {"HashFieldBelow/missingAtZero", Guard(K::kHashFieldBelow, "absent", "x", "", 0), false},
      {"HashFieldBelow/notNumber", Guard(K::kHashFieldBelow, "hash", "text", "", 100), false},
      {"SetSizeBelow/holds", Guard(K::kSetSizeBelow, "set", "", "", 4), true},
      {"SetSizeBelow/fails", Guard(K::kSetSizeBelow, "set", "", "", 3), false},
      {"NotSetMember/holds", Guard(K::kNotSetMember, "set", "", "z"), true},
      {"NotSetMember/fails", Guard(K::kNotSetMember, "set", "", "b"), false},
      {"HashFieldAtLeast/holds", Guard(K::kHashFieldAtLeast, "hash", "count", "", 3), true},
      {"HashFieldAtLeast/below", Guard(K::kHashFieldAtLeast, "hash", "count", "", 4), false},
      {"HashFieldAtLeast/missing", Guard(K::kHashFieldAtLeast, "hash", "nope", "", 0), false},
      {"HashFieldAtLeast/notNumber", Guard(K::kHashFieldAtLeast, "hash", "text", "", 0), false},
  };
  for (const GuardCase& c : cases) {
    ASSERT_TRUE(redis().Command({"FLUSHALL"}).ok());
    ASSERT_TRUE(redis().Pipeline(setup).ok());
    AtomicWrite write;
    RedisGuard always = Guard(K::kKeyAbsent, "never-there");
    write.guards = {always, c.guard};
    write.guards[1].reason = "THE_REASON";
    write.ops = {Op(RedisOp::Kind::kSet, "written", "", "1")};
    absl::StatusOr<AtomicWriteResult> result = ApplyAtomicWrite(redis(), write);
    ASSERT_TRUE(result.ok()) << c.name << ": " << result.status();
    if (c.holds) {
      EXPECT_EQ(result->outcome, Outcome::kApplied) << c.name;
      EXPECT_EQ(Get("written"), "1") << c.name;
    } else {
      EXPECT_EQ(result->outcome, Outcome::kRefused) << c.name;
      EXPECT_EQ(result->refused_reason, "THE_REASON") << c.name;
      EXPECT_EQ(result->refused_guard, 1) << c.name;
      EXPECT_EQ(Get("written"), "<nil>") << c.name;
    }
  }
}

TEST_F(AtomicWriteTest, RefusalWritesNothing) {
  ASSERT_TRUE(redis().Command({"SET", "taken", "1"}).ok());
  AtomicWrite write;
  write.guards = {Guard(RedisGuard::Kind::kKeyPresent, "taken", "", "", 0, "FIRST"),
                  Guard(RedisGuard::Kind::kKeyAbsent, "taken", "", "", 0, "DUPLICATE"),
                  Guard(RedisGuard::Kind::kKeyAbsent, "other", "", "", 0, "NEVER_CHECKED")};
  write.ops = {Op(RedisOp::Kind::kSet, "a", "", "1"), Op(RedisOp::Kind::kSAdd, "b", "", "m")};
  write.event_stream = "ev";
  write.audit_stream = "au";
  write.idempotency_key = "idem";
  write.idempotency_value = "v";
  absl::StatusOr<AtomicWriteResult> result = ApplyAtomicWrite(redis(), write);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->outcome, Outcome::kRefused);
  EXPECT_EQ(result->refused_reason, "DUPLICATE");
  EXPECT_EQ(result->refused_guard, 1);
  EXPECT_EQ(KeyCount(), 1);  // only "taken"
}

// No type checks: a key given another type by hand fails the call at the command that meets it;
// the writes of the batch before it stay applied (documented in atomic_write.h).
TEST_F(AtomicWriteTest, WrongTypeKeyFailsTheCallWithEarlierWritesApplied) {
  ASSERT_TRUE(redis().Command({"SET", "str", "x"}).ok());
  AtomicWrite first;
  first.ops = {Op(RedisOp::Kind::kSet, "a", "", "1")};
  AtomicWrite second;
  second.ops = {Op(RedisOp::Kind::kSAdd, "str", "", "m")};
  absl::StatusOr<std::vector<AtomicWriteResult>> results = ApplyAtomicWrites(redis(), {first, second});
  EXPECT_FALSE(results.ok());
  EXPECT_EQ(Get("a"), "1");
}

TEST_F(AtomicWriteTest, LaterItemsSeeEarlierOnesInABatch) {
  AtomicWrite claim;
  claim.guards = {Guard(RedisGuard::Kind::kNotSetMember, "certs", "", "C-1", 0, "DUPLICATE_CERTIFICATE")};
  claim.ops = {Op(RedisOp::Kind::kSAdd, "certs", "", "C-1")};
  claim.event_stream = "ev";
  claim.event_payload = "claim";
  AtomicWrite other = claim;
  other.guards[0].value = "C-2";
  other.ops[0].value = "C-2";

  absl::StatusOr<std::vector<AtomicWriteResult>> results = ApplyAtomicWrites(redis(), {claim, claim, other});
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].outcome, Outcome::kApplied);
  EXPECT_EQ((*results)[1].outcome, Outcome::kRefused);
  EXPECT_EQ((*results)[1].refused_reason, "DUPLICATE_CERTIFICATE");
  EXPECT_EQ((*results)[1].refused_guard, 0);
  EXPECT_EQ((*results)[2].outcome, Outcome::kApplied);  // a refusal does not stop the others
  EXPECT_EQ(Integer({"SCARD", "certs"}), 2);
  EXPECT_EQ(Integer({"XLEN", "ev"}), 2);

  // Same idempotency key twice in one batch: the second replays the first.
  AtomicWrite idem;
  idem.idempotency_key = "idem:x";
  idem.idempotency_value = "one";
  idem.ops = {Op(RedisOp::Kind::kIncrBy, "n", "", "", 1)};
  results = ApplyAtomicWrites(redis(), {idem, idem});
  ASSERT_TRUE(results.ok());
  EXPECT_EQ((*results)[0].outcome, Outcome::kApplied);
  EXPECT_EQ((*results)[1].outcome, Outcome::kReplayed);
  EXPECT_EQ((*results)[1].replay_value, "one");
  EXPECT_EQ(Get("n"), "1");
}

// A sequence numbers each applied write from its counter, gap-free: a write refused by a guard
// or by the limit takes no number. The number replaces the marker everywhere in the write.
TEST_F(AtomicWriteTest, SequenceNumbersAppliedWritesOnlyAndReplacesTheMarker) {
  const std::string marker = SequenceMarker(10);
  auto numbered = [&marker](const std::string& person) {
    AtomicWrite write;
    write.sequence = RedisSequence{"serial", marker, "CN", 6, "XY", 3, "SERIALS_EXHAUSTED"};
    write.guards = {Guard(RedisGuard::Kind::kNotSetMember, "persons", "", person, 0, "DUPLICATE")};
    write.ops = {Op(RedisOp::Kind::kSet, "rec:" + marker, "", "number=" + marker + ";person=" + person + ";" + marker),
                 Op(RedisOp::Kind::kSAdd, "persons", "", person), Op(RedisOp::Kind::kZAdd, "idx", "", marker, 0, 0)};
    write.event_stream = "ev";
    write.event_payload = "issued " + marker;
    write.idempotency_key = "idem:" + person;
    write.idempotency_value = "response " + marker;
    return write;
  };
  absl::StatusOr<std::vector<AtomicWriteResult>> results =
      ApplyAtomicWrites(redis(), {numbered("p1"), numbered("p1"), numbered("p2")});
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ((*results)[0].outcome, Outcome::kApplied);
  EXPECT_EQ((*results)[0].sequence_text, "CN000001XY");
  EXPECT_EQ((*results)[1].outcome, Outcome::kReplayed);  // same idempotency key: no number taken
  EXPECT_EQ((*results)[1].replay_value, "response CN000001XY");
  EXPECT_EQ((*results)[2].sequence_text, "CN000002XY");
  EXPECT_EQ(Get("rec:CN000001XY"), "number=CN000001XY;person=p1;CN000001XY");
  EXPECT_EQ(Get("rec:CN000002XY"), "number=CN000002XY;person=p2;CN000002XY");
  EXPECT_EQ(Integer({"ZSCORE", "idx", "CN000002XY"}), 0);

  AtomicWrite duplicate = numbered("p2");
  duplicate.idempotency_key.clear();
  results = ApplyAtomicWrites(redis(), {duplicate, numbered("p3"), numbered("p4")});
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ((*results)[0].outcome, Outcome::kRefused);
  EXPECT_EQ((*results)[0].refused_reason, "DUPLICATE");
  EXPECT_EQ((*results)[1].sequence_text, "CN000003XY");  // the refused write took no number
  EXPECT_EQ((*results)[2].outcome, Outcome::kRefused);   // max 3: exhausted
  EXPECT_EQ((*results)[2].refused_reason, "SERIALS_EXHAUSTED");
  EXPECT_EQ((*results)[2].refused_guard, -1);
  EXPECT_EQ(Get("serial"), "3");
  EXPECT_EQ(Get("rec:" + marker), "<nil>");
  EXPECT_EQ(Integer({"XLEN", "ev"}), 3);
}

TEST_F(AtomicWriteTest, SequenceShapeIsCheckedBeforeSending) {
  AtomicWrite write;
  write.sequence = RedisSequence{"serial", SequenceMarker(8), "CN", 6, "XY", 999999, "X"};  // 10 != 8
  write.ops = {Op(RedisOp::Kind::kSet, "a", "", "1")};
  EXPECT_EQ(ApplyAtomicWrite(redis(), write).status().code(), absl::StatusCode::kInvalidArgument);
  write.sequence = RedisSequence{"serial", SequenceMarker(3), "", 3, "", 1000, "X"};  // max needs 4 digits
  EXPECT_EQ(ApplyAtomicWrite(redis(), write).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(KeyCount(), 0);
}

// IdSequence: a record id "<prefix><width digits>", drawn in the write like any sequence.
TEST_F(AtomicWriteTest, IdSequenceDrawsPrefixedZeroPaddedIds) {
  const RedisSequence id = IdSequence("seq:claim", "SC", 10);
  EXPECT_EQ(id.marker, SequenceMarker(12));
  EXPECT_EQ(id.max, 9999999999);
  AtomicWrite write;
  write.sequence = id;
  write.ops = {Op(RedisOp::Kind::kSet, "claim:" + id.marker, "", "id=" + id.marker)};
  absl::StatusOr<AtomicWriteResult> result = ApplyAtomicWrite(redis(), write);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->sequence_text, "SC0000000001");
  EXPECT_EQ(Get("claim:SC0000000001"), "id=SC0000000001");
}

// Stream ids compare as (ms, seq).
bool IdLess(const std::string& a, const std::string& b) {
  auto split = [](const std::string& id) {
    const size_t dash = id.find('-');
    return std::make_pair(std::stoull(id.substr(0, dash)), std::stoull(id.substr(dash + 1)));
  };
  return split(a) < split(b);
}

TEST_F(AtomicWriteTest, LargeBatchWithIncreasingEventIds) {
  constexpr int kItems = 5000;
  std::vector<AtomicWrite> writes;
  writes.reserve(kItems);
  for (int i = 0; i < kItems; ++i) {
    AtomicWrite write;
    const std::string id = std::to_string(i);
    write.guards = {Guard(RedisGuard::Kind::kKeyAbsent, "rec:" + id, "", "", 0, "EXISTS"),
                    Guard(RedisGuard::Kind::kHashFieldBelow, "quota", "org", "", kItems + 1, "QUOTA")};
    write.ops = {Op(RedisOp::Kind::kSet, "rec:" + id, "", std::string(200, 'x')),
                 Op(RedisOp::Kind::kZAdd, "idx", "", "rec:" + id), Op(RedisOp::Kind::kHIncrBy, "quota", "org", "", 1)};
    write.event_stream = "ev";
    write.event_payload = id;
    write.audit_stream = "au";
    write.audit_payload = id;
    write.idempotency_key = "idem:" + id;
    write.idempotency_value = id;
    writes.push_back(std::move(write));
  }
  absl::StatusOr<std::vector<AtomicWriteResult>> results = ApplyAtomicWrites(redis(), writes);
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), static_cast<size_t>(kItems));
  for (int i = 0; i < kItems; ++i) {
    ASSERT_EQ((*results)[i].outcome, Outcome::kApplied) << i;
    if (i > 0) {
      ASSERT_TRUE(IdLess((*results)[i - 1].event_id, (*results)[i].event_id)) << i;
    }
  }
  EXPECT_EQ(Integer({"XLEN", "ev"}), kItems);
  EXPECT_EQ(Integer({"XLEN", "au"}), kItems);
  EXPECT_EQ(Integer({"ZCARD", "idx"}), kItems);
  EXPECT_EQ(redis().Command({"HGET", "quota", "org"})->str(), std::to_string(kItems));

  // Replaying the same batch replays every item.
  results = ApplyAtomicWrites(redis(), writes);
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ((*results)[kItems - 1].outcome, Outcome::kReplayed);
  EXPECT_EQ((*results)[kItems - 1].replay_value, std::to_string(kItems - 1));
  EXPECT_EQ(Integer({"XLEN", "ev"}), kItems);
}

TEST_F(AtomicWriteTest, EventIdsIncreaseAcrossCalls) {
  std::string previous;
  for (int i = 0; i < 20; ++i) {
    AtomicWrite write;
    write.event_stream = "ev";
    write.event_payload = std::to_string(i);
    absl::StatusOr<AtomicWriteResult> result = ApplyAtomicWrite(redis(), write);
    ASSERT_TRUE(result.ok());
    if (!previous.empty()) {
      EXPECT_TRUE(IdLess(previous, result->event_id));
    }
    previous = result->event_id;
  }
}

TEST_F(AtomicWriteTest, WorksAfterScriptFlush) {
  ASSERT_TRUE(redis().LoadScripts({&AtomicWriteScript()}).ok());
  ASSERT_TRUE(redis().Command({"SCRIPT", "FLUSH"}).ok());
  AtomicWrite write;
  write.ops = {Op(RedisOp::Kind::kSet, "k", "", "v")};
  absl::StatusOr<AtomicWriteResult> result = ApplyAtomicWrite(redis(), write);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(Get("k"), "v");
}

TEST_F(AtomicWriteTest, InvalidWritesAreRejectedBeforeRedis) {
  AtomicWrite nan_score;
  nan_score.ops = {Op(RedisOp::Kind::kZAdd, "z", "", "m", 0, std::numeric_limits<double>::quiet_NaN())};
  EXPECT_EQ(ApplyAtomicWrite(redis(), nan_score).status().code(), absl::StatusCode::kInvalidArgument);
  AtomicWrite empty_key;
  empty_key.ops = {Op(RedisOp::Kind::kSet, "", "", "v")};
  AtomicWrite fine;
  fine.ops = {Op(RedisOp::Kind::kSet, "fine", "", "v")};
  EXPECT_EQ(ApplyAtomicWrites(redis(), {fine, empty_key}).status().code(), absl::StatusCode::kInvalidArgument);
  AtomicWrite bad_ttl;
  bad_ttl.idempotency_key = "i";
  bad_ttl.idempotency_ttl_seconds = 0;
  EXPECT_EQ(ApplyAtomicWrite(redis(), bad_ttl).status().code(), absl::StatusCode::kInvalidArgument);
  AtomicWrite spaced_token;
  spaced_token.ops = {Op(RedisOp::Kind::kHAppend, "h", "f", "two words")};
  EXPECT_EQ(ApplyAtomicWrite(redis(), spaced_token).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(KeyCount(), 0);
  absl::StatusOr<std::vector<AtomicWriteResult>> none = ApplyAtomicWrites(redis(), {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(AtomicWriteTest, ScriptRejectsMalformedEncodingAndWritesNothing) {
  // MessagePack built by hand: arrays of strings and small integers (see lua/atomic_write.lua).
  auto write = [](std::vector<std::string> head, std::string guards, std::string ops, std::string sequence) {
    MsgpackWriter w;
    w.Array(11);
    for (const std::string& field : head) {
      w.String(field);
    }
    MsgpackWriter marks;
    marks.SmallInt(0);
    return w.Release() + guards + ops + sequence + marks.Release();
  };
  auto array = [](std::initializer_list<std::string> items) {
    MsgpackWriter w;
    w.Array(static_cast<uint32_t>(items.size()));
    std::string out = w.Release();
    for (const std::string& item : items) {
      out += item;
    }
    return out;
  };
  // An op {kind, key, marks, args...}.
  auto op = [](uint32_t kind, std::string key, std::vector<std::string> args) {
    MsgpackWriter w;
    w.Array(static_cast<uint32_t>(3 + args.size()));
    w.SmallInt(kind);
    w.String(key);
    w.SmallInt(0);
    for (const std::string& arg : args) {
      w.String(arg);
    }
    return w.Release();
  };
  const std::vector<std::string> no_streams = {"", "", "0", "", "", "", ""};
  const std::string set_a = write(no_streams, array({}), array({op(0, "a", {"1"})}), array({}));
  auto batch = [&](std::initializer_list<std::string> writes) { return array(writes); };
  auto with_op = [&](std::string one_op) {
    return batch({set_a, write(no_streams, array({}), array({one_op}), array({}))});
  };
  const std::vector<std::vector<std::string>> malformed = {
      {},
      {"sbaw2", batch({set_a})},               // old version
      {"sbaw3", "not msgpack \xc1"},           // undecodable
      {"sbaw3", batch({set_a, array({})})},    // second write not 11 long
      {"sbaw3", with_op(op(99, "a", {"1"}))},  // op kind
      {"sbaw3", with_op(op(0, "a", {}))},      // SET without its value
      {"sbaw3", with_op(op(2, "a", {"f"}))},   // HSET without its value
      {"sbaw3", with_op(op(0, "", {"1"}))},    // empty key
  };
  for (size_t i = 0; i < malformed.size(); ++i) {
    absl::StatusOr<RedisReply> reply = redis().Eval(AtomicWriteScript(), {}, malformed[i]);
    EXPECT_EQ(reply.status().code(), absl::StatusCode::kInternal) << i;
    EXPECT_EQ(ReasonOf(reply.status()), "MALFORMED_ATOMIC_WRITE") << i;
  }
  EXPECT_EQ(KeyCount(), 0);
}

TEST(AtomicWriteDurabilityTest, AcknowledgedWritesSurviveKill9) {
  RedisServerProcess server;
  ASSERT_TRUE(server.Start().ok()) << server.LogTail();
  absl::StatusOr<std::unique_ptr<RedisClient>> client = RedisClient::Create(server.ClientOptions());
  ASSERT_TRUE(client.ok());
  constexpr int kWrites = 200;
  std::vector<std::string> event_ids;
  for (int i = 0; i < kWrites; ++i) {
    AtomicWrite write;
    write.ops = {Op(RedisOp::Kind::kSet, "rec:" + std::to_string(i), "", std::to_string(i)),
                 Op(RedisOp::Kind::kSAdd, "all", "", std::to_string(i))};
    write.event_stream = "ev";
    write.event_payload = std::to_string(i);
    absl::StatusOr<AtomicWriteResult> result = ApplyAtomicWrite(**client, write);
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_EQ(result->outcome, Outcome::kApplied);
    event_ids.push_back(result->event_id);
  }
  server.Kill9();
  ASSERT_TRUE(server.Restart().ok()) << server.LogTail();

  absl::StatusOr<std::unique_ptr<RedisClient>> fresh = RedisClient::Create(server.ClientOptions());
  ASSERT_TRUE(fresh.ok());
  RedisClient& redis = **fresh;
  for (int i = 0; i < kWrites; ++i) {
    absl::StatusOr<RedisReply> value = redis.Command({"GET", "rec:" + std::to_string(i)});
    ASSERT_TRUE(value.ok());
    ASSERT_EQ(value->str(), std::to_string(i)) << i;
  }
  EXPECT_EQ(redis.Command({"SCARD", "all"})->integer(), kWrites);
  absl::StatusOr<RedisReply> last = redis.Command({"XREVRANGE", "ev", "+", "-", "COUNT", "1"});
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ(ReplyString(ReplyElement(last->element(0), 0)), event_ids.back());
  EXPECT_EQ(redis.Command({"XLEN", "ev"})->integer(), kWrites);
}

// A batch with a record: written with its writes, one audit entry for the call; a retry finds the
// record and gets the first call's labelled results while writing nothing.
TEST_F(AtomicWriteTest, BatchRecordIsWrittenWithTheBatchAndReplaysItsResults) {
  const std::string marker = SequenceMarker(8);
  auto item = [&marker](const std::string& person) {
    AtomicWrite write;
    write.sequence = RedisSequence{"serial", marker, "N", 6, "Z", 999999, "SERIALS_EXHAUSTED"};
    write.guards = {Guard(RedisGuard::Kind::kNotSetMember, "persons", "", person, 0, "DUPLICATE")};
    write.ops = {Op(RedisOp::Kind::kSet, "rec:" + marker, "", person), Op(RedisOp::Kind::kSAdd, "persons", "", person)};
    write.event_stream = "ev";
    write.event_payload = "issued " + marker;
    return write;
  };
  AtomicBatchRecord record;
  record.key = "batch:1";
  record.labels = {"0", "3", "4"};
  record.audit_stream = "audit";
  record.audit_payload = "one entry";
  absl::StatusOr<AtomicBatchOutcome> first = ApplyAtomicBatch(redis(), {item("p1"), item("p1"), item("p2")}, record);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->replayed);
  ASSERT_EQ(first->results.size(), 3u);
  EXPECT_EQ(first->results[0].sequence_text, "N000001Z");
  EXPECT_EQ(first->results[1].outcome, Outcome::kRefused);
  EXPECT_EQ(first->results[2].sequence_text, "N000002Z");
  EXPECT_EQ(Integer({"XLEN", "audit"}), 1);
  EXPECT_EQ(Integer({"XLEN", "ev"}), 2);
  EXPECT_GT(Integer({"TTL", "batch:1"}), 0);

  const long long keys_before = KeyCount();
  absl::StatusOr<AtomicBatchOutcome> retry = ApplyAtomicBatch(redis(), {item("p5"), item("p6"), item("p7")}, record);
  ASSERT_TRUE(retry.ok()) << retry.status();
  ASSERT_TRUE(retry->replayed);
  ASSERT_EQ(retry->recorded.size(), 3u);
  EXPECT_EQ(retry->recorded[0].first, "0");
  EXPECT_EQ(retry->recorded[0].second.outcome, Outcome::kApplied);
  EXPECT_EQ(retry->recorded[0].second.sequence_text, "N000001Z");
  EXPECT_EQ(retry->recorded[0].second.event_id, "");  // the record keeps numbers, not event ids
  EXPECT_EQ(retry->recorded[1].first, "3");
  EXPECT_EQ(retry->recorded[1].second.outcome, Outcome::kRefused);
  EXPECT_EQ(retry->recorded[1].second.refused_reason, "DUPLICATE");
  EXPECT_EQ(retry->recorded[1].second.refused_guard, 0);
  EXPECT_EQ(retry->recorded[2].second.sequence_text, "N000002Z");
  EXPECT_EQ(KeyCount(), keys_before);
  EXPECT_EQ(Integer({"XLEN", "audit"}), 1);
  EXPECT_EQ(Get("serial"), "2");
}

TEST_F(AtomicWriteTest, BatchRecordShapeIsCheckedBeforeSending) {
  AtomicWrite write;
  write.ops = {Op(RedisOp::Kind::kSet, "k", "", "v")};
  AtomicBatchRecord record;
  record.key = "batch:2";
  record.labels = {"0", "1"};  // two labels, one write
  EXPECT_EQ(ApplyAtomicBatch(redis(), {write}, record).status().code(), absl::StatusCode::kInvalidArgument);
  record.labels = {"a\tb"};
  EXPECT_EQ(ApplyAtomicBatch(redis(), {write}, record).status().code(), absl::StatusCode::kInvalidArgument);
  record.labels = {"0"};
  write.idempotency_key = "own";
  write.idempotency_value = "x";
  EXPECT_EQ(ApplyAtomicBatch(redis(), {write}, record).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(KeyCount(), 0);
}

}  // namespace
}  // namespace skillbridge

#include "services/aggregator/store/aggregator_store.h"

#include <unistd.h>

#include "absl/time/clock.h"
#include "common/redis/atomic_write.h"
#include "common/util/concat.h"
#include "services/aggregator/domain/catalogue.h"

// Generated from store/lua/apply_batch.lua (cmake/SkillbridgeLua.cmake).
namespace skillbridge::lua_sources {
std::string_view AggregatorApplyBatchSource();
}  // namespace skillbridge::lua_sources

namespace skillbridge::aggregator {

namespace {

// Releases the rebuild lease and clears the pending mark, only if this process still holds the
// lease. ARGV: lease key, pending key, owner. Returns 1 when cleared.
const LuaScript& FinishRebuildScript() {
  static const LuaScript* const script = new LuaScript("finish_rebuild", R"lua(
if redis.call('GET', ARGV[1]) ~= ARGV[3] then
  return 0
end
redis.call('DEL', ARGV[1], ARGV[2])
return 1
)lua");
  return *script;
}

const LuaScript& ApplyBatchScript() {
  static const LuaScript* const script =
      new LuaScript("apply_batch", std::string(lua_sources::AggregatorApplyBatchSource()));
  return *script;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) {
      out.push_back(',');
    }
    out.append(p);
  }
  return out;
}

std::string_view KindCode(ViewUpdate::Kind kind) {
  switch (kind) {
    case ViewUpdate::Kind::kCount:
      return "C";
    case ViewUpdate::Kind::kDistinct:
      return "D";
    case ViewUpdate::Kind::kFirst:
      return "F";
    case ViewUpdate::Kind::kPerson:
      return "P";
    case ViewUpdate::Kind::kTrainee:
      return "T";
    case ViewUpdate::Kind::kCertifiedIn:
      return "K";
    case ViewUpdate::Kind::kMatchClaim:
      return "X";
    case ViewUpdate::Kind::kMatchEvidence:
      return "E";
  }
  return "C";
}

int64_t ParseInt(std::string_view s) {
  int64_t v = 0;
  bool neg = false;
  size_t i = 0;
  if (!s.empty() && s[0] == '-') {
    neg = true;
    i = 1;
  }
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
    v = v * 10 + (s[i] - '0');
  }
  return neg ? -v : v;
}

}  // namespace

std::string TargetField(const std::string& indicator, const std::string& district) {
  return Concat(indicator, "|", district);
}

std::string ProcessOwnerName() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) {
    host[0] = '\0';
  }
  return Concat(host, ":", static_cast<int64_t>(getpid()), ":", absl::ToUnixNanos(absl::Now()));
}

absl::Status AggregatorStore::Initialize() {
  return redis_.LoadScripts({&ApplyBatchScript(), &AtomicWriteScript(), &FinishRebuildScript()});
}

absl::Status AggregatorStore::Ping() { return redis_.Ping(); }

absl::StatusOr<ApplyOutcome> AggregatorStore::ApplyBatch(const std::string& source, const std::string& expected_cursor,
                                                         const std::string& new_cursor, int64_t last_event_ms,
                                                         int event_count, const std::vector<FeedCommand>& commands) {
  std::vector<std::string> args = {"sbagg3",
                                   keys::kDerivedPrefix,
                                   keys::kRebuildPending,
                                   source,
                                   expected_cursor.empty() ? "0" : expected_cursor,
                                   new_cursor,
                                   std::to_string(last_event_ms),
                                   std::to_string(event_count),
                                   std::to_string(commands.size())};
  for (const FeedCommand& c : commands) {
    switch (c.kind) {
      case FeedCommand::Kind::kAddFact:
      case FeedCommand::Kind::kReplaceFact:
        args.push_back(c.kind == FeedCommand::Kind::kAddFact ? "A" : "S");
        args.push_back(c.fact_key);
        args.push_back(std::to_string(c.updates.size()));
        for (const ViewUpdate& u : c.updates) {
          args.push_back(std::string(KindCode(u.kind)));
          args.push_back(u.indicator);
          args.push_back(u.person);
          args.push_back(u.bucket);
          args.push_back(std::to_string(u.amount));
          args.push_back(std::to_string(u.score));
          args.push_back(u.member);
          args.push_back(Join(u.buckets));
        }
        break;
      case FeedCommand::Kind::kRemoveFact:
        args.push_back("R");
        args.push_back(c.fact_key);
        break;
      case FeedCommand::Kind::kMembership:
        args.push_back("M");
        args.push_back(c.group);
        args.push_back(c.member);
        args.push_back(c.district);
        args.push_back(c.present ? "1" : "0");
        break;
    }
  }
  auto reply = redis_.Eval(ApplyBatchScript(), {}, args);
  if (!reply.ok()) {
    return reply.status();
  }
  if (!reply->is_array() || reply->size() != 2) {
    return absl::InternalError("apply_batch: unexpected reply");
  }
  ApplyOutcome out;
  out.applied = ReplyInteger(reply->element(0)) == 1;
  out.rebuilding = ReplyInteger(reply->element(0)) == 2;
  out.cursor = std::string(ReplyString(reply->element(1)));
  return out;
}

absl::StatusOr<StoredSourceState> AggregatorStore::SourceState(const std::string& source) {
  auto replies =
      redis_.Pipeline({{"GET", Concat(keys::kDerivedPrefix, "cursor:", source)},
                       {"HMGET", Concat(keys::kDerivedPrefix, "status:", source), "last_event_ms", "events_applied"}});
  if (!replies.ok()) {
    return replies.status();
  }
  StoredSourceState state;
  if ((*replies)[0].is_string()) {
    state.cursor = std::string((*replies)[0].str());
  }
  const RedisReply& h = (*replies)[1];
  if (h.is_array() && h.size() == 2) {
    state.last_event_ms = ParseInt(ReplyString(h.element(0)));
    state.events_applied = ParseInt(ReplyString(h.element(1)));
  }
  return state;
}

absl::StatusOr<std::vector<int64_t>> AggregatorStore::ReadBuckets(const std::string& indicator,
                                                                  const std::vector<std::string>& buckets) {
  std::vector<int64_t> out(buckets.size(), 0);
  if (buckets.empty()) {
    return out;
  }
  std::vector<std::string> argv = {"HMGET", Concat(keys::kDerivedPrefix, "ind:", indicator)};
  argv.insert(argv.end(), buckets.begin(), buckets.end());
  auto reply = redis_.Command(argv);
  if (!reply.ok()) {
    return reply.status();
  }
  for (size_t i = 0; i < buckets.size() && i < reply->size(); ++i) {
    out[i] = ParseInt(ReplyString(reply->element(i)));
  }
  return out;
}

absl::StatusOr<int64_t> AggregatorStore::CountPersons(const std::string& district) {
  std::string key = Concat(keys::kDerivedPrefix, "persons");
  if (!district.empty()) {
    key = Concat(key, ":d:", district);
  }
  auto reply = redis_.Command({"SCARD", key});
  if (!reply.ok()) {
    return reply.status();
  }
  return static_cast<int64_t>(reply->integer());
}

absl::StatusOr<std::pair<int64_t, int64_t>> AggregatorStore::Coverage(const std::string& district) {
  std::string eligible = Concat(keys::kDerivedPrefix, "ms:", kEligibleEnterprises);
  if (!district.empty()) {
    eligible = Concat(eligible, ":d:", district);
  }
  const std::string filed = Concat(keys::kDerivedPrefix, "ms:", kFiledSelfEvaluationOrgs);
  auto replies = redis_.Pipeline({{"SINTERCARD", "2", eligible, filed}, {"SCARD", eligible}});
  if (!replies.ok()) {
    return replies.status();
  }
  return std::make_pair(static_cast<int64_t>((*replies)[0].integer()), static_cast<int64_t>((*replies)[1].integer()));
}

absl::StatusOr<std::map<std::string, v1::Target>> AggregatorStore::Targets(int year) {
  auto reply = redis_.Command({"HGETALL", Concat(keys::kPrefix, "target:", year)});
  if (!reply.ok()) {
    return reply.status();
  }
  std::map<std::string, v1::Target> out;
  for (size_t i = 0; i + 1 < reply->size(); i += 2) {
    v1::Target t;
    const std::string_view bytes = ReplyString(reply->element(i + 1));
    if (!t.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return absl::DataLossError("a stored target does not parse");
    }
    out[std::string(ReplyString(reply->element(i)))] = std::move(t);
  }
  return out;
}

absl::StatusOr<WriteOutcome> AggregatorStore::SetTarget(const v1::Target& target, const MutationMeta& meta) {
  AtomicWrite write = NewAtomicWrite(meta, "", "", keys::kAudit);
  RedisOp op;
  op.kind = RedisOp::Kind::kHSet;
  op.key = Concat(keys::kPrefix, "target:", target.year());
  op.field = TargetField(target.indicator_id(), target.district_code());
  op.value = target.SerializeAsString();
  write.ops.push_back(std::move(op));
  auto result = ApplyAtomicWrite(redis_, write);
  if (!result.ok()) {
    return result.status();
  }
  return OutcomeOf(*result, {});
}

absl::Status AggregatorStore::BeginRebuild(const MutationMeta& meta) {
  AtomicWrite write = NewAtomicWrite(meta, "", "", keys::kAudit);
  RedisOp mark;
  mark.kind = RedisOp::Kind::kSet;
  mark.key = keys::kRebuildPending;
  mark.value = owner_;
  write.ops.push_back(std::move(mark));
  for (v1::Source source : {v1::SOURCE_EVALUATION, v1::SOURCE_TRAINING, v1::SOURCE_COMPETITION, v1::SOURCE_INCENTIVE,
                            v1::SOURCE_EDUCATION}) {
    RedisOp drop;
    drop.kind = RedisOp::Kind::kDel;
    drop.key = Concat(keys::kDerivedPrefix, "cursor:", SourceName(source));
    write.ops.push_back(std::move(drop));
  }
  auto applied = ApplyAtomicWrite(redis_, write);
  if (!applied.ok()) {
    return applied.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> AggregatorStore::RebuildPending() {
  auto reply = redis_.Command({"EXISTS", keys::kRebuildPending});
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->integer() == 1;
}

absl::StatusOr<std::optional<int64_t>> AggregatorStore::CompletePendingRebuild() {
  auto pending = RebuildPending();
  if (!pending.ok()) {
    return pending.status();
  }
  if (!*pending) {
    return std::optional<int64_t>();
  }
  auto lease = redis_.Command({"SET", keys::kRebuildLease, owner_, "NX", "PX", std::to_string(rebuild_lease_ms_)});
  if (!lease.ok()) {
    return lease.status();
  }
  if (lease->is_nil()) {
    return std::optional<int64_t>();  // another process holds the lease
  }
  auto removed = DeleteDerivedKeys();
  if (!removed.ok()) {
    return removed.status();
  }
  auto finished = redis_.Eval(FinishRebuildScript(), {}, {keys::kRebuildLease, keys::kRebuildPending, owner_});
  if (!finished.ok()) {
    return finished.status();
  }
  if (finished->integer() != 1) {
    return absl::AbortedError("the rebuild lease expired while the views were being deleted; it will be redone");
  }
  return std::optional<int64_t>(*removed);
}

absl::StatusOr<int64_t> AggregatorStore::RebuildViews(const MutationMeta& meta) {
  if (absl::Status begun = BeginRebuild(meta); !begun.ok()) {
    return begun;
  }
  auto removed = CompletePendingRebuild();
  if (!removed.ok()) {
    return removed.status();
  }
  return removed->value_or(0);
}

absl::StatusOr<int64_t> AggregatorStore::DeleteDerivedKeys() {
  int64_t removed = 0;
  std::string cursor = "0";
  do {
    auto reply = redis_.Command({"SCAN", cursor, "MATCH", Concat(keys::kDerivedPrefix, "*"), "COUNT", "1000"});
    if (!reply.ok()) {
      return reply.status();
    }
    if (!reply->is_array() || reply->size() != 2) {
      return absl::InternalError("SCAN: unexpected reply");
    }
    cursor = std::string(ReplyString(reply->element(0)));
    const redisReply* batch = reply->element(1);
    std::vector<std::string> unlink = {"UNLINK"};
    for (size_t i = 0; i < ReplySize(batch); ++i) {
      unlink.push_back(std::string(ReplyString(ReplyElement(batch, i))));
    }
    std::vector<std::vector<std::string>> commands = {
        {"PEXPIRE", keys::kRebuildLease, std::to_string(rebuild_lease_ms_)}};
    if (unlink.size() > 1) {
      commands.push_back(std::move(unlink));
    }
    auto replies = redis_.Pipeline(commands);
    if (!replies.ok()) {
      return replies.status();
    }
    if (replies->size() > 1) {
      removed += (*replies)[1].integer();
    }
  } while (cursor != "0");
  return removed;
}

absl::StatusOr<FeedPage> AggregatorStore::ReadAudit(const std::string& before_id, int max_entries) {
  return ReadStreamNewestFirst(redis_, keys::kAudit, before_id, max_entries);
}

}  // namespace skillbridge::aggregator

#include "services/incentive/store/honour_store.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "common/redis/atomic_write.h"
#include "common/status/macros.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "services/incentive/domain/honour_rules.h"
#include "services/incentive/store/keys.h"

namespace skillbridge::incentive {

namespace {

using Guard = RedisGuard;
using Op = RedisOp;

constexpr char kConcurrent[] = "CONCURRENT_MODIFICATION";

const RefusalTable& Refusals() {
  static const auto* table = new RefusalTable{
      {kConcurrent,
       {absl::StatusCode::kAborted, "the record was changed by another request meanwhile; read it again and retry"}},
      {"ID_TAKEN", {absl::StatusCode::kAborted, "a server-assigned id collided; retry"}},
      {kReasonAlreadyNominated,
       {absl::StatusCode::kAlreadyExists, "the person is already nominated for this programme"}},
      {kReasonProgrammeClosed,
       {absl::StatusCode::kFailedPrecondition, "the programme is closed: it takes no more nominations or awards"}},
      {kReasonQuotaExhausted,
       {absl::StatusCode::kFailedPrecondition, "the programme's quota is used up: every place is awarded"}},
      {kReasonAwardedCountChanged,
       {absl::StatusCode::kAborted, "another award of the programme was written meanwhile; read it again and retry"}},
  };
  return *table;
}

constexpr char kOpenState[] = "PROGRAMME_STATUS_OPEN";

AtomicWrite WriteFor(const MutationMeta& meta, const v1::IncentiveEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

Guard BytesUnchanged(std::string key, const std::string& bytes) {
  return MakeRedisGuard(Guard::Kind::kValueEquals, std::move(key), kConcurrent, bytes);
}

Guard ProgrammeOpen(const std::string& programme_id) {
  return MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kProgrammeState), kReasonProgrammeClosed,
                        kOpenState, programme_id);
}

Guard AwardedCountIs(const std::string& programme_id, int32_t count) {
  return MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kAwarded), kReasonAwardedCountChanged,
                        Concat(count), programme_id);
}

// A count as Redis holds it (0 when it is not a number).
int32_t CountOf(std::string_view text) {
  int32_t value = 0;
  return absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value) ? value : 0;
}

Op StatsOp(int year, std::string_view district, keys::StatsMeasure measure, int64_t amount) {
  return MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(year), "", keys::StatsField(district, measure), amount);
}

// The award counts of `ids` (0 for a programme without any), in order.
absl::StatusOr<std::vector<int32_t>> ReadAwardedCounts(RedisClient& redis, const std::vector<std::string>& ids) {
  std::vector<int32_t> counts(ids.size(), 0);
  if (ids.empty()) {
    return counts;
  }
  std::vector<std::string> argv = {"HMGET", std::string(keys::kAwarded)};
  argv.insert(argv.end(), ids.begin(), ids.end());
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis.Command(argv));
  for (size_t i = 0; i < ids.size() && i < reply.size(); ++i) {
    const redisReply* element = reply.element(i);
    if (element != nullptr && !ReplyIsNil(element)) {
      counts[i] = CountOf(ReplyString(element));
    }
  }
  return counts;
}

void NominationIndexOps(const v1::Nomination& nomination, std::vector<Op>& ops) {
  const std::string& id = nomination.id();
  ops.push_back(IndexAddOp(keys::Index("nomination", "all"), id));
  ops.push_back(IndexAddOp(keys::Index("nomination", "programme", nomination.programme_id()), id));
  ops.push_back(IndexAddOp(keys::Index("nomination", "person", nomination.person().id_number()), id));
  ops.push_back(IndexAddOp(keys::Index("nomination", "employer", nomination.employer().credit_code()), id));
  ops.push_back(IndexAddOp(keys::Index("nomination", "district", nomination.employer().district_code()), id));
  ops.push_back(IndexAddOp(keys::Index("nomination", "year", Concat(nomination.year())), id));
}

void LeadingTalentIndexOps(const v1::Nomination& nomination, std::vector<Op>& ops) {
  const std::string member = keys::LeadingTalentMember(nomination.year(), nomination.id());
  ops.push_back(IndexAddOp(keys::Index("leading", "all"), member));
  ops.push_back(IndexAddOp(keys::Index("leading", "district", nomination.employer().district_code()), member));
  ops.push_back(IndexAddOp(keys::Index("leading", "person", nomination.person().id_number()), member));
}

}  // namespace

// ---------------------------------------------------------------- programmes

absl::StatusOr<WriteOutcome> HonourStore::CreateProgramme(const v1::HonourProgramme& programme,
                                                          const v1::IncentiveEvent& event, const MutationMeta& meta) {
  const std::string& id = programme.id();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Programme(id), "ID_TAKEN"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Programme(id), ProgrammeRecord(programme).SerializeAsString()));
  write.ops.push_back(MakeRedisOp(Op::Kind::kHSet, std::string(keys::kProgrammeState),
                                  v1::ProgrammeStatus_Name(programme.status()), id));
  write.ops.push_back(MakeRedisOp(Op::Kind::kHSet, std::string(keys::kAwarded), "0", id));
  write.ops.push_back(IndexAddOp(keys::Index("programme", "all"), id));
  write.ops.push_back(IndexAddOp(keys::Index("programme", "year", Concat(programme.year())), id));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<std::optional<Stored<v1::HonourProgramme>>> HonourStore::GetProgramme(std::string_view id) {
  const std::string key = keys::Programme(id);
  SB_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      redis_.Pipeline({{"GET", key}, {"HGET", std::string(keys::kAwarded), std::string(id)}}));
  if (replies.size() != 2) {
    return absl::InternalError("the pipeline answered with another number of replies");
  }
  SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::HonourProgramme>> stored,
                      StoredRecordOf<v1::HonourProgramme>(replies[0], key));
  if (stored.has_value()) {
    stored->record.set_awarded_count(replies[1].is_nil() ? 0 : CountOf(replies[1].str()));
  }
  return stored;
}

absl::StatusOr<WriteOutcome> HonourStore::CloseProgramme(const Stored<v1::HonourProgramme>& old,
                                                         const v1::HonourProgramme& closed,
                                                         const v1::IncentiveEvent& event, const MutationMeta& meta) {
  const std::string& id = closed.id();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(BytesUnchanged(keys::Programme(id), old.bytes));
  write.guards.push_back(AwardedCountIs(id, old.record.awarded_count()));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Programme(id), ProgrammeRecord(closed).SerializeAsString()));
  write.ops.push_back(
      MakeRedisOp(Op::Kind::kHSet, std::string(keys::kProgrammeState), v1::ProgrammeStatus_Name(closed.status()), id));
  return ApplyWrite(redis_, write, Refusals());
}

absl::Status HonourStore::FillAwardedCounts(std::vector<v1::HonourProgramme*> programmes) {
  std::vector<std::string> ids;
  ids.reserve(programmes.size());
  for (const v1::HonourProgramme* programme : programmes) {
    ids.push_back(programme->id());
  }
  SB_ASSIGN_OR_RETURN(const std::vector<int32_t> counts, ReadAwardedCounts(redis_, ids));
  for (size_t i = 0; i < programmes.size(); ++i) {
    programmes[i]->set_awarded_count(counts[i]);
  }
  return absl::OkStatus();
}

absl::StatusOr<ScanPage<v1::HonourProgramme>> HonourStore::ListProgrammes(const ProgrammeFilter& filter,
                                                                          const std::string& cursor, int page_size) {
  const std::string index =
      filter.year != 0 ? keys::Index("programme", "year", Concat(filter.year)) : keys::Index("programme", "all");
  auto page = ScanIndex<v1::HonourProgramme>(
      redis_, index, [](std::string_view member) { return keys::Programme(member); }, cursor, page_size,
      [&filter](const v1::HonourProgramme& p) {
        return (filter.year == 0 || p.year() == filter.year) &&
               (filter.kind == v1::HONOUR_KIND_UNSPECIFIED || p.kind() == filter.kind) &&
               (filter.status == v1::PROGRAMME_STATUS_UNSPECIFIED || p.status() == filter.status);
      },
      kMaxScanned);
  if (!page.ok()) {
    return page;
  }
  std::vector<v1::HonourProgramme*> programmes;
  for (v1::HonourProgramme& programme : page->records) {
    programmes.push_back(&programme);
  }
  SB_RETURN_IF_ERROR(FillAwardedCounts(std::move(programmes)));
  return page;
}

// ---------------------------------------------------------------- nominations

absl::StatusOr<WriteOutcome> HonourStore::Nominate(const v1::Nomination& nomination, const v1::IncentiveEvent& event,
                                                   const MutationMeta& meta) {
  const std::string& id = nomination.id();
  const std::string unique = keys::NominationUniqueness(nomination.programme_id(), nomination.person().id_number());
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(ProgrammeOpen(nomination.programme_id()));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, unique, kReasonAlreadyNominated));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Nomination(id), "ID_TAKEN"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Nomination(id), nomination.SerializeAsString()));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, unique, id));
  NominationIndexOps(nomination, write.ops);
  write.ops.push_back(
      StatsOp(nomination.year(), nomination.employer().district_code(), keys::StatsMeasure::kNominations, 1));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<std::string> HonourStore::NominationOf(std::string_view programme_id, std::string_view id_number) {
  SB_ASSIGN_OR_RETURN(const RedisReply reply,
                      redis_.Command({"GET", keys::NominationUniqueness(programme_id, id_number)}));
  return reply.is_nil() ? std::string() : std::string(reply.str());
}

absl::StatusOr<std::optional<Stored<v1::Nomination>>> HonourStore::GetNomination(std::string_view id) {
  return GetStoredRecord<v1::Nomination>(redis_, keys::Nomination(id));
}

absl::StatusOr<WriteOutcome> HonourStore::ChangeNomination(const NominationChange& change) {
  const v1::Nomination& updated = change.updated;
  AtomicWrite write = WriteFor(change.meta, change.event);
  write.guards.push_back(BytesUnchanged(keys::Nomination(updated.id()), change.old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Nomination(updated.id()), updated.SerializeAsString()));
  if (updated.status() == v1::NOMINATION_STATUS_WITHDRAWN) {
    // The nominator took it back: the person may be nominated for the programme again.
    write.ops.push_back(
        MakeRedisOp(Op::Kind::kDel, keys::NominationUniqueness(updated.programme_id(), updated.person().id_number())));
  }
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> HonourStore::Award(const AwardPlan& plan) {
  const v1::Nomination& nomination = plan.nomination.updated;
  const std::string& programme_id = plan.programme.id();
  const std::string& district = nomination.employer().district_code();

  AtomicWrite head = WriteFor(plan.nomination.meta, plan.nomination.event);
  head.guards.push_back(BytesUnchanged(keys::Nomination(nomination.id()), plan.nomination.old.bytes));
  head.guards.push_back(ProgrammeOpen(programme_id));
  head.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kAwarded), kReasonQuotaExhausted,
                                       "", programme_id, plan.programme.quota()));
  head.guards.push_back(AwardedCountIs(programme_id, plan.programme.awarded_count()));
  head.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Nomination(nomination.id()), nomination.SerializeAsString()));
  head.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kAwarded), "", programme_id, 1));
  head.ops.push_back(StatsOp(nomination.year(), district, keys::StatsMeasure::kHonoursAwarded, 1));
  head.ops.push_back(StatsOp(nomination.year(), district, keys::StatsMeasure::kAwardFen, nomination.award_fen()));
  if (nomination.kind() == v1::HONOUR_KIND_LEADING_TALENT) {
    head.ops.push_back(StatsOp(nomination.year(), district, keys::StatsMeasure::kLeadingTalents, 1));
    LeadingTalentIndexOps(nomination, head.ops);
  }

  // The programme's event: a second write of the same step, applied only with the first.
  MutationMeta none;
  AtomicWrite tail = NewAtomicWrite(none, keys::kEvents, plan.programme_event.SerializeAsString(), "");
  tail.audit_payload.clear();
  std::vector<AtomicWrite> writes;
  writes.push_back(std::move(head));
  writes.push_back(std::move(tail));
  return ApplyLinkedWrites(redis_, std::move(writes), keys::AwardLink(nomination.id()),
                           Concat("the award of nomination ", nomination.id()), Refusals(), kConcurrent);
}

absl::StatusOr<ScanPage<v1::Nomination>> HonourStore::ListNominations(const NominationFilter& filter,
                                                                      const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index("nomination", "person", filter.id_number);
  } else if (!filter.programme_id.empty()) {
    index = keys::Index("nomination", "programme", filter.programme_id);
  } else if (!filter.employer_credit_code.empty()) {
    index = keys::Index("nomination", "employer", filter.employer_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("nomination", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("nomination", "year", Concat(filter.year));
  } else {
    index = keys::Index("nomination", "all");
  }
  return ScanIndex<v1::Nomination>(
      redis_, index, [](std::string_view member) { return keys::Nomination(member); }, cursor, page_size,
      [&filter](const v1::Nomination& n) {
        return (filter.id_number.empty() || n.person().id_number() == filter.id_number) &&
               (filter.programme_id.empty() || n.programme_id() == filter.programme_id) &&
               (filter.employer_credit_code.empty() || n.employer().credit_code() == filter.employer_credit_code) &&
               (filter.district_code.empty() || n.employer().district_code() == filter.district_code) &&
               (filter.year == 0 || n.year() == filter.year) &&
               (filter.status == v1::NOMINATION_STATUS_UNSPECIFIED || n.status() == filter.status);
      },
      kMaxScanned);
}

// ---------------------------------------------------------------- directory

absl::StatusOr<ScanPage<v1::Nomination>> HonourStore::ListLeadingTalents(const LeadingTalentFilter& filter,
                                                                         const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index("leading", "person", filter.id_number);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("leading", "district", filter.district_code);
  } else {
    index = keys::Index("leading", "all");
  }
  const std::string prefix = filter.year != 0 ? keys::LeadingTalentYearPrefix(filter.year) : std::string();
  return ScanIndex<v1::Nomination>(
      redis_, index,
      [](std::string_view member) { return keys::Nomination(keys::NominationOfLeadingTalentMember(member)); }, cursor,
      page_size,
      [&filter](const v1::Nomination& n) {
        return n.status() == v1::NOMINATION_STATUS_AWARDED && n.kind() == v1::HONOUR_KIND_LEADING_TALENT &&
               (filter.year == 0 || n.year() == filter.year) &&
               (filter.district_code.empty() || n.employer().district_code() == filter.district_code) &&
               (filter.occupation_code.empty() || n.occupation_code() == filter.occupation_code) &&
               (filter.id_number.empty() || n.person().id_number() == filter.id_number);
      },
      kMaxScanned, prefix);
}

}  // namespace skillbridge::incentive

#include "services/competition/store/competition_store.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/numbers.h"
#include "common/redis/atomic_write.h"
#include "common/status/macros.h"
#include "common/store/counter_hash.h"
#include "common/store/index_page.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "services/competition/domain/competition_rules.h"
#include "services/competition/domain/promotion_outcome.h"
#include "services/competition/store/keys.h"

namespace skillbridge::competition {

namespace {

using Guard = RedisGuard;
using Op = RedisOp;

constexpr char kConcurrent[] = "CONCURRENT_MODIFICATION";

const RefusalTable& Refusals() {
  static const auto* table = new RefusalTable{
      {kConcurrent,
       {absl::StatusCode::kAborted, "the record was changed by another request meanwhile; read it again and retry"}},
      {"ID_TAKEN", {absl::StatusCode::kAborted, "a server-assigned id collided; retry"}},
      {"ALREADY_REGISTERED", {absl::StatusCode::kAlreadyExists, "the person is already registered in this contest"}},
      {"CONTEST_FULL", {absl::StatusCode::kFailedPrecondition, "the contest has reached its max_entries"}},
      {kReasonNotOpen, {absl::StatusCode::kFailedPrecondition, "the competition is not OPEN: entries are not taken"}},
  };
  return *table;
}

AtomicWrite WriteFor(const MutationMeta& meta, const v1::CompetitionEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

// A write with only an event (and optionally an audit entry): the follow-ups of a linked call.
AtomicWrite EventWrite(const v1::CompetitionEvent& event, const std::optional<common::v1::AuditEntry>& audit) {
  MutationMeta meta;
  AtomicWrite write = WriteFor(meta, event);
  if (audit.has_value()) {
    write.audit_stream = std::string(keys::kAudit);
    write.audit_payload = audit->SerializeAsString();
  } else {
    write.audit_stream.clear();
    write.audit_payload.clear();
  }
  return write;
}

Guard BytesUnchanged(std::string key, const std::string& bytes) {
  return MakeRedisGuard(Guard::Kind::kValueEquals, std::move(key), kConcurrent, bytes);
}

void SetCompetitionOps(const v1::Competition& competition, std::vector<Op>& ops) {
  const std::string& id = competition.id();
  ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Competition(id), competition.SerializeAsString()));
  ops.push_back(MakeRedisOp(Op::Kind::kHSet, std::string(keys::kCompetitionState),
                            v1::CompetitionStatus_Name(competition.status()), id));
}

// The contest as stored: entry_count lives in competition:entrycount, never in the record.
std::string ContestBytes(const v1::Contest& contest) {
  v1::Contest record = contest;
  record.clear_entry_count();
  return record.SerializeAsString();
}

bool ResultPublished(const v1::Entry& entry) { return entry.has_result_publish_time(); }

void AddStat(std::vector<Op>& ops, const v1::Entry& entry, keys::StatsMeasure measure, int64_t delta) {
  if (delta == 0) {
    return;
  }
  ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(entry.year()), "",
                            keys::StatsField(entry.affiliation().district_code(), entry.level(), measure), delta));
}

// The guards and ops of an entry changing from `old` to `updated`: the record, the person's
// yearly promotion slot, the due set and the year's counters.
void EntryChangeOps(const ResultWrite& change, absl::Time due, std::vector<Guard>& guards, std::vector<Op>& ops) {
  const v1::Entry& old = change.old.record;
  const v1::Entry& updated = change.updated;
  const std::string& id = updated.id();
  const std::string year_key = keys::PromotionYear(updated.person().id_number(), updated.year());
  guards.push_back(BytesUnchanged(keys::Entry(id), change.old.bytes));
  if (change.yearly_checked) {
    guards.push_back(change.yearly_holder.empty()
                         ? MakeRedisGuard(Guard::Kind::kKeyAbsent, year_key, kConcurrent)
                         : MakeRedisGuard(Guard::Kind::kValueEquals, year_key, kConcurrent, change.yearly_holder));
  }
  ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Entry(id), updated.SerializeAsString()));
  const bool held = HoldsYearlySlot(old.promotion().status());
  const bool holds = HoldsYearlySlot(updated.promotion().status());
  if (holds && !held) {
    ops.push_back(MakeRedisOp(Op::Kind::kSet, year_key, id));
  } else if (held && !holds) {
    guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, year_key, kConcurrent, id));
    ops.push_back(MakeRedisOp(Op::Kind::kDel, year_key));
  }
  const bool was_pending = old.promotion().status() == v1::PROMOTION_STATUS_PENDING;
  const bool pending = updated.promotion().status() == v1::PROMOTION_STATUS_PENDING;
  if (pending) {
    RedisOp add = MakeRedisOp(Op::Kind::kZAdd, std::string(keys::kPromotionsDue), id);
    add.score = static_cast<double>(absl::ToUnixMillis(due));
    ops.push_back(std::move(add));
  } else if (was_pending) {
    ops.push_back(MakeRedisOp(Op::Kind::kZRem, std::string(keys::kPromotionsDue), id));
  }
  const auto count = [](bool b) { return b ? 1 : 0; };
  AddStat(ops, updated, keys::StatsMeasure::kParticipants,
          count(ResultPublished(updated)) - count(ResultPublished(old)));
  AddStat(
      ops, updated, keys::StatsMeasure::kHonours,
      count(updated.honour() != v1::HONOUR_TITLE_UNSPECIFIED) - count(old.honour() != v1::HONOUR_TITLE_UNSPECIFIED));
  AddStat(ops, updated, keys::StatsMeasure::kPromotions, count(holds) - count(held));
  AddStat(ops, updated, keys::StatsMeasure::kCertified,
          count(updated.promotion().status() == v1::PROMOTION_STATUS_ISSUED) -
              count(old.promotion().status() == v1::PROMOTION_STATUS_ISSUED));
}

}  // namespace

absl::Status CompetitionStore::Initialize() {
  return InitializeStoreSchema(redis_, keys::kSchema, keys::kSchemaVersion);
}

absl::StatusOr<std::optional<std::string>> CompetitionStore::LookupIdempotent(const std::string& key) {
  return LookupIdempotentRecord(redis_, key);
}

absl::StatusOr<std::vector<std::optional<std::string>>> CompetitionStore::LookupIdempotentMany(
    const std::vector<std::string>& keys) {
  return LookupIdempotentRecords(redis_, keys);
}

RedisSequence CompetitionStore::NewId(IdKind kind) {
  switch (kind) {
    case IdKind::kCompetition:
      return IdSequence(keys::Sequence("competition"), "CP", 10);
    case IdKind::kContest:
      return IdSequence(keys::Sequence("contest"), "CT", 10);
    case IdKind::kEntry:
      break;
  }
  return IdSequence(keys::Sequence("entry"), "EN", 12);
}

// ---------------------------------------------------------------- competitions

absl::StatusOr<std::optional<Stored<v1::Competition>>> CompetitionStore::GetCompetition(std::string_view id) {
  return GetStoredRecord<v1::Competition>(redis_, keys::Competition(id));
}

absl::StatusOr<WriteOutcome> CompetitionStore::CreateCompetition(const v1::Competition& competition,
                                                                 const v1::CompetitionEvent& event,
                                                                 const MutationMeta& meta) {
  const std::string& id = competition.id();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Competition(id), "ID_TAKEN"));
  SetCompetitionOps(competition, write.ops);
  write.ops.push_back(IndexAddOp(keys::Index("comp", "all"), id));
  write.ops.push_back(IndexAddOp(keys::Index("comp", "year", keys::YearText(competition.year())), id));
  write.ops.push_back(IndexAddOp(keys::Index("comp", "org", competition.organiser().credit_code()), id));
  if (!competition.organiser().district_code().empty()) {
    write.ops.push_back(IndexAddOp(keys::Index("comp", "district", competition.organiser().district_code()), id));
  }
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> CompetitionStore::UpdateCompetition(const Stored<v1::Competition>& old,
                                                                 const v1::Competition& updated,
                                                                 const v1::CompetitionEvent& event,
                                                                 const MutationMeta& meta) {
  const std::string& id = updated.id();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(BytesUnchanged(keys::Competition(id), old.bytes));
  SetCompetitionOps(updated, write.ops);
  if (old.record.year() != updated.year()) {
    write.ops.push_back(IndexRemoveOp(keys::Index("comp", "year", keys::YearText(old.record.year())), id));
    write.ops.push_back(IndexAddOp(keys::Index("comp", "year", keys::YearText(updated.year())), id));
  }
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::Competition>> CompetitionStore::ListCompetitions(const CompetitionFilter& filter,
                                                                             const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.organiser_credit_code.empty()) {
    index = keys::Index("comp", "org", filter.organiser_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("comp", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("comp", "year", keys::YearText(filter.year));
  } else {
    index = keys::Index("comp", "all");
  }
  return ScanIndex<v1::Competition>(
      redis_, index, [](std::string_view member) { return keys::Competition(member); }, cursor, page_size,
      [&filter](const v1::Competition& c) {
        return (filter.year == 0 || c.year() == filter.year) &&
               (filter.level == v1::COMPETITION_LEVEL_UNSPECIFIED || c.level() == filter.level) &&
               (filter.district_code.empty() || c.organiser().district_code() == filter.district_code) &&
               (filter.status == v1::COMPETITION_STATUS_UNSPECIFIED || c.status() == filter.status) &&
               (filter.organiser_credit_code.empty() || c.organiser().credit_code() == filter.organiser_credit_code);
      },
      kMaxScanned);
}

absl::StatusOr<std::vector<std::string>> CompetitionStore::CompetitionsOfOrganiser(std::string_view credit_code) {
  SB_ASSIGN_OR_RETURN(const RedisReply reply,
                      redis_.Command({"ZRANGE", keys::Index("comp", "org", credit_code), "0", "-1"}));
  std::vector<std::string> ids;
  for (size_t i = 0; i < reply.size(); ++i) {
    ids.emplace_back(ReplyString(reply.element(i)));
  }
  return ids;
}

// ---------------------------------------------------------------- contests

absl::StatusOr<WriteOutcome> CompetitionStore::AddContest(const Stored<v1::Competition>& competition_old,
                                                          const v1::Competition& competition,
                                                          const v1::Contest& contest, const v1::CompetitionEvent& event,
                                                          const MutationMeta& meta) {
  const std::string& id = contest.id();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(BytesUnchanged(keys::Competition(competition.id()), competition_old.bytes));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Contest(id), "ID_TAKEN"));
  SetCompetitionOps(competition, write.ops);
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Contest(id), ContestBytes(contest)));
  write.ops.push_back(IndexAddOp(keys::Index("contest", "all"), id));
  write.ops.push_back(IndexAddOp(keys::Index("contest", "comp", competition.id()), id));
  write.ops.push_back(IndexAddOp(keys::Index("contest", "year", keys::YearText(contest.year())), id));
  return ApplyWrite(redis_, write, Refusals());
}

absl::Status CompetitionStore::FillEntryCounts(std::vector<v1::Contest*> contests) {
  if (contests.empty()) {
    return absl::OkStatus();
  }
  std::vector<std::string> argv = {"HMGET", std::string(keys::kEntryCount)};
  for (const auto* contest : contests) {
    argv.push_back(contest->id());
  }
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command(argv));
  for (size_t i = 0; i < contests.size() && i < reply.size(); ++i) {
    int64_t count = 0;
    const std::string_view text = ReplyString(reply.element(i));
    if (!ReplyIsNil(reply.element(i)) && absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &count)) {
      contests[i]->set_entry_count(static_cast<int32_t>(count));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Stored<v1::Contest>>> CompetitionStore::GetContest(std::string_view id) {
  auto stored = GetStoredRecord<v1::Contest>(redis_, keys::Contest(id));
  if (!stored.ok() || !stored->has_value()) {
    return stored;
  }
  SB_RETURN_IF_ERROR(FillEntryCounts({&(*stored)->record}));
  return stored;
}

absl::StatusOr<ScanPage<v1::Contest>> CompetitionStore::ListContests(const ContestFilter& filter,
                                                                     const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.competition_id.empty()) {
    index = keys::Index("contest", "comp", filter.competition_id);
  } else if (filter.year != 0) {
    index = keys::Index("contest", "year", keys::YearText(filter.year));
  } else {
    index = keys::Index("contest", "all");
  }
  auto page = ScanIndex<v1::Contest>(
      redis_, index, [](std::string_view member) { return keys::Contest(member); }, cursor, page_size,
      [&filter](const v1::Contest& c) {
        return (filter.competition_id.empty() || c.competition_id() == filter.competition_id) &&
               (filter.year == 0 || c.year() == filter.year) &&
               (filter.occupation_code.empty() || c.occupation_code() == filter.occupation_code) &&
               (filter.industry_chain_code.empty() || c.industry_chain_code() == filter.industry_chain_code) &&
               (filter.group == v1::CONTEST_GROUP_UNSPECIFIED || c.group() == filter.group);
      },
      kMaxScanned);
  if (!page.ok()) {
    return page;
  }
  std::vector<v1::Contest*> contests;
  for (auto& contest : page->records) {
    contests.push_back(&contest);
  }
  SB_RETURN_IF_ERROR(FillEntryCounts(contests));
  return page;
}

// ---------------------------------------------------------------- entries

absl::StatusOr<std::vector<absl::StatusOr<WriteOutcome>>> CompetitionStore::Register(
    const std::vector<RegisterItem>& items) {
  std::vector<absl::StatusOr<WriteOutcome>> outcomes;
  outcomes.reserve(items.size());
  for (size_t begin = 0; begin < items.size(); begin += kWriteChunk) {
    const size_t end = std::min(items.size(), begin + kWriteChunk);
    std::vector<AtomicWrite> writes;
    writes.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const v1::Entry& entry = items[i].entry;
      const std::string& id = entry.id();
      const std::string unique = keys::EntryUniqueness(entry.contest_id(), entry.person().id_number());
      AtomicWrite write = WriteFor(items[i].meta, items[i].event);
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kCompetitionState),
                                            kReasonNotOpen, "COMPETITION_STATUS_OPEN", entry.competition_id()));
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, unique, "ALREADY_REGISTERED"));
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kEntryCount),
                                            "CONTEST_FULL", "", entry.contest_id(), items[i].max_entries));
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Entry(id), "ID_TAKEN"));
      write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Entry(id), entry.SerializeAsString()));
      write.ops.push_back(MakeRedisOp(Op::Kind::kSet, unique, id));
      write.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kEntryCount), "", entry.contest_id(), 1));
      write.ops.push_back(IndexAddOp(keys::Index("entry", "all"), id));
      write.ops.push_back(IndexAddOp(keys::Index("entry", "contest", entry.contest_id()), id));
      write.ops.push_back(IndexAddOp(keys::Index("entry", "comp", entry.competition_id()), id));
      write.ops.push_back(IndexAddOp(keys::Index("entry", "person", entry.person().id_number()), id));
      write.ops.push_back(IndexAddOp(keys::Index("entry", "aff", entry.affiliation().credit_code()), id));
      write.ops.push_back(IndexAddOp(keys::Index("entry", "district", entry.affiliation().district_code()), id));
      write.ops.push_back(IndexAddOp(keys::Index("entry", "year", keys::YearText(entry.year())), id));
      writes.push_back(std::move(write));
    }
    SB_ASSIGN_OR_RETURN(const std::vector<AtomicWriteResult> results, ApplyAtomicWrites(redis_, writes));
    for (const auto& result : results) {
      outcomes.push_back(OutcomeOf(result, Refusals()));
    }
  }
  return outcomes;
}

absl::StatusOr<std::optional<Stored<v1::Entry>>> CompetitionStore::GetEntry(std::string_view id) {
  return GetStoredRecord<v1::Entry>(redis_, keys::Entry(id));
}

absl::StatusOr<std::vector<Stored<v1::Entry>>> CompetitionStore::ReadContestEntries(std::string_view contest_id) {
  constexpr int kPage = 1000;
  const std::string index = keys::Index("entry", "contest", contest_id);
  std::vector<Stored<v1::Entry>> entries;
  std::string cursor;
  do {
    SB_ASSIGN_OR_RETURN(const IndexPage page, ReadIndexPage(redis_, index, cursor, kPage));
    std::vector<std::string> record_keys;
    record_keys.reserve(page.members.size());
    for (const auto& member : page.members) {
      record_keys.push_back(keys::Entry(member));
    }
    SB_ASSIGN_OR_RETURN(std::vector<FetchedValue> values, FetchValues(redis_, record_keys));
    for (size_t i = 0; i < values.size(); ++i) {
      if (!values[i].found) {
        continue;
      }
      Stored<v1::Entry> stored;
      stored.bytes = std::move(values[i].value);
      if (!stored.record.ParseFromString(stored.bytes)) {
        return absl::DataLossError(Concat("record ", record_keys[i], " does not parse"));
      }
      entries.push_back(std::move(stored));
    }
    cursor = page.next_cursor;
  } while (!cursor.empty());
  return entries;
}

absl::StatusOr<ScanPage<v1::Entry>> CompetitionStore::ListEntries(const EntryFilter& filter, const std::string& cursor,
                                                                  int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index("entry", "person", filter.id_number);
  } else if (!filter.contest_id.empty()) {
    index = keys::Index("entry", "contest", filter.contest_id);
  } else if (!filter.competition_id.empty()) {
    index = keys::Index("entry", "comp", filter.competition_id);
  } else if (!filter.affiliation_credit_code.empty()) {
    index = keys::Index("entry", "aff", filter.affiliation_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("entry", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("entry", "year", keys::YearText(filter.year));
  } else {
    index = keys::Index("entry", "all");
  }
  return ScanIndex<v1::Entry>(
      redis_, index, [](std::string_view member) { return keys::Entry(member); }, cursor, page_size,
      [&filter](const v1::Entry& e) {
        const bool visible = filter.visible_to_credit_code.empty() ||
                             e.affiliation().credit_code() == filter.visible_to_credit_code ||
                             std::find(filter.visible_competition_ids.begin(), filter.visible_competition_ids.end(),
                                       e.competition_id()) != filter.visible_competition_ids.end();
        return visible && (filter.id_number.empty() || e.person().id_number() == filter.id_number) &&
               (filter.contest_id.empty() || e.contest_id() == filter.contest_id) &&
               (filter.competition_id.empty() || e.competition_id() == filter.competition_id) &&
               (filter.affiliation_credit_code.empty() ||
                e.affiliation().credit_code() == filter.affiliation_credit_code) &&
               (filter.district_code.empty() || e.affiliation().district_code() == filter.district_code) &&
               (filter.year == 0 || e.year() == filter.year) &&
               (filter.award == v1::AWARD_UNSPECIFIED || e.award() == filter.award) &&
               (filter.promotion_status == v1::PROMOTION_STATUS_UNSPECIFIED ||
                e.promotion().status() == filter.promotion_status);
      },
      kMaxScanned);
}

absl::StatusOr<std::vector<std::string>> CompetitionStore::ReadYearlyHolders(
    const std::vector<std::pair<std::string, int>>& persons_years) {
  std::vector<std::string> record_keys;
  record_keys.reserve(persons_years.size());
  for (const auto& [id_number, year] : persons_years) {
    record_keys.push_back(keys::PromotionYear(id_number, year));
  }
  std::vector<std::string> holders(persons_years.size());
  SB_ASSIGN_OR_RETURN(const std::vector<FetchedValue> values, FetchValues(redis_, record_keys));
  for (size_t i = 0; i < values.size() && i < holders.size(); ++i) {
    if (values[i].found) {
      holders[i] = values[i].value;
    }
  }
  return holders;
}

// ---------------------------------------------------------------- results

absl::StatusOr<WriteOutcome> CompetitionStore::PublishResults(const PublishPlan& plan) {
  const std::string contest_key = keys::Contest(plan.contest.id());
  const std::string competition_key = keys::Competition(plan.competition.id());
  std::vector<AtomicWrite> writes;
  writes.reserve(plan.entries.size() * 2 + 2);
  AtomicWrite head = WriteFor(plan.meta, plan.contest_event);
  head.guards.push_back(BytesUnchanged(competition_key, plan.competition_old.bytes));
  head.guards.push_back(BytesUnchanged(contest_key, plan.contest_old.bytes));
  head.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kCompetitionState), kConcurrent,
                                       "COMPETITION_STATUS_CLOSED", plan.competition.id()));
  // No entry arrived (registration is closed) and none changed since they were read.
  head.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kEntryCount), kConcurrent, "",
                                       plan.contest.id(), static_cast<int64_t>(plan.entries.size()) + 1));
  for (const ResultWrite& entry : plan.entries) {
    std::vector<Op> unused;
    EntryChangeOps(entry, plan.due, head.guards, unused);
  }
  head.ops.push_back(MakeRedisOp(Op::Kind::kSet, contest_key, ContestBytes(plan.contest)));
  SetCompetitionOps(plan.competition, head.ops);
  if (plan.competition.status() == v1::COMPETITION_STATUS_RESULTS_PUBLISHED) {
    head.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(plan.competition.year()), "",
                                   keys::StatsField(plan.competition.organiser().district_code(),
                                                    plan.competition.level(), keys::StatsMeasure::kHeld),
                                   1));
  }
  writes.push_back(std::move(head));
  for (const ResultWrite& entry : plan.entries) {
    // The entry's own write: its guards were checked by the head, which nothing can undo within
    // the call; they are checked again here against the state the head left.
    AtomicWrite write = EventWrite(entry.events.front(), entry.audit);
    std::vector<Guard> guards;
    EntryChangeOps(entry, plan.due, guards, write.ops);
    write.guards.push_back(BytesUnchanged(keys::Entry(entry.updated.id()), entry.old.bytes));
    writes.push_back(std::move(write));
    for (size_t k = 1; k < entry.events.size(); ++k) {
      writes.push_back(EventWrite(entry.events[k], std::nullopt));
    }
  }
  if (plan.competition_event.has_value()) {
    writes.push_back(EventWrite(*plan.competition_event, std::nullopt));
  }
  return ApplyLinkedWrites(redis_, std::move(writes), keys::Link(contest_key), Concat("contest ", plan.contest.id()),
                           Refusals());
}

absl::StatusOr<WriteOutcome> CompetitionStore::CorrectResult(const ResultWrite& change,
                                                             const v1::CompetitionEvent& event,
                                                             const MutationMeta& meta) {
  std::vector<AtomicWrite> writes;
  AtomicWrite head = WriteFor(meta, event);
  EntryChangeOps(change, absl::FromUnixMillis(0), head.guards, head.ops);
  writes.push_back(std::move(head));
  for (const v1::CompetitionEvent& more : change.events) {
    writes.push_back(EventWrite(more, std::nullopt));
  }
  return ApplyLinkedWrites(redis_, std::move(writes), keys::Link(keys::Entry(change.updated.id())),
                           Concat("entry ", change.updated.id()), Refusals());
}

// ---------------------------------------------------------------- promotions

absl::StatusOr<std::vector<std::string>> CompetitionStore::DuePromotions(absl::Time now, int limit) {
  SB_ASSIGN_OR_RETURN(const RedisReply reply,
                      redis_.Command({"ZRANGEBYSCORE", std::string(keys::kPromotionsDue), "-inf",
                                      Concat(absl::ToUnixMillis(now)), "LIMIT", "0", Concat(limit)}));
  std::vector<std::string> ids;
  for (size_t i = 0; i < reply.size(); ++i) {
    ids.emplace_back(ReplyString(reply.element(i)));
  }
  return ids;
}

absl::StatusOr<WriteOutcome> CompetitionStore::RecordIssueAttempt(const IssueRecord& record) {
  ResultWrite change;
  change.old = record.old;
  change.updated = record.updated;
  MutationMeta meta;
  AtomicWrite write;
  if (record.event.has_value()) {
    write = EventWrite(*record.event, record.audit);
  } else {
    write = NewAtomicWrite(meta, "", "", "");
    if (record.audit.has_value()) {
      write.audit_stream = std::string(keys::kAudit);
      write.audit_payload = record.audit->SerializeAsString();
    }
  }
  EntryChangeOps(change, record.next_attempt.value_or(absl::FromUnixMillis(0)), write.guards, write.ops);
  return ApplyWrite(redis_, write, Refusals());
}

absl::Status CompetitionStore::DropDue(std::string_view entry_id) {
  return redis_.Command({"ZREM", std::string(keys::kPromotionsDue), std::string(entry_id)}).status();
}

// ---------------------------------------------------------------- stats, feed, audit

absl::StatusOr<std::vector<v1::CompetitionStatsRow>> CompetitionStore::ReadStats(int year) {
  SB_ASSIGN_OR_RETURN(const auto fields, ReadCounterHash(redis_, keys::Stats(year)));
  std::map<std::pair<std::string, int>, v1::CompetitionStatsRow> cells;
  for (const auto& [field, value] : fields) {
    const std::optional<keys::StatsFieldKey> key = keys::ParseStatsField(field);
    if (!key.has_value()) {
      continue;
    }
    v1::CompetitionStatsRow& row = cells[{key->district_code, key->level}];
    switch (key->measure) {
      case keys::StatsMeasure::kHeld:
        row.set_competitions_held(row.competitions_held() + value);
        break;
      case keys::StatsMeasure::kParticipants:
        row.set_participants(row.participants() + value);
        break;
      case keys::StatsMeasure::kPromotions:
        row.set_promotions(row.promotions() + value);
        break;
      case keys::StatsMeasure::kCertified:
        row.set_promotions_certified(row.promotions_certified() + value);
        break;
      case keys::StatsMeasure::kHonours:
        row.set_honours(row.honours() + value);
        break;
    }
  }
  std::vector<v1::CompetitionStatsRow> rows;
  rows.reserve(cells.size());
  for (auto& [key, row] : cells) {
    row.set_district_code(key.first);
    row.set_level(static_cast<v1::CompetitionLevel>(key.second));
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<FeedPage> CompetitionStore::ReadEvents(const std::string& after_id, int max_events,
                                                      std::chrono::milliseconds wait) {
  return ReadFeed(feed_redis_, std::string(keys::kEvents), after_id, max_events, wait);
}

absl::StatusOr<FeedPage> CompetitionStore::ReadAudit(const std::string& before_id, int max_entries) {
  return ReadStreamNewestFirst(redis_, std::string(keys::kAudit), before_id, max_entries);
}

}  // namespace skillbridge::competition

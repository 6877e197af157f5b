#include "services/education/store/student_store.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "common/redis/atomic_write.h"
#include "common/status/macros.h"
#include "common/store/index_page.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/domain/student_rules.h"
#include "services/education/store/education_store.h"
#include "services/education/store/keys.h"

namespace skillbridge::education {

namespace {

using Guard = RedisGuard;
using Op = RedisOp;

constexpr char kConcurrent[] = "CONCURRENT_MODIFICATION";
constexpr char kIdTaken[] = "ID_TAKEN";
constexpr std::string_view kStudentIndex = "student";

const RefusalTable& Refusals() {
  static const auto* table = new RefusalTable{
      {kConcurrent,
       {absl::StatusCode::kAborted, "the record was changed by another request meanwhile; read it again and retry"}},
      {kIdTaken, {absl::StatusCode::kAborted, "a server-assigned id collided; retry"}},
      {kReasonAlreadyEnrolled,
       {absl::StatusCode::kFailedPrecondition, "the person is enrolled already (one active enrolment per person)"}},
      {kReasonSchoolClosed, {absl::StatusCode::kFailedPrecondition, "the school is closed: it enrols no students"}},
      {kReasonSpecialtyClosed,
       {absl::StatusCode::kFailedPrecondition, "the specialty is closed: it enrols no students"}},
  };
  return *table;
}

std::string StatusName(v1::StudentStatus status) { return v1::StudentStatus_Name(status); }

AtomicWrite WriteFor(const MutationMeta& meta, const v1::EducationEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

Guard BytesUnchanged(std::string key, const std::string& bytes) {
  return MakeRedisGuard(Guard::Kind::kValueEquals, std::move(key), kConcurrent, bytes);
}

// The destination of an enrolment or a transfer: school and specialty ACTIVE, the specialty as read.
void GuardTarget(const v1::Student& student, const std::string& specialty_bytes, std::vector<Guard>& guards) {
  const std::string& school = student.school_credit_code();
  const std::string& code = student.specialty_code();
  guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kSchoolState), kReasonSchoolClosed,
                                  v1::SchoolStatus_Name(v1::SCHOOL_STATUS_ACTIVE), school));
  guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kSpecialtyState),
                                  kReasonSpecialtyClosed, v1::SpecialtyStatus_Name(v1::SPECIALTY_STATUS_ACTIVE),
                                  keys::SpecialtyRef(school, code)));
  guards.push_back(BytesUnchanged(keys::Specialty(school, code), specialty_bytes));
}

void AddCounterOps(const std::optional<v1::Student>& before, const std::optional<v1::Student>& after, int change_year,
                   std::vector<Op>& ops) {
  for (CounterDelta& delta : RecordCounterDeltas(before, after, change_year)) {
    ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::move(delta.key), "", std::move(delta.field), delta.amount));
  }
}

// The index entries of a new record.
void AddIndexOps(const v1::Student& s, std::vector<Op>& ops) {
  const std::string& id = s.id();
  ops.push_back(IndexAddOp(keys::Index(kStudentIndex, "all"), id));
  ops.push_back(IndexAddOp(keys::Index(kStudentIndex, "school", s.school_credit_code()), id));
  ops.push_back(IndexAddOp(keys::Index(kStudentIndex, "district", s.district_code()), id));
  ops.push_back(IndexAddOp(keys::Index(kStudentIndex, "person", s.person().id_number()), id));
  ops.push_back(IndexAddOp(keys::Index(kStudentIndex, "status", StatusName(s.status())), id));
  ops.push_back(IndexAddOp(keys::Index(kStudentIndex, "cohort", Concat(s.cohort())), id));
}

// The index entries that follow a status change.
void MoveStatusIndex(const v1::Student& before, const v1::Student& after, std::vector<Op>& ops) {
  if (before.status() == after.status()) {
    return;
  }
  ops.push_back(IndexRemoveOp(keys::Index(kStudentIndex, "status", StatusName(before.status())), after.id()));
  ops.push_back(IndexAddOp(keys::Index(kStudentIndex, "status", StatusName(after.status())), after.id()));
  if (after.status() == v1::STUDENT_STATUS_GRADUATED) {
    ops.push_back(IndexAddOp(keys::Index(kStudentIndex, "graduation", Concat(after.status_date().year())), after.id()));
  }
}

AtomicWrite EnrolmentAtomicWrite(const EnrolmentWrite& item) {
  const v1::Student& s = item.student;
  AtomicWrite write = WriteFor(item.meta, item.event);
  const std::string active = keys::ActiveEnrolment(s.person().id_number());
  GuardTarget(s, item.specialty_bytes, write.guards);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, active, kReasonAlreadyEnrolled));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Student(s.id()), kIdTaken));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Student(s.id()), s.SerializeAsString()));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, active, s.id()));
  AddIndexOps(s, write.ops);
  AddCounterOps(std::nullopt, s, 0, write.ops);
  return write;
}

AtomicWrite ChangeAtomicWrite(const StudentChange& change) {
  const v1::Student& before = change.old.record;
  const v1::Student& after = change.updated;
  AtomicWrite write = WriteFor(change.meta, change.event);
  write.guards.push_back(BytesUnchanged(keys::Student(after.id()), change.old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Student(after.id()), after.SerializeAsString()));
  if (before.status() == v1::STUDENT_STATUS_ENROLLED && after.status() != v1::STUDENT_STATUS_ENROLLED) {
    const std::string active = keys::ActiveEnrolment(after.person().id_number());
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, active, kConcurrent, after.id()));
    write.ops.push_back(MakeRedisOp(Op::Kind::kDel, active));
  }
  MoveStatusIndex(before, after, write.ops);
  AddCounterOps(before, after, change.change_year, write.ops);
  return write;
}

absl::StatusOr<ChunkOutcome> ApplyChunk(RedisClient& redis, const std::vector<AtomicWrite>& writes,
                                        const std::vector<int>& indexes, const std::string& record_key,
                                        const std::string& fingerprint) {
  AtomicBatchRecord record;
  record.key = record_key;
  record.fingerprint = fingerprint;
  for (const int index : indexes) {
    record.labels.push_back(Concat(index));
  }
  SB_ASSIGN_OR_RETURN(const AtomicBatchOutcome applied, ApplyAtomicBatch(redis, writes, record));
  ChunkOutcome outcome;
  outcome.replayed = applied.replayed;
  outcome.recorded_fingerprint = applied.recorded_fingerprint;
  const auto row_of = [](int index, const AtomicWriteResult& result) {
    absl::StatusOr<WriteOutcome> written = OutcomeOf(result, Refusals());
    RowOutcome row;
    row.index = index;
    row.status = written.status();
    if (written.ok()) {
      row.drawn_id = written->sequence_text;
    }
    return row;
  };
  if (!applied.replayed) {
    if (applied.results.size() != writes.size()) {
      return absl::InternalError("the student batch answered with another number of results");
    }
    for (size_t i = 0; i < writes.size(); ++i) {
      outcome.rows.push_back(row_of(indexes[i], applied.results[i]));
    }
    return outcome;
  }
  for (const auto& [label, result] : applied.recorded) {
    int index = 0;
    if (!absl::SimpleAtoi(label, &index)) {
      return absl::DataLossError(Concat("a student batch record holds a malformed label: ", label));
    }
    outcome.rows.push_back(row_of(index, result));
  }
  return outcome;
}

}  // namespace

absl::StatusOr<std::optional<Stored<v1::Student>>> StudentStore::GetStudent(std::string_view id) {
  return GetStoredRecord<v1::Student>(redis_, keys::Student(id));
}

absl::StatusOr<std::vector<std::optional<Stored<v1::Student>>>> StudentStore::GetStudents(
    const std::vector<std::string>& ids) {
  std::vector<std::string> record_keys;
  record_keys.reserve(ids.size());
  for (const std::string& id : ids) {
    record_keys.push_back(keys::Student(id));
  }
  SB_ASSIGN_OR_RETURN(const std::vector<FetchedValue> values, FetchValues(redis_, record_keys));
  std::vector<std::optional<Stored<v1::Student>>> out(ids.size());
  for (size_t i = 0; i < values.size() && i < ids.size(); ++i) {
    if (!values[i].found) {
      continue;
    }
    Stored<v1::Student> stored;
    stored.bytes = values[i].value;
    if (!stored.record.ParseFromString(stored.bytes)) {
      return absl::DataLossError(Concat("record ", record_keys[i], " does not parse"));
    }
    out[i] = std::move(stored);
  }
  return out;
}

absl::StatusOr<std::string> StudentStore::ActiveEnrolmentOf(std::string_view id_number) {
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command({"GET", keys::ActiveEnrolment(id_number)}));
  return reply.is_nil() ? std::string() : std::string(reply.str());
}

absl::StatusOr<std::vector<std::string>> StudentStore::ActiveEnrolmentsOf(const std::vector<std::string>& id_numbers) {
  std::vector<std::string> active_keys;
  active_keys.reserve(id_numbers.size());
  for (const std::string& id_number : id_numbers) {
    active_keys.push_back(keys::ActiveEnrolment(id_number));
  }
  SB_ASSIGN_OR_RETURN(const std::vector<FetchedValue> values, FetchValues(redis_, active_keys));
  std::vector<std::string> out(id_numbers.size());
  for (size_t i = 0; i < values.size() && i < out.size(); ++i) {
    if (values[i].found) {
      out[i] = values[i].value;
    }
  }
  return out;
}

absl::StatusOr<WriteOutcome> StudentStore::Enrol(const EnrolmentWrite& write) {
  return ApplyWrite(redis_, EnrolmentAtomicWrite(write), Refusals());
}

absl::StatusOr<ChunkOutcome> StudentStore::EnrolChunk(const std::vector<EnrolmentWrite>& writes,
                                                      const std::vector<int>& indexes, const std::string& record_key,
                                                      const std::string& fingerprint) {
  std::vector<AtomicWrite> atomic;
  atomic.reserve(writes.size());
  for (const EnrolmentWrite& write : writes) {
    atomic.push_back(EnrolmentAtomicWrite(write));
  }
  return ApplyChunk(redis_, atomic, indexes, record_key, fingerprint);
}

absl::StatusOr<WriteOutcome> StudentStore::Change(const StudentChange& change) {
  return ApplyWrite(redis_, ChangeAtomicWrite(change), Refusals());
}

absl::StatusOr<ChunkOutcome> StudentStore::ChangeChunk(const std::vector<StudentChange>& changes,
                                                       const std::vector<int>& indexes, const std::string& record_key,
                                                       const std::string& fingerprint) {
  std::vector<AtomicWrite> atomic;
  atomic.reserve(changes.size());
  for (const StudentChange& change : changes) {
    atomic.push_back(ChangeAtomicWrite(change));
  }
  return ApplyChunk(redis_, atomic, indexes, record_key, fingerprint);
}

absl::StatusOr<WriteOutcome> StudentStore::Transfer(const TransferWrite& write) {
  if (!write.meta.id_sequence.has_value()) {
    return absl::InternalError("a transfer draws the new record's id");
  }
  const RedisSequence& sequence = *write.meta.id_sequence;
  const v1::Student& before = write.old.record;
  const v1::Student& to = write.to;
  const std::string active = keys::ActiveEnrolment(before.person().id_number());

  AtomicWrite first = WriteFor(write.meta, write.from_event);
  first.guards.push_back(BytesUnchanged(keys::Student(before.id()), write.old.bytes));
  first.guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, active, kConcurrent, before.id()));
  GuardTarget(to, write.specialty_bytes, first.guards);
  first.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Student(to.id()), kIdTaken));
  first.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Student(before.id()), write.from.SerializeAsString()));
  first.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Student(to.id()), to.SerializeAsString()));
  first.ops.push_back(MakeRedisOp(Op::Kind::kSet, active, to.id()));
  MoveStatusIndex(before, write.from, first.ops);
  AddIndexOps(to, first.ops);
  AddCounterOps(before, write.from, 0, first.ops);
  AddCounterOps(std::nullopt, to, 0, first.ops);
  // Gives the number back: the second write draws it again (see the header).
  first.ops.push_back(MakeRedisOp(Op::Kind::kIncrBy, sequence.key, "", "", -1));

  MutationMeta none;
  none.id_sequence = sequence;
  AtomicWrite second = WriteFor(none, write.to_event);
  second.audit_stream.clear();
  second.audit_payload.clear();
  second.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyPresent, keys::Student(to.id()), kConcurrent));

  std::vector<AtomicWrite> writes;
  writes.push_back(std::move(first));
  writes.push_back(std::move(second));
  return ApplyLinkedWrites(redis_, std::move(writes), keys::StudentLink(before.id()),
                           Concat("the transfer of student ", before.id()), Refusals(), kConcurrent);
}

absl::StatusOr<ScanPage<v1::Student>> StudentStore::ListStudents(const StudentFilter& filter, const std::string& cursor,
                                                                 int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index(kStudentIndex, "person", filter.id_number);
  } else if (!filter.school_credit_code.empty()) {
    index = keys::Index(kStudentIndex, "school", filter.school_credit_code);
  } else if (filter.graduation_year != 0) {
    index = keys::Index(kStudentIndex, "graduation", Concat(filter.graduation_year));
  } else if (!filter.district_code.empty()) {
    index = keys::Index(kStudentIndex, "district", filter.district_code);
  } else if (filter.status != v1::STUDENT_STATUS_UNSPECIFIED) {
    index = keys::Index(kStudentIndex, "status", StatusName(filter.status));
  } else if (filter.cohort != 0) {
    index = keys::Index(kStudentIndex, "cohort", Concat(filter.cohort));
  } else {
    index = keys::Index(kStudentIndex, "all");
  }
  const auto keep = [&filter](const v1::Student& s) {
    return (filter.school_credit_code.empty() || s.school_credit_code() == filter.school_credit_code) &&
           (filter.district_code.empty() || s.district_code() == filter.district_code) &&
           (filter.specialty_code.empty() || s.specialty_code() == filter.specialty_code) &&
           (filter.status == v1::STUDENT_STATUS_UNSPECIFIED || s.status() == filter.status) &&
           (filter.cohort == 0 || s.cohort() == filter.cohort) &&
           (filter.graduation_year == 0 ||
            (s.status() == v1::STUDENT_STATUS_GRADUATED && s.status_date().year() == filter.graduation_year)) &&
           (filter.id_number.empty() || s.person().id_number() == filter.id_number);
  };
  // Newest first: the index walked from its end (ids grow with time).
  ScanPage<v1::Student> page;
  std::string position = cursor;
  int scanned = 0;
  while (static_cast<int>(page.records.size()) < page_size) {
    const int want = page_size - static_cast<int>(page.records.size());
    SB_ASSIGN_OR_RETURN(const RedisReply members,
                        redis_.Command({"ZREVRANGEBYLEX", index, position.empty() ? "+" : Concat("(", position), "-",
                                        "LIMIT", "0", Concat(want)}));
    if (members.size() == 0) {
      return page;
    }
    std::vector<std::string> ids;
    for (size_t i = 0; i < members.size(); ++i) {
      ids.emplace_back(ReplyString(members.element(i)));
    }
    SB_ASSIGN_OR_RETURN(auto records, GetStudents(ids));
    for (auto& record : records) {
      if (record.has_value() && keep(record->record)) {
        page.records.push_back(std::move(record->record));
      }
    }
    position = ids.back();
    scanned += static_cast<int>(ids.size());
    if (static_cast<int>(ids.size()) < want) {
      return page;
    }
    if (scanned >= kMaxScanned) {
      break;
    }
  }
  page.next_cursor = position;
  return page;
}

}  // namespace skillbridge::education

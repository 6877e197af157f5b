#include "services/training/store/training_store.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "common/redis/atomic_write.h"
#include "common/status/macros.h"
#include "common/store/counter_hash.h"
#include "common/store/index_page.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "services/training/domain/course_rules.h"
#include "services/training/store/keys.h"

namespace skillbridge::training {

namespace {

using Guard = RedisGuard;
using Op = RedisOp;

const RefusalTable& Refusals() {
  static const auto* table = new RefusalTable{
      {"INSTITUTION_ALREADY_EXISTS",
       {absl::StatusCode::kAlreadyExists, "a training institution with this credit code already exists"}},
      {"CONCURRENT_MODIFICATION",
       {absl::StatusCode::kAborted, "the record was changed by another request meanwhile; read it again and retry"}},
      {"INSTITUTION_NOT_ACTIVE", {absl::StatusCode::kFailedPrecondition, "the training institution is not ACTIVE"}},
      {"ID_TAKEN", {absl::StatusCode::kAborted, "a server-assigned id collided; retry"}},
      {"ALREADY_ENROLLED", {absl::StatusCode::kAlreadyExists, "the person is already enrolled in this course"}},
      {"COURSE_FULL", {absl::StatusCode::kFailedPrecondition, "the course has no free seat left"}},
      {kReasonCourseCancelled,
       {absl::StatusCode::kFailedPrecondition, "the course is cancelled and takes no new enrolment"}},
      {"ENROLLMENT_ALREADY_CLAIMED",
       {absl::StatusCode::kFailedPrecondition, "a subsidy claim for this enrolment is already submitted"}},
      {kReasonNotCompleted, {absl::StatusCode::kFailedPrecondition, "only a completed enrolment can be claimed"}},
      {kReasonAlreadyGranted,
       {absl::StatusCode::kFailedPrecondition, "the person was already subsidised for this occupation and level"}},
      {kReasonHigherLevel,
       {absl::StatusCode::kFailedPrecondition,
        "the person was already subsidised for a higher level of this occupation"}},
      {kReasonYearlyLimit,
       {absl::StatusCode::kFailedPrecondition, "the person already has 3 subsidies in this calendar year"}},
  };
  return *table;
}

AtomicWrite WriteFor(const MutationMeta& meta, const v1::TrainingEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

std::string YearText(int year) { return absl::StrFormat("%04d", year); }

Guard BytesUnchanged(std::string key, const std::string& bytes) {
  return MakeRedisGuard(Guard::Kind::kValueEquals, std::move(key), "CONCURRENT_MODIFICATION", bytes);
}

void SetInstitutionIndexOps(const v1::Institution& institution, std::vector<Op>& ops) {
  const std::string& credit = institution.org().credit_code();
  ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Institution(credit), institution.SerializeAsString()));
  ops.push_back(MakeRedisOp(Op::Kind::kHSet, std::string(keys::kInstitutionState),
                            v1::InstitutionStatus_Name(institution.status()), credit));
  ops.push_back(IndexAddOp(keys::Index("inst", "all"), credit));
  ops.push_back(IndexAddOp(keys::Index("inst", "district", institution.org().district_code()), credit));
}

// The ops that drop an enrolment (record, state, uniqueness, seat).
void DropEnrollmentOps(const v1::Enrollment& updated, std::vector<Op>& ops) {
  const std::string& id = updated.id();
  ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Enrollment(id), updated.SerializeAsString()));
  ops.push_back(
      MakeRedisOp(Op::Kind::kHSet, std::string(keys::kEnrollmentState), v1::EnrollmentState_Name(updated.state()), id));
  ops.push_back(
      MakeRedisOp(Op::Kind::kDel, keys::EnrollmentUniqueness(updated.course_id(), updated.person().id_number())));
  ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kSeats), "", updated.course_id(), -1));
}

}  // namespace

absl::Status TrainingStore::Initialize() { return InitializeStoreSchema(redis_, keys::kSchema, keys::kSchemaVersion); }

absl::StatusOr<std::optional<std::string>> TrainingStore::LookupIdempotent(const std::string& key) {
  return LookupIdempotentRecord(redis_, key);
}

absl::StatusOr<std::vector<std::optional<std::string>>> TrainingStore::LookupIdempotentMany(
    const std::vector<std::string>& keys) {
  return LookupIdempotentRecords(redis_, keys);
}

RedisSequence TrainingStore::NewId(IdKind kind) {
  switch (kind) {
    case IdKind::kCourse:
      return IdSequence(keys::Sequence("course"), "C", 10);
    case IdKind::kEnrollment:
      return IdSequence(keys::Sequence("enrollment"), "E", 12);
    case IdKind::kClaim:
      break;
  }
  return IdSequence(keys::Sequence("claim"), "SC", 10);
}

// ---------------------------------------------------------------- institutions

absl::StatusOr<std::optional<Stored<v1::Institution>>> TrainingStore::GetInstitution(std::string_view credit_code) {
  return GetStoredRecord<v1::Institution>(redis_, keys::Institution(credit_code));
}

absl::StatusOr<WriteOutcome> TrainingStore::CreateInstitution(const v1::Institution& institution,
                                                              const v1::TrainingEvent& event,
                                                              const MutationMeta& meta) {
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Institution(institution.org().credit_code()),
                                        "INSTITUTION_ALREADY_EXISTS"));
  SetInstitutionIndexOps(institution, write.ops);
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> TrainingStore::UpdateInstitution(const Stored<v1::Institution>& old,
                                                              const v1::Institution& updated,
                                                              const v1::TrainingEvent& event,
                                                              const MutationMeta& meta) {
  const std::string& credit = updated.org().credit_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(BytesUnchanged(keys::Institution(credit), old.bytes));
  if (old.record.org().district_code() != updated.org().district_code()) {
    write.ops.push_back(IndexRemoveOp(keys::Index("inst", "district", old.record.org().district_code()), credit));
  }
  SetInstitutionIndexOps(updated, write.ops);
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::Institution>> TrainingStore::ListInstitutions(const InstitutionFilter& filter,
                                                                          const std::string& cursor, int page_size) {
  const std::string index =
      filter.district_code.empty() ? keys::Index("inst", "all") : keys::Index("inst", "district", filter.district_code);
  return ScanIndex<v1::Institution>(
      redis_, index, [](std::string_view member) { return keys::Institution(member); }, cursor, page_size,
      [&filter](const v1::Institution& inst) {
        const auto& occupations = inst.approved_occupation_codes();
        return (filter.kind == v1::INSTITUTION_KIND_UNSPECIFIED || inst.kind() == filter.kind) &&
               (filter.status == v1::INSTITUTION_STATUS_UNSPECIFIED || inst.status() == filter.status) &&
               (filter.district_code.empty() || inst.org().district_code() == filter.district_code) &&
               (filter.occupation_code.empty() ||
                std::find(occupations.begin(), occupations.end(), filter.occupation_code) != occupations.end());
      },
      kMaxScanned);
}

// ---------------------------------------------------------------- catalogue

absl::StatusOr<std::optional<Stored<v1::CatalogEntry>>> TrainingStore::GetCatalogEntry(int year,
                                                                                       std::string_view occupation,
                                                                                       common::v1::SkillLevel level) {
  return GetStoredRecord<v1::CatalogEntry>(redis_, keys::CatalogEntry(year, occupation, level));
}

absl::StatusOr<WriteOutcome> TrainingStore::UpsertCatalogEntry(const std::optional<Stored<v1::CatalogEntry>>& old,
                                                               const v1::CatalogEntry& entry,
                                                               const v1::TrainingEvent& event,
                                                               const MutationMeta& meta) {
  const std::string key = keys::CatalogEntry(entry.year(), entry.occupation_code(), entry.level());
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(old.has_value() ? BytesUnchanged(key, old->bytes)
                                         : MakeRedisGuard(Guard::Kind::kKeyAbsent, key, "CONCURRENT_MODIFICATION"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, key, entry.SerializeAsString()));
  write.ops.push_back(IndexAddOp(keys::Index("cat", "year", YearText(entry.year())),
                                 keys::CatalogMember(entry.occupation_code(), entry.level())));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::CatalogEntry>> TrainingStore::ListCatalogEntries(const CatalogFilter& filter,
                                                                             const std::string& cursor, int page_size) {
  const int year = filter.year;
  return ScanIndex<v1::CatalogEntry>(
      redis_, keys::Index("cat", "year", YearText(year)),
      [year](std::string_view member) { return keys::CatalogEntryByMember(year, member); }, cursor, page_size,
      [&filter](const v1::CatalogEntry& entry) {
        return (filter.occupation_code.empty() || entry.occupation_code() == filter.occupation_code) &&
               (filter.level == common::v1::SKILL_LEVEL_UNSPECIFIED || entry.level() == filter.level) &&
               (filter.include_withdrawn || !entry.withdrawn());
      },
      kMaxScanned);
}

// ---------------------------------------------------------------- courses

absl::StatusOr<WriteOutcome> TrainingStore::CreateCourse(const v1::Course& course, const v1::TrainingEvent& event,
                                                         const MutationMeta& meta) {
  const std::string& id = course.id();
  const std::string& credit = course.institution().credit_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kInstitutionState),
                                        "INSTITUTION_NOT_ACTIVE", "INSTITUTION_STATUS_ACTIVE", credit));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Course(id), "ID_TAKEN"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Course(id), course.SerializeAsString()));
  write.ops.push_back(IndexAddOp(keys::Index("course", "all"), id));
  write.ops.push_back(IndexAddOp(keys::Index("course", "inst", credit), id));
  write.ops.push_back(IndexAddOp(keys::Index("course", "district", course.institution().district_code()), id));
  write.ops.push_back(IndexAddOp(keys::Index("course", "year", YearText(course.year())), id));
  return ApplyWrite(redis_, write, Refusals());
}

absl::Status TrainingStore::FillSeats(std::vector<v1::Course*> courses) {
  if (courses.empty()) {
    return absl::OkStatus();
  }
  std::vector<std::string> argv = {"HMGET", std::string(keys::kSeats)};
  for (const auto* course : courses) {
    argv.push_back(course->id());
  }
  auto reply = redis_.Command(argv);
  if (!reply.ok()) {
    return reply.status();
  }
  for (size_t i = 0; i < courses.size() && i < reply->size(); ++i) {
    int64_t seats = 0;
    const std::string_view text = ReplyString(reply->element(i));
    if (!ReplyIsNil(reply->element(i)) && absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &seats)) {
      courses[i]->set_enrolled_count(static_cast<int32_t>(seats));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::Course>> TrainingStore::GetCourse(std::string_view id) {
  auto stored = GetStoredCourse(id);
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return std::optional<v1::Course>();
  }
  return std::optional<v1::Course>(std::move((*stored)->record));
}

absl::StatusOr<std::optional<Stored<v1::Course>>> TrainingStore::GetStoredCourse(std::string_view id) {
  auto stored = GetStoredRecord<v1::Course>(redis_, keys::Course(id));
  if (!stored.ok() || !stored->has_value()) {
    return stored;
  }
  if (absl::Status seats = FillSeats({&(*stored)->record}); !seats.ok()) {
    return seats;
  }
  return stored;
}

absl::StatusOr<std::vector<Stored<v1::Enrollment>>> TrainingStore::ReadCourseEnrollments(std::string_view course_id) {
  constexpr int kPage = 1000;
  const std::string index = keys::Index("enr", "course", course_id);
  std::vector<Stored<v1::Enrollment>> enrollments;
  std::string cursor;
  do {
    auto page = ReadIndexPage(redis_, index, cursor, kPage);
    if (!page.ok()) {
      return page.status();
    }
    std::vector<std::string> record_keys;
    record_keys.reserve(page->members.size());
    for (const auto& member : page->members) {
      record_keys.push_back(keys::Enrollment(member));
    }
    auto values = FetchValues(redis_, record_keys);
    if (!values.ok()) {
      return values.status();
    }
    for (size_t i = 0; i < values->size(); ++i) {
      if (!(*values)[i].found) {
        continue;
      }
      Stored<v1::Enrollment> stored;
      stored.bytes = std::move((*values)[i].value);
      if (!stored.record.ParseFromString(stored.bytes)) {
        return absl::DataLossError(Concat("record ", record_keys[i], " does not parse"));
      }
      enrollments.push_back(std::move(stored));
    }
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return enrollments;
}

absl::StatusOr<WriteOutcome> TrainingStore::CancelCourse(const Stored<v1::Course>& old, const v1::Course& cancelled,
                                                         const std::vector<CancelDrop>& drops,
                                                         const v1::TrainingEvent& event, const MutationMeta& meta) {
  const std::string& id = cancelled.id();
  const std::string course_key = keys::Course(id);
  v1::Course record = cancelled;
  record.clear_enrolled_count();  // seats live in training:seats, never in the record
  const std::string cancelled_bytes = record.SerializeAsString();
  std::vector<AtomicWrite> writes;
  writes.reserve(drops.size() + 1);
  AtomicWrite course = WriteFor(meta, event);
  course.guards.push_back(BytesUnchanged(course_key, old.bytes));
  for (const CancelDrop& drop : drops) {
    course.guards.push_back(BytesUnchanged(keys::Enrollment(drop.old.record.id()), drop.old.bytes));
  }
  // Seats = enrolled + completed enrolments; as many as the open ones read means no enrolment
  // arrived (and none completed: that changes an enrolment guarded above) since they were read.
  course.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kSeats),
                                         "CONCURRENT_MODIFICATION", "", id, static_cast<int64_t>(drops.size()) + 1));
  course.ops.push_back(MakeRedisOp(Op::Kind::kSet, course_key, cancelled_bytes));
  course.ops.push_back(MakeRedisOp(Op::Kind::kSAdd, std::string(keys::kCancelledCourses), id));
  writes.push_back(std::move(course));
  for (const CancelDrop& drop : drops) {
    // Applies only after the course's write did (same script call, nothing runs in between).
    AtomicWrite write = WriteFor(drop.meta, drop.event);
    write.guards.push_back(BytesUnchanged(course_key, cancelled_bytes));
    write.guards.push_back(BytesUnchanged(keys::Enrollment(drop.updated.id()), drop.old.bytes));
    DropEnrollmentOps(drop.updated, write.ops);
    writes.push_back(std::move(write));
  }
  auto results = ApplyAtomicWrites(redis_, writes);
  if (!results.ok()) {
    return results.status();
  }
  if (results->size() != writes.size()) {
    return absl::InternalError("the atomic write returned a result count other than the write count");
  }
  auto outcome = OutcomeOf(results->front(), Refusals());
  if (!outcome.ok() || outcome->replayed) {
    return outcome;
  }
  for (size_t i = 1; i < results->size(); ++i) {
    if ((*results)[i].outcome != AtomicWriteResult::Outcome::kApplied) {
      return absl::InternalError(Concat("course ", id, " was cancelled but dropping enrolment ",
                                        drops[i - 1].updated.id(), " was refused (", (*results)[i].refused_reason,
                                        ")"));
    }
  }
  return outcome;
}

absl::StatusOr<ScanPage<v1::Course>> TrainingStore::ListCourses(const CourseFilter& filter, const std::string& cursor,
                                                                int page_size) {
  std::string index;
  if (!filter.institution_credit_code.empty()) {
    index = keys::Index("course", "inst", filter.institution_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("course", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("course", "year", YearText(filter.year));
  } else {
    index = keys::Index("course", "all");
  }
  auto page = ScanIndex<v1::Course>(
      redis_, index, [](std::string_view member) { return keys::Course(member); }, cursor, page_size,
      [&filter](const v1::Course& course) {
        return (filter.institution_credit_code.empty() ||
                course.institution().credit_code() == filter.institution_credit_code) &&
               (filter.district_code.empty() || course.institution().district_code() == filter.district_code) &&
               (filter.year == 0 || course.year() == filter.year) &&
               (filter.programme == v1::PROGRAMME_UNSPECIFIED || course.programme() == filter.programme) &&
               (filter.occupation_code.empty() || course.occupation_code() == filter.occupation_code) &&
               (filter.industry_chain_code.empty() || course.industry_chain_code() == filter.industry_chain_code);
      },
      kMaxScanned);
  if (!page.ok()) {
    return page;
  }
  std::vector<v1::Course*> courses;
  for (auto& course : page->records) {
    courses.push_back(&course);
  }
  if (absl::Status seats = FillSeats(courses); !seats.ok()) {
    return seats;
  }
  return page;
}

// ---------------------------------------------------------------- enrolments

absl::StatusOr<std::vector<absl::StatusOr<WriteOutcome>>> TrainingStore::Enroll(const std::vector<EnrollItem>& items) {
  std::vector<absl::StatusOr<WriteOutcome>> outcomes;
  outcomes.reserve(items.size());
  for (size_t begin = 0; begin < items.size(); begin += kWriteChunk) {
    const size_t end = std::min(items.size(), begin + kWriteChunk);
    std::vector<AtomicWrite> writes;
    writes.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const v1::Enrollment& enrollment = items[i].enrollment;
      const std::string& id = enrollment.id();
      const std::string unique = keys::EnrollmentUniqueness(enrollment.course_id(), enrollment.person().id_number());
      AtomicWrite write = WriteFor(items[i].meta, items[i].event);
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kInstitutionState),
                                            "INSTITUTION_NOT_ACTIVE", "INSTITUTION_STATUS_ACTIVE",
                                            enrollment.institution_credit_code()));
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kNotSetMember, std::string(keys::kCancelledCourses),
                                            kReasonCourseCancelled, enrollment.course_id()));
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, unique, "ALREADY_ENROLLED"));
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kSeats), "COURSE_FULL", "",
                                            enrollment.course_id(), items[i].capacity));
      write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Enrollment(id), "ID_TAKEN"));
      write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Enrollment(id), enrollment.SerializeAsString()));
      write.ops.push_back(MakeRedisOp(Op::Kind::kSet, unique, id));
      write.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kSeats), "", enrollment.course_id(), 1));
      write.ops.push_back(MakeRedisOp(Op::Kind::kHSet, std::string(keys::kEnrollmentState),
                                      v1::EnrollmentState_Name(enrollment.state()), id));
      write.ops.push_back(IndexAddOp(keys::Index("enr", "all"), id));
      write.ops.push_back(IndexAddOp(keys::Index("enr", "course", enrollment.course_id()), id));
      write.ops.push_back(IndexAddOp(keys::Index("enr", "inst", enrollment.institution_credit_code()), id));
      write.ops.push_back(IndexAddOp(keys::Index("enr", "person", enrollment.person().id_number()), id));
      write.ops.push_back(IndexAddOp(keys::Index("enr", "district", enrollment.district_code()), id));
      write.ops.push_back(IndexAddOp(keys::Index("enr", "year", YearText(enrollment.course_year())), id));
      writes.push_back(std::move(write));
    }
    auto results = ApplyAtomicWrites(redis_, writes);
    if (!results.ok()) {
      return results.status();
    }
    for (const auto& result : *results) {
      outcomes.push_back(OutcomeOf(result, Refusals()));
    }
  }
  return outcomes;
}

absl::Status TrainingStore::FillClaimIds(std::vector<v1::Enrollment*> enrollments) {
  if (enrollments.empty()) {
    return absl::OkStatus();
  }
  std::vector<std::string> argv = {"HMGET", std::string(keys::kEnrollmentClaim)};
  for (const auto* enrollment : enrollments) {
    argv.push_back(enrollment->id());
  }
  auto reply = redis_.Command(argv);
  if (!reply.ok()) {
    return reply.status();
  }
  for (size_t i = 0; i < enrollments.size() && i < reply->size(); ++i) {
    if (!ReplyIsNil(reply->element(i))) {
      enrollments[i]->set_claim_id(std::string(ReplyString(reply->element(i))));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Stored<v1::Enrollment>>> TrainingStore::GetEnrollment(std::string_view id) {
  auto stored = GetStoredRecord<v1::Enrollment>(redis_, keys::Enrollment(id));
  if (!stored.ok() || !stored->has_value()) {
    return stored;
  }
  if (absl::Status claims = FillClaimIds({&(*stored)->record}); !claims.ok()) {
    return claims;
  }
  return stored;
}

absl::StatusOr<WriteOutcome> TrainingStore::CompleteEnrollment(const Stored<v1::Enrollment>& old,
                                                               const v1::Enrollment& updated, bool subsidised,
                                                               const v1::TrainingEvent& event,
                                                               const MutationMeta& meta) {
  const std::string& id = updated.id();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(BytesUnchanged(keys::Enrollment(id), old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Enrollment(id), updated.SerializeAsString()));
  write.ops.push_back(
      MakeRedisOp(Op::Kind::kHSet, std::string(keys::kEnrollmentState), v1::EnrollmentState_Name(updated.state()), id));
  const int year = updated.completed_date().year();
  write.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(year), "",
                                  keys::StatsField(updated.district_code(), updated.programme(),
                                                   updated.industry_chain_code(), keys::StatsMeasure::kCompleted),
                                  1));
  if (subsidised) {
    write.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(year), "",
                                    keys::StatsField(updated.district_code(), updated.programme(),
                                                     updated.industry_chain_code(), keys::StatsMeasure::kSubsidised),
                                    1));
  }
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> TrainingStore::DropEnrollment(const Stored<v1::Enrollment>& old,
                                                           const v1::Enrollment& updated,
                                                           const v1::TrainingEvent& event, const MutationMeta& meta) {
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(BytesUnchanged(keys::Enrollment(updated.id()), old.bytes));
  DropEnrollmentOps(updated, write.ops);
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::Enrollment>> TrainingStore::ListEnrollments(const EnrollmentFilter& filter,
                                                                        const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index("enr", "person", filter.id_number);
  } else if (!filter.course_id.empty()) {
    index = keys::Index("enr", "course", filter.course_id);
  } else if (!filter.institution_credit_code.empty()) {
    index = keys::Index("enr", "inst", filter.institution_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("enr", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("enr", "year", YearText(filter.year));
  } else {
    index = keys::Index("enr", "all");
  }
  auto page = ScanIndex<v1::Enrollment>(
      redis_, index, [](std::string_view member) { return keys::Enrollment(member); }, cursor, page_size,
      [&filter](const v1::Enrollment& e) {
        return (filter.id_number.empty() || e.person().id_number() == filter.id_number) &&
               (filter.course_id.empty() || e.course_id() == filter.course_id) &&
               (filter.institution_credit_code.empty() ||
                e.institution_credit_code() == filter.institution_credit_code) &&
               (filter.district_code.empty() || e.district_code() == filter.district_code) &&
               (filter.year == 0 || e.course_year() == filter.year) &&
               (filter.state == v1::ENROLLMENT_STATE_UNSPECIFIED || e.state() == filter.state);
      },
      kMaxScanned);
  if (!page.ok()) {
    return page;
  }
  std::vector<v1::Enrollment*> enrollments;
  for (auto& enrollment : page->records) {
    enrollments.push_back(&enrollment);
  }
  if (absl::Status claims = FillClaimIds(enrollments); !claims.ok()) {
    return claims;
  }
  return page;
}

// ---------------------------------------------------------------- subsidy claims

namespace {

// The person's counting claims from the replies to SMEMBERS PersonGranted and HGET PersonYears.
PersonSubsidies PersonSubsidiesOf(const RedisReply& granted, const RedisReply& count) {
  PersonSubsidies subsidies;
  for (size_t i = 0; i < granted.size(); ++i) {
    const std::string_view member = ReplyString(granted.element(i));
    const size_t bar = member.rfind('|');
    int level = 0;
    if (bar == std::string_view::npos ||
        !absl::SimpleAtoi(absl::string_view(member.data() + bar + 1, member.size() - bar - 1), &level)) {
      continue;
    }
    subsidies.granted.emplace(std::string(member.substr(0, bar)), level);
  }
  if (!count.is_nil()) {
    const std::string_view text = count.str();
    int64_t value = 0;
    if (absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value)) {
      subsidies.claims_in_year = value;
    }
  }
  return subsidies;
}

std::vector<std::string> PersonSubsidiesCommand(std::string_view id_number) {
  return {"SMEMBERS", keys::PersonGranted(id_number)};
}
std::vector<std::string> PersonYearCommand(std::string_view id_number, int year) {
  return {"HGET", keys::PersonYears(id_number), Concat(year)};
}

}  // namespace

absl::StatusOr<PersonSubsidies> TrainingStore::ReadPersonSubsidies(std::string_view id_number, int year) {
  auto replies = redis_.Pipeline({PersonSubsidiesCommand(id_number), PersonYearCommand(id_number, year)});
  if (!replies.ok()) {
    return replies.status();
  }
  return PersonSubsidiesOf((*replies)[0], (*replies)[1]);
}

absl::StatusOr<TrainingStore::ClaimInputs> TrainingStore::ReadClaimInputs(const std::string& idempotency_key,
                                                                          std::string_view enrollment_id,
                                                                          int claim_year) {
  ClaimInputs inputs;
  const std::string enrollment_key = keys::Enrollment(enrollment_id);
  std::vector<std::vector<std::string>> first = {
      {"GET", enrollment_key}, {"HGET", std::string(keys::kEnrollmentClaim), std::string(enrollment_id)}};
  if (!idempotency_key.empty()) {
    first.push_back({"GET", idempotency_key});
  }
  auto replies = redis_.Pipeline(first);
  if (!replies.ok()) {
    return replies.status();
  }
  if (!idempotency_key.empty() && !(*replies)[2].is_nil()) {
    inputs.replay = std::string((*replies)[2].str());
    return inputs;
  }
  auto enrollment = StoredRecordOf<v1::Enrollment>((*replies)[0], enrollment_key);
  if (!enrollment.ok()) {
    return enrollment.status();
  }
  inputs.enrollment = std::move(*enrollment);
  if (!inputs.enrollment.has_value()) {
    return inputs;
  }
  const v1::Enrollment& record = inputs.enrollment->record;
  if (!(*replies)[1].is_nil()) {
    inputs.enrollment->record.set_claim_id(std::string((*replies)[1].str()));
  }
  const std::string catalogue_key = keys::CatalogEntry(record.course_year(), record.occupation_code(), record.level());
  const std::string institution_key = keys::Institution(record.institution_credit_code());
  replies = redis_.Pipeline({{"GET", catalogue_key},
                             PersonSubsidiesCommand(record.person().id_number()),
                             PersonYearCommand(record.person().id_number(), claim_year),
                             {"GET", institution_key}});
  if (!replies.ok()) {
    return replies.status();
  }
  auto catalogue = StoredRecordOf<v1::CatalogEntry>((*replies)[0], catalogue_key);
  if (!catalogue.ok()) {
    return catalogue.status();
  }
  inputs.catalogue = std::move(*catalogue);
  inputs.person = PersonSubsidiesOf((*replies)[1], (*replies)[2]);
  auto institution = StoredRecordOf<v1::Institution>((*replies)[3], institution_key);
  if (!institution.ok()) {
    return institution.status();
  }
  inputs.institution = std::move(*institution);
  return inputs;
}

absl::StatusOr<WriteOutcome> TrainingStore::SubmitClaim(const v1::SubsidyClaim& claim, const v1::TrainingEvent& event,
                                                        const MutationMeta& meta) {
  const std::string& id = claim.id();
  const std::string& id_number = claim.person().id_number();
  const int level = static_cast<int>(claim.level());
  const std::string granted = keys::PersonGranted(id_number);
  const std::string& district = claim.institution().district_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldAbsent, std::string(keys::kEnrollmentClaim),
                                        "ENROLLMENT_ALREADY_CLAIMED", "", claim.enrollment_id()));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kEnrollmentState),
                                        kReasonNotCompleted, "ENROLLMENT_STATE_COMPLETED", claim.enrollment_id()));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kNotSetMember, granted, kReasonAlreadyGranted,
                                        keys::GrantedMember(claim.occupation_code(), level)));
  for (int higher = level + 1; higher <= common::v1::SkillLevel_MAX; ++higher) {
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kNotSetMember, granted, kReasonHigherLevel,
                                          keys::GrantedMember(claim.occupation_code(), higher)));
  }
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, keys::PersonYears(id_number), kReasonYearlyLimit,
                                        "", Concat(claim.claim_year()), kMaxSubsidiesPerYear));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Claim(id), "ID_TAKEN"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Claim(id), claim.SerializeAsString()));
  write.ops.push_back(MakeRedisOp(Op::Kind::kHSet, std::string(keys::kEnrollmentClaim), id, claim.enrollment_id()));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSAdd, granted, keys::GrantedMember(claim.occupation_code(), level)));
  write.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::PersonYears(id_number), "", Concat(claim.claim_year()), 1));
  write.ops.push_back(IndexAddOp(keys::Index("claim", "all"), id));
  write.ops.push_back(IndexAddOp(keys::Index("claim", "person", id_number), id));
  write.ops.push_back(IndexAddOp(keys::Index("claim", "inst", claim.institution().credit_code()), id));
  write.ops.push_back(IndexAddOp(keys::Index("claim", "district", district), id));
  write.ops.push_back(IndexAddOp(keys::Index("claim", "year", YearText(claim.claim_year())), id));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<std::optional<Stored<v1::SubsidyClaim>>> TrainingStore::GetClaim(std::string_view id) {
  return GetStoredRecord<v1::SubsidyClaim>(redis_, keys::Claim(id));
}

absl::StatusOr<WriteOutcome> TrainingStore::UpdateClaim(const Stored<v1::SubsidyClaim>& old,
                                                        const v1::SubsidyClaim& updated, const v1::TrainingEvent& event,
                                                        const MutationMeta& meta) {
  const std::string& id = updated.id();
  const std::string& id_number = updated.person().id_number();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(BytesUnchanged(keys::Claim(id), old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Claim(id), updated.SerializeAsString()));
  if (updated.state() == v1::CLAIM_STATE_REJECTED) {
    // A rejected claim no longer counts: free the enrolment, the level and the year's slot.
    write.ops.push_back(MakeRedisOp(Op::Kind::kHDel, std::string(keys::kEnrollmentClaim), "", updated.enrollment_id()));
    write.ops.push_back(MakeRedisOp(Op::Kind::kSRem, keys::PersonGranted(id_number),
                                    keys::GrantedMember(updated.occupation_code(), updated.level())));
    write.ops.push_back(
        MakeRedisOp(Op::Kind::kHIncrBy, keys::PersonYears(id_number), "", Concat(updated.claim_year()), -1));
  } else if (updated.state() == v1::CLAIM_STATE_PAID) {
    const int year = updated.paid_date().year();
    const std::string& district = updated.institution().district_code();
    write.ops.push_back(MakeRedisOp(
        Op::Kind::kHIncrBy, keys::Stats(year), "",
        keys::StatsField(district, updated.programme(), updated.industry_chain_code(), keys::StatsMeasure::kPaid), 1));
    write.ops.push_back(MakeRedisOp(
        Op::Kind::kHIncrBy, keys::Stats(year), "",
        keys::StatsField(district, updated.programme(), updated.industry_chain_code(), keys::StatsMeasure::kAmount),
        updated.amount_fen()));
  }
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::SubsidyClaim>> TrainingStore::ListClaims(const ClaimFilter& filter,
                                                                     const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index("claim", "person", filter.id_number);
  } else if (!filter.institution_credit_code.empty()) {
    index = keys::Index("claim", "inst", filter.institution_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("claim", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("claim", "year", YearText(filter.year));
  } else {
    index = keys::Index("claim", "all");
  }
  return ScanIndex<v1::SubsidyClaim>(
      redis_, index, [](std::string_view member) { return keys::Claim(member); }, cursor, page_size,
      [&filter](const v1::SubsidyClaim& c) {
        return (filter.id_number.empty() || c.person().id_number() == filter.id_number) &&
               (filter.institution_credit_code.empty() ||
                c.institution().credit_code() == filter.institution_credit_code) &&
               (filter.district_code.empty() || c.institution().district_code() == filter.district_code) &&
               (filter.year == 0 || c.claim_year() == filter.year) &&
               (filter.state == v1::CLAIM_STATE_UNSPECIFIED || c.state() == filter.state);
      },
      kMaxScanned);
}

// ---------------------------------------------------------------- stats, feed, audit

absl::StatusOr<std::vector<v1::TrainingStatsRow>> TrainingStore::ReadStats(int year) {
  SB_ASSIGN_OR_RETURN(const auto fields, ReadCounterHash(redis_, keys::Stats(year)));
  std::map<std::tuple<std::string, int, std::string>, v1::TrainingStatsRow> cells;
  for (const auto& [field, value] : fields) {
    const std::optional<keys::StatsFieldKey> key = keys::ParseStatsField(field);
    if (!key.has_value()) {
      continue;
    }
    v1::TrainingStatsRow& row = cells[{key->district_code, key->programme, key->industry_chain_code}];
    switch (key->measure) {
      case keys::StatsMeasure::kCompleted:
        row.set_completed_person_times(row.completed_person_times() + value);
        break;
      case keys::StatsMeasure::kSubsidised:
        row.set_subsidised_person_times(row.subsidised_person_times() + value);
        break;
      case keys::StatsMeasure::kPaid:
        row.set_claims_paid(row.claims_paid() + value);
        break;
      case keys::StatsMeasure::kAmount:
        row.set_amount_paid_fen(row.amount_paid_fen() + value);
        break;
    }
  }
  std::vector<v1::TrainingStatsRow> rows;
  rows.reserve(cells.size());
  for (auto& [key, row] : cells) {
    row.set_district_code(std::get<0>(key));
    row.set_programme(static_cast<v1::Programme>(std::get<1>(key)));
    row.set_industry_chain_code(std::get<2>(key));
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<FeedPage> TrainingStore::ReadEvents(const std::string& after_id, int max_events,
                                                   std::chrono::milliseconds wait) {
  return ReadFeed(feed_redis_, std::string(keys::kEvents), after_id, max_events, wait);
}

absl::StatusOr<FeedPage> TrainingStore::ReadAudit(const std::string& before_id, int max_entries) {
  return ReadStreamNewestFirst(redis_, std::string(keys::kAudit), before_id, max_entries);
}

}  // namespace skillbridge::training

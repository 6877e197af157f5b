#include "services/education/store/school_store.h"

#include <utility>

#include "common/redis/atomic_write.h"
#include "common/store/record_io.h"
#include "services/education/domain/school_rules.h"
#include "services/education/store/keys.h"

namespace skillbridge::education {

namespace {

using Guard = RedisGuard;
using Op = RedisOp;

constexpr char kConcurrent[] = "CONCURRENT_MODIFICATION";

const RefusalTable& Refusals() {
  static const auto* table = new RefusalTable{
      {kConcurrent,
       {absl::StatusCode::kAborted, "the school was changed by another request meanwhile; read it again and retry"}},
      {kReasonSchoolExists, {absl::StatusCode::kAlreadyExists, "a school with this credit code is registered"}},
      {kReasonSpecialtiesActive,
       {absl::StatusCode::kFailedPrecondition,
        "the school has ACTIVE specialties: close them first (a specialty closes once its students have left)"}},
      {kReasonPartnershipsActive,
       {absl::StatusCode::kFailedPrecondition, "the school has ACTIVE partnerships: end them first"}},
  };
  return *table;
}

AtomicWrite WriteFor(const MutationMeta& meta, const v1::EducationEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

void AddSchoolCount(std::vector<Op>& ops, const std::string& district, int delta) {
  if (delta != 0) {
    ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kNow), "",
                              keys::NowField(district, keys::NowMeasure::kSchools), delta));
  }
}

Op SchoolStateOp(const v1::School& school) {
  return MakeRedisOp(Op::Kind::kHSet, std::string(keys::kSchoolState), v1::SchoolStatus_Name(school.status()),
                     school.org().credit_code());
}

}  // namespace

absl::StatusOr<std::optional<Stored<v1::School>>> SchoolStore::GetSchool(std::string_view credit_code) {
  return GetStoredRecord<v1::School>(redis_, keys::School(credit_code));
}

absl::StatusOr<WriteOutcome> SchoolStore::CreateSchool(const v1::School& school, const v1::EducationEvent& event,
                                                       const MutationMeta& meta) {
  const std::string& code = school.org().credit_code();
  const std::string& district = school.org().district_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::School(code), kReasonSchoolExists));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::School(code), school.SerializeAsString()));
  write.ops.push_back(IndexAddOp(keys::Index("school", "all"), code));
  write.ops.push_back(IndexAddOp(keys::Index("school", "district", district), code));
  write.ops.push_back(SchoolStateOp(school));
  AddSchoolCount(write.ops, district, SchoolCount(school));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> SchoolStore::ChangeSchool(const Stored<v1::School>& old, const v1::School& updated,
                                                       const v1::EducationEvent& event, const MutationMeta& meta,
                                                       const std::optional<std::string>& specialty_generation) {
  const std::string key = keys::School(updated.org().credit_code());
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, key, kConcurrent, old.bytes));
  if (specialty_generation.has_value()) {
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kSchoolLoad), kConcurrent,
                                          *specialty_generation,
                                          keys::SchoolSpecialtyGeneration(updated.org().credit_code())));
  }
  if (old.record.status() == v1::SCHOOL_STATUS_ACTIVE && updated.status() == v1::SCHOOL_STATUS_CLOSED) {
    const std::string& code = updated.org().credit_code();
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kSchoolLoad),
                                          kReasonSpecialtiesActive, "", keys::SchoolSpecialtiesLoad(code), 1));
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kSchoolLoad),
                                          kReasonPartnershipsActive, "", keys::SchoolPartnershipsLoad(code), 1));
  }
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, key, updated.SerializeAsString()));
  if (old.record.status() != updated.status()) {
    write.ops.push_back(SchoolStateOp(updated));
  }
  AddSchoolCount(write.ops, updated.org().district_code(), SchoolCount(updated) - SchoolCount(old.record));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::School>> SchoolStore::ListSchools(const SchoolFilter& filter, const std::string& cursor,
                                                              int page_size) {
  const std::string index = filter.district_code.empty() ? keys::Index("school", "all")
                                                         : keys::Index("school", "district", filter.district_code);
  return ScanIndex<v1::School>(
      redis_, index, [](std::string_view member) { return keys::School(member); }, cursor, page_size,
      [&filter](const v1::School& s) {
        return (filter.district_code.empty() || s.org().district_code() == filter.district_code) &&
               (filter.kind == v1::SCHOOL_KIND_UNSPECIFIED || s.kind() == filter.kind) &&
               (filter.ownership == v1::OWNERSHIP_UNSPECIFIED || s.ownership() == filter.ownership) &&
               (filter.status == v1::SCHOOL_STATUS_UNSPECIFIED || s.status() == filter.status) &&
               (filter.filing_status == v1::FILING_STATUS_UNSPECIFIED || s.filing_status() == filter.filing_status);
      },
      kMaxScanned);
}

}  // namespace skillbridge::education

#include "services/education/store/partnership_store.h"

#include <utility>
#include <vector>

#include "common/redis/atomic_write.h"
#include "common/store/record_io.h"
#include "services/education/domain/partnership_rules.h"
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/store/keys.h"

namespace skillbridge::education {

namespace {

using Guard = RedisGuard;
using Op = RedisOp;

constexpr char kConcurrent[] = "CONCURRENT_MODIFICATION";

const RefusalTable& Refusals() {
  static const auto* table = new RefusalTable{
      {kConcurrent,
       {absl::StatusCode::kAborted,
        "the partnership was changed by another request meanwhile; read it again and retry"}},
      {"ID_TAKEN", {absl::StatusCode::kAborted, "a server-assigned id collided; retry"}},
      {kReasonSchoolClosed, {absl::StatusCode::kFailedPrecondition, "the school is closed (学校已停办)"}},
      {kReasonSpecialtyNotFound, {absl::StatusCode::kNotFound, "the school has no active specialty with this code"}},
  };
  return *table;
}

AtomicWrite WriteFor(const MutationMeta& meta, const v1::EducationEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

void AddCount(std::vector<Op>& ops, const std::string& district, int delta) {
  if (delta != 0) {
    ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kNow), "",
                              keys::NowField(district, keys::NowMeasure::kActivePartnerships), delta));
  }
}

// The school's ACTIVE partnerships (education:schoolload), which CloseSchool waits on.
void AddSchoolLoad(std::vector<Op>& ops, const std::string& school, int delta) {
  if (delta != 0) {
    ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kSchoolLoad), "",
                              keys::SchoolPartnershipsLoad(school), delta));
  }
}

}  // namespace

absl::StatusOr<std::optional<Stored<v1::Partnership>>> PartnershipStore::GetPartnership(std::string_view id) {
  return GetStoredRecord<v1::Partnership>(redis_, keys::Partnership(id));
}

absl::StatusOr<WriteOutcome> PartnershipStore::CreatePartnership(const v1::Partnership& partnership,
                                                                 const v1::EducationEvent& event,
                                                                 const MutationMeta& meta) {
  const std::string& id = partnership.id();
  const std::string& school = partnership.school_credit_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Partnership(id), "ID_TAKEN"));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kSchoolState),
                                        kReasonSchoolClosed, v1::SchoolStatus_Name(v1::SCHOOL_STATUS_ACTIVE), school));
  if (!partnership.specialty_code().empty()) {
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kSpecialtyState),
                                          kReasonSpecialtyNotFound,
                                          v1::SpecialtyStatus_Name(v1::SPECIALTY_STATUS_ACTIVE),
                                          keys::SpecialtyRef(school, partnership.specialty_code())));
  }
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Partnership(id), partnership.SerializeAsString()));
  write.ops.push_back(IndexAddOp(keys::Index("partnership", "all"), id));
  write.ops.push_back(IndexAddOp(keys::Index("partnership", "school", school), id));
  write.ops.push_back(IndexAddOp(keys::Index("partnership", "enterprise", partnership.enterprise().credit_code()), id));
  write.ops.push_back(IndexAddOp(keys::Index("partnership", "district", partnership.district_code()), id));
  AddCount(write.ops, partnership.district_code(), PartnershipCount(partnership));
  AddSchoolLoad(write.ops, school, PartnershipCount(partnership));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> PartnershipStore::ChangePartnership(const Stored<v1::Partnership>& old,
                                                                 const v1::Partnership& updated,
                                                                 const v1::EducationEvent& event,
                                                                 const MutationMeta& meta) {
  const std::string key = keys::Partnership(updated.id());
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, key, kConcurrent, old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, key, updated.SerializeAsString()));
  AddCount(write.ops, updated.district_code(), PartnershipCount(updated) - PartnershipCount(old.record));
  AddSchoolLoad(write.ops, updated.school_credit_code(), PartnershipCount(updated) - PartnershipCount(old.record));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::Partnership>> PartnershipStore::ListPartnerships(const PartnershipFilter& filter,
                                                                             const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.school_credit_code.empty()) {
    index = keys::Index("partnership", "school", filter.school_credit_code);
  } else if (!filter.enterprise_credit_code.empty()) {
    index = keys::Index("partnership", "enterprise", filter.enterprise_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("partnership", "district", filter.district_code);
  } else {
    index = keys::Index("partnership", "all");
  }
  return ScanIndex<v1::Partnership>(
      redis_, index, [](std::string_view member) { return keys::Partnership(member); }, cursor, page_size,
      [&filter](const v1::Partnership& p) {
        return (filter.school_credit_code.empty() || p.school_credit_code() == filter.school_credit_code) &&
               (filter.enterprise_credit_code.empty() ||
                p.enterprise().credit_code() == filter.enterprise_credit_code) &&
               (filter.district_code.empty() || p.district_code() == filter.district_code) &&
               (filter.kind == v1::PARTNERSHIP_KIND_UNSPECIFIED || p.kind() == filter.kind) &&
               (filter.status == v1::PARTNERSHIP_STATUS_UNSPECIFIED || p.status() == filter.status);
      },
      kMaxScanned);
}

}  // namespace skillbridge::education

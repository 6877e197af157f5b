#include "services/education/store/specialty_store.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "common/redis/atomic_write.h"
#include "common/status/macros.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
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
        "the specialty or its school was changed by another request meanwhile; read it again and retry"}},
      {kReasonSpecialtyExists, {absl::StatusCode::kAlreadyExists, "the school has a specialty with this code"}},
      {kReasonStudentsEnrolled,
       {absl::StatusCode::kFailedPrecondition,
        "students are enrolled in the specialty: they graduate, withdraw or transfer first"}},
      {kReasonLevelInUse,
       {absl::StatusCode::kFailedPrecondition, "students are enrolled toward a level the change drops"}},
  };
  return *table;
}

AtomicWrite WriteFor(const MutationMeta& meta, const v1::EducationEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

std::string ChainMember(const v1::Specialty& specialty) {
  return specialty.industry_chain_code().empty() ? std::string(keys::kNoChain) : specialty.industry_chain_code();
}

void AddNow(std::vector<Op>& ops, const std::string& district, keys::NowMeasure measure, int delta) {
  if (delta != 0) {
    ops.push_back(
        MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kNow), "", keys::NowField(district, measure), delta));
  }
}

void AddCounts(std::vector<Op>& ops, const std::string& district, const SpecialtyCounts& before,
               const SpecialtyCounts& after) {
  AddNow(ops, district, keys::NowMeasure::kActiveSpecialties, after.active - before.active);
  AddNow(ops, district, keys::NowMeasure::kFeaturedSpecialties, after.featured - before.featured);
  AddNow(ops, district, keys::NowMeasure::kChainSpecialties, after.chain - before.chain);
}

Op StateOp(const v1::Specialty& specialty, const std::string& ref) {
  return MakeRedisOp(Op::Kind::kHSet, std::string(keys::kSpecialtyState), v1::SpecialtyStatus_Name(specialty.status()),
                     ref);
}

std::string RecordKeyOf(std::string_view member) {
  const std::optional<keys::SpecialtyKey> key = keys::ParseSpecialtyRef(member);
  return key.has_value() ? keys::Specialty(key->school, key->code) : std::string(keys::kPrefix);
}

// Every specialty write moves the school's generation, which a school kind change is guarded on.
Op NextGenerationOp(const std::string& school) {
  return MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kSchoolLoad), "", keys::SchoolSpecialtyGeneration(school),
                     1);
}

bool IsActive(const v1::Specialty& specialty) { return specialty.status() == v1::SPECIALTY_STATUS_ACTIVE; }

// The school's ACTIVE specialties (education:schoolload), which CloseSchool waits on.
void AddSchoolLoad(std::vector<Op>& ops, const std::string& school, int delta) {
  if (delta != 0) {
    ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, std::string(keys::kSchoolLoad), "",
                              keys::SchoolSpecialtiesLoad(school), delta));
  }
}

}  // namespace

absl::StatusOr<std::optional<Stored<v1::Specialty>>> SpecialtyStore::GetSpecialty(std::string_view school,
                                                                                  std::string_view code) {
  return GetStoredRecord<v1::Specialty>(redis_, keys::Specialty(school, code));
}

absl::StatusOr<int64_t> SpecialtyStore::EnrolledCount(std::string_view school, std::string_view code) {
  v1::Specialty specialty;
  specialty.set_school_credit_code(std::string(school));
  specialty.set_code(std::string(code));
  SB_RETURN_IF_ERROR(FillEnrolledCounts({&specialty}));
  return specialty.enrolled_count();
}

absl::StatusOr<std::string> SpecialtyStore::Generation(std::string_view school) {
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command({"HGET", std::string(keys::kSchoolLoad),
                                                              keys::SchoolSpecialtyGeneration(school)}));
  return reply.is_nil() ? std::string() : std::string(reply.str());
}

absl::Status SpecialtyStore::FillEnrolledCounts(std::vector<v1::Specialty*> specialties) {
  if (specialties.empty()) {
    return absl::OkStatus();
  }
  std::vector<std::string> argv = {"HMGET", std::string(keys::kSpecialtyLoad)};
  for (const v1::Specialty* specialty : specialties) {
    argv.push_back(keys::SpecialtyRef(specialty->school_credit_code(), specialty->code()));
  }
  SB_ASSIGN_OR_RETURN(const RedisReply counts, redis_.Command(argv));
  for (size_t i = 0; i < specialties.size() && i < counts.size(); ++i) {
    int64_t count = 0;
    if (!ReplyIsNil(counts.element(i))) {
      const std::string_view text = ReplyString(counts.element(i));
      if (!absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &count)) {
        return absl::DataLossError(Concat("specialty load ", argv[i + 2], " is not a number"));
      }
    }
    specialties[i]->set_enrolled_count(count);
  }
  return absl::OkStatus();
}

absl::StatusOr<WriteOutcome> SpecialtyStore::CreateSpecialty(const v1::Specialty& specialty,
                                                             const std::string& school_bytes,
                                                             const v1::EducationEvent& event,
                                                             const MutationMeta& meta) {
  const std::string& school = specialty.school_credit_code();
  const std::string& district = specialty.district_code();
  const std::string key = keys::Specialty(school, specialty.code());
  const std::string ref = keys::SpecialtyRef(school, specialty.code());
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, key, kReasonSpecialtyExists));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, keys::School(school), kConcurrent, school_bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, key, specialty.SerializeAsString()));
  write.ops.push_back(StateOp(specialty, ref));
  write.ops.push_back(IndexAddOp(keys::Index("specialty", "all"), ref));
  write.ops.push_back(IndexAddOp(keys::Index("specialty", "school", school), ref));
  write.ops.push_back(IndexAddOp(keys::Index("specialty", "district", district), ref));
  write.ops.push_back(IndexAddOp(keys::Index("specialty", "chain", ChainMember(specialty)), ref));
  AddCounts(write.ops, district, SpecialtyCounts{}, CountsOf(specialty));
  AddSchoolLoad(write.ops, school, IsActive(specialty) ? 1 : 0);
  write.ops.push_back(NextGenerationOp(school));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> SpecialtyStore::ChangeSpecialty(const SpecialtyChange& change,
                                                             const v1::EducationEvent& event,
                                                             const MutationMeta& meta) {
  const v1::Specialty& before = change.old.record;
  const v1::Specialty& after = change.updated;
  const std::string& school = after.school_credit_code();
  const std::string key = keys::Specialty(school, after.code());
  const std::string ref = keys::SpecialtyRef(school, after.code());
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, key, kConcurrent, change.old.bytes));
  if (change.school_bytes.has_value()) {
    write.guards.push_back(
        MakeRedisGuard(Guard::Kind::kValueEquals, keys::School(school), kConcurrent, *change.school_bytes));
  }
  if (change.closing) {
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kSpecialtyLoad),
                                          kReasonStudentsEnrolled, "", ref, 1));
  }
  for (const v1::TrainingLevel level : change.removed_levels) {
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldBelow, std::string(keys::kSpecialtyLoad),
                                          kReasonLevelInUse, "", keys::SpecialtyLevelLoad(school, after.code(), level),
                                          1));
  }
  v1::Specialty stored = after;
  stored.clear_enrolled_count();
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, key, stored.SerializeAsString()));
  if (before.status() != after.status()) {
    write.ops.push_back(StateOp(after, ref));
  }
  if (ChainMember(before) != ChainMember(after)) {
    write.ops.push_back(IndexRemoveOp(keys::Index("specialty", "chain", ChainMember(before)), ref));
    write.ops.push_back(IndexAddOp(keys::Index("specialty", "chain", ChainMember(after)), ref));
  }
  AddCounts(write.ops, after.district_code(), CountsOf(before), CountsOf(after));
  AddSchoolLoad(write.ops, school, (IsActive(after) ? 1 : 0) - (IsActive(before) ? 1 : 0));
  write.ops.push_back(NextGenerationOp(school));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<std::vector<v1::Specialty>> SpecialtyStore::SpecialtiesOf(std::string_view school) {
  SB_ASSIGN_OR_RETURN(ScanPage<v1::Specialty> page,
                      ScanIndex<v1::Specialty>(
                          redis_, keys::Index("specialty", "school", school), RecordKeyOf, "", kMaxScanned,
                          [](const v1::Specialty&) { return true; }, kMaxScanned));
  return std::move(page.records);
}

absl::StatusOr<ScanPage<v1::Specialty>> SpecialtyStore::ListSpecialties(const SpecialtyFilter& filter,
                                                                        const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.school_credit_code.empty()) {
    index = keys::Index("specialty", "school", filter.school_credit_code);
  } else if (!filter.industry_chain_code.empty()) {
    index = keys::Index("specialty", "chain", filter.industry_chain_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("specialty", "district", filter.district_code);
  } else {
    index = keys::Index("specialty", "all");
  }
  SB_ASSIGN_OR_RETURN(
      ScanPage<v1::Specialty> page,
      ScanIndex<v1::Specialty>(
          redis_, index, RecordKeyOf, cursor, page_size,
          [&filter](const v1::Specialty& s) {
            const std::string chain =
                s.industry_chain_code().empty() ? std::string(keys::kNoChain) : s.industry_chain_code();
            return (filter.school_credit_code.empty() || s.school_credit_code() == filter.school_credit_code) &&
                   (filter.district_code.empty() || s.district_code() == filter.district_code) &&
                   (filter.industry_chain_code.empty() || chain == filter.industry_chain_code) &&
                   (filter.status == v1::SPECIALTY_STATUS_UNSPECIFIED || s.status() == filter.status) &&
                   (!filter.featured_only || s.featured());
          },
          kMaxScanned));
  std::vector<v1::Specialty*> records;
  for (v1::Specialty& specialty : page.records) {
    records.push_back(&specialty);
  }
  SB_RETURN_IF_ERROR(FillEnrolledCounts(records));
  return page;
}

}  // namespace skillbridge::education

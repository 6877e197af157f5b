#include "services/incentive/store/bridge_store.h"

#include <utility>
#include <vector>

#include "common/redis/atomic_write.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
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
      {kReasonAlreadyApplied,
       {absl::StatusCode::kAlreadyExists,
        "the person already has an open application for this series and grade; decide or withdraw it first"}},
  };
  return *table;
}

std::string OpenKey(const v1::BridgeApplication& application) {
  return keys::BridgeOpen(application.person().id_number(), application.series(), application.grade());
}

void AddStat(std::vector<Op>& ops, int year, const std::string& district, keys::StatsMeasure measure) {
  ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(year), "", keys::StatsField(district, measure), 1));
}

}  // namespace

absl::StatusOr<std::optional<Stored<v1::BridgeApplication>>> BridgeStore::Get(std::string_view id) {
  return GetStoredRecord<v1::BridgeApplication>(redis_, keys::Bridge(id));
}

absl::StatusOr<WriteOutcome> BridgeStore::Apply(const v1::BridgeApplication& application,
                                                const v1::IncentiveEvent& event, const MutationMeta& meta) {
  const std::string& id = application.id();
  const std::string& district = application.employer().district_code();
  AtomicWrite write = NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, OpenKey(application), kReasonAlreadyApplied));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Bridge(id), "ID_TAKEN"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Bridge(id), application.SerializeAsString()));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, OpenKey(application), id));
  write.ops.push_back(IndexAddOp(keys::Index("bridge", "all"), id));
  write.ops.push_back(IndexAddOp(keys::Index("bridge", "person", application.person().id_number()), id));
  write.ops.push_back(IndexAddOp(keys::Index("bridge", "employer", application.employer().credit_code()), id));
  write.ops.push_back(IndexAddOp(keys::Index("bridge", "district", district), id));
  write.ops.push_back(IndexAddOp(keys::Index("bridge", "year", Concat(application.year())), id));
  AddStat(write.ops, application.year(), district, keys::StatsMeasure::kBridgeApplied);
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> BridgeStore::Decide(const Stored<v1::BridgeApplication>& old,
                                                 const v1::BridgeApplication& updated, int approval_year,
                                                 const v1::IncentiveEvent& event, const MutationMeta& meta) {
  const std::string& id = updated.id();
  AtomicWrite write = NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, keys::Bridge(id), kConcurrent, old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Bridge(id), updated.SerializeAsString()));
  if (old.record.status() == v1::BRIDGE_STATUS_APPLIED && updated.status() != v1::BRIDGE_STATUS_APPLIED) {
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kValueEquals, OpenKey(updated), kConcurrent, id));
    write.ops.push_back(MakeRedisOp(Op::Kind::kDel, OpenKey(updated)));
  }
  if (updated.status() == v1::BRIDGE_STATUS_APPROVED) {
    AddStat(write.ops, approval_year, updated.employer().district_code(), keys::StatsMeasure::kBridgeApproved);
  }
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::BridgeApplication>> BridgeStore::List(const BridgeFilter& filter, const std::string& cursor,
                                                                  int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index("bridge", "person", filter.id_number);
  } else if (!filter.employer_credit_code.empty()) {
    index = keys::Index("bridge", "employer", filter.employer_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("bridge", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("bridge", "year", Concat(filter.year));
  } else {
    index = keys::Index("bridge", "all");
  }
  return ScanIndex<v1::BridgeApplication>(
      redis_, index, [](std::string_view member) { return keys::Bridge(member); }, cursor, page_size,
      [&filter](const v1::BridgeApplication& a) {
        return (filter.year == 0 || a.year() == filter.year) &&
               (filter.status == v1::BRIDGE_STATUS_UNSPECIFIED || a.status() == filter.status) &&
               (filter.series == v1::TITLE_SERIES_UNSPECIFIED || a.series() == filter.series) &&
               (filter.district_code.empty() || a.employer().district_code() == filter.district_code) &&
               (filter.id_number.empty() || a.person().id_number() == filter.id_number) &&
               (filter.employer_credit_code.empty() || a.employer().credit_code() == filter.employer_credit_code);
      },
      kMaxScanned);
}

}  // namespace skillbridge::incentive

#include "services/incentive/store/platform_store.h"

#include <utility>

#include "common/redis/atomic_write.h"
#include "common/status/macros.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "services/incentive/domain/platform_rules.h"
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
      {kReasonAlreadyEvaluated,
       {absl::StatusCode::kAlreadyExists, "the platform already has an evaluation of this year"}},
  };
  return *table;
}

AtomicWrite WriteFor(const MutationMeta& meta, const v1::IncentiveEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

Guard BytesUnchanged(std::string key, const std::string& bytes) {
  return MakeRedisGuard(Guard::Kind::kValueEquals, std::move(key), kConcurrent, bytes);
}

void AddStat(std::vector<Op>& ops, int year, const std::string& district, keys::StatsMeasure measure, int64_t delta) {
  if (delta != 0) {
    ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(year), "", keys::StatsField(district, measure), delta));
  }
}

std::string YearText(int year) { return Concat(year); }

}  // namespace

absl::StatusOr<std::optional<Stored<v1::TalentPlatform>>> PlatformStore::GetPlatform(std::string_view id) {
  return GetStoredRecord<v1::TalentPlatform>(redis_, keys::Platform(id));
}

absl::StatusOr<WriteOutcome> PlatformStore::CreatePlatform(const v1::TalentPlatform& platform,
                                                           const v1::IncentiveEvent& event, const MutationMeta& meta) {
  const std::string& id = platform.id();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Platform(id), "ID_TAKEN"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Platform(id), platform.SerializeAsString()));
  write.ops.push_back(IndexAddOp(keys::Index("platform", "all"), id));
  write.ops.push_back(IndexAddOp(keys::Index("platform", "district", platform.host().district_code()), id));
  write.ops.push_back(IndexAddOp(keys::Index("platform", "host", platform.host().credit_code()), id));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> PlatformStore::UpdatePlatform(const Stored<v1::TalentPlatform>& old,
                                                           const v1::TalentPlatform& updated,
                                                           const v1::IncentiveEvent& event, const MutationMeta& meta) {
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(BytesUnchanged(keys::Platform(updated.id()), old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Platform(updated.id()), updated.SerializeAsString()));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> PlatformStore::RecordEvaluation(const Stored<v1::TalentPlatform>& old,
                                                             const v1::TalentPlatform& updated,
                                                             const v1::PlatformEvaluation& evaluation,
                                                             const v1::IncentiveEvent& event,
                                                             const MutationMeta& meta) {
  const std::string& id = updated.id();
  const std::string eval_key = keys::PlatformEvaluation(id, evaluation.year());
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, eval_key, kReasonAlreadyEvaluated));
  write.guards.push_back(BytesUnchanged(keys::Platform(id), old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, eval_key, evaluation.SerializeAsString()));
  write.ops.push_back(IndexAddOp(keys::PlatformEvaluationYears(id), YearText(evaluation.year())));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Platform(id), updated.SerializeAsString()));
  AddStat(write.ops, evaluation.year(), updated.host().district_code(), keys::StatsMeasure::kPlatformsEvaluated, 1);
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<std::vector<v1::PlatformEvaluation>> PlatformStore::ReadEvaluations(std::string_view platform_id) {
  SB_ASSIGN_OR_RETURN(const RedisReply years,
                      redis_.Command({"ZRANGE", keys::PlatformEvaluationYears(platform_id), "0", "-1"}));
  std::vector<std::string> argv = {"MGET"};
  for (size_t i = 0; i < years.size(); ++i) {
    int year = 0;
    const std::string_view text = ReplyString(years.element(i));
    if (absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &year)) {
      argv.push_back(keys::PlatformEvaluation(platform_id, year));
    }
  }
  std::vector<v1::PlatformEvaluation> evaluations;
  if (argv.size() == 1) {
    return evaluations;
  }
  SB_ASSIGN_OR_RETURN(const RedisReply values, redis_.Command(argv));
  for (size_t i = 0; i < values.size(); ++i) {
    if (ReplyIsNil(values.element(i))) {
      continue;
    }
    v1::PlatformEvaluation evaluation;
    const std::string_view bytes = ReplyString(values.element(i));
    if (!evaluation.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return absl::DataLossError(Concat("evaluation ", argv[i + 1], " does not parse"));
    }
    evaluations.push_back(std::move(evaluation));
  }
  return evaluations;
}

absl::StatusOr<ScanPage<v1::TalentPlatform>> PlatformStore::ListPlatforms(const PlatformFilter& filter,
                                                                          const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.host_credit_code.empty()) {
    index = keys::Index("platform", "host", filter.host_credit_code);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("platform", "district", filter.district_code);
  } else {
    index = keys::Index("platform", "all");
  }
  return ScanIndex<v1::TalentPlatform>(
      redis_, index, [](std::string_view member) { return keys::Platform(member); }, cursor, page_size,
      [&filter](const v1::TalentPlatform& p) {
        return (filter.kind == v1::PLATFORM_KIND_UNSPECIFIED || p.kind() == filter.kind) &&
               (filter.level == v1::PLATFORM_LEVEL_UNSPECIFIED || p.level() == filter.level) &&
               (filter.district_code.empty() || p.host().district_code() == filter.district_code) &&
               (filter.status == v1::PLATFORM_STATUS_UNSPECIFIED || p.status() == filter.status) &&
               (filter.host_credit_code.empty() || p.host().credit_code() == filter.host_credit_code);
      },
      kMaxScanned);
}

absl::StatusOr<std::optional<Stored<v1::PlatformFunding>>> PlatformStore::GetFunding(std::string_view id) {
  return GetStoredRecord<v1::PlatformFunding>(redis_, keys::Funding(id));
}

absl::StatusOr<WriteOutcome> PlatformStore::ChangeFunding(const FundingChange& change) {
  const v1::PlatformFunding& funding = change.updated;
  const std::string& id = funding.id();
  const std::string& platform_id = change.platform.id();
  // The first write: the grant, the platform's totals, the statistics, FundingChanged, the audit
  // entry and the idempotency record (with the id drawn for a new grant).
  AtomicWrite first = WriteFor(change.meta, change.funding_event);
  first.guards.push_back(BytesUnchanged(keys::Platform(platform_id), change.platform_old.bytes));
  const v1::FundingStatus from = change.old.has_value() ? change.old->record.status() : v1::FUNDING_STATUS_UNSPECIFIED;
  if (change.old.has_value()) {
    first.guards.push_back(BytesUnchanged(keys::Funding(id), change.old->bytes));
  } else {
    first.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Funding(id), "ID_TAKEN"));
    first.ops.push_back(IndexAddOp(keys::Index("funding", "all"), id));
    first.ops.push_back(IndexAddOp(keys::Index("funding", "platform", platform_id), id));
    first.ops.push_back(IndexAddOp(keys::Index("funding", "district", funding.district_code()), id));
    first.ops.push_back(IndexAddOp(keys::Index("funding", "year", YearText(funding.year())), id));
  }
  first.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Funding(id), funding.SerializeAsString()));
  first.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Platform(platform_id), change.platform.SerializeAsString()));
  const v1::FundingStatus to = funding.status();
  AddStat(first.ops, funding.year(), funding.district_code(), keys::StatsMeasure::kFundingGrantedFen,
          GrantedFen(to, funding.amount_fen()) - GrantedFen(from, funding.amount_fen()));
  AddStat(first.ops, funding.year(), funding.district_code(), keys::StatsMeasure::kFundingPaidFen,
          PaidFen(to, funding.amount_fen()) - PaidFen(from, funding.amount_fen()));
  // The second: PlatformChanged, applied with the first or not at all.
  AtomicWrite second = WriteFor(MutationMeta{}, change.platform_event);
  second.audit_stream.clear();
  second.audit_payload.clear();
  return ApplyLinkedWrites(redis_, {std::move(first), std::move(second)}, keys::PlatformLink(platform_id),
                           Concat("funding ", id), Refusals());
}

absl::StatusOr<ScanPage<v1::PlatformFunding>> PlatformStore::ListFundings(const FundingFilter& filter,
                                                                          const std::string& cursor, int page_size) {
  std::string index;
  if (!filter.platform_id.empty()) {
    index = keys::Index("funding", "platform", filter.platform_id);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("funding", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("funding", "year", YearText(filter.year));
  } else {
    index = keys::Index("funding", "all");
  }
  return ScanIndex<v1::PlatformFunding>(
      redis_, index, [](std::string_view member) { return keys::Funding(member); }, cursor, page_size,
      [&filter](const v1::PlatformFunding& f) {
        return (filter.platform_id.empty() || f.platform_id() == filter.platform_id) &&
               (filter.year == 0 || f.year() == filter.year) &&
               (filter.status == v1::FUNDING_STATUS_UNSPECIFIED || f.status() == filter.status) &&
               (filter.district_code.empty() || f.district_code() == filter.district_code);
      },
      kMaxScanned);
}

}  // namespace skillbridge::incentive

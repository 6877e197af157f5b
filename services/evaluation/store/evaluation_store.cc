#include "services/evaluation/store/evaluation_store.h"

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/redis/atomic_write.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/store/counter_hash.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "services/evaluation/store/keys.h"

namespace skillbridge::evaluation {

namespace {

using Guard = RedisGuard;
using Op = RedisOp;

const RefusalTable& Refusals() {
  static const auto* table = new RefusalTable{
      {"ORG_ALREADY_EXISTS",
       {absl::StatusCode::kAlreadyExists, "an evaluation organisation with this credit code already exists"}},
      {"CONCURRENT_MODIFICATION",
       {absl::StatusCode::kAborted, "the record was changed by another request meanwhile; read it again and retry"}},
      {"ORG_NOT_FILED", {absl::StatusCode::kFailedPrecondition, "the issuing organisation is not FILED"}},
      {"ORG_CHANGED",
       {absl::StatusCode::kAborted, "the issuing organisation was changed meanwhile; read it again and retry"}},
      {"CERTIFICATE_SERIALS_EXHAUSTED",
       {absl::StatusCode::kResourceExhausted,
        "the 6-digit serials of this organisation, site, year and level are used up"}},
      {"CERTIFICATE_NUMBER_TAKEN", {absl::StatusCode::kAlreadyExists, "this certificate number is already taken"}},
      {"DUPLICATE_CERTIFICATE",
       {absl::StatusCode::kAlreadyExists,
        "the person already holds a valid certificate of this type, occupation and level"}},
      {"DUPLICATE_INTRODUCTION",
       {absl::StatusCode::kAlreadyExists, "this person's introduction with this outside certificate is registered"}},
  };
  return *table;
}

AtomicWrite WriteFor(const MutationMeta& meta, const v1::EvaluationEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

// The write of `key` succeeds only while it still holds the bytes `old` was read as.
Guard Unchanged(std::string key, const std::string& old_bytes, std::string reason = "CONCURRENT_MODIFICATION") {
  return MakeRedisGuard(Guard::Kind::kValueEquals, std::move(key), std::move(reason), old_bytes);
}

// Filing state kept beside the records, read by the issuance guard.
void SetOrgStateOps(const v1::EvaluationOrg& org, std::vector<Op>& ops) {
  ops.push_back(MakeRedisOp(Op::Kind::kHSet, std::string(keys::kOrgState), v1::FilingState_Name(org.state()),
                            org.org().credit_code()));
  const bool covers = org.kind() == v1::ORG_KIND_ENTERPRISE_SELF_EVALUATION && org.state() == v1::FILING_STATE_FILED;
  ops.push_back(MakeRedisOp(covers ? Op::Kind::kSAdd : Op::Kind::kSRem, std::string(keys::kFiledSelfEvaluation),
                            org.org().credit_code()));
}

// A certificate as stored: without the names that reference data and the issuer's record hold
// (occupation_name, issuer.name); readers fill them in (certificate_handlers.cc).
std::string StoredCertificateBytes(v1::Certificate certificate) {
  certificate.clear_occupation_name();
  certificate.mutable_issuer()->clear_name();
  return certificate.SerializeAsString();
}

std::string UniquenessBucket(const v1::Certificate& certificate) {
  return keys::CertificateUniquenessBucket(certificate.person().id_number());
}
std::string UniquenessField(const v1::Certificate& certificate) {
  return keys::CertificateUniquenessField(certificate.person().id_number(), certificate.type(),
                                          certificate.occupation_code(), certificate.level());
}

}  // namespace

absl::Status EvaluationStore::Initialize() {
  return InitializeStoreSchema(redis_, keys::kSchema, keys::kSchemaVersion);
}

absl::StatusOr<std::optional<std::string>> EvaluationStore::LookupIdempotent(const std::string& key) {
  return LookupIdempotentRecord(redis_, key);
}

// ---------------------------------------------------------------- organisations

absl::StatusOr<std::optional<Stored<v1::EvaluationOrg>>> EvaluationStore::GetOrg(std::string_view credit_code) {
  return GetStoredRecord<v1::EvaluationOrg>(redis_, keys::Org(credit_code));
}

absl::StatusOr<WriteOutcome> EvaluationStore::CreateOrg(const v1::EvaluationOrg& org, const v1::EvaluationEvent& event,
                                                        const MutationMeta& meta) {
  const std::string& credit = org.org().credit_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Org(credit), "ORG_ALREADY_EXISTS"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Org(credit), org.SerializeAsString()));
  write.ops.push_back(IndexAddOp(keys::OrgIndexAll(), credit));
  write.ops.push_back(IndexAddOp(keys::OrgIndexByDistrict(org.org().district_code()), credit));
  SetOrgStateOps(org, write.ops);
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<WriteOutcome> EvaluationStore::UpdateOrg(const Stored<v1::EvaluationOrg>& old,
                                                        const v1::EvaluationOrg& updated,
                                                        const v1::EvaluationEvent& event, const MutationMeta& meta) {
  const std::string& credit = updated.org().credit_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(Unchanged(keys::Org(credit), old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Org(credit), updated.SerializeAsString()));
  SetOrgStateOps(updated, write.ops);
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<std::string> EvaluationStore::AllocateOrgCode() {
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command({"INCR", std::string(keys::kOrgCodeCounter)}));
  if (reply.integer() > 9999) {
    return ErrorWithReason(absl::StatusCode::kResourceExhausted, "ORG_CODES_EXHAUSTED",
                           "all 4-digit organisation codes are allocated");
  }
  return absl::StrFormat("%04d", reply.integer());
}

absl::StatusOr<ScanPage<v1::EvaluationOrg>> EvaluationStore::ListOrgs(const OrgFilter& filter,
                                                                      const std::string& cursor, int page_size) {
  const std::string index =
      filter.district_code.empty() ? keys::OrgIndexAll() : keys::OrgIndexByDistrict(filter.district_code);
  return ScanIndex<v1::EvaluationOrg>(
      redis_, index, [](std::string_view member) { return keys::Org(member); }, cursor, page_size,
      [&filter](const v1::EvaluationOrg& org) {
        return (filter.kind == v1::ORG_KIND_UNSPECIFIED || org.kind() == filter.kind) &&
               (filter.state == v1::FILING_STATE_UNSPECIFIED || org.state() == filter.state);
      },
      kMaxScanned);
}

// ---------------------------------------------------------------- certificates

namespace {

// The write of one certificate (its record, uniqueness key, indexes and counter), without the
// item's idempotency record and audit entry when `in_batch`.
AtomicWrite CertificateWrite(const IssueItem& item, bool in_batch) {
  const v1::Certificate& cert = item.certificate;
  const std::string& number = cert.number();
  const std::string& district = cert.issuer().district_code();
  const int year = cert.issue_date().year();
  AtomicWrite write;
  if (in_batch) {
    write.event_stream = std::string(keys::kEvents);
    write.event_payload = item.event.SerializeAsString();
  } else {
    write = WriteFor(item.meta, item.event);
  }
  write.sequence = item.serial;
  if (item.check_issuer) {
    write.guards.push_back(Unchanged(keys::Org(cert.issuer().credit_code()), item.issuer_bytes, "ORG_CHANGED"));
  }
  write.guards.push_back(
      MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Certificate(number), "CERTIFICATE_NUMBER_TAKEN"));
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kHashFieldAbsent, UniquenessBucket(cert), "DUPLICATE_CERTIFICATE",
                                        "", UniquenessField(cert)));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Certificate(number), StoredCertificateBytes(cert)));
  write.ops.push_back(MakeRedisOp(Op::Kind::kHSet, UniquenessBucket(cert), number, UniquenessField(cert)));
  write.ops.push_back(
      IndexAddOp(keys::CertificateIndexByPlace(), keys::CertificatePlaceMember(district, year, number)));
  write.ops.push_back(MakeRedisOp(Op::Kind::kHAppend, keys::CertificatesOfPersonBucket(cert.person().id_number()),
                                  number, cert.person().id_number()));
  if (!cert.issuer().credit_code().empty()) {
    write.ops.push_back(IndexAddOp(keys::CertificateIndexByIssuer(cert.issuer().credit_code()), number));
  }
  write.ops.push_back(
      MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(year), "",
                  keys::CertificateStatsField(district, cert.type(), cert.level(), keys::StatsCounter::kIssued), 1));
  return write;
}

}  // namespace

absl::StatusOr<WriteOutcome> EvaluationStore::IssueCertificate(const IssueItem& item) {
  return ApplyWrite(redis_, CertificateWrite(item, /*in_batch=*/false), Refusals());
}

absl::StatusOr<IssueChunkOutcome> EvaluationStore::IssueCertificateChunk(const std::vector<IssueItem>& items,
                                                                         const std::vector<int>& labels,
                                                                         const std::string& record_key,
                                                                         const common::v1::AuditEntry& audit,
                                                                         const std::string& fingerprint) {
  std::vector<AtomicWrite> writes;
  writes.reserve(items.size());
  AtomicBatchRecord record;
  record.key = record_key;
  record.audit_stream = std::string(keys::kAudit);
  record.audit_payload = audit.SerializeAsString();
  record.fingerprint = fingerprint;
  for (size_t i = 0; i < items.size(); ++i) {
    writes.push_back(CertificateWrite(items[i], /*in_batch=*/true));
    record.labels.push_back(Concat(labels[i]));
  }
  SB_ASSIGN_OR_RETURN(AtomicBatchOutcome applied, ApplyAtomicBatch(redis_, writes, record));
  IssueChunkOutcome outcome;
  outcome.replayed = applied.replayed;
  outcome.recorded_fingerprint = applied.recorded_fingerprint;
  if (!applied.replayed) {
    for (size_t i = 0; i < applied.results.size(); ++i) {
      outcome.items.emplace_back(labels[i], OutcomeOf(applied.results[i], Refusals()));
    }
    return outcome;
  }
  for (const auto& [label, result] : applied.recorded) {
    int index = 0;
    if (!absl::SimpleAtoi(label, &index)) {
      return absl::DataLossError("a batch record holds a label that is not an item index");
    }
    outcome.items.emplace_back(index, OutcomeOf(result, Refusals()));
  }
  return outcome;
}

absl::StatusOr<std::vector<std::optional<v1::Certificate>>> EvaluationStore::GetCertificates(
    const std::vector<std::string>& numbers) {
  std::vector<std::optional<v1::Certificate>> found(numbers.size());
  if (numbers.empty()) {
    return found;
  }
  std::vector<std::string> argv{"MGET"};
  for (const std::string& number : numbers) {
    argv.push_back(keys::Certificate(number));
  }
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command(argv));
  for (size_t i = 0; i < numbers.size() && i < reply.size(); ++i) {
    const redisReply* element = reply.element(i);
    if (ReplyIsNil(element)) {
      continue;
    }
    v1::Certificate certificate;
    if (!certificate.ParseFromString(std::string(ReplyString(element)))) {
      return absl::DataLossError(Concat("stored certificate ", numbers[i], " does not parse"));
    }
    found[i] = std::move(certificate);
  }
  return found;
}

absl::StatusOr<std::optional<Stored<v1::Certificate>>> EvaluationStore::GetCertificate(std::string_view number) {
  return GetStoredRecord<v1::Certificate>(redis_, keys::Certificate(number));
}

absl::StatusOr<WriteOutcome> EvaluationStore::RevokeCertificate(const Stored<v1::Certificate>& old,
                                                                const v1::Certificate& revoked,
                                                                const v1::EvaluationEvent& event,
                                                                const MutationMeta& meta) {
  const std::string& number = revoked.number();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(Unchanged(keys::Certificate(number), old.bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Certificate(number), StoredCertificateBytes(revoked)));
  write.ops.push_back(MakeRedisOp(Op::Kind::kHDel, UniquenessBucket(revoked), "", UniquenessField(revoked)));
  write.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(revoked.issue_date().year()), "",
                                  keys::CertificateStatsField(revoked.issuer().district_code(), revoked.type(),
                                                              revoked.level(), keys::StatsCounter::kRevoked),
                                  1));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::Certificate>> EvaluationStore::ListCertificates(const CertificateFilter& filter,
                                                                            const std::string& cursor, int page_size) {
  // The most selective index available; the other filters apply in memory. The place index
  // serves the district and district-year filters by prefix, and every other listing.
  std::string index = keys::CertificateIndexByPlace();
  std::string prefix;
  std::function<std::string(std::string_view)> record_key = [](std::string_view member) {
    return keys::Certificate(keys::NumberOfPlaceMember(member));
  };
  if (!filter.issuer_credit_code.empty()) {
    index = keys::CertificateIndexByIssuer(filter.issuer_credit_code);
    record_key = [](std::string_view member) { return keys::Certificate(member); };
  } else if (!filter.district_code.empty()) {
    prefix = keys::CertificatePlacePrefix(filter.district_code, filter.year);
  }
  const std::function<bool(const v1::Certificate&)> keep = [&filter](const v1::Certificate& cert) {
    return (filter.id_number.empty() || cert.person().id_number() == filter.id_number) &&
           (filter.issuer_credit_code.empty() || cert.issuer().credit_code() == filter.issuer_credit_code) &&
           (filter.district_code.empty() || cert.issuer().district_code() == filter.district_code) &&
           (filter.year == 0 || cert.issue_date().year() == filter.year) &&
           (filter.level == common::v1::SKILL_LEVEL_UNSPECIFIED || cert.level() == filter.level) &&
           (filter.type == v1::CERTIFICATE_TYPE_UNSPECIFIED || cert.type() == filter.type) &&
           (filter.status == v1::CERTIFICATE_STATUS_UNSPECIFIED || cert.status() == filter.status);
  };
  if (!filter.id_number.empty()) {
    // A person's few numbers, read whole from their bucket.
    SB_ASSIGN_OR_RETURN(const RedisReply numbers,
                        redis_.Command({"HGET", keys::CertificatesOfPersonBucket(filter.id_number), filter.id_number}));
    std::vector<std::string> members = absl::StrSplit(std::string(numbers.str()), ' ', absl::SkipEmpty());
    return ScanMemberList<v1::Certificate>(
        redis_, std::move(members), [](std::string_view member) { return keys::Certificate(member); }, cursor,
        page_size, keep);
  }
  return ScanIndex<v1::Certificate>(redis_, index, record_key, cursor, page_size, keep, kMaxScanned, prefix);
}

absl::StatusOr<std::optional<std::string>> EvaluationStore::ValidCertificateNumberFor(std::string_view id_number,
                                                                                      v1::CertificateType type,
                                                                                      std::string_view occupation_code,
                                                                                      common::v1::SkillLevel level) {
  SB_ASSIGN_OR_RETURN(const RedisReply reply,
                      redis_.Command({"HGET", keys::CertificateUniquenessBucket(id_number),
                                      keys::CertificateUniquenessField(id_number, type, occupation_code, level)}));
  if (reply.is_nil()) {
    return std::nullopt;
  }
  return std::string(reply.str());
}

absl::StatusOr<std::vector<v1::Certificate>> EvaluationStore::CertificatesOfPerson(std::string_view id_number) {
  const std::string id(id_number);
  SB_ASSIGN_OR_RETURN(const RedisReply numbers, redis_.Command({"HGET", keys::CertificatesOfPersonBucket(id), id}));
  std::vector<std::string> members = absl::StrSplit(std::string(numbers.str()), ' ', absl::SkipEmpty());
  SB_ASSIGN_OR_RETURN(
      ScanPage<v1::Certificate> page,
      ScanMemberList<v1::Certificate>(
          redis_, std::move(members), [](std::string_view member) { return keys::Certificate(member); }, "",
          kMaxPersonRecords, [&id](const v1::Certificate& cert) { return cert.person().id_number() == id; }));
  return std::move(page.records);
}

// ---------------------------------------------------------------- introductions

absl::StatusOr<int64_t> EvaluationStore::AllocateIntroductionSequence() {
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command({"INCR", std::string(keys::kIntroCounter)}));
  return reply.integer();
}

absl::StatusOr<WriteOutcome> EvaluationStore::RegisterIntroduction(const v1::Introduction& introduction,
                                                                   const v1::EvaluationEvent& event,
                                                                   const MutationMeta& meta) {
  const std::string& id = introduction.id();
  const std::string& district = introduction.employer().district_code();
  const int year = introduction.arrival_date().year();
  AtomicWrite write = WriteFor(meta, event);
  const std::string unique =
      keys::IntroductionUniqueness(introduction.person().id_number(), introduction.outside_certificate_number());
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, unique, "DUPLICATE_INTRODUCTION"));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Introduction(id), introduction.SerializeAsString()));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, unique, id));
  write.ops.push_back(IndexAddOp(keys::IntroductionIndexAll(), id));
  write.ops.push_back(IndexAddOp(keys::IntroductionIndexByDistrict(district), id));
  write.ops.push_back(IndexAddOp(keys::IntroductionIndexByYear(year), id));
  write.ops.push_back(IndexAddOp(keys::IntroductionIndexByPerson(introduction.person().id_number()), id));
  write.ops.push_back(
      MakeRedisOp(Op::Kind::kHIncrBy, keys::Stats(year), "", keys::IntroductionStatsField(district), 1));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::Introduction>> EvaluationStore::ListIntroductions(const IntroductionFilter& filter,
                                                                              const std::string& cursor,
                                                                              int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::IntroductionIndexByPerson(filter.id_number);
  } else if (!filter.district_code.empty()) {
    index = keys::IntroductionIndexByDistrict(filter.district_code);
  } else if (filter.year != 0) {
    index = keys::IntroductionIndexByYear(filter.year);
  } else {
    index = keys::IntroductionIndexAll();
  }
  return ScanIndex<v1::Introduction>(
      redis_, index, [](std::string_view member) { return keys::Introduction(member); }, cursor, page_size,
      [&filter](const v1::Introduction& intro) {
        return (filter.id_number.empty() || intro.person().id_number() == filter.id_number) &&
               (filter.district_code.empty() || intro.employer().district_code() == filter.district_code) &&
               (filter.year == 0 || intro.arrival_date().year() == filter.year);
      },
      kMaxScanned);
}

absl::StatusOr<std::vector<v1::Introduction>> EvaluationStore::IntroductionsOfPerson(std::string_view id_number) {
  const std::string id(id_number);
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command({"ZRANGE", keys::IntroductionIndexByPerson(id), "0",
                                                              absl::StrCat(kMaxPersonRecords - 1)}));
  std::vector<std::string> members;
  members.reserve(reply.size());
  for (size_t i = 0; i < reply.size(); ++i) {
    members.emplace_back(ReplyString(reply.element(i)));
  }
  SB_ASSIGN_OR_RETURN(
      ScanPage<v1::Introduction> page,
      ScanMemberList<v1::Introduction>(
          redis_, std::move(members), [](std::string_view member) { return keys::Introduction(member); }, "",
          kMaxPersonRecords, [&id](const v1::Introduction& intro) { return intro.person().id_number() == id; }));
  return std::move(page.records);
}

// ---------------------------------------------------------------- enterprises

absl::StatusOr<std::optional<Stored<v1::Enterprise>>> EvaluationStore::GetEnterprise(std::string_view credit_code) {
  return GetStoredRecord<v1::Enterprise>(redis_, keys::Enterprise(credit_code));
}

absl::StatusOr<std::vector<std::optional<v1::Enterprise>>> EvaluationStore::GetEnterprises(
    const std::vector<std::string>& credit_codes) {
  std::vector<std::optional<v1::Enterprise>> found(credit_codes.size());
  for (size_t begin = 0; begin < credit_codes.size(); begin += kEnterpriseReadChunk) {
    const size_t end = std::min(credit_codes.size(), begin + kEnterpriseReadChunk);
    std::vector<std::string> argv{"MGET"};
    argv.reserve(end - begin + 1);
    for (size_t i = begin; i < end; ++i) {
      argv.push_back(keys::Enterprise(credit_codes[i]));
    }
    SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command(argv));
    if (reply.size() != end - begin) {
      return absl::InternalError(Concat("MGET of ", end - begin, " enterprises answered ", reply.size(), " values"));
    }
    for (size_t i = begin; i < end; ++i) {
      const redisReply* element = reply.element(i - begin);
      if (ReplyIsNil(element)) {
        continue;
      }
      v1::Enterprise enterprise;
      if (!enterprise.ParseFromString(std::string(ReplyString(element)))) {
        return absl::DataLossError(Concat("stored enterprise ", credit_codes[i], " does not parse"));
      }
      found[i] = std::move(enterprise);
    }
  }
  return found;
}

absl::StatusOr<WriteOutcome> EvaluationStore::UpsertEnterprise(const std::optional<Stored<v1::Enterprise>>& old,
                                                               const v1::Enterprise& updated,
                                                               const v1::EvaluationEvent& event,
                                                               const MutationMeta& meta) {
  const std::string& credit = updated.org().credit_code();
  const std::string& district = updated.org().district_code();
  AtomicWrite write = WriteFor(meta, event);
  if (old.has_value()) {
    write.guards.push_back(Unchanged(keys::Enterprise(credit), old->bytes));
    const std::string& old_district = old->record.org().district_code();
    if (old_district != district) {
      write.ops.push_back(IndexRemoveOp(keys::EnterpriseIndexByDistrict(old_district), credit));
      write.ops.push_back(MakeRedisOp(Op::Kind::kSRem, keys::EligibleEnterprises(old_district), credit));
    }
  } else {
    write.guards.push_back(
        MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::Enterprise(credit), "CONCURRENT_MODIFICATION"));
  }
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::Enterprise(credit), updated.SerializeAsString()));
  write.ops.push_back(IndexAddOp(keys::EnterpriseIndexAll(), credit));
  write.ops.push_back(IndexAddOp(keys::EnterpriseIndexByDistrict(district), credit));
  const bool eligible = updated.above_designated_size() && updated.self_evaluation_eligible();
  write.ops.push_back(
      MakeRedisOp(eligible ? Op::Kind::kSAdd : Op::Kind::kSRem, keys::EligibleEnterprises(district), credit));
  return ApplyWrite(redis_, write, Refusals());
}

absl::StatusOr<ScanPage<v1::Enterprise>> EvaluationStore::ListEnterprises(const EnterpriseFilter& filter,
                                                                          const std::string& cursor, int page_size) {
  const std::string index =
      filter.district_code.empty() ? keys::EnterpriseIndexAll() : keys::EnterpriseIndexByDistrict(filter.district_code);
  return ScanIndex<v1::Enterprise>(
      redis_, index, [](std::string_view member) { return keys::Enterprise(member); }, cursor, page_size,
      [&filter](const v1::Enterprise& enterprise) {
        return !filter.eligible_only || (enterprise.above_designated_size() && enterprise.self_evaluation_eligible());
      },
      kMaxScanned);
}

absl::StatusOr<std::vector<CoverageCount>> EvaluationStore::CountCoverage(
    const std::vector<std::string>& district_codes) {
  std::vector<std::vector<std::string>> commands;
  for (const auto& district : district_codes) {
    commands.push_back({"SCARD", keys::EligibleEnterprises(district)});
    commands.push_back(
        {"SINTERCARD", "2", keys::EligibleEnterprises(district), std::string(keys::kFiledSelfEvaluation)});
  }
  SB_ASSIGN_OR_RETURN(const auto replies, redis_.Pipeline(commands));
  std::vector<CoverageCount> counts;
  for (size_t i = 0; i < district_codes.size(); ++i) {
    const auto& eligible = replies[2 * i];
    const auto& covered = replies[2 * i + 1];
    if (eligible.is_error() || covered.is_error()) {
      return absl::InternalError(Concat("coverage count failed: ", eligible.str(), covered.str()));
    }
    counts.push_back(CoverageCount{district_codes[i], eligible.integer(), covered.integer()});
  }
  return counts;
}

// ---------------------------------------------------------------- stats, feed, audit

absl::StatusOr<EvaluationStats> EvaluationStore::ReadStats(int year) {
  SB_ASSIGN_OR_RETURN(const auto fields, ReadCounterHash(redis_, keys::Stats(year)));
  std::map<std::tuple<std::string, int, int>, EvaluationStatsCell> cells;
  std::map<std::string, int64_t> introductions;
  for (const auto& [field, value] : fields) {
    const std::optional<keys::StatsField> parsed = keys::ParseStatsField(field);
    if (!parsed.has_value()) {
      continue;
    }
    if (parsed->counter == keys::StatsCounter::kIntroductions) {
      introductions[parsed->district_code] += value;
      continue;
    }
    EvaluationStatsCell& cell = cells[{parsed->district_code, parsed->type, parsed->level}];
    cell.district_code = parsed->district_code;
    cell.type = static_cast<v1::CertificateType>(parsed->type);
    cell.level = static_cast<common::v1::SkillLevel>(parsed->level);
    (parsed->counter == keys::StatsCounter::kIssued ? cell.issued : cell.revoked) += value;
  }
  EvaluationStats stats;
  stats.cells.reserve(cells.size());
  for (auto& [key, cell] : cells) {
    stats.cells.push_back(std::move(cell));
  }
  stats.introductions.assign(introductions.begin(), introductions.end());
  return stats;
}

absl::StatusOr<FeedPage> EvaluationStore::ReadEvents(const std::string& after_id, int max_events,
                                                     std::chrono::milliseconds wait) {
  return ReadFeed(feed_redis_, std::string(keys::kEvents), after_id, max_events, wait);
}

absl::StatusOr<FeedPage> EvaluationStore::ReadAudit(const std::string& before_id, int max_entries) {
  return ReadStreamNewestFirst(redis_, std::string(keys::kAudit), before_id, max_entries);
}

}  // namespace skillbridge::evaluation

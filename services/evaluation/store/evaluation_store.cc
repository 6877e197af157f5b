#include "services/evaluation/store/evaluation_store.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "common/redis/atomic_write.h"
#include "common/status/errors.h"
#include "common/store/counter_hash.h"
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
      {"CERTIFICATE_NUMBER_TAKEN", {absl::StatusCode::kAlreadyExists, "this certificate number is already taken"}},
      {"DUPLICATE_CERTIFICATE",
       {absl::StatusCode::kFailedPrecondition,
        "the person already holds a valid certificate of this type, occupation and level"}},
      {"DUPLICATE_INTRODUCTION",
       {absl::StatusCode::kAlreadyExists, "this person's introduction with this outside certificate is registered"}},
  };
  return *table;
}

Guard MakeGuard(Guard::Kind kind, std::string key, std::string reason, std::string value = "", std::string field = "") {
  Guard guard;
  guard.kind = kind;
  guard.key = std::move(key);
  guard.field = std::move(field);
  guard.value = std::move(value);
  guard.reason = std::move(reason);
  return guard;
}

Op MakeOp(Op::Kind kind, std::string key, std::string value = "", std::string field = "", int64_t amount = 0) {
  Op op;
  op.kind = kind;
  op.key = std::move(key);
  op.value = std::move(value);
  op.field = std::move(field);
  op.amount = amount;
  return op;
}

Op IndexAdd(std::string index, std::string member) {
  return MakeOp(Op::Kind::kZAdd, std::move(index), std::move(member));
}
Op IndexRemove(std::string index, std::string member) {
  return MakeOp(Op::Kind::kZRem, std::move(index), std::move(member));
}

AtomicWrite WriteFor(const MutationMeta& meta, const v1::EvaluationEvent& event) {
  return NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
}

template <typename Record>
absl::StatusOr<std::optional<Stored<Record>>> GetRecord(RedisClient& redis, const std::string& key) {
  auto reply = redis.Command({"GET", key});
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->is_nil()) {
    return std::optional<Stored<Record>>();
  }
  Stored<Record> stored;
  stored.bytes = std::string(reply->str());
  if (!stored.record.ParseFromString(stored.bytes)) {
    return absl::DataLossError(Concat("record ", key, " does not parse"));
  }
  return std::optional<Stored<Record>>(std::move(stored));
}

absl::StatusOr<WriteOutcome> Apply(RedisClient& redis, const AtomicWrite& write) {
  auto result = ApplyAtomicWrite(redis, write);
  if (!result.ok()) {
    return result.status();
  }
  return OutcomeOf(*result, Refusals());
}

// Filing state kept beside the records, read by the issuance guard.
void SetOrgStateOps(const v1::EvaluationOrg& org, std::vector<Op>& ops) {
  ops.push_back(MakeOp(Op::Kind::kHSet, std::string(keys::kOrgState), v1::FilingState_Name(org.state()),
                       org.org().credit_code()));
  const bool covers = org.kind() == v1::ORG_KIND_ENTERPRISE_SELF_EVALUATION && org.state() == v1::FILING_STATE_FILED;
  ops.push_back(MakeOp(covers ? Op::Kind::kSAdd : Op::Kind::kSRem, std::string(keys::kFiledSelfEvaluation),
                       org.org().credit_code()));
}

std::string CertificateUniquenessKey(const v1::Certificate& certificate) {
  return keys::CertificateUniqueness(certificate.person().id_number(), certificate.type(),
                                     certificate.occupation_code(), certificate.level());
}

std::string YearText(int year) { return absl::StrFormat("%04d", year); }

}  // namespace

absl::Status EvaluationStore::Initialize() {
  absl::Status loaded = redis_.LoadScripts({&AtomicWriteScript()});
  if (!loaded.ok()) {
    return loaded;
  }
  auto reply = redis_.Command({"SET", std::string(keys::kSchema), std::string(keys::kSchemaVersion), "NX", "GET"});
  if (!reply.ok()) {
    return reply.status();
  }
  if (!reply->is_nil() && reply->str() != keys::kSchemaVersion) {
    return absl::FailedPreconditionError(Concat("the store has schema version ", reply->str(), "; this build expects ",
                                                keys::kSchemaVersion, " (run the migration first)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> EvaluationStore::LookupIdempotent(const std::string& key) {
  if (key.empty()) {
    return std::optional<std::string>();
  }
  auto reply = redis_.Command({"GET", key});
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->is_nil()) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(std::string(reply->str()));
}

absl::Status EvaluationStore::SaveIdempotent(const std::string& key, const std::string& response_bytes) {
  auto reply = redis_.Command({"SET", key, response_bytes, "EX", Concat(7 * 24 * 3600)});
  return reply.ok() ? absl::OkStatus() : reply.status();
}

// ---------------------------------------------------------------- organisations

absl::StatusOr<std::optional<Stored<v1::EvaluationOrg>>> EvaluationStore::GetOrg(std::string_view credit_code) {
  return GetRecord<v1::EvaluationOrg>(redis_, keys::Org(credit_code));
}

absl::StatusOr<WriteOutcome> EvaluationStore::CreateOrg(const v1::EvaluationOrg& org, const v1::EvaluationEvent& event,
                                                        const MutationMeta& meta) {
  const std::string& credit = org.org().credit_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeGuard(Guard::Kind::kKeyAbsent, keys::Org(credit), "ORG_ALREADY_EXISTS"));
  write.ops.push_back(MakeOp(Op::Kind::kSet, keys::Org(credit), org.SerializeAsString()));
  write.ops.push_back(IndexAdd(keys::Index("org", "all"), credit));
  write.ops.push_back(IndexAdd(keys::Index("org", "district", org.org().district_code()), credit));
  SetOrgStateOps(org, write.ops);
  return Apply(redis_, write);
}

absl::StatusOr<WriteOutcome> EvaluationStore::UpdateOrg(const Stored<v1::EvaluationOrg>& old,
                                                        const v1::EvaluationOrg& updated,
                                                        const v1::EvaluationEvent& event, const MutationMeta& meta) {
  const std::string& credit = updated.org().credit_code();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(MakeGuard(Guard::Kind::kValueEquals, keys::Org(credit), "CONCURRENT_MODIFICATION", old.bytes));
  write.ops.push_back(MakeOp(Op::Kind::kSet, keys::Org(credit), updated.SerializeAsString()));
  SetOrgStateOps(updated, write.ops);
  return Apply(redis_, write);
}

absl::StatusOr<std::string> EvaluationStore::AllocateOrgCode() {
  auto reply = redis_.Command({"INCR", std::string(keys::kOrgCodeCounter)});
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->integer() > 9999) {
    return ErrorWithReason(absl::StatusCode::kResourceExhausted, "ORG_CODES_EXHAUSTED",
                           "all 4-digit organisation codes are allocated");
  }
  return absl::StrFormat("%04d", reply->integer());
}

absl::StatusOr<ScanPage<v1::EvaluationOrg>> EvaluationStore::ListOrgs(const OrgFilter& filter,
                                                                      const std::string& cursor, int page_size) {
  const std::string index =
      filter.district_code.empty() ? keys::Index("org", "all") : keys::Index("org", "district", filter.district_code);
  return ScanIndex<v1::EvaluationOrg>(
      redis_, index, [](std::string_view member) { return keys::Org(member); }, cursor, page_size,
      [&filter](const v1::EvaluationOrg& org) {
        return (filter.kind == v1::ORG_KIND_UNSPECIFIED || org.kind() == filter.kind) &&
               (filter.state == v1::FILING_STATE_UNSPECIFIED || org.state() == filter.state);
      },
      kMaxScanned);
}

// ---------------------------------------------------------------- certificates

absl::StatusOr<int64_t> EvaluationStore::AllocateSerials(std::string_view series, int64_t count) {
  auto reply = redis_.Command({"INCRBY", keys::Serial(series), Concat(count)});
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->integer() - count + 1;
}

absl::StatusOr<std::vector<absl::StatusOr<WriteOutcome>>> EvaluationStore::IssueCertificates(
    const std::vector<IssueItem>& items) {
  std::vector<absl::StatusOr<WriteOutcome>> outcomes;
  outcomes.reserve(items.size());
  for (size_t begin = 0; begin < items.size(); begin += kIssueChunk) {
    const size_t end = std::min(items.size(), begin + kIssueChunk);
    std::vector<AtomicWrite> writes;
    writes.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const v1::Certificate& cert = items[i].certificate;
      const std::string& number = cert.number();
      const std::string& district = cert.issuer().district_code();
      const std::string year = YearText(cert.issue_date().year());
      AtomicWrite write = WriteFor(items[i].meta, items[i].event);
      write.guards.push_back(MakeGuard(Guard::Kind::kHashFieldEquals, std::string(keys::kOrgState), "ORG_NOT_FILED",
                                       "FILING_STATE_FILED", cert.issuer().credit_code()));
      write.guards.push_back(MakeGuard(Guard::Kind::kKeyAbsent, keys::Certificate(number), "CERTIFICATE_NUMBER_TAKEN"));
      write.guards.push_back(
          MakeGuard(Guard::Kind::kKeyAbsent, CertificateUniquenessKey(cert), "DUPLICATE_CERTIFICATE"));
      write.ops.push_back(MakeOp(Op::Kind::kSet, keys::Certificate(number), cert.SerializeAsString()));
      write.ops.push_back(MakeOp(Op::Kind::kSet, CertificateUniquenessKey(cert), number));
      write.ops.push_back(IndexAdd(keys::Index("cert", "all"), number));
      write.ops.push_back(IndexAdd(keys::Index("cert", "person", cert.person().id_number()), number));
      write.ops.push_back(IndexAdd(keys::Index("cert", "org", cert.issuer().credit_code()), number));
      write.ops.push_back(IndexAdd(keys::Index("cert", "district", district), number));
      write.ops.push_back(IndexAdd(keys::Index("cert", "year", year), number));
      write.ops.push_back(IndexAdd(keys::Index("cert", "district_year", Concat(district, ":", year)), number));
      write.ops.push_back(MakeOp(Op::Kind::kHIncrBy, keys::Stats(cert.issue_date().year()), "",
                                 keys::StatsField(district, cert.type(), cert.level(), "issued"), 1));
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

absl::StatusOr<std::optional<Stored<v1::Certificate>>> EvaluationStore::GetCertificate(std::string_view number) {
  return GetRecord<v1::Certificate>(redis_, keys::Certificate(number));
}

absl::StatusOr<WriteOutcome> EvaluationStore::RevokeCertificate(const Stored<v1::Certificate>& old,
                                                                const v1::Certificate& revoked,
                                                                const v1::EvaluationEvent& event,
                                                                const MutationMeta& meta) {
  const std::string& number = revoked.number();
  AtomicWrite write = WriteFor(meta, event);
  write.guards.push_back(
      MakeGuard(Guard::Kind::kValueEquals, keys::Certificate(number), "CONCURRENT_MODIFICATION", old.bytes));
  write.ops.push_back(MakeOp(Op::Kind::kSet, keys::Certificate(number), revoked.SerializeAsString()));
  write.ops.push_back(MakeOp(Op::Kind::kDel, CertificateUniquenessKey(revoked)));
  write.ops.push_back(
      MakeOp(Op::Kind::kHIncrBy, keys::Stats(revoked.issue_date().year()), "",
             keys::StatsField(revoked.issuer().district_code(), revoked.type(), revoked.level(), "revoked"), 1));
  return Apply(redis_, write);
}

absl::StatusOr<ScanPage<v1::Certificate>> EvaluationStore::ListCertificates(const CertificateFilter& filter,
                                                                            const std::string& cursor, int page_size) {
  // The most selective index available; the other filters apply in memory.
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index("cert", "person", filter.id_number);
  } else if (!filter.issuer_credit_code.empty()) {
    index = keys::Index("cert", "org", filter.issuer_credit_code);
  } else if (!filter.district_code.empty() && filter.year != 0) {
    index = keys::Index("cert", "district_year", Concat(filter.district_code, ":", YearText(filter.year)));
  } else if (!filter.district_code.empty()) {
    index = keys::Index("cert", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("cert", "year", YearText(filter.year));
  } else {
    index = keys::Index("cert", "all");
  }
  return ScanIndex<v1::Certificate>(
      redis_, index, [](std::string_view member) { return keys::Certificate(member); }, cursor, page_size,
      [&filter](const v1::Certificate& cert) {
        return (filter.id_number.empty() || cert.person().id_number() == filter.id_number) &&
               (filter.issuer_credit_code.empty() || cert.issuer().credit_code() == filter.issuer_credit_code) &&
               (filter.district_code.empty() || cert.issuer().district_code() == filter.district_code) &&
               (filter.year == 0 || cert.issue_date().year() == filter.year) &&
               (filter.level == common::v1::SKILL_LEVEL_UNSPECIFIED || cert.level() == filter.level) &&
               (filter.type == v1::CERTIFICATE_TYPE_UNSPECIFIED || cert.type() == filter.type) &&
               (filter.status == v1::CERTIFICATE_STATUS_UNSPECIFIED || cert.status() == filter.status);
      },
      kMaxScanned);
}

// ---------------------------------------------------------------- introductions

absl::StatusOr<int64_t> EvaluationStore::AllocateIntroductionSequence() {
  auto reply = redis_.Command({"INCR", std::string(keys::kIntroCounter)});
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->integer();
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
  write.guards.push_back(MakeGuard(Guard::Kind::kKeyAbsent, unique, "DUPLICATE_INTRODUCTION"));
  write.ops.push_back(MakeOp(Op::Kind::kSet, keys::Introduction(id), introduction.SerializeAsString()));
  write.ops.push_back(MakeOp(Op::Kind::kSet, unique, id));
  write.ops.push_back(IndexAdd(keys::Index("intro", "all"), id));
  write.ops.push_back(IndexAdd(keys::Index("intro", "district", district), id));
  write.ops.push_back(IndexAdd(keys::Index("intro", "year", YearText(year)), id));
  write.ops.push_back(IndexAdd(keys::Index("intro", "person", introduction.person().id_number()), id));
  write.ops.push_back(MakeOp(Op::Kind::kHIncrBy, keys::Stats(year), "", keys::IntroStatsField(district), 1));
  return Apply(redis_, write);
}

absl::StatusOr<ScanPage<v1::Introduction>> EvaluationStore::ListIntroductions(const IntroductionFilter& filter,
                                                                              const std::string& cursor,
                                                                              int page_size) {
  std::string index;
  if (!filter.id_number.empty()) {
    index = keys::Index("intro", "person", filter.id_number);
  } else if (!filter.district_code.empty()) {
    index = keys::Index("intro", "district", filter.district_code);
  } else if (filter.year != 0) {
    index = keys::Index("intro", "year", YearText(filter.year));
  } else {
    index = keys::Index("intro", "all");
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

// ---------------------------------------------------------------- enterprises

absl::StatusOr<std::optional<Stored<v1::Enterprise>>> EvaluationStore::GetEnterprise(std::string_view credit_code) {
  return GetRecord<v1::Enterprise>(redis_, keys::Enterprise(credit_code));
}

absl::StatusOr<WriteOutcome> EvaluationStore::UpsertEnterprise(const std::optional<Stored<v1::Enterprise>>& old,
                                                               const v1::Enterprise& updated,
                                                               const v1::EvaluationEvent& event,
                                                               const MutationMeta& meta) {
  const std::string& credit = updated.org().credit_code();
  const std::string& district = updated.org().district_code();
  AtomicWrite write = WriteFor(meta, event);
  if (old.has_value()) {
    write.guards.push_back(
        MakeGuard(Guard::Kind::kValueEquals, keys::Enterprise(credit), "CONCURRENT_MODIFICATION", old->bytes));
    const std::string& old_district = old->record.org().district_code();
    if (old_district != district) {
      write.ops.push_back(IndexRemove(keys::Index("ent", "district", old_district), credit));
      write.ops.push_back(MakeOp(Op::Kind::kSRem, keys::EligibleEnterprises(old_district), credit));
    }
  } else {
    write.guards.push_back(MakeGuard(Guard::Kind::kKeyAbsent, keys::Enterprise(credit), "CONCURRENT_MODIFICATION"));
  }
  write.ops.push_back(MakeOp(Op::Kind::kSet, keys::Enterprise(credit), updated.SerializeAsString()));
  write.ops.push_back(IndexAdd(keys::Index("ent", "all"), credit));
  write.ops.push_back(IndexAdd(keys::Index("ent", "district", district), credit));
  const bool eligible = updated.above_designated_size() && updated.self_evaluation_eligible();
  write.ops.push_back(
      MakeOp(eligible ? Op::Kind::kSAdd : Op::Kind::kSRem, keys::EligibleEnterprises(district), credit));
  return Apply(redis_, write);
}

absl::StatusOr<ScanPage<v1::Enterprise>> EvaluationStore::ListEnterprises(const EnterpriseFilter& filter,
                                                                          const std::string& cursor, int page_size) {
  const std::string index =
      filter.district_code.empty() ? keys::Index("ent", "all") : keys::Index("ent", "district", filter.district_code);
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
  auto replies = redis_.Pipeline(commands);
  if (!replies.ok()) {
    return replies.status();
  }
  std::vector<CoverageCount> counts;
  for (size_t i = 0; i < district_codes.size(); ++i) {
    const auto& eligible = (*replies)[2 * i];
    const auto& covered = (*replies)[2 * i + 1];
    if (eligible.is_error() || covered.is_error()) {
      return absl::InternalError(Concat("coverage count failed: ", eligible.str(), covered.str()));
    }
    counts.push_back(CoverageCount{district_codes[i], eligible.integer(), covered.integer()});
  }
  return counts;
}

// ---------------------------------------------------------------- stats, feed, audit

absl::StatusOr<std::map<std::string, int64_t>> EvaluationStore::ReadStats(int year) {
  return ReadCounterHash(redis_, keys::Stats(year));
}

absl::StatusOr<FeedPage> EvaluationStore::ReadEvents(const std::string& after_id, int max_events,
                                                     std::chrono::milliseconds wait) {
  return ReadFeed(feed_redis_, std::string(keys::kEvents), after_id, max_events, wait);
}

absl::StatusOr<FeedPage> EvaluationStore::ReadAudit(const std::string& before_id, int max_entries) {
  return ReadStreamNewestFirst(redis_, std::string(keys::kAudit), before_id, max_entries);
}

absl::Status EvaluationStore::AppendAudit(const common::v1::AuditEntry& entry) {
  auto id = AppendToStream(redis_, std::string(keys::kAudit), "a", entry.SerializeAsString());
  return id.ok() ? absl::OkStatus() : id.status();
}

}  // namespace skillbridge::evaluation

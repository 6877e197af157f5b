// The evaluation store on a real redis-server: organisations created once and updated only over
// the bytes they were read as; certificates issued under the filing, number and uniqueness
// guards, replayed by idempotency key, revoked; listings paged under filters; the typed yearly
// stats; and the change event and audit entry written in the same atomic step as the record, or
// not at all.

#include "services/evaluation/store/evaluation_store.h"

#include <set>
#include <string>
#include <vector>

#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/evaluation/domain/events.h"
#include "services/evaluation/store/keys.h"
#include "tests/support/redis_server.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace ev = ::skillbridge::evaluation::v1;
using evaluation::EvaluationStore;

constexpr char kShinan[] = "370202";  // 市南区
constexpr char kShibei[] = "370203";  // 市北区

absl::Time Now() { return absl::FromUnixSeconds(1781488800); }  // 2026-06-15 10:00 +08:00

class EvaluationStoreTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    store_ = std::make_unique<EvaluationStore>(redis(), redis());
    ASSERT_TRUE(store_->Initialize().ok());
  }

  static MutationMeta Meta(const std::string& method, const std::string& resource,
                           const std::string& idempotency_key = "", const std::string& response_bytes = "") {
    MutationMeta meta;
    meta.audit.set_method(method);
    meta.audit.set_resource(resource);
    meta.audit.set_outcome("OK");
    meta.idempotency_key = idempotency_key;
    meta.response_bytes = response_bytes;
    return meta;
  }

  static ev::EvaluationOrg Org(int n, const std::string& district, ev::FilingState state) {
    ev::EvaluationOrg org;
    org.mutable_org()->set_credit_code(CreditCode(n));
    org.mutable_org()->set_name("评价机构" + std::to_string(n));
    org.mutable_org()->set_district_code(district);
    org.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
    org.set_state(state);
    org.set_version(1);
    return org;
  }

  // A FILED org written through the store.
  ev::EvaluationOrg FiledOrg(int n, const std::string& district) {
    ev::EvaluationOrg org = Org(n, district, ev::FILING_STATE_FILED);
    EXPECT_TRUE(store_->CreateOrg(org, evaluation::OrgChangedEvent(org, Now()), Meta("CreateEvaluationOrg", "o")).ok());
    return org;
  }

  static ev::Certificate Cert(const std::string& number, int person, const ev::EvaluationOrg& issuer,
                              common::v1::SkillLevel level = common::v1::SKILL_LEVEL_3_SENIOR, int year = 2026) {
    ev::Certificate cert;
    cert.set_number(number);
    cert.set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
    cert.set_basis(ev::CERTIFICATE_BASIS_ASSESSMENT);
    cert.mutable_person()->set_id_number(PersonId(person));
    cert.mutable_person()->set_name("张" + std::to_string(person));
    cert.set_occupation_code("6-18-02-04");
    cert.set_level(level);
    *cert.mutable_issuer() = issuer.org();
    cert.mutable_issue_date()->set_year(year);
    cert.mutable_issue_date()->set_month(5);
    cert.mutable_issue_date()->set_day(20);
    cert.set_status(ev::CERTIFICATE_STATUS_VALID);
    cert.set_version(1);
    return cert;
  }

  // The item as the handlers build it: with the issuer's stored bytes it was checked against.
  evaluation::IssueItem Item(const ev::Certificate& cert, const std::string& idempotency_key = "") {
    evaluation::IssueItem item;
    auto issuer = redis().Command({"GET", evaluation::keys::Org(cert.issuer().credit_code())});
    item.issuer_bytes = issuer.ok() ? std::string(issuer->str()) : "";
    item.certificate = cert;
    item.event = evaluation::CertificateIssuedEvent(cert, Now());
    item.meta = Meta("IssueCertificate", "certificates/" + cert.number(), idempotency_key,
                     idempotency_key.empty() ? "" : cert.SerializeAsString());
    return item;
  }

  absl::StatusOr<WriteOutcome> IssueOne(const ev::Certificate& cert, const std::string& idempotency_key = "") {
    return store_->IssueCertificate(Item(cert, idempotency_key));
  }

  // The items as one batch chunk without a record; outcomes in item order.
  absl::StatusOr<std::vector<absl::StatusOr<WriteOutcome>>> IssueChunk(const std::vector<evaluation::IssueItem>& items,
                                                                       const std::string& record_key = "") {
    std::vector<int> labels;
    for (size_t i = 0; i < items.size(); ++i) {
      labels.push_back(static_cast<int>(i));
    }
    auto chunk = store_->IssueCertificateChunk(items, labels, record_key, common::v1::AuditEntry(), "");
    if (!chunk.ok()) {
      return chunk.status();
    }
    std::vector<absl::StatusOr<WriteOutcome>> outcomes;
    for (auto& [label, outcome] : chunk->items) {
      EXPECT_EQ(label, static_cast<int>(outcomes.size()));
      outcomes.push_back(std::move(outcome));
    }
    return outcomes;
  }

  long long StreamLength(std::string_view stream) {
    auto reply = redis().Command({"XLEN", std::string(stream)});
    return reply.ok() ? reply->integer() : -1;
  }

  std::unique_ptr<EvaluationStore> store_;
};

TEST_F(EvaluationStoreTest, OrgsAreCreatedOnceAndUpdatedOnlyOverTheBytesTheyWereReadAs) {
  ev::EvaluationOrg org = Org(1, kShinan, ev::FILING_STATE_APPLIED);
  ASSERT_TRUE(store_->CreateOrg(org, evaluation::OrgChangedEvent(org, Now()), Meta("CreateEvaluationOrg", "o")).ok());
  auto again = store_->CreateOrg(org, evaluation::OrgChangedEvent(org, Now()), Meta("CreateEvaluationOrg", "o"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(again.status()), "ORG_ALREADY_EXISTS");

  auto read = store_->GetOrg(CreditCode(1));
  ASSERT_TRUE(read.ok() && read->has_value());
  const Stored<ev::EvaluationOrg> first_read = **read;
  EXPECT_EQ(first_read.record.org().name(), "评价机构1");

  // One writer moves it on...
  ev::EvaluationOrg assessing = first_read.record;
  assessing.set_state(ev::FILING_STATE_UNDER_ASSESSMENT);
  assessing.set_version(2);
  ASSERT_TRUE(store_
                  ->UpdateOrg(first_read, assessing, evaluation::OrgChangedEvent(assessing, Now()),
                              Meta("StartFilingAssessment", "o"))
                  .ok());
  // ...so another that read the same bytes loses the race and changes nothing.
  ev::EvaluationOrg revoked = first_read.record;
  revoked.set_state(ev::FILING_STATE_REVOKED);
  auto lost =
      store_->UpdateOrg(first_read, revoked, evaluation::OrgChangedEvent(revoked, Now()), Meta("RevokeFiling", "o"));
  EXPECT_EQ(lost.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(lost.status()), "CONCURRENT_MODIFICATION");
  auto now_stored = store_->GetOrg(CreditCode(1));
  ASSERT_TRUE(now_stored.ok() && now_stored->has_value());
  EXPECT_EQ((*now_stored)->record.state(), ev::FILING_STATE_UNDER_ASSESSMENT);
  EXPECT_EQ((*now_stored)->record.version(), 2);
  // Two changes, two events; the lost update left none.
  EXPECT_EQ(StreamLength(evaluation::keys::kEvents), 2);

  auto code = store_->AllocateOrgCode();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, "0001");
  EXPECT_EQ(*store_->AllocateOrgCode(), "0002");
}

TEST_F(EvaluationStoreTest, IssuingIsGuardedByFilingNumberAndUniqueness) {
  const ev::EvaluationOrg filed = FiledOrg(1, kShinan);
  const ev::EvaluationOrg applied = Org(2, kShinan, ev::FILING_STATE_APPLIED);
  ASSERT_TRUE(
      store_->CreateOrg(applied, evaluation::OrgChangedEvent(applied, Now()), Meta("CreateEvaluationOrg", "o")).ok());

  ASSERT_TRUE(IssueOne(Cert("S000137000001263000001", 1, filed)).ok());

  // The issuer's record must still be what the checks were made on.
  evaluation::IssueItem stale = Item(Cert("S000237000001263000001", 2, applied));
  stale.issuer_bytes = "the record as read before a change";
  auto changed = store_->IssueCertificate(stale);
  EXPECT_EQ(changed.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(changed.status()), "ORG_CHANGED");

  auto taken = IssueOne(Cert("S000137000001263000001", 3, filed));
  EXPECT_EQ(taken.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(taken.status()), "CERTIFICATE_NUMBER_TAKEN");

  auto duplicate = IssueOne(Cert("S000137000001263000002", 1, filed));
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(duplicate.status()), "DUPLICATE_CERTIFICATE");
  // Another level of the same occupation is another certificate.
  EXPECT_TRUE(IssueOne(Cert("S000137000001262000003", 1, filed, common::v1::SKILL_LEVEL_2_TECHNICIAN)).ok());

  // In one bulk call each item stands on its own.
  auto outcomes =
      IssueChunk({Item(Cert("S000137000001263000004", 4, filed)), Item(Cert("S000137000001263000005", 4, filed)),
                  Item(Cert("S000137000001263000006", 6, filed))});
  ASSERT_TRUE(outcomes.ok());
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_TRUE((*outcomes)[0].ok());
  EXPECT_EQ(ReasonOf((*outcomes)[1].status()), "DUPLICATE_CERTIFICATE");
  EXPECT_TRUE((*outcomes)[2].ok());

  EXPECT_EQ(redis().Command({"EXISTS", evaluation::keys::Certificate("S000237000001263000001")})->integer(), 0);
  EXPECT_EQ(redis().Command({"EXISTS", evaluation::keys::Certificate("S000137000001263000002")})->integer(), 0);
  EXPECT_EQ(StreamLength(evaluation::keys::kEvents), 2 + 4);  // two orgs, four certificates
}

TEST_F(EvaluationStoreTest, AReplayedIdempotencyKeyReturnsTheFirstResponseAndWritesNothing) {
  const ev::EvaluationOrg filed = FiledOrg(1, kShinan);
  const ev::Certificate first = Cert("S000137000001263000001", 1, filed);
  auto applied = IssueOne(first, "evaluation:idem:IssueCertificate:institution-a:r1");
  ASSERT_TRUE(applied.ok());
  EXPECT_FALSE(applied->replayed);
  const long long events = StreamLength(evaluation::keys::kEvents);
  const long long audit = StreamLength(evaluation::keys::kAudit);

  // The same key with another certificate: the first answer, nothing stored.
  auto replayed =
      IssueOne(Cert("S000137000001263000009", 9, filed), "evaluation:idem:IssueCertificate:institution-a:r1");
  ASSERT_TRUE(replayed.ok());
  EXPECT_TRUE(replayed->replayed);
  ev::Certificate answered;
  ASSERT_TRUE(answered.ParseFromString(replayed->replay_bytes));
  EXPECT_EQ(answered.number(), first.number());
  EXPECT_EQ(redis().Command({"EXISTS", evaluation::keys::Certificate("S000137000001263000009")})->integer(), 0);
  EXPECT_EQ(StreamLength(evaluation::keys::kEvents), events);
  EXPECT_EQ(StreamLength(evaluation::keys::kAudit), audit);

  auto looked_up = store_->LookupIdempotent("evaluation:idem:IssueCertificate:institution-a:r1");
  ASSERT_TRUE(looked_up.ok() && looked_up->has_value());
  EXPECT_EQ(**looked_up, first.SerializeAsString());
  EXPECT_FALSE(store_->LookupIdempotent("")->has_value());
}

// Numbers drawn in the write, gap-free; a chunk written with a record is replayed from it.
TEST_F(EvaluationStoreTest, SerialsAreDrawnInTheWriteAndAChunkRecordReplaysTheChunk) {
  const ev::EvaluationOrg filed = FiledOrg(1, kShinan);
  auto numbered = [&](int person) {
    const std::string marker = SequenceMarker(22);
    evaluation::IssueItem item = Item(Cert(marker, person, filed));
    item.serial = RedisSequence{evaluation::keys::Serial("S:0001:00:26:3"),
                                marker,
                                "S0001370000012630",
                                5,
                                "",
                                99999,
                                "CERTIFICATE_SERIALS_EXHAUSTED"};
    return item;
  };
  auto first = IssueChunk({numbered(1), numbered(1), numbered(2)}, "evaluation:idem:BatchIssueCertificates:x:b1#0");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 3u);
  ASSERT_TRUE((*first)[0].ok());
  EXPECT_EQ((*first)[0]->sequence_text, "S000137000001263000001");
  EXPECT_EQ(ReasonOf((*first)[1].status()), "DUPLICATE_CERTIFICATE");
  EXPECT_EQ((*first)[2]->sequence_text, "S000137000001263000002");  // the refused item took no number
  auto stored = store_->GetCertificates({"S000137000001263000002", "S000137000001263000009"});
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE((*stored)[0].has_value());
  EXPECT_EQ((*stored)[0]->number(), "S000137000001263000002");
  EXPECT_EQ((*stored)[0]->person().id_number(), PersonId(2));
  EXPECT_FALSE((*stored)[1].has_value());
  const long long events = StreamLength(evaluation::keys::kEvents);

  auto retry = IssueChunk({numbered(3), numbered(4), numbered(5)}, "evaluation:idem:BatchIssueCertificates:x:b1#0");
  ASSERT_TRUE(retry.ok()) << retry.status();
  ASSERT_EQ(retry->size(), 3u);
  EXPECT_EQ((*retry)[0]->sequence_text, "S000137000001263000001");
  EXPECT_EQ(ReasonOf((*retry)[1].status()), "DUPLICATE_CERTIFICATE");
  EXPECT_EQ((*retry)[2]->sequence_text, "S000137000001263000002");
  EXPECT_EQ(StreamLength(evaluation::keys::kEvents), events);
  EXPECT_EQ(redis().Command({"GET", evaluation::keys::Serial("S:0001:00:26:3")})->str(), "2");
}

TEST_F(EvaluationStoreTest, RevocationFreesTheUniquenessSlotAndIsGuarded) {
  const ev::EvaluationOrg filed = FiledOrg(1, kShinan);
  ASSERT_TRUE(IssueOne(Cert("S000137000001263000001", 1, filed)).ok());
  auto stored = store_->GetCertificate("S000137000001263000001");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  ev::Certificate revoked = (*stored)->record;
  revoked.set_status(ev::CERTIFICATE_STATUS_REVOKED);
  revoked.set_revoke_reason("材料造假");
  revoked.set_version(2);
  ASSERT_TRUE(store_
                  ->RevokeCertificate(**stored, revoked, evaluation::CertificateRevokedEvent(revoked, Now()),
                                      Meta("RevokeCertificate", "certificates/S000137000001263000001"))
                  .ok());
  // A second revocation over the bytes read before the first loses.
  auto stale = store_->RevokeCertificate(**stored, revoked, evaluation::CertificateRevokedEvent(revoked, Now()),
                                         Meta("RevokeCertificate", "c"));
  EXPECT_EQ(ReasonOf(stale.status()), "CONCURRENT_MODIFICATION");

  auto after = store_->GetCertificate("S000137000001263000001");
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->record.status(), ev::CERTIFICATE_STATUS_REVOKED);
  EXPECT_EQ((*after)->record.version(), 2);
  // The person may be certified again for the same occupation and level.
  EXPECT_TRUE(IssueOne(Cert("S000137000001263000002", 1, filed)).ok());
}

TEST_F(EvaluationStoreTest, ListingsPageUnderFilters) {
  const ev::EvaluationOrg a = FiledOrg(1, kShinan);
  const ev::EvaluationOrg b = FiledOrg(2, kShibei);
  std::vector<evaluation::IssueItem> items;
  for (int i = 0; i < 25; ++i) {
    char number[32];
    std::snprintf(number, sizeof(number), "S000137000001263%06d", i + 1);
    items.push_back(
        Item(Cert(number, i, a, i % 5 == 0 ? common::v1::SKILL_LEVEL_2_TECHNICIAN : common::v1::SKILL_LEVEL_3_SENIOR)));
  }
  for (int i = 0; i < 7; ++i) {
    char number[32];
    std::snprintf(number, sizeof(number), "S000237000001253%06d", i + 1);
    items.push_back(Item(Cert(number, 100 + i, b, common::v1::SKILL_LEVEL_3_SENIOR, 2025)));
  }
  auto outcomes = IssueChunk(items);
  ASSERT_TRUE(outcomes.ok());
  for (const auto& outcome : *outcomes) {
    ASSERT_TRUE(outcome.ok()) << outcome.status();
  }

  evaluation::CertificateFilter in_a;
  in_a.district_code = kShinan;
  in_a.year = 2026;
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = store_->ListCertificates(in_a, cursor, 10);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->records.size(), 10u);
    for (const auto& cert : page->records) {
      EXPECT_EQ(cert.issuer().district_code(), kShinan);
      EXPECT_TRUE(seen.insert(cert.number()).second) << "listed twice: " << cert.number();
    }
    cursor = page->next_cursor;
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(pages, 3);

  evaluation::CertificateFilter technicians;
  technicians.level = common::v1::SKILL_LEVEL_2_TECHNICIAN;
  auto page = store_->ListCertificates(technicians, "", 100);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->records.size(), 5u);

  evaluation::CertificateFilter of_2025;
  of_2025.year = 2025;
  EXPECT_EQ(store_->ListCertificates(of_2025, "", 100)->records.size(), 7u);
  // One place index serves a district (by prefix, paged), a district's year and everything.
  auto count_all = [&](const evaluation::CertificateFilter& filter) {
    size_t total = 0;
    std::string next;
    do {
      auto listed = store_->ListCertificates(filter, next, 3);
      EXPECT_TRUE(listed.ok());
      if (!listed.ok()) {
        return total;
      }
      total += listed->records.size();
      next = listed->next_cursor;
    } while (!next.empty());
    return total;
  };
  evaluation::CertificateFilter in_b;
  in_b.district_code = kShibei;
  EXPECT_EQ(count_all(in_b), 7u);
  in_b.year = 2026;
  EXPECT_EQ(count_all(in_b), 0u);
  EXPECT_EQ(count_all(evaluation::CertificateFilter()), 32u);
  evaluation::CertificateFilter by_issuer;
  by_issuer.issuer_credit_code = CreditCode(2);
  EXPECT_EQ(store_->ListCertificates(by_issuer, "", 100)->records.size(), 7u);
  evaluation::CertificateFilter by_person;
  by_person.id_number = PersonId(3);
  EXPECT_EQ(store_->ListCertificates(by_person, "", 100)->records.size(), 1u);

  evaluation::OrgFilter orgs_in_b;
  orgs_in_b.district_code = kShibei;
  auto orgs = store_->ListOrgs(orgs_in_b, "", 10);
  ASSERT_TRUE(orgs.ok());
  ASSERT_EQ(orgs->records.size(), 1u);
  EXPECT_EQ(orgs->records[0].org().credit_code(), CreditCode(2));
}

// A person's certificates are listed from their bucket of the person index, in number order, paged.
TEST_F(EvaluationStoreTest, APersonsCertificatesArePagedFromTheirBucket) {
  const ev::EvaluationOrg a = FiledOrg(1, kShinan);
  ASSERT_TRUE(IssueOne(Cert("S000137000001263000003", 7, a, common::v1::SKILL_LEVEL_3_SENIOR)).ok());
  ASSERT_TRUE(IssueOne(Cert("S000137000001262000001", 7, a, common::v1::SKILL_LEVEL_2_TECHNICIAN)).ok());
  ASSERT_TRUE(IssueOne(Cert("S000137000001264000002", 7, a, common::v1::SKILL_LEVEL_4_INTERMEDIATE)).ok());
  ASSERT_TRUE(IssueOne(Cert("S000137000001263000004", 8, a)).ok());  // another person
  evaluation::CertificateFilter of_person;
  of_person.id_number = PersonId(7);
  auto first = store_->ListCertificates(of_person, "", 2);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->records.size(), 2u);
  EXPECT_EQ(first->records[0].number(), "S000137000001262000001");
  EXPECT_EQ(first->records[1].number(), "S000137000001263000003");
  ASSERT_EQ(first->next_cursor, "S000137000001263000003");
  auto second = store_->ListCertificates(of_person, first->next_cursor, 2);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->records.size(), 1u);
  EXPECT_EQ(second->records[0].number(), "S000137000001264000002");
  EXPECT_TRUE(second->next_cursor.empty());
  of_person.level = common::v1::SKILL_LEVEL_2_TECHNICIAN;  // other filters still apply
  EXPECT_EQ(store_->ListCertificates(of_person, "", 10)->records.size(), 1u);
  of_person.id_number = PersonId(9);  // nobody
  EXPECT_TRUE(store_->ListCertificates(of_person, "", 10)->records.empty());
}

TEST_F(EvaluationStoreTest, StatsAreTypedRowsCountingIssuesRevocationsAndIntroductions) {
  const ev::EvaluationOrg a = FiledOrg(1, kShinan);
  const ev::EvaluationOrg b = FiledOrg(2, kShibei);
  ASSERT_TRUE(IssueOne(Cert("S000137000001263000001", 1, a)).ok());
  ASSERT_TRUE(IssueOne(Cert("S000137000001263000002", 2, a)).ok());
  ASSERT_TRUE(IssueOne(Cert("S000137000001262000003", 3, a, common::v1::SKILL_LEVEL_2_TECHNICIAN)).ok());
  ASSERT_TRUE(IssueOne(Cert("S000237000001263000001", 4, b)).ok());
  ASSERT_TRUE(IssueOne(Cert("S000237000001253000001", 5, b, common::v1::SKILL_LEVEL_3_SENIOR, 2025)).ok());
  auto stored = store_->GetCertificate("S000137000001263000002");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  ev::Certificate revoked = (*stored)->record;
  revoked.set_status(ev::CERTIFICATE_STATUS_REVOKED);
  ASSERT_TRUE(store_->RevokeCertificate(**stored, revoked, ev::EvaluationEvent(), Meta("RevokeCertificate", "c")).ok());

  ev::Introduction introduction;
  introduction.set_id("INT0000000001");
  introduction.mutable_person()->set_id_number(PersonId(9));
  introduction.mutable_employer()->set_credit_code(CreditCode(7));
  introduction.mutable_employer()->set_district_code(kShibei);
  introduction.set_outside_certificate_number("X1");
  introduction.mutable_arrival_date()->set_year(2026);
  ASSERT_TRUE(
      store_->RegisterIntroduction(introduction, ev::EvaluationEvent(), Meta("RegisterIntroduction", "i")).ok());
  auto duplicate = store_->RegisterIntroduction(introduction, ev::EvaluationEvent(), Meta("RegisterIntroduction", "i"));
  EXPECT_EQ(ReasonOf(duplicate.status()), "DUPLICATE_INTRODUCTION");

  auto stats = store_->ReadStats(2026);
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->cells.size(), 3u);
  // Ordered by (district, type, level).
  const evaluation::EvaluationStatsCell& senior_a = stats->cells[0];
  EXPECT_EQ(senior_a.district_code, kShinan);
  EXPECT_EQ(senior_a.type, ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  EXPECT_EQ(senior_a.level, common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(senior_a.issued, 2);
  EXPECT_EQ(senior_a.revoked, 1);
  const evaluation::EvaluationStatsCell& technician_a = stats->cells[1];
  EXPECT_EQ(technician_a.level, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(technician_a.issued, 1);
  EXPECT_EQ(technician_a.revoked, 0);
  EXPECT_EQ(stats->cells[2].district_code, kShibei);
  EXPECT_EQ(stats->cells[2].issued, 1);
  ASSERT_EQ(stats->introductions.size(), 1u);
  EXPECT_EQ(stats->introductions[0].first, kShibei);
  EXPECT_EQ(stats->introductions[0].second, 1);

  auto of_2025 = store_->ReadStats(2025);
  ASSERT_TRUE(of_2025.ok());
  ASSERT_EQ(of_2025->cells.size(), 1u);
  EXPECT_EQ(of_2025->cells[0].issued, 1);
  EXPECT_TRUE(store_->ReadStats(2024)->cells.empty());
}

TEST_F(EvaluationStoreTest, TheStatsFieldFormatRoundTrips) {
  namespace keys = evaluation::keys;
  auto issued = keys::ParseStatsField(keys::CertificateStatsField("370202", 2, 4, keys::StatsCounter::kIssued));
  ASSERT_TRUE(issued.has_value());
  EXPECT_EQ(issued->district_code, "370202");
  EXPECT_EQ(issued->type, 2);
  EXPECT_EQ(issued->level, 4);
  EXPECT_EQ(issued->counter, keys::StatsCounter::kIssued);
  auto revoked = keys::ParseStatsField(keys::CertificateStatsField("370203", 3, 0, keys::StatsCounter::kRevoked));
  ASSERT_TRUE(revoked.has_value());
  EXPECT_EQ(revoked->counter, keys::StatsCounter::kRevoked);
  auto intro = keys::ParseStatsField(keys::IntroductionStatsField("370211"));
  ASSERT_TRUE(intro.has_value());
  EXPECT_EQ(intro->counter, keys::StatsCounter::kIntroductions);
  EXPECT_EQ(intro->district_code, "370211");
  for (const char* malformed : {"", "370202", "370202|x|4|issued", "370202|2|4|lost", "370202|2|4", "|intro"}) {
    EXPECT_FALSE(keys::ParseStatsField(malformed).has_value()) << malformed;
  }
}

TEST_F(EvaluationStoreTest, EventAndAuditEntryAreWrittenWithTheRecordOrNotAtAll) {
  const ev::EvaluationOrg filed = FiledOrg(1, kShinan);
  const long long events_before = StreamLength(evaluation::keys::kEvents);
  const long long audit_before = StreamLength(evaluation::keys::kAudit);
  const ev::Certificate cert = Cert("S000137000001263000001", 1, filed);
  ASSERT_TRUE(IssueOne(cert).ok());

  auto events = store_->ReadEvents("", 100, std::chrono::milliseconds(0));
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(static_cast<long long>(events->entries.size()), events_before + 1);
  ev::EvaluationEvent event;
  ASSERT_TRUE(event.ParseFromString(events->entries.back().payload));
  ASSERT_TRUE(event.has_certificate_issued());
  EXPECT_EQ(event.certificate_issued().number(), cert.number());
  EXPECT_EQ(event.certificate_issued().id_number(), PersonId(1));

  auto audit = store_->ReadAudit("", 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(static_cast<long long>(audit->entries.size()), audit_before + 1);
  common::v1::AuditEntry entry;
  ASSERT_TRUE(entry.ParseFromString(audit->entries.front().payload));  // newest first
  EXPECT_EQ(entry.method(), "IssueCertificate");
  EXPECT_EQ(entry.resource(), "certificates/" + cert.number());

  // A refused write leaves no record, no event and no audit entry.
  ASSERT_FALSE(IssueOne(Cert("S000137000001263000002", 1, filed)).ok());
  EXPECT_EQ(StreamLength(evaluation::keys::kEvents), events_before + 1);
  EXPECT_EQ(StreamLength(evaluation::keys::kAudit), audit_before + 1);
  EXPECT_EQ(redis().Command({"EXISTS", evaluation::keys::Certificate("S000137000001263000002")})->integer(), 0);
}

TEST_F(EvaluationStoreTest, EnterprisesMoveTheirCoverageWithThem) {
  ev::Enterprise enterprise;
  enterprise.mutable_org()->set_credit_code(CreditCode(5));
  enterprise.mutable_org()->set_district_code(kShinan);
  enterprise.set_above_designated_size(true);
  enterprise.set_self_evaluation_eligible(true);
  enterprise.set_version(1);
  ASSERT_TRUE(
      store_->UpsertEnterprise(std::nullopt, enterprise, ev::EvaluationEvent(), Meta("UpsertEnterprise", "e")).ok());
  // A second "new" upsert of the same enterprise lost a race with the first.
  auto racing =
      store_->UpsertEnterprise(std::nullopt, enterprise, ev::EvaluationEvent(), Meta("UpsertEnterprise", "e"));
  EXPECT_EQ(ReasonOf(racing.status()), "CONCURRENT_MODIFICATION");

  auto stored = store_->GetEnterprise(CreditCode(5));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  ev::Enterprise moved = enterprise;
  moved.mutable_org()->set_district_code(kShibei);
  moved.set_version(2);
  ASSERT_TRUE(store_->UpsertEnterprise(*stored, moved, ev::EvaluationEvent(), Meta("UpsertEnterprise", "e")).ok());
  auto coverage = store_->CountCoverage({kShinan, kShibei});
  ASSERT_TRUE(coverage.ok());
  ASSERT_EQ(coverage->size(), 2u);
  EXPECT_EQ((*coverage)[0].eligible, 0);
  EXPECT_EQ((*coverage)[1].eligible, 1);
  EXPECT_EQ((*coverage)[1].covered, 0);
}

}  // namespace
}  // namespace skillbridge::testing

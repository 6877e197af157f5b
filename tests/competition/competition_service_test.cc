// The competition service over real gRPC, its own real redis-server, and the real evaluation
// service: the workflow from DRAFT to RESULTS_PUBLISHED with the refusals of each state, results
// with honours and promotions that evaluation certifies (exactly once), the yearly promotion
// limit across competitions, corrections, scope by role, ID masking, idempotent replay and
// REQUEST_ID_REUSED, pagination, statistics, and results published while evaluation is down
// (every promotion completes once it returns, exactly once, stepped up by the level of then).

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/status/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/competition/competition_harness.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

// The ErrorInfo reason of a failed call ("" when none).
std::string Reason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return "";
  }
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return "";
}

bool Issued(const cp::Entry& e) { return e.promotion().status() == cp::PROMOTION_STATUS_ISSUED; }

#define EXPECT_REFUSED(call, code, reason)                                                            \
  do {                                                                                                \
    const grpc::Status refused_status = (call);                                                       \
    EXPECT_EQ(refused_status.error_code(), grpc::StatusCode::code) << refused_status.error_message(); \
    EXPECT_EQ(Reason(refused_status), reason) << refused_status.error_message();                      \
  } while (0)

class CompetitionServiceTest : public SuiteHarnessTest<CompetitionHarness> {
 protected:
  // Each test starts from empty stores (entry ids, and so promotion request ids, start again).
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    ASSERT_TRUE(harness_->evaluation().redis_client().Command({"FLUSHALL"}).ok());
  }

  static cp::Competition GetCompetition(const std::string& id) {
    cp::GetCompetitionRequest request;
    request.set_id(id);
    cp::GetCompetitionResponse response;
    EXPECT_TRUE(
        harness_->stub().GetCompetition(CompetitionHarness::Context(kAdminToken).get(), request, &response).ok());
    return response.competition();
  }

  static int CertificatesOf(int person) {
    ev::ListCertificatesRequest request;
    request.set_id_number(PersonId(person));
    ev::ListCertificatesResponse response;
    const grpc::Status status = harness_->evaluation().stub().ListCertificates(
        EvaluationHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.certificates_size();
  }
};

TEST_F(CompetitionServiceTest, TheWorkflowRunsFromDraftToResultsPublished) {
  const cp::Competition draft = harness_->CreateCompetition(cp::COMPETITION_LEVEL_NATIONAL, 1, "");
  EXPECT_EQ(draft.status(), cp::COMPETITION_STATUS_DRAFT);
  EXPECT_EQ(draft.version(), 1);
  EXPECT_EQ(draft.id().size(), 12u);
  EXPECT_EQ(draft.sponsorship_fen(), 5000000);
  cp::FileCompetitionRequest file;
  file.set_id(draft.id());
  cp::FileCompetitionResponse filed;
  EXPECT_REFUSED(harness_->stub().FileCompetition(CompetitionHarness::Context(kAdminToken).get(), file, &filed),
                 FAILED_PRECONDITION, "COMPETITION_HAS_NO_CONTEST");
  const cp::Contest contest = harness_->AddContest(draft.id());
  EXPECT_EQ(contest.occupation_name().empty(), false);
  EXPECT_EQ(contest.max_entries(), 5000);
  EXPECT_EQ(contest.level(), cp::COMPETITION_LEVEL_NATIONAL);
  EXPECT_REFUSED(harness_->Register(contest.id(), 1, nullptr), FAILED_PRECONDITION, "COMPETITION_NOT_OPEN");
  file.set_expected_version(1);  // the contest raised it to 2
  EXPECT_REFUSED(harness_->stub().FileCompetition(CompetitionHarness::Context(kAdminToken).get(), file, &filed),
                 ABORTED, "VERSION_MISMATCH");
  file.set_expected_version(2);
  ASSERT_TRUE(harness_->stub().FileCompetition(CompetitionHarness::Context(kAdminToken).get(), file, &filed).ok());
  EXPECT_EQ(filed.competition().status(), cp::COMPETITION_STATUS_FILED);
  EXPECT_EQ(filed.competition().filed_by(), "admin");
  cp::AddContestRequest add;
  add.mutable_contest()->set_competition_id(draft.id());
  add.mutable_contest()->set_occupation_code(kWelderOccupation);
  add.mutable_contest()->set_group(cp::CONTEST_GROUP_STUDENTS);
  cp::AddContestResponse added;
  EXPECT_REFUSED(harness_->stub().AddContest(CompetitionHarness::Context(kAdminToken).get(), add, &added),
                 FAILED_PRECONDITION, "COMPETITION_NOT_DRAFT");
  cp::OpenCompetitionRequest open;
  open.set_id(draft.id());
  cp::OpenCompetitionResponse opened;
  ASSERT_TRUE(harness_->stub().OpenCompetition(CompetitionHarness::Context(kAdminToken).get(), open, &opened).ok());
  std::vector<cp::Entry> entries(3);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(harness_->Register(contest.id(), 11 + i, &entries[i]).ok());
    EXPECT_EQ(entries[i].competition_id(), draft.id());
    EXPECT_EQ(entries[i].version(), 1);
  }
  EXPECT_REFUSED(harness_->Register(contest.id(), 11, nullptr), ALREADY_EXISTS, "ALREADY_REGISTERED");
  EXPECT_REFUSED(harness_->Publish(contest.id(), {{entries[0].id(), 1, cp::AWARD_GOLD}}, nullptr), FAILED_PRECONDITION,
                 "COMPETITION_NOT_CLOSED");
  ASSERT_TRUE(harness_->Close(draft.id()).ok());
  EXPECT_REFUSED(harness_->Register(contest.id(), 20, nullptr), FAILED_PRECONDITION, "COMPETITION_NOT_OPEN");
  cp::PublishResultsResponse published;
  ASSERT_TRUE(harness_
                  ->Publish(contest.id(), {{entries[0].id(), 1, cp::AWARD_GOLD}, {entries[1].id(), 2, cp::AWARD_NONE}},
                            &published)
                  .ok());
  EXPECT_TRUE(published.contest().results_published());
  EXPECT_EQ(published.contest().ranked_count(), 2);
  EXPECT_EQ(published.promotions_granted(), 1);  // 国家级优胜奖及以上 → 技师
  EXPECT_EQ(published.honours_awarded(), 2);     // 前5名 → 全国技术能手
  EXPECT_EQ(published.unranked_count(), 1);
  EXPECT_EQ(GetCompetition(draft.id()).status(), cp::COMPETITION_STATUS_RESULTS_PUBLISHED);
  EXPECT_REFUSED(harness_->Publish(contest.id(), {{entries[0].id(), 1, cp::AWARD_GOLD}}, nullptr), FAILED_PRECONDITION,
                 "RESULTS_ALREADY_PUBLISHED");
  cp::CancelCompetitionRequest cancel;
  cancel.set_id(draft.id());
  cancel.set_reason("场地不可用");
  cp::CancelCompetitionResponse cancelled;
  EXPECT_REFUSED(harness_->stub().CancelCompetition(CompetitionHarness::Context(kAdminToken).get(), cancel, &cancelled),
                 FAILED_PRECONDITION, "INVALID_COMPETITION_TRANSITION");
  const cp::Entry gold = harness_->GetEntry(entries[0].id());
  EXPECT_EQ(gold.honour(), cp::HONOUR_TITLE_NATIONAL_TECHNICAL_EXPERT);
  EXPECT_EQ(gold.promotion().target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  const cp::Entry absent = harness_->GetEntry(entries[2].id());
  EXPECT_EQ(absent.rank(), 0);
  EXPECT_EQ(absent.award(), cp::AWARD_NONE);
  EXPECT_EQ(absent.promotion().status(), cp::PROMOTION_STATUS_NOT_ELIGIBLE);
  EXPECT_EQ(absent.promotion().reason(), "NO_PROMOTION_RULE");
  // The feed tells the whole story in order.
  std::vector<cp::CompetitionEvent::PayloadCase> kinds;
  for (const auto& event : harness_->Events()) {
    kinds.push_back(event.payload_case());
  }
  const std::multiset<cp::CompetitionEvent::PayloadCase> counted(kinds.begin(), kinds.end());
  EXPECT_EQ(counted.count(cp::CompetitionEvent::kEntryRegistered), 3u);
  EXPECT_EQ(counted.count(cp::CompetitionEvent::kEntryResultPublished), 3u);
  EXPECT_GE(counted.count(cp::CompetitionEvent::kPromotionChanged), 1u);
  EXPECT_EQ(kinds.front(), cp::CompetitionEvent::kCompetitionChanged);
}

TEST_F(CompetitionServiceTest, EvaluationIssuesEachPromotionExactlyOnce) {
  const cp::Contest contest = harness_->OpenCompetition(cp::COMPETITION_LEVEL_PROVINCIAL);
  cp::Entry winner;
  cp::Entry runner_up;
  ASSERT_TRUE(harness_->Register(contest.id(), 31, &winner).ok());
  ASSERT_TRUE(harness_->Register(contest.id(), 32, &runner_up).ok());
  ASSERT_TRUE(harness_->Close(contest.competition_id()).ok());
  ASSERT_TRUE(harness_
                  ->Publish(contest.id(), {{winner.id(), 1, cp::AWARD_GOLD}, {runner_up.id(), 2, cp::AWARD_EXCELLENCE}},
                            nullptr)
                  .ok());
  const cp::Entry gold = harness_->WaitForEntry(winner.id(), Issued);
  ASSERT_EQ(gold.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << gold.promotion().last_issue_error();
  EXPECT_EQ(gold.promotion().target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(gold.promotion().certificate_number().size(), 22u);
  EXPECT_EQ(gold.promotion().issue_attempts(), 1);
  const cp::Entry excellence = harness_->WaitForEntry(runner_up.id(), Issued);
  EXPECT_EQ(excellence.promotion().target_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(CertificatesOf(31), 1);
  EXPECT_EQ(CertificatesOf(32), 1);
  // Evaluation now reports the promoted level.
  ev::GetPersonLevelRequest level;
  level.set_id_number(PersonId(31));
  level.set_occupation_code(kWelderOccupation);
  ev::GetPersonLevelResponse held;
  ASSERT_TRUE(
      harness_->evaluation().stub().GetPersonLevel(EvaluationHarness::Context(kAdminToken).get(), level, &held).ok());
  EXPECT_EQ(held.level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(held.certificate_number(), gold.promotion().certificate_number());
  cp::GetCompetitionStatsRequest stats;
  stats.set_year(2026);
  cp::GetCompetitionStatsResponse counted;
  ASSERT_TRUE(
      harness_->stub().GetCompetitionStats(CompetitionHarness::Context(kViewerToken).get(), stats, &counted).ok());
  EXPECT_EQ(counted.total_competitions_held(), 1);
  EXPECT_EQ(counted.total_participants(), 2);
  EXPECT_EQ(counted.total_promotions(), 2);
  EXPECT_EQ(counted.total_promotions_certified(), 2);
  // The worker's writes are audited.
  int issued_entries = 0;
  for (const auto& entry : harness_->AuditEntries()) {
    issued_entries += entry.method().find("IssuePromotionCertificate") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(issued_entries, 2);
}

TEST_F(CompetitionServiceTest, APersonGetsOneCompetitionPromotionPerYear) {
  const cp::Contest first = harness_->OpenCompetition(cp::COMPETITION_LEVEL_PROVINCIAL);
  const cp::Contest second = harness_->OpenCompetition(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I);
  cp::Entry a;
  cp::Entry b;
  ASSERT_TRUE(harness_->Register(first.id(), 41, &a).ok());
  ASSERT_TRUE(harness_->Register(second.id(), 41, &b).ok());
  ASSERT_TRUE(harness_->Close(first.competition_id()).ok());
  ASSERT_TRUE(harness_->Close(second.competition_id()).ok());
  ASSERT_TRUE(harness_->Publish(first.id(), {{a.id(), 1, cp::AWARD_GOLD}}, nullptr).ok());
  cp::PublishResultsResponse response;
  ASSERT_TRUE(harness_->Publish(second.id(), {{b.id(), 1, cp::AWARD_GOLD}}, &response).ok());
  EXPECT_EQ(response.promotions_granted(), 0);
  const cp::Entry refused = harness_->GetEntry(b.id());
  EXPECT_EQ(refused.promotion().status(), cp::PROMOTION_STATUS_NOT_ELIGIBLE);
  EXPECT_EQ(refused.promotion().reason(), "PROMOTION_YEARLY_LIMIT_REACHED");
  harness_->WaitForEntry(a.id(), Issued);
  EXPECT_EQ(CertificatesOf(41), 1);
}

TEST_F(CompetitionServiceTest, ACorrectionDecidesAgainAndIsAudited) {
  const cp::Contest contest = harness_->OpenCompetition(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_II);
  cp::Entry entry;
  ASSERT_TRUE(harness_->Register(contest.id(), 51, &entry).ok());
  ASSERT_TRUE(harness_->Close(contest.competition_id()).ok());
  ASSERT_TRUE(harness_->Publish(contest.id(), {{entry.id(), 0, cp::AWARD_NONE}}, nullptr).ok());
  EXPECT_EQ(harness_->GetEntry(entry.id()).promotion().status(), cp::PROMOTION_STATUS_NOT_ELIGIBLE);
  cp::CorrectResultRequest correct;
  correct.set_request_id("correct-51");
  correct.set_entry_id(entry.id());
  correct.set_rank(1);
  correct.set_award(cp::AWARD_GOLD);
  correct.set_reason("成绩录入错误");
  cp::CorrectResultResponse corrected;
  EXPECT_REFUSED(
      harness_->stub().CorrectResult(CompetitionHarness::Context(kInstitutionAToken).get(), correct, &corrected),
      PERMISSION_DENIED, "ROLE_NOT_ALLOWED");
  ASSERT_TRUE(harness_->stub().CorrectResult(CompetitionHarness::Context(kAdminToken).get(), correct, &corrected).ok());
  EXPECT_EQ(corrected.entry().rank(), 1);
  EXPECT_EQ(corrected.entry().correction_reason(), "成绩录入错误");
  EXPECT_EQ(corrected.entry().promotion().status(), cp::PROMOTION_STATUS_PENDING);
  EXPECT_EQ(corrected.entry().promotion().target_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  const cp::Entry issued = harness_->WaitForEntry(entry.id(), Issued);
  ASSERT_TRUE(Issued(issued));
  // A correction that would change a certified promotion is refused.
  correct.set_request_id("correct-51-again");
  correct.set_rank(0);
  correct.set_award(cp::AWARD_NONE);
  EXPECT_REFUSED(harness_->stub().CorrectResult(CompetitionHarness::Context(kAdminToken).get(), correct, &corrected),
                 FAILED_PRECONDITION, "PROMOTION_ALREADY_CERTIFIED");
  bool audited = false;
  for (const auto& audit : harness_->AuditEntries()) {
    audited |= audit.method().find("CorrectResult") != std::string::npos && audit.request_id() == "correct-51" &&
               audit.outcome() == "OK" && audit.resource() == "entries/" + entry.id();
  }
  EXPECT_TRUE(audited);
}

TEST_F(CompetitionServiceTest, RolesActOnlyWithinTheirScope) {
  // A district officer organises district competitions of its own district only.
  cp::CreateCompetitionRequest request;
  cp::Competition* c = request.mutable_competition();
  c->set_title("市南区技能竞赛");
  c->set_level(cp::COMPETITION_LEVEL_NATIONAL);
  c->set_year(2026);
  c->mutable_organiser()->set_credit_code(CreditCode(3));
  c->mutable_organiser()->set_name("市南区人社局");
  c->mutable_organiser()->set_district_code(kDistrictA);
  cp::CreateCompetitionResponse response;
  EXPECT_REFUSED(
      harness_->stub().CreateCompetition(CompetitionHarness::Context(kDistrictAToken).get(), request, &response),
      PERMISSION_DENIED, "OUT_OF_SCOPE");
  c->set_level(cp::COMPETITION_LEVEL_DISTRICT);
  EXPECT_REFUSED(
      harness_->stub().CreateCompetition(CompetitionHarness::Context(kDistrictBToken).get(), request, &response),
      PERMISSION_DENIED, "OUT_OF_SCOPE");
  ASSERT_TRUE(
      harness_->stub().CreateCompetition(CompetitionHarness::Context(kDistrictAToken).get(), request, &response).ok());
  // An institution organises its own enterprise competition; the bureau files it.
  const cp::Competition own =
      harness_->CreateCompetition(cp::COMPETITION_LEVEL_ENTERPRISE, 1, kDistrictA, kInstitutionAToken);
  EXPECT_EQ(own.organiser().credit_code(), CreditCode(1));
  harness_->AddContest(own.id(), cp::CONTEST_GROUP_EMPLOYEES, 0, kInstitutionAToken);
  cp::FileCompetitionRequest file;
  file.set_id(own.id());
  cp::FileCompetitionResponse filed;
  EXPECT_REFUSED(harness_->stub().FileCompetition(CompetitionHarness::Context(kInstitutionAToken).get(), file, &filed),
                 PERMISSION_DENIED, "ROLE_NOT_ALLOWED");
  EXPECT_REFUSED(harness_->stub().FileCompetition(CompetitionHarness::Context(kDistrictBToken).get(), file, &filed),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  ASSERT_TRUE(harness_->stub().FileCompetition(CompetitionHarness::Context(kDistrictAToken).get(), file, &filed).ok());
  cp::OpenCompetitionRequest open;
  open.set_id(own.id());
  cp::OpenCompetitionResponse opened;
  EXPECT_REFUSED(harness_->stub().OpenCompetition(CompetitionHarness::Context(kInstitutionBToken).get(), open, &opened),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  ASSERT_TRUE(
      harness_->stub().OpenCompetition(CompetitionHarness::Context(kInstitutionAToken).get(), open, &opened).ok());
}

TEST_F(CompetitionServiceTest, IdNumbersAreMaskedForViewersAndEntriesScopedForInstitutions) {
  const cp::Contest contest = harness_->OpenCompetition(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I);
  cp::Entry entry;
  ASSERT_TRUE(harness_->Register(contest.id(), 61, &entry).ok());
  cp::GetEntryRequest get;
  get.set_id(entry.id());
  cp::GetEntryResponse viewed;
  ASSERT_TRUE(harness_->stub().GetEntry(CompetitionHarness::Context(kViewerToken).get(), get, &viewed).ok());
  EXPECT_NE(viewed.entry().person().id_number(), PersonId(61));
  EXPECT_EQ(viewed.entry().person().id_number().substr(0, 6), PersonId(61).substr(0, 6));
  EXPECT_NE(viewed.entry().person().id_number().find("****"), std::string::npos);
  cp::GetEntryResponse full;
  ASSERT_TRUE(harness_->stub().GetEntry(CompetitionHarness::Context(kServiceToken).get(), get, &full).ok());
  EXPECT_EQ(full.entry().person().id_number(), PersonId(61));
  // Institution B is neither the employer nor the organiser.
  EXPECT_REFUSED(harness_->stub().GetEntry(CompetitionHarness::Context(kInstitutionBToken).get(), get, &full),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  cp::ListEntriesRequest list;
  cp::ListEntriesResponse listed;
  ASSERT_TRUE(harness_->stub().ListEntries(CompetitionHarness::Context(kInstitutionBToken).get(), list, &listed).ok());
  EXPECT_EQ(listed.entries_size(), 0);
  list.set_id_number(PersonId(61));
  ASSERT_TRUE(harness_->stub().ListEntries(CompetitionHarness::Context(kViewerToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.entries_size(), 1);
  EXPECT_NE(listed.entries(0).person().id_number(), PersonId(61));
}

TEST_F(CompetitionServiceTest, ARetryIsAnsweredWithTheFirstResultAndOtherContentIsRefused) {
  cp::CreateCompetitionRequest request;
  cp::Competition* c = request.mutable_competition();
  c->set_title("第一届青岛工匠杯");
  c->set_level(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I);
  c->set_year(2026);
  c->mutable_organiser()->set_credit_code(CreditCode(4));
  c->mutable_organiser()->set_name("青岛市总工会");
  request.set_request_id("create-gongjiang-1");
  cp::CreateCompetitionResponse first;
  ASSERT_TRUE(harness_->stub().CreateCompetition(CompetitionHarness::Context(kAdminToken).get(), request, &first).ok());
  const long long keys = harness_->CountKeys("competition:*");
  grpc::ClientContext retry_context;
  retry_context.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
  cp::CreateCompetitionResponse again;
  ASSERT_TRUE(harness_->stub().CreateCompetition(&retry_context, request, &again).ok());
  EXPECT_EQ(again.competition().id(), first.competition().id());
  EXPECT_EQ(retry_context.GetServerTrailingMetadata().count("skillbridge-replayed"), 1u);
  c->set_title("第二届青岛工匠杯");
  EXPECT_REFUSED(harness_->stub().CreateCompetition(CompetitionHarness::Context(kAdminToken).get(), request, &again),
                 FAILED_PRECONDITION, "REQUEST_ID_REUSED");
  EXPECT_EQ(harness_->CountKeys("competition:*"), keys);
  // A batch retried is answered draft by draft.
  const cp::Contest contest = harness_->OpenCompetition(cp::COMPETITION_LEVEL_DISTRICT);
  cp::BatchRegisterEntriesRequest batch;
  batch.set_request_id("batch-1");
  *batch.add_entries() = harness_->Draft(contest.id(), 71);
  *batch.add_entries() = harness_->Draft(contest.id(), 71);
  *batch.add_entries() = harness_->Draft(contest.id(), 72);
  cp::BatchRegisterEntriesResponse results;
  ASSERT_TRUE(
      harness_->stub().BatchRegisterEntries(CompetitionHarness::Context(kAdminToken).get(), batch, &results).ok());
  EXPECT_EQ(results.accepted_count(), 2);
  EXPECT_EQ(results.rejected_count(), 1);
  EXPECT_EQ(results.results(1).status().code(), grpc::StatusCode::ALREADY_EXISTS);
  cp::BatchRegisterEntriesResponse replayed;
  ASSERT_TRUE(
      harness_->stub().BatchRegisterEntries(CompetitionHarness::Context(kAdminToken).get(), batch, &replayed).ok());
  EXPECT_EQ(replayed.results(0).entry().id(), results.results(0).entry().id());
  EXPECT_EQ(replayed.results(2).entry().id(), results.results(2).entry().id());
  *batch.mutable_entries(2) = harness_->Draft(contest.id(), 73);
  EXPECT_REFUSED(
      harness_->stub().BatchRegisterEntries(CompetitionHarness::Context(kAdminToken).get(), batch, &replayed),
      FAILED_PRECONDITION, "REQUEST_ID_REUSED");
}

TEST_F(CompetitionServiceTest, ContestCapacityIsEnforcedInABatch) {
  const cp::Contest contest = harness_->OpenCompetition(cp::COMPETITION_LEVEL_DISTRICT, 1, kDistrictA, 2);
  cp::BatchRegisterEntriesRequest batch;
  for (int i = 0; i < 4; ++i) {
    *batch.add_entries() = harness_->Draft(contest.id(), 80 + i);
  }
  batch.mutable_entries(3)->mutable_person()->set_id_number("370202199001010000");
  cp::BatchRegisterEntriesResponse results;
  ASSERT_TRUE(
      harness_->stub().BatchRegisterEntries(CompetitionHarness::Context(kAdminToken).get(), batch, &results).ok());
  EXPECT_EQ(results.accepted_count(), 2);
  EXPECT_EQ(results.results(2).status().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(results.results(3).status().code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  bool named = false;
  for (const auto& any : results.results(3).status().details()) {
    if (any.UnpackTo(&bad)) {
      named = bad.field_violations_size() == 1 && bad.field_violations(0).field() == "entries[3].person.id_number";
    }
  }
  EXPECT_TRUE(named);
}

TEST_F(CompetitionServiceTest, ListsArePagedAndTokensAreBoundToTheirFilter) {
  std::set<std::string> created;
  for (int i = 0; i < 7; ++i) {
    created.insert(harness_->CreateCompetition(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_II, 10 + i, "").id());
  }
  harness_->CreateCompetition(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_II, 30, "", kAdminToken, 2025);
  cp::ListCompetitionsRequest request;
  request.set_page_size(3);
  request.set_year(2026);
  std::set<std::string> seen;
  int pages = 0;
  while (true) {
    cp::ListCompetitionsResponse response;
    ASSERT_TRUE(
        harness_->stub().ListCompetitions(CompetitionHarness::Context(kViewerToken).get(), request, &response).ok());
    ++pages;
    for (const auto& competition : response.competitions()) {
      EXPECT_TRUE(seen.insert(competition.id()).second);
    }
    if (response.next_page_token().empty()) {
      break;
    }
    request.set_page_token(response.next_page_token());
    if (pages == 1) {
      cp::ListCompetitionsRequest other = request;
      other.set_year(2025);
      cp::ListCompetitionsResponse refused;
      const grpc::Status status =
          harness_->stub().ListCompetitions(CompetitionHarness::Context(kViewerToken).get(), other, &refused);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    }
  }
  EXPECT_EQ(seen, created);
  EXPECT_EQ(pages, 3);
}

TEST_F(CompetitionServiceTest, UpdatesChangeTheNamedFieldsAndIgnoreOutputOnlyOnes) {
  cp::CreateCompetitionRequest create;
  cp::Competition* c = create.mutable_competition();
  c->set_title("青岛市焊工技能竞赛");
  c->set_level(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_II);
  c->set_year(2026);
  c->mutable_organiser()->set_credit_code(CreditCode(5));
  c->mutable_organiser()->set_name("青岛市焊接协会");
  // Output-only fields a client sets are ignored.
  c->set_id("CP9999999999");
  c->set_status(cp::COMPETITION_STATUS_RESULTS_PUBLISHED);
  c->set_sponsorship_fen(123);
  c->set_version(42);
  c->set_filed_by("someone");
  cp::CreateCompetitionResponse created;
  ASSERT_TRUE(
      harness_->stub().CreateCompetition(CompetitionHarness::Context(kAdminToken).get(), create, &created).ok());
  const cp::Competition& first = created.competition();
  EXPECT_NE(first.id(), "CP9999999999");
  EXPECT_EQ(first.status(), cp::COMPETITION_STATUS_DRAFT);
  EXPECT_EQ(first.sponsorship_fen(), 0);
  EXPECT_EQ(first.version(), 1);
  EXPECT_TRUE(first.filed_by().empty());
  cp::UpdateCompetitionRequest update;
  update.set_id(first.id());
  update.mutable_competition()->set_title("青岛市焊工职业技能竞赛");
  update.mutable_competition()->set_year(2027);  // not in the mask: left as it is
  cp::Sponsor* sponsor = update.mutable_competition()->add_sponsors();
  sponsor->mutable_org()->set_credit_code(CreditCode(6));
  sponsor->mutable_org()->set_name("青岛测试赞助企业");
  sponsor->set_amount_fen(250000);
  update.mutable_update_mask()->add_paths("title");
  update.mutable_update_mask()->add_paths("sponsors");
  update.set_expected_version(1);
  cp::UpdateCompetitionResponse updated;
  ASSERT_TRUE(
      harness_->stub().UpdateCompetition(CompetitionHarness::Context(kAdminToken).get(), update, &updated).ok());
  EXPECT_EQ(updated.competition().title(), "青岛市焊工职业技能竞赛");
  EXPECT_EQ(updated.competition().year(), 2026);
  EXPECT_EQ(updated.competition().sponsorship_fen(), 250000);
  EXPECT_EQ(updated.competition().version(), 2);
  const long long keys = harness_->CountKeys("competition:*");
  EXPECT_REFUSED(harness_->stub().UpdateCompetition(CompetitionHarness::Context(kAdminToken).get(), update, &updated),
                 ABORTED, "VERSION_MISMATCH");
  EXPECT_EQ(harness_->CountKeys("competition:*"), keys);
  EXPECT_EQ(GetCompetition(first.id()).title(), "青岛市焊工职业技能竞赛");
  // Once a contest copied the year, it stays.
  harness_->AddContest(first.id());
  cp::UpdateCompetitionRequest year;
  year.set_id(first.id());
  year.mutable_competition()->set_year(2027);
  year.mutable_update_mask()->add_paths("year");
  EXPECT_REFUSED(harness_->stub().UpdateCompetition(CompetitionHarness::Context(kAdminToken).get(), year, &updated),
                 FAILED_PRECONDITION, "COMPETITION_HAS_CONTESTS");
  // The audit trail names the resources.
  const cp::Contest contest = harness_->OpenCompetition(cp::COMPETITION_LEVEL_DISTRICT);
  cp::Entry entry;
  ASSERT_TRUE(harness_->Register(contest.id(), 95, &entry).ok());
  std::set<std::string> resources;
  for (const auto& audit : harness_->AuditEntries()) {
    if (audit.outcome() == "OK") {
      resources.insert(audit.resource());
    }
  }
  EXPECT_EQ(resources.count("competitions/" + first.id()), 1u);
  EXPECT_EQ(resources.count("contests/" + contest.id()), 1u);
  EXPECT_EQ(resources.count("entries/" + entry.id()), 1u);
}

// An outage of evaluation: publishing does not depend on it (the promotions are recorded PENDING,
// their levels unchecked); the worker retries the level checks with backoff, and once evaluation
// is back each promotion is decided by the person's level of then (one step up, or NOT_ELIGIBLE
// releasing the yearly slot) and certified exactly once.
class CompetitionOutageHarness final {
 public:
  absl::Status Start() { return harness_.Start(); }
  CompetitionHarness& operator*() { return harness_; }
  CompetitionHarness* operator->() { return &harness_; }

 private:
  CompetitionHarness harness_{absl::Seconds(1)};
};

class CompetitionOutageTest : public SuiteHarnessTest<CompetitionOutageHarness> {
 protected:
  // Gives person n `level` in 焊工 with a promotion certificate of another (2025) competition.
  static void GiveLevel(int n, common::v1::SkillLevel level) {
    CompetitionHarness& h = **harness_;
    ev::IssuePromotionCertificateRequest request = EvaluationHarness::PromotionRequest(n, level);
    request.set_request_id("prior-" + std::to_string(n));
    request.mutable_competition()->set_competition_id("CP0000009999");
    request.mutable_competition()->set_contest_id("CT0000009999");
    request.mutable_competition()->set_entry_id("EN9000000000" + std::to_string(n));
    request.mutable_competition()->set_year(2025);
    ev::IssuePromotionCertificateResponse response;
    const grpc::Status status = h.evaluation().stub().IssuePromotionCertificate(
        EvaluationHarness::Context(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  static int CertificatesOf(int n) {
    ev::ListCertificatesRequest list;
    list.set_id_number(PersonId(n));
    ev::ListCertificatesResponse certificates;
    const grpc::Status status = (*harness_)->evaluation().stub().ListCertificates(
        EvaluationHarness::Context(kAdminToken).get(), list, &certificates);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return certificates.certificates_size();
  }
};

TEST_F(CompetitionOutageTest, PublishedWhileEvaluationIsDownEveryPromotionCompletesOnceItReturns) {
  CompetitionHarness& h = **harness_;
  const cp::Contest contest = h.OpenCompetition(cp::COMPETITION_LEVEL_PROVINCIAL);
  // 省级优胜奖 → 三级: person 91 holds nothing, 92 holds 三级 (→ 二级), 93 holds 二级 (nothing left).
  std::vector<cp::Entry> entries(3);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(h.Register(contest.id(), 91 + i, &entries[i]).ok());
  }
  GiveLevel(92, common::v1::SKILL_LEVEL_3_SENIOR);
  GiveLevel(93, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  ASSERT_TRUE(h.Close(contest.competition_id()).ok());
  // Evaluation's store is down: the publication does not need it.
  h.evaluation().redis().Kill9();
  cp::PublishResultsResponse response;
  const grpc::Status published = h.Publish(contest.id(),
                                           {{entries[0].id(), 1, cp::AWARD_EXCELLENCE},
                                            {entries[1].id(), 2, cp::AWARD_EXCELLENCE},
                                            {entries[2].id(), 3, cp::AWARD_EXCELLENCE}},
                                           &response, kAdminToken, "publish-91");
  ASSERT_TRUE(published.ok()) << published.error_message();
  EXPECT_EQ(response.promotions_granted(), 3);
  for (const cp::Entry& entry : entries) {
    const cp::Entry pending = h.GetEntry(entry.id());
    EXPECT_TRUE(pending.has_result_publish_time());
    EXPECT_EQ(pending.promotion().status(), cp::PROMOTION_STATUS_PENDING);
    EXPECT_EQ(pending.promotion().target_level(), common::v1::SKILL_LEVEL_3_SENIOR);  // provisional
    EXPECT_EQ(pending.promotion().current_level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
    EXPECT_FALSE(pending.promotion().has_level_check_time());
  }
  EXPECT_EQ(h.CountKeys("competition:promoyear:*"), 3);
  // The first level checks fail: PENDING, unchecked, with the attempt and its error.
  h.Advance(absl::Seconds(1));
  for (const cp::Entry& entry : entries) {
    const cp::Entry waiting =
        h.WaitForEntry(entry.id(), [](const cp::Entry& e) { return e.promotion().issue_attempts() >= 1; });
    EXPECT_EQ(waiting.promotion().status(), cp::PROMOTION_STATUS_PENDING);
    EXPECT_EQ(waiting.promotion().issue_attempts(), 1);
    EXPECT_FALSE(waiting.promotion().has_level_check_time());
    EXPECT_NE(waiting.promotion().last_issue_error().find("UNAVAILABLE"), std::string::npos)
        << waiting.promotion().last_issue_error();
  }
  // Not retried before the backoff is over.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (const cp::Entry& entry : entries) {
    EXPECT_EQ(h.GetEntry(entry.id()).promotion().issue_attempts(), 1);
  }
  ASSERT_TRUE(h.evaluation().redis().Restart().ok());
  h.Advance(absl::Minutes(5));
  const auto done = [](const cp::Entry& e) { return e.promotion().status() != cp::PROMOTION_STATUS_PENDING; };
  const cp::Entry fresh = h.WaitForEntry(entries[0].id(), done);
  ASSERT_EQ(fresh.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << fresh.promotion().last_issue_error();
  EXPECT_EQ(fresh.promotion().target_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(fresh.promotion().current_level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_TRUE(fresh.promotion().has_level_check_time());
  EXPECT_TRUE(fresh.promotion().last_issue_error().empty());
  EXPECT_GE(fresh.promotion().issue_attempts(), 2);
  const cp::Entry stepped = h.WaitForEntry(entries[1].id(), done);
  ASSERT_EQ(stepped.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << stepped.promotion().last_issue_error();
  EXPECT_EQ(stepped.promotion().current_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(stepped.promotion().target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  const cp::Entry held = h.WaitForEntry(entries[2].id(), done);
  EXPECT_EQ(held.promotion().status(), cp::PROMOTION_STATUS_NOT_ELIGIBLE);
  EXPECT_EQ(held.promotion().reason(), "LEVEL_ALREADY_HELD");
  EXPECT_EQ(held.promotion().current_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_TRUE(held.promotion().certificate_number().empty());
  // Exactly once: one certificate from this competition each, none for the level already held.
  EXPECT_EQ(CertificatesOf(91), 1);
  EXPECT_EQ(CertificatesOf(92), 2);
  EXPECT_EQ(CertificatesOf(93), 1);
  ev::GetPersonLevelRequest level;
  level.set_id_number(PersonId(92));
  level.set_occupation_code(kWelderOccupation);
  ev::GetPersonLevelResponse now_held;
  ASSERT_TRUE(
      h.evaluation().stub().GetPersonLevel(EvaluationHarness::Context(kAdminToken).get(), level, &now_held).ok());
  EXPECT_EQ(now_held.certificate_number(), stepped.promotion().certificate_number());
  // The yearly slot of the person left without a promotion is released; nothing is left due.
  auto slot = h.redis_client().Command({"EXISTS", "competition:promoyear:" + PersonId(93) + ":2026"});
  ASSERT_TRUE(slot.ok());
  EXPECT_EQ(slot->integer(), 0);
  EXPECT_EQ(h.CountKeys("competition:promoyear:*"), 2);
  auto due = h.redis_client().Command({"ZCARD", "competition:promo:due"});
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->integer(), 0);
  // The feed says how each ended, and the checks are audited.
  std::map<std::string, std::vector<cp::PromotionStatus>> changes;
  for (const auto& event : h.Events()) {
    if (event.has_promotion_changed()) {
      changes[event.promotion_changed().entry_id()].push_back(event.promotion_changed().status());
    }
  }
  EXPECT_EQ(changes[entries[0].id()],
            (std::vector<cp::PromotionStatus>{cp::PROMOTION_STATUS_PENDING, cp::PROMOTION_STATUS_ISSUED}));
  EXPECT_EQ(changes[entries[1].id()],
            (std::vector<cp::PromotionStatus>{cp::PROMOTION_STATUS_PENDING, cp::PROMOTION_STATUS_PENDING,
                                              cp::PROMOTION_STATUS_ISSUED}));
  EXPECT_EQ(changes[entries[2].id()],
            (std::vector<cp::PromotionStatus>{cp::PROMOTION_STATUS_PENDING, cp::PROMOTION_STATUS_NOT_ELIGIBLE}));
  int checks = 0;
  for (const auto& audit : h.AuditEntries()) {
    checks += audit.method().find("CheckPromotionLevel") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(checks, 3);
  // A retry of the publication is answered with the first result.
  cp::PublishResultsResponse again;
  ASSERT_TRUE(h.Publish(contest.id(),
                        {{entries[0].id(), 1, cp::AWARD_EXCELLENCE},
                         {entries[1].id(), 2, cp::AWARD_EXCELLENCE},
                         {entries[2].id(), 3, cp::AWARD_EXCELLENCE}},
                        &again, kAdminToken, "publish-91")
                  .ok());
  EXPECT_EQ(again.promotions_granted(), 3);
}

// Corrections do not ask evaluation either: a promotion not checked yet is kept when the rule's
// level stays, replaced (a new provisional target) when it changes; once checked (here: issued
// with a step up), a correction that steps up to the same target keeps it.
TEST_F(CompetitionOutageTest, CorrectionsWhileEvaluationIsDownDecideAgainWithoutIt) {
  CompetitionHarness& h = **harness_;
  const cp::Contest contest = h.OpenCompetition(cp::COMPETITION_LEVEL_PROVINCIAL);
  cp::Entry fresh;
  cp::Entry senior;
  ASSERT_TRUE(h.Register(contest.id(), 94, &fresh).ok());
  ASSERT_TRUE(h.Register(contest.id(), 95, &senior).ok());
  GiveLevel(95, common::v1::SKILL_LEVEL_3_SENIOR);
  ASSERT_TRUE(h.Close(contest.competition_id()).ok());
  h.evaluation().redis().Kill9();
  ASSERT_TRUE(
      h.Publish(contest.id(), {{fresh.id(), 2, cp::AWARD_EXCELLENCE}, {senior.id(), 1, cp::AWARD_EXCELLENCE}}, nullptr)
          .ok());
  const auto correct = [&h](const std::string& id, int rank, cp::Award award, const std::string& request_id,
                            cp::CorrectResultResponse* corrected) {
    cp::CorrectResultRequest request;
    request.set_request_id(request_id);
    request.set_entry_id(id);
    request.set_rank(rank);
    request.set_award(award);
    request.set_reason("成绩复核");
    return h.stub().CorrectResult(CompetitionHarness::Context(kAdminToken).get(), request, corrected);
  };
  // 优胜奖 → 金奖: the rule's level changes (三级 → 二级), a new provisional promotion.
  cp::CorrectResultResponse corrected;
  grpc::Status status = correct(fresh.id(), 1, cp::AWARD_GOLD, "correct-94", &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(corrected.entry().promotion().status(), cp::PROMOTION_STATUS_PENDING);
  EXPECT_EQ(corrected.entry().promotion().target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_FALSE(corrected.entry().promotion().has_level_check_time());
  // A rank corrected within the same rule: the promotion is kept as it is.
  const cp::Entry before = h.GetEntry(senior.id());
  status = correct(senior.id(), 2, cp::AWARD_EXCELLENCE, "correct-95", &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(corrected.entry().promotion().SerializeAsString(), before.promotion().SerializeAsString());
  EXPECT_EQ(corrected.entry().rank(), 2);
  ASSERT_TRUE(h.evaluation().redis().Restart().ok());
  h.Advance(absl::Minutes(5));
  const cp::Entry gold = h.WaitForEntry(fresh.id(), Issued);
  ASSERT_EQ(gold.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << gold.promotion().last_issue_error();
  EXPECT_EQ(gold.promotion().target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  const cp::Entry stepped = h.WaitForEntry(senior.id(), Issued);
  ASSERT_EQ(stepped.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << stepped.promotion().last_issue_error();
  EXPECT_EQ(stepped.promotion().current_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(stepped.promotion().target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  // Checked and certified: 金奖 (rule 二级) from 三级 grants the same 二级, so it is kept; no
  // promotion at all would change it and is refused.
  status = correct(senior.id(), 1, cp::AWARD_GOLD, "correct-95-gold", &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(corrected.entry().promotion().certificate_number(), stepped.promotion().certificate_number());
  EXPECT_REFUSED(correct(senior.id(), 0, cp::AWARD_NONE, "correct-95-none", &corrected), FAILED_PRECONDITION,
                 "PROMOTION_ALREADY_CERTIFIED");
  EXPECT_EQ(CertificatesOf(94), 1);
  EXPECT_EQ(CertificatesOf(95), 2);
}

}  // namespace
}  // namespace skillbridge::testing

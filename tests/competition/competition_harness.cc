#include "tests/competition/competition_harness.h"

#include <thread>

#include "tests/support/stream_readers.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {

CompetitionHarness::~CompetitionHarness() { Stop(); }

absl::Status CompetitionHarness::Start() {
  evaluation_ = std::make_unique<EvaluationHarness>();
  if (absl::Status started = evaluation_->Start(); !started.ok()) {
    return started;
  }
  service_.config().server.worker_threads = 8;
  competition::CompetitionServiceTraits::Options options;
  options.evaluation.address = evaluation_->address();
  options.evaluation.timeout = std::chrono::milliseconds(2000);
  options.worker.poll_interval = absl::Milliseconds(20);
  options.worker.first_attempt_delay = first_attempt_delay_;
  return service_.Start(std::move(options),
                        [](HarnessEnvironment& env, competition::CompetitionServiceTraits::Options& o) {
                          o.evaluation.token_file = env.WriteTokenFile("service-token", kServiceToken);
                        });
}

void CompetitionHarness::Stop() {
  service_.Stop();
  if (evaluation_ != nullptr) {
    evaluation_->Stop();
  }
}

void CompetitionHarness::Advance(absl::Duration d) {
  service_.clock().Advance(d);
  if (evaluation_ != nullptr) {
    evaluation_->clock().Advance(d);
  }
}

cp::Competition CompetitionHarness::CreateCompetition(cp::CompetitionLevel level, int organiser,
                                                      const std::string& district, const std::string& token, int year) {
  cp::CreateCompetitionRequest request;
  cp::Competition* c = request.mutable_competition();
  c->set_title(std::to_string(year) + "年青岛市职业技能大赛");
  c->set_level(level);
  c->set_year(year);
  c->mutable_organiser()->set_credit_code(CreditCode(organiser));
  c->mutable_organiser()->set_name("青岛测试主办单位" + std::to_string(organiser));
  c->mutable_organiser()->set_district_code(district);
  cp::Sponsor* sponsor = c->add_sponsors();
  sponsor->mutable_org()->set_credit_code(CreditCode(800));
  sponsor->mutable_org()->set_name("青岛测试赞助企业");
  sponsor->set_amount_fen(5000000);
  cp::CreateCompetitionResponse response;
  grpc::Status status = stub().CreateCompetition(Context(token).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.competition();
}

cp::Contest CompetitionHarness::AddContest(const std::string& competition_id, cp::ContestGroup group, int max_entries,
                                           const std::string& token) {
  cp::AddContestRequest request;
  request.mutable_contest()->set_competition_id(competition_id);
  request.mutable_contest()->set_title("焊工");
  request.mutable_contest()->set_occupation_code(kWelderOccupation);
  request.mutable_contest()->set_group(group);
  request.mutable_contest()->set_max_entries(max_entries);
  cp::AddContestResponse response;
  grpc::Status status = stub().AddContest(Context(token).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.contest();
}

cp::Contest CompetitionHarness::OpenCompetition(cp::CompetitionLevel level, int organiser, const std::string& district,
                                                int max_entries, int year) {
  const cp::Competition competition = CreateCompetition(level, organiser, district, kAdminToken, year);
  const cp::Contest contest = AddContest(competition.id(), cp::CONTEST_GROUP_EMPLOYEES, max_entries);
  cp::FileCompetitionRequest file;
  file.set_id(competition.id());
  cp::FileCompetitionResponse filed;
  grpc::Status status = stub().FileCompetition(Context(kAdminToken).get(), file, &filed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  cp::OpenCompetitionRequest open;
  open.set_id(competition.id());
  cp::OpenCompetitionResponse opened;
  status = stub().OpenCompetition(Context(kAdminToken).get(), open, &opened);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return contest;
}

cp::EntryDraft CompetitionHarness::Draft(const std::string& contest_id, int person, const std::string& district) const {
  cp::EntryDraft draft;
  draft.set_contest_id(contest_id);
  draft.mutable_person()->set_id_number(PersonId(person));
  draft.mutable_person()->set_name(EvaluationHarness::PersonName(person));
  draft.mutable_affiliation()->set_credit_code(CreditCode(500 + person));
  draft.mutable_affiliation()->set_name("青岛测试企业" + std::to_string(person));
  draft.mutable_affiliation()->set_district_code(district);
  return draft;
}

grpc::Status CompetitionHarness::Register(const std::string& contest_id, int person, cp::Entry* entry,
                                          const std::string& token, const std::string& district) {
  cp::RegisterEntryRequest request;
  *request.mutable_entry() = Draft(contest_id, person, district);
  cp::RegisterEntryResponse response;
  grpc::Status status = stub().RegisterEntry(Context(token).get(), request, &response);
  if (entry != nullptr) {
    *entry = response.entry();
  }
  return status;
}

grpc::Status CompetitionHarness::Close(const std::string& competition_id, const std::string& token) {
  cp::CloseCompetitionRequest request;
  request.set_id(competition_id);
  cp::CloseCompetitionResponse response;
  return stub().CloseCompetition(Context(token).get(), request, &response);
}

grpc::Status CompetitionHarness::Publish(const std::string& contest_id,
                                         const std::vector<std::tuple<std::string, int, cp::Award>>& rows,
                                         cp::PublishResultsResponse* response, const std::string& token,
                                         const std::string& request_id) {
  cp::PublishResultsRequest request;
  request.set_contest_id(contest_id);
  request.set_request_id(request_id);
  for (const auto& [id, rank, award] : rows) {
    cp::ResultRow* row = request.add_results();
    row->set_entry_id(id);
    row->set_rank(rank);
    row->set_award(award);
  }
  cp::PublishResultsResponse ignored;
  return stub().PublishResults(Context(token).get(), request, response != nullptr ? response : &ignored);
}

cp::Entry CompetitionHarness::GetEntry(const std::string& id) {
  cp::GetEntryRequest request;
  request.set_id(id);
  cp::GetEntryResponse response;
  grpc::Status status = stub().GetEntry(Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.entry();
}

cp::Entry CompetitionHarness::WaitForEntry(const std::string& id, const std::function<bool(const cp::Entry&)>& done,
                                           absl::Duration timeout) {
  const absl::Time until = absl::Now() + timeout;
  cp::Entry entry = GetEntry(id);
  while (!done(entry) && absl::Now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    entry = GetEntry(id);
  }
  return entry;
}

std::vector<cp::CompetitionEvent> CompetitionHarness::Events() {
  return ReadWholeFeed<cp::ListEventsRequest, cp::ListEventsResponse>(stub());
}

std::vector<common::v1::AuditEntry> CompetitionHarness::AuditEntries() {
  return ReadWholeAudit<cp::ListAuditEntriesRequest, cp::ListAuditEntriesResponse>(stub());
}

}  // namespace skillbridge::testing

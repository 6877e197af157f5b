#include "services/aggregator/api/profile_sources.h"

#include <map>
#include <utility>

#include "common/server/grpc_status.h"
#include "common/server/peer_client.h"
#include "common/status/macros.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"
#include "skillbridge/education/v1/education.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "skillbridge/incentive/v1/incentive.grpc.pb.h"
#include "skillbridge/training/v1/training.grpc.pb.h"

namespace skillbridge::aggregator {

namespace {

namespace ev = ::skillbridge::evaluation::v1;
namespace tr = ::skillbridge::training::v1;
namespace cp = ::skillbridge::competition::v1;
namespace ic = ::skillbridge::incentive::v1;
namespace ed = ::skillbridge::education::v1;

// Records per page of a List* call.
constexpr int kPageSize = 1000;

// The token and a deadline of exactly `deadline` (the handler has already capped it by its
// caller's deadline).
absl::Status Prepare(grpc::ClientContext& context, const std::string& token, absl::Time deadline) {
  return PrepareOutgoingCall(context, token, absl::InfiniteDuration(), deadline, absl::ZeroDuration());
}

std::string CertificateTypeName(ev::CertificateType type) {
  switch (type) {
    case ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION:
      return "准入类职业资格";
    case ev::CERTIFICATE_TYPE_SKILL_LEVEL:
      return "职业技能等级";
    case ev::CERTIFICATE_TYPE_SPECIAL_ABILITY:
      return "专项职业能力";
    default:
      return "";
  }
}

void AddCertificate(const ev::Certificate& c, v1::GetTalentProfileResponse* out) {
  v1::ProfileCertificate* p = out->add_certificates();
  p->set_number(c.number());
  p->set_type(CertificateTypeName(c.type()));
  p->set_occupation_code(c.occupation_code());
  p->set_level(c.level());
  *p->mutable_issue_date() = c.issue_date();
  p->set_status(c.status() == ev::CERTIFICATE_STATUS_REVOKED ? "REVOKED" : "VALID");
  p->set_district_code(c.issuer().district_code());
  p->set_issuer_credit_code(c.issuer().credit_code());
  if (!out->has_person() && c.has_person()) {
    *out->mutable_person() = c.person();
  }
}

void AddTraining(const tr::Enrollment& e, v1::GetTalentProfileResponse* out) {
  v1::ProfileTraining* p = out->add_trainings();
  p->set_enrollment_id(e.id());
  p->set_course_id(e.course_id());
  p->set_occupation_code(e.occupation_code());
  p->set_level(e.level());
  p->set_state(tr::EnrollmentState_Name(e.state()));
  p->set_institution_credit_code(e.institution_credit_code());
  p->set_district_code(e.district_code());
}

// An enum value's name without the enum's prefix ("GOLD" for AWARD_GOLD); empty for UNSPECIFIED.
template <typename Enum>
std::string ShortName(Enum value, const std::string& name, const char* prefix) {
  if (static_cast<int>(value) == 0) {
    return "";
  }
  const std::string p = prefix;
  return name.compare(0, p.size(), p) == 0 ? name.substr(p.size()) : name;
}

void AddCompetitionEntry(const cp::Entry& e, v1::GetTalentProfileResponse* out) {
  v1::ProfileCompetitionEntry* p = out->add_competition_entries();
  p->set_entry_id(e.id());
  p->set_contest_id(e.contest_id());
  p->set_competition_id(e.competition_id());
  p->set_occupation_code(e.occupation_code());
  p->set_year(e.year());
  p->set_level(ShortName(e.level(), cp::CompetitionLevel_Name(e.level()), "COMPETITION_LEVEL_"));
  p->set_group(ShortName(e.group(), cp::ContestGroup_Name(e.group()), "CONTEST_GROUP_"));
  p->set_rank(e.rank());
  p->set_award(ShortName(e.award(), cp::Award_Name(e.award()), "AWARD_"));
  p->set_honour(ShortName(e.honour(), cp::HonourTitle_Name(e.honour()), "HONOUR_TITLE_"));
  if (e.has_promotion()) {
    p->set_promotion_status(
        ShortName(e.promotion().status(), cp::PromotionStatus_Name(e.promotion().status()), "PROMOTION_STATUS_"));
    p->set_target_level(e.promotion().target_level());
    p->set_certificate_number(e.promotion().certificate_number());
  }
  p->set_district_code(e.affiliation().district_code());
  if (!out->has_person() && e.has_person()) {
    *out->mutable_person() = e.person();
  }
}

void AddNomination(const ic::Nomination& n, v1::GetTalentProfileResponse* out) {
  v1::ProfileNomination* p = out->add_nominations();
  p->set_nomination_id(n.id());
  p->set_programme_id(n.programme_id());
  p->set_programme_title(n.programme_title());
  p->set_year(n.year());
  p->set_kind(ShortName(n.kind(), ic::HonourKind_Name(n.kind()), "HONOUR_KIND_"));
  p->set_status(ShortName(n.status(), ic::NominationStatus_Name(n.status()), "NOMINATION_STATUS_"));
  p->set_award_fen(n.award_fen());
  p->set_occupation_code(n.occupation_code());
  p->set_employer_credit_code(n.employer().credit_code());
  p->set_district_code(n.employer().district_code());
  if (n.has_decide_time()) {
    *p->mutable_decide_time() = n.decide_time();
  }
  if (!out->has_person() && n.has_person()) {
    *out->mutable_person() = n.person();
  }
}

void AddBridgeApplication(const ic::BridgeApplication& a, v1::GetTalentProfileResponse* out) {
  v1::ProfileBridgeApplication* p = out->add_bridge_applications();
  p->set_application_id(a.id());
  p->set_series(ShortName(a.series(), ic::TitleSeries_Name(a.series()), "TITLE_SERIES_"));
  p->set_grade(ShortName(a.grade(), ic::TitleGrade_Name(a.grade()), "TITLE_GRADE_"));
  p->set_status(ShortName(a.status(), ic::BridgeStatus_Name(a.status()), "BRIDGE_STATUS_"));
  p->set_year(a.year());
  p->set_qualifying_level(a.qualifying_level());
  p->set_employer_credit_code(a.employer().credit_code());
  p->set_district_code(a.employer().district_code());
  if (a.has_decide_time()) {
    *p->mutable_decide_time() = a.decide_time();
  }
  if (!out->has_person() && a.has_person()) {
    *out->mutable_person() = a.person();
  }
}

void AddStudentRecord(const ed::Student& s, v1::GetTalentProfileResponse* out) {
  v1::ProfileStudentRecord* p = out->add_student_records();
  p->set_student_id(s.id());
  p->set_school_credit_code(s.school_credit_code());
  p->set_school_name(s.school_name());
  p->set_specialty_code(s.specialty_code());
  p->set_specialty_name(s.specialty_name());
  p->set_district_code(s.district_code());
  p->set_industry_chain_code(s.industry_chain_code());
  p->set_cohort(s.cohort());
  p->set_target_level(ShortName(s.target_level(), ed::TrainingLevel_Name(s.target_level()), "TRAINING_LEVEL_"));
  p->set_status(ShortName(s.status(), ed::StudentStatus_Name(s.status()), "STUDENT_STATUS_"));
  if (s.has_enrol_date()) {
    *p->mutable_enrol_date() = s.enrol_date();
  }
  if (s.has_status_date()) {
    *p->mutable_status_date() = s.status_date();
  }
  p->set_transferred_from(s.transferred_from());
  p->set_transferred_to(s.transferred_to());
  if (s.has_first_employment() && s.first_employment().kind() != ed::EMPLOYMENT_KIND_UNSPECIFIED) {
    const ed::FirstEmployment& f = s.first_employment();
    p->set_first_destination_kind(ShortName(f.kind(), ed::EmploymentKind_Name(f.kind()), "EMPLOYMENT_KIND_"));
    p->set_employer_credit_code(f.employer().credit_code());
    p->set_employer_district_code(f.employer().district_code());
  }
  if (!out->has_person() && s.has_person()) {
    *out->mutable_person() = s.person();
  }
}

// A profile fetcher that pages through one List* RPC of a source by ID number, `call(stub,
// context, request, response)`, and hands every page to `add(response, out)`.
template <typename Request, typename Response, typename Stub, typename Call, typename Add>
ProfileSource PagedProfileSource(std::string name, std::shared_ptr<Stub> stub, std::string token, Call call, Add add) {
  return {std::move(name),
          [stub = std::move(stub), token = std::move(token), call, add](
              const std::string& id_number, absl::Time deadline, v1::GetTalentProfileResponse* out) -> absl::Status {
            std::string page_token;
            do {
              grpc::ClientContext context;
              SB_RETURN_IF_ERROR(Prepare(context, token, deadline));
              Request request;
              request.set_id_number(id_number);
              request.set_page_size(kPageSize);
              request.set_page_token(page_token);
              Response response;
              SB_RETURN_IF_ERROR(FromGrpcStatus(call(*stub, &context, request, &response)));
              add(response, out);
              page_token = response.next_page_token();
            } while (!page_token.empty());
            return absl::OkStatus();
          }};
}

}  // namespace

ProfileSource EvaluationProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  return PagedProfileSource<ev::ListCertificatesRequest, ev::ListCertificatesResponse>(
      "evaluation", std::shared_ptr<ev::EvaluationService::Stub>(ev::EvaluationService::NewStub(channel)),
      std::move(token),
      [](ev::EvaluationService::Stub& stub, grpc::ClientContext* context, const ev::ListCertificatesRequest& request,
         ev::ListCertificatesResponse* response) { return stub.ListCertificates(context, request, response); },
      [](const ev::ListCertificatesResponse& response, v1::GetTalentProfileResponse* out) {
        for (const ev::Certificate& c : response.certificates()) {
          AddCertificate(c, out);
        }
      });
}

ProfileSource TrainingProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  return PagedProfileSource<tr::ListEnrollmentsRequest, tr::ListEnrollmentsResponse>(
      "training", std::shared_ptr<tr::TrainingService::Stub>(tr::TrainingService::NewStub(channel)), std::move(token),
      [](tr::TrainingService::Stub& stub, grpc::ClientContext* context, const tr::ListEnrollmentsRequest& request,
         tr::ListEnrollmentsResponse* response) { return stub.ListEnrollments(context, request, response); },
      [](const tr::ListEnrollmentsResponse& response, v1::GetTalentProfileResponse* out) {
        for (const tr::Enrollment& e : response.enrollments()) {
          AddTraining(e, out);
        }
      });
}

ProfileSource CompetitionProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  auto stub = std::shared_ptr<cp::CompetitionService::Stub>(cp::CompetitionService::NewStub(channel));
  ProfileSource entries = PagedProfileSource<cp::ListEntriesRequest, cp::ListEntriesResponse>(
      "competition", stub, token,
      [](cp::CompetitionService::Stub& s, grpc::ClientContext* context, const cp::ListEntriesRequest& request,
         cp::ListEntriesResponse* response) { return s.ListEntries(context, request, response); },
      [](const cp::ListEntriesResponse& response, v1::GetTalentProfileResponse* out) {
        for (const cp::Entry& e : response.entries()) {
          AddCompetitionEntry(e, out);
        }
      });
  // Then the title of each competition entered, asked once per competition.
  return {entries.name,
          [stub, token, list = std::move(entries.fetch)](const std::string& id_number, absl::Time deadline,
                                                         v1::GetTalentProfileResponse* out) -> absl::Status {
            SB_RETURN_IF_ERROR(list(id_number, deadline, out));
            std::map<std::string, std::string> titles;
            for (v1::ProfileCompetitionEntry& e : *out->mutable_competition_entries()) {
              auto it = titles.find(e.competition_id());
              if (it == titles.end()) {
                grpc::ClientContext context;
                SB_RETURN_IF_ERROR(Prepare(context, token, deadline));
                cp::GetCompetitionRequest request;
                request.set_id(e.competition_id());
                cp::GetCompetitionResponse response;
                SB_RETURN_IF_ERROR(FromGrpcStatus(stub->GetCompetition(&context, request, &response)));
                it = titles.emplace(e.competition_id(), response.competition().title()).first;
              }
              e.set_competition_title(it->second);
            }
            return absl::OkStatus();
          }};
}

ProfileSource IncentiveProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  auto stub = std::shared_ptr<ic::IncentiveService::Stub>(ic::IncentiveService::NewStub(channel));
  ProfileSource nominations = PagedProfileSource<ic::ListNominationsRequest, ic::ListNominationsResponse>(
      "incentive", stub, token,
      [](ic::IncentiveService::Stub& s, grpc::ClientContext* context, const ic::ListNominationsRequest& request,
         ic::ListNominationsResponse* response) { return s.ListNominations(context, request, response); },
      [](const ic::ListNominationsResponse& response, v1::GetTalentProfileResponse* out) {
        for (const ic::Nomination& n : response.nominations()) {
          AddNomination(n, out);
        }
      });
  ProfileSource applications =
      PagedProfileSource<ic::ListBridgeApplicationsRequest, ic::ListBridgeApplicationsResponse>(
          "incentive", stub, token,
          [](ic::IncentiveService::Stub& s, grpc::ClientContext* context,
             const ic::ListBridgeApplicationsRequest& request, ic::ListBridgeApplicationsResponse* response) {
            return s.ListBridgeApplications(context, request, response);
          },
          [](const ic::ListBridgeApplicationsResponse& response, v1::GetTalentProfileResponse* out) {
            for (const ic::BridgeApplication& a : response.applications()) {
              AddBridgeApplication(a, out);
            }
          });
  // Both lists make the part: a failure of either fails it.
  return {nominations.name,
          [first = std::move(nominations.fetch), second = std::move(applications.fetch)](
              const std::string& id_number, absl::Time deadline, v1::GetTalentProfileResponse* out) -> absl::Status {
            SB_RETURN_IF_ERROR(first(id_number, deadline, out));
            return second(id_number, deadline, out);
          }};
}

ProfileSource EducationProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  return PagedProfileSource<ed::ListStudentsRequest, ed::ListStudentsResponse>(
      "education", std::shared_ptr<ed::EducationService::Stub>(ed::EducationService::NewStub(channel)),
      std::move(token),
      [](ed::EducationService::Stub& stub, grpc::ClientContext* context, const ed::ListStudentsRequest& request,
         ed::ListStudentsResponse* response) { return stub.ListStudents(context, request, response); },
      [](const ed::ListStudentsResponse& response, v1::GetTalentProfileResponse* out) {
        for (const ed::Student& s : response.students()) {
          AddStudentRecord(s, out);
        }
      });
}

}  // namespace skillbridge::aggregator

#include "tools/simulator/education_driver.h"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "tools/simulator/progress.h"

namespace skillbridge::simulator {

namespace ed = ::skillbridge::education::v1;
namespace ev = ::skillbridge::evaluation::v1;

namespace {

using Stub = ed::EducationService::Stub;

// Refusals by reason, shared by the threads of a phase.
class Refusals final {
 public:
  explicit Refusals(EducationReport& report) : report_(report) {}

  void Add(const std::string& reason, int code) {
    std::lock_guard<std::mutex> lock(mu_);
    ++report_.refused;
    ++report_.refusals[reason.empty() ? Concat("code ", code) : reason];
  }
  void Add(const grpc::Status& status) { Add(ReasonOf(status), static_cast<int>(status.error_code())); }
  void Add(const google::rpc::Status& status) { Add(ReasonOf(status), status.code()); }

 private:
  std::mutex mu_;
  EducationReport& report_;
};

// Every page of a List call.
template <typename Request, typename Response>
absl::Status ForEachPage(Stub& stub, const RpcOptions& rpc,
                         grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*), Request request,
                         const std::string& what, const std::function<void(const Response&)>& fill) {
  request.set_page_size(1000);
  do {
    Response page;
    const grpc::Status status = CallStub(stub, rpc, method, request, &page);
    if (!status.ok()) {
      return TransportError(what, status);
    }
    fill(page);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

// The plan's students of each school (indices into plan.students), in plan order.
std::map<int, std::vector<size_t>> StudentsBySchool(const EducationPlan& plan) {
  std::map<int, std::vector<size_t>> by_school;
  for (size_t i = 0; i < plan.students.size(); ++i) {
    by_school[plan.students[i].school].push_back(i);
  }
  return by_school;
}

// Fixed-size slices of each school's list, for batches: (school, first, last) positions.
struct Slice {
  int school = -1;
  std::vector<size_t> students;
};

std::vector<Slice> Slices(const std::map<int, std::vector<size_t>>& by_school) {
  std::vector<Slice> slices;
  for (const auto& [school, students] : by_school) {
    for (size_t first = 0; first < students.size(); first += kStudentBatchSize) {
      const size_t last = std::min(students.size(), first + kStudentBatchSize);
      slices.push_back(Slice{school, std::vector<size_t>(students.begin() + static_cast<std::ptrdiff_t>(first),
                                                         students.begin() + static_cast<std::ptrdiff_t>(last))});
    }
  }
  return slices;
}

RpcOptions BatchRpc(const RpcOptions& rpc) {
  RpcOptions batch = rpc;
  batch.deadline = std::max(batch.deadline, absl::Seconds(120));
  return batch;
}

}  // namespace

EducationDriver::EducationDriver(std::shared_ptr<grpc::Channel> education_channel,
                                 std::shared_ptr<grpc::Channel> evaluation_channel,
                                 std::shared_ptr<const ReferenceData> reference, EducationRunOptions options)
    : stub_(ed::EducationService::NewStub(education_channel)),
      evaluation_(ev::EvaluationService::NewStub(evaluation_channel)),
      reference_(std::move(reference)),
      options_(std::move(options)) {}

absl::StatusOr<EducationReport> EducationDriver::Run(const EvaluationReport& evaluation) {
  const absl::Time start = absl::Now();
  EducationReport report;
  report.ran = true;
  PlanOptions plan_options;
  plan_options.seed = options_.seed;
  plan_options.scale = options_.scale;
  plan_options.year = options_.year;
  plan_options.cutoff = evaluation.cutoff;
  const EducationPlan plan = PlanEducation(plan_options, *reference_, evaluation.plan.enterprises);
  report.students_planned = static_cast<int64_t>(plan.students.size());
  SB_RETURN_IF_ERROR(FileSchoolOrgs(plan, report));
  SB_RETURN_IF_ERROR(RegisterSchools(plan, report));
  SB_RETURN_IF_ERROR(RunSpecialties(plan, report));
  Records records(plan.students.size());
  SB_RETURN_IF_ERROR(FindStudents(plan, records));
  SB_RETURN_IF_ERROR(EnrolStudents(plan, records, report));
  SB_RETURN_IF_ERROR(RunWithdrawalsAndTransfers(plan, records, report));
  SB_RETURN_IF_ERROR(GraduateStudents(plan, records, report));
  SB_RETURN_IF_ERROR(RunDestinations(plan, records, report));
  SB_RETURN_IF_ERROR(RunPartnerships(plan, report));
  SB_RETURN_IF_ERROR(ReadStats(plan, report));
  report.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return report;
}

// ------------------------------------------------------------------ schools

absl::Status EducationDriver::FileSchoolOrgs(const EducationPlan& plan, EducationReport& report) {
  // One after another, so that evaluation allocates the organisation codes in plan order.
  for (const PlannedSchool& school : plan.schools) {
    if (!school.filed) {
      continue;
    }
    ev::CreateEvaluationOrgRequest create;
    create.set_request_id(RequestId(options_.seed, options_.year, "ed-org-" + school.credit_code));
    create.mutable_org()->set_credit_code(school.credit_code);
    create.mutable_org()->set_name(school.name);
    create.mutable_org()->set_district_code(school.district_code);
    create.set_kind(ev::ORG_KIND_TECHNICAL_SCHOOL);
    for (const PlannedScope& entry : school.evaluation_scope) {
      ev::ScopeEntry* scope = create.add_scope();
      scope->set_occupation_code(entry.occupation_code);
      scope->set_highest_level(entry.highest_level);
    }
    create.set_contact_name(school.contact_name);
    create.set_contact_phone(school.contact_phone);
    ev::CreateEvaluationOrgResponse created;
    grpc::Status status =
        CallStub(*evaluation_, options_.rpc, &ev::EvaluationService::Stub::CreateEvaluationOrg, create, &created);
    if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      return TransportError(Concat("CreateEvaluationOrg ", school.credit_code), status);
    }
    ev::GetEvaluationOrgRequest get;
    get.set_credit_code(school.credit_code);
    ev::GetEvaluationOrgResponse got;
    status = CallStub(*evaluation_, options_.rpc, &ev::EvaluationService::Stub::GetEvaluationOrg, get, &got);
    if (!status.ok()) {
      return TransportError(Concat("GetEvaluationOrg ", school.credit_code), status);
    }
    ev::FilingState state = got.evaluation_org().state();
    for (int guard = 0; guard < 4; ++guard) {
      const auto step = NextFilingStep(state, FilingTarget::kFiled);
      if (!step.has_value()) {
        break;
      }
      if (*step == FilingStep::kStartAssessment) {
        ev::StartFilingAssessmentRequest request;
        request.set_request_id(RequestId(options_.seed, options_.year, "ed-org-" + school.credit_code + "-assess"));
        request.set_credit_code(school.credit_code);
        ev::StartFilingAssessmentResponse response;
        status = CallStub(*evaluation_, options_.rpc, &ev::EvaluationService::Stub::StartFilingAssessment, request,
                          &response);
        state = response.evaluation_org().state();
      } else if (*step == FilingStep::kApprove) {
        ev::ApproveFilingRequest request;
        request.set_request_id(RequestId(options_.seed, options_.year, "ed-org-" + school.credit_code + "-approve"));
        request.set_credit_code(school.credit_code);
        ev::ApproveFilingResponse response;
        status = CallStub(*evaluation_, options_.rpc, &ev::EvaluationService::Stub::ApproveFiling, request, &response);
        state = response.evaluation_org().state();
      } else {
        break;  // suspended or revoked by someone else: left as it is
      }
      if (!status.ok()) {
        return TransportError(Concat("filing of ", school.credit_code), status);
      }
    }
    report.evaluation_orgs_filed += state == ev::FILING_STATE_FILED ? 1 : 0;
  }
  return absl::OkStatus();
}

absl::Status EducationDriver::RegisterSchools(const EducationPlan& plan, EducationReport& report) {
  std::mutex mu;
  Progress progress(options_.progress, "schools", static_cast<int64_t>(plan.schools.size()));
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(plan.schools.size()), options_.concurrency, [&](int i) {
    const PlannedSchool& planned = plan.schools[static_cast<size_t>(i)];
    ed::RegisterSchoolRequest request;
    request.set_request_id(RequestId(options_.seed, options_.year, "ed-school-" + planned.credit_code));
    ed::School* school = request.mutable_school();
    school->mutable_org()->set_credit_code(planned.credit_code);
    school->mutable_org()->set_name(planned.name);
    school->mutable_org()->set_district_code(planned.district_code);
    school->set_kind(planned.kind);
    school->set_ownership(planned.ownership);
    school->set_contact_name(planned.contact_name);
    school->set_contact_phone(planned.contact_phone);
    ed::RegisterSchoolResponse response;
    grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::RegisterSchool, request, &response);
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ed::GetSchoolRequest get;
      get.set_credit_code(planned.credit_code);
      ed::GetSchoolResponse got;
      status = CallStub(*stub_, options_.rpc, &Stub::GetSchool, get, &got);
      *response.mutable_school() = got.school();
    }
    if (!status.ok()) {
      return TransportError(Concat("RegisterSchool ", planned.credit_code), status);
    }
    std::lock_guard<std::mutex> lock(mu);
    ++report.schools;
    report.schools_filed += response.school().filing_status() == ed::FILING_STATUS_FILED ? 1 : 0;
    progress.Add(1);
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.schools_filed, " filed evaluation organisations"));
  return absl::OkStatus();
}

// ------------------------------------------------------------------ specialties

absl::Status EducationDriver::RunSpecialties(const EducationPlan& plan, EducationReport& report) {
  std::mutex mu;
  Refusals refusals(report);
  Progress progress(options_.progress, "specialties", static_cast<int64_t>(plan.specialties.size()));
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(plan.specialties.size()), options_.concurrency, [&](int i) {
    const PlannedSpecialty& planned = plan.specialties[static_cast<size_t>(i)];
    const std::string& school = plan.schools[static_cast<size_t>(planned.school)].credit_code;
    const std::string key = Concat("ed-specialty-", school, "-", planned.code);
    ed::CreateSpecialtyRequest create;
    create.set_request_id(RequestId(options_.seed, options_.year, key));
    ed::Specialty* s = create.mutable_specialty();
    s->set_school_credit_code(school);
    s->set_code(planned.code);
    s->set_name(planned.name);
    s->set_industry_chain_code(planned.industry_chain_code);
    for (ed::TrainingLevel level : planned.levels) {
      s->add_levels(level);
    }
    s->set_opened_year(planned.opened_year);
    ed::CreateSpecialtyResponse created;
    grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::CreateSpecialty, create, &created);
    ed::Specialty specialty = created.specialty();
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ed::GetSpecialtyRequest get;
      get.set_school_credit_code(school);
      get.set_code(planned.code);
      ed::GetSpecialtyResponse got;
      status = CallStub(*stub_, options_.rpc, &Stub::GetSpecialty, get, &got);
      specialty = got.specialty();
    }
    if (!status.ok()) {
      if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
          status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        refusals.Add(status);
        return absl::OkStatus();
      }
      return TransportError(Concat("CreateSpecialty ", school, " ", planned.code), status);
    }
    if (planned.featured && !specialty.featured() && specialty.status() == ed::SPECIALTY_STATUS_ACTIVE) {
      ed::SetSpecialtyFeaturedRequest request;
      request.set_request_id(RequestId(options_.seed, options_.year, key + "-featured"));
      request.set_school_credit_code(school);
      request.set_code(planned.code);
      request.set_featured(true);
      request.set_year(planned.featured_year);
      ed::SetSpecialtyFeaturedResponse response;
      status = CallStub(*stub_, options_.rpc, &Stub::SetSpecialtyFeatured, request, &response);
      if (!status.ok() && !IsRetryable(status.error_code())) {
        refusals.Add(status);
      } else if (!status.ok()) {
        return TransportError(Concat("SetSpecialtyFeatured ", school, " ", planned.code), status);
      } else {
        specialty = response.specialty();
      }
    }
    if (planned.closed && specialty.status() == ed::SPECIALTY_STATUS_ACTIVE) {
      ed::CloseSpecialtyRequest request;
      request.set_request_id(RequestId(options_.seed, options_.year, key + "-close"));
      request.set_school_credit_code(school);
      request.set_code(planned.code);
      request.set_year(options_.year);
      request.set_reason(planned.close_reason);
      ed::CloseSpecialtyResponse response;
      status = CallStub(*stub_, options_.rpc, &Stub::CloseSpecialty, request, &response);
      if (!status.ok() && !IsRetryable(status.error_code())) {
        refusals.Add(status);
      } else if (!status.ok()) {
        return TransportError(Concat("CloseSpecialty ", school, " ", planned.code), status);
      } else {
        specialty = response.specialty();
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    ++report.specialties;
    report.featured += specialty.featured() ? 1 : 0;
    report.specialties_closed += specialty.status() == ed::SPECIALTY_STATUS_CLOSED ? 1 : 0;
    progress.Add(1);
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.featured, " featured, ", report.specialties_closed, " closed"));
  return absl::OkStatus();
}

// ------------------------------------------------------------------ students

absl::Status EducationDriver::FindStudents(const EducationPlan& plan, Records& records) {
  const auto by_school = StudentsBySchool(plan);
  std::vector<int> schools;
  for (const auto& [school, students] : by_school) {
    schools.push_back(school);
  }
  return ParallelFor(static_cast<int>(schools.size()), options_.concurrency, [&](int k) {
    const int school = schools[static_cast<size_t>(k)];
    std::map<std::string, ed::Student> found;  // id_number → the record opened by enrolment
    ed::ListStudentsRequest request;
    request.set_school_credit_code(plan.schools[static_cast<size_t>(school)].credit_code);
    const absl::Status listed = ForEachPage<ed::ListStudentsRequest, ed::ListStudentsResponse>(
        *stub_, options_.rpc, &Stub::ListStudents, request, "ListStudents", [&](const ed::ListStudentsResponse& page) {
          for (const ed::Student& student : page.students()) {
            if (student.transferred_from().empty()) {
              found[student.person().id_number()] = student;
            }
          }
        });
    SB_RETURN_IF_ERROR(listed);
    for (size_t i : by_school.at(school)) {
      if (auto it = found.find(plan.students[i].person.id_number); it != found.end()) {
        records[i] = it->second;
      }
    }
    return absl::OkStatus();
  });
}

absl::Status EducationDriver::EnrolStudents(const EducationPlan& plan, Records& records, EducationReport& report) {
  std::map<int, std::vector<size_t>> missing;
  int64_t on_record = 0;
  for (size_t i = 0; i < plan.students.size(); ++i) {
    if (records[i].id().empty()) {
      missing[plan.students[i].school].push_back(i);
    } else {
      ++on_record;
    }
  }
  const std::vector<Slice> slices = Slices(missing);
  Refusals refusals(report);
  std::mutex mu;
  Progress progress(options_.progress, "enrolments", report.students_planned);
  progress.Add(on_record);
  report.enrolled = on_record;
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(slices.size()), options_.concurrency, [&](int b) {
    const Slice& slice = slices[static_cast<size_t>(b)];
    const std::string& school = plan.schools[static_cast<size_t>(slice.school)].credit_code;
    ed::BatchEnrolStudentsRequest request;
    request.set_school_credit_code(school);
    std::string content;
    for (size_t i : slice.students) {
      const PlannedStudent& s = plan.students[i];
      ed::EnrolmentRow* row = request.add_rows();
      row->mutable_person()->set_id_number(s.person.id_number);
      row->mutable_person()->set_name(s.person.name);
      row->set_specialty_code(plan.specialties[static_cast<size_t>(s.specialty)].code);
      row->set_cohort(s.cohort);
      row->set_target_level(s.target_level);
      *row->mutable_enrol_date() = ToDate(s.enrol_date);
      content += Concat(s.person.id_number, ":", row->specialty_code(), ":", s.cohort, ";");
    }
    request.set_request_id(
        RequestId(options_.seed, options_.year,
                  Concat("ed-enrol-", school, "-", slice.students.front(), "-", ContentHash(content))));
    ed::BatchEnrolStudentsResponse response;
    const grpc::Status status = CallStub(*stub_, BatchRpc(options_.rpc), &Stub::BatchEnrolStudents, request, &response);
    if (!status.ok()) {
      return TransportError(Concat("BatchEnrolStudents ", request.request_id()), status);
    }
    for (const ed::BatchStudentResult& result : response.results()) {
      if (result.index() < 0 || static_cast<size_t>(result.index()) >= slice.students.size()) {
        continue;
      }
      if (result.status().code() == 0) {
        records[slice.students[static_cast<size_t>(result.index())]] = result.student();
      } else {
        refusals.Add(result.status());
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    report.enrolled += response.accepted_count();
    progress.Add(static_cast<int64_t>(slice.students.size()));
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.enrolled, " on record"));
  return absl::OkStatus();
}

absl::Status EducationDriver::RunWithdrawalsAndTransfers(const EducationPlan& plan, Records& records,
                                                         EducationReport& report) {
  std::vector<size_t> changes;
  for (size_t i = 0; i < plan.students.size(); ++i) {
    const StudentFate fate = plan.students[i].fate;
    if ((fate == StudentFate::kWithdrawn || fate == StudentFate::kTransferred) && !records[i].id().empty()) {
      changes.push_back(i);
    }
  }
  Refusals refusals(report);
  std::mutex mu;
  Progress progress(options_.progress, "withdrawals and transfers", static_cast<int64_t>(changes.size()));
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(changes.size()), options_.concurrency, [&](int k) {
    const size_t i = changes[static_cast<size_t>(k)];
    const PlannedStudent& s = plan.students[i];
    ed::Student& record = records[i];
    grpc::Status status;
    if (s.fate == StudentFate::kWithdrawn && record.status() == ed::STUDENT_STATUS_ENROLLED) {
      ed::WithdrawStudentRequest request;
      request.set_request_id(RequestId(options_.seed, options_.year, "ed-withdraw-" + record.id()));
      request.set_id(record.id());
      request.set_reason(s.withdrawal_reason);
      request.set_reason_text(s.reason_text);
      *request.mutable_withdrawal_date() = ToDate(s.status_date);
      ed::WithdrawStudentResponse response;
      status = CallStub(*stub_, options_.rpc, &Stub::WithdrawStudent, request, &response);
      if (status.ok()) {
        record = response.student();
      }
    } else if (s.fate == StudentFate::kTransferred && record.status() == ed::STUDENT_STATUS_ENROLLED) {
      const PlannedSpecialty& to = plan.specialties[static_cast<size_t>(s.to_specialty)];
      ed::TransferStudentRequest request;
      request.set_request_id(RequestId(options_.seed, options_.year, "ed-transfer-" + record.id()));
      request.set_id(record.id());
      request.set_to_school_credit_code(plan.schools[static_cast<size_t>(to.school)].credit_code);
      request.set_to_specialty_code(to.code);
      request.set_target_level(s.target_level);
      *request.mutable_transfer_date() = ToDate(s.status_date);
      request.set_reason(s.reason_text);
      ed::TransferStudentResponse response;
      status = CallStub(*stub_, options_.rpc, &Stub::TransferStudent, request, &response);
      if (status.ok()) {
        record = response.from();
      }
    }
    if (!status.ok()) {
      if (IsRetryable(status.error_code())) {
        return TransportError(Concat("withdrawal or transfer of ", record.id()), status);
      }
      refusals.Add(status);
    }
    std::lock_guard<std::mutex> lock(mu);
    report.withdrawn += record.status() == ed::STUDENT_STATUS_WITHDRAWN ? 1 : 0;
    report.transferred += record.status() == ed::STUDENT_STATUS_TRANSFERRED ? 1 : 0;
    progress.Add(1);
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.withdrawn, " withdrawn, ", report.transferred, " transferred"));
  return absl::OkStatus();
}

absl::Status EducationDriver::GraduateStudents(const EducationPlan& plan, Records& records, EducationReport& report) {
  std::map<int, std::vector<size_t>> pending;
  int64_t graduated = 0;
  for (size_t i = 0; i < plan.students.size(); ++i) {
    if (plan.students[i].fate != StudentFate::kGraduated || records[i].id().empty()) {
      continue;
    }
    if (records[i].status() == ed::STUDENT_STATUS_ENROLLED) {
      pending[plan.students[i].school].push_back(i);
    } else if (records[i].status() == ed::STUDENT_STATUS_GRADUATED) {
      ++graduated;
    }
  }
  const std::vector<Slice> slices = Slices(pending);
  Refusals refusals(report);
  std::mutex mu;
  report.graduated = graduated;
  int64_t total = graduated;
  for (const Slice& slice : slices) {
    total += static_cast<int64_t>(slice.students.size());
  }
  Progress progress(options_.progress, "graduations", total);
  progress.Add(graduated);
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(slices.size()), options_.concurrency, [&](int b) {
    const Slice& slice = slices[static_cast<size_t>(b)];
    const std::string& school = plan.schools[static_cast<size_t>(slice.school)].credit_code;
    ed::BatchGraduateStudentsRequest request;
    request.set_school_credit_code(school);
    std::string content;
    for (size_t i : slice.students) {
      ed::GraduationRow* row = request.add_rows();
      row->set_student_id(records[i].id());
      *row->mutable_graduation_date() = ToDate(plan.students[i].status_date);
      content += records[i].id() + ";";
    }
    request.set_request_id(
        RequestId(options_.seed, options_.year,
                  Concat("ed-graduate-", school, "-", slice.students.front(), "-", ContentHash(content))));
    ed::BatchGraduateStudentsResponse response;
    const grpc::Status status =
        CallStub(*stub_, BatchRpc(options_.rpc), &Stub::BatchGraduateStudents, request, &response);
    if (!status.ok()) {
      return TransportError(Concat("BatchGraduateStudents ", request.request_id()), status);
    }
    for (const ed::BatchStudentResult& result : response.results()) {
      if (result.index() < 0 || static_cast<size_t>(result.index()) >= slice.students.size()) {
        continue;
      }
      if (result.status().code() == 0) {
        records[slice.students[static_cast<size_t>(result.index())]] = result.student();
      } else {
        refusals.Add(result.status());
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    report.graduated += response.accepted_count();
    progress.Add(static_cast<int64_t>(slice.students.size()));
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.graduated, " graduated"));
  return absl::OkStatus();
}

absl::Status EducationDriver::RunDestinations(const EducationPlan& plan, Records& records, EducationReport& report) {
  std::vector<size_t> graduates;
  for (size_t i = 0; i < plan.students.size(); ++i) {
    if (plan.students[i].has_destination && records[i].status() == ed::STUDENT_STATUS_GRADUATED) {
      graduates.push_back(i);
    }
  }
  Refusals refusals(report);
  std::mutex mu;
  Progress progress(options_.progress, "first destinations", static_cast<int64_t>(graduates.size()));
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(graduates.size()), options_.concurrency, [&](int k) {
    const size_t i = graduates[static_cast<size_t>(k)];
    const PlannedDestination& d = plan.students[i].destination;
    ed::Student& record = records[i];
    const std::string key = "ed-" + record.id();
    auto refused = [&](const grpc::Status& status, const std::string& what) {
      if (IsRetryable(status.error_code())) {
        return TransportError(Concat(what, " ", record.id()), status);
      }
      refusals.Add(status);
      return absl::OkStatus();
    };
    if (!record.has_first_employment()) {
      ed::RecordFirstEmploymentRequest request;
      request.set_request_id(RequestId(options_.seed, options_.year, key + "-destination"));
      request.set_id(record.id());
      ed::FirstEmployment* first = request.mutable_first_employment();
      first->set_kind(d.kind);
      if (!d.employer_credit_code.empty()) {
        first->mutable_employer()->set_credit_code(d.employer_credit_code);
        first->mutable_employer()->set_name(d.employer_name);
        first->mutable_employer()->set_district_code(d.employer_district_code);
      }
      first->set_industry_chain_code(d.industry_chain_code);
      *first->mutable_start_date() = ToDate(d.start_date);
      ed::RecordFirstEmploymentResponse response;
      const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::RecordFirstEmployment, request, &response);
      if (!status.ok()) {
        return refused(status, "RecordFirstEmployment");
      }
      record = response.student();
    }
    if (d.reward_fen > 0 && record.first_employment().kind() == ed::EMPLOYMENT_KIND_IN_CITY &&
        (record.reward_status() == ed::REWARD_STATUS_NONE || record.reward_status() == ed::REWARD_STATUS_UNSPECIFIED)) {
      ed::GrantEmploymentRewardRequest request;
      request.set_request_id(RequestId(options_.seed, options_.year, key + "-reward"));
      request.set_id(record.id());
      request.set_amount_fen(d.reward_fen);
      ed::GrantEmploymentRewardResponse response;
      const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::GrantEmploymentReward, request, &response);
      if (!status.ok()) {
        return refused(status, "GrantEmploymentReward");
      }
      record = response.student();
    }
    if (d.reward_paid && record.reward_status() == ed::REWARD_STATUS_GRANTED) {
      ed::MarkEmploymentRewardPaidRequest request;
      request.set_request_id(RequestId(options_.seed, options_.year, key + "-paid"));
      request.set_id(record.id());
      ed::MarkEmploymentRewardPaidResponse response;
      const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::MarkEmploymentRewardPaid, request, &response);
      if (!status.ok()) {
        return refused(status, "MarkEmploymentRewardPaid");
      }
      record = response.student();
    }
    std::lock_guard<std::mutex> lock(mu);
    ++report.destinations;
    report.rewards_granted +=
        record.reward_status() == ed::REWARD_STATUS_GRANTED || record.reward_status() == ed::REWARD_STATUS_PAID ? 1 : 0;
    report.rewards_paid += record.reward_status() == ed::REWARD_STATUS_PAID ? 1 : 0;
    progress.Add(1);
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.rewards_granted, " rewards granted, ", report.rewards_paid, " paid"));
  return absl::OkStatus();
}

// ------------------------------------------------------------------ partnerships

absl::Status EducationDriver::RunPartnerships(const EducationPlan& plan, EducationReport& report) {
  std::map<int, std::vector<size_t>> by_school;
  for (size_t i = 0; i < plan.partnerships.size(); ++i) {
    by_school[plan.partnerships[i].school].push_back(i);
  }
  std::vector<int> schools;
  for (const auto& [school, partnerships] : by_school) {
    schools.push_back(school);
  }
  auto key_of = [](const std::string& enterprise, ed::PartnershipKind kind, const std::string& specialty, int start) {
    return Concat(enterprise, "|", static_cast<int>(kind), "|", specialty, "|", start);
  };
  Refusals refusals(report);
  std::mutex mu;
  Progress progress(options_.progress, "partnerships", static_cast<int64_t>(plan.partnerships.size()));
  SB_RETURN_IF_ERROR(ParallelFor(static_cast<int>(schools.size()), options_.concurrency, [&](int k) {
    const int school = schools[static_cast<size_t>(k)];
    const std::string& school_code = plan.schools[static_cast<size_t>(school)].credit_code;
    std::map<std::string, ed::Partnership> found;
    ed::ListPartnershipsRequest list;
    list.set_school_credit_code(school_code);
    const absl::Status listed = ForEachPage<ed::ListPartnershipsRequest, ed::ListPartnershipsResponse>(
        *stub_, options_.rpc, &Stub::ListPartnerships, list, "ListPartnerships",
        [&](const ed::ListPartnershipsResponse& page) {
          for (const ed::Partnership& p : page.partnerships()) {
            found[key_of(p.enterprise().credit_code(), p.kind(), p.specialty_code(), p.start_year())] = p;
          }
        });
    SB_RETURN_IF_ERROR(listed);
    for (size_t i : by_school.at(school)) {
      const PlannedPartnership& planned = plan.partnerships[i];
      const std::string specialty =
          planned.specialty < 0 ? "" : plan.specialties[static_cast<size_t>(planned.specialty)].code;
      const std::string key = key_of(planned.enterprise.credit_code, planned.kind, specialty, planned.start_year);
      ed::Partnership partnership;
      if (auto it = found.find(key); it != found.end()) {
        partnership = it->second;
      } else {
        ed::CreatePartnershipRequest request;
        request.set_request_id(
            RequestId(options_.seed, options_.year, Concat("ed-partnership-", school_code, "-", ContentHash(key))));
        ed::Partnership* p = request.mutable_partnership();
        p->set_school_credit_code(school_code);
        p->mutable_enterprise()->set_credit_code(planned.enterprise.credit_code);
        p->mutable_enterprise()->set_name(planned.enterprise.name);
        p->mutable_enterprise()->set_district_code(planned.enterprise.district_code);
        p->set_kind(planned.kind);
        p->set_specialty_code(specialty);
        p->set_start_year(planned.start_year);
        p->set_planned_end_year(planned.planned_end_year);
        p->set_places(planned.places);
        p->set_description(planned.description);
        ed::CreatePartnershipResponse response;
        const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::CreatePartnership, request, &response);
        if (!status.ok()) {
          if (IsRetryable(status.error_code())) {
            return TransportError(Concat("CreatePartnership ", school_code), status);
          }
          refusals.Add(status);
          continue;
        }
        partnership = response.partnership();
      }
      if (planned.end && partnership.status() == ed::PARTNERSHIP_STATUS_ACTIVE) {
        ed::EndPartnershipRequest request;
        request.set_request_id(RequestId(options_.seed, options_.year, "ed-partnership-end-" + partnership.id()));
        request.set_id(partnership.id());
        request.set_year(planned.ended_year);
        request.set_reason(planned.end_reason);
        ed::EndPartnershipResponse response;
        const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::EndPartnership, request, &response);
        if (!status.ok()) {
          if (IsRetryable(status.error_code())) {
            return TransportError(Concat("EndPartnership ", partnership.id()), status);
          }
          refusals.Add(status);
        } else {
          partnership = response.partnership();
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      ++report.partnerships;
      report.partnerships_ended += partnership.status() == ed::PARTNERSHIP_STATUS_ENDED ? 1 : 0;
      progress.Add(1);
    }
    return absl::OkStatus();
  }));
  progress.Finish(Concat(report.partnerships_ended, " ended"));
  return absl::OkStatus();
}

// ------------------------------------------------------------------ statistics

absl::Status EducationDriver::ReadStats(const EducationPlan& plan, EducationReport& report) {
  ed::GetEducationStatsRequest request;
  request.set_year(options_.year);
  ed::GetEducationStatsResponse response;
  const grpc::Status status = CallStub(*stub_, options_.rpc, &Stub::GetEducationStats, request, &response);
  if (!status.ok()) {
    return TransportError("GetEducationStats", status);
  }
  const ed::EducationStatsRow& t = response.total();
  report.stats_schools = t.schools();
  report.stats_active_specialties = t.active_specialties();
  report.stats_featured_specialties = t.featured_specialties();
  report.stats_chain_specialties = t.chain_specialties();
  report.stats_students_enrolled = t.students_enrolled();
  report.stats_enrolled_in_year = t.enrolled_in_year();
  report.stats_graduated = t.graduated();
  report.stats_withdrawn = t.withdrawn();
  report.stats_transferred = t.transferred();
  report.stats_destinations = t.destinations_recorded();
  report.stats_employed_in_city = t.employed_in_city();
  report.stats_reward_granted_fen = t.reward_granted_fen();
  report.stats_reward_paid_fen = t.reward_paid_fen();
  report.stats_active_partnerships = t.active_partnerships();
  const PlannedEducationTotals planned = TotalsOf(plan, options_.year);
  report.stats_match_plan =
      t.schools() == static_cast<int64_t>(plan.schools.size()) &&
      t.active_specialties() == planned.active_specialties &&
      t.featured_specialties() == planned.featured_specialties && t.chain_specialties() == planned.chain_specialties &&
      t.students_enrolled() == planned.enrolled_now && t.enrolled_in_year() == planned.enrolled_in_year &&
      t.graduated() == planned.graduated && t.withdrawn() == planned.withdrawn &&
      t.transferred() == planned.transferred && t.destinations_recorded() == planned.destinations &&
      t.employed_in_city() == planned.employed_in_city && t.active_partnerships() == planned.active_partnerships;
  return absl::OkStatus();
}

}  // namespace skillbridge::simulator

#include "tools/simulator/training_driver.h"

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tools/simulator/progress.h"

namespace skillbridge::simulator {

namespace tr = ::skillbridge::training::v1;

namespace {

tr::InstitutionKind KindOf(InstitutionKind kind) {
  switch (kind) {
    case InstitutionKind::kEnterpriseCentre:
      return tr::INSTITUTION_KIND_ENTERPRISE_TRAINING_CENTRE;
    case InstitutionKind::kTechnicalSchool:
      return tr::INSTITUTION_KIND_TECHNICAL_SCHOOL;
    case InstitutionKind::kSocialInstitution:
      return tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION;
    case InstitutionKind::kPublicBase:
      return tr::INSTITUTION_KIND_PUBLIC_TRAINING_BASE;
  }
  return tr::INSTITUTION_KIND_UNSPECIFIED;
}

tr::Programme ProgrammeOf(Programme programme) {
  switch (programme) {
    case Programme::kEmploymentSkills:
      return tr::PROGRAMME_EMPLOYMENT_SKILLS;
    case Programme::kOnTheJobUpgrade:
      return tr::PROGRAMME_ON_THE_JOB_UPGRADE;
    case Programme::kApprenticeship:
      return tr::PROGRAMME_NEW_APPRENTICESHIP;
    case Programme::kGoldenBlueCollar:
      return tr::PROGRAMME_GOLDEN_BLUE_COLLAR;
    case Programme::kNewHire:
      return tr::PROGRAMME_NEW_HIRE;
    case Programme::kSpecialised:
      return tr::PROGRAMME_SPECIALISED;
  }
  return tr::PROGRAMME_UNSPECIFIED;
}

// Claim refusals that the plan provokes on purpose.
bool PlannedRefusal(const std::string& reason) {
  return reason == "SUBSIDY_YEARLY_LIMIT_REACHED" || reason == "HIGHER_LEVEL_ALREADY_SUBSIDISED" ||
         reason == "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL" || reason == "CERTIFICATE_NOT_VALID" ||
         reason == "CLAIM_WINDOW_EXPIRED";
}

}  // namespace

TrainingDriver::TrainingDriver(std::shared_ptr<grpc::Channel> channel, std::shared_ptr<const ReferenceData> reference,
                               TrainingRunOptions options)
    : stub_(tr::TrainingService::NewStub(channel)), reference_(std::move(reference)), options_(std::move(options)) {}

absl::StatusOr<TrainingReport> TrainingDriver::Run(const EvaluationReport& evaluation) {
  TrainingReport report;
  report.ran = true;
  PlanOptions plan_options;
  plan_options.seed = options_.seed;
  plan_options.scale = options_.scale;
  plan_options.year = options_.year;
  plan_options.cutoff = evaluation.cutoff;
  const TrainingPlan plan = PlanTraining(plan_options, *reference_, evaluation.plan.orgs, evaluation.plan.certificates);
  const RpcOptions& rpc = options_.rpc;
  auto rid = [this](const std::string& key) { return RequestId(options_.seed, options_.year, "tr-" + key); };

  // Institutions.
  {
    Progress progress(options_.progress, "institutions", static_cast<int64_t>(plan.institutions.size()));
    absl::Status done = ParallelFor(static_cast<int>(plan.institutions.size()), options_.concurrency, [&](int i) {
      const PlannedInstitution& planned = plan.institutions[static_cast<size_t>(i)];
      tr::CreateInstitutionRequest request;
      request.set_request_id(rid("inst-" + planned.credit_code));
      request.mutable_org()->set_credit_code(planned.credit_code);
      request.mutable_org()->set_name(planned.name);
      request.mutable_org()->set_district_code(planned.district_code);
      request.set_kind(KindOf(planned.kind));
      for (const auto& code : planned.occupations) {
        request.add_approved_occupation_codes(code);
      }
      request.set_contact_name(planned.contact_name);
      request.set_contact_phone(planned.contact_phone);
      tr::CreateInstitutionResponse response;
      grpc::Status status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::CreateInstitution, request, &response);
      if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
        return TransportError(Concat("CreateInstitution ", planned.credit_code), status);
      }
      progress.Add(1);
      return absl::OkStatus();
    });
    if (!done.ok()) {
      return done;
    }
    report.institutions = static_cast<int>(plan.institutions.size());
  }

  // The year's subsidised catalogue.
  {
    Progress progress(options_.progress, "catalogue", static_cast<int64_t>(plan.catalogue.size()));
    absl::Status done = ParallelFor(static_cast<int>(plan.catalogue.size()), options_.concurrency, [&](int i) {
      const PlannedCatalogueEntry& planned = plan.catalogue[static_cast<size_t>(i)];
      tr::UpsertCatalogEntryRequest request;
      request.set_request_id(rid(Concat("cat-", planned.occupation_code, "-", static_cast<int>(planned.level))));
      request.mutable_entry()->set_year(options_.year);
      request.mutable_entry()->set_occupation_code(planned.occupation_code);
      request.mutable_entry()->set_level(planned.level);
      request.mutable_entry()->set_subsidy_fen(planned.subsidy_fen);
      tr::UpsertCatalogEntryResponse response;
      grpc::Status status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::UpsertCatalogEntry, request, &response);
      if (!status.ok()) {
        return TransportError(Concat("UpsertCatalogEntry ", planned.occupation_code), status);
      }
      progress.Add(1);
      return absl::OkStatus();
    });
    if (!done.ok()) {
      return done;
    }
    report.catalogue_entries = static_cast<int>(plan.catalogue.size());
  }

  // Courses: those already there (by title) are reused.
  std::vector<std::string> course_ids(plan.courses.size());
  {
    std::map<std::string, std::string> existing;
    tr::ListCoursesRequest list;
    list.set_year(options_.year);
    list.set_page_size(1000);
    while (true) {
      tr::ListCoursesResponse page;
      grpc::Status status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::ListCourses, list, &page);
      if (!status.ok()) {
        return TransportError("ListCourses", status);
      }
      for (const auto& course : page.courses()) {
        existing.emplace(course.title(), course.id());
      }
      if (page.next_page_token().empty()) {
        break;
      }
      list.set_page_token(page.next_page_token());
    }
    Progress progress(options_.progress, "courses", static_cast<int64_t>(plan.courses.size()));
    absl::Status done = ParallelFor(static_cast<int>(plan.courses.size()), options_.concurrency, [&](int i) {
      const PlannedCourse& planned = plan.courses[static_cast<size_t>(i)];
      auto found = existing.find(planned.title);
      if (found != existing.end()) {
        course_ids[static_cast<size_t>(i)] = found->second;
        progress.Add(1);
        return absl::OkStatus();
      }
      tr::CreateCourseRequest request;
      request.set_request_id(rid(Concat("course-", ContentHash(planned.title))));
      tr::Course* course = request.mutable_course();
      course->mutable_institution()->set_credit_code(
          plan.institutions[static_cast<size_t>(planned.institution)].credit_code);
      course->set_title(planned.title);
      course->set_programme(ProgrammeOf(planned.programme));
      course->set_occupation_code(planned.occupation_code);
      course->set_level(planned.level);
      *course->mutable_start_date() = ToDate(planned.start_date);
      *course->mutable_end_date() = ToDate(planned.end_date);
      course->set_capacity(planned.capacity);
      tr::CreateCourseResponse response;
      grpc::Status status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::CreateCourse, request, &response);
      if (!status.ok()) {
        return TransportError(Concat("CreateCourse ", planned.title), status);
      }
      course_ids[static_cast<size_t>(i)] = response.course().id();
      progress.Add(1);
      return absl::OkStatus();
    });
    if (!done.ok()) {
      return done;
    }
    report.courses = static_cast<int>(plan.courses.size());
  }

  // Enrolments in batches; rows enrolled by an earlier run are looked up by course and person.
  const int64_t rows = static_cast<int64_t>(plan.enrolments.size());
  std::vector<std::string> enrolment_ids(plan.enrolments.size());
  {
    Progress progress(options_.progress, "enrolments", rows);
    std::mutex mu;
    std::map<std::string, std::map<std::string, std::string>> by_course;  // course → id number → enrolment
    auto lookup = [&](const std::string& course_id, const std::string& id_number) -> absl::StatusOr<std::string> {
      {
        std::lock_guard<std::mutex> lock(mu);
        auto found = by_course.find(course_id);
        if (found != by_course.end()) {
          auto person = found->second.find(id_number);
          return person == found->second.end() ? std::string() : person->second;
        }
      }
      std::map<std::string, std::string> people;
      tr::ListEnrollmentsRequest list;
      list.set_course_id(course_id);
      list.set_page_size(1000);
      while (true) {
        tr::ListEnrollmentsResponse page;
        grpc::Status status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::ListEnrollments, list, &page);
        if (!status.ok()) {
          return TransportError(Concat("ListEnrollments ", course_id), status);
        }
        for (const auto& enrollment : page.enrollments()) {
          people.emplace(enrollment.person().id_number(), enrollment.id());
        }
        if (page.next_page_token().empty()) {
          break;
        }
        list.set_page_token(page.next_page_token());
      }
      std::lock_guard<std::mutex> lock(mu);
      auto& stored = by_course[course_id] = std::move(people);
      auto person = stored.find(id_number);
      return person == stored.end() ? std::string() : person->second;
    };
    // A drop-out frees the seat (and the person may enrol again): rows dropped by an earlier run
    // are not sent again once the idempotency records have expired.
    std::set<std::string> dropped;  // course id + id number
    {
      tr::ListEnrollmentsRequest list;
      list.set_year(options_.year);
      list.set_state(tr::ENROLLMENT_STATE_DROPPED);
      list.set_page_size(1000);
      while (true) {
        tr::ListEnrollmentsResponse page;
        grpc::Status status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::ListEnrollments, list, &page);
        if (!status.ok()) {
          return TransportError("ListEnrollments (dropped)", status);
        }
        for (const auto& enrollment : page.enrollments()) {
          dropped.insert(enrollment.course_id() + "|" + enrollment.person().id_number());
        }
        if (page.next_page_token().empty()) {
          break;
        }
        list.set_page_token(page.next_page_token());
      }
    }
    const int batches = static_cast<int>((rows + kEnrolmentBatchSize - 1) / kEnrolmentBatchSize);
    absl::Status done = ParallelFor(batches, options_.concurrency, [&](int b) {
      const int64_t first = static_cast<int64_t>(b) * kEnrolmentBatchSize;
      const int64_t last = std::min(rows, first + kEnrolmentBatchSize) - 1;
      tr::BatchEnrollPersonsRequest request;
      std::string content;
      std::vector<int64_t> sent;  // request row → plan row
      for (int64_t r = first; r <= last; ++r) {
        const PlannedEnrolment& planned = plan.enrolments[static_cast<size_t>(r)];
        if (!planned.completed &&
            dropped.count(course_ids[static_cast<size_t>(planned.course)] + "|" + planned.person.id_number) != 0) {
          continue;
        }
        sent.push_back(r);
        tr::EnrollmentRow* row = request.add_rows();
        row->set_course_id(course_ids[static_cast<size_t>(planned.course)]);
        row->mutable_person()->set_id_number(planned.person.id_number);
        row->mutable_person()->set_name(planned.person.name);
        *row->mutable_enrolled_date() = ToDate(planned.enrolled_date);
        content += row->course_id() + planned.person.id_number;
      }
      if (sent.empty()) {
        progress.Add(last - first + 1);
        return absl::OkStatus();
      }
      request.set_request_id(rid(Concat("enrol-", first, "-", last, "-", ContentHash(content))));
      tr::BatchEnrollPersonsResponse response;
      RpcOptions batch_rpc = rpc;
      batch_rpc.deadline = std::max(rpc.deadline, absl::Seconds(120));
      grpc::Status status =
          CallStub(*stub_, batch_rpc, &tr::TrainingService::Stub::BatchEnrollPersons, request, &response);
      if (!status.ok()) {
        return TransportError(Concat("BatchEnrollPersons ", request.request_id()), status);
      }
      for (const auto& result : response.results()) {
        if (result.index() < 0 || result.index() >= static_cast<int>(sent.size())) {
          continue;
        }
        const size_t r = static_cast<size_t>(sent[static_cast<size_t>(result.index())]);
        if (result.has_enrollment()) {
          enrolment_ids[r] = result.enrollment().id();
        } else if (ReasonOf(result.status()) == "ALREADY_ENROLLED") {
          auto id =
              lookup(course_ids[static_cast<size_t>(plan.enrolments[r].course)], plan.enrolments[r].person.id_number);
          if (!id.ok()) {
            return id.status();
          }
          enrolment_ids[r] = *id;
        } else if (options_.progress != nullptr) {
          std::lock_guard<std::mutex> lock(mu);
          *options_.progress << "\nwarning: enrolment row " << r << " refused: " << ReasonOf(result.status()) << ": "
                             << result.status().message() << "\n";
        }
      }
      progress.Add(last - first + 1);
      return absl::OkStatus();
    });
    if (!done.ok()) {
      return done;
    }
    for (const auto& id : enrolment_ids) {
      report.enrolments += id.empty() ? 0 : 1;
    }
  }

  // Completions and drop-outs.
  {
    Progress progress(options_.progress, "completions", rows);
    std::atomic<int64_t> completed{0};
    absl::Status done = ParallelFor(static_cast<int>(rows), options_.concurrency, [&](int i) {
      const PlannedEnrolment& planned = plan.enrolments[static_cast<size_t>(i)];
      const std::string& id = enrolment_ids[static_cast<size_t>(i)];
      if (id.empty()) {
        progress.Add(1);
        return absl::OkStatus();
      }
      grpc::Status status;
      if (planned.completed) {
        tr::CompleteEnrollmentRequest request;
        request.set_request_id(rid("complete-" + id));
        request.set_enrollment_id(id);
        request.set_hours(planned.hours);
        *request.mutable_completed_date() = ToDate(planned.completed_date);
        tr::CompleteEnrollmentResponse response;
        status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::CompleteEnrollment, request, &response);
      } else {
        tr::DropEnrollmentRequest request;
        request.set_request_id(rid("drop-" + id));
        request.set_enrollment_id(id);
        request.set_reason("个人原因退出培训");
        tr::DropEnrollmentResponse response;
        status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::DropEnrollment, request, &response);
      }
      // FAILED_PRECONDITION: an earlier run already completed (or dropped) it.
      if (!status.ok() && status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
        return TransportError(Concat("completing enrolment ", id), status);
      }
      if (planned.completed) {
        completed.fetch_add(1);
      }
      progress.Add(1);
      return absl::OkStatus();
    });
    if (!done.ok()) {
      return done;
    }
    report.completed = completed.load();
  }

  // Subsidy claims with the trainee's certificate, then the district bureau's decisions.
  std::vector<int> claims;
  for (size_t i = 0; i < plan.enrolments.size(); ++i) {
    const PlannedEnrolment& planned = plan.enrolments[i];
    if (planned.claim && planned.completed && planned.certificate_row >= 0 && !enrolment_ids[i].empty() &&
        !evaluation.numbers[static_cast<size_t>(planned.certificate_row)].empty()) {
      claims.push_back(static_cast<int>(i));
    }
  }
  {
    // A rejected claim frees its enrolment: enrolments whose claim an earlier run had rejected
    // are not claimed again once the idempotency records have expired.
    std::set<std::string> rejected_before;
    tr::ListSubsidyClaimsRequest list;
    list.set_state(tr::CLAIM_STATE_REJECTED);
    list.set_page_size(1000);
    while (true) {
      tr::ListSubsidyClaimsResponse page;
      grpc::Status status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::ListSubsidyClaims, list, &page);
      if (!status.ok()) {
        return TransportError("ListSubsidyClaims (rejected)", status);
      }
      for (const auto& claim : page.claims()) {
        rejected_before.insert(claim.enrollment_id());
      }
      if (page.next_page_token().empty()) {
        break;
      }
      list.set_page_token(page.next_page_token());
    }
    std::vector<int> to_claim;
    int64_t already_rejected = 0;
    for (int i : claims) {
      if (rejected_before.count(enrolment_ids[static_cast<size_t>(i)]) != 0) {
        ++already_rejected;
      } else {
        to_claim.push_back(i);
      }
    }
    claims.swap(to_claim);
    Progress progress(options_.progress, "claims", static_cast<int64_t>(claims.size()));
    std::mutex mu;
    std::atomic<int64_t> submitted{0}, refused{0}, unexpected{0}, paid{0}, rejected{already_rejected};
    std::map<std::string, int64_t> reasons;
    int logged = 0;
    absl::Status done = ParallelFor(static_cast<int>(claims.size()), options_.concurrency, [&](int k) {
      const size_t i = static_cast<size_t>(claims[static_cast<size_t>(k)]);
      const PlannedEnrolment& planned = plan.enrolments[i];
      const std::string& enrolment_id = enrolment_ids[i];
      tr::SubmitSubsidyClaimRequest submit;
      submit.set_request_id(rid("claim-" + enrolment_id));
      submit.set_enrollment_id(enrolment_id);
      submit.set_certificate_number(evaluation.numbers[static_cast<size_t>(planned.certificate_row)]);
      tr::SubmitSubsidyClaimResponse submitted_claim;
      grpc::Status status =
          CallStub(*stub_, rpc, &tr::TrainingService::Stub::SubmitSubsidyClaim, submit, &submitted_claim);
      tr::SubsidyClaim claim = submitted_claim.claim();
      if (!status.ok()) {
        const std::string reason = ReasonOf(status);
        if (reason == "ENROLLMENT_ALREADY_CLAIMED") {
          tr::GetEnrollmentRequest get;
          get.set_id(enrolment_id);
          tr::GetEnrollmentResponse got;
          status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::GetEnrollment, get, &got);
          if (!status.ok()) {
            return TransportError(Concat("GetEnrollment ", enrolment_id), status);
          }
          tr::GetSubsidyClaimRequest get_claim;
          get_claim.set_id(got.enrollment().claim_id());
          tr::GetSubsidyClaimResponse got_claim;
          status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::GetSubsidyClaim, get_claim, &got_claim);
          if (!status.ok()) {
            return TransportError(Concat("GetSubsidyClaim ", get_claim.id()), status);
          }
          claim = got_claim.claim();
        } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
          std::lock_guard<std::mutex> lock(mu);
          ++reasons[reason];
          if (PlannedRefusal(reason)) {
            refused.fetch_add(1);
          } else {
            unexpected.fetch_add(1);
            if (options_.progress != nullptr && logged++ < 5) {
              *options_.progress << "\nwarning: claim for enrolment " << enrolment_id
                                 << " refused: " << Describe(status) << "\n";
            }
          }
          progress.Add(1);
          return absl::OkStatus();
        } else {
          return TransportError(Concat("SubmitSubsidyClaim ", enrolment_id), status);
        }
      }
      submitted.fetch_add(1);
      const std::string claim_id = claim.id();
      if (planned.decision == ClaimDecision::kReject) {
        if (claim.state() == tr::CLAIM_STATE_SUBMITTED) {
          tr::RejectSubsidyClaimRequest reject;
          reject.set_request_id(rid("reject-" + claim_id));
          reject.set_claim_id(claim_id);
          reject.set_reason("培训考勤记录与课程安排不符");
          tr::RejectSubsidyClaimResponse response;
          status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::RejectSubsidyClaim, reject, &response);
          if (!status.ok() && status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
            return TransportError(Concat("RejectSubsidyClaim ", claim_id), status);
          }
        }
        rejected.fetch_add(1);
        progress.Add(1);
        return absl::OkStatus();
      }
      if (claim.state() == tr::CLAIM_STATE_SUBMITTED) {
        tr::ApproveSubsidyClaimRequest approve;
        approve.set_request_id(rid("approve-" + claim_id));
        approve.set_claim_id(claim_id);
        tr::ApproveSubsidyClaimResponse response;
        status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::ApproveSubsidyClaim, approve, &response);
        if (!status.ok() && status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
          return TransportError(Concat("ApproveSubsidyClaim ", claim_id), status);
        }
        if (status.ok()) {
          claim = response.claim();
        }
      }
      if (planned.decision == ClaimDecision::kApproveAndPay) {
        if (claim.state() == tr::CLAIM_STATE_APPROVED) {
          tr::MarkSubsidyClaimPaidRequest pay;
          pay.set_request_id(rid("pay-" + claim_id));
          pay.set_claim_id(claim_id);
          pay.set_payment_reference(Concat("QDBT", options_.year, claim_id));
          tr::MarkSubsidyClaimPaidResponse response;
          status = CallStub(*stub_, rpc, &tr::TrainingService::Stub::MarkSubsidyClaimPaid, pay, &response);
          if (!status.ok() && status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
            return TransportError(Concat("MarkSubsidyClaimPaid ", claim_id), status);
          }
        }
        paid.fetch_add(1);
      }
      progress.Add(1);
      return absl::OkStatus();
    });
    if (!done.ok()) {
      return done;
    }
    report.claims_submitted = submitted.load();
    report.claims_refused_as_planned = refused.load();
    report.claims_refused_unexpectedly = unexpected.load();
    report.claims_paid = paid.load();
    report.claims_rejected = rejected.load();
    std::string note;
    for (const auto& [reason, count] : reasons) {
      note += Concat(note.empty() ? "" : ", ", reason, " ", count);
    }
    progress.Finish(note.empty() ? std::string() : Concat("refused: ", note));
  }
  if (options_.progress != nullptr) {
    *options_.progress << "training: " << report.institutions << " institutions, " << report.catalogue_entries
                       << " catalogue entries, " << report.courses << " courses, " << report.enrolments
                       << " enrolments (" << report.completed << " completed)\n  claims: " << report.claims_submitted
                       << " accepted (" << report.claims_paid << " paid, " << report.claims_rejected
                       << " rejected by the bureau), " << report.claims_refused_as_planned
                       << " refused by the rules as planned";
    if (report.claims_refused_unexpectedly > 0) {
      *options_.progress << ", " << report.claims_refused_unexpectedly << " refused otherwise";
    }
    *options_.progress << "\n";
  }
  return report;
}

}  // namespace skillbridge::simulator

#include "services/training/domain/events.h"

namespace skillbridge::training {

namespace {

v1::TrainingEvent NewEvent(absl::Time now) {
  v1::TrainingEvent event;
  SetTimestamp(now, event.mutable_time());
  return event;
}

}  // namespace

v1::TrainingEvent InstitutionChangedEvent(const v1::Institution& institution, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* changed = event.mutable_institution_changed();
  changed->set_credit_code(institution.org().credit_code());
  changed->set_district_code(institution.org().district_code());
  changed->set_kind(institution.kind());
  changed->set_status(institution.status());
  return event;
}

v1::TrainingEvent CatalogEntryChangedEvent(const v1::CatalogEntry& entry, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* changed = event.mutable_catalog_entry_changed();
  changed->set_year(entry.year());
  changed->set_occupation_code(entry.occupation_code());
  changed->set_level(entry.level());
  changed->set_subsidy_fen(entry.subsidy_fen());
  changed->set_published(!entry.withdrawn());
  return event;
}

v1::TrainingEvent CourseChangedEvent(const v1::Course& course, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* changed = event.mutable_course_changed();
  changed->set_course_id(course.id());
  changed->set_institution_credit_code(course.institution().credit_code());
  changed->set_district_code(course.institution().district_code());
  changed->set_programme(course.programme());
  changed->set_occupation_code(course.occupation_code());
  changed->set_level(course.level());
  changed->set_industry_chain_code(course.industry_chain_code());
  changed->set_capacity(course.capacity());
  changed->set_status(course.status());
  *changed->mutable_start_date() = course.start_date();
  *changed->mutable_end_date() = course.end_date();
  changed->set_cancel_reason(course.cancel_reason());
  return event;
}

v1::TrainingEvent EnrollmentCreatedEvent(const v1::Enrollment& enrollment, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* created = event.mutable_enrollment_created();
  created->set_enrollment_id(enrollment.id());
  created->set_course_id(enrollment.course_id());
  created->set_id_number(enrollment.person().id_number());
  created->set_institution_credit_code(enrollment.institution_credit_code());
  created->set_district_code(enrollment.district_code());
  created->set_programme(enrollment.programme());
  created->set_occupation_code(enrollment.occupation_code());
  created->set_level(enrollment.level());
  created->set_industry_chain_code(enrollment.industry_chain_code());
  *created->mutable_enrolled_date() = enrollment.enrolled_date();
  return event;
}

v1::TrainingEvent EnrollmentCompletedEvent(const v1::Enrollment& enrollment, bool subsidised, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* completed = event.mutable_enrollment_completed();
  completed->set_enrollment_id(enrollment.id());
  completed->set_course_id(enrollment.course_id());
  completed->set_id_number(enrollment.person().id_number());
  completed->set_institution_credit_code(enrollment.institution_credit_code());
  completed->set_district_code(enrollment.district_code());
  completed->set_programme(enrollment.programme());
  completed->set_occupation_code(enrollment.occupation_code());
  completed->set_level(enrollment.level());
  completed->set_industry_chain_code(enrollment.industry_chain_code());
  completed->set_subsidised(subsidised);
  *completed->mutable_completed_date() = enrollment.completed_date();
  completed->set_hours(enrollment.hours());
  return event;
}

v1::TrainingEvent EnrollmentDroppedEvent(const v1::Enrollment& enrollment, bool course_cancelled, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* dropped = event.mutable_enrollment_dropped();
  dropped->set_enrollment_id(enrollment.id());
  dropped->set_course_id(enrollment.course_id());
  dropped->set_id_number(enrollment.person().id_number());
  dropped->set_institution_credit_code(enrollment.institution_credit_code());
  dropped->set_district_code(enrollment.district_code());
  dropped->set_reason(enrollment.drop_reason());
  dropped->set_course_cancelled(course_cancelled);
  return event;
}

v1::TrainingEvent ClaimSubmittedEvent(const v1::SubsidyClaim& claim, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* submitted = event.mutable_subsidy_claim_submitted();
  submitted->set_claim_id(claim.id());
  submitted->set_enrollment_id(claim.enrollment_id());
  submitted->set_id_number(claim.person().id_number());
  submitted->set_institution_credit_code(claim.institution().credit_code());
  submitted->set_district_code(claim.institution().district_code());
  submitted->set_programme(claim.programme());
  submitted->set_occupation_code(claim.occupation_code());
  submitted->set_level(claim.level());
  submitted->set_industry_chain_code(claim.industry_chain_code());
  submitted->set_amount_fen(claim.amount_fen());
  submitted->set_certificate_number(claim.certificate_number());
  submitted->set_claim_year(claim.claim_year());
  return event;
}

v1::TrainingEvent ClaimDecidedEvent(const v1::SubsidyClaim& claim, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* decided = event.mutable_subsidy_claim_decided();
  decided->set_claim_id(claim.id());
  decided->set_enrollment_id(claim.enrollment_id());
  decided->set_id_number(claim.person().id_number());
  decided->set_district_code(claim.institution().district_code());
  decided->set_state(claim.state());
  decided->set_reason(claim.decision_reason());
  decided->set_amount_fen(claim.amount_fen());
  return event;
}

v1::TrainingEvent ClaimPaidEvent(const v1::SubsidyClaim& claim, absl::Time now) {
  v1::TrainingEvent event = NewEvent(now);
  auto* paid = event.mutable_subsidy_claim_paid();
  paid->set_claim_id(claim.id());
  paid->set_enrollment_id(claim.enrollment_id());
  paid->set_id_number(claim.person().id_number());
  paid->set_institution_credit_code(claim.institution().credit_code());
  paid->set_district_code(claim.institution().district_code());
  paid->set_programme(claim.programme());
  paid->set_occupation_code(claim.occupation_code());
  paid->set_level(claim.level());
  paid->set_industry_chain_code(claim.industry_chain_code());
  paid->set_amount_fen(claim.amount_fen());
  *paid->mutable_paid_date() = claim.paid_date();
  return event;
}

}  // namespace skillbridge::training

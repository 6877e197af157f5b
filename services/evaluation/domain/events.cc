#include "services/evaluation/domain/events.h"

namespace skillbridge::evaluation {

namespace {

v1::EvaluationEvent NewEvent(absl::Time now) {
  v1::EvaluationEvent event;
  SetTimestamp(now, event.mutable_time());
  return event;
}

}  // namespace

v1::EvaluationEvent CertificateIssuedEvent(const v1::Certificate& certificate, absl::Time now) {
  v1::EvaluationEvent event = NewEvent(now);
  auto* issued = event.mutable_certificate_issued();
  issued->set_number(certificate.number());
  issued->set_id_number(certificate.person().id_number());
  issued->set_type(certificate.type());
  issued->set_occupation_code(certificate.occupation_code());
  issued->set_level(certificate.level());
  issued->set_issuer_credit_code(certificate.issuer().credit_code());
  issued->set_district_code(certificate.issuer().district_code());
  issued->set_industry_chain_code(certificate.industry_chain_code());
  *issued->mutable_issue_date() = certificate.issue_date();
  issued->set_basis(certificate.basis());
  if (certificate.has_competition()) {
    *issued->mutable_competition() = certificate.competition();
  }
  return event;
}

v1::EvaluationEvent CertificateRevokedEvent(const v1::Certificate& certificate, absl::Time now) {
  v1::EvaluationEvent event = NewEvent(now);
  auto* revoked = event.mutable_certificate_revoked();
  revoked->set_number(certificate.number());
  revoked->set_id_number(certificate.person().id_number());
  revoked->set_type(certificate.type());
  revoked->set_occupation_code(certificate.occupation_code());
  revoked->set_level(certificate.level());
  revoked->set_district_code(certificate.issuer().district_code());
  *revoked->mutable_issue_date() = certificate.issue_date();
  revoked->set_reason(certificate.revoke_reason());
  return event;
}

v1::EvaluationEvent OrgChangedEvent(const v1::EvaluationOrg& org, absl::Time now) {
  v1::EvaluationEvent event = NewEvent(now);
  auto* changed = event.mutable_evaluation_org_changed();
  changed->set_credit_code(org.org().credit_code());
  changed->set_district_code(org.org().district_code());
  changed->set_state(org.state());
  changed->set_kind(org.kind());
  return event;
}

v1::EvaluationEvent IntroductionRegisteredEvent(const v1::Introduction& introduction, absl::Time now) {
  v1::EvaluationEvent event = NewEvent(now);
  auto* registered = event.mutable_introduction_registered();
  registered->set_id(introduction.id());
  registered->set_id_number(introduction.person().id_number());
  registered->set_employer_credit_code(introduction.employer().credit_code());
  registered->set_district_code(introduction.employer().district_code());
  registered->set_occupation_code(introduction.occupation_code());
  registered->set_level(introduction.level());
  *registered->mutable_arrival_date() = introduction.arrival_date();
  registered->set_industry_chain_code(introduction.industry_chain_code());
  return event;
}

v1::EvaluationEvent EnterpriseChangedEvent(const v1::Enterprise& enterprise, absl::Time now) {
  v1::EvaluationEvent event = NewEvent(now);
  auto* changed = event.mutable_enterprise_changed();
  changed->set_credit_code(enterprise.org().credit_code());
  changed->set_district_code(enterprise.org().district_code());
  changed->set_above_designated_size(enterprise.above_designated_size());
  changed->set_self_evaluation_eligible(enterprise.self_evaluation_eligible());
  changed->set_industry_chain_code(enterprise.industry_chain_code());
  return event;
}

}  // namespace skillbridge::evaluation

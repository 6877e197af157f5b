#include "services/aggregator/api/profile_sources.h"

#include "absl/time/clock.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::aggregator {

absl::Status FromGrpc(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

namespace {
namespace ev = ::skillbridge::evaluation::v1;

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
}  // namespace

ProfileSource EvaluationProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  std::shared_ptr<ev::EvaluationService::Stub> stub = ev::EvaluationService::NewStub(channel);
  ProfileSource source;
  source.name = "evaluation";
  source.fetch = [stub, token](const std::string& id_number, absl::Time deadline,
                               v1::GetTalentProfileResponse* out) -> absl::Status {
    std::string page_token;
    do {
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + token);
      context.set_deadline(absl::ToChronoTime(deadline));
      ev::ListCertificatesRequest request;
      request.set_id_number(id_number);
      request.set_page_size(1000);
      request.set_page_token(page_token);
      ev::ListCertificatesResponse response;
      grpc::Status status = stub->ListCertificates(&context, request, &response);
      if (!status.ok()) {
        return FromGrpc(status);
      }
      for (const ev::Certificate& c : response.certificates()) {
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
      page_token = response.next_page_token();
    } while (!page_token.empty());
    return absl::OkStatus();
  };
  return source;
}

}  // namespace skillbridge::aggregator

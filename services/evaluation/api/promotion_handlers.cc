// Competition promotions (竞赛晋升): issuing the promotion certificate of a published result, and
// a person's highest level in an occupation (what the competition service decides promotions on);
// and every level a person holds (what the incentive service checks honours and bridging against).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/proto_time.h"
#include "services/evaluation/api/evaluation_handlers.h"
#include "services/evaluation/api/handler_support.h"
#include "services/evaluation/api/resource_names.h"
#include "services/evaluation/domain/certificate_issuance.h"
#include "services/evaluation/domain/events.h"
#include "services/evaluation/domain/person_level.h"
#include "services/evaluation/domain/promotion_certificate.h"
#include "services/evaluation/store/keys.h"

namespace skillbridge::evaluation {

namespace {

constexpr int kSerialDigits = 6;

// The write of a validated promotion certificate: its number drawn in the write, no issuer guard.
absl::StatusOr<IssueItem> PromotionIssueItem(const CallContext& call, v1::Certificate certificate) {
  SB_ASSIGN_OR_RETURN(const std::string first, GeneratePromotionNumber(certificate, 1));
  IssueItem issue;
  issue.check_issuer = false;
  issue.serial = RedisSequence{keys::Serial(PromotionSerialSeries(certificate)),
                               SequenceMarker(first.size()),
                               first.substr(0, first.size() - kSerialDigits),
                               kSerialDigits,
                               "",
                               kMaxSerial,
                               "CERTIFICATE_SERIALS_EXHAUSTED"};
  certificate.set_number(issue.serial->marker);
  certificate.set_version(1);
  SetTimestamp(call.now, certificate.mutable_create_time());
  issue.event = CertificateIssuedEvent(certificate, call.now);
  issue.certificate = std::move(certificate);
  return issue;
}

bool IsDuplicate(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAlreadyExists && ReasonOf(status) == "DUPLICATE_CERTIFICATE";
}

// When the certificate holding the person's slot for `wanted` (type, occupation, level) is the
// promotion certificate of the same competition result, it is the answer (true); otherwise false.
absl::StatusOr<bool> AnswerWithEarlierPromotion(EvaluationStore& store, const ReferenceData& reference,
                                                const v1::Certificate& wanted,
                                                v1::IssuePromotionCertificateResponse* response) {
  SB_ASSIGN_OR_RETURN(const std::optional<std::string> number,
                      store.ValidCertificateNumberFor(wanted.person().id_number(), wanted.type(),
                                                      wanted.occupation_code(), wanted.level()));
  if (!number.has_value()) {
    return false;
  }
  SB_ASSIGN_OR_RETURN(auto stored, store.GetCertificate(*number));
  if (!stored.has_value() || !IsSameCompetitionResult(stored->record, wanted)) {
    return false;
  }
  v1::Certificate& certificate = *response->mutable_certificate();
  certificate = std::move(stored->record);
  if (const Occupation* occupation = reference.FindOccupation(certificate.occupation_code()); occupation != nullptr) {
    certificate.set_occupation_name(occupation->name);
  }
  response->set_previously_issued(true);
  return true;
}

}  // namespace

absl::Status EvaluationHandlers::IssuePromotionCertificate(const CallContext& call,
                                                           const v1::IssuePromotionCertificateRequest& request,
                                                           v1::IssuePromotionCertificateResponse* response) {
  SB_ASSIGN_OR_RETURN(v1::Certificate wanted, ValidatePromotionRequest(request, ContextFor(call, *reference_)));
  SB_ASSIGN_OR_RETURN(IssueItem issue, PromotionIssueItem(call, wanted));
  *response->mutable_certificate() = issue.certificate;
  issue.meta = MetaFor(call, names::Certificate(issue.certificate.number()), request.request_id(), *response);
  // One script call: a retry is replayed, the serial drawn and the person's uniqueness checked as
  // it writes.
  const absl::StatusOr<WriteOutcome> outcome = store_.IssueCertificate(issue);
  if (!outcome.ok() && IsDuplicate(outcome.status())) {
    response->Clear();
    SB_ASSIGN_OR_RETURN(const bool answered, AnswerWithEarlierPromotion(store_, *reference_, wanted, response));
    return answered ? absl::OkStatus() : outcome.status();
  }
  if (outcome.ok() && !outcome->replayed) {
    response->mutable_certificate()->set_number(outcome->sequence_text);
  }
  return FinishMutation(call, outcome, response);
}

absl::Status EvaluationHandlers::GetPersonLevel(const CallContext& /*call*/, const v1::GetPersonLevelRequest& request,
                                                v1::GetPersonLevelResponse* response) {
  SB_ASSIGN_OR_RETURN(const PersonLevelQuery query, ValidatePersonLevelRequest(request, *reference_));
  SB_ASSIGN_OR_RETURN(const std::vector<v1::Certificate> certificates, store_.CertificatesOfPerson(query.id_number));
  SB_ASSIGN_OR_RETURN(const std::vector<v1::Introduction> introductions, store_.IntroductionsOfPerson(query.id_number));
  const PersonLevel highest = HighestLevel(query, certificates, introductions);
  response->set_level(highest.level);
  response->set_certificate_number(highest.certificate_number);
  response->set_introduction_id(highest.introduction_id);
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::GetPersonQualifications(const CallContext& /*call*/,
                                                         const v1::GetPersonQualificationsRequest& request,
                                                         v1::GetPersonQualificationsResponse* response) {
  SB_ASSIGN_OR_RETURN(const PersonLevelQuery query, ValidatePersonQualificationsRequest(request, *reference_));
  // The person's own index entries only, as GetPersonLevel reads them.
  SB_ASSIGN_OR_RETURN(const std::vector<v1::Certificate> certificates, store_.CertificatesOfPerson(query.id_number));
  SB_ASSIGN_OR_RETURN(const std::vector<v1::Introduction> introductions, store_.IntroductionsOfPerson(query.id_number));
  for (v1::HeldLevel& held : HeldLevels(query, certificates, introductions)) {
    *response->add_levels() = std::move(held);
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::evaluation

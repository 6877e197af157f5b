#include "services/aggregator/domain/evaluation_commands.h"

#include <string>
#include <utility>

#include "common/reference/skill_level.h"
#include "common/util/concat.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/competition_commands.h"

namespace skillbridge::aggregator {

namespace {

namespace ev = ::skillbridge::evaluation::v1;

bool CountsAsCertified(ev::CertificateType type) {
  return type == ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION || type == ev::CERTIFICATE_TYPE_SKILL_LEVEL;
}

FeedCommand CertificateIssued(const ev::CertificateIssued& c) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kAddFact;
  cmd.fact_key = Concat("evaluation:cert:", c.number());
  const std::vector<std::string> buckets = BucketsFor(c.issue_date(), c.district_code(), c.industry_chain_code());
  const bool high_skilled = IsHighSkilled(c.level());
  cmd.updates.push_back(PersonUpdate(c.id_number(), c.district_code()));
  for (const std::string& b : buckets) {
    cmd.updates.push_back(CountUpdate(ids::kCertificatesIssued, b, 1));
  }
  if (CountsAsCertified(c.type())) {
    for (const std::string& b : buckets) {
      cmd.updates.push_back(DistinctUpdate(ids::kNewlyCertified, c.id_number(), b));
    }
    if (!c.occupation_code().empty() && !buckets.empty()) {
      cmd.updates.push_back(CertifiedInUpdate(c.id_number(), c.occupation_code(), c.issue_date(), c.number()));
    }
    if (high_skilled) {
      for (const std::string& b : buckets) {
        cmd.updates.push_back(DistinctUpdate(ids::kNewlyCertifiedSenior, c.id_number(), b));
      }
    }
  }
  if (high_skilled && !buckets.empty()) {
    cmd.updates.push_back(
        FirstUpdate(ids::kNewHighSkilled, c.id_number(), c.issue_date(), Concat("cert:", c.number()), buckets));
  }
  if (c.basis() == ev::CERTIFICATE_BASIS_COMPETITION_PROMOTION) {
    cmd.updates.push_back(MatchEvidenceUpdate(ids::kCompetitionPromotionsWithCertificate,
                                              PromotionCertificateKey(c.number()), c.number()));
  }
  return cmd;
}

FeedCommand IntroductionRegistered(const ev::IntroductionRegistered& i) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kAddFact;
  cmd.fact_key = Concat("evaluation:intro:", i.id());
  const std::vector<std::string> buckets = BucketsFor(i.arrival_date(), i.district_code(), i.industry_chain_code());
  cmd.updates.push_back(PersonUpdate(i.id_number(), i.district_code()));
  for (const std::string& b : buckets) {
    cmd.updates.push_back(CountUpdate(ids::kIntroduced, b, 1));
  }
  if (IsHighSkilled(i.level()) && !buckets.empty()) {
    cmd.updates.push_back(
        FirstUpdate(ids::kNewHighSkilled, i.id_number(), i.arrival_date(), Concat("intro:", i.id()), buckets));
  }
  return cmd;
}

FeedCommand Membership(const char* group, const std::string& member, const std::string& district, bool present) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kMembership;
  cmd.group = group;
  cmd.member = member;
  cmd.district = district;
  cmd.present = present;
  return cmd;
}

}  // namespace

std::vector<FeedCommand> CommandsForEvaluationEvent(const ev::EvaluationEvent& event) {
  std::vector<FeedCommand> out;
  switch (event.payload_case()) {
    case ev::EvaluationEvent::kCertificateIssued:
      out.push_back(CertificateIssued(event.certificate_issued()));
      break;
    case ev::EvaluationEvent::kCertificateRevoked: {
      FeedCommand cmd;
      cmd.kind = FeedCommand::Kind::kRemoveFact;
      cmd.fact_key = Concat("evaluation:cert:", event.certificate_revoked().number());
      out.push_back(std::move(cmd));
      break;
    }
    case ev::EvaluationEvent::kIntroductionRegistered:
      out.push_back(IntroductionRegistered(event.introduction_registered()));
      break;
    case ev::EvaluationEvent::kEnterpriseChanged: {
      const ev::EnterpriseChanged& e = event.enterprise_changed();
      out.push_back(Membership(kEligibleEnterprises, e.credit_code(), e.district_code(),
                               e.above_designated_size() && e.self_evaluation_eligible()));
      break;
    }
    case ev::EvaluationEvent::kEvaluationOrgChanged: {
      const ev::EvaluationOrgChanged& o = event.evaluation_org_changed();
      out.push_back(
          Membership(kFiledSelfEvaluationOrgs, o.credit_code(), o.district_code(),
                     o.kind() == ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION && o.state() == ev::FILING_STATE_FILED));
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace skillbridge::aggregator

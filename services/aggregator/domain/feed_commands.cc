#include "services/aggregator/domain/feed_commands.h"

#include <cstdio>

#include "common/util/concat.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::aggregator {

namespace {

namespace ev = ::skillbridge::evaluation::v1;

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%02d", n);
  return buf;
}

ViewUpdate Count(const std::string& indicator, const std::string& bucket, int64_t amount) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kCount;
  u.indicator = indicator;
  u.bucket = bucket;
  u.amount = amount;
  return u;
}

ViewUpdate Distinct(const std::string& indicator, const std::string& person, const std::string& bucket) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kDistinct;
  u.indicator = indicator;
  u.person = person;
  u.bucket = bucket;
  return u;
}

ViewUpdate Person(const std::string& person, const std::string& district) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kPerson;
  u.person = person;
  u.bucket = district;
  return u;
}

ViewUpdate First(const std::string& indicator, const std::string& person, const common::v1::Date& date,
                 const std::string& evidence, std::vector<std::string> buckets) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kFirst;
  u.indicator = indicator;
  u.person = person;
  u.score = DateScore(date);
  u.member = evidence;
  u.buckets = std::move(buckets);
  return u;
}

bool CountsAsCertified(ev::CertificateType type) {
  return type == ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION || type == ev::CERTIFICATE_TYPE_SKILL_LEVEL;
}

}  // namespace

std::string YearBucket(int year) { return std::to_string(year); }
std::string DistrictBucket(int year, const std::string& district) { return Concat(year, "|d:", district); }
std::string ChainBucket(int year, const std::string& chain) { return Concat(year, "|c:", chain); }
std::string MonthBucket(int year, int month) { return Concat(year, "-", TwoDigits(month)); }
std::string MonthDistrictBucket(int year, int month, const std::string& district) {
  return Concat(MonthBucket(year, month), "|d:", district);
}

std::vector<std::string> BucketsFor(const common::v1::Date& date, const std::string& district,
                                    const std::string& chain) {
  std::vector<std::string> out;
  if (date.year() <= 0) {
    return out;
  }
  const int y = date.year();
  const bool has_month = date.month() >= 1 && date.month() <= 12;
  out.push_back(YearBucket(y));
  if (!district.empty()) {
    out.push_back(DistrictBucket(y, district));
  }
  if (!chain.empty()) {
    out.push_back(ChainBucket(y, chain));
  }
  if (has_month) {
    out.push_back(MonthBucket(y, date.month()));
    if (!district.empty()) {
      out.push_back(MonthDistrictBucket(y, date.month(), district));
    }
  }
  return out;
}

bool IsHighSkilled(common::v1::SkillLevel level) { return level >= common::v1::SKILL_LEVEL_3_SENIOR; }

int64_t DateScore(const common::v1::Date& d) {
  return static_cast<int64_t>(d.year()) * 10000 + d.month() * 100 + d.day();
}

namespace {

ViewUpdate ConversionUpdate(ViewUpdate::Kind kind, const std::string& person, const std::string& occupation,
                            const common::v1::Date& date, const std::string& member) {
  ViewUpdate u;
  u.kind = kind;
  u.indicator = ids::kTrainingCertified;
  u.person = person;
  u.bucket = occupation;
  u.score = DateScore(date);
  u.member = member;
  return u;
}

}  // namespace

ViewUpdate TraineeUpdate(const std::string& person, const std::string& occupation, const common::v1::Date& completed,
                         const std::string& enrollment_id, std::vector<std::string> buckets) {
  ViewUpdate u = ConversionUpdate(ViewUpdate::Kind::kTrainee, person, occupation, completed, enrollment_id);
  u.buckets = std::move(buckets);
  return u;
}

ViewUpdate CertifiedInUpdate(const std::string& person, const std::string& occupation, const common::v1::Date& issued,
                             const std::string& number) {
  return ConversionUpdate(ViewUpdate::Kind::kCertifiedIn, person, occupation, issued, number);
}

std::vector<FeedCommand> CommandsForEvaluationEvent(const ev::EvaluationEvent& event) {
  std::vector<FeedCommand> out;
  switch (event.payload_case()) {
    case ev::EvaluationEvent::kCertificateIssued: {
      const ev::CertificateIssued& c = event.certificate_issued();
      FeedCommand cmd;
      cmd.kind = FeedCommand::Kind::kAddFact;
      cmd.fact_key = Concat("evaluation:cert:", c.number());
      const std::vector<std::string> buckets = BucketsFor(c.issue_date(), c.district_code(), c.industry_chain_code());
      cmd.updates.push_back(Person(c.id_number(), c.district_code()));
      for (const std::string& b : buckets) {
        cmd.updates.push_back(Count(ids::kCertificatesIssued, b, 1));
      }
      if (CountsAsCertified(c.type())) {
        for (const std::string& b : buckets) {
          cmd.updates.push_back(Distinct(ids::kNewlyCertified, c.id_number(), b));
        }
        if (!c.occupation_code().empty() && !buckets.empty()) {
          cmd.updates.push_back(CertifiedInUpdate(c.id_number(), c.occupation_code(), c.issue_date(), c.number()));
        }
        if (IsHighSkilled(c.level())) {
          for (const std::string& b : buckets) {
            cmd.updates.push_back(Distinct(ids::kNewlyCertifiedSenior, c.id_number(), b));
          }
        }
      }
      if (IsHighSkilled(c.level()) && !buckets.empty()) {
        cmd.updates.push_back(
            First(ids::kNewHighSkilled, c.id_number(), c.issue_date(), Concat("cert:", c.number()), buckets));
      }
      out.push_back(std::move(cmd));
      break;
    }
    case ev::EvaluationEvent::kCertificateRevoked: {
      FeedCommand cmd;
      cmd.kind = FeedCommand::Kind::kRemoveFact;
      cmd.fact_key = Concat("evaluation:cert:", event.certificate_revoked().number());
      out.push_back(std::move(cmd));
      break;
    }
    case ev::EvaluationEvent::kIntroductionRegistered: {
      const ev::IntroductionRegistered& i = event.introduction_registered();
      FeedCommand cmd;
      cmd.kind = FeedCommand::Kind::kAddFact;
      cmd.fact_key = Concat("evaluation:intro:", i.id());
      const std::vector<std::string> buckets = BucketsFor(i.arrival_date(), i.district_code(), i.industry_chain_code());
      cmd.updates.push_back(Person(i.id_number(), i.district_code()));
      for (const std::string& b : buckets) {
        cmd.updates.push_back(Count(ids::kIntroduced, b, 1));
      }
      if (IsHighSkilled(i.level()) && !buckets.empty()) {
        cmd.updates.push_back(
            First(ids::kNewHighSkilled, i.id_number(), i.arrival_date(), Concat("intro:", i.id()), buckets));
      }
      out.push_back(std::move(cmd));
      break;
    }
    case ev::EvaluationEvent::kEnterpriseChanged: {
      const ev::EnterpriseChanged& e = event.enterprise_changed();
      FeedCommand cmd;
      cmd.kind = FeedCommand::Kind::kMembership;
      cmd.group = kEligibleEnterprises;
      cmd.member = e.credit_code();
      cmd.district = e.district_code();
      cmd.present = e.above_designated_size() && e.self_evaluation_eligible();
      out.push_back(std::move(cmd));
      break;
    }
    case ev::EvaluationEvent::kEvaluationOrgChanged: {
      const ev::EvaluationOrgChanged& o = event.evaluation_org_changed();
      FeedCommand cmd;
      cmd.kind = FeedCommand::Kind::kMembership;
      cmd.group = kFiledSelfEvaluationOrgs;
      cmd.member = o.credit_code();
      cmd.district = o.district_code();
      cmd.present = o.kind() == ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION && o.state() == ev::FILING_STATE_FILED;
      out.push_back(std::move(cmd));
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace skillbridge::aggregator

#include "services/aggregator/domain/feed_commands.h"

#include <cstdio>
#include <utility>

#include "common/util/concat.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::aggregator {

namespace {

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%02d", n);
  return buf;
}

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

std::string YearBucket(int year) { return std::to_string(year); }
std::string DistrictBucket(int year, const std::string& district) { return Concat(year, "|d:", district); }
std::string ChainBucket(int year, const std::string& chain) { return Concat(year, "|c:", chain); }
std::string MonthBucket(int year, int month) { return Concat(year, "-", TwoDigits(month)); }
std::string MonthDistrictBucket(int year, int month, const std::string& district) {
  return Concat(MonthBucket(year, month), "|d:", district);
}

std::string LevelBucket(int year, const std::string& level) { return Concat(year, "|l:", level); }

std::vector<std::string> YearOnlyBuckets(int year, const std::string& district, const std::string& chain,
                                         const std::string& level) {
  std::vector<std::string> out;
  if (year <= 0) {
    return out;
  }
  out.push_back(YearBucket(year));
  if (!district.empty()) {
    out.push_back(DistrictBucket(year, district));
  }
  if (!chain.empty()) {
    out.push_back(ChainBucket(year, chain));
  }
  if (!level.empty()) {
    out.push_back(LevelBucket(year, level));
  }
  return out;
}

std::string CurrentBucket() { return "now"; }
std::string CurrentDistrictBucket(const std::string& district) { return Concat(CurrentBucket(), "|d:", district); }
std::string CurrentChainBucket(const std::string& chain) { return Concat(CurrentBucket(), "|c:", chain); }

std::vector<std::string> CurrentBuckets(const std::string& district, const std::string& chain) {
  std::vector<std::string> out = {CurrentBucket()};
  if (!district.empty()) {
    out.push_back(CurrentDistrictBucket(district));
  }
  if (!chain.empty()) {
    out.push_back(CurrentChainBucket(chain));
  }
  return out;
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

int64_t DateScore(const common::v1::Date& d) {
  return static_cast<int64_t>(d.year()) * 10000 + d.month() * 100 + d.day();
}

ViewUpdate CountUpdate(const std::string& indicator, const std::string& bucket, int64_t amount) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kCount;
  u.indicator = indicator;
  u.bucket = bucket;
  u.amount = amount;
  return u;
}

ViewUpdate DistinctUpdate(const std::string& indicator, const std::string& person, const std::string& bucket) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kDistinct;
  u.indicator = indicator;
  u.person = person;
  u.bucket = bucket;
  return u;
}

ViewUpdate FirstUpdate(const std::string& indicator, const std::string& person, const common::v1::Date& date,
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

ViewUpdate PersonUpdate(const std::string& person, const std::string& district) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kPerson;
  u.person = person;
  u.bucket = district;
  return u;
}

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

ViewUpdate MatchClaimUpdate(const std::string& indicator, const std::string& key, const std::string& claim_id,
                            bool counted_with_evidence, std::vector<std::string> buckets) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kMatchClaim;
  u.indicator = indicator;
  u.person = claim_id;
  u.bucket = key;
  u.amount = counted_with_evidence ? 1 : 0;
  u.buckets = std::move(buckets);
  return u;
}

ViewUpdate MatchEvidenceUpdate(const std::string& indicator, const std::string& key, const std::string& evidence_id) {
  ViewUpdate u;
  u.kind = ViewUpdate::Kind::kMatchEvidence;
  u.indicator = indicator;
  u.bucket = key;
  u.member = evidence_id;
  return u;
}

}  // namespace skillbridge::aggregator

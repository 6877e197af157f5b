#pragma once
// Feed commands: what one change event does to the aggregator's views, as plain data. Each
// source's translation from its events to commands is pure and unit-tested
// (evaluation_commands.h, training_commands.h); the store applies a batch of commands and advances
// the source's cursor in one Lua call (store/lua/apply_batch.lua). This header holds what the
// translations share: the command types, the buckets and the update constructors.
//
// A *fact* is one record that counts (a certificate, an introduction, a completed enrolment, a
// paid claim), keyed by source and record id. AddFact applies its updates once (a second add of
// the same key is ignored) and remembers them; RemoveFact (a revocation) applies their inverse.
// Updates:
//   kCount    — HINCRBY ind:<indicator> <bucket> amount (person-times, money, certificates);
//   kDistinct — person-bucket reference count; the indicator's bucket counts persons whose
//               count is above zero (distinct persons; a revocation decrements);
//   kFirst    — the person's evidence (score = YYYYMMDD); the indicator's buckets of the person's
//               earliest evidence count (first time high-skilled: re-evaluated when evidence is
//               added or removed, whatever the order events arrive in);
//   kPerson   — the person belongs to the talent database (city and district sets; never undone:
//               a revoked certificate is still a record).
//   kTrainee  — a completed enrolment (member) of the person in an occupation (`bucket`), dated
//               `score` (YYYYMMDD), counted in `buckets` of the indicator when the person holds a
//               certificate in that occupation dated from `score` to `score` + 1 year (inclusive);
//   kCertifiedIn — a certificate (member) of the person in an occupation (`bucket`), dated
//               `score`: every trainee entry of that person and occupation is re-matched.
//               Together: the training → certificate conversion, the same whatever order the
//               two feeds arrive in, and re-matched when a certificate is revoked.
//   kMatchClaim  — a record (`person`: its id) joined by `bucket` (the join key) to evidence of
//               another record, counted in `buckets` of the indicator while evidence under that
//               key is present (`amount` 1) or while none is (`amount` 0);
//   kMatchEvidence — evidence `member` under the join key `bucket` of the indicator: every claim
//               on that key is re-matched when the key gains its first or loses its last evidence.
//               Together: joins that do not depend on the order the feeds arrive in (a promotion
//               certified by evaluation's certificate; an entry of a competition not cancelled).
// A *replaced* fact (kReplaceFact) is a record whose state changes: the updates its previous
// state applied are undone and the new state's applied, so it counts once, in its latest state
// (an entry's promotion, a competition's status). Applying the same state twice changes nothing.
// Membership commands keep state sets (eligible enterprises, filed self-evaluation orgs).
//
// Buckets: "Y" (city, year), "Y|d:<district>", "Y|c:<chain>", "Y-MM" (city, month),
// "Y-MM|d:<district>", "Y|l:<level>" (competition level); a current state (no year): "now",
// "now|d:<district>", "now|c:<chain>". Pure, thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge::aggregator {

struct ViewUpdate {
  enum class Kind { kCount, kDistinct, kFirst, kPerson, kTrainee, kCertifiedIn, kMatchClaim, kMatchEvidence };
  Kind kind = Kind::kCount;
  std::string indicator;             // all but kPerson
  std::string person;                // all but kCount and kMatchEvidence; kMatchClaim: the claim's id
  std::string bucket;                // kCount, kDistinct; kPerson: district code ("" = none);
                                     // kTrainee, kCertifiedIn: occupation code; kMatch*: join key
  int64_t amount = 0;                // kCount; kMatchClaim: 1 = counted with evidence, 0 = without
  int64_t score = 0;                 // kFirst, kTrainee, kCertifiedIn: YYYYMMDD
  std::string member;                // kFirst: evidence id; kTrainee: enrolment; kCertifiedIn: number;
                                     // kMatchEvidence: evidence id
  std::vector<std::string> buckets;  // kFirst, kTrainee, kMatchClaim: buckets of that record
};

struct FeedCommand {
  enum class Kind { kAddFact, kRemoveFact, kReplaceFact, kMembership };
  Kind kind = Kind::kAddFact;
  std::string fact_key;             // kAddFact, kRemoveFact, kReplaceFact
  std::vector<ViewUpdate> updates;  // kAddFact, kReplaceFact (none: the fact is removed)
  // kMembership: member of `group` (its district kept), present or not.
  std::string group;
  std::string member;
  std::string district;
  bool present = false;
};

// Membership groups.
inline constexpr char kEligibleEnterprises[] = "eligible_enterprises";
inline constexpr char kFiledSelfEvaluationOrgs[] = "filed_self_evaluation_orgs";

// The five buckets of a record dated `date` in `district` and `chain` (either may be empty: its
// bucket is left out). Empty when the date has no year.
std::vector<std::string> BucketsFor(const common::v1::Date& date, const std::string& district,
                                    const std::string& chain);
// "Y", "Y|d:<district>", "Y|c:<chain>", "Y-MM", "Y-MM|d:<district>".
std::string YearBucket(int year);
std::string DistrictBucket(int year, const std::string& district);
std::string ChainBucket(int year, const std::string& chain);
std::string MonthBucket(int year, int month);
std::string MonthDistrictBucket(int year, int month, const std::string& district);
std::string LevelBucket(int year, const std::string& level);
// The buckets of a record counted by year only (no month): "Y", "Y|d:<district>", "Y|c:<chain>",
// "Y|l:<level>" (empty parts left out). Empty when `year` is not positive.
std::vector<std::string> YearOnlyBuckets(int year, const std::string& district, const std::string& chain,
                                         const std::string& level);

// The buckets of a current state: "now", "now|d:<district>", "now|c:<chain>" (empty parts left out).
std::vector<std::string> CurrentBuckets(const std::string& district, const std::string& chain);
std::string CurrentBucket();
std::string CurrentDistrictBucket(const std::string& district);
std::string CurrentChainBucket(const std::string& chain);

// YYYYMMDD.
int64_t DateScore(const common::v1::Date& date);

// The updates, one constructor per kind.
ViewUpdate CountUpdate(const std::string& indicator, const std::string& bucket, int64_t amount);
ViewUpdate DistinctUpdate(const std::string& indicator, const std::string& person, const std::string& bucket);
ViewUpdate FirstUpdate(const std::string& indicator, const std::string& person, const common::v1::Date& date,
                       const std::string& evidence, std::vector<std::string> buckets);
ViewUpdate PersonUpdate(const std::string& person, const std::string& district);
// The conversion updates (kTrainee, kCertifiedIn) of the training → certificate indicator.
ViewUpdate TraineeUpdate(const std::string& person, const std::string& occupation, const common::v1::Date& completed,
                         const std::string& enrollment_id, std::vector<std::string> buckets);
ViewUpdate CertifiedInUpdate(const std::string& person, const std::string& occupation, const common::v1::Date& issued,
                             const std::string& number);
// The join updates: claim `claim_id` on `key`, counted in `buckets` of `indicator` while evidence
// under `key` is present (`counted_with_evidence`) or absent; evidence `evidence_id` under `key`.
ViewUpdate MatchClaimUpdate(const std::string& indicator, const std::string& key, const std::string& claim_id,
                            bool counted_with_evidence, std::vector<std::string> buckets);
ViewUpdate MatchEvidenceUpdate(const std::string& indicator, const std::string& key, const std::string& evidence_id);

}  // namespace skillbridge::aggregator

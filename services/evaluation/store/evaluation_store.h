#pragma once
// EvaluationStore: the evaluation service's records in its own Redis. Every mutation is one
// AtomicWrite (record + indexes + uniqueness + counters + change event + audit entry +
// idempotency record), built with common/store/record_io.h; reads are plain GET/MGET and index
// scans. Key layout: store/keys.h. Errors: UNAVAILABLE/INTERNAL when Redis fails, DATA_LOSS when
// a stored record does not parse, and the refusals named per method below.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/atomic_write.h"
#include "common/redis/redis_client.h"
#include "common/store/feed.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "skillbridge/evaluation/v1/events.pb.h"

namespace skillbridge::evaluation {

struct OrgFilter {
  std::string district_code;
  v1::OrgKind kind = v1::ORG_KIND_UNSPECIFIED;
  v1::FilingState state = v1::FILING_STATE_UNSPECIFIED;
};

struct CertificateFilter {
  std::string id_number;
  std::string issuer_credit_code;
  std::string district_code;
  int year = 0;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  v1::CertificateType type = v1::CERTIFICATE_TYPE_UNSPECIFIED;
  v1::CertificateStatus status = v1::CERTIFICATE_STATUS_UNSPECIFIED;
};

struct IntroductionFilter {
  std::string district_code;
  int year = 0;
  std::string id_number;
};

struct EnterpriseFilter {
  std::string district_code;
  bool eligible_only = false;
};

struct CoverageCount {
  std::string district_code;
  int64_t eligible = 0;
  int64_t covered = 0;
};

// The certificate counters of one (district, type, level) cell of a year.
struct EvaluationStatsCell {
  std::string district_code;
  v1::CertificateType type = v1::CERTIFICATE_TYPE_UNSPECIFIED;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  // Certificates issued in the year (including ones revoked later).
  int64_t issued = 0;
  // Of those, revoked since.
  int64_t revoked = 0;
};

// One year's counters: certificate cells ordered by (district, type, level), and introductions
// registered per district.
struct EvaluationStats {
  std::vector<EvaluationStatsCell> cells;
  std::vector<std::pair<std::string, int64_t>> introductions;  // (district, count), by district
};

// One certificate to issue, with its event and metadata. When `serial` is set, the certificate's
// number is drawn in the write: `certificate.number()` (and so the event and the response kept for
// retries) holds serial->marker, replaced by the number in Redis.
struct IssueItem {
  v1::Certificate certificate;
  v1::EvaluationEvent event;
  MutationMeta meta;  // a batch item's idempotency key stays empty (the batch keeps one record)
  std::optional<RedisSequence> serial;
  // The issuer's record bytes the checks were made on: the write is refused ORG_CHANGED when
  // Redis holds anything else.
  std::string issuer_bytes;
  // False for certificates without an issuing organisation (competition promotions): no
  // issuer_bytes guard and no issuer index entry.
  bool check_issuer = true;
};

// What a batch chunk's write returned: per written item (by its label, the request index) the
// outcome; `replayed` when the chunk had been written by an earlier call with the same key, whose
// recorded outcomes are returned instead (and nothing was written).
struct IssueChunkOutcome {
  bool replayed = false;
  std::string recorded_fingerprint;  // replayed: the fingerprint the first call recorded
  std::vector<std::pair<int, absl::StatusOr<WriteOutcome>>> items;
};

class EvaluationStore final {
 public:
  // Items per script call when issuing in bulk.
  static constexpr size_t kIssueChunk = 1000;
  // Index members a listing examines at most per call.
  static constexpr int kMaxScanned = 20000;
  // Records of one person read at most by CertificatesOfPerson / IntroductionsOfPerson.
  static constexpr int kMaxPersonRecords = 1000;
  // Keys per MGET when reading enterprises in bulk (a 5,000-code batch takes five round trips
  // rather than one long command that would hold Redis up).
  static constexpr size_t kEnterpriseReadChunk = 1000;

  // `feed_redis` serves the blocking feed reads (long polls) so they never take the
  // connections that writes need; it may be the same client in tests.
  EvaluationStore(RedisClient& redis, RedisClient& feed_redis) : redis_(redis), feed_redis_(feed_redis) {}

  // Loads the scripts and checks (or sets) the schema version.
  absl::Status Initialize();
  absl::Status Ping() { return redis_.Ping(); }

  // The stored response of an earlier request with this idempotency key, if any.
  absl::StatusOr<std::optional<std::string>> LookupIdempotent(const std::string& key);

  // ------------------------------------------------------------ organisations
  absl::StatusOr<std::optional<Stored<v1::EvaluationOrg>>> GetOrg(std::string_view credit_code);
  // ALREADY_EXISTS (ORG_ALREADY_EXISTS) when the credit code is taken.
  absl::StatusOr<WriteOutcome> CreateOrg(const v1::EvaluationOrg& org, const v1::EvaluationEvent& event,
                                         const MutationMeta& meta);
  // ABORTED (CONCURRENT_MODIFICATION) when the stored bytes differ from `old.bytes` (another
  // write came in between).
  absl::StatusOr<WriteOutcome> UpdateOrg(const Stored<v1::EvaluationOrg>& old, const v1::EvaluationOrg& updated,
                                         const v1::EvaluationEvent& event, const MutationMeta& meta);
  // Next 4-digit org code ("0001" …); RESOURCE_EXHAUSTED after 9999.
  absl::StatusOr<std::string> AllocateOrgCode();
  absl::StatusOr<ScanPage<v1::EvaluationOrg>> ListOrgs(const OrgFilter& filter, const std::string& cursor,
                                                       int page_size);

  // ------------------------------------------------------------ certificates
  // Certificates are stored without occupation_name and issuer.name (reference data and the
  // issuer's record hold them): every certificate read here has them empty.
  // Issues one certificate in one script call (idempotency, guards, serial and write together):
  // applied (with the drawn number in sequence_text) or replayed, or refused — ABORTED ORG_CHANGED
  // (the issuer's record changed since issuer_bytes were read: read it again and retry),
  // ALREADY_EXISTS DUPLICATE_CERTIFICATE (the person holds a valid certificate of this type,
  // occupation and level), ALREADY_EXISTS CERTIFICATE_NUMBER_TAKEN, RESOURCE_EXHAUSTED
  // CERTIFICATE_SERIALS_EXHAUSTED.
  absl::StatusOr<WriteOutcome> IssueCertificate(const IssueItem& item);
  // Issues the items of one batch chunk (at most kIssueChunk) in one script call, each on its
  // own with the refusals above, plus the chunk's record: `record_key` (its idempotency record,
  // "" = none), `audit` (one entry for the chunk) and `fingerprint` (of the request, kept with
  // the record; a retry's outcome hands back the first call's). labels[i] is items[i]'s request
  // index. The outer status fails only when Redis does.
  absl::StatusOr<IssueChunkOutcome> IssueCertificateChunk(const std::vector<IssueItem>& items,
                                                          const std::vector<int>& labels, const std::string& record_key,
                                                          const common::v1::AuditEntry& audit,
                                                          const std::string& fingerprint);
  // The certificates stored under `numbers`, in order (nullopt where there is none).
  absl::StatusOr<std::vector<std::optional<v1::Certificate>>> GetCertificates(const std::vector<std::string>& numbers);
  absl::StatusOr<std::optional<Stored<v1::Certificate>>> GetCertificate(std::string_view number);
  // Stores `revoked` and frees the person's uniqueness slot; ABORTED (CONCURRENT_MODIFICATION) when
  // the certificate changed since `old` was read.
  absl::StatusOr<WriteOutcome> RevokeCertificate(const Stored<v1::Certificate>& old, const v1::Certificate& revoked,
                                                 const v1::EvaluationEvent& event, const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::Certificate>> ListCertificates(const CertificateFilter& filter, const std::string& cursor,
                                                             int page_size);
  // The number of the valid certificate that holds the person's uniqueness slot for this type,
  // occupation and level (what DUPLICATE_CERTIFICATE refers to), if any.
  absl::StatusOr<std::optional<std::string>> ValidCertificateNumberFor(std::string_view id_number,
                                                                       v1::CertificateType type,
                                                                       std::string_view occupation_code,
                                                                       common::v1::SkillLevel level);
  // Every certificate of one person (at most kMaxPersonRecords, in number order).
  absl::StatusOr<std::vector<v1::Certificate>> CertificatesOfPerson(std::string_view id_number);

  // ------------------------------------------------------------ introductions
  absl::StatusOr<int64_t> AllocateIntroductionSequence();
  // ALREADY_EXISTS (DUPLICATE_INTRODUCTION) for the same person and outside certificate.
  absl::StatusOr<WriteOutcome> RegisterIntroduction(const v1::Introduction& introduction,
                                                    const v1::EvaluationEvent& event, const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::Introduction>> ListIntroductions(const IntroductionFilter& filter,
                                                               const std::string& cursor, int page_size);
  // Every introduction of one person (at most kMaxPersonRecords, in id order).
  absl::StatusOr<std::vector<v1::Introduction>> IntroductionsOfPerson(std::string_view id_number);

  // ------------------------------------------------------------ enterprises
  absl::StatusOr<std::optional<Stored<v1::Enterprise>>> GetEnterprise(std::string_view credit_code);
  // The enterprises registered under `credit_codes` (canonical), in order (nullopt where there is
  // none); read with MGET in slices of kEnterpriseReadChunk keys.
  absl::StatusOr<std::vector<std::optional<v1::Enterprise>>> GetEnterprises(
      const std::vector<std::string>& credit_codes);
  // `old` is what was read before (nullopt = new); ABORTED (CONCURRENT_MODIFICATION) when the record
  // changed (or, for a new one, was created) meanwhile.
  absl::StatusOr<WriteOutcome> UpsertEnterprise(const std::optional<Stored<v1::Enterprise>>& old,
                                                const v1::Enterprise& updated, const v1::EvaluationEvent& event,
                                                const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::Enterprise>> ListEnterprises(const EnterpriseFilter& filter, const std::string& cursor,
                                                           int page_size);
  absl::StatusOr<std::vector<CoverageCount>> CountCoverage(const std::vector<std::string>& district_codes);

  // ------------------------------------------------------------ stats, feed, audit
  // The year's counters, decoded (fields of another shape are skipped).
  absl::StatusOr<EvaluationStats> ReadStats(int year);
  absl::StatusOr<FeedPage> ReadEvents(const std::string& after_id, int max_events, std::chrono::milliseconds wait);
  absl::StatusOr<FeedPage> ReadAudit(const std::string& before_id, int max_entries);

 private:
  RedisClient& redis_;
  RedisClient& feed_redis_;
};

}  // namespace skillbridge::evaluation

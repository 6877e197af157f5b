#pragma once
// TrainingStore: the training service's records in its own Redis. Every mutation is one
// AtomicWrite (record + indexes + guards + counters + change event + audit entry + idempotency
// record); reads are plain GET/MGET and index scans. Key layout: store/keys.h.
//
// The subsidy rules that count (3 per person per calendar year, the same occupation and level
// once ever, no lower level after a higher one, one counting claim per enrolment, enrolment
// completed) are guards of the claim's AtomicWrite, so that of two racing claims that would
// together break a rule exactly one is stored. A claim counts from submission; rejecting it
// releases what it counted, in the same atomic step.
//
// Cancelling a course is one script call: the course's write (guarded by the course, every open
// enrolment it drops and the seat count being as they were read) followed by one write per
// dropped enrolment, each guarded by the course's write having been applied. Either the course
// is cancelled and every open enrolment dropped (each with its own event and audit entry), or
// nothing is written. Enrolments are refused (COURSE_CANCELLED) once the course is cancelled.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/feed.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "services/training/domain/subsidy_rules.h"
#include "skillbridge/common/v1/audit.pb.h"
#include "skillbridge/training/v1/events.pb.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::training {

struct InstitutionFilter {
  std::string district_code;
  v1::InstitutionKind kind = v1::INSTITUTION_KIND_UNSPECIFIED;
  v1::InstitutionStatus status = v1::INSTITUTION_STATUS_UNSPECIFIED;
  std::string occupation_code;
};

struct CatalogFilter {
  int year = 0;
  std::string occupation_code;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  bool include_withdrawn = false;
};

struct CourseFilter {
  std::string institution_credit_code;
  std::string district_code;
  int year = 0;
  v1::Programme programme = v1::PROGRAMME_UNSPECIFIED;
  std::string occupation_code;
  std::string industry_chain_code;
};

struct EnrollmentFilter {
  std::string course_id;
  std::string institution_credit_code;
  std::string id_number;
  v1::EnrollmentState state = v1::ENROLLMENT_STATE_UNSPECIFIED;
  int year = 0;
  std::string district_code;
};

struct ClaimFilter {
  std::string id_number;
  std::string institution_credit_code;
  std::string district_code;
  v1::ClaimState state = v1::CLAIM_STATE_UNSPECIFIED;
  int year = 0;
};

// One enrolment to write, with its course's capacity, event and metadata.
struct EnrollItem {
  v1::Enrollment enrollment;
  int32_t capacity = 0;
  v1::TrainingEvent event;
  MutationMeta meta;
};

// One open enrolment dropped by a course's cancellation: as read, as it will be, its event and
// audit entry (no idempotency record: the cancellation carries it).
struct CancelDrop {
  Stored<v1::Enrollment> old;
  v1::Enrollment updated;
  v1::TrainingEvent event;
  MutationMeta meta;
};

class TrainingStore final {
 public:
  static constexpr size_t kWriteChunk = 1000;
  static constexpr int kMaxScanned = 20000;

  TrainingStore(RedisClient& redis, RedisClient& feed_redis) : redis_(redis), feed_redis_(feed_redis) {}

  absl::Status Initialize();
  absl::Status Ping() { return redis_.Ping(); }
  absl::StatusOr<std::optional<std::string>> LookupIdempotent(const std::string& key);
  absl::StatusOr<std::vector<std::optional<std::string>>> LookupIdempotentMany(const std::vector<std::string>& keys);
  // The server-assigned ids, drawn inside the write that creates the record (MutationMeta::
  // id_sequence): courses "C" + 10 digits, enrolments "E" + 12, subsidy claims "SC" + 10.
  enum class IdKind { kCourse, kEnrollment, kClaim };
  static RedisSequence NewId(IdKind kind);

  // ------------------------------------------------------------ institutions
  absl::StatusOr<std::optional<Stored<v1::Institution>>> GetInstitution(std::string_view credit_code);
  // ALREADY_EXISTS (INSTITUTION_ALREADY_EXISTS).
  absl::StatusOr<WriteOutcome> CreateInstitution(const v1::Institution& institution, const v1::TrainingEvent& event,
                                                 const MutationMeta& meta);
  // ABORTED (CONCURRENT_MODIFICATION) when the record changed since `old` was read.
  absl::StatusOr<WriteOutcome> UpdateInstitution(const Stored<v1::Institution>& old, const v1::Institution& updated,
                                                 const v1::TrainingEvent& event, const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::Institution>> ListInstitutions(const InstitutionFilter& filter, const std::string& cursor,
                                                             int page_size);

  // ------------------------------------------------------------ catalogue
  absl::StatusOr<std::optional<Stored<v1::CatalogEntry>>> GetCatalogEntry(int year, std::string_view occupation,
                                                                          common::v1::SkillLevel level);
  absl::StatusOr<WriteOutcome> UpsertCatalogEntry(const std::optional<Stored<v1::CatalogEntry>>& old,
                                                  const v1::CatalogEntry& entry, const v1::TrainingEvent& event,
                                                  const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::CatalogEntry>> ListCatalogEntries(const CatalogFilter& filter, const std::string& cursor,
                                                                int page_size);

  // ------------------------------------------------------------ courses
  // FAILED_PRECONDITION (INSTITUTION_NOT_ACTIVE) unless the institution is ACTIVE at write time.
  absl::StatusOr<WriteOutcome> CreateCourse(const v1::Course& course, const v1::TrainingEvent& event,
                                            const MutationMeta& meta);
  // The course with enrolled_count filled in.
  absl::StatusOr<std::optional<v1::Course>> GetCourse(std::string_view id);
  // The course as stored (bytes exactly as read; record with enrolled_count filled in).
  absl::StatusOr<std::optional<Stored<v1::Course>>> GetStoredCourse(std::string_view id);
  // Every enrolment of the course (any state), in id order, with the bytes they were read as.
  absl::StatusOr<std::vector<Stored<v1::Enrollment>>> ReadCourseEnrollments(std::string_view course_id);
  // Stores `cancelled` and drops every enrolment of `drops`, atomically (see above). ABORTED
  // (CONCURRENT_MODIFICATION) when the course, one of the enrolments or the course's seat count
  // (a new enrolment) changed since they were read; nothing is written then.
  absl::StatusOr<WriteOutcome> CancelCourse(const Stored<v1::Course>& old, const v1::Course& cancelled,
                                            const std::vector<CancelDrop>& drops, const v1::TrainingEvent& event,
                                            const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::Course>> ListCourses(const CourseFilter& filter, const std::string& cursor,
                                                   int page_size);

  // ------------------------------------------------------------ enrolments
  // Each item on its own: FAILED_PRECONDITION COURSE_FULL / INSTITUTION_NOT_ACTIVE /
  // COURSE_CANCELLED, ALREADY_EXISTS ALREADY_ENROLLED. The outer status fails only when Redis does.
  absl::StatusOr<std::vector<absl::StatusOr<WriteOutcome>>> Enroll(const std::vector<EnrollItem>& items);
  // The enrolment with claim_id filled in.
  absl::StatusOr<std::optional<Stored<v1::Enrollment>>> GetEnrollment(std::string_view id);
  // `subsidised` adds the completion to the subsidised person-times of its year.
  absl::StatusOr<WriteOutcome> CompleteEnrollment(const Stored<v1::Enrollment>& old, const v1::Enrollment& updated,
                                                  bool subsidised, const v1::TrainingEvent& event,
                                                  const MutationMeta& meta);
  // Frees the seat.
  absl::StatusOr<WriteOutcome> DropEnrollment(const Stored<v1::Enrollment>& old, const v1::Enrollment& updated,
                                              const v1::TrainingEvent& event, const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::Enrollment>> ListEnrollments(const EnrollmentFilter& filter, const std::string& cursor,
                                                           int page_size);

  // ------------------------------------------------------------ subsidy claims
  // The person's counting claims: every (occupation, level) and the count in `year`.
  absl::StatusOr<PersonSubsidies> ReadPersonSubsidies(std::string_view id_number, int year);
  // What a claim is decided on, read in two pipelined round trips: first the idempotency record
  // under `idempotency_key` ("" = none) and the enrolment (with claim_id); then, unless that
  // answered already (a replay, or no such enrolment), the catalogue entry of the enrolment's
  // course year, occupation and level, the person's counting claims in `claim_year` and the
  // institution.
  struct ClaimInputs {
    std::optional<std::string> replay;
    std::optional<Stored<v1::Enrollment>> enrollment;
    std::optional<Stored<v1::CatalogEntry>> catalogue;
    PersonSubsidies person;
    std::optional<Stored<v1::Institution>> institution;
  };
  absl::StatusOr<ClaimInputs> ReadClaimInputs(const std::string& idempotency_key, std::string_view enrollment_id,
                                              int claim_year);
  // Stores a SUBMITTED claim and counts it, guarded by every counting rule (reasons as in
  // domain/subsidy_rules.h, plus ENROLLMENT_ALREADY_CLAIMED).
  absl::StatusOr<WriteOutcome> SubmitClaim(const v1::SubsidyClaim& claim, const v1::TrainingEvent& event,
                                           const MutationMeta& meta);
  absl::StatusOr<std::optional<Stored<v1::SubsidyClaim>>> GetClaim(std::string_view id);
  // APPROVED, REJECTED (releases the counting) or PAID (adds to the paid stats of its year).
  absl::StatusOr<WriteOutcome> UpdateClaim(const Stored<v1::SubsidyClaim>& old, const v1::SubsidyClaim& updated,
                                           const v1::TrainingEvent& event, const MutationMeta& meta);
  absl::StatusOr<ScanPage<v1::SubsidyClaim>> ListClaims(const ClaimFilter& filter, const std::string& cursor,
                                                        int page_size);

  // ------------------------------------------------------------ stats, feed, audit
  // The year's counters, one row per (district, programme, industry chain) cell in that order
  // (district_code, programme and industry_chain_code set; totals are the caller's).
  absl::StatusOr<std::vector<v1::TrainingStatsRow>> ReadStats(int year);
  absl::StatusOr<FeedPage> ReadEvents(const std::string& after_id, int max_events, std::chrono::milliseconds wait);
  absl::StatusOr<FeedPage> ReadAudit(const std::string& before_id, int max_entries);

 private:
  absl::Status FillSeats(std::vector<v1::Course*> courses);
  absl::Status FillClaimIds(std::vector<v1::Enrollment*> enrollments);

  RedisClient& redis_;
  RedisClient& feed_redis_;
};

}  // namespace skillbridge::training

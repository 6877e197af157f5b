#pragma once
// SpecialtyStore: the schools' specialties in the education store's Redis (keys.h
// "Specialties"), over EducationStore's RedisClient; handlers make one per call from
// EducationStore::redis(). Every mutation is one script call (AtomicWrite): record + indexes +
// the specialty-state hash + the education:now counters + SpecialtyChanged + audit entry +
// idempotency record.
//
// The rules that hold under concurrent calls are guards of the write itself:
//   - a code the school has: ALREADY_EXISTS SPECIALTY_EXISTS (the record key absent);
//   - the school changed since it was read (its kind, its status): ABORTED CONCURRENT_MODIFICATION
//     (a new specialty and a change of levels are guarded by the school's bytes);
//   - a specialty changed since it was read: ABORTED CONCURRENT_MODIFICATION;
//   - closing while students are enrolled: FAILED_PRECONDITION STUDENTS_ENROLLED
//     (education:specialtyload "<school>|<code>" below 1);
//   - dropping a level students are enrolled toward: FAILED_PRECONDITION LEVEL_IN_USE
//     (education:specialtyload "<school>|<code>|<level>" below 1).
// education:now (the school's district): specialties (ACTIVE), featured (ACTIVE ∧ featured),
// chain_specialties (ACTIVE ∧ a chain) move with each change. enrolled_count is not stored: the
// student part keeps education:specialtyload, read here with the records.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/education/v1/events.pb.h"

namespace skillbridge::education {

// ListSpecialties' filters (AND; empty / UNSPECIFIED / false = any). `industry_chain_code`
// "none" = specialties without a chain.
struct SpecialtyFilter {
  std::string school_credit_code;
  std::string district_code;
  std::string industry_chain_code;
  v1::SpecialtyStatus status = v1::SPECIALTY_STATUS_UNSPECIFIED;
  bool featured_only = false;
};

// A specialty moving from `old` to `updated`, with what else guards the write.
struct SpecialtyChange {
  Stored<v1::Specialty> old;
  v1::Specialty updated;
  // When set: the school's bytes as read (the change depended on its kind).
  std::optional<std::string> school_bytes;
  // Levels dropped (each guarded: no students toward it).
  std::vector<v1::TrainingLevel> removed_levels;
  // Closing (guarded: no students enrolled).
  bool closing = false;
};

class SpecialtyStore final {
 public:
  static constexpr int kMaxScanned = 20000;

  explicit SpecialtyStore(RedisClient& redis) : redis_(redis) {}

  // The specialty `code` of `school` as stored (enrolled_count not filled), or nullopt.
  absl::StatusOr<std::optional<Stored<v1::Specialty>>> GetSpecialty(std::string_view school, std::string_view code);

  // Students ENROLLED in the specialty now (education:specialtyload).
  absl::StatusOr<int64_t> EnrolledCount(std::string_view school, std::string_view code);
  // enrolled_count filled in every one of `specialties` (one HMGET).
  absl::Status FillEnrolledCounts(std::vector<v1::Specialty*> specialties);

  // A new specialty of the school read as `school_bytes` (SPECIALTY_EXISTS for a known code).
  absl::StatusOr<WriteOutcome> CreateSpecialty(const v1::Specialty& specialty, const std::string& school_bytes,
                                               const v1::EducationEvent& event, const MutationMeta& meta);

  absl::StatusOr<WriteOutcome> ChangeSpecialty(const SpecialtyChange& change, const v1::EducationEvent& event,
                                               const MutationMeta& meta);

  // The school's specialty generation ("" before its first specialty): read it before
  // SpecialtiesOf and pass it to SchoolStore::ChangeSchool, so that a specialty written in between
  // refuses the school's change.
  absl::StatusOr<std::string> Generation(std::string_view school);

  // Every specialty of the school (UpdateSchool's kind check), at most kMaxScanned.
  absl::StatusOr<std::vector<v1::Specialty>> SpecialtiesOf(std::string_view school);

  absl::StatusOr<ScanPage<v1::Specialty>> ListSpecialties(const SpecialtyFilter& filter, const std::string& cursor,
                                                          int page_size);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::education

#pragma once
// SchoolStore: the technical schools in the education store's Redis (keys.h "Schools"), over
// EducationStore's RedisClient; handlers make one per call from EducationStore::redis(). Every
// mutation is one script call (AtomicWrite): record + indexes + the school-state hash + the
// education:now counter + SchoolChanged + audit entry + idempotency record.
//
// The rules that hold under concurrent calls are guards of the write itself:
//   - a credit code registered before: ALREADY_EXISTS SCHOOL_EXISTS (the record key absent);
//   - a school changed since it was read: ABORTED CONCURRENT_MODIFICATION (guarded by its bytes).
// education:schoolstate holds each school's SchoolStatus name (the student part's guard of an
// enrolment) and education:now "<district>|schools" counts the ACTIVE ones; both move in the same
// write as the record.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/filtered_scan.h"
#include "common/store/mutation.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/education/v1/events.pb.h"

namespace skillbridge::education {

// ListSchools' filters (AND; empty / UNSPECIFIED = any).
struct SchoolFilter {
  std::string district_code;
  v1::SchoolKind kind = v1::SCHOOL_KIND_UNSPECIFIED;
  v1::Ownership ownership = v1::OWNERSHIP_UNSPECIFIED;
  v1::SchoolStatus status = v1::SCHOOL_STATUS_UNSPECIFIED;
  v1::FilingStatus filing_status = v1::FILING_STATUS_UNSPECIFIED;
};

class SchoolStore final {
 public:
  static constexpr int kMaxScanned = 20000;

  explicit SchoolStore(RedisClient& redis) : redis_(redis) {}

  // The school with `credit_code` (canonical) as stored, or nullopt.
  absl::StatusOr<std::optional<Stored<v1::School>>> GetSchool(std::string_view credit_code);

  // A new school (SCHOOL_EXISTS when its credit code is known).
  absl::StatusOr<WriteOutcome> CreateSchool(const v1::School& school, const v1::EducationEvent& event,
                                            const MutationMeta& meta);

  // The school as `updated` (its fields, filing, or status), the state hash and the counter moved
  // with its status. The district never changes. Closing is refused while the school has ACTIVE
  // specialties (SPECIALTIES_ACTIVE) or ACTIVE partnerships (PARTNERSHIPS_ACTIVE), guarded in the
  // write on education:schoolload, which the specialty and partnership writes keep. With
  // `specialty_generation` (SpecialtyStore::Generation as read before the specialties were
  // checked), a specialty written since refuses the change: ABORTED CONCURRENT_MODIFICATION.
  absl::StatusOr<WriteOutcome> ChangeSchool(const Stored<v1::School>& old, const v1::School& updated,
                                            const v1::EducationEvent& event, const MutationMeta& meta,
                                            const std::optional<std::string>& specialty_generation = std::nullopt);

  absl::StatusOr<ScanPage<v1::School>> ListSchools(const SchoolFilter& filter, const std::string& cursor,
                                                   int page_size);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::education

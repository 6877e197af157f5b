#pragma once
// StudentStore: the student records (学籍) in the education store's Redis (keys.h "Students"),
// over EducationStore's RedisClient; handlers make one per call from EducationStore::redis().
// Every mutation is one script call (AtomicWrite): record + indexes + guards + counters (the
// domain's RecordCounterDeltas: education:now, education:stats:<year>, education:specialtyload)
// + change event + audit entry + idempotency record.
//
// The rules that hold under concurrent calls are guards of the write itself:
//   - one active enrolment per person: education:active:<id number> absent to enrol (FAILED_
//     PRECONDITION ALREADY_ENROLLED), equal to the record's id to leave ENROLLED;
//   - the school and specialty enrolled into (or transferred to) ACTIVE (education:schoolstate /
//     specialtystate: FAILED_PRECONDITION SCHOOL_CLOSED / SPECIALTY_CLOSED) and the specialty as
//     read (its levels decided LEVEL_NOT_TRAINED: ABORTED CONCURRENT_MODIFICATION otherwise);
//   - a record changed since it was read: ABORTED CONCURRENT_MODIFICATION.
// A transfer is two AtomicWrites in one script call (ApplyLinkedWrites, linked by
// education:studentlink:<old id>): the first closes the old record, opens the new one and moves
// every counter, with StudentChanged of the old record; the second emits StudentChanged of the
// new one. The new id is drawn by the first write's sequence, which gives the number back to the
// counter as its last op (INCRBY -1); the second write draws the same counter again and so gets
// the same number in the same script call (the ids stay gap-free, both events carry it).
// Batches (enrolment, graduation) go in chunks of kChunkRows writes, each chunk one script call
// with its own batch record "<idempotency key>#<first row>" (labels: the row index).
// Lists are newest record first (reverse order of the ids). Thread-safe (the RedisClient is).

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

struct StudentFilter {
  std::string school_credit_code;
  std::string district_code;
  std::string specialty_code;
  v1::StudentStatus status = v1::STUDENT_STATUS_UNSPECIFIED;
  int cohort = 0;
  int graduation_year = 0;
  std::string id_number;
};

// A new ENROLLED record (its id the sequence's marker) with what its write is guarded by.
struct EnrolmentWrite {
  v1::Student student;
  std::string specialty_bytes;  // the specialty as read
  v1::EducationEvent event;
  MutationMeta meta;  // carries the id sequence
};

// A record moving from `old` to `updated` (graduation, withdrawal, first destination, reward).
struct StudentChange {
  Stored<v1::Student> old;
  v1::Student updated;
  v1::EducationEvent event;
  MutationMeta meta;
  int change_year = 0;  // the call's year (reward counters)
};

// A transfer: `old` closed as `from`, `to` opened (ids: the marker of meta.id_sequence).
struct TransferWrite {
  Stored<v1::Student> old;
  v1::Student from;
  v1::Student to;
  std::string specialty_bytes;  // the destination specialty as read
  v1::EducationEvent from_event;
  v1::EducationEvent to_event;
  MutationMeta meta;
};

// A chunk's outcome per row (request index): the status and, when applied, the drawn id.
struct RowOutcome {
  int index = 0;
  absl::Status status;
  std::string drawn_id;
};
struct ChunkOutcome {
  bool replayed = false;
  std::string recorded_fingerprint;
  std::vector<RowOutcome> rows;
};

class StudentStore final {
 public:
  static constexpr int kChunkRows = 1000;
  static constexpr int kMaxScanned = 20000;

  explicit StudentStore(RedisClient& redis) : redis_(redis) {}

  absl::StatusOr<std::optional<Stored<v1::Student>>> GetStudent(std::string_view id);
  // The records of `ids` in order (nullopt: none), one MGET.
  absl::StatusOr<std::vector<std::optional<Stored<v1::Student>>>> GetStudents(const std::vector<std::string>& ids);
  // The id of the person's ENROLLED record, "" when none.
  absl::StatusOr<std::string> ActiveEnrolmentOf(std::string_view id_number);
  // The active-enrolment ids of many persons, in order ("" when none), one MGET.
  absl::StatusOr<std::vector<std::string>> ActiveEnrolmentsOf(const std::vector<std::string>& id_numbers);

  absl::StatusOr<WriteOutcome> Enrol(const EnrolmentWrite& write);
  // Rows of one batch chunk (labels: `indexes`), with the chunk's record `record_key` ("" = none).
  absl::StatusOr<ChunkOutcome> EnrolChunk(const std::vector<EnrolmentWrite>& writes, const std::vector<int>& indexes,
                                          const std::string& record_key, const std::string& fingerprint);
  absl::StatusOr<WriteOutcome> Change(const StudentChange& change);
  absl::StatusOr<ChunkOutcome> ChangeChunk(const std::vector<StudentChange>& changes, const std::vector<int>& indexes,
                                           const std::string& record_key, const std::string& fingerprint);
  absl::StatusOr<WriteOutcome> Transfer(const TransferWrite& write);

  // Newest record first.
  absl::StatusOr<ScanPage<v1::Student>> ListStudents(const StudentFilter& filter, const std::string& cursor,
                                                     int page_size);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::education

#pragma once
// The progress file of an import (`<input>.progress`), so that `--resume` after Ctrl-C, a crash or
// a lost connection continues where the run stopped. One line per finished batch, appended and
// flushed to disk (fdatasync) as soon as the batch's answer is in, before the next is counted:
//   skillbridge-import 1 <kind> <sha256 of the file> <batch size>      (first line)
//   refused <row index> <field> <reason>          (a row of the batch below refused; 0 or more)
//   batch <first row index> <rows> <new> <replayed>  (the batch answered: closes its refusals)
// (fields tab-separated; tabs and line breaks in a reason become spaces). A line cut short by a
// crash, and refusals without their batch line, are ignored, so that batch is sent again (the request id makes that a
// replay). Not thread-safe: the runner appends from one thread.

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace skillbridge::cli {

struct JournalRefusal {
  size_t row = 0;     // index among the file's data rows (0 = the first row after the header)
  std::string field;  // the column's header, or the field path when no column fills it
  std::string reason;
};

struct JournalBatch {
  size_t first_row = 0;
  size_t rows = 0;
  int64_t added = 0;
  int64_t replayed = 0;
  std::vector<JournalRefusal> refusals;
};

struct JournalState {
  std::string kind;
  std::string file_sha256;
  int batch_size = 0;
  std::map<size_t, JournalBatch> batches;  // by first row
};

// The state in `path`; NOT_FOUND when there is no such file; FAILED_PRECONDITION when it is not a
// progress file.
absl::StatusOr<JournalState> ReadJournal(const std::string& path);

class JournalWriter {
 public:
  JournalWriter() = default;
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // Starts a new file (truncating any old one) with the first line, or, with `append`, continues
  // one whose first line matches. INTERNAL naming the path when it cannot be written.
  absl::Status Open(const std::string& path, const std::string& kind, const std::string& file_sha256, int batch_size,
                    bool append);
  // Records one answered batch and syncs it to disk.
  absl::Status Record(const JournalBatch& batch);
  // Removes the file (the import finished with nothing left to resume).
  void Remove();

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace skillbridge::cli

#pragma once
// RunImport: one spreadsheet through one kind of import (import_spec.h), the engine behind
// `skillbridge import`:
//  1. reads the file (CSV in UTF-8 or GBK, or .xlsx: table/sheet_file.h) and maps its headers to
//     the spec's columns (missing required columns are refused before anything is sent; other
//     columns are ignored and named);
//  2. builds every row's message and runs the spec's local check (the service's own validators)
//     when reference data is at hand: a row that fails is refused here and never sent;
//  3. with `dry_run`, stops there and reports;
//  4. otherwise sends the rows in batches of fixed row ranges (row i is in batch i / batch_size),
//     `concurrency` batches at a time, each with a request id derived from the file's SHA-256, the
//     kind and the batch's first row and size, so that sending a batch again (a retry, a re-run of
//     the same file, a resumed run) is answered with the first result and never writes twice;
//     UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED and DEADLINE_EXCEEDED are retried with backoff
//     (`max_attempts`); UNAUTHENTICATED and PERMISSION_DENIED stop the run;
//  5. records every answered batch in the progress file (import_journal.h) as it comes, so
//     `resume` skips what was answered before (the journal's batch size is used);
//  6. writes the error file (error_file.h) with every refused row, this run's and earlier ones'.
// `stop` (set by Ctrl-C) ends the run after the batches in flight. Thread-safe per call.

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/cli/connection.h"
#include "tools/cli/import/import_spec.h"
#include "tools/cli/import/row_builder.h"
#include "tools/cli/table/sheet_file.h"

namespace skillbridge::cli {

inline constexpr int kDefaultImportBatch = 500;
inline constexpr int kMaxImportConcurrency = 16;
// Most data rows one file may hold (every row is built before the first is sent): 1,000,000.
inline constexpr size_t kMaxImportRows = 1'000'000;

struct ImportOptions {
  std::string path;
  SheetReadOptions read;
  bool dry_run = false;
  bool resume = false;
  int batch_size = 0;  // 0 = min(kDefaultImportBatch, the method's maximum)
  int concurrency = 4;
  int max_attempts = 6;
  std::string error_file;    // empty = DefaultErrorFilePath(path)
  std::string journal_file;  // empty = path + ".progress"
  std::vector<FlagValueText> flag_values;
  // Reference data for the local checks; null = no local checks (the service checks alone).
  std::shared_ptr<const ReferenceData> reference;
  common::v1::Date today;
  bool terminal = false;  // stderr is a terminal: a redrawn progress bar
};

struct ImportSummary {
  size_t rows = 0;             // data rows in the file
  size_t added = 0;            // written by this run
  size_t replayed = 0;         // answered with an earlier run's result (already written)
  size_t earlier = 0;          // answered in an earlier run of a --resume
  size_t refused = 0;          // refused, locally or by the service (all in the error file)
  size_t refused_locally = 0;  // of those, refused before sending
  size_t unsent = 0;           // not confirmed: stopped, or the service stayed unavailable
  bool interrupted = false;    // stopped by `stop`
  std::string error_file;      // written when refused > 0
  std::string journal_file;    // kept when unsent > 0
  std::vector<std::string> ignored_columns;
  std::string stop_reason;  // why the run stopped early (authentication, permission...)
};

// INVALID_ARGUMENT (nothing sent) for a file that cannot be read, missing columns, no data rows,
// more than kMaxImportRows rows, a missing required flag value, a --resume whose progress file belongs to another file
// or kind, or a whole-file kind with more rows than its method takes; otherwise the summary.
absl::StatusOr<ImportSummary> RunImport(const ImportSpec& spec, const ImportOptions& options,
                                        const Connection* connection, const std::atomic<bool>& stop);

// The request id of the batch of `first_row` (pure; exposed for tests).
std::string ImportRequestId(const std::string& file_sha256, const std::string& kind, size_t first_row, int batch_size);

}  // namespace skillbridge::cli

#pragma once
// The progress of an import on stderr. On a terminal, one line redrawn in place at most 10 times a
// second: a bar, rows done of the total, rows/s and the time left, e.g.
//   [##########----------]  52,000/100,000  4,310 rows/s  ETA 0:11
// Elsewhere (a log file, a pipe, CI), a plain line every `interval` (default 5 s), so logs stay
// readable. Finish() prints the last state and a line end. Thread-safe (Advance may be called from
// any worker).

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

namespace skillbridge::cli {

class ImportProgress {
 public:
  // `total`: rows to send; `already`: rows done before (a resumed run), shown but not in the rate.
  ImportProgress(size_t total, size_t already, bool terminal, std::FILE* out = stderr,
                 std::chrono::milliseconds interval = std::chrono::seconds(5));

  void Advance(size_t rows);
  void Finish();

  // The line shown for `done` of `total` rows at `rows_per_second` (pure, for tests).
  static std::string Render(size_t done, size_t total, double rows_per_second, bool bar);

 private:
  void PrintLocked(bool final);

  const size_t total_;
  const size_t already_;
  const bool terminal_;
  std::FILE* const out_;
  const std::chrono::milliseconds interval_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mu_;
  size_t done_ = 0;
  std::chrono::steady_clock::time_point last_print_ = start_;
};

}  // namespace skillbridge::cli

#pragma once
// A progress bar on stderr for one phase of the simulator: percentage, count and rate. Redraws
// in place on a terminal; elsewhere (logs, pipes) prints a line at every tenth and at the end.
// Thread-safe.

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace skillbridge::simulator {

class Progress final {
 public:
  // `out` may be null (silent).
  Progress(std::ostream* out, std::string phase, int64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void Add(int64_t done);
  // Prints the final line (once); `note` is appended, e.g. "41 refused as planned".
  void Finish(const std::string& note = "");

 private:
  void DrawLocked(bool final) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::ostream* out_;
  const std::string phase_;
  const int64_t total_;
  const bool terminal_;
  const absl::Time start_;
  absl::Mutex mu_;
  int64_t done_ ABSL_GUARDED_BY(mu_) = 0;
  int last_tenth_ ABSL_GUARDED_BY(mu_) = -1;
  absl::Time last_draw_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace skillbridge::simulator

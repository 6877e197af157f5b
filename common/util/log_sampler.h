#pragma once
// LogSampler: lets at most `per_second` log lines of one kind through per second (e.g. refusals
// of calls without a valid token, which a flood can make by the thousand) and counts the rest, so
// a flood neither fills the log nor costs a write per call. The count of lines held back is
// handed to the next line that passes, so nothing goes unreported. Thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace skillbridge {

class LogSampler final {
 public:
  explicit LogSampler(int64_t per_second) : per_second_(per_second) {}

  // nullopt: hold this line back (it is counted). Otherwise write it, with the number of lines
  // held back since the last one written (0 when none).
  std::optional<int64_t> Admit(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) {
    absl::MutexLock lock(&mu_);
    if (now - window_start_ >= std::chrono::seconds(1)) {
      window_start_ = now;
      admitted_in_window_ = 0;
    }
    if (admitted_in_window_ >= per_second_) {
      ++held_back_;
      return std::nullopt;
    }
    ++admitted_in_window_;
    const int64_t held_back = held_back_;
    held_back_ = 0;
    return held_back;
  }

 private:
  const int64_t per_second_;
  absl::Mutex mu_;
  std::chrono::steady_clock::time_point window_start_ ABSL_GUARDED_BY(mu_);
  int64_t admitted_in_window_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t held_back_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace skillbridge

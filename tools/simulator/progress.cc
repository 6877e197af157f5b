#include "tools/simulator/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "absl/time/clock.h"

namespace skillbridge::simulator {

namespace {

constexpr int kBarWidth = 30;

std::string Thousands(int64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    out.push_back(digits[static_cast<size_t>(i)]);
    if ((n - i - 1) % 3 == 0 && i != n - 1) {
      out.push_back(',');
    }
  }
  return out;
}

}  // namespace

Progress::Progress(std::ostream* out, std::string phase, int64_t total)
    : out_(out),
      phase_(std::move(phase)),
      total_(std::max<int64_t>(total, 0)),
      terminal_(out != nullptr && isatty(STDERR_FILENO) != 0),
      start_(absl::Now()) {
  absl::MutexLock lock(&mu_);
  last_draw_ = absl::InfinitePast();
  DrawLocked(false);
}

Progress::~Progress() { Finish(); }

void Progress::Add(int64_t done) {
  absl::MutexLock lock(&mu_);
  done_ += done;
  DrawLocked(false);
}

void Progress::Finish(const std::string& note) {
  absl::MutexLock lock(&mu_);
  if (finished_) {
    return;
  }
  finished_ = true;
  DrawLocked(true);
  if (out_ != nullptr) {
    if (!note.empty()) {
      *out_ << "  " << note;
    }
    *out_ << "\n" << std::flush;
  }
}

void Progress::DrawLocked(bool final) {
  if (out_ == nullptr) {
    return;
  }
  const absl::Time now = absl::Now();
  const double share = total_ == 0 ? 1.0 : std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
  const int tenth = static_cast<int>(share * 10);
  if (!final) {
    if (terminal_ && now - last_draw_ < absl::Milliseconds(100)) {
      return;
    }
    if (!terminal_ && (tenth == last_tenth_ || tenth >= 10)) {
      return;  // the final line comes from Finish
    }
  }
  last_draw_ = now;
  last_tenth_ = tenth;
  const double seconds = absl::ToDoubleSeconds(now - start_);
  const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0.0;
  const int filled = static_cast<int>(share * kBarWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  char line[256];
  std::snprintf(line, sizeof(line), "%-14s %3d%% [%s] %s/%s  %.0f/s  %.1fs", phase_.c_str(),
                static_cast<int>(share * 100), bar.c_str(), Thousands(done_).c_str(), Thousands(total_).c_str(), rate,
                seconds);
  if (terminal_) {
    *out_ << "\r" << line;
    if (!final) {
      *out_ << std::flush;
    }
  } else if (!final) {
    *out_ << line << "\n" << std::flush;
  } else {
    *out_ << line;
  }
}

}  // namespace skillbridge::simulator

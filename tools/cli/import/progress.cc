// The import's progress line (progress.h).

#include "tools/cli/import/progress.h"

#include <cmath>

#include "common/util/concat.h"

namespace skillbridge::cli {
namespace {

// 100000 → "100,000".
std::string Grouped(size_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<size_t>(i), ",");
  }
  return digits;
}

std::string Duration(double seconds) {
  const long total = std::lround(seconds);
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof(text), "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof(text), "%ld:%02ld", total / 60, total % 60);
  }
  return text;
}

}  // namespace

ImportProgress::ImportProgress(size_t total, size_t already, bool terminal, std::FILE* out,
                               std::chrono::milliseconds interval)
    : total_(total), already_(already), terminal_(terminal), out_(out), interval_(interval) {}

std::string ImportProgress::Render(size_t done, size_t total, double rows_per_second, bool bar) {
  std::string line;
  if (bar) {
    constexpr int kWidth = 20;
    const int filled = total == 0 ? kWidth : static_cast<int>(kWidth * static_cast<double>(done) / total);
    line = "[" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "]  ";
  }
  line += Concat(Grouped(done), "/", Grouped(total), " rows");
  if (rows_per_second > 0) {
    line += Concat("  ", Grouped(static_cast<size_t>(rows_per_second)), " rows/s");
    if (done < total) {
      line += Concat("  ETA ", Duration(static_cast<double>(total - done) / rows_per_second));
    }
  }
  return line;
}

void ImportProgress::Advance(size_t rows) {
  std::lock_guard<std::mutex> lock(mu_);
  done_ += rows;
  const auto now = std::chrono::steady_clock::now();
  const auto wait = terminal_ ? std::chrono::milliseconds(100) : interval_;
  if (now - last_print_ >= wait) {
    last_print_ = now;
    PrintLocked(false);
  }
}

void ImportProgress::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  PrintLocked(true);
}

void ImportProgress::PrintLocked(bool final) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
  const std::string line = Render(already_ + done_, total_, rate, terminal_);
  if (terminal_) {
    std::fprintf(out_, "\r\x1b[K%s%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(out_, "progress: %s\n", line.c_str());
  }
  std::fflush(out_);
}

}  // namespace skillbridge::cli

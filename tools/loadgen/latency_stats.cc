#include "tools/loadgen/latency_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "absl/strings/str_format.h"
#include "common/util/json_line.h"

namespace skillbridge::loadgen {
namespace {

constexpr std::array<const char*, kStatusCodes> kCodeNames = {
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

double Ms(int64_t ns) { return static_cast<double>(ns) / 1e6; }

std::string Number(double value) {
  if (!std::isfinite(value)) {
    return "0";
  }
  return absl::StrFormat("%.3f", value);
}

}  // namespace

std::string StatusCodeName(int code) {
  if (code >= 0 && code < kStatusCodes) {
    return kCodeNames[static_cast<size_t>(code)];
  }
  return absl::StrFormat("CODE_%d", code);
}

void LatencyStats::Record(int64_t latency_ns, int status_code, int64_t items) {
  latencies_ns_.push_back(latency_ns);
  const size_t slot = status_code >= 0 && status_code < kStatusCodes ? static_cast<size_t>(status_code) : kStatusCodes;
  ++codes_[slot];
  items_ += items;
}

void LatencyStats::Merge(const LatencyStats& other) {
  latencies_ns_.insert(latencies_ns_.end(), other.latencies_ns_.begin(), other.latencies_ns_.end());
  for (size_t i = 0; i < codes_.size(); ++i) {
    codes_[i] += other.codes_[i];
  }
  items_ += other.items_;
}

int64_t LatencyStats::count_of(int status_code) const {
  const size_t slot = status_code >= 0 && status_code < kStatusCodes ? static_cast<size_t>(status_code) : kStatusCodes;
  return codes_[slot];
}

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const size_t index = rank < 1 ? 0 : std::min(sorted.size() - 1, static_cast<size_t>(rank) - 1);
  return sorted[index];
}

Summary Summarize(const LatencyStats& stats, double seconds) {
  Summary summary;
  summary.seconds = seconds;
  summary.calls = stats.calls();
  summary.ok = stats.count_of(0);
  for (int code = 1; code <= kStatusCodes; ++code) {
    const int64_t n = stats.count_of(code);
    if (n > 0) {
      summary.errors[code == kStatusCodes ? std::string("OTHER") : StatusCodeName(code)] = n;
    }
  }
  summary.items = stats.items();
  if (seconds > 0) {
    summary.calls_per_s = static_cast<double>(summary.calls) / seconds;
    summary.items_per_s = static_cast<double>(summary.items) / seconds;
  }
  std::vector<int64_t> sorted = stats.latencies_ns();
  std::sort(sorted.begin(), sorted.end());
  summary.p50_ms = Ms(Percentile(sorted, 50));
  summary.p90_ms = Ms(Percentile(sorted, 90));
  summary.p99_ms = Ms(Percentile(sorted, 99));
  summary.max_ms = sorted.empty() ? 0 : Ms(sorted.back());
  if (!sorted.empty()) {
    long double total = 0;
    for (const int64_t ns : sorted) {
      total += static_cast<long double>(ns);
    }
    summary.mean_ms = static_cast<double>(total / static_cast<long double>(sorted.size())) / 1e6;
  }
  return summary;
}

std::string ToJson(const Summary& s) {
  std::string errors = "{";
  bool first = true;
  for (const auto& [name, count] : s.errors) {
    errors += absl::StrFormat("%s%s:%d", first ? "" : ",", JsonString(name), count);
    first = false;
  }
  errors += "}";
  return absl::StrFormat(
      "{\"scenario\":%s,\"label\":%s,\"target\":%s,\"concurrency\":%d,\"seconds\":%s,\"calls\":%d,\"ok\":%d,"
      "\"errors\":%s,\"items\":%d,\"calls_per_s\":%s,\"items_per_s\":%s,"
      "\"latency_ms\":{\"p50\":%s,\"p90\":%s,\"p99\":%s,\"max\":%s,\"mean\":%s}}",
      JsonString(s.scenario), JsonString(s.label), JsonString(s.target), s.concurrency, Number(s.seconds), s.calls,
      s.ok, errors, s.items, Number(s.calls_per_s), Number(s.items_per_s), Number(s.p50_ms), Number(s.p90_ms),
      Number(s.p99_ms), Number(s.max_ms), Number(s.mean_ms));
}

std::string ToResultLine(const Summary& s) {
  std::string errors;
  for (const auto& [name, count] : s.errors) {
    errors += absl::StrFormat("%s%s=%d", errors.empty() ? "" : ",", name, count);
  }
  return absl::StrFormat("RESULT\t%s\t%s\t%d\t%.1f\t%.1f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%s", s.scenario, s.label,
                         s.concurrency, s.calls_per_s, s.items_per_s, s.p50_ms, s.p90_ms, s.p99_ms, s.max_ms, s.calls,
                         errors.empty() ? "-" : errors);
}

}  // namespace skillbridge::loadgen

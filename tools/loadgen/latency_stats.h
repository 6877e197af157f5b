#pragma once
// LatencyStats: what one load-generator run measured — per-call latencies, the status code of
// every call, items (certificates per bulk call), and the measured wall time — and the summary
// derived from it: throughput, p50/p90/p99/max latency, error counts by status code. Summaries
// print as one JSON object and as one tab-separated RESULT line (read by scripts/bench.sh).
// Not thread-safe: each in-flight slot of the load generator owns one LatencyStats; Merge()
// combines them once the run is over.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace skillbridge::loadgen {

// Number of canonical gRPC status codes (OK = 0 … UNAUTHENTICATED = 16).
inline constexpr int kStatusCodes = 17;

// Canonical name of a gRPC status code ("OK", "UNAVAILABLE", …; "CODE_<n>" when out of range).
std::string StatusCodeName(int code);

class LatencyStats final {
 public:
  // One finished call: its latency, status code and the items it carried (accepted
  // certificates of a bulk call; 1 for a plain call that succeeded, 0 for a failure).
  void Record(int64_t latency_ns, int status_code, int64_t items);
  void Merge(const LatencyStats& other);

  int64_t calls() const { return static_cast<int64_t>(latencies_ns_.size()); }
  int64_t items() const { return items_; }
  int64_t count_of(int status_code) const;
  const std::vector<int64_t>& latencies_ns() const { return latencies_ns_; }

 private:
  std::vector<int64_t> latencies_ns_;
  std::array<int64_t, kStatusCodes + 1> codes_{};  // last slot: out-of-range codes
  int64_t items_ = 0;
};

// Nearest-rank percentile (0 < p <= 100) of `sorted` (ascending); 0 when empty.
int64_t Percentile(const std::vector<int64_t>& sorted, double p);

struct Summary {
  std::string scenario;
  std::string label;  // free text naming the configuration, e.g. "echo-runtime-on"
  std::string target;
  int concurrency = 0;
  double seconds = 0;  // measured wall time (warm-up excluded)
  int64_t calls = 0;
  int64_t ok = 0;
  std::map<std::string, int64_t> errors;  // status code name → count (OK excluded)
  int64_t items = 0;
  double calls_per_s = 0;
  double items_per_s = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double mean_ms = 0;
};

// Sorts a copy of the latencies and derives the figures; `seconds` is the measured wall time.
Summary Summarize(const LatencyStats& stats, double seconds);

std::string ToJson(const Summary& summary);
// "RESULT\t<scenario>\t<label>\t<concurrency>\t<calls/s>\t<items/s>\t<p50>\t<p90>\t<p99>\t<max>\t<calls>\t<errors>"
// with errors as "NAME=n,NAME=n" or "-".
std::string ToResultLine(const Summary& summary);

}  // namespace skillbridge::loadgen

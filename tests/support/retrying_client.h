#pragma once
// How a well-behaved client retries a mutation that carries a request_id while the service or its
// store is failing: the same request again, after a short pause, for as long as the answer is one
// that says "not applied, or not known to be" (UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNKNOWN:
// the connection dropped), up to a time limit. Used by the fault tests; the counters are shared
// by the client threads of one test. Thread-safe.

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "gtest/gtest.h"

namespace skillbridge::testing {

struct RetryCounters {
  std::atomic<int> retries{0};    // calls answered with a retryable failure
  std::atomic<int> gave_up{0};    // requests still unanswered at the time limit
  std::atomic<bool> hung{false};  // a call took longer than its deadline plus 2 s
};

// Sends `call` (one attempt; its own deadline `deadline`) until it answers OK; true then. Any
// other failure than the retryable ones fails the test.
inline bool CallUntilAnswered(const std::function<grpc::Status()>& call, RetryCounters& counters,
                              std::chrono::seconds deadline = std::chrono::seconds(3),
                              std::chrono::seconds give_up_after = std::chrono::seconds(60)) {
  const auto give_up = std::chrono::steady_clock::now() + give_up_after;
  while (std::chrono::steady_clock::now() < give_up) {
    const auto begin = std::chrono::steady_clock::now();
    const grpc::Status status = call();
    if (std::chrono::steady_clock::now() - begin > deadline + std::chrono::seconds(2)) {
      counters.hung = true;
    }
    if (status.ok()) {
      return true;
    }
    const grpc::StatusCode code = status.error_code();
    const bool retryable = code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
                           code == grpc::StatusCode::CANCELLED || code == grpc::StatusCode::UNKNOWN;
    EXPECT_TRUE(retryable) << code << " " << status.error_message();
    if (!retryable) {
      return false;
    }
    ++counters.retries;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ++counters.gave_up;
  return false;
}

}  // namespace skillbridge::testing

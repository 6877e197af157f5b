#include "tools/simulator/rpc.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge::simulator {

bool IsRetryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::ABORTED;
}

absl::Duration Backoff(const RpcOptions& options, int attempt) {
  absl::Duration wait = options.first_backoff;
  for (int i = 1; i < attempt && wait < options.max_backoff; ++i) {
    wait *= 2;
  }
  return std::min(wait, options.max_backoff);
}

std::unique_ptr<grpc::ClientContext> MakeContext(const RpcOptions& options) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!options.token.empty()) {
    context->AddMetadata("authorization", "Bearer " + options.token);
  }
  context->set_deadline(absl::ToChronoTime(absl::Now() + options.deadline));
  return context;
}

std::string ReasonOf(const grpc::Status& status) { return skillbridge::ReasonOf(FromGrpcStatus(status)); }

std::string ReasonOf(const google::rpc::Status& status) { return skillbridge::ReasonOf(FromRpcStatus(status)); }

std::string Describe(const grpc::Status& status) {
  const std::string reason = ReasonOf(status);
  return Concat(GrpcCodeName(status.error_code()), reason.empty() ? std::string() : Concat(" ", reason), ": ",
                status.error_message());
}

absl::Status TransportError(const std::string& what, const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), Concat(what, ": ", Describe(status)));
}

absl::Status ParallelFor(int n, int concurrency, const std::function<absl::Status(int)>& body) {
  std::atomic<int> next{0};
  absl::Mutex mu;
  absl::Status first_error;
  std::atomic<bool> failed{false};
  auto worker = [&] {
    while (!failed.load()) {
      const int i = next.fetch_add(1);
      if (i >= n) {
        return;
      }
      absl::Status status = body(i);
      if (!status.ok()) {
        absl::MutexLock lock(&mu);
        if (first_error.ok()) {
          first_error = status;
        }
        failed.store(true);
      }
    }
  };
  std::vector<std::thread> threads;
  const int count = std::max(1, std::min(concurrency, n));
  for (int t = 0; t < count; ++t) {
    threads.emplace_back(worker);
  }
  for (auto& thread : threads) {
    thread.join();
  }
  absl::MutexLock lock(&mu);
  return first_error;
}

std::string ContentHash(const std::string& text) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (const unsigned char c : text) {
    h = (h ^ c) * 0x100000001B3ULL;
  }
  char out[24];
  std::snprintf(out, sizeof(out), "%016llx", static_cast<unsigned long long>(h));
  return out;
}

}  // namespace skillbridge::simulator

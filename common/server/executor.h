#pragma once
// BoundedExecutor: a fixed pool of worker threads with a bounded queue. gRPC reactor threads
// hand work here and return at once; workers run synchronous domain and Redis code.
// Thread-safe. TrySubmit never blocks: it refuses when the queue is full or shut down.

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace skillbridge {

class BoundedExecutor final {
 public:
  BoundedExecutor(std::string name, size_t threads, size_t max_queue);
  ~BoundedExecutor();  // Shutdown() + join
  BoundedExecutor(const BoundedExecutor&) = delete;
  BoundedExecutor& operator=(const BoundedExecutor&) = delete;

  // False when the queue holds max_queue tasks already or the executor is shut down.
  bool TrySubmit(std::function<void()> task);
  // Stops accepting, runs what is queued, joins the workers. Idempotent. Must not be called
  // from one of this executor's own tasks.
  void Shutdown();

  size_t queued() const;
  size_t busy() const;
  size_t threads() const { return workers_.size(); }
  const std::string& name() const { return name_; }

 private:
  void WorkerLoop();

  const std::string name_;
  const size_t max_queue_;
  mutable absl::Mutex mu_;
  absl::CondVar cv_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  size_t busy_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;  // fixed after construction; joined once by Shutdown()
  absl::Mutex join_mu_;               // serialises concurrent Shutdown() calls
  bool joined_ ABSL_GUARDED_BY(join_mu_) = false;
};

}  // namespace skillbridge

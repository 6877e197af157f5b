#pragma once
// BoundedExecutor: a fixed pool of worker threads with a bounded queue. gRPC reactor threads
// hand work here and return at once; workers run synchronous domain and Redis code.
// Thread-safe. TrySubmit never blocks: it refuses when the queue is full or shut down.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace skillbridge {

class BoundedExecutor final {
 public:
  BoundedExecutor(std::string name, size_t threads, size_t max_queue);
  ~BoundedExecutor();  // Shutdown() + join
  BoundedExecutor(const BoundedExecutor&) = delete;
  BoundedExecutor& operator=(const BoundedExecutor&) = delete;

  // False when the queue holds max_queue tasks already or the executor is shut down.
  bool TrySubmit(std::function<void()> task);
  // Stops accepting, runs what is queued, joins the workers. Idempotent.
  void Shutdown();

  size_t queued() const;
  size_t busy() const;
  size_t threads() const { return workers_.size(); }
  const std::string& name() const { return name_; }

 private:
  void WorkerLoop();

  const std::string name_;
  const size_t max_queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  size_t busy_ = 0;                          // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace skillbridge

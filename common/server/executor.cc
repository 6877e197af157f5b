#include "common/server/executor.h"

#include <exception>
#include <utility>

#include "common/util/json_line.h"

namespace skillbridge {

BoundedExecutor::BoundedExecutor(std::string name, size_t threads, size_t max_queue)
    : name_(std::move(name)), max_queue_(max_queue) {
  if (threads == 0) {
    threads = 1;
  }
  workers_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

BoundedExecutor::~BoundedExecutor() { Shutdown(); }

bool BoundedExecutor::TrySubmit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= max_queue_) {
    return false;
  }
  queue_.push_back(std::move(task));
  cv_.Signal();
  return true;
}

void BoundedExecutor::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    cv_.SignalAll();
  }
  absl::MutexLock join_lock(&join_mu_);
  if (joined_) {
    return;
  }
  for (std::thread& worker : workers_) {
    if (worker.joinable()) {
      worker.join();
    }
  }
  joined_ = true;
}

size_t BoundedExecutor::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

size_t BoundedExecutor::busy() const {
  absl::MutexLock lock(&mu_);
  return busy_;
}

void BoundedExecutor::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      while (queue_.empty() && !stopping_) {
        cv_.Wait(&mu_);
      }
      if (queue_.empty()) {
        return;  // stopping and drained
      }
      task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    try {
      task();
    } catch (const std::exception& e) {
      // Tasks handle their own errors; this only keeps the worker alive.
      JsonLine().Add("level", "error").Add("executor", name_).Add("msg", "task threw").Add("error", e.what()).Write();
    } catch (...) {
      JsonLine().Add("level", "error").Add("executor", name_).Add("msg", "task threw a non-standard exception").Write();
    }
    absl::MutexLock lock(&mu_);
    --busy_;
  }
}

}  // namespace skillbridge

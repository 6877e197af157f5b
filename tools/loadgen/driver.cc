#include "tools/loadgen/driver.h"

#include <atomic>

#include "absl/synchronization/mutex.h"

namespace skillbridge::loadgen {
namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t Nanos(SteadyClock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); }

class Run final {
 public:
  Run(Scenario& scenario, const RunOptions& options) : scenario_(scenario), options_(options) {
    slots_.resize(static_cast<size_t>(std::max(1, options.concurrency)));
  }

  RunResult Go() {
    const SteadyClock::time_point begin = SteadyClock::now();
    const bool count_mode = options_.count > 0;
    measure_begin_ = count_mode ? begin : begin + ToDuration(options_.warmup_s);
    measure_end_ = count_mode ? SteadyClock::time_point::max() : measure_begin_ + ToDuration(options_.duration_s);
    {
      absl::MutexLock lock(&mu_);
      active_ = static_cast<int>(slots_.size());
    }
    for (size_t i = 0; i < slots_.size(); ++i) {
      Launch(i);
    }
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](int* active) { return *active == 0; }, &active_));
    }
    const SteadyClock::time_point end = count_mode ? last_completion() : measure_end_;
    RunResult result;
    for (const Slot& slot : slots_) {
      result.stats.Merge(slot.stats);
    }
    result.seconds = std::chrono::duration<double>(end - measure_begin_).count();
    return result;
  }

 private:
  struct Slot {
    LatencyStats stats;
    SteadyClock::time_point start;
    std::unique_ptr<grpc::ClientContext> context;
  };

  static SteadyClock::duration ToDuration(double seconds) {
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
  }

  SteadyClock::time_point last_completion() {
    absl::MutexLock lock(&mu_);
    return last_completion_;
  }

  void SlotDone() {
    absl::MutexLock lock(&mu_);
    last_completion_ = std::max(last_completion_, SteadyClock::now());
    --active_;
  }

  void Launch(size_t index) {
    const int64_t seq = next_seq_.fetch_add(1);
    if (options_.count > 0 ? seq >= options_.count : SteadyClock::now() >= measure_end_) {
      SlotDone();
      return;
    }
    Slot& slot = slots_[index];
    slot.context = std::make_unique<grpc::ClientContext>();
    if (!options_.token.empty()) {
      slot.context->AddMetadata("authorization", "Bearer " + options_.token);
    }
    slot.context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(options_.deadline_ms));
    slot.start = SteadyClock::now();
    scenario_.Start(slot.context.get(), seq,
                    [this, index](const grpc::Status& status, int64_t items) { OnDone(index, status, items); });
  }

  void OnDone(size_t index, const grpc::Status& status, int64_t items) {
    const SteadyClock::time_point now = SteadyClock::now();
    Slot& slot = slots_[index];
    if (slot.start >= measure_begin_ && now <= measure_end_) {
      slot.stats.Record(Nanos(now - slot.start), static_cast<int>(status.error_code()), status.ok() ? items : 0);
    }
    if (options_.count > 0) {
      absl::MutexLock lock(&mu_);
      last_completion_ = std::max(last_completion_, now);
    }
    Launch(index);
  }

  Scenario& scenario_;
  const RunOptions& options_;
  std::vector<Slot> slots_;
  std::atomic<int64_t> next_seq_{0};
  SteadyClock::time_point measure_begin_;
  SteadyClock::time_point measure_end_;
  absl::Mutex mu_;
  int active_ ABSL_GUARDED_BY(mu_) = 0;
  SteadyClock::time_point last_completion_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

RunResult RunClosedLoop(Scenario& scenario, const RunOptions& options) { return Run(scenario, options).Go(); }

std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(const std::string& target, int n) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < std::max(1, n); ++i) {
    grpc::ChannelArguments args;
    // A private subchannel pool: one TCP connection per channel instead of one shared.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
    args.SetMaxSendMessageSize(64 * 1024 * 1024);
    channels.push_back(grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

}  // namespace skillbridge::loadgen

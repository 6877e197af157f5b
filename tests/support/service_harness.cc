#include "tests/support/service_harness.h"

#include <fstream>

#include "common/reference/bureau_calendar.h"
#include "tests/support/process.h"

namespace skillbridge::testing {

absl::Time HarnessStartTime() { return BureauTime(absl::CivilSecond(2026, 6, 15, 10, 0, 0)); }

HarnessEnvironment::HarnessEnvironment(std::string name) : name_(std::move(name)), clock_(HarnessStartTime()) {
  config_.server.listen_address = "127.0.0.1:0";
  config_.server.metrics_address = "127.0.0.1:0";
  config_.server.worker_threads = 4;
  config_.server.long_poll_threads = 4;
  config_.server.shutdown_grace = std::chrono::milliseconds(2000);
  config_.reference_dir = std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference";
  config_.clock = &clock_;
}

HarnessEnvironment::~HarnessEnvironment() { Stop(); }

absl::Status HarnessEnvironment::Start() {
  if (absl::Status started = redis_.Start(); !started.ok()) {
    return started;
  }
  auto client = RedisClient::Create(redis_.ClientOptions());
  if (!client.ok()) {
    return client.status();
  }
  client_ = std::move(*client);
  auto dir = MakeTempDir(name_ + "-harness");
  if (!dir.ok()) {
    return dir.status();
  }
  temp_dir_ = *dir;
  config_.redis = redis_.ClientOptions();
  config_.auth_config_path = WriteTestAuthConfig(temp_dir_);
  return absl::OkStatus();
}

void HarnessEnvironment::Stop() {
  client_.reset();
  redis_.Stop();
}

std::string HarnessEnvironment::WriteTokenFile(const std::string& name, const std::string& token) const {
  const std::string path = temp_dir_ + "/" + name;
  std::ofstream out(path);
  out << token << "\n";
  return path;
}

long long HarnessEnvironment::CountKeys(const std::string& pattern) {
  long long count = 0;
  std::string cursor = "0";
  do {
    auto reply = client_->Command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    if (!reply.ok() || reply->size() != 2) {
      return -1;
    }
    cursor = std::string(ReplyString(reply->element(0)));
    count += static_cast<long long>(ReplySize(reply->element(1)));
  } while (cursor != "0");
  return count;
}

}  // namespace skillbridge::testing

#pragma once
// RedisServerProcess: a real `redis-server` child process for tests, listening only on a unix
// socket in a fresh temporary directory (`port 0`), with `appendonly yes` and
// `appendfsync always` so that acknowledged writes survive Kill9() + Restart().
// RedisTest: a gtest fixture base that starts one server per test suite and empties it (FLUSHALL)
// before every test.
//
// Not thread-safe: one test thread drives a RedisServerProcess.
//
// Note for users inside namespace skillbridge: gtest's namespace must be spelled `::testing`
// there, since `testing` alone names skillbridge::testing.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/redis/redis_client.h"
#include "gtest/gtest.h"

namespace skillbridge::testing {

class RedisServerProcess final {
 public:
  struct Options {
    // requirepass; empty = no password.
    std::string password;
    // How long Start()/Restart() wait for PING to answer.
    std::chrono::milliseconds startup_timeout{10000};
  };

  RedisServerProcess();
  explicit RedisServerProcess(Options options);
  RedisServerProcess(const RedisServerProcess&) = delete;
  RedisServerProcess& operator=(const RedisServerProcess&) = delete;
  // Stops the server and removes the temporary directory.
  ~RedisServerProcess();

  // Creates the temporary directory (first call only), spawns redis-server and waits until PING
  // answers. Error (with the tail of the server log) when it does not come up.
  absl::Status Start();
  // SIGKILL, then waits for the process to exit. The directory (AOF) is kept.
  void Kill9();
  // Starts again on the same directory and socket (the AOF is reloaded).
  absl::Status Restart();
  // SIGTERM (SIGKILL after a grace period), then waits. The directory is kept.
  void Stop();

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // "unix://<socket>".
  std::string uri() const { return "unix://" + socket_path_; }
  const std::string& socket_path() const { return socket_path_; }
  const std::string& dir() const { return dir_; }
  // Client options pointing at this server (password file written when a password is set),
  // with short reconnect backoffs suitable for tests.
  RedisOptions ClientOptions() const;
  // The last lines of the server log (for failure messages).
  std::string LogTail() const;

 private:
  absl::Status Spawn();
  absl::Status WaitUntilReady();

  Options options_;
  std::string dir_;
  std::string socket_path_;
  std::string password_file_;
  pid_t pid_ = -1;
};

// Fixture base: one redis-server per test suite, FLUSHALL before each test.
class RedisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  static RedisServerProcess& server() { return *server_; }
  static RedisClient& redis() { return *client_; }

 private:
  // Raw pointers: owned between SetUpTestSuite and TearDownTestSuite (no non-trivial statics).
  static RedisServerProcess* server_;
  static RedisClient* client_;
  static std::string* setup_error_;
};

}  // namespace skillbridge::testing

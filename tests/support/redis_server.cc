#include "tests/support/redis_server.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include <hiredis/hiredis.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace skillbridge::testing {
namespace {

constexpr char kDefaultBinary[] = "/usr/bin/redis-server";

// The redis-server binary: from PATH when found there, else the Debian location.
std::string RedisServerBinary() {
  const char* path = std::getenv("PATH");
  if (path != nullptr) {
    for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty())) {
      std::string candidate = absl::StrCat(dir, "/redis-server");
      if (access(candidate.c_str(), X_OK) == 0) {
        return candidate;
      }
    }
  }
  return kDefaultBinary;
}

// Quotes a value for redis.conf.
std::string ConfQuote(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

enum class Probe { kReady, kNotYet };

// One PING attempt over the socket (after AUTH when a password is set).
Probe PingOnce(const std::string& socket_path, const std::string& password) {
  timeval tv{0, 200 * 1000};
  redisContext* c = redisConnectUnixWithTimeout(socket_path.c_str(), tv);
  if (c == nullptr) {
    return Probe::kNotYet;
  }
  Probe result = Probe::kNotYet;
  if (c->err == 0 && redisSetTimeout(c, tv) == REDIS_OK) {
    bool authed = true;
    if (!password.empty()) {
      auto* auth = static_cast<redisReply*>(redisCommand(c, "AUTH %b", password.data(), password.size()));
      authed = auth != nullptr && auth->type != REDIS_REPLY_ERROR;
      if (auth != nullptr) {
        freeReplyObject(auth);
      }
    }
    if (authed) {
      auto* pong = static_cast<redisReply*>(redisCommand(c, "PING"));
      if (pong != nullptr) {
        // "-LOADING" while the AOF is being replayed: not ready yet.
        if (pong->type == REDIS_REPLY_STATUS && std::string(pong->str, pong->len) == "PONG") {
          result = Probe::kReady;
        }
        freeReplyObject(pong);
      }
    }
  }
  redisFree(c);
  return result;
}

}  // namespace

RedisServerProcess::RedisServerProcess() : RedisServerProcess(Options()) {}

RedisServerProcess::RedisServerProcess(Options options) : options_(std::move(options)) {}

RedisServerProcess::~RedisServerProcess() {
  Stop();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

absl::Status RedisServerProcess::Start() {
  if (running()) {
    return absl::FailedPreconditionError("redis-server is already running");
  }
  if (dir_.empty()) {
    // Short path: unix socket paths must stay under ~100 characters.
    char pattern[] = "/tmp/sbredis.XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
      return absl::InternalError(absl::StrCat("mkdtemp failed: ", std::strerror(errno)));
    }
    dir_ = pattern;
    socket_path_ = dir_ + "/redis.sock";
    std::ofstream conf(dir_ + "/redis.conf");
    conf << "port 0\n"
         << "unixsocket " << ConfQuote(socket_path_) << "\n"
         << "unixsocketperm 700\n"
         << "dir " << ConfQuote(dir_) << "\n"
         << "appendonly yes\n"
         << "appendfsync always\n"
         << "save \"\"\n"
         << "daemonize no\n"
         << "logfile " << ConfQuote(dir_ + "/redis.log") << "\n";
    if (!options_.password.empty()) {
      conf << "requirepass " << ConfQuote(options_.password) << "\n";
      password_file_ = dir_ + "/password";
      std::ofstream password(password_file_);
      password << options_.password << "\n";
    }
    if (!conf) {
      return absl::InternalError(absl::StrCat("cannot write ", dir_, "/redis.conf"));
    }
  }
  return Spawn();
}

absl::Status RedisServerProcess::Restart() {
  if (dir_.empty()) {
    return Start();
  }
  if (running()) {
    Stop();
  }
  return Spawn();
}

absl::Status RedisServerProcess::Spawn() {
  const std::string binary = RedisServerBinary();
  const std::string conf = dir_ + "/redis.conf";
  const std::string out = dir_ + "/stdout.log";

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv = {const_cast<char*>(binary.c_str()), const_cast<char*>(conf.c_str()), nullptr};
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", binary, ": ", std::strerror(rc)));
  }
  pid_ = pid;
  return WaitUntilReady();
}

absl::Status RedisServerProcess::WaitUntilReady() {
  const absl::Time deadline = absl::Now() + absl::FromChrono(options_.startup_timeout);
  while (true) {
    int wstatus = 0;
    if (waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::InternalError(
          absl::StrCat("redis-server exited during start-up (status ", wstatus, "); log tail:\n", LogTail()));
    }
    if (PingOnce(socket_path_, options_.password) == Probe::kReady) {
      return absl::OkStatus();
    }
    if (absl::Now() > deadline) {
      Kill9();
      return absl::DeadlineExceededError(absl::StrCat("redis-server did not answer PING on ", socket_path_, " within ",
                                                      absl::FormatDuration(absl::FromChrono(options_.startup_timeout)),
                                                      "; log tail:\n", LogTail()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void RedisServerProcess::Kill9() {
  if (!running()) {
    return;
  }
  kill(pid_, SIGKILL);
  int wstatus = 0;
  while (waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

void RedisServerProcess::Stop() {
  if (!running()) {
    return;
  }
  kill(pid_, SIGTERM);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    int wstatus = 0;
    const pid_t done = waitpid(pid_, &wstatus, WNOHANG);
    if (done == pid_ || (done < 0 && errno != EINTR)) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Kill9();
}

RedisOptions RedisServerProcess::ClientOptions() const {
  RedisOptions options;
  options.uri = uri();
  options.password_file = password_file_;
  options.pool_size = 4;
  options.connect_timeout = std::chrono::milliseconds(500);
  options.command_timeout = std::chrono::milliseconds(5000);
  options.reconnect_initial_backoff = std::chrono::milliseconds(10);
  options.reconnect_max_backoff = std::chrono::milliseconds(200);
  options.acquire_timeout = std::chrono::milliseconds(2000);
  return options;
}

std::string RedisServerProcess::LogTail() const {
  std::string tail;
  for (const char* name : {"/redis.log", "/stdout.log"}) {
    std::ifstream in(dir_ + name);
    if (!in) {
      continue;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    constexpr size_t kMax = 2000;
    if (text.size() > kMax) {
      text = text.substr(text.size() - kMax);
    }
    absl::StrAppend(&tail, "[", name + 1, "]\n", text);
  }
  return tail;
}

// ---------------------------------------------------------------------------------------------
// RedisTest.

RedisServerProcess* RedisTest::server_ = nullptr;
RedisClient* RedisTest::client_ = nullptr;
std::string* RedisTest::setup_error_ = nullptr;

void RedisTest::SetUpTestSuite() {
  server_ = new RedisServerProcess();
  if (absl::Status started = server_->Start(); !started.ok()) {
    setup_error_ = new std::string(started.ToString());
    return;
  }
  absl::StatusOr<std::unique_ptr<RedisClient>> client = RedisClient::Create(server_->ClientOptions());
  if (!client.ok()) {
    setup_error_ = new std::string(client.status().ToString());
    return;
  }
  client_ = client->release();
}

void RedisTest::TearDownTestSuite() {
  delete client_;
  client_ = nullptr;
  delete server_;
  server_ = nullptr;
  delete setup_error_;
  setup_error_ = nullptr;
}

void RedisTest::SetUp() {
  ASSERT_EQ(setup_error_, nullptr) << "redis-server fixture failed: " << *setup_error_;
  ASSERT_NE(client_, nullptr);
  if (!server_->running()) {
    // A previous test of the suite stopped it.
    ASSERT_TRUE(server_->Restart().ok());
  }
  absl::StatusOr<RedisReply> flushed = client_->Command({"FLUSHALL"});
  if (!flushed.ok() && flushed.status().code() == absl::StatusCode::kUnavailable) {
    // A stale pooled connection from before a restart: one retry on a fresh connection.
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    flushed = client_->Command({"FLUSHALL"});
  }
  ASSERT_TRUE(flushed.ok()) << flushed.status();
}

}  // namespace skillbridge::testing

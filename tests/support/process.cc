#include "tests/support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace skillbridge::testing {
namespace {

// Distinguishes the output files of children started in one directory (a plain counter).
std::atomic<int> spawn_count{0};

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

// The parent's environment with `extra` ("NAME=value") added or replacing entries.
std::vector<std::string> MergedEnvironment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const std::string name = text.substr(0, text.find('='));
    bool replaced = false;
    for (const std::string& e : extra) {
      if (e.substr(0, e.find('=')) == name) {
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      env.push_back(text);
    }
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

}  // namespace

absl::StatusOr<std::string> MakeTempDir(const std::string& prefix) {
  std::string base = "/tmp";
  if (const char* test_tmp = std::getenv("TEST_TMPDIR"); test_tmp != nullptr && *test_tmp != '\0') {
    base = test_tmp;
  } else if (const char* tmp = std::getenv("TMPDIR"); tmp != nullptr && *tmp != '\0') {
    base = tmp;
  }
  std::string pattern = absl::StrCat(base, "/", prefix, "-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", pattern, ": ", std::strerror(errno)));
  }
  return pattern;
}

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(const std::string& binary,
                                                                  const std::vector<std::string>& args) {
  return Start(binary, args, Options{});
}

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(const std::string& binary,
                                                                  const std::vector<std::string>& args,
                                                                  const Options& options) {
  std::string dir = options.output_dir;
  if (dir.empty()) {
    absl::StatusOr<std::string> made = MakeTempDir("child");
    if (!made.ok()) {
      return made.status();
    }
    dir = *made;
  }
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  const std::string base = binary.substr(binary.rfind('/') + 1);
  const int serial = spawn_count.fetch_add(1);
  child->stdout_path_ = absl::StrCat(dir, "/", base, ".", getpid(), ".", serial, ".stdout");
  child->stderr_path_ = absl::StrCat(dir, "/", base, ".", getpid(), ".", serial, ".stderr");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, child->stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, child->stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  // The child starts with default signal dispositions and an empty mask, whatever the test did.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_storage = {binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = MergedEnvironment(options.env);
  std::vector<char*> envp;
  for (std::string& entry : env_storage) {
    envp.push_back(entry.data());
  }
  envp.push_back(nullptr);

  pid_t pid = -1;
  const int rc = binary.find('/') == std::string::npos
                     ? posix_spawnp(&pid, binary.c_str(), &actions, &attr, argv.data(), envp.data())
                     : posix_spawn(&pid, binary.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", binary, ": ", std::strerror(rc)));
  }
  child->pid_ = pid;
  return child;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_code_.has_value()) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

void ChildProcess::Kill(int sig) {
  if (pid_ > 0 && !Reap()) {
    kill(pid_, sig);
  }
}

bool ChildProcess::Reap() {
  if (exit_code_.has_value()) {
    return true;
  }
  if (pid_ <= 0) {
    return true;
  }
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_code_ = DecodeWaitStatus(status);
    return true;
  }
  if (r < 0 && errno == ECHILD) {
    exit_code_ = -1;
    return true;
  }
  return false;
}

bool ChildProcess::IsRunning() { return !Reap(); }

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!Reap()) {
    if (std::chrono::steady_clock::now() >= until) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return exit_code_;
}

std::string ChildProcess::ReadStdout() const { return ReadWholeFile(stdout_path_); }

std::string ChildProcess::ReadStderr() const { return ReadWholeFile(stderr_path_); }

absl::Status RunToCompletion(const std::string& binary, const std::vector<std::string>& args,
                             std::chrono::milliseconds timeout) {
  absl::StatusOr<std::unique_ptr<ChildProcess>> child = ChildProcess::Start(binary, args);
  if (!child.ok()) {
    return child.status();
  }
  const std::optional<int> code = (*child)->Wait(timeout);
  if (!code.has_value()) {
    return absl::DeadlineExceededError(absl::StrCat(binary, " did not finish in time"));
  }
  if (*code != 0) {
    return absl::InternalError(absl::StrCat(binary, " exited with ", *code, ": ", (*child)->ReadStderr()));
  }
  return absl::OkStatus();
}

int PickFreeTcpPort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return 0;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace skillbridge::testing

#pragma once
// ChildProcess: a child process for tests (a service binary, openssl, ...), started with
// posix_spawn, its stdout and stderr captured to files in a fresh temporary directory. The
// destructor kills (SIGKILL) and reaps a child still running.
// PickFreeTcpPort: a TCP port on 127.0.0.1 that was free a moment ago, for binaries that need
// --listen/--metrics_listen values up front (prefer port 0 where the caller can read the port).
//
// Not thread-safe: one test thread drives a ChildProcess.
//
// Note for users inside namespace skillbridge: gtest's namespace must be spelled `::testing`
// there, since `testing` alone names skillbridge::testing.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace skillbridge::testing {

class ChildProcess final {
 public:
  struct Options {
    // Extra environment entries "NAME=value", added to (or replacing) the parent's environment.
    std::vector<std::string> env;
    // Directory for the captured output; empty = a new directory under the test temp dir.
    std::string output_dir;
  };

  // Spawns `binary` (a path, or a name looked up in PATH) with `args` (argv[1..]).
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(const std::string& binary,
                                                             const std::vector<std::string>& args);
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(const std::string& binary,
                                                             const std::vector<std::string>& args,
                                                             const Options& options);

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Sends `sig` when the child is still running.
  void Kill(int sig);
  // True until the child has exited (reaps it when it has).
  bool IsRunning();
  // Waits up to `timeout` for the child to exit. Returns its exit code, or 128 + signal number when
  // a signal ended it; nullopt when it is still running after `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // Exit code as Wait() reports it, once the child has exited.
  std::optional<int> exit_code() const { return exit_code_; }

  const std::string& stdout_path() const { return stdout_path_; }
  const std::string& stderr_path() const { return stderr_path_; }
  std::string ReadStdout() const;
  std::string ReadStderr() const;

 private:
  ChildProcess() = default;
  // Non-blocking reap; true when the child has exited.
  bool Reap();

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string stdout_path_;
  std::string stderr_path_;
};

// Runs `binary` with `args` to completion (up to `timeout`). Error (with its stderr) when it
// cannot start, does not finish in time or exits non-zero.
absl::Status RunToCompletion(const std::string& binary, const std::vector<std::string>& args,
                             std::chrono::milliseconds timeout = std::chrono::milliseconds(60000));

// Creates a fresh directory under the test temp dir (TEST_TMPDIR, TMPDIR or /tmp).
absl::StatusOr<std::string> MakeTempDir(const std::string& prefix);

// Binds 127.0.0.1:0, reads the port the kernel chose, closes the socket. 0 on failure.
int PickFreeTcpPort();

}  // namespace skillbridge::testing

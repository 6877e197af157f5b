#pragma once
// RedisClient: the only way project code talks to Redis. A pool of synchronous hiredis
// connections (unix socket or TCP), RAII replies, reconnect with exponential backoff, Lua scripts
// run by SHA (re-loaded after NOSCRIPT), and pipelining for batches.
//
// Thread-safe: any number of threads may call it at once; each call leases one pooled
// connection for its duration. Calls block the calling thread (executor workers only, never a
// gRPC reactor thread). Connection failures surface as UNAVAILABLE ("redis unavailable: ...");
// error replies as INTERNAL, except script errors raised with
// redis.error_reply("SB:<CODE>:<REASON>:<message>") (CODE a canonical code name such as
// FAILED_PRECONDITION), which map to that code with ErrorWithReason(REASON).
//
// Reconnects: a connection that fails (I/O error, timeout, server gone) is closed; when the
// server closed it, the idle pooled connections are closed too. A new connection is opened on
// demand; when that fails the pool backs off (reconnect_initial_backoff, doubling up to
// reconnect_max_backoff) and, until the backoff expires, calls needing a new connection fail fast
// with UNAVAILABLE instead of hammering a dead server or hanging.
//
// Retries: EVALSHA answered NOSCRIPT is re-sent once after SCRIPT LOAD (safe: NOSCRIPT means
// nothing ran). Command, BlockingCommand and Pipeline are re-sent once on a fresh connection when
// they failed on a connection that sat idle in the pool and found the server gone (it went stale
// while the server restarted). Eval is never re-sent: a script cut off by a broken connection may
// or may not have been applied, and callers retry it with their idempotency key.
//
// Create() sets SIGPIPE to SIG_IGN when it is still at its default, so that writing to a
// connection the server closed fails with EPIPE instead of killing the process.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct redisReply;

namespace skillbridge {

// Owning handle of one hiredis reply. Movable, not copyable.
class RedisReply final {
 public:
  RedisReply() = default;
  explicit RedisReply(redisReply* reply);
  RedisReply(RedisReply&& other) noexcept;
  RedisReply& operator=(RedisReply&& other) noexcept;
  RedisReply(const RedisReply&) = delete;
  RedisReply& operator=(const RedisReply&) = delete;
  ~RedisReply();

  bool is_nil() const;
  bool is_error() const;
  bool is_string() const;  // bulk or status string
  bool is_integer() const;
  bool is_array() const;
  std::string_view str() const;  // bulk/status/error text ("" otherwise)
  long long integer() const;     // 0 unless integer
  size_t size() const;           // array length (0 otherwise)
  // Borrowed view of element i of an array reply (valid while this reply lives).
  const redisReply* element(size_t i) const;
  const redisReply* raw() const { return reply_; }

 private:
  redisReply* reply_ = nullptr;
};

// Helpers to read borrowed array elements.
std::string_view ReplyString(const redisReply* reply);
long long ReplyInteger(const redisReply* reply);
bool ReplyIsNil(const redisReply* reply);
size_t ReplySize(const redisReply* reply);
const redisReply* ReplyElement(const redisReply* reply, size_t i);

struct RedisOptions {
  // "unix:///path/to/redis.sock[?db=N]" or "redis://host:port[/N]".
  std::string uri;
  // Path of a file holding the password (first line); empty = no AUTH.
  std::string password_file;
  size_t pool_size = 8;
  std::chrono::milliseconds connect_timeout{1000};
  // Per-command socket timeout. Blocking commands (XREAD BLOCK) add their own wait to this.
  std::chrono::milliseconds command_timeout{5000};
  // Reconnect backoff: starts at initial, doubles, capped at max.
  std::chrono::milliseconds reconnect_initial_backoff{50};
  std::chrono::milliseconds reconnect_max_backoff{2000};
  // How long Acquire waits for a free pooled connection before UNAVAILABLE.
  std::chrono::milliseconds acquire_timeout{2000};
};

// A Lua script: source text plus its SHA1, computed locally.
class LuaScript final {
 public:
  LuaScript(std::string name, std::string source);
  const std::string& name() const { return name_; }
  const std::string& source() const { return source_; }
  const std::string& sha1() const { return sha1_; }

 private:
  std::string name_;
  std::string source_;
  std::string sha1_;
};

class RedisClient final {
 public:
  // Validates the URI and reads the password file; connections are opened lazily.
  static absl::StatusOr<std::unique_ptr<RedisClient>> Create(RedisOptions options);
  ~RedisClient();

  // One command; argv elements are binary-safe. An error reply becomes a status (see above).
  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv);
  // Same, with a larger socket timeout for blocking commands (XREAD BLOCK wait).
  absl::StatusOr<RedisReply> BlockingCommand(const std::vector<std::string>& argv,
                                             std::chrono::milliseconds extra_wait);
  // Sends all commands in one round trip and returns the replies in order. When any reply is an
  // error, all replies are still read (the connection stays usable) and the first error is
  // returned, mapped as for Command. The latency observer sees one "PIPELINE" call.
  absl::StatusOr<std::vector<RedisReply>> Pipeline(const std::vector<std::vector<std::string>>& commands);
  // EVALSHA with script load on NOSCRIPT. Error replies "SB:..." map as described above.
  absl::StatusOr<RedisReply> Eval(const LuaScript& script, const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args);
  // SCRIPT LOAD for each script (called at start-up; Eval also loads on demand).
  absl::Status LoadScripts(const std::vector<const LuaScript*>& scripts);
  // PING on a pooled connection.
  absl::Status Ping();

  // Called with each command's duration in seconds and its first argv word (for metrics).
  void SetLatencyObserver(std::function<void(std::string_view command, double seconds)> observer);

 private:
  class Impl;
  explicit RedisClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace skillbridge

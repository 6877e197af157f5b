#include "common/redis/redis_client.h"

#include <signal.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <hiredis/hiredis.h>
#include <openssl/sha.h>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/util/files.h"

namespace skillbridge {
namespace {

absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// ---------------------------------------------------------------------------------------------
// URI parsing.

struct Endpoint {
  bool is_unix = false;
  std::string path;  // unix socket path
  std::string host;  // TCP host
  int port = 0;
  int db = 0;
};

absl::Status BadUri(absl::string_view uri, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("invalid redis uri \"", uri, "\": ", why));
}

absl::StatusOr<int> ParseDb(absl::string_view uri, absl::string_view text) {
  int db = 0;
  if (text.empty() || !absl::SimpleAtoi(text, &db) || db < 0 || !absl::ascii_isdigit(text[0])) {
    return BadUri(uri, "database must be a non-negative integer");
  }
  return db;
}

absl::StatusOr<Endpoint> ParseUri(absl::string_view uri) {
  Endpoint endpoint;
  constexpr absl::string_view kUnix = "unix://";
  constexpr absl::string_view kRedis = "redis://";
  if (absl::StartsWith(uri, kUnix)) {
    endpoint.is_unix = true;
    absl::string_view rest = uri.substr(kUnix.size());
    const size_t query = rest.find('?');
    absl::string_view path = rest.substr(0, query);
    if (path.empty() || path[0] != '/') {
      return BadUri(uri, "the socket path must be absolute (unix:///path/to/redis.sock)");
    }
    if (path.size() >= 100) {
      return BadUri(uri, "the socket path is too long");
    }
    endpoint.path = std::string(path);
    if (query != absl::string_view::npos) {
      absl::string_view params = rest.substr(query + 1);
      if (!absl::StartsWith(params, "db=")) {
        return BadUri(uri, "the only supported parameter is db=N");
      }
      absl::StatusOr<int> db = ParseDb(uri, params.substr(3));
      if (!db.ok()) {
        return db.status();
      }
      endpoint.db = *db;
    }
    return endpoint;
  }
  if (absl::StartsWith(uri, kRedis)) {
    absl::string_view rest = uri.substr(kRedis.size());
    const size_t slash = rest.find('/');
    absl::string_view authority = rest.substr(0, slash);
    if (absl::StrContains(authority, "@")) {
      return BadUri(uri, "credentials are not accepted in the uri; use a password file");
    }
    if (slash != absl::string_view::npos) {
      absl::StatusOr<int> db = ParseDb(uri, rest.substr(slash + 1));
      if (!db.ok()) {
        return db.status();
      }
      endpoint.db = *db;
    }
    const size_t colon = authority.rfind(':');
    if (colon == absl::string_view::npos) {
      return BadUri(uri, "expected redis://host:port[/db]");
    }
    absl::string_view host = authority.substr(0, colon);
    absl::string_view port_text = authority.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    if (host.empty()) {
      return BadUri(uri, "missing host");
    }
    int port = 0;
    if (port_text.empty() || !absl::ascii_isdigit(port_text[0]) || !absl::SimpleAtoi(port_text, &port) || port < 1 ||
        port > 65535) {
      return BadUri(uri, "port must be 1..65535");
    }
    endpoint.host = std::string(host);
    endpoint.port = port;
    return endpoint;
  }
  return BadUri(uri, "expected unix:///path.sock[?db=N] or redis://host:port[/N]");
}

// The password: the file's first line. Any failure is INVALID_ARGUMENT (a configuration error).
absl::StatusOr<std::string> ReadPasswordFile(const std::string& path) {
  absl::StatusOr<std::string> password = ReadFirstLine(path, "redis password file (--redis_password_file)");
  if (!password.ok()) {
    return absl::InvalidArgumentError(password.status().message());
  }
  return password;
}

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

absl::Status Unavailable(absl::string_view what) {
  return absl::UnavailableError(absl::StrCat("redis unavailable: ", what));
}

absl::Status ContextError(const redisContext* c) {
  return Unavailable(c->errstr[0] != '\0' ? absl::string_view(c->errstr) : absl::string_view("i/o error"));
}

struct CodeName {
  absl::string_view name;
  absl::StatusCode code;
};

constexpr CodeName kCodeNames[] = {
    {"CANCELLED", absl::StatusCode::kCancelled},
    {"UNKNOWN", absl::StatusCode::kUnknown},
    {"INVALID_ARGUMENT", absl::StatusCode::kInvalidArgument},
    {"DEADLINE_EXCEEDED", absl::StatusCode::kDeadlineExceeded},
    {"NOT_FOUND", absl::StatusCode::kNotFound},
    {"ALREADY_EXISTS", absl::StatusCode::kAlreadyExists},
    {"PERMISSION_DENIED", absl::StatusCode::kPermissionDenied},
    {"RESOURCE_EXHAUSTED", absl::StatusCode::kResourceExhausted},
    {"FAILED_PRECONDITION", absl::StatusCode::kFailedPrecondition},
    {"ABORTED", absl::StatusCode::kAborted},
    {"OUT_OF_RANGE", absl::StatusCode::kOutOfRange},
    {"UNIMPLEMENTED", absl::StatusCode::kUnimplemented},
    {"INTERNAL", absl::StatusCode::kInternal},
    {"UNAVAILABLE", absl::StatusCode::kUnavailable},
    {"DATA_LOSS", absl::StatusCode::kDataLoss},
    {"UNAUTHENTICATED", absl::StatusCode::kUnauthenticated},
};

// Maps an error reply to a status: "SB:<CODE>:<REASON>:<message>" anywhere in the text → that
// code with the reason attached; a transient refusal (LOADING, BUSY, ...) → UNAVAILABLE with reason
// STORE_<word>; anything else → INTERNAL.
absl::Status ErrorReplyToStatus(absl::string_view text) {
  const size_t at = text.find("SB:");
  if (at != absl::string_view::npos) {
    absl::string_view rest = text.substr(at + 3);
    const size_t c1 = rest.find(':');
    if (c1 != absl::string_view::npos) {
      absl::string_view code_name = rest.substr(0, c1);
      absl::string_view after = rest.substr(c1 + 1);
      const size_t c2 = after.find(':');
      if (c2 != absl::string_view::npos) {
        absl::string_view reason = after.substr(0, c2);
        absl::string_view message = after.substr(c2 + 1);
        // Redis may append " script: <sha>, on @user_script:N." to errors raised by error().
        const size_t suffix = message.find(" script: ");
        if (suffix != absl::string_view::npos) {
          message = message.substr(0, suffix);
        }
        for (const CodeName& entry : kCodeNames) {
          if (entry.name == code_name) {
            return ErrorWithReason(entry.code, std::string_view(reason.data(), reason.size()),
                                   std::string_view(message.data(), message.size()));
          }
        }
      }
    }
  }
  // Replies that say the store cannot take the command right now (it was not applied): loading
  // its data after a restart, busy with a long script, a replica or a primary without enough
  // replicas, failing to persist, out of memory. UNAVAILABLE, so clients retry (docs/api.md).
  static constexpr absl::string_view kTransient[] = {"LOADING",    "BUSY",     "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN",
                                                     "NOREPLICAS", "READONLY", "MISCONF",    "OOM"};
  const absl::string_view word = text.substr(0, text.find(' '));
  for (const absl::string_view transient : kTransient) {
    if (word == transient) {
      return ErrorWithReason(absl::StatusCode::kUnavailable, absl::StrCat("STORE_", word),
                             absl::StrCat("the store cannot take the request now (", text, "); retry"));
    }
  }
  return absl::InternalError(absl::StrCat("redis error: ", text));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// RedisReply.

RedisReply::RedisReply(redisReply* reply) : reply_(reply) {}

RedisReply::RedisReply(RedisReply&& other) noexcept : reply_(std::exchange(other.reply_, nullptr)) {}

RedisReply& RedisReply::operator=(RedisReply&& other) noexcept {
  if (this != &other) {
    if (reply_ != nullptr) {
      freeReplyObject(reply_);
    }
    reply_ = std::exchange(other.reply_, nullptr);
  }
  return *this;
}

RedisReply::~RedisReply() {
  if (reply_ != nullptr) {
    freeReplyObject(reply_);
  }
}

bool RedisReply::is_nil() const { return reply_ == nullptr || reply_->type == REDIS_REPLY_NIL; }
bool RedisReply::is_error() const { return reply_ != nullptr && reply_->type == REDIS_REPLY_ERROR; }
bool RedisReply::is_string() const {
  return reply_ != nullptr && (reply_->type == REDIS_REPLY_STRING || reply_->type == REDIS_REPLY_STATUS);
}
bool RedisReply::is_integer() const { return reply_ != nullptr && reply_->type == REDIS_REPLY_INTEGER; }
bool RedisReply::is_array() const { return reply_ != nullptr && reply_->type == REDIS_REPLY_ARRAY; }
std::string_view RedisReply::str() const { return ReplyString(reply_); }
long long RedisReply::integer() const { return ReplyInteger(reply_); }
size_t RedisReply::size() const { return ReplySize(reply_); }
const redisReply* RedisReply::element(size_t i) const { return ReplyElement(reply_, i); }

std::string_view ReplyString(const redisReply* reply) {
  if (reply == nullptr || reply->str == nullptr ||
      (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_STATUS && reply->type != REDIS_REPLY_ERROR)) {
    return {};
  }
  return std::string_view(reply->str, reply->len);
}

long long ReplyInteger(const redisReply* reply) {
  return (reply != nullptr && reply->type == REDIS_REPLY_INTEGER) ? reply->integer : 0;
}

bool ReplyIsNil(const redisReply* reply) { return reply == nullptr || reply->type == REDIS_REPLY_NIL; }

size_t ReplySize(const redisReply* reply) {
  return (reply != nullptr && reply->type == REDIS_REPLY_ARRAY) ? reply->elements : 0;
}

const redisReply* ReplyElement(const redisReply* reply, size_t i) {
  if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY || i >= reply->elements) {
    return nullptr;
  }
  return reply->element[i];
}

// ---------------------------------------------------------------------------------------------
// LuaScript.

LuaScript::LuaScript(std::string name, std::string source) : name_(std::move(name)), source_(std::move(source)) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(source_.data()), source_.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  sha1_.reserve(2 * SHA_DIGEST_LENGTH);
  for (unsigned char byte : digest) {
    sha1_.push_back(kHex[byte >> 4]);
    sha1_.push_back(kHex[byte & 0xf]);
  }
}

// ---------------------------------------------------------------------------------------------
// RedisClient::Impl: the pool.
//
// Reconnect policy: a connection whose context reports an error is closed and forgotten. When a
// new connection is needed and connecting fails, the pool enters backoff (initial, doubling, up to
// max); until it expires every call that needs a new connection fails fast with UNAVAILABLE, and
// only one caller at a time attempts to reconnect. A successful connect clears the backoff.
//
// Retries (see the header): EVALSHA answered NOSCRIPT is re-sent once after SCRIPT LOAD (NOSCRIPT
// means the script did not run); Command, BlockingCommand and Pipeline are re-sent once on a fresh
// connection when they failed on a pooled connection that had gone stale while the server
// restarted (RunWithStaleRetry; the request never reached a live server). Nothing else is re-sent:
// a write cut off by a broken connection may or may not have been applied, and Eval is never
// re-sent after a transport failure.

namespace {

// argv as hiredis wants it, borrowing the strings (no copies of large payloads).
struct ArgvRef {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;

  void Add(std::string_view arg) {
    ptrs.push_back(arg.data());
    lens.push_back(arg.size());
  }
  int argc() const { return static_cast<int>(ptrs.size()); }
  // hiredis 0.14 takes `const char**` although it never modifies the array.
  const char** data() const { return const_cast<const char**>(ptrs.data()); }
};

ArgvRef MakeArgv(const std::vector<std::string>& argv) {
  ArgvRef ref;
  ref.ptrs.reserve(argv.size());
  ref.lens.reserve(argv.size());
  for (const std::string& arg : argv) {
    ref.Add(arg);
  }
  return ref;
}

}  // namespace

class RedisClient::Impl {
 public:
  using Observer = std::function<void(std::string_view, double)>;

  // A leased connection: returned to the pool on destruction, or closed when marked broken.
  class Lease final {
   public:
    Lease(Impl* impl, redisContext* c, bool reused) : impl_(impl), c_(c), reused_(reused) {}
    Lease(Lease&& other) noexcept
        : impl_(other.impl_),
          c_(std::exchange(other.c_, nullptr)),
          reused_(other.reused_),
          broken_(other.broken_),
          server_gone_(other.server_gone_) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (c_ != nullptr) {
        impl_->Return(c_, broken_, server_gone_);
      }
    }

    redisContext* get() const { return c_; }
    bool broken() const { return broken_; }
    // True when the connection was idle in the pool before this lease: it may have gone stale
    // while the server restarted, unnoticed until now.
    bool stale_candidate() const { return reused_ && server_gone_; }

    // Called right after a failed hiredis call (errno still describes the failure).
    absl::Status Break() {
      broken_ = true;
      server_gone_ = c_->err == REDIS_ERR_EOF ||
                     (c_->err == REDIS_ERR_IO && (errno == EPIPE || errno == ECONNRESET || errno == ENOENT));
      return ContextError(c_);
    }

   private:
    Impl* impl_;
    redisContext* c_;
    bool reused_ = false;
    bool broken_ = false;
    bool server_gone_ = false;
  };

  Impl(RedisOptions options, Endpoint endpoint, std::string password)
      : options_(std::move(options)), endpoint_(std::move(endpoint)), password_(std::move(password)) {}

  ~Impl() {
    absl::MutexLock lock(&mu_);
    for (redisContext* c : idle_) {
      redisFree(c);
    }
    idle_.clear();
  }

  const RedisOptions& options() const { return options_; }

  absl::StatusOr<Lease> Acquire() {
    const absl::Time deadline = absl::Now() + absl::FromChrono(options_.acquire_timeout);
    absl::MutexLock lock(&mu_);
    while (true) {
      if (!idle_.empty()) {
        redisContext* c = idle_.back();
        idle_.pop_back();
        return Lease(this, c, /*reused=*/true);
      }
      if (open_ < options_.pool_size) {
        if (in_backoff_ && (connecting_ || absl::Now() < next_attempt_)) {
          return Unavailable(absl::StrCat("waiting to reconnect after: ", last_error_));
        }
        ++open_;
        connecting_ = true;
        std::string error;
        mu_.Unlock();
        redisContext* c = Connect(&error);
        mu_.Lock();
        connecting_ = false;
        if (c == nullptr) {
          --open_;
          backoff_ = in_backoff_ ? std::min(backoff_ * 2, absl::FromChrono(options_.reconnect_max_backoff))
                                 : absl::FromChrono(options_.reconnect_initial_backoff);
          in_backoff_ = true;
          next_attempt_ = absl::Now() + backoff_;
          last_error_ = error;
          return Unavailable(error);
        }
        in_backoff_ = false;
        return Lease(this, c, /*reused=*/false);
      }
      if (!mu_.AwaitWithDeadline(absl::Condition(this, &Impl::CanProceed), deadline)) {
        return Unavailable(absl::StrCat("no free pooled connection within ",
                                        absl::FormatDuration(absl::FromChrono(options_.acquire_timeout))));
      }
    }
  }

  // Runs `attempt` (Lease& → absl::StatusOr<T>) on a pooled connection. When it fails on a
  // connection that sat idle in the pool and found the server gone (it went stale while the server
  // restarted), the request never reached a live server: it runs once more, on a fresh
  // connection. Any other outcome, and the second attempt's, is returned as it is.
  template <typename Attempt>
  auto RunWithStaleRetry(const Attempt& attempt) -> decltype(attempt(std::declval<Lease&>())) {
    for (int tries = 1;; ++tries) {
      absl::StatusOr<Lease> lease = Acquire();
      if (!lease.ok()) {
        return lease.status();
      }
      auto result = attempt(*lease);
      if (result.ok() || !lease->stale_candidate() || tries == 2) {
        return result;
      }
    }
  }

  // Sends one command and reads its reply. Transport failures break the lease → UNAVAILABLE.
  // Error replies are returned as replies.
  absl::StatusOr<RedisReply> Run(Lease& lease, const ArgvRef& argv, absl::string_view name) {
    const absl::Time start = absl::Now();
    void* raw = redisCommandArgv(lease.get(), argv.argc(), argv.data(), argv.lens.data());
    Observe(name, start);
    if (raw == nullptr) {
      return lease.Break();
    }
    return RedisReply(static_cast<redisReply*>(raw));
  }

  absl::StatusOr<std::vector<RedisReply>> RunPipeline(Lease& lease,
                                                      const std::vector<std::vector<std::string>>& commands) {
    const absl::Time start = absl::Now();
    redisContext* c = lease.get();
    for (const std::vector<std::string>& command : commands) {
      ArgvRef argv = MakeArgv(command);
      if (redisAppendCommandArgv(c, argv.argc(), argv.data(), argv.lens.data()) != REDIS_OK) {
        return lease.Break();
      }
    }
    std::vector<RedisReply> replies;
    replies.reserve(commands.size());
    for (size_t i = 0; i < commands.size(); ++i) {
      void* raw = nullptr;
      if (redisGetReply(c, &raw) != REDIS_OK || raw == nullptr) {
        absl::Status status = lease.Break();
        Observe("PIPELINE", start);
        return status;
      }
      replies.emplace_back(static_cast<redisReply*>(raw));
    }
    Observe("PIPELINE", start);
    return replies;
  }

  absl::Status SetTimeout(Lease& lease, std::chrono::milliseconds timeout) {
    if (redisSetTimeout(lease.get(), ToTimeval(timeout)) != REDIS_OK) {
      return lease.Break();
    }
    return absl::OkStatus();
  }

  void SetObserver(Observer observer) {
    auto shared = std::make_shared<const Observer>(std::move(observer));
    absl::MutexLock lock(&observer_mu_);
    observer_ = std::move(shared);
  }

 private:
  bool CanProceed() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !idle_.empty() || open_ < options_.pool_size; }

  void Return(redisContext* c, bool broken, bool server_gone) {
    std::vector<redisContext*> to_free;
    {
      absl::MutexLock lock(&mu_);
      if (!broken) {
        idle_.push_back(c);
        return;
      }
      to_free.push_back(c);
      --open_;
      if (server_gone) {
        // The idle connections were opened against the same, now gone, server.
        open_ -= idle_.size();
        to_free.insert(to_free.end(), idle_.begin(), idle_.end());
        idle_.clear();
      }
    }
    for (redisContext* dead : to_free) {
      redisFree(dead);
    }
  }

  void Observe(absl::string_view command, absl::Time start) {
    std::shared_ptr<const Observer> observer;
    {
      absl::MutexLock lock(&observer_mu_);
      observer = observer_;
    }
    if (observer != nullptr && *observer) {
      (*observer)(std::string_view(command.data(), command.size()), absl::ToDoubleSeconds(absl::Now() - start));
    }
  }

  redisContext* Connect(std::string* error) const {
    const timeval connect_tv = ToTimeval(options_.connect_timeout);
    redisContext* c = endpoint_.is_unix ? redisConnectUnixWithTimeout(endpoint_.path.c_str(), connect_tv)
                                        : redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, connect_tv);
    if (c == nullptr) {
      *error = "cannot allocate a connection";
      return nullptr;
    }
    if (c->err != 0) {
      *error = absl::StrCat("connect to ", Describe(), ": ", c->errstr);
      redisFree(c);
      return nullptr;
    }
    if (redisSetTimeout(c, ToTimeval(options_.command_timeout)) != REDIS_OK) {
      *error = absl::StrCat("set timeout on ", Describe(), ": ", c->errstr);
      redisFree(c);
      return nullptr;
    }
    if (!password_.empty() && !Handshake(c, {"AUTH", password_}, "AUTH", error)) {
      redisFree(c);
      return nullptr;
    }
    if (endpoint_.db != 0 && !Handshake(c, {"SELECT", std::to_string(endpoint_.db)}, "SELECT", error)) {
      redisFree(c);
      return nullptr;
    }
    return c;
  }

  bool Handshake(redisContext* c, const std::vector<std::string>& argv, absl::string_view what,
                 std::string* error) const {
    ArgvRef ref = MakeArgv(argv);
    void* raw = redisCommandArgv(c, ref.argc(), ref.data(), ref.lens.data());
    if (raw == nullptr) {
      *error = absl::StrCat(what, " on ", Describe(), ": ", c->errstr);
      return false;
    }
    RedisReply reply(static_cast<redisReply*>(raw));
    if (reply.is_error()) {
      // The server's message never contains the password.
      *error = absl::StrCat(what, " on ", Describe(), " refused: ", ToAbsl(reply.str()));
      return false;
    }
    return true;
  }

  std::string Describe() const {
    return endpoint_.is_unix ? absl::StrCat("unix:", endpoint_.path)
                             : absl::StrCat(endpoint_.host, ":", endpoint_.port);
  }

  const RedisOptions options_;
  const Endpoint endpoint_;
  const std::string password_;

  absl::Mutex mu_;
  std::vector<redisContext*> idle_ ABSL_GUARDED_BY(mu_);
  size_t open_ ABSL_GUARDED_BY(mu_) = 0;  // idle + leased + being opened
  bool connecting_ ABSL_GUARDED_BY(mu_) = false;
  bool in_backoff_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration backoff_ ABSL_GUARDED_BY(mu_);
  absl::Time next_attempt_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::string last_error_ ABSL_GUARDED_BY(mu_);

  absl::Mutex observer_mu_;
  std::shared_ptr<const Observer> observer_ ABSL_GUARDED_BY(observer_mu_);
};

// ---------------------------------------------------------------------------------------------
// RedisClient.

absl::StatusOr<std::unique_ptr<RedisClient>> RedisClient::Create(RedisOptions options) {
  absl::StatusOr<Endpoint> endpoint = ParseUri(options.uri);
  if (!endpoint.ok()) {
    return endpoint.status();
  }
  if (options.pool_size == 0) {
    return absl::InvalidArgumentError("redis pool_size must be at least 1");
  }
  if (options.connect_timeout.count() <= 0 || options.command_timeout.count() <= 0 ||
      options.acquire_timeout.count() < 0 || options.reconnect_initial_backoff.count() < 0 ||
      options.reconnect_max_backoff < options.reconnect_initial_backoff) {
    return absl::InvalidArgumentError("redis timeouts must be positive and max backoff >= initial backoff");
  }
  std::string password;
  if (!options.password_file.empty()) {
    absl::StatusOr<std::string> read = ReadPasswordFile(options.password_file);
    if (!read.ok()) {
      return read.status();
    }
    password = *std::move(read);
  }
  // A write to a socket the server has closed must fail with EPIPE, not kill the process.
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
    signal(SIGPIPE, SIG_IGN);
  }
  auto impl = std::make_unique<Impl>(std::move(options), *std::move(endpoint), std::move(password));
  return std::unique_ptr<RedisClient>(new RedisClient(std::move(impl)));
}

RedisClient::RedisClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RedisClient::~RedisClient() = default;

absl::StatusOr<RedisReply> RedisClient::Command(const std::vector<std::string>& argv) {
  if (argv.empty()) {
    return absl::InvalidArgumentError("redis command must not be empty");
  }
  absl::StatusOr<RedisReply> reply =
      impl_->RunWithStaleRetry([&](Impl::Lease& lease) { return impl_->Run(lease, MakeArgv(argv), argv.front()); });
  if (reply.ok() && reply->is_error()) {
    return ErrorReplyToStatus(ToAbsl(reply->str()));
  }
  return reply;
}

absl::StatusOr<RedisReply> RedisClient::BlockingCommand(const std::vector<std::string>& argv,
                                                        std::chrono::milliseconds extra_wait) {
  if (argv.empty()) {
    return absl::InvalidArgumentError("redis command must not be empty");
  }
  const std::chrono::milliseconds base = impl_->options().command_timeout;
  const std::chrono::milliseconds wait = base + std::max(extra_wait, std::chrono::milliseconds(0));
  absl::StatusOr<RedisReply> reply = impl_->RunWithStaleRetry([&](Impl::Lease& lease) -> absl::StatusOr<RedisReply> {
    if (absl::Status s = impl_->SetTimeout(lease, wait); !s.ok()) {
      return s;
    }
    absl::StatusOr<RedisReply> result = impl_->Run(lease, MakeArgv(argv), argv.front());
    // Back to the normal timeout before the connection returns to the pool. (A failure here is a
    // local setsockopt error, never "server gone", so it is not retried.)
    if (!lease.broken()) {
      if (absl::Status s = impl_->SetTimeout(lease, base); !s.ok()) {
        return s;
      }
    }
    return result;
  });
  if (reply.ok() && reply->is_error()) {
    return ErrorReplyToStatus(ToAbsl(reply->str()));
  }
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::Pipeline(const std::vector<std::vector<std::string>>& commands) {
  for (const std::vector<std::string>& command : commands) {
    if (command.empty()) {
      return absl::InvalidArgumentError("redis command must not be empty");
    }
  }
  if (commands.empty()) {
    return std::vector<RedisReply>();
  }
  absl::StatusOr<std::vector<RedisReply>> replies =
      impl_->RunWithStaleRetry([&](Impl::Lease& lease) { return impl_->RunPipeline(lease, commands); });
  if (!replies.ok()) {
    return replies.status();
  }
  for (const RedisReply& reply : *replies) {
    if (reply.is_error()) {
      return ErrorReplyToStatus(ToAbsl(reply.str()));
    }
  }
  return replies;
}

absl::StatusOr<RedisReply> RedisClient::Eval(const LuaScript& script, const std::vector<std::string>& keys,
                                             const std::vector<std::string>& args) {
  const std::string nkeys = std::to_string(keys.size());
  ArgvRef argv;
  argv.ptrs.reserve(3 + keys.size() + args.size());
  argv.lens.reserve(3 + keys.size() + args.size());
  argv.Add("EVALSHA");
  argv.Add(script.sha1());
  argv.Add(nkeys);
  for (const std::string& key : keys) {
    argv.Add(key);
  }
  for (const std::string& arg : args) {
    argv.Add(arg);
  }
  absl::StatusOr<Impl::Lease> lease = impl_->Acquire();
  if (!lease.ok()) {
    return lease.status();
  }
  absl::StatusOr<RedisReply> reply = impl_->Run(*lease, argv, "EVALSHA");
  if (reply.ok() && reply->is_error() && absl::StartsWith(ToAbsl(reply->str()), "NOSCRIPT")) {
    ArgvRef load;
    load.Add("SCRIPT");
    load.Add("LOAD");
    load.Add(script.source());
    absl::StatusOr<RedisReply> loaded = impl_->Run(*lease, load, "SCRIPT");
    if (!loaded.ok()) {
      return loaded.status();
    }
    if (loaded->is_error()) {
      return absl::InternalError(
          absl::StrCat("redis error loading script ", script.name(), ": ", ToAbsl(loaded->str())));
    }
    reply = impl_->Run(*lease, argv, "EVALSHA");
  }
  if (reply.ok() && reply->is_error()) {
    return ErrorReplyToStatus(ToAbsl(reply->str()));
  }
  return reply;
}

absl::Status RedisClient::LoadScripts(const std::vector<const LuaScript*>& scripts) {
  if (scripts.empty()) {
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> commands;
  commands.reserve(scripts.size());
  for (const LuaScript* script : scripts) {
    commands.push_back({"SCRIPT", "LOAD", script->source()});
  }
  absl::StatusOr<std::vector<RedisReply>> replies = Pipeline(commands);
  if (!replies.ok()) {
    return replies.status();
  }
  for (size_t i = 0; i < scripts.size(); ++i) {
    if ((*replies)[i].str() != scripts[i]->sha1()) {
      return absl::InternalError(absl::StrCat("redis returned an unexpected sha1 for script ", scripts[i]->name()));
    }
  }
  return absl::OkStatus();
}

absl::Status RedisClient::Ping() {
  absl::StatusOr<RedisReply> reply = Command({"PING"});
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->str() != "PONG") {
    return absl::InternalError(absl::StrCat("unexpected PING reply: ", ToAbsl(reply->str())));
  }
  return absl::OkStatus();
}

void RedisClient::SetLatencyObserver(std::function<void(std::string_view command, double seconds)> observer) {
  impl_->SetObserver(std::move(observer));
}

}  // namespace skillbridge

#include "common/redis/redis_client.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace skillbridge {
namespace {

using ::skillbridge::testing::RedisServerProcess;
using ::skillbridge::testing::RedisTest;
using Clock = std::chrono::steady_clock;

class RedisClientTest : public RedisTest {};

TEST_F(RedisClientTest, CommandRoundTripIsBinarySafe) {
  const std::string value("a\0b\r\n\xff", 6);
  ASSERT_TRUE(redis().Command({"SET", "k", value}).ok());
  absl::StatusOr<RedisReply> got = redis().Command({"GET", "k"});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->is_string());
  EXPECT_EQ(got->str(), value);

  absl::StatusOr<RedisReply> missing = redis().Command({"GET", "nope"});
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->is_nil());

  absl::StatusOr<RedisReply> count = redis().Command({"INCRBY", "n", "5"});
  ASSERT_TRUE(count.ok());
  EXPECT_TRUE(count->is_integer());
  EXPECT_EQ(count->integer(), 5);
}

TEST_F(RedisClientTest, ErrorReplyIsInternal) {
  ASSERT_TRUE(redis().Command({"SET", "k", "v"}).ok());
  absl::StatusOr<RedisReply> wrong = redis().Command({"HGET", "k", "f"});
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(wrong.status().message().find("WRONGTYPE"), absl::string_view::npos);
  EXPECT_EQ(redis().Command({}).status().code(), absl::StatusCode::kInvalidArgument);
}

// A store that cannot take a command right now (here: busy with a long script; the same path
// maps LOADING after a restart, MASTERDOWN, READONLY, MISCONF, OOM ...) answers UNAVAILABLE with
// reason STORE_<word>, so callers retry, not INTERNAL.
TEST_F(RedisClientTest, BusyStoreIsUnavailableNotInternal) {
  ASSERT_TRUE(redis().Command({"CONFIG", "SET", "busy-reply-threshold", "50"}).ok());
  RedisOptions options = server().ClientOptions();
  options.command_timeout = std::chrono::milliseconds(10000);
  absl::StatusOr<std::unique_ptr<RedisClient>> looping = RedisClient::Create(options);
  ASSERT_TRUE(looping.ok());
  std::thread script([&] { (void)(*looping)->Command({"EVAL", "while true do end", "0"}); });
  absl::Status status;
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    status = redis().Command({"GET", "k"}).status();
    if (!status.ok()) {
      break;
    }
  }
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(ReasonOf(status), "STORE_BUSY");
  EXPECT_EQ(redis().Pipeline({{"GET", "k"}}).status().code(), absl::StatusCode::kUnavailable);
  while (!redis().Command({"SCRIPT", "KILL"}).ok()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  script.join();
  EXPECT_TRUE(redis().Command({"GET", "k"}).ok());
}

TEST_F(RedisClientTest, PipelineReturnsRepliesInOrder) {
  std::vector<std::vector<std::string>> commands;
  for (int i = 0; i < 100; ++i) {
    commands.push_back({"RPUSH", "list", std::to_string(i)});
  }
  commands.push_back({"LRANGE", "list", "0", "-1"});
  absl::StatusOr<std::vector<RedisReply>> replies = redis().Pipeline(commands);
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 101u);
  EXPECT_EQ((*replies)[99].integer(), 100);
  const RedisReply& range = replies->back();
  ASSERT_TRUE(range.is_array());
  ASSERT_EQ(range.size(), 100u);
  EXPECT_EQ(ReplyString(range.element(42)), "42");
  EXPECT_EQ(range.element(100), nullptr);

  absl::StatusOr<std::vector<RedisReply>> empty = redis().Pipeline({});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST_F(RedisClientTest, PipelineErrorReplyFailsTheCallButKeepsTheConnectionUsable) {
  ASSERT_TRUE(redis().Command({"SET", "k", "v"}).ok());
  absl::StatusOr<std::vector<RedisReply>> replies =
      redis().Pipeline({{"SET", "a", "1"}, {"HGET", "k", "f"}, {"SET", "b", "2"}});
  EXPECT_EQ(replies.status().code(), absl::StatusCode::kInternal);
  absl::StatusOr<RedisReply> count = redis().Command({"EXISTS", "a", "b"});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->integer(), 2);
}

TEST_F(RedisClientTest, EvalRunsScriptWithKeysAndArgs) {
  const LuaScript script("echo", "redis.call('SET', KEYS[1], ARGV[1]); return {KEYS[1], ARGV[1], 7}");
  EXPECT_EQ(script.sha1().size(), 40u);
  absl::StatusOr<RedisReply> reply = redis().Eval(script, {"key"}, {"value"});
  ASSERT_TRUE(reply.ok()) << reply.status();
  ASSERT_EQ(reply->size(), 3u);
  EXPECT_EQ(ReplyString(reply->element(0)), "key");
  EXPECT_EQ(ReplyString(reply->element(1)), "value");
  EXPECT_EQ(ReplyInteger(reply->element(2)), 7);
  EXPECT_EQ(redis().Command({"GET", "key"})->str(), "value");
}

TEST_F(RedisClientTest, LuaScriptShaMatchesRedis) {
  const LuaScript script("one", "return 1");
  ASSERT_TRUE(redis().LoadScripts({&script}).ok());
  absl::StatusOr<RedisReply> exists = redis().Command({"SCRIPT", "EXISTS", script.sha1()});
  ASSERT_TRUE(exists.ok());
  EXPECT_EQ(ReplyInteger(exists->element(0)), 1);
}

TEST_F(RedisClientTest, EvalReloadsAfterScriptFlush) {
  const LuaScript script("counter", "return redis.call('INCR', KEYS[1])");
  ASSERT_TRUE(redis().LoadScripts({&script}).ok());
  ASSERT_EQ(redis().Eval(script, {"c"}, {})->integer(), 1);
  ASSERT_TRUE(redis().Command({"SCRIPT", "FLUSH"}).ok());
  absl::StatusOr<RedisReply> again = redis().Eval(script, {"c"}, {});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->integer(), 2);  // ran exactly once more
}

TEST_F(RedisClientTest, ScriptErrorsMapToCodeAndReason) {
  const LuaScript refuse("refuse",
                         "return redis.error_reply('SB:FAILED_PRECONDITION:QUOTA_EXCEEDED:fourth subsidy in a year')");
  absl::StatusOr<RedisReply> refused = redis().Eval(refuse, {}, {});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), "QUOTA_EXCEEDED");
  EXPECT_NE(refused.status().message().find("fourth subsidy in a year"), absl::string_view::npos);

  const LuaScript raised("raised", "error('SB:INVALID_ARGUMENT:BAD_FIELD:name is empty')");
  absl::StatusOr<RedisReply> invalid = redis().Eval(raised, {}, {});
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(invalid.status()), "BAD_FIELD");

  const LuaScript broken("broken", "return redis.call('NOSUCHCOMMAND')");
  EXPECT_EQ(redis().Eval(broken, {}, {}).status().code(), absl::StatusCode::kInternal);
}

TEST_F(RedisClientTest, LatencyObserverSeesEachCommand) {
  std::vector<std::string> seen;
  redis().SetLatencyObserver([&seen](std::string_view command, double seconds) {
    EXPECT_GE(seconds, 0.0);
    seen.emplace_back(command);
  });
  ASSERT_TRUE(redis().Command({"SET", "a", "b"}).ok());
  ASSERT_TRUE(redis().Ping().ok());
  redis().SetLatencyObserver(nullptr);
  ASSERT_TRUE(redis().Command({"GET", "a"}).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"SET", "PING"}));
}

TEST_F(RedisClientTest, ConcurrentCallersShareThePool) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&failures] {
      for (int i = 0; i < 200; ++i) {
        if (!redis().Command({"INCR", "shared"}).ok()) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(redis().Command({"GET", "shared"})->str(), "1600");
}

TEST_F(RedisClientTest, BlockingCommandWaitsLongerThanCommandTimeout) {
  RedisOptions options = server().ClientOptions();
  options.command_timeout = std::chrono::milliseconds(100);
  absl::StatusOr<std::unique_ptr<RedisClient>> client = RedisClient::Create(options);
  ASSERT_TRUE(client.ok());
  absl::StatusOr<RedisReply> blocked =
      (*client)->BlockingCommand({"BLPOP", "empty-list", "0.2"}, std::chrono::milliseconds(300));
  ASSERT_TRUE(blocked.ok()) << blocked.status();
  EXPECT_TRUE(blocked->is_nil());
  // The plain command timeout still applies afterwards.
  absl::StatusOr<RedisReply> timed_out = (*client)->Command({"BLPOP", "empty-list", "1"});
  EXPECT_EQ(timed_out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE((*client)->Ping().ok());
}

TEST(RedisClientCreateTest, RejectsBadUris) {
  for (const char* uri : {"", "redis://", "redis://host", "redis://host:0", "redis://host:70000", "redis://host:6379/x",
                          "redis://user:pw@host:6379", "unix://relative.sock", "unix:///tmp/r.sock?db=x",
                          "unix:///tmp/r.sock?foo=1", "http://host:80", "unix://"}) {
    RedisOptions options;
    options.uri = uri;
    EXPECT_EQ(RedisClient::Create(options).status().code(), absl::StatusCode::kInvalidArgument) << uri;
  }
  for (const char* uri : {"redis://127.0.0.1:6379", "redis://localhost:6379/2", "unix:///tmp/r.sock",
                          "unix:///tmp/r.sock?db=3", "redis://[::1]:6379"}) {
    RedisOptions options;
    options.uri = uri;
    EXPECT_TRUE(RedisClient::Create(options).ok()) << uri;
  }
}

TEST(RedisClientCreateTest, MissingPasswordFileIsInvalid) {
  RedisOptions options;
  options.uri = "unix:///tmp/r.sock";
  options.password_file = "/nonexistent/password";
  EXPECT_EQ(RedisClient::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RedisClientServerTest, AuthenticatesWithPasswordFileAndSelectsDb) {
  RedisServerProcess::Options server_options;
  server_options.password = "s3cret pass";
  RedisServerProcess server(server_options);
  ASSERT_TRUE(server.Start().ok()) << server.LogTail();

  // Without a password the server refuses.
  RedisOptions no_auth = server.ClientOptions();
  no_auth.password_file.clear();
  absl::StatusOr<std::unique_ptr<RedisClient>> anonymous = RedisClient::Create(no_auth);
  ASSERT_TRUE(anonymous.ok());
  EXPECT_FALSE((*anonymous)->Command({"SET", "k", "v"}).ok());

  RedisOptions options = server.ClientOptions();
  ASSERT_FALSE(options.password_file.empty());
  absl::StatusOr<std::unique_ptr<RedisClient>> client = RedisClient::Create(options);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->Command({"SET", "k", "db0"}).ok());

  options.uri = server.uri() + "?db=2";
  absl::StatusOr<std::unique_ptr<RedisClient>> db2 = RedisClient::Create(options);
  ASSERT_TRUE(db2.ok());
  ASSERT_TRUE((*db2)->Command({"SET", "k", "db2"}).ok());
  EXPECT_EQ((*client)->Command({"GET", "k"})->str(), "db0");
  EXPECT_EQ((*db2)->Command({"GET", "k"})->str(), "db2");

  // A wrong password: connect fails with UNAVAILABLE, the password is not echoed.
  const std::string wrong_file = server.dir() + "/wrong";
  std::ofstream(wrong_file) << "  not-it  \n";
  RedisOptions wrong = server.ClientOptions();
  wrong.password_file = wrong_file;
  absl::StatusOr<std::unique_ptr<RedisClient>> wrong_client = RedisClient::Create(wrong);
  ASSERT_TRUE(wrong_client.ok());
  absl::Status refused = (*wrong_client)->Ping();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(std::string(refused.message()).find("not-it"), std::string::npos);
}

TEST(RedisClientServerTest, KilledServerFailsFastAndRecoversAfterRestart) {
  RedisServerProcess server;
  ASSERT_TRUE(server.Start().ok()) << server.LogTail();
  absl::StatusOr<std::unique_ptr<RedisClient>> client = RedisClient::Create(server.ClientOptions());
  ASSERT_TRUE(client.ok());
  RedisClient& redis = **client;
  ASSERT_TRUE(redis.Command({"SET", "k", "v"}).ok());

  server.Kill9();
  // Every call fails with UNAVAILABLE, quickly (first on the dead pooled connection, then on the
  // failed reconnect, then in backoff).
  for (int i = 0; i < 20; ++i) {
    const auto start = Clock::now();
    absl::StatusOr<RedisReply> reply = redis.Command({"GET", "k"});
    const auto elapsed = Clock::now() - start;
    EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable) << i;
    EXPECT_NE(reply.status().message().find("redis unavailable"), absl::string_view::npos);
    EXPECT_LT(elapsed, std::chrono::seconds(2)) << i;
  }

  ASSERT_TRUE(server.Restart().ok()) << server.LogTail();
  // Recovers within a bounded time (the backoff is capped at 200 ms in test options).
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  absl::Status pinged = redis.Ping();
  while (!pinged.ok() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pinged = redis.Ping();
  }
  ASSERT_TRUE(pinged.ok()) << pinged;
  absl::StatusOr<RedisReply> value = redis.Command({"GET", "k"});
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->str(), "v");  // AOF reloaded
}

TEST(RedisClientServerTest, NeverStartedServerIsUnavailable) {
  RedisOptions options;
  options.uri = "unix:///tmp/sb-no-such-dir/redis.sock";
  options.reconnect_initial_backoff = std::chrono::milliseconds(1000);
  options.reconnect_max_backoff = std::chrono::milliseconds(1000);
  absl::StatusOr<std::unique_ptr<RedisClient>> client = RedisClient::Create(options);
  ASSERT_TRUE(client.ok());
  EXPECT_EQ((*client)->Ping().code(), absl::StatusCode::kUnavailable);
  // In backoff: fails fast without reconnecting.
  absl::Status second = (*client)->Ping();
  EXPECT_EQ(second.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.message().find("waiting to reconnect"), absl::string_view::npos);
}

TEST(RedisClientServerTest, AcquireTimesOutWhenPoolIsExhausted) {
  RedisServerProcess server;
  ASSERT_TRUE(server.Start().ok()) << server.LogTail();
  RedisOptions options = server.ClientOptions();
  options.pool_size = 1;
  options.acquire_timeout = std::chrono::milliseconds(100);
  absl::StatusOr<std::unique_ptr<RedisClient>> client = RedisClient::Create(options);
  ASSERT_TRUE(client.ok());
  std::thread holder([&client] {
    (void)(*client)->BlockingCommand({"BLPOP", "nothing", "1"}, std::chrono::milliseconds(1000));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  absl::Status busy = (*client)->Ping();
  holder.join();
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE((*client)->Ping().ok());
}

}  // namespace
}  // namespace skillbridge

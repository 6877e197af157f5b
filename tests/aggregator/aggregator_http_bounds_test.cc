// The aggregator's HTTP edge under slow and numerous clients (BoundedHttpServer), in this process
// over a real redis-server, with raw sockets on loopback:
//  - a connection that goes silent mid-headers, or trickles its request a byte at a time, is cut
//    off within the whole-request deadline (3 s), so such clients delay a normal call by seconds;
//  - connections above the cap are answered 503 TOO_MANY_CONNECTIONS at once, and counted.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/aggregator/aggregator_harness.h"
#include "tests/support/metrics_text.h"
#include "tests/support/test_auth.h"

namespace skillbridge::testing {
namespace {

using std::chrono::steady_clock;

// A TCP connection to 127.0.0.1:`port` (-1 on failure), with a 10 s receive timeout.
int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return -1;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  return fd;
}

bool SendAll(int fd, const std::string& bytes) {
  return send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

// Everything the server sends until it closes the connection; "<timeout>" if it has not closed it
// within the 10 s receive timeout.
std::string ReadUntilClosed(int fd) {
  std::string all;
  char buffer[1024];
  while (true) {
    const ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
    if (got == 0) {
      return all;
    }
    if (got < 0) {
      return errno == ECONNRESET ? all : "<timeout>";
    }
    all.append(buffer, static_cast<size_t>(got));
  }
}

constexpr char kPartialRequest[] = "GET /api/v1/indicators HTTP/1.1\r\nHost: x\r\n";

class AggregatorHttpBoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const absl::Status started = harness_.Start([](HarnessEnvironment&, aggregator::AggregatorServerConfig& config) {
      config.http.threads = 4;
      config.http.max_connections = 12;
    });
    ASSERT_TRUE(started.ok()) << started;
  }

  int port() { return harness_.server().http_port(); }
  std::string Dropped(const std::string& reason) {
    return MetricValue(harness_.Metrics(), "skillbridge_http_connections_dropped_total", {"reason=\"" + reason + "\""});
  }

  AggregatorHarness harness_;
};

// Twice as many silent connections as HTTP workers delay a normal call by seconds, not forever,
// and every one of them is closed by the server.
TEST_F(AggregatorHttpBoundsTest, SilentConnectionsAreClosedAndDoNotStarveTheWorkers) {
  std::vector<int> sockets;
  for (int i = 0; i < 8; ++i) {
    const int fd = Connect(port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, kPartialRequest));
    sockets.push_back(fd);
  }
  const auto start = steady_clock::now();
  EXPECT_EQ(harness_.HttpGet("/api/v1/indicators", kViewerToken).status, 200);
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(9));
  for (const int fd : sockets) {
    EXPECT_NE(ReadUntilClosed(fd), "<timeout>") << "closed by the server";
    close(fd);
  }
  EXPECT_EQ(Dropped("request_deadline"), "8");
}

// A client that keeps sending one header byte every 200 ms (never pausing long enough for a
// per-read timeout) is cut off at the whole-request deadline, and four of them (as many as the
// workers) hold the workers only that long.
TEST_F(AggregatorHttpBoundsTest, TricklingClientsAreCutOffAtTheRequestDeadline) {
  std::vector<int> sockets;
  for (int i = 0; i < 4; ++i) {
    const int fd = Connect(port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, std::string(kPartialRequest) + "X-Slow: "));
    sockets.push_back(fd);
  }
  std::vector<steady_clock::duration> held(sockets.size());
  std::thread trickler([&] {
    const auto start = steady_clock::now();
    std::vector<bool> open(sockets.size(), true);
    size_t still_open = sockets.size();
    while (still_open > 0 && steady_clock::now() - start < std::chrono::seconds(15)) {
      for (size_t i = 0; i < sockets.size(); ++i) {
        if (open[i] && !SendAll(sockets[i], "a")) {
          open[i] = false;
          --still_open;
          held[i] = steady_clock::now() - start;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    for (size_t i = 0; i < sockets.size(); ++i) {
      if (open[i]) {
        held[i] = steady_clock::now() - start;
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto start = steady_clock::now();
  EXPECT_EQ(harness_.HttpGet("/api/v1/indicators", kViewerToken).status, 200);
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(6));
  trickler.join();
  for (size_t i = 0; i < sockets.size(); ++i) {
    // Cut off at 3 s (the send that fails comes a moment after the close).
    EXPECT_LT(held[i], std::chrono::seconds(7)) << "connection " << i;
    close(sockets[i]);
  }
  EXPECT_EQ(Dropped("request_deadline"), "4");
}

// Above the connection cap (12 here: served + queued), one more connection is answered 503 at
// once, without waiting for a worker; once the others are gone, calls are served again.
TEST_F(AggregatorHttpBoundsTest, ConnectionsAboveTheCapAreAnswered503AtOnce) {
  std::vector<int> sockets;
  for (int i = 0; i < 12; ++i) {
    const int fd = Connect(port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, kPartialRequest));
    sockets.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // all accepted
  const int extra = Connect(port());
  ASSERT_GE(extra, 0);
  const auto start = steady_clock::now();
  const std::string answer = ReadUntilClosed(extra);
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"reason\":\"TOO_MANY_CONNECTIONS\""), std::string::npos) << answer;
  close(extra);
  EXPECT_EQ(Dropped("over_capacity"), "1");
  for (const int fd : sockets) {
    close(fd);
  }
  const auto deadline = steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (status != 200 && steady_clock::now() < deadline) {
    status = harness_.HttpGet("/api/v1/indicators", kViewerToken).status;
  }
  EXPECT_EQ(status, 200);
}

}  // namespace
}  // namespace skillbridge::testing

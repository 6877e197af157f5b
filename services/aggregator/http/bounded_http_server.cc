#include "services/aggregator/http/bounded_http_server.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace skillbridge::aggregator {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Set on the accepting thread while it runs a connection it refuses (see CappedQueue).
thread_local bool t_refusing = false;

// httplib's ThreadPool with the connection cap in front: a connection over the cap is handed to
// the server on the accepting thread with t_refusing set, so it is answered 503 and closed at once.
class CappedQueue final : public httplib::TaskQueue {
 public:
  CappedQueue(int threads, int cap, std::atomic<int>& connections)
      : pool_(static_cast<size_t>(std::max(1, threads))), cap_(std::max(1, cap)), connections_(connections) {}

  void enqueue(std::function<void()> fn) override {
    if (connections_.fetch_add(1) >= cap_) {
      t_refusing = true;
      fn();
      t_refusing = false;
      connections_.fetch_sub(1);
      return;
    }
    pool_.enqueue([this, fn = std::move(fn)] {
      fn();
      connections_.fetch_sub(1);
    });
  }

  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  const int cap_;
  std::atomic<int>& connections_;
};

// Milliseconds left until `when`, rounded up (poll() would otherwise wake just before it).
int MillisUntil(SteadyClock::time_point when) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(when - SteadyClock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(left, 0, 60'000));
}

// Waits until `sock` is ready for `events` or `when` passes; false on timeout, error or hang-up
// without data.
bool WaitUntil(int sock, short events, SteadyClock::time_point when) {
  while (true) {
    pollfd pfd{sock, events, 0};
    const int ready = poll(&pfd, 1, MillisUntil(when));
    if (ready > 0) {
      return (pfd.revents & events) != 0;
    }
    if (ready == 0 && SteadyClock::now() >= when) {
      return false;
    }
    if (ready < 0 && errno != EINTR) {
      return false;
    }
  }
}

void AddressOf(bool peer, int sock, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  const int got = peer ? getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length)
                       : getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length);
  if (got != 0) {
    return;
  }
  char host[NI_MAXHOST];
  char service[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof(host), service, sizeof(service),
                  NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(service);
  }
}

// A connected socket as httplib reads and writes it, with the whole-request read deadline: every
// read waits at most until the deadline set for the current request; once it has passed, reads
// fail and expired() is true. Reads are buffered (httplib reads headers one byte at a time).
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(int sock, std::chrono::microseconds write_timeout) : sock_(sock), write_timeout_(write_timeout) {}

  void SetReadDeadline(SteadyClock::time_point deadline) {
    deadline_ = deadline;
    expired_ = false;
    received_ = false;
  }
  // The deadline passed with part of a request read (a connection that sent nothing is idle).
  bool expired_mid_request() const { return expired_ && (received_ || begin_ < end_); }
  // Waits for the first byte of the next request until `when`, without touching the deadline.
  bool WaitForNextRequest(SteadyClock::time_point when) const {
    return begin_ < end_ || WaitUntil(sock_, POLLIN, when);
  }

  bool is_readable() const override { return begin_ < end_ || WaitUntil(sock_, POLLIN, deadline_); }
  bool is_writable() const override { return WaitUntil(sock_, POLLOUT, SteadyClock::now() + write_timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (begin_ == end_) {
      if (SteadyClock::now() >= deadline_ || !WaitUntil(sock_, POLLIN, deadline_)) {
        expired_ = SteadyClock::now() >= deadline_;
        return -1;
      }
      const ssize_t got = Receive(buffer_, sizeof(buffer_));
      if (got <= 0) {
        return got;
      }
      begin_ = 0;
      end_ = static_cast<size_t>(got);
      received_ = true;
    }
    const size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) {
      return -1;
    }
    ssize_t sent = 0;
    do {
      sent = send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { AddressOf(true, sock_, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { AddressOf(false, sock_, ip, port); }
  socket_t socket() const override { return sock_; }

 private:
  ssize_t Receive(char* into, size_t size) const {
    ssize_t got = 0;
    do {
      got = recv(sock_, into, size, 0);
    } while (got < 0 && errno == EINTR);
    return got;
  }

  const int sock_;
  const std::chrono::microseconds write_timeout_;
  SteadyClock::time_point deadline_ = SteadyClock::now();
  bool expired_ = false;
  bool received_ = false;
  char buffer_[4096];
  size_t begin_ = 0;
  size_t end_ = 0;
};

constexpr char kOverCapacity[] =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Retry-After: 1\r\n"
    "Connection: close\r\n"
    "Content-Length: 99\r\n"
    "\r\n"
    R"({"code":"UNAVAILABLE","reason":"TOO_MANY_CONNECTIONS","message":"too many open connections; retry"})";

}  // namespace

BoundedHttpServer::BoundedHttpServer(HttpBounds bounds) : bounds_(std::move(bounds)) {
  new_task_queue = [this] { return new CappedQueue(bounds_.threads, bounds_.max_connections, connections_); };
}

void BoundedHttpServer::Dropped(std::string_view reason) const {
  if (bounds_.on_drop) {
    bounds_.on_drop(reason);
  }
}

void BoundedHttpServer::Refuse(socket_t sock) {
  Dropped("over_capacity");
  // Whatever the client already sent is discarded first, so that closing does not reset the
  // connection before the answer is read.
  char discard[4096];
  for (int i = 0; i < 4 && recv(sock, discard, sizeof(discard), MSG_DONTWAIT) > 0; ++i) {
  }
  const std::string_view answer(kOverCapacity, sizeof(kOverCapacity) - 1);
  (void)send(sock, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  shutdown(sock, SHUT_WR);
  close(sock);
}

bool BoundedHttpServer::process_and_close_socket(socket_t sock) {
  if (t_refusing) {
    Refuse(sock);
    return false;
  }
  DeadlineStream stream(sock,
                        std::chrono::seconds(write_timeout_sec_) + std::chrono::microseconds(write_timeout_usec_));
  bool ok = false;
  for (size_t left = std::max<size_t>(1, keep_alive_max_count_); left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
    if (left != keep_alive_max_count_ && !stream.WaitForNextRequest(SteadyClock::now() + bounds_.keep_alive_timeout)) {
      break;  // idle keep-alive connection (or closed by the client)
    }
    stream.SetReadDeadline(SteadyClock::now() + bounds_.request_deadline);
    bool connection_closed = false;
    ok = process_request(stream, left == 1, connection_closed, nullptr);
    if (stream.expired_mid_request()) {
      Dropped("request_deadline");
      break;
    }
    if (!ok || connection_closed) {
      break;
    }
  }
  shutdown(sock, SHUT_RDWR);
  close(sock);
  return ok;
}

}  // namespace skillbridge::aggregator

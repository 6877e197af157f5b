#pragma once
// BoundedHttpServer: cpp-httplib's blocking Server (one worker per connection) with the two bounds
// it lacks, so that slow or numerous clients cannot starve the aggregator's HTTP workers:
//   - a whole-request read deadline: from the moment a connection has bytes to read (or is
//     accepted), the request line, headers and body must all arrive within `request_deadline`;
//     a client that trickles one byte at a time is cut off then, whatever its pace (httplib's own
//     read timeout only bounds the gap between two reads). A keep-alive connection waits at most
//     `keep_alive_timeout` for its next request, then is closed.
//   - a connection cap: at most `max_connections` accepted connections are served or queued for a
//     worker at once; one more is answered "503 Service Unavailable" (Retry-After: 1,
//     Connection: close) on the accepting thread, without reading it, and closed.
// Each drop is counted through `on_drop` ("over_capacity", or "request_deadline" for a request cut
// off part-way; a connection that sends nothing is closed quietly), which must be
// thread-safe and must not block. Routes, payload limit and write timeout are configured on the
// httplib::Server base as usual; its read-timeout setting is superseded by the options below.
// Thread-safe as httplib::Server is (configure before listen_after_bind()).

#include <atomic>
#include <chrono>
#include <functional>
#include <string_view>

#include <httplib.h>

namespace skillbridge::aggregator {

struct HttpBounds {
  int threads = 8;                                       // workers
  int max_connections = 64;                              // served + queued
  std::chrono::milliseconds request_deadline{3000};      // to read one whole request
  std::chrono::milliseconds keep_alive_timeout{1000};    // idle wait for the next request
  std::function<void(std::string_view reason)> on_drop;  // may be empty
};

class BoundedHttpServer final : public httplib::Server {
 public:
  explicit BoundedHttpServer(HttpBounds bounds);

  // Connections accepted and not yet closed (served or waiting for a worker).
  int connections() const { return connections_.load(); }

 private:
  bool process_and_close_socket(socket_t sock) override;
  void Refuse(socket_t sock);
  void Dropped(std::string_view reason) const;

  HttpBounds bounds_;
  std::atomic<int> connections_{0};
};

}  // namespace skillbridge::aggregator

// HttpServer: the HTTP/1.1 transport, shaped like Beast's advanced async server. A listener
// accepts connections (up to a maximum); each http_session reads one request at a time with
// a fresh parser (header and body limits, idle and request timeouts), hands it to the
// RequestHandler as a plain HttpRequest and writes the HttpResponse back, keeping the
// connection alive when the client asks. Requests
// on one connection are answered in order (pipelining-safe); connections run concurrently
// on `threads` io threads, each with an io_context of its own that the connections are
// dealt to in turn, so the handler must be thread-safe. Requests that wait for
// the state's one writer (WriterLane) are handled on a thread of their own instead, so they
// never hold an io thread while they wait, and those that arrive together are handled
// together (one commit for all of them).
// Stop() is graceful: no new connections, idle connections close, requests in flight get
// their response. Start/Stop/Wait may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/http_types.h"

namespace ecl {

using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;
// The writer lane: one thread beside the io threads for the requests that wait for the
// state's one writer. They would wait there anyway, and meanwhile the io threads go on
// serving the others.
struct WriterLane {
  // True for the requests the lane handles, in arrival order.
  std::function<bool(const HttpRequest&)> takes;
  // Handles the requests that queued on the lane while it was busy (at most kMaxLaneGroup),
  // in arrival order, and returns their answers in that order: with the service, their
  // writes share one commit, and each is answered after it. Empty: the RequestHandler
  // handles them one at a time.
  std::function<std::vector<HttpResponse>(const std::vector<const HttpRequest*>&)> handle_group;
};

// The most requests the writer lane hands to WriterLane::handle_group at once: enough to
// share a commit among many clients, few enough that the first of them is not kept waiting.
inline constexpr std::size_t kMaxLaneGroup = 64;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: the OS picks a free port; see HttpServer::port()
  int threads = 2;
  std::size_t body_limit = 1024 * 1024;  // larger bodies are answered 413 and the connection closed
  std::uint32_t header_limit = 32 * 1024;  // larger request line + headers are answered 431
  // Connections served at once; one more is answered 503 and closed, never left waiting.
  std::size_t max_connections = 1000;
  // Waiting for the next request on an open connection; then the connection closes.
  std::chrono::milliseconds idle_timeout{60'000};
  // From a request's first byte to its last, and again for writing the answer: a client
  // that trickles its request (or does not read the answer) loses its connection. Other
  // connections are never held up by it.
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds stop_grace{10'000};  // Wait() force-stops after this once stopping
};

class HttpServer {
 public:
  // Binds and listens (throws std::runtime_error naming the address when that fails), but
  // serves nothing until Start().
  // Without `writer_lane.takes`, every request is handled on its connection's io thread.
  HttpServer(HttpServerOptions options, RequestHandler handler, WriterLane writer_lane = {});
  // Stops and waits.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the real one when options.port was 0) and address.
  uint16_t port() const;
  std::string host() const;

  // Stop() on SIGINT or SIGTERM. Call before Start().
  void StopOnSignals();
  // Starts accepting and the io threads.
  void Start();
  // Begins a graceful stop; returns at once. Idempotent.
  void Stop();
  // Blocks until the io threads have finished (after Stop(), or a signal).
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ecl

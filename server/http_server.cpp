#include "server/http_server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/api_dispatcher.h"
#include "server/header_text.h"
#include "server/request_id.h"
#include "server/thread_name.h"

namespace ecl {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr char kServerName[] = "elasticache-local";
// How much an idle connection reads at once when its next request begins.
constexpr std::size_t kFirstReadBytes = 4096;
// After answering and shutting down our side, read (and discard) what the client still sends
// so the kernel does not reset the connection before the client has read our response.
constexpr std::size_t kMaxDrainBytes = 16 * 1024 * 1024;
constexpr std::chrono::seconds kDrainTimeout{3};
// When stopping, requests were read in full; only stray pipelined bytes remain, so the
// process need not wait long for the client.
constexpr std::chrono::milliseconds kStopDrainTimeout{200};

// RFC 7231 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // Formatted once per second per thread: every answer carries it.
  thread_local std::time_t formatted_at = -1;
  thread_local std::string formatted;
  std::time_t t = std::time(nullptr);
  if (t == formatted_at) return formatted;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  formatted_at = t;
  formatted = buf;
  return formatted;
}

bool IsHttpParseError(const beast::error_code& ec) {
  return &ec.category() == &http::make_error_code(http::error::bad_target).category();
}

// What the transport itself refuses, in AWS's error envelope like every other error.
HttpResponse TransportError(int status, const std::string& code, const std::string& message,
                            bool sender = true) {
  return AwsErrorResponse(AwsError(code, message, status, sender), NewRequestId());
}

class HttpSession;

// True when `text` holds a CR or an LF, or, in a header's name, a colon. A plain loop:
// find_first_of calls memchr once per byte, a third of a describe's header writing.
bool BreaksHeaderLine(std::string_view text, bool is_name) {
  for (char c : text)
    if (c == '\r' || c == '\n' || (is_name && c == ':')) return true;
  return false;
}

// A request waiting on the writer lane, with what its answer needs. The work guard keeps the
// io threads running until it is answered (a graceful stop waits for the answer).
struct LaneJob {
  std::shared_ptr<HttpSession> session;
  HttpRequest request;
  unsigned version = 11;
  bool keep_alive = false;
  bool head = false;
  net::executor_work_guard<net::any_io_executor> work;
};

// What every session shares with the server: the handler, the options, the stop flag and
// the set of live sessions that a graceful stop must visit. Outlives the io_context.
struct SharedState {
  HttpServerOptions options;
  RequestHandler handler;
  WriterLane lane;                          // lane.takes empty: no lane
  net::thread_pool* writer_lane = nullptr;  // the server's, while it runs
  std::mutex lane_mu;
  std::deque<LaneJob> lane_queue;  // arrived, not yet handled
  bool lane_draining = false;      // a drain of lane_queue is posted or running
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> connections{0};  // sessions being served (refused ones not counted)

  std::mutex sessions_mu;
  std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions;

  void Register(HttpSession* s, std::weak_ptr<HttpSession> w) {
    std::lock_guard lock(sessions_mu);
    sessions.emplace(s, std::move(w));
  }
  void Unregister(HttpSession* s) {
    std::lock_guard lock(sessions_mu);
    sessions.erase(s);
  }
  std::vector<std::shared_ptr<HttpSession>> LiveSessions() {
    std::lock_guard lock(sessions_mu);
    std::vector<std::shared_ptr<HttpSession>> out;
    for (auto& [ptr, weak] : sessions)
      if (auto s = weak.lock()) out.push_back(std::move(s));
    return out;
  }
};

// One connection. Its handlers never run at once (its io_context has one thread), so
// its members need no locks.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `refuse`: the server is at its connection limit; answer 503 and close.
  HttpSession(tcp::socket&& socket, std::shared_ptr<SharedState> shared, bool refuse = false)
      : stream_(std::move(socket)), shared_(std::move(shared)), refuse_(refuse) {
    if (!refuse_) ++shared_->connections;
  }
  ~HttpSession() {
    if (!refuse_) --shared_->connections;
    shared_->Unregister(this);
  }

  void Run() {
    shared_->Register(this, weak_from_this());
    if (refuse_)
      return net::dispatch(stream_.get_executor(),
                           beast::bind_front_handler(&HttpSession::Refuse, shared_from_this()));
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::ReadHeader, shared_from_this()));
  }

  // Graceful stop: an idle connection closes now; one with a request in flight closes
  // after writing its response.
  void Shutdown() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      if (!self->busy_) self->stream_.cancel();
    });
  }

 private:
  bool Stopping() const { return stopping_ || shared_->stopping.load(); }

  void Refuse() {
    spdlog::warn("refused a connection: {} connections are open (max_connections)",
                 shared_->options.max_connections);
    Send(TransportError(503, "ServiceUnavailable",
                        "The server is serving its maximum of " +
                            std::to_string(shared_->options.max_connections) +
                            " connections; retry when fewer are open.",
                        false),
         11, false, false);
  }

  // Waits (up to the idle timeout) for the next request to begin, then reads its header
  // (the whole request has the request timeout from its first byte on).
  void ReadHeader() {
    busy_ = false;
    if (Stopping()) return Close();
    parser_.emplace();
    parser_->header_limit(shared_->options.header_limit);
    parser_->body_limit(shared_->options.body_limit);
    if (buffer_.size() > 0) return StartRequest();  // pipelined bytes are already here
    stream_.expires_after(shared_->options.idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(kFirstReadBytes),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          if (ec) {
            if (ec != net::error::eof && ec != net::error::operation_aborted)
              spdlog::debug("connection closed while idle: {}", ec.message());
            return self->Close();
          }
          self->buffer_.commit(n);
          self->StartRequest();
        });
  }

  void StartRequest() {
    stream_.expires_after(shared_->options.request_timeout);
    // Most requests arrive whole in the first read: parsed here, with no read operation more.
    beast::error_code ec;
    while (buffer_.size() > 0 && !parser_->is_done()) {
      const std::size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec || used == 0) break;
    }
    if (ec == http::error::need_more) ec = {};
    if (ec || parser_->is_done()) {
      busy_ = true;
      return OnRead(ec, 0);
    }
    if (parser_->is_header_done()) return OnHeader({}, 0);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    busy_ = true;
    if (ec) return OnReadError(ec);
    // Clients that ask before sending a body (curl does for large ones) get their go-ahead;
    // bodies over the limit were already refused by the parser from Content-Length.
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      continue_ = http::response<http::empty_body>{http::status::continue_, 11};
      http::async_write(stream_, continue_,
                        [self = shared_from_this()](beast::error_code e, std::size_t) {
                          if (e) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::body_limit)
      return Send(TransportError(413, "RequestEntityTooLarge",
                                 "Request body exceeds " +
                                     std::to_string(shared_->options.body_limit) + " bytes"),
                  parser_->get().version(), false, false);
    if (ec == http::error::header_limit)
      return Send(TransportError(431, "RequestHeaderSectionTooLarge",
                                 "The request line and headers exceed " +
                                     std::to_string(shared_->options.header_limit) + " bytes"),
                  11, false, false);
    if (ec == beast::error::timeout) {
      // The stream closed the socket: a client trickling its request (or not reading its
      // answer) only loses its own connection.
      spdlog::info("request not received whole within {} ms; connection closed",
                   shared_->options.request_timeout.count());
      return Close();
    }
    if (ec == http::error::partial_message) {
      // The client half-closed before the message was complete (a body shorter than its
      // Content-Length): it still reads, so it gets an answer rather than silence.
      HttpResponse r;
      r.status = 400;
      r.content_type = "text/plain";
      r.body = "Bad Request: the connection ended before the whole request arrived (" +
               std::string(parser_->is_header_done() ? "body shorter than its Content-Length"
                                                     : "incomplete header") +
               ")\n";
      return Send(std::move(r), 11, false, false);
    }
    if (IsHttpParseError(ec) && ec != http::error::end_of_stream) {
      HttpResponse r;
      r.status = 400;
      r.content_type = "text/plain";
      r.body = "Bad Request: " + ec.message() + "\n";
      return Send(std::move(r), 11, false, false);
    }
    // The client went away, went quiet past the idle timeout, or we are stopping.
    if (ec != http::error::end_of_stream && ec != net::error::operation_aborted)
      spdlog::debug("connection closed: {}", ec.message());
    Close();
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    http::request<http::string_body> req = parser_->release();

    HttpRequest in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = AsciiLower(c);
      in.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    in.body = std::move(req.body());

    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    if (shared_->writer_lane && shared_->lane.takes(in)) {
      // Handled on the lane, answered back on this connection's executor.
      return QueueOnWriterLane(LaneJob{shared_from_this(), std::move(in), version, keep_alive,
                                       head, net::make_work_guard(stream_.get_executor())});
    }
    HttpResponse out = Handle(in);
    Send(std::move(out), version, keep_alive && !Stopping(), head);
  }

 public:
  HttpResponse Handle(const HttpRequest& in) {
    try {
      return shared_->handler(in);
    } catch (const std::exception& e) {
      spdlog::error("request handler failed: {}", e.what());
      return HttpResponse{500, "text/plain", {}, "Internal Server Error\n"};
    }
  }

  // Writes the lane's answer to a request of this connection, on its executor.
  void Answer(HttpResponse out, unsigned version, bool keep_alive, bool head) {
    net::post(stream_.get_executor(), [self = shared_from_this(), out = std::move(out), version,
                                       keep_alive, head]() mutable {
      self->Send(std::move(out), version, keep_alive && !self->Stopping(), head);
    });
  }

 private:
  void QueueOnWriterLane(LaneJob job);

  // The status line and headers are written here, the body after them in the same write:
  // Beast's serializer cost a describe more than its whole XML answer.
  void Send(HttpResponse out, unsigned version, bool keep_alive, bool head) {
    // A status outside 100-599 is a handler bug; it must not cost the connection.
    const bool valid_status = out.status >= 100 && out.status <= 599;
    if (!valid_status) spdlog::error("handler answered invalid HTTP status {}", out.status);
    const unsigned status = valid_status ? static_cast<unsigned>(out.status) : 500u;
    head_.clear();
    head_ += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head_ += std::to_string(status);
    head_ += ' ';
    head_ += http::obsolete_reason(http::int_to_status(status));
    AppendHeader("Server", kServerName);
    AppendHeader("Date", HttpDate());
    AppendHeader("Content-Type", out.content_type);
    for (const auto& [name, value] : out.headers) {
      if (beast::iequals(name, "content-length") || beast::iequals(name, "connection") ||
          beast::iequals(name, "transfer-encoding"))
        continue;  // framing is the transport's business
      AppendHeader(name, value);
    }
    // HEAD: the length the GET would have, without the body.
    AppendHeader("Content-Length", std::to_string(out.body.size()));
    if (version == 10 && keep_alive) AppendHeader("Connection", "keep-alive");
    if (version != 10 && !keep_alive) AppendHeader("Connection", "close");
    head_ += "\r\n\r\n";
    body_ = head ? std::string() : std::move(out.body);

    stream_.expires_after(shared_->options.request_timeout);
    net::async_write(
        stream_, std::array<net::const_buffer, 2>{net::buffer(head_), net::buffer(body_)},
        beast::bind_front_handler(&HttpSession::OnWrite, shared_from_this(), keep_alive));
  }

  // A header line; one whose name or value would break the framing (CR, LF) is left out.
  void AppendHeader(std::string_view name, std::string_view value) {
    if (BreaksHeaderLine(name, true) || BreaksHeaderLine(value, false)) {
      spdlog::error("handler answered a header that cannot be sent: {}", name);
      return;
    }
    head_ += "\r\n";
    head_ += name;
    head_ += ": ";
    head_ += value;
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) {
      spdlog::debug("write failed: {}", ec.message());
      return Close();
    }
    if (!keep_alive || Stopping()) return CloseAfterResponse();
    ReadHeader();
  }

  void CloseAfterResponse() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    drained_ = 0;
    if (Stopping())
      stream_.expires_after(kStopDrainTimeout);
    else
      stream_.expires_after(kDrainTimeout);
    Drain();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kMaxDrainBytes) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  std::shared_ptr<SharedState> shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_;  // the answer's status line and headers
  std::string body_;
  http::response<http::empty_body> continue_;
  std::array<char, 16 * 1024> drain_buffer_{};
  std::size_t drained_ = 0;
  bool refuse_ = false;      // answer 503 and close: the server is at max_connections
  bool busy_ = false;        // a request is being read, handled or answered
  bool stopping_ = false;    // Shutdown() was called
};

// Handles what queued on the writer lane, a group at a time, until nothing is left; then the
// next request to queue posts a drain again.
void DrainWriterLane(SharedState& shared) {
  for (;;) {
    std::vector<LaneJob> jobs;
    {
      std::lock_guard lock(shared.lane_mu);
      if (shared.lane_queue.empty()) {
        shared.lane_draining = false;
        return;
      }
      while (!shared.lane_queue.empty() && jobs.size() < kMaxLaneGroup) {
        jobs.push_back(std::move(shared.lane_queue.front()));
        shared.lane_queue.pop_front();
      }
    }
    std::vector<HttpResponse> answers;
    if (shared.lane.handle_group) {
      std::vector<const HttpRequest*> requests;
      for (const auto& job : jobs) requests.push_back(&job.request);
      try {
        answers = shared.lane.handle_group(requests);
      } catch (const std::exception& e) {
        spdlog::error("request handler failed: {}", e.what());
      }
      if (answers.size() != jobs.size())
        answers.assign(jobs.size(), HttpResponse{500, "text/plain", {}, "Internal Server Error\n"});
    } else {
      for (const auto& job : jobs) answers.push_back(job.session->Handle(job.request));
    }
    for (std::size_t i = 0; i < jobs.size(); ++i)
      jobs[i].session->Answer(std::move(answers[i]), jobs[i].version, jobs[i].keep_alive,
                              jobs[i].head);
  }
}

void HttpSession::QueueOnWriterLane(LaneJob job) {
  bool start = false;
  {
    std::lock_guard lock(shared_->lane_mu);
    shared_->lane_queue.push_back(std::move(job));
    start = !std::exchange(shared_->lane_draining, true);
  }
  if (start) net::post(*shared_->writer_lane, [shared = shared_] { DrainWriterLane(*shared); });
}

// Accepts connections and starts a session for each.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Listens on the first of `iocs`; connections go to each in turn.
  Listener(const std::vector<std::unique_ptr<net::io_context>>& iocs, const tcp::endpoint& endpoint,
           std::shared_ptr<SharedState> shared)
      : iocs_(iocs),
        acceptor_(*iocs.front()),
        retry_timer_(acceptor_.get_executor()),
        shared_(std::move(shared)) {
    auto where = [&] {
      return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    };
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + where() + ": " + ec.message());
    bound_ = acceptor_.local_endpoint();
  }

  const tcp::endpoint& bound() const { return bound_; }

  void Run() {
    net::dispatch(acceptor_.get_executor(),
                  beast::bind_front_handler(&Listener::Accept, shared_from_this()));
  }

  void Stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
      self->retry_timer_.cancel();
    });
  }

 private:
  void Accept() {
    if (shared_->stopping || !acceptor_.is_open()) return;
    // Each io thread runs an io_context of its own, as nginx's workers each run their own
    // event loop: a connection is served by one thread from start to end, with no strand
    // and nothing the threads share but what a request touches.
    net::io_context& ioc = *iocs_[next_ioc_];
    next_ioc_ = (next_ioc_ + 1) % iocs_.size();
    acceptor_.async_accept(ioc,
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (shared_->stopping || !acceptor_.is_open()) return;
    if (ec) {
      // Typically out of file descriptors: back off instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      retry_timer_.expires_after(std::chrono::milliseconds(100));
      retry_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->Accept();
      });
      return;
    }
    beast::error_code nodelay_ec;
    socket.set_option(tcp::no_delay(true), nodelay_ec);
    const bool refuse = shared_->connections.load() >= shared_->options.max_connections;
    std::make_shared<HttpSession>(std::move(socket), shared_, refuse)->Run();
    Accept();
  }

  const std::vector<std::unique_ptr<net::io_context>>& iocs_;
  size_t next_ioc_ = 0;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  std::shared_ptr<SharedState> shared_;
  tcp::endpoint bound_;
};

tcp::endpoint ResolveEndpoint(net::io_context& ioc, const std::string& host, uint16_t port) {
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (!ec) return {address, port};
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty())
    throw std::runtime_error("cannot resolve host '" + host + "': " + ec.message());
  return results.begin()->endpoint();
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions options, RequestHandler handler, WriterLane lane)
      : shared(std::make_shared<SharedState>()) {
    if (options.threads < 1) options.threads = 1;
    for (int i = 0; i < options.threads; ++i) {
      iocs.push_back(std::make_unique<net::io_context>(1));
      // Until Stop(): an io_context with no connection yet must not return from run().
      keep_running.push_back(net::make_work_guard(*iocs.back()));
    }
    shared->options = std::move(options);
    shared->handler = std::move(handler);
    if (lane.takes) {
      writer_lane.emplace(1);
      net::post(*writer_lane, [] { NameThisThread("ecl-writer"); });
      shared->lane = std::move(lane);
      shared->writer_lane = &*writer_lane;
    }
    listener = std::make_shared<Listener>(
        iocs, ResolveEndpoint(*iocs.front(), shared->options.host, shared->options.port), shared);
  }

  void Stop() {
    if (shared->stopping.exchange(true)) return;
    {
      std::lock_guard lock(run_mu);
      stop_requested = true;
    }
    run_cv.notify_all();
    listener->Stop();
    if (signals)
      net::post(signals->get_executor(), [this] {
        beast::error_code ec;
        signals->cancel(ec);
      });
    for (auto& session : shared->LiveSessions()) session->Shutdown();
    for (auto& guard : keep_running) guard.reset();
  }

  void RunThread(net::io_context& ioc) {
    for (;;) {
      try {
        ioc.run();
        break;
      } catch (const std::exception& e) {
        spdlog::error("io thread: {}", e.what());
      }
    }
    std::lock_guard lock(run_mu);
    ++threads_done;
    run_cv.notify_all();
  }

  std::shared_ptr<SharedState> shared;
  std::vector<std::unique_ptr<net::io_context>> iocs;  // one per io thread
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
  // After iocs: gone first, with any session a job of it still holds.
  std::optional<net::thread_pool> writer_lane;
  std::shared_ptr<Listener> listener;
  std::optional<net::signal_set> signals;

  std::mutex run_mu;
  std::condition_variable run_cv;
  std::vector<std::thread> threads;
  int threads_done = 0;
  bool started = false;
  bool stop_requested = false;
  std::mutex join_mu;
};

HttpServer::HttpServer(HttpServerOptions options, RequestHandler handler, WriterLane writer_lane)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler),
                                   std::move(writer_lane))) {}

HttpServer::~HttpServer() {
  Stop();
  Wait();
}

uint16_t HttpServer::port() const { return impl_->listener->bound().port(); }

std::string HttpServer::host() const { return impl_->listener->bound().address().to_string(); }

void HttpServer::StopOnSignals() {
  Impl* impl = impl_.get();
  impl->signals.emplace(*impl->iocs.front(), SIGINT, SIGTERM);
  impl->signals->async_wait([impl](beast::error_code ec, int signal_number) {
    if (ec) return;
    spdlog::info("received signal {}, stopping", signal_number);
    impl->Stop();
  });
}

void HttpServer::Start() {
  {
    std::lock_guard lock(impl_->run_mu);
    if (impl_->started) return;
    impl_->started = true;
  }
  impl_->listener->Run();
  for (auto& ioc : impl_->iocs)
    impl_->threads.emplace_back([impl = impl_.get(), ioc = ioc.get(), n = impl_->threads.size()] {
      NameThisThread("ecl-io-" + std::to_string(n));
      impl->RunThread(*ioc);
    });
}

void HttpServer::Stop() { impl_->Stop(); }

void HttpServer::Wait() {
  std::lock_guard join_lock(impl_->join_mu);
  {
    std::unique_lock lock(impl_->run_mu);
    const int total = static_cast<int>(impl_->threads.size());
    auto all_done = [&] { return impl_->threads_done == total; };
    impl_->run_cv.wait(lock, [&] { return all_done() || impl_->stop_requested; });
    // Stopping: in-flight responses get a grace period, then whatever is left is cut off.
    if (!impl_->run_cv.wait_for(lock, impl_->shared->options.stop_grace, all_done)) {
      spdlog::warn("connections still busy after the stop grace period; closing them");
      for (auto& ioc : impl_->iocs) ioc->stop();
    }
  }
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  if (impl_->writer_lane) impl_->writer_lane->join();
}

}  // namespace ecl

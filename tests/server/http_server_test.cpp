#include "server/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace ecl {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Echoes what the transport handed over, so tests can see the HttpRequest.
HttpResponse Echo(const HttpRequest& req) {
  HttpResponse r;
  r.content_type = "text/plain";
  r.body = req.method + " " + req.target + " " + std::to_string(req.body.size());
  if (!req.Header("x-test").empty()) r.body += " x-test=" + req.Header("x-test");
  r.headers.emplace_back("x-amzn-RequestId", "rid");
  if (req.target == "/status/503") r.status = 503;
  if (req.target == "/status/0") r.status = 0;
  return r;
}

HttpServerOptions LoopbackOptions() {
  HttpServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  return o;
}

// A blocking HTTP/1.1 client on one connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  http::response<http::string_body> Request(http::verb method, const std::string& target,
                                            std::string body = "", bool keep_alive = true) {
    Send(method, target, std::move(body), keep_alive);
    return Read();
  }

  void Send(http::verb method, const std::string& target, std::string body = "",
            bool keep_alive = true) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set("X-Test", "hello");
    req.body() = std::move(body);
    req.prepare_payload();
    req.keep_alive(keep_alive);
    http::write(socket_, req);
  }

  http::response<http::string_body> Read() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

  // True when the server has closed the connection (clean EOF or reset).
  bool ServerClosed() {
    beast::error_code ec;
    char byte;
    socket_.read_some(net::buffer(&byte, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

  tcp::socket& socket() { return socket_; }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

TEST(HttpServer, BindsAFreePortAndAnswers) {
  HttpServer server(LoopbackOptions(), Echo);
  server.Start();
  ASSERT_NE(server.port(), 0);
  EXPECT_EQ(server.host(), "127.0.0.1");

  Client client(server.port());
  auto res = client.Request(http::verb::post, "/?Action=X", "abc");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "POST /?Action=X 3 x-test=hello");
  EXPECT_EQ(res[http::field::server], "elasticache-local");
  EXPECT_EQ(res[http::field::content_type], "text/plain");
  EXPECT_EQ(res[http::field::content_length], std::to_string(res.body().size()));
  EXPECT_FALSE(res[http::field::date].empty());
  EXPECT_EQ(res["x-amzn-RequestId"], "rid");
}

TEST(HttpServer, KeepAliveServesTwoRequestsOnOneConnection) {
  std::atomic<int> calls{0};
  HttpServer server(LoopbackOptions(), [&](const HttpRequest& r) {
    ++calls;
    return Echo(r);
  });
  server.Start();
  Client client(server.port());
  auto first = client.Request(http::verb::get, "/one");
  EXPECT_TRUE(first.keep_alive());
  auto second = client.Request(http::verb::get, "/two");
  EXPECT_EQ(first.body(), "GET /one 0 x-test=hello");
  EXPECT_EQ(second.body(), "GET /two 0 x-test=hello");
  EXPECT_EQ(calls.load(), 2);
}

TEST(HttpServer, ConnectionCloseIsHonoured) {
  HttpServer server(LoopbackOptions(), Echo);
  server.Start();
  Client client(server.port());
  auto res = client.Request(http::verb::get, "/bye", "", /*keep_alive=*/false);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  HttpServer server(LoopbackOptions(), [](const HttpRequest& r) {
    // The first request is slow; its answer must still come first.
    if (r.target == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return Echo(r);
  });
  server.Start();
  Client client(server.port());
  std::string raw =
      "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
      "GET /last HTTP/1.1\r\nHost: x\r\n\r\n";
  net::write(client.socket(), net::buffer(raw));
  EXPECT_EQ(client.Read().body(), "GET /slow 0");
  EXPECT_EQ(client.Read().body(), "POST /fast 2");
  EXPECT_EQ(client.Read().body(), "GET /last 0");
}

TEST(HttpServer, OversizedBodyGets413AndTheServerKeepsServing) {
  HttpServer server(LoopbackOptions(), Echo);
  server.Start();
  {
    Client client(server.port());
    auto res = client.Request(http::verb::post, "/", std::string(2 * 1024 * 1024, 'a'));
    EXPECT_EQ(res.result_int(), 413);
    EXPECT_FALSE(res.keep_alive());
    EXPECT_NE(res.body().find("RequestEntityTooLarge"), std::string::npos);
    EXPECT_TRUE(client.ServerClosed());
  }
  {
    // Chunked: no Content-Length to refuse up front; the limit trips mid-body.
    Client client(server.port());
    std::string raw = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    std::string chunk(256 * 1024, 'b');
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    for (int i = 0; i < 8; ++i) raw += size_line + chunk + "\r\n";
    raw += "0\r\n\r\n";
    net::write(client.socket(), net::buffer(raw));
    EXPECT_EQ(client.Read().result_int(), 413);
  }
  // Exactly at the limit is fine.
  Client client(server.port());
  auto ok = client.Request(http::verb::post, "/", std::string(1024 * 1024, 'c'));
  EXPECT_EQ(ok.result_int(), 200);
  EXPECT_EQ(ok.body(), "POST / 1048576 x-test=hello");
}

TEST(HttpServer, ExpectContinueIsAnswered) {
  HttpServer server(LoopbackOptions(), Echo);
  server.Start();
  Client client(server.port());
  std::string head =
      "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
  net::write(client.socket(), net::buffer(head));
  auto interim = client.Read();
  EXPECT_EQ(interim.result_int(), 100);
  net::write(client.socket(), net::buffer(std::string("hello")));
  EXPECT_EQ(client.Read().body(), "POST /upload 5");
}

TEST(HttpServer, GarbageGets400AndIsClosed) {
  HttpServer server(LoopbackOptions(), Echo);
  server.Start();
  Client client(server.port());
  net::write(client.socket(), net::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
  EXPECT_EQ(client.Read().result_int(), 400);
  EXPECT_TRUE(client.ServerClosed());
  Client again(server.port());
  EXPECT_EQ(again.Request(http::verb::get, "/").result_int(), 200);
}

TEST(HttpServer, HeadGetsLengthButNoBody) {
  HttpServer server(LoopbackOptions(), Echo);
  server.Start();
  Client client(server.port());
  client.Send(http::verb::head, "/health");
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // a HEAD response has no body whatever Content-Length says
  beast::flat_buffer buffer;
  http::read(client.socket(), buffer, parser);
  EXPECT_EQ(parser.get().result_int(), 200);
  EXPECT_EQ(parser.get()[http::field::content_length], "27");  // "HEAD /health 0 x-test=hello"
  // The connection is still usable, so no stray body bytes were sent.
  auto next = client.Request(http::verb::get, "/next");
  EXPECT_EQ(next.body(), "GET /next 0 x-test=hello");
}

TEST(HttpServer, HandlerStatusAndThrowsAreAnswered) {
  HttpServer server(LoopbackOptions(), [](const HttpRequest& r) -> HttpResponse {
    if (r.target == "/throw") throw std::runtime_error("boom");
    return Echo(r);
  });
  server.Start();
  Client client(server.port());
  EXPECT_EQ(client.Request(http::verb::get, "/status/503").result_int(), 503);
  EXPECT_EQ(client.Request(http::verb::get, "/throw").result_int(), 500);
  EXPECT_EQ(client.Request(http::verb::get, "/status/0").result_int(), 500);
  EXPECT_EQ(client.Request(http::verb::get, "/after").result_int(), 200);
}

TEST(HttpServer, AHeaderThatWouldBreakTheFramingIsLeftOut) {
  HttpServer server(LoopbackOptions(), [](const HttpRequest& r) {
    HttpResponse out = Echo(r);
    out.headers.emplace_back("X-Kept", "yes");
    out.headers.emplace_back("X-Split", "a\r\nInjected: 1");
    out.headers.emplace_back("X-Line", "b\nInjected: 2");
    out.headers.emplace_back("Bad:Name", "c");
    out.headers.emplace_back("X-Also-Kept", "d");
    return out;
  });
  server.Start();
  Client client(server.port());
  auto res = client.Request(http::verb::get, "/h");
  EXPECT_EQ(res["X-Kept"], "yes");
  EXPECT_EQ(res["X-Also-Kept"], "d");
  EXPECT_EQ(res.count("X-Split"), 0u);
  EXPECT_EQ(res.count("X-Line"), 0u);
  EXPECT_EQ(res.count("Injected"), 0u);
  EXPECT_EQ(res.count("Bad"), 0u);
  EXPECT_EQ(res.body(), "GET /h 0 x-test=hello");
}

TEST(HttpServer, ManyConcurrentClients) {
  std::atomic<int> calls{0};
  auto options = LoopbackOptions();
  options.threads = 4;
  HttpServer server(options, [&](const HttpRequest& r) {
    ++calls;
    return Echo(r);
  });
  server.Start();
  constexpr int kClients = 32;
  constexpr int kRequestsEach = 25;
  std::vector<std::future<int>> results;
  for (int c = 0; c < kClients; ++c)
    results.push_back(std::async(std::launch::async, [&, c] {
      Client client(server.port());
      int ok = 0;
      for (int i = 0; i < kRequestsEach; ++i) {
        std::string target = "/c" + std::to_string(c) + "/" + std::to_string(i);
        auto res = client.Request(http::verb::get, target);
        if (res.result_int() == 200 && res.body() == "GET " + target + " 0 x-test=hello") ++ok;
      }
      return ok;
    }));
  int total = 0;
  for (auto& r : results) total += r.get();
  EXPECT_EQ(total, kClients * kRequestsEach);
  EXPECT_EQ(calls.load(), kClients * kRequestsEach);
}

TEST(HttpServer, EachConnectionIsServedByOneThreadAndTheyAreDealtInTurn) {
  std::mutex mu;
  std::map<std::string, std::set<std::thread::id>> threads_of;  // by connection
  auto options = LoopbackOptions();  // two io threads
  HttpServer server(options, [&](const HttpRequest& r) {
    std::lock_guard lock(mu);
    threads_of[r.target.substr(0, r.target.find('/', 1))].insert(std::this_thread::get_id());
    return Echo(r);
  });
  server.Start();
  Client first(server.port());
  ASSERT_EQ(first.Request(http::verb::get, "/first/0").result_int(), 200);
  Client second(server.port());
  // Both at once, so that threads that shared connections would trade them.
  auto busy = [](Client& client, const std::string& name) {
    for (int i = 1; i < 50; ++i)
      if (client.Request(http::verb::get, "/" + name + "/" + std::to_string(i)).result_int() != 200)
        return false;
    return true;
  };
  auto a = std::async(std::launch::async, busy, std::ref(first), "first");
  auto b = std::async(std::launch::async, busy, std::ref(second), "second");
  ASSERT_TRUE(a.get());
  ASSERT_TRUE(b.get());
  std::lock_guard lock(mu);
  ASSERT_EQ(threads_of["/first"].size(), 1u);
  ASSERT_EQ(threads_of["/second"].size(), 1u);
  EXPECT_NE(*threads_of["/first"].begin(), *threads_of["/second"].begin());
}

TEST(HttpServer, IdleConnectionsTimeOut) {
  auto options = LoopbackOptions();
  options.idle_timeout = std::chrono::milliseconds(200);
  HttpServer server(options, Echo);
  server.Start();
  Client client(server.port());
  EXPECT_EQ(client.Request(http::verb::get, "/").result_int(), 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.ServerClosed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(HttpServer, ConnectionsBeyondTheMaximumGet503AndASlotFreesWhenOneCloses) {
  auto options = LoopbackOptions();
  options.max_connections = 2;
  HttpServer server(options, Echo);
  server.Start();
  auto first = std::make_unique<Client>(server.port());
  Client second(server.port());
  EXPECT_EQ(first->Request(http::verb::get, "/a").result_int(), 200);
  EXPECT_EQ(second.Request(http::verb::get, "/b").result_int(), 200);

  Client third(server.port());
  auto refused = third.Read();  // answered without even sending a request
  EXPECT_EQ(refused.result_int(), 503);
  EXPECT_NE(refused.body().find("<Code>ServiceUnavailable</Code>"), std::string::npos);
  EXPECT_NE(refused.body().find("maximum of 2 connections"), std::string::npos);
  EXPECT_FALSE(refused.keep_alive());
  EXPECT_TRUE(third.ServerClosed());

  first.reset();  // the server sees the close and frees the slot
  for (int attempt = 0;; ++attempt) {
    Client again(server.port());
    auto res = again.Request(http::verb::get, "/c");
    if (res.result_int() == 200) break;
    ASSERT_LT(attempt, 100) << "the closed connection's slot never came back";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(second.Request(http::verb::get, "/d").result_int(), 200);
}

TEST(HttpServer, OversizedHeadersGet431) {
  auto options = LoopbackOptions();
  options.header_limit = 2048;
  HttpServer server(options, Echo);
  server.Start();
  Client client(server.port());
  std::string raw = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'h') + "\r\n\r\n";
  net::write(client.socket(), net::buffer(raw));
  auto res = client.Read();
  EXPECT_EQ(res.result_int(), 431);
  EXPECT_NE(res.body().find("RequestHeaderSectionTooLarge"), std::string::npos);
  Client fits(server.port());
  EXPECT_EQ(fits.Request(http::verb::get, "/" + std::string(1000, 'p')).result_int(), 200);
}

TEST(HttpServer, ASlowClientIsCutOffWithoutDelayingOthers) {
  auto options = LoopbackOptions();
  options.threads = 1;  // one thread: a blocking read would stall everyone
  options.request_timeout = std::chrono::milliseconds(300);
  HttpServer server(options, Echo);
  server.Start();
  // Starts a request and never finishes it.
  Client slow(server.port());
  net::write(slow.socket(), net::buffer(std::string("POST / HTTP/1.1\r\nHost: x\r\nContent-")));
  Client trickle(server.port());
  net::write(trickle.socket(),
             net::buffer(std::string("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab")));
  // Others are served meanwhile, many times over.
  Client other(server.port());
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(other.Request(http::verb::get, "/other").result_int(), 200);
  // The slow ones lose their connections once their requests are overdue.
  EXPECT_TRUE(slow.ServerClosed());
  EXPECT_TRUE(trickle.ServerClosed());
  EXPECT_EQ(other.Request(http::verb::get, "/after").result_int(), 200);
}

TEST(HttpServer, TheRequestTimeoutCountsFromTheFirstByteNotFromIdling) {
  auto options = LoopbackOptions();
  options.idle_timeout = std::chrono::milliseconds(5000);
  options.request_timeout = std::chrono::milliseconds(200);
  HttpServer server(options, Echo);
  server.Start();
  Client client(server.port());
  // Idle longer than the request timeout: still open, and the next request is served.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(client.Request(http::verb::get, "/late").result_int(), 200);
}

TEST(HttpServer, GracefulStopFinishesInFlightRequests) {
  std::promise<void> entered;
  HttpServer server(LoopbackOptions(), [&](const HttpRequest& r) {
    if (r.target == "/slow") {
      entered.set_value();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    return Echo(r);
  });
  server.Start();
  Client idle(server.port());
  EXPECT_EQ(idle.Request(http::verb::get, "/warmup").result_int(), 200);

  Client busy(server.port());
  busy.Send(http::verb::get, "/slow");
  entered.get_future().wait();
  auto stop_start = std::chrono::steady_clock::now();
  server.Stop();

  auto res = busy.Read();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "GET /slow 0 x-test=hello");
  EXPECT_FALSE(res.keep_alive());  // no more requests after a stop
  EXPECT_TRUE(idle.ServerClosed());
  server.Wait();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_start, std::chrono::seconds(5));

  // No longer accepting.
  net::io_context ioc;
  tcp::socket s(ioc);
  beast::error_code ec;
  s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()), ec);
  EXPECT_TRUE(ec);
}

TEST(HttpServer, StopWithoutStartAndDoubleStopAreHarmless) {
  { HttpServer server(LoopbackOptions(), Echo); }
  HttpServer server(LoopbackOptions(), Echo);
  server.Start();
  server.Stop();
  server.Stop();
  server.Wait();
  server.Wait();
}

TEST(HttpServer, ListeningOnABusyPortThrowsWithTheAddress) {
  HttpServer first(LoopbackOptions(), Echo);
  auto options = LoopbackOptions();
  options.port = first.port();
  try {
    HttpServer second(options, Echo);
    FAIL() << "expected a bind error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ecl

// The writer lane: requests the filter picks are handled on a thread of their own, so a slow
// one holds no io thread — with one io thread, others are answered meanwhile; a connection's
// answers still come in order; a graceful stop waits for the lane's answer.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <thread>

#include "server/http_server.h"

namespace ecl {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpServerOptions OneIoThread() {
  HttpServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 1;
  return o;
}

bool ToLane(const HttpRequest& r) { return r.target.rfind("/write", 0) == 0; }

HttpResponse Answer(const HttpRequest& r) {
  HttpResponse out;
  out.content_type = "text/plain";
  out.body = r.target;
  return out;
}

class Connection {
 public:
  explicit Connection(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  void Send(const std::string& target) {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.prepare_payload();
    http::write(socket_, req);
  }
  http::response<http::string_body> Read() {
    http::response<http::string_body> res;
    http::read(socket_, buffer_, res);
    return res;
  }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

TEST(WriterLane, AWaitingWriteHoldsNoIoThread) {
  std::promise<void> write_entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> write_done{false};
  std::thread::id write_thread, read_thread;
  HttpServer server(
      OneIoThread(),
      [&](const HttpRequest& r) {
        if (ToLane(r)) {
          write_thread = std::this_thread::get_id();
          write_entered.set_value();
          released.wait_for(std::chrono::seconds(30));  // a test that fails does not hang
          write_done = true;
        } else {
          read_thread = std::this_thread::get_id();
        }
        return Answer(r);
      },
      ToLane);
  server.Start();
  Connection writer(server.port());
  writer.Send("/write");
  write_entered.get_future().wait();

  Connection reader(server.port());
  reader.Send("/read");
  auto read = reader.Read();
  const bool answered_during_write = !write_done;
  release.set_value();
  EXPECT_EQ(read.body(), "/read");
  EXPECT_TRUE(answered_during_write);
  EXPECT_EQ(writer.Read().body(), "/write");
  EXPECT_NE(write_thread, read_thread);
}

TEST(WriterLane, AConnectionsAnswersComeInOrder) {
  HttpServer server(OneIoThread(), Answer, ToLane);
  server.Start();
  Connection c(server.port());
  for (const char* target : {"/write/1", "/read/2", "/write/3", "/read/4"}) c.Send(target);
  for (const char* target : {"/write/1", "/read/2", "/write/3", "/read/4"})
    EXPECT_EQ(c.Read().body(), target);
}

TEST(WriterLane, AGracefulStopWaitsForTheLanesAnswer) {
  std::promise<void> entered;
  HttpServer server(
      OneIoThread(),
      [&](const HttpRequest& r) {
        entered.set_value();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return Answer(r);
      },
      ToLane);
  server.Start();
  Connection c(server.port());
  c.Send("/write");
  entered.get_future().wait();
  server.Stop();
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "/write");
  EXPECT_FALSE(res.keep_alive());  // no more requests after a stop
  server.Wait();
}

}  // namespace
}  // namespace ecl

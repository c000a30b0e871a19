// The writer lane: requests the filter picks are handled on a thread of their own, so a slow
// one holds no io thread — with one io thread, others are answered meanwhile; a connection's
// answers still come in order; a graceful stop waits for the lane's answer; requests that
// queue while the lane is busy are handled as one group; the threads carry names profilers show.
#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
      WriterLane{ToLane});
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

std::string ThisThreadsName() {
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
}

TEST(WriterLane, TheLaneAndTheIoThreadsAreNamed) {
  std::mutex mu;
  std::vector<std::string> names;
  HttpServer server(
      OneIoThread(),
      [&](const HttpRequest& r) {
        std::lock_guard lock(mu);
        names.push_back(ThisThreadsName());
        return Answer(r);
      },
      WriterLane{ToLane});
  server.Start();
  Connection c(server.port());
  c.Send("/write");
  c.Read();
  c.Send("/read");
  c.Read();
  EXPECT_EQ(names, (std::vector<std::string>{"ecl-writer", "ecl-io-0"}));
}

TEST(WriterLane, AConnectionsAnswersComeInOrder) {
  HttpServer server(OneIoThread(), Answer, WriterLane{ToLane});
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
      WriterLane{ToLane});
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

TEST(WriterLane, WritesThatQueueMeanwhileAreHandledAsOneGroup) {
  std::promise<void> first_entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::mutex mu;
  std::vector<std::vector<std::string>> groups;
  WriterLane lane{ToLane, [&](const std::vector<const HttpRequest*>& requests) {
                    std::vector<HttpResponse> answers;
                    std::vector<std::string> targets;
                    for (const HttpRequest* r : requests) {
                      targets.push_back(r->target);
                      answers.push_back(Answer(*r));
                    }
                    bool first = false;
                    {
                      std::lock_guard lock(mu);
                      groups.push_back(targets);
                      first = groups.size() == 1;
                    }
                    if (first) {
                      first_entered.set_value();
                      released.wait_for(std::chrono::seconds(30));
                    }
                    return answers;
                  }};
  HttpServer server(OneIoThread(), Answer, lane);
  server.Start();
  Connection first(server.port());
  first.Send("/write/0");
  first_entered.get_future().wait();
  std::vector<std::unique_ptr<Connection>> others;
  for (int i = 1; i <= 3; ++i) {
    others.push_back(std::make_unique<Connection>(server.port()));
    others.back()->Send("/write/" + std::to_string(i));
  }
  // A read is answered meanwhile, so the io thread has queued the writes before it.
  Connection reader(server.port());
  reader.Send("/read");
  EXPECT_EQ(reader.Read().body(), "/read");
  release.set_value();
  EXPECT_EQ(first.Read().body(), "/write/0");
  for (int i = 1; i <= 3; ++i) EXPECT_EQ(others[i - 1]->Read().body(), "/write/" + std::to_string(i));
  std::lock_guard lock(mu);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0], std::vector<std::string>{"/write/0"});
  EXPECT_EQ(groups[1], (std::vector<std::string>{"/write/1", "/write/2", "/write/3"}));
}

}  // namespace
}  // namespace ecl

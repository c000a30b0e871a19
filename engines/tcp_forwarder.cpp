#include "engines/tcp_forwarder.h"

#include <algorithm>
#include <array>

#include "engines/run_on_io.h"

namespace ecl {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// One client connection and its connection to the engine; bytes flow both ways until either
// side closes, then both are closed.
class TcpForwarder::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(asio::io_context& io, tcp::socket client, int target_port,
          std::weak_ptr<TcpForwarder> owner)
      : client_(std::move(client)), engine_(io), target_port_(target_port), owner_(owner) {}

  int target_port() const { return target_port_; }

  void Start() { Connect(0); }

  // The target is decided by the client's first byte: 0x16 opens a TLS handshake.
  void StartByFirstByte(int plain_port, int tls_port) {
    auto self = shared_from_this();
    client_.async_read_some(asio::buffer(up_), [self, plain_port, tls_port](
                                                   boost::system::error_code ec, size_t n) {
      if (ec || n == 0) return self->Shutdown();
      self->target_port_ = self->up_[0] == 0x16 ? tls_port : plain_port;
      self->Connect(n);
    });
  }

 private:
  // Connects to the target, passes on the `first` bytes already read, then relays both ways.
  void Connect(size_t first) {
    auto self = shared_from_this();
    tcp::endpoint target(asio::ip::make_address("127.0.0.1"), uint16_t(target_port_));
    engine_.async_connect(target, [self, first](boost::system::error_code ec) {
      if (ec) return self->Shutdown();
      boost::system::error_code ignored;
      self->engine_.set_option(tcp::no_delay(true), ignored);
      self->client_.set_option(tcp::no_delay(true), ignored);
      auto relay = [self] {
        self->Pump(self->client_, self->engine_, self->up_);
        self->Pump(self->engine_, self->client_, self->down_);
      };
      if (first == 0) return relay();
      asio::async_write(self->engine_, asio::buffer(self->up_.data(), first),
                        [self, relay](boost::system::error_code ec, size_t) {
                          if (ec) return self->Shutdown();
                          relay();
                        });
    });
  }

 public:

  // Closes both sockets; safe to call more than once, from the io thread.
  void Shutdown() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    client_.close(ignored);
    engine_.close(ignored);
    if (auto owner = owner_.lock()) owner->Forget(this);
  }

 private:
  using Buffer = std::array<char, 16384>;

  void Pump(tcp::socket& from, tcp::socket& to, Buffer& buffer) {
    auto self = shared_from_this();
    from.async_read_some(asio::buffer(buffer), [self, &from, &to, &buffer](
                                                   boost::system::error_code ec, size_t n) {
      if (ec) return self->Shutdown();
      asio::async_write(to, asio::buffer(buffer.data(), n),
                        [self, &from, &to, &buffer](boost::system::error_code ec, size_t) {
                          if (ec) return self->Shutdown();
                          self->Pump(from, to, buffer);
                        });
    });
  }

  tcp::socket client_;
  tcp::socket engine_;
  int target_port_;
  std::weak_ptr<TcpForwarder> owner_;
  Buffer up_{};
  Buffer down_{};
  bool closed_ = false;
};

std::shared_ptr<TcpForwarder> TcpForwarder::Open(asio::io_context& io,
                                                 const std::string& bind_host, int port) {
  std::shared_ptr<TcpForwarder> f(new TcpForwarder(io, port));
  tcp::endpoint endpoint(asio::ip::make_address(bind_host), uint16_t(port));
  f->acceptor_.open(endpoint.protocol());
  f->acceptor_.set_option(tcp::acceptor::reuse_address(true));
  f->acceptor_.bind(endpoint);
  f->acceptor_.listen();
  asio::post(io, [weak = std::weak_ptr<TcpForwarder>(f)] {
    if (auto self = weak.lock()) self->Accept();
  });
  return f;
}

TcpForwarder::TcpForwarder(asio::io_context& io, int port)
    : io_(io), acceptor_(io), port_(port) {}

TcpForwarder::~TcpForwarder() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void TcpForwarder::Accept() {
  auto weak = weak_from_this();
  acceptor_.async_accept([weak](boost::system::error_code ec, tcp::socket client) {
    auto self = weak.lock();
    if (!self || ec == asio::error::operation_aborted) return;
    if (!ec) {
      std::shared_ptr<Session> session;
      int plain_port = 0, tls_port = 0;
      {
        std::lock_guard lock(self->mu_);
        plain_port = self->plain_port_;
        tls_port = self->tls_port_;
        if (plain_port) {
          session = std::make_shared<Session>(self->io_, std::move(client), plain_port, weak);
          self->sessions_.insert(session);
        } else if (!self->targets_.empty()) {
          int target = self->targets_[self->next_++ % self->targets_.size()];
          session = std::make_shared<Session>(self->io_, std::move(client), target, weak);
          self->sessions_.insert(session);
        }
      }
      if (session && plain_port)
        session->StartByFirstByte(plain_port, tls_port);
      else if (session)
        session->Start();
      // With no target the client socket is dropped here, which closes it: nothing answers.
    }
    if (self->acceptor_.is_open()) self->Accept();
  });
}

void TcpForwarder::Forget(Session* session) {
  std::lock_guard lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
    if (it->get() == session) {
      sessions_.erase(it);
      return;
    }
}

void TcpForwarder::Retarget(std::vector<int> target_ports) {
  std::vector<std::shared_ptr<Session>> stale;
  {
    std::lock_guard lock(mu_);
    if (target_ports == targets_) return;
    targets_ = std::move(target_ports);
    for (const auto& s : sessions_)
      if (std::find(targets_.begin(), targets_.end(), s->target_port()) == targets_.end())
        stale.push_back(s);
  }
  for (auto& s : stale) asio::post(io_, [s] { s->Shutdown(); });
}

void TcpForwarder::SplitByTls(int plain_port, int tls_port) {
  std::lock_guard lock(mu_);
  plain_port_ = plain_port;
  tls_port_ = tls_port;
  targets_.clear();
}

void TcpForwarder::Close() {
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(mu_);
    targets_.clear();
    open.assign(sessions_.begin(), sessions_.end());
  }
  auto close = [self = shared_from_this(), open] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    for (auto& s : open) s->Shutdown();
  };
  // Waits until the port is released, so the next owner of the port can bind it at once.
  RunOnIo(io_, close);
}

}  // namespace ecl

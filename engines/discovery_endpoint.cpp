#include "engines/discovery_endpoint.h"

#include <array>

#include "engines/run_on_io.h"

namespace ecl {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Reads request lines while they are discovery commands (or `version`); at the first other
// command the session becomes a plain relay to the node, starting with what it has already
// read, so a connection that asks for the configuration first and then uses the node works.
class DiscoveryEndpoint::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<DiscoveryEndpoint> owner, tcp::socket client)
      : owner_(std::move(owner)), client_(std::move(client)), node_(owner_->io_) {}

  void Start() { ReadCommands(); }

 private:
  using Buffer = std::array<char, 16384>;
  static constexpr size_t kMaxLine = 64 * 1024;

  void ReadCommands() {
    auto self = shared_from_this();
    client_.async_read_some(asio::buffer(in_), [self](boost::system::error_code ec, size_t n) {
      if (ec) return self->Close();
      self->pending_.append(self->in_.data(), n);
      self->HandleLines();
    });
  }

  void HandleLines() {
    while (true) {
      auto end = pending_.find('\n');
      if (end == std::string::npos) {
        if (pending_.size() > kMaxLine) return Close();
        return ReadCommands();
      }
      std::string line = pending_.substr(0, end);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      DiscoveryCommand command = ParseDiscoveryCommand(line);
      if (command == DiscoveryCommand::kNone) return Relay();
      pending_.erase(0, end + 1);
      auto self = shared_from_this();
      auto answer = std::make_shared<std::string>(owner_->Answer(command));
      asio::async_write(client_, asio::buffer(*answer),
                        [self, answer](boost::system::error_code ec, size_t) {
                          if (ec) return self->Close();
                          self->HandleLines();
                        });
      return;
    }
  }

  void Relay() {
    int port = owner_->ForwardPort();
    if (port == 0) return Close();
    auto self = shared_from_this();
    tcp::endpoint target(asio::ip::make_address("127.0.0.1"), uint16_t(port));
    node_.async_connect(target, [self](boost::system::error_code ec) {
      if (ec) return self->Close();
      auto first = std::make_shared<std::string>(std::move(self->pending_));
      asio::async_write(self->node_, asio::buffer(*first),
                        [self, first](boost::system::error_code ec, size_t) {
                          if (ec) return self->Close();
                          self->Pump(self->client_, self->node_, self->in_);
                          self->Pump(self->node_, self->client_, self->out_);
                        });
    });
  }

  void Pump(tcp::socket& from, tcp::socket& to, Buffer& buffer) {
    auto self = shared_from_this();
    from.async_read_some(asio::buffer(buffer), [self, &from, &to, &buffer](
                                                   boost::system::error_code ec, size_t n) {
      if (ec) return self->Close();
      asio::async_write(to, asio::buffer(buffer.data(), n),
                        [self, &from, &to, &buffer](boost::system::error_code ec, size_t) {
                          if (ec) return self->Close();
                          self->Pump(from, to, buffer);
                        });
    });
  }

  void Close() {
    boost::system::error_code ignored;
    client_.close(ignored);
    node_.close(ignored);
  }

  std::shared_ptr<DiscoveryEndpoint> owner_;
  tcp::socket client_;
  tcp::socket node_;
  Buffer in_{};
  Buffer out_{};
  std::string pending_;
};

std::shared_ptr<DiscoveryEndpoint> DiscoveryEndpoint::Open(asio::io_context& io,
                                                           const std::string& bind_host,
                                                           int port) {
  std::shared_ptr<DiscoveryEndpoint> d(new DiscoveryEndpoint(io));
  tcp::endpoint endpoint(asio::ip::make_address(bind_host), uint16_t(port));
  d->acceptor_.open(endpoint.protocol());
  d->acceptor_.set_option(tcp::acceptor::reuse_address(true));
  d->acceptor_.bind(endpoint);
  d->acceptor_.listen();
  asio::post(io, [weak = std::weak_ptr<DiscoveryEndpoint>(d)] {
    if (auto self = weak.lock()) self->Accept();
  });
  return d;
}

void DiscoveryEndpoint::Accept() {
  auto weak = weak_from_this();
  acceptor_.async_accept([weak](boost::system::error_code ec, tcp::socket client) {
    auto self = weak.lock();
    if (!self || ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<Session>(self, std::move(client))->Start();
    if (self->acceptor_.is_open()) self->Accept();
  });
}

void DiscoveryEndpoint::Update(std::vector<DiscoveredNode> nodes, std::string engine_version,
                               int forward_port) {
  std::lock_guard lock(mu_);
  auto same = [](const DiscoveredNode& a, const DiscoveredNode& b) {
    return a.host == b.host && a.ip == b.ip && a.port == b.port;
  };
  bool changed = nodes.size() != nodes_.size() ||
                 !std::equal(nodes.begin(), nodes.end(), nodes_.begin(), same);
  if (changed || version_ == 0) ++version_;
  nodes_ = std::move(nodes);
  engine_version_ = std::move(engine_version);
  forward_port_ = forward_port;
}

long DiscoveryEndpoint::version() const {
  std::lock_guard lock(mu_);
  return version_;
}

std::string DiscoveryEndpoint::Answer(DiscoveryCommand command) const {
  std::lock_guard lock(mu_);
  if (command == DiscoveryCommand::kVersion) return VersionAnswer(engine_version_);
  return ClusterConfigAnswer(command, version_, nodes_);
}

int DiscoveryEndpoint::ForwardPort() const {
  std::lock_guard lock(mu_);
  return forward_port_;
}

void DiscoveryEndpoint::Close() {
  auto close = [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  };
  RunOnIo(io_, close);
}

}  // namespace ecl

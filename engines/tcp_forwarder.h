// TcpForwarder: an endpoint the emulator owns (a group's primary or reader endpoint) that
// passes each connection on to an engine, as ElastiCache's DNS names lead to a node. The
// target is picked per connection, so the primary endpoint follows a failover and the reader
// endpoint spreads connections over the replicas. Connections to a node that stopped being a
// target are closed, as a failover drops them on AWS, and clients reconnect to the new one.
// Runs on the data plane's io_context; Retarget may be called from any thread.
#pragma once

#include <boost/asio.hpp>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace ecl {

class TcpForwarder : public std::enable_shared_from_this<TcpForwarder> {
 public:
  // Listens on bind_host:port; forwards to 127.0.0.1:<target port>. Throws
  // boost::system::system_error when the port cannot be bound.
  static std::shared_ptr<TcpForwarder> Open(boost::asio::io_context& io,
                                            const std::string& bind_host, int port);
  ~TcpForwarder();

  // New connections go to these ports, round robin (one port: always it); none refuses them.
  // Open connections to ports no longer listed are closed.
  void Retarget(std::vector<int> target_ports);
  // Instead: each connection goes by its first byte, a TLS handshake to `tls_port` and
  // anything else to `plain_port` (a node with TransitEncryptionMode preferred takes both on
  // one port).
  void SplitByTls(int plain_port, int tls_port);
  // Stops listening and closes every connection.
  void Close();
  int port() const { return port_; }

 private:
  class Session;
  TcpForwarder(boost::asio::io_context& io, int port);
  void Accept();
  void Forget(Session* session);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_;
  std::mutex mu_;
  std::vector<int> targets_;
  size_t next_ = 0;
  int plain_port_ = 0;  // SplitByTls
  int tls_port_ = 0;
  std::set<std::shared_ptr<Session>> sessions_;
};

}  // namespace ecl

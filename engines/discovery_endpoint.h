// DiscoveryEndpoint: a Memcached cluster's configuration endpoint on the data plane. It
// answers ElastiCache's auto-discovery commands itself, with a configuration version that
// grows with every change of the node list, and passes every other command on to a node (the
// configuration endpoint is a node's DNS alias on AWS), so auto-discovery clients and plain
// clients both work. Runs on the data plane's io_context; Update may be called from any
// thread.
#pragma once

#include <boost/asio.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engines/cluster_config.h"

namespace ecl {

class DiscoveryEndpoint : public std::enable_shared_from_this<DiscoveryEndpoint> {
 public:
  // Throws boost::system::system_error when the port cannot be bound.
  static std::shared_ptr<DiscoveryEndpoint> Open(boost::asio::io_context& io,
                                                 const std::string& bind_host, int port);

  // The nodes to announce, the engine version `version` answers, and the engine port other
  // commands go to (0: none). The configuration version grows when the node list differs
  // from the last one.
  void Update(std::vector<DiscoveredNode> nodes, std::string engine_version, int forward_port);
  void Close();
  long version() const;

 private:
  class Session;
  DiscoveryEndpoint(boost::asio::io_context& io) : io_(io), acceptor_(io) {}
  void Accept();
  std::string Answer(DiscoveryCommand command) const;
  int ForwardPort() const;

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  mutable std::mutex mu_;
  std::vector<DiscoveredNode> nodes_;
  long version_ = 0;
  std::string engine_version_;
  int forward_port_ = 0;
};

}  // namespace ecl

// EndpointDirectory: which real port answers for each endpoint address the API shows. With
// the data plane on, every node, primary, reader and configuration endpoint gets a port of
// the engine range, kept for as long as the endpoint exists and across restarts (the table
// is saved in the data dir), so an answer a client cached stays right. The API then shows
// --endpoint-host and that port instead of the AWS-style name and the group's port.
// Thread-safe: answers are rendered on request threads while forwarders look targets up.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "engines/port_range.h"

namespace ecl {

class EndpointDirectory {
 public:
  // `state_file` "" keeps the table in memory only (--in-memory).
  EndpointDirectory(PortRange range, std::string endpoint_host, std::string state_file);

  const std::string& endpoint_host() const { return endpoint_host_; }

  // The loopback address of the endpoint given `port` (with loopback endpoints): one per port
  // of the range, so one per endpoint, kept as long as its port is — 127.1.<high>.<low>.
  static std::string LoopbackAddress(int port);

  // The port of `address`, given one now if it has none. Throws std::runtime_error when the
  // range has no free port left.
  int PortFor(const std::string& address);
  // The port of `address` if it has one.
  std::optional<int> Find(const std::string& address) const;
  // Keeps the ports of `addresses` and frees every other.
  void Retain(const std::set<std::string>& addresses);
  // The ports in use (address → port), for start-up and tests.
  std::map<std::string, int> Entries() const;

 private:
  void Load();
  void Save() const;  // caller holds mu_

  PortRange range_;
  std::string endpoint_host_;
  std::string state_file_;
  mutable std::mutex mu_;
  std::map<std::string, int> ports_;
  std::set<int> used_;
};

}  // namespace ecl

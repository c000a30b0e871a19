// The answer of a Memcached cluster's configuration endpoint to ElastiCache's auto-discovery
// command (`config get cluster`, or `get AmazonElastiCache:cluster` for engines before
// 1.4.14), as the User Guide's "Adding Auto Discovery to your client library" describes:
// a header with the byte count, the configuration version on its own line (LF only), the
// nodes as host|ip|port separated by spaces (LF), then CR LF and END. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ecl {

struct DiscoveredNode {
  std::string host;
  std::string ip;
  int port = 0;
};

// `version` is answered too: auto-discovery clients ask it first to choose their command.
enum class DiscoveryCommand { kNone, kConfigGetCluster, kGetClusterKey, kVersion };

// Which auto-discovery command a request line (without CR LF) is, if any.
DiscoveryCommand ParseDiscoveryCommand(std::string_view line);

std::string ClusterConfigAnswer(DiscoveryCommand command, long version,
                                const std::vector<DiscoveredNode>& nodes);
// The answer to `version`: the cluster's engine version, as its nodes would say.
std::string VersionAnswer(const std::string& engine_version);

}  // namespace ecl

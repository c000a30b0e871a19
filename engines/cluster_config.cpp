#include "engines/cluster_config.h"

#include <cctype>
#include <sstream>

namespace ecl {

namespace {

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace

DiscoveryCommand ParseDiscoveryCommand(std::string_view line) {
  auto words = Words(line);
  if (words.size() == 3 && words[0] == "config" && words[1] == "get" && words[2] == "cluster")
    return DiscoveryCommand::kConfigGetCluster;
  if (words.size() == 2 && (words[0] == "get" || words[0] == "gets") &&
      words[1] == "AmazonElastiCache:cluster")
    return DiscoveryCommand::kGetClusterKey;
  if (words.size() == 1 && words[0] == "version") return DiscoveryCommand::kVersion;
  return DiscoveryCommand::kNone;
}

std::string VersionAnswer(const std::string& engine_version) {
  return "VERSION " + engine_version + "\r\n";
}

std::string ClusterConfigAnswer(DiscoveryCommand command, long version,
                                const std::vector<DiscoveredNode>& nodes) {
  std::string data = std::to_string(version) + "\n";
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i) data += ' ';
    data += nodes[i].host + "|" + nodes[i].ip + "|" + std::to_string(nodes[i].port);
  }
  data += "\n";
  std::string header = command == DiscoveryCommand::kGetClusterKey
                           ? "VALUE AmazonElastiCache:cluster 0 "
                           : "CONFIG cluster 0 ";
  return header + std::to_string(data.size()) + "\r\n" + data + "\r\nEND\r\n";
}

}  // namespace ecl

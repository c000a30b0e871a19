// What the data plane reports about its engines, applied like a request (inside
// Service::Invoke's transaction): a node whose engine died fails over or recovers as
// ElastiCache's would, with its events.
#pragma once

#include <string>
#include <vector>

#include "handlers/handler_support.h"

namespace ecl {

struct LostEngine {
  std::string account;
  std::string region;
  std::string cache_cluster_id;
  std::string cache_node_id;
};

void ReportEnginesLost(HandlerEnv env, const std::vector<LostEngine>& lost, Timestamp now);

}  // namespace ecl

// ReplicaChangeRequest: what IncreaseReplicaCount / DecreaseReplicaCount asked for, kept as
// data so a change deferred to the maintenance window can be planned when the window opens.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/naming.h"

namespace ecl {

struct ConfigureShard {
  std::string node_group_id;
  int new_replica_count = 0;
  std::vector<std::string> preferred_availability_zones;  // primary's zone first
};

struct ReplicaChangeRequest {
  bool increase = true;
  std::optional<int> new_replica_count;
  std::vector<ConfigureShard> replica_configuration;
  std::vector<std::string> replicas_to_remove;  // Decrease only: member cluster ids
  // The zones new replicas may use, taken from the group's cache subnet group when the request
  // was made (a deferred change keeps them); no region: the group's region's zones.
  ZonePlacement placement;
};

}  // namespace ecl

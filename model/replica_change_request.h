// ReplicaChangeRequest: what IncreaseReplicaCount / DecreaseReplicaCount asked for, kept as
// data so a change deferred to the maintenance window can be planned when the window opens.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
};

}  // namespace ecl

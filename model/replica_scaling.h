// Replica scaling: the rules of IncreaseReplicaCount and DecreaseReplicaCount as pure
// functions. A request is checked against a replication group and turned into a plan (which
// members join, which leave, per node group); applying the plan marks the group modifying.
// Pure; thread-compatible.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/replica_change_request.h"
#include "model/replication_group.h"

namespace ecl {

struct ReplicaPlan {
  struct Shard {
    std::string node_group_id;
    std::vector<NodeGroupMember> joining;  // ids and zones of new replicas
    std::vector<std::string> leaving;      // member cluster ids
  };
  std::vector<Shard> shards;  // only node groups that change
};

// Checks the request against the group (which must be available) and plans it. `taken` says
// whether a cache cluster id is already used (by a member or a cluster still being deleted),
// so new members get the next free numbers. Throws AwsError (InvalidParameterValue,
// InvalidParameterCombination, NoOperationFault, InvalidReplicationGroupState).
ReplicaPlan PlanReplicaChange(const ReplicationGroup& rg, const ReplicaChangeRequest& request,
                              const std::function<bool(const std::string&)>& taken);

// Marks planned members joining/leaving and the group and touched node groups modifying.
void StartReplicaChange(ReplicationGroup& rg, const ReplicaPlan& plan);
// The change is done: leaving members are gone, joining members are ready, all available.
void FinishReplicaChange(ReplicationGroup& rg);

}  // namespace ecl

// Member clusters: the cache cluster resources behind a replication group's members. A change
// that adds members creates them `creating`; one that removes members marks them `deleting`;
// each then follows its own transition. Run inside the caller's store transaction.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "handlers/handler_support.h"
#include "model/replication_group.h"

namespace ecl {

// Whether a cache cluster id is already used in the group's account and region (by a member
// or a cluster still being deleted); the planners skip such ids when numbering new members.
std::function<bool(const std::string&)> ClusterIdTaken(HandlerEnv env, const ReplicationGroup& rg);

// Creates a cluster for each member, with the group's settings; CacheClusterAlreadyExists if
// an id is taken.
void AddMemberClusters(HandlerEnv env, const ReplicationGroup& rg,
                       const std::vector<NodeGroupMember>& members, Timestamp now);
// Marks the named clusters deleting; they disappear when their transition is due.
void RemoveMemberClusters(HandlerEnv env, const ReplicationGroup& rg,
                          const std::vector<std::string>& ids, Timestamp now);

}  // namespace ecl

// Member clusters: the cache cluster resources behind a replication group's members. A change
// that adds members creates them `creating`; one that removes members marks them `deleting`;
// each then follows its own transition. Run inside the caller's store transaction.
#pragma once

#include <string>
#include <vector>

#include "handlers/handler_support.h"
#include "model/replication_group.h"

namespace ecl {

// Creates a cluster for each member, with the group's settings; CacheClusterAlreadyExists if
// an id is taken.
void AddMemberClusters(HandlerEnv env, const ReplicationGroup& rg,
                       const std::vector<NodeGroupMember>& members, Timestamp now);
// Marks the named clusters deleting; they disappear when their transition is due.
void RemoveMemberClusters(HandlerEnv env, const ReplicationGroup& rg,
                          const std::vector<std::string>& ids, Timestamp now);

}  // namespace ecl

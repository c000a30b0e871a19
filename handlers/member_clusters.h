// Member clusters: the cache cluster records behind a replication group's members. They follow
// the group: a member the group lists gets a record, `creating`, when it first appears; a member
// the group marks leaving (its replica is removed, or its node group goes) gets its record
// `deleting`; each record then follows its own transition. Handlers call SyncMemberClusters
// after changing membership, and the service after a lifecycle step changed a group, so a
// deferred change that opens in the maintenance window needs no handler. Run inside the
// caller's store transaction.
#pragma once

#include <functional>
#include <string>

#include "handlers/handler_support.h"
#include "model/replication_group.h"

namespace ecl {

// Whether a cache cluster id is already used in the account and region (by a member or a
// cluster still being deleted); the planners skip such ids when numbering new members.
std::function<bool(const std::string&)> ClusterIdTaken(Store& store, const std::string& account,
                                                       const std::string& region);

// Creates the records of members that have none (as of `at`) and starts deleting those of
// leaving members.
void SyncMemberClusters(HandlerEnv env, const ReplicationGroup& rg, Timestamp at);

// Makes the member records agree with the group after a ModifyReplicationGroup step: the
// settings the group owns (node type, engine and version, parameter group, windows, security
// groups, AUTH token, in-transit encryption, ...), the node type and version the group is
// applying or has deferred (their PendingModifiedValues), and `modifying` while the group
// changes their nodes. A new parameter group is `applying` on them from `at` for a transition.
// Members with a transition of their own (creating, deleting, snapshotting) keep their status.
void FollowGroupSettings(HandlerEnv env, const ReplicationGroup& rg, Timestamp at);

}  // namespace ecl

// Event messages: the words DescribeEvents shows for each lifecycle step, as ElastiCache
// writes them. Sources and confidence of every text are in docs/events.md; the texts marked
// there as unsettled follow the documented ones' pattern. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "model/timestamp.h"

namespace ecl::event_messages {

// replication-group source
std::string ReplicationGroupCreated(std::string_view id);
std::string AutomaticFailoverTurnedOn(std::string_view id);
std::string AutomaticFailoverTurnedOff(std::string_view id);  // [P]
// TestFailover, in the order AWS records them (the cache cluster ones name the old primary).
std::string TestFailoverCalled(std::string_view node_group_id);
std::string FailoverToReplicaCompleted(std::string_view new_primary);
std::string FailoverCompleted(std::string_view old_primary, std::string_view new_primary);
std::string RecoveringCacheNodes(std::string_view node_ids);
std::string FinishedRecovery(std::string_view node_ids);
std::string ReplicationGroupDeleted(std::string_view id);  // [U]
std::string ReplicaCountChangeStarted(bool increase, std::string_view id, Timestamp at);
std::string ReplicaCountChangeCompleted(bool increase, std::string_view id, Timestamp at);
std::string ScalingNodeGroups(std::string_view id, int from, int to);
std::string NodeGroupsAdded(std::string_view id, int count, std::string_view node_group_ids);
// CompleteMigration's promotion finished: "Complete Migration successful for test-cluster".
std::string MigrationCompleted(std::string_view id);
std::string SlotsMoved(int moved, int source_slots, std::string_view from_shard,
                       std::string_view to_shard);

// cache-cluster source
std::string CacheClusterCreated();
std::string CacheNodeAdded(std::string_view node_id, std::string_view zone);
std::string CacheClusterDeleted();
std::string IncreasingNodes();
std::string DecreasingNodes();                             // [P]
std::string CacheNodesRemoved(std::string_view node_ids);  // "0002,0003" (separator [U])
std::string FinishedModifyingNodes(int from, int to);
std::string NodeTypeModified(std::string_view node_type);
std::string CacheClusterPatched();
std::string ParameterGroupApplied(std::string_view name);  // [P] which changes emit it
std::string SecurityGroupChangeApplied();
std::string CacheNodeShutdown(std::string_view node_id);
std::string CacheNodeRestarted(std::string_view node_id);
// "cache cluster" or "replication group" is the kind of source the snapshot was taken of.
std::string SnapshotSucceeded(std::string_view snapshot, std::string_view source_kind,
                              std::string_view source_id);

// serverless-cache source [U]: no DescribeEvents text of serverless caches is published; these
// follow the replication-group texts and EventBridge's Cache Created / Updated / Deleted.
std::string ServerlessCacheCreated(std::string_view name);
std::string ServerlessCacheUpdated(std::string_view name);
std::string ServerlessCacheDeleted(std::string_view name);
// serverless-cache-snapshot source: a snapshot is taken (SnapshotSucceeded with source kind
// "serverless cache") or deleted [U].
std::string ServerlessSnapshotDeleted(std::string_view snapshot);

}  // namespace ecl::event_messages

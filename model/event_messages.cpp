#include "model/event_messages.h"

namespace ecl::event_messages {

namespace {

std::string Str(std::string_view s) { return std::string(s); }

}  // namespace

std::string ReplicationGroupCreated(std::string_view id) {
  return "Replication group " + Str(id) + " created";
}

std::string AutomaticFailoverTurnedOn(std::string_view id) {
  return "Automatic failover has been turned on for replication group " + Str(id);
}

std::string AutomaticFailoverTurnedOff(std::string_view id) {
  return "Automatic failover has been turned off for replication group " + Str(id);
}

std::string TestFailoverCalled(std::string_view node_group_id) {
  return "Test Failover API called for node group " + Str(node_group_id);
}

std::string FailoverToReplicaCompleted(std::string_view new_primary) {
  return "Failover to replica node " + Str(new_primary) + " completed";
}

std::string FailoverCompleted(std::string_view old_primary, std::string_view new_primary) {
  return "Failover from master node " + Str(old_primary) + " to replica node " + Str(new_primary) +
         " completed";
}

std::string RecoveringCacheNodes(std::string_view node_ids) {
  return "Recovering cache nodes " + Str(node_ids);
}

std::string FinishedRecovery(std::string_view node_ids) {
  return "Finished recovery for cache nodes " + Str(node_ids);
}

std::string ReplicationGroupDeleted(std::string_view id) {
  return "Replication group " + Str(id) + " deleted";
}

std::string ReplicaCountChangeStarted(bool increase, std::string_view id, Timestamp at) {
  return std::string(increase ? "Increase" : "Decrease") +
         " replica count started for replication group " + Str(id) + " on " + FormatIso8601(at);
}

std::string ReplicaCountChangeCompleted(bool increase, std::string_view id, Timestamp at) {
  return std::string(increase ? "Increase" : "Decrease") +
         " replica count completed for replication group " + Str(id) + " on " + FormatIso8601(at);
}

std::string ScalingNodeGroups(std::string_view id, int from, int to) {
  return std::string(to >= from ? "Scaling out" : "Scaling in") + " replication group " + Str(id) +
         " from " + std::to_string(from) + " node groups to " + std::to_string(to) + " node groups";
}

std::string NodeGroupsAdded(std::string_view id, int count, std::string_view node_group_ids) {
  return "Modified replication group " + Str(id) + " to add " + std::to_string(count) +
         " new node groups - " + Str(node_group_ids);
}

std::string SlotsMoved(int moved, int source_slots, std::string_view from_shard,
                       std::string_view to_shard) {
  return "Moved a total of " + std::to_string(moved) + " slots out of " +
         std::to_string(source_slots) + " slots from shard " + Str(from_shard) + " to shard " +
         Str(to_shard);
}

std::string CacheClusterCreated() { return "Cache cluster created"; }

std::string CacheNodeAdded(std::string_view node_id, std::string_view zone) {
  return "Added cache node " + Str(node_id) + " in availability zone " + Str(zone);
}

std::string CacheClusterDeleted() { return "Cache cluster deleted"; }

std::string IncreasingNodes() { return "Increasing number of requested nodes"; }

std::string DecreasingNodes() { return "Decreasing number of requested nodes"; }

std::string CacheNodesRemoved(std::string_view node_ids) {
  return "Removed cache nodes " + Str(node_ids);
}

std::string FinishedModifyingNodes(int from, int to) {
  return "Finished modifying number of nodes from " + std::to_string(from) + " to " +
         std::to_string(to);
}

std::string NodeTypeModified(std::string_view node_type) {
  return "Succeeded applying modification to cache node type to " + Str(node_type) + ".";
}

std::string CacheClusterPatched() { return "Cache cluster patched"; }

std::string ParameterGroupApplied(std::string_view name) {
  return "Updated to use a CacheParameterGroup " + Str(name);
}

std::string SecurityGroupChangeApplied() { return "Applied change to security group"; }

std::string CacheNodeShutdown(std::string_view node_id) {
  return "Cache node " + Str(node_id) + " shutdown";
}

std::string CacheNodeRestarted(std::string_view node_id) {
  return "Cache node " + Str(node_id) + " restarted";
}

std::string SnapshotSucceeded(std::string_view snapshot, std::string_view source_kind,
                              std::string_view source_id) {
  return "Snapshot succeeded for snapshot with ID '" + Str(snapshot) + "' of " + Str(source_kind) +
         " with ID '" + Str(source_id) + "'";
}

std::string ServerlessCacheCreated(std::string_view name) {
  return "Serverless cache " + Str(name) + " created";
}

std::string ServerlessCacheUpdated(std::string_view name) {
  return "Serverless cache " + Str(name) + " updated";
}

std::string ServerlessCacheDeleted(std::string_view name) {
  return "Serverless cache " + Str(name) + " deleted";
}

std::string ServerlessSnapshotDeleted(std::string_view snapshot) {
  return "Serverless cache snapshot " + Str(snapshot) + " deleted";
}

std::string MigrationCompleted(std::string_view id) {
  return "Complete Migration successful for " + std::string(id);
}

}  // namespace ecl::event_messages

// Lifecycle: what happens to a resource when its pending transition falls due on the
// emulator clock — creating becomes available, a replica change finishes, deleting
// disappears — and the domain events that say so. One step per call: a step that starts
// another transition (a deferred replica change opening in its window) leaves it for the next
// call, so the service can settle what the first step changed (member clusters) in between.
// Pure functions; thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/cache_cluster.h"
#include "model/cache_security_group.h"
#include "model/domain_event.h"
#include "model/global_replication_group.h"
#include "model/replication_group.h"
#include "model/reserved_cache_node.h"
#include "model/serverless_cache.h"
#include "model/serverless_cache_snapshot.h"
#include "model/snapshot.h"
#include "model/update_action.h"
#include "model/user.h"
#include "model/user_group.h"

namespace ecl {

// What a lifecycle step may ask of the rest of the state.
struct LifecycleContext {
  Timestamp now;
  int64_t transition_ms = 0;  // how long a transition a step starts takes
  // Whether a cache cluster id is in use in the resource's account and region (a deferred
  // replica change numbers its new members when it starts).
  std::function<bool(const std::string&)> cluster_id_taken;
};

// Each applies the resource's transition if it is due and returns what happened: nothing when
// nothing was due; an event `happened::kRemoved` of the resource itself when it is gone.
std::vector<DomainEvent> AdvanceReplicationGroup(ReplicationGroup& rg, const LifecycleContext& ctx);
std::vector<DomainEvent> AdvanceCacheCluster(CacheCluster& cc, const LifecycleContext& ctx);
// Starts applying a cluster's pending changes from `at`: status modifying, new nodes creating,
// removed ones deleting; the events say what began.
std::vector<DomainEvent> StartClusterChanges(CacheCluster& cc, Timestamp at, int64_t duration_ms);
// creating/copying/exporting/restoring snapshots become available; deleting ones disappear.
std::vector<DomainEvent> AdvanceSnapshot(Snapshot& snapshot, const LifecycleContext& ctx);
// payment-pending -> active -> retired at the end of the term (both when the clock jumped).
std::vector<DomainEvent> AdvanceReservedCacheNode(ReservedCacheNode& node,
                                                  const LifecycleContext& ctx);
// EC2 security group authorizations: authorizing -> authorized, revoking -> gone.
std::vector<DomainEvent> AdvanceCacheSecurityGroup(CacheSecurityGroup& group,
                                                   const LifecycleContext& ctx);

// A node's engine failed (the data plane saw it die). The primary of a node group of a group
// with automatic failover is replaced by its first in-sync replica at once, as ElastiCache's
// Multi-AZ failover does, and the old primary recovers as a replica; any other node recovers
// in place. `group` is the node's group (nullptr for a standalone cluster) and is changed
// when a failover happens; the events say what ElastiCache would record.
std::vector<DomainEvent> NodeFailed(ReplicationGroup* group, const CacheCluster& cluster,
                                    const std::string& cache_node_id, Timestamp at);

// Transition kinds.
inline constexpr const char* kCreate = "create";
inline constexpr const char* kDelete = "delete";
// Replica members joining or leaving (IncreaseReplicaCount / DecreaseReplicaCount).
inline constexpr const char* kModifyReplicas = "modify-replicas";
// Online resharding: slots migrating between node groups.
inline constexpr const char* kReshard = "reshard";
// A replica change waiting for the maintenance window (ApplyImmediately=false); when the
// window opens it is planned again and started.
inline constexpr const char* kScheduledReplicaChange = "scheduled-replica-change";
inline constexpr const char* kSnapshot = "snapshot";  // a group or cluster being snapshotted
// A cluster's changes being applied (nodes added or removed, a new node type or version);
// a replication group's ModifyReplicationGroup change being applied; a user or user group
// being modified.
inline constexpr const char* kModify = "modify";
// A cluster's or replication group's deferred changes (ApplyImmediately=false) waiting for
// the maintenance window.
inline constexpr const char* kScheduledModify = "scheduled-modify";
// TestFailover: the primary moving to a replica, then the old primary recovering.
inline constexpr const char* kFailover = "failover";
inline constexpr const char* kFailoverRecovery = "failover-recovery";
inline constexpr const char* kReboot = "reboot";    // RebootCacheCluster
inline constexpr const char* kCopy = "copy";        // a snapshot being copied or exported
inline constexpr const char* kRestore = "restore";  // a snapshot a new group is restored from
inline constexpr const char* kTransitionPayment = "payment";  // payment-pending -> active
inline constexpr const char* kTransitionRetire = "retire";    // active -> retired
// Global datastores: a secondary joining (CreateReplicationGroup with GlobalReplicationGroupId)
// or leaving (DisassociateGlobalReplicationGroup).
inline constexpr const char* kAssociate = "associate";
inline constexpr const char* kDisassociate = "disassociate";
// A service update being applied to a group or cluster, wave by wave (BatchApplyUpdateAction),
// or being stopped (BatchStopUpdateAction).
inline constexpr const char* kApplyUpdate = "apply-update";
inline constexpr const char* kStopUpdate = "stop-update";
// Online migration: a group becoming a replica of the customer's endpoint (StartMigration,
// modifying -> migrating) and being promoted back (CompleteMigration, -> available).
inline constexpr const char* kStartMigration = "start-migration";
inline constexpr const char* kCompleteMigration = "complete-migration";

// Users and user groups: creating -> active, modifying -> active (a group's pending
// membership changes apply then), deleting -> gone. Their events are recorded, not shown:
// no ElastiCache event text for them is known (docs/events.md).
std::vector<DomainEvent> AdvanceUser(User& user, const LifecycleContext& ctx);
std::vector<DomainEvent> AdvanceUserGroup(UserGroup& group, const LifecycleContext& ctx);

// Global datastores: creating -> primary-only; a join, a disassociation, a failover or a
// change of its members (modifying) -> available or primary-only, the joining members
// associated, the leaving ones moved to `departed`, the roles swapped; deleting -> gone. No
// ElastiCache event text is known for them (DescribeEvents has no source type for global
// datastores), so their events are recorded, not shown.
std::vector<DomainEvent> AdvanceGlobalReplicationGroup(GlobalReplicationGroup& grg,
                                                       const LifecycleContext& ctx);
// Serverless caches: creating -> available, modifying -> available (a pending engine upgrade
// takes effect), deleting -> gone; an available cache that keeps snapshots has its next daily
// snapshot as its transition, which says so (happened::kSnapshotStarted; the service takes the
// snapshot) and waits for the next day. Each step that leaves the cache available schedules the
// next daily snapshot.
std::vector<DomainEvent> AdvanceServerlessCache(ServerlessCache& cache, const LifecycleContext& ctx);
// Serverless cache snapshots: creating / exporting -> available (an automated one then waits
// for its expiry), deleting or expired -> gone.
std::vector<DomainEvent> AdvanceServerlessCacheSnapshot(ServerlessCacheSnapshot& snapshot,
                                                        const LifecycleContext& ctx);
// A serverless cache's next daily automatic snapshot.
inline constexpr const char* kDailySnapshot = "daily-snapshot";
// An automated serverless cache snapshot reaching the end of its retention.
inline constexpr const char* kExpire = "expire";

// A service update's waves: waiting-to-start -> in-progress (one wave of nodes after another,
// each taking the transition time) -> complete; stopping -> stopped once the running wave
// ends. Every wave that fell due is applied (the clock may have jumped past several). The
// events are recorded, not shown: no ElastiCache text for these steps is known.
std::vector<DomainEvent> AdvanceUpdateAction(UpdateAction& action, const LifecycleContext& ctx);

}  // namespace ecl

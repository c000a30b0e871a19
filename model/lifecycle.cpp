#include "model/lifecycle.h"

#include <algorithm>
#include <climits>

#include "model/aws_error.h"
#include "model/cache_cluster_rules.h"
#include "model/event_messages.h"
#include "model/failover_rules.h"
#include "model/global_replication_group_rules.h"
#include "model/migration_rules.h"
#include "model/naming.h"
#include "model/replica_scaling.h"
#include "model/replication_group_modify_rules.h"
#include "model/reserved_cache_node_rules.h"
#include "model/resharding.h"
#include "model/security_group_rules.h"
#include "model/serverless_cache_rules.h"
#include "model/slot_ranges.h"
#include "model/time_windows.h"

namespace ecl {

namespace {

namespace msg = event_messages;

constexpr std::string_view kReplicationGroupSource = "replication-group";
constexpr std::string_view kCacheClusterSource = "cache-cluster";

DomainEvent GroupEvent(const ReplicationGroup& rg, std::string_view what, Timestamp at,
                       std::string message = {}) {
  return {"replication-group",
          rg.id,
          std::string(what),
          at,
          std::string(kReplicationGroupSource),
          rg.id,
          std::move(message)};
}

DomainEvent ClusterEvent(const CacheCluster& cc, std::string_view what, Timestamp at,
                         std::string message = {}) {
  return {"cache-cluster",   cc.id, std::string(what), at, std::string(kCacheClusterSource), cc.id,
          std::move(message)};
}

// Snapshots are not an event source of their own: DescribeEvents shows their steps under the
// cache cluster the data was copied from (a member, for a group's snapshot).
DomainEvent SnapshotEvent(const Snapshot& s, std::string_view what, Timestamp at,
                          std::string message = {}) {
  DomainEvent e{"snapshot", s.id, std::string(what), at, {}, {}, std::move(message)};
  if (!e.message.empty() && s.taken_from_cluster_id) {
    e.source_type = kCacheClusterSource;
    e.source_id = *s.taken_from_cluster_id;
  }
  return e;
}

// Reservations have no SourceType: their events are recorded, never shown.
DomainEvent ReservationEvent(const ReservedCacheNode& n, std::string_view what, Timestamp at) {
  return {"reserved-cache-node", n.id, std::string(what), at, {}, {}, {}};
}

// A replica change deferred to the maintenance window gives up the group's one transition
// slot when another change (resharding, a snapshot) starts; once that is done it waits for
// the next window again instead of being lost.
void RearmScheduledReplicaChange(ReplicationGroup& rg, Timestamp now) {
  if (!rg.scheduled_replica_change || rg.transition) return;
  MaintenanceWindow window = ParseMaintenanceWindow(rg.settings.preferred_maintenance_window);
  rg.transition =
      Transition{kScheduledReplicaChange, now, Timestamp{NextWindowStart(window, now.epoch_ms)}};
}

// The deferred change starts when the window opened, not when a request next noticed it, so
// after a clock jump past the window and the change it is already complete. A change the group
// can no longer take (it was resharded meanwhile) is dropped and the group stays as it is.
std::vector<DomainEvent> StartScheduledReplicaChange(ReplicationGroup& rg,
                                                     const LifecycleContext& ctx) {
  Timestamp window_start = rg.transition->due_at;
  ReplicaChangeRequest request = *rg.scheduled_replica_change;
  rg.transition.reset();
  rg.scheduled_replica_change.reset();
  try {
    ReplicaPlan plan = PlanReplicaChange(rg, request, ctx.cluster_id_taken);
    StartReplicaChange(rg, plan);
  } catch (const AwsError&) {
    return {GroupEvent(rg, happened::kAvailable, window_start)};
  }
  rg.transition = Transition{kModifyReplicas, window_start,
                             Timestamp{window_start.epoch_ms + ctx.transition_ms}};
  return {GroupEvent(rg, happened::kReplicaChangeStarted, window_start,
                     msg::ReplicaCountChangeStarted(request.increase, rg.id, window_start))};
}

// What a finished resharding moved: one event per pair of shards slots went between.
std::vector<DomainEvent> SlotMoveEvents(const ReplicationGroup& rg, Timestamp at) {
  std::vector<DomainEvent> events;
  for (const auto& from : rg.node_groups) {
    if (from.slots.empty()) continue;
    SlotSet before = ParseSlots(from.slots);
    for (const auto& [to, slots] : rg.resharding_target_slots) {
      if (to == from.id || slots.empty()) continue;
      int moved = before.Intersection(ParseSlots(slots)).Count();
      if (moved > 0)
        events.push_back(GroupEvent(rg, happened::kReshardingCompleted, at,
                                    msg::SlotsMoved(moved, before.Count(), from.id, to)));
    }
  }
  if (events.empty()) events.push_back(GroupEvent(rg, happened::kReshardingCompleted, at));
  return events;
}

// A member cluster's event recorded by its group's lifecycle step (the group changed it).
DomainEvent MemberEvent(const std::string& cluster_id, std::string_view what, Timestamp at,
                        std::string message = {}) {
  return {
      "cache-cluster", cluster_id,        std::string(what), at, std::string(kCacheClusterSource),
      cluster_id,      std::move(message)};
}

// A step DescribeEvents does not show: AWS records no text for it.
DomainEvent SilentGroupEvent(const ReplicationGroup& rg, std::string_view what, Timestamp at) {
  return {"replication-group", rg.id, std::string(what), at, {}, {}, {}};
}

void MarkModifying(ReplicationGroup& rg) {
  rg.status = ReplicationGroupStatus::kModifying;
  for (auto& ng : rg.node_groups) ng.status = ReplicationGroupStatus::kModifying;
}

// A ModifyReplicationGroup change deferred to the maintenance window gives up the group's one
// transition slot when another change starts; then it waits again, and starts at once if the
// window is still open.
void RearmDeferredModification(ReplicationGroup& rg, Timestamp now) {
  if (!rg.deferred_modification || rg.transition) return;
  MaintenanceWindow window = ParseMaintenanceWindow(rg.settings.preferred_maintenance_window);
  int64_t due =
      IsWithinWindow(window, now.epoch_ms) ? now.epoch_ms : NextWindowStart(window, now.epoch_ms);
  rg.transition = Transition{kScheduledModify, now, Timestamp{due}};
}

// The window opened: the deferred change is applied as an immediate one would be, from the
// window's opening (after a clock jump past both it is already done).
std::vector<DomainEvent> StartDeferredModification(ReplicationGroup& rg,
                                                   const LifecycleContext& ctx) {
  Timestamp window_start = rg.transition->due_at;
  rg.transition.reset();
  if (!rg.deferred_modification) return {GroupEvent(rg, happened::kAvailable, window_start)};
  GroupModification deferred = *rg.deferred_modification;
  rg.deferred_modification.reset();
  rg.modification = rg.modification ? MergeModifications(*rg.modification, deferred) : deferred;
  MarkModifying(rg);
  rg.transition =
      Transition{kModify, window_start, Timestamp{window_start.epoch_ms + ctx.transition_ms}};
  return {SilentGroupEvent(rg, happened::kModificationStarted, window_start)};
}

// A modification is applied; its members say what changed for them (docs/events.md).
std::vector<DomainEvent> FinishModification(ReplicationGroup& rg, Timestamp at) {
  std::vector<DomainEvent> events;
  if (!rg.modification) return events;
  const GroupModification m = *rg.modification;
  rg.modification.reset();
  const NodeSettings before = rg.settings;
  const bool failover_before = rg.automatic_failover;
  ApplyGroupModification(rg, m, at);
  const NodeSettings& after = rg.settings;
  for (const auto& ng : rg.node_groups)
    for (const auto& member : ng.members) {
      if (member.leaving || member.joining) continue;
      const std::string& id = member.cache_cluster_id;
      if (after.cache_node_type != before.cache_node_type)
        events.push_back(MemberEvent(id, happened::kModificationCompleted, at,
                                     msg::NodeTypeModified(after.cache_node_type)));
      if (after.engine_version != before.engine_version || after.engine != before.engine)
        events.push_back(
            MemberEvent(id, happened::kModificationCompleted, at, msg::CacheClusterPatched()));
      if (after.cache_parameter_group_name != before.cache_parameter_group_name)
        events.push_back(MemberEvent(id, happened::kModificationCompleted, at,
                                     msg::ParameterGroupApplied(after.cache_parameter_group_name)));
      if (after.security_group_ids != before.security_group_ids ||
          after.cache_security_group_names != before.cache_security_group_names)
        events.push_back(MemberEvent(id, happened::kModificationCompleted, at,
                                     msg::SecurityGroupChangeApplied()));
    }
  if (rg.automatic_failover != failover_before)
    events.push_back(GroupEvent(rg, happened::kModificationCompleted, at,
                                rg.automatic_failover ? msg::AutomaticFailoverTurnedOn(rg.id)
                                                      : msg::AutomaticFailoverTurnedOff(rg.id)));
  events.push_back(SilentGroupEvent(rg, happened::kModificationCompleted, at));
  return events;
}

// TestFailover: the replica has taken over; the old primary now recovers as a replica.
std::vector<DomainEvent> CompleteFailoverStep(ReplicationGroup& rg, Timestamp at,
                                              int64_t recovery_ms) {
  const FailoverInProgress f = *rg.failover;
  CompleteFailover(rg, f);
  rg.transition = Transition{kFailoverRecovery, at, Timestamp{at.epoch_ms + recovery_ms}};
  const std::string node(kRedisCacheNodeId);
  return {
      GroupEvent(rg, happened::kFailoverCompleted, at, msg::FailoverToReplicaCompleted(f.to)),
      MemberEvent(f.from, happened::kFailoverCompleted, at, msg::FailoverCompleted(f.from, f.to)),
      GroupEvent(rg, happened::kFailoverCompleted, at, msg::FailoverCompleted(f.from, f.to)),
      MemberEvent(f.from, happened::kFailoverCompleted, at, msg::RecoveringCacheNodes(node))};
}

std::vector<DomainEvent> FinishRecovery(ReplicationGroup& rg, Timestamp at) {
  std::vector<DomainEvent> events;
  if (rg.failover)
    events.push_back(MemberEvent(rg.failover->from, happened::kRecoveryCompleted, at,
                                 msg::FinishedRecovery(std::string(kRedisCacheNodeId))));
  rg.failover.reset();
  events.push_back(SilentGroupEvent(rg, happened::kRecoveryCompleted, at));
  return events;
}

bool HasJoiningMembers(const ReplicationGroup& rg) {
  for (const auto& ng : rg.node_groups)
    for (const auto& m : ng.members)
      if (m.joining) return true;
  return false;
}

}  // namespace

std::vector<DomainEvent> AdvanceReplicationGroup(ReplicationGroup& rg,
                                                 const LifecycleContext& ctx) {
  if (!rg.transition || !rg.transition->IsDue(ctx.now)) return {};
  if (rg.transition->kind == kScheduledReplicaChange) {
    const Timestamp window_start = rg.transition->due_at;
    std::vector<DomainEvent> started = StartScheduledReplicaChange(rg, ctx);
    RearmDeferredModification(rg, window_start);  // when the replica change was dropped
    return started;
  }
  if (rg.transition->kind == kScheduledModify) return StartDeferredModification(rg, ctx);
  const std::string kind = rg.transition->kind;
  const Timestamp at = rg.transition->due_at;
  rg.transition.reset();
  std::vector<DomainEvent> events;
  if (kind == kDelete) {
    events.push_back(GroupEvent(rg, happened::kRemoved, at, msg::ReplicationGroupDeleted(rg.id)));
    return events;
  }
  if (kind == kFailover && rg.failover) return CompleteFailoverStep(rg, at, ctx.transition_ms);
  if (kind == kStartMigration) {
    // The group now replicates from the customer's endpoint; a replica change deferred to
    // the maintenance window waits until the migration is over.
    rg.status = kMigratingStatus;
    return {GroupEvent(rg, happened::kMigrationStarted, at)};
  }
  if (kind == kCompleteMigration) {
    rg.status = ReplicationGroupStatus::kAvailable;
    rg.migration_source.reset();
    events.push_back(
        GroupEvent(rg, happened::kMigrationCompleted, at, msg::MigrationCompleted(rg.id)));
    RearmScheduledReplicaChange(rg, at);
    return events;
  }
  if (kind == kModifyReplicas) {
    const bool increase = HasJoiningMembers(rg);
    FinishReplicaChange(rg);
    events.push_back(GroupEvent(rg, happened::kReplicaChangeCompleted, at,
                                msg::ReplicaCountChangeCompleted(increase, rg.id, at)));
  } else if (kind == kReshard) {
    events = SlotMoveEvents(rg, at);
    FinishResharding(rg);
  } else {
    if (kind == kModify) events = FinishModification(rg, at);
    if (kind == kFailoverRecovery || kind == kFailover) events = FinishRecovery(rg, at);
    const bool created = rg.status == ReplicationGroupStatus::kCreating;
    rg.status = ReplicationGroupStatus::kAvailable;
    for (auto& ng : rg.node_groups) ng.status = ReplicationGroupStatus::kAvailable;
    if (created) {
      events.push_back(
          GroupEvent(rg, happened::kAvailable, at, msg::ReplicationGroupCreated(rg.id)));
      if (rg.automatic_failover)
        events.push_back(
            GroupEvent(rg, happened::kAvailable, at, msg::AutomaticFailoverTurnedOn(rg.id)));
    } else if (events.empty()) {
      events.push_back(GroupEvent(rg, happened::kAvailable, at));
    }
  }
  RearmScheduledReplicaChange(rg, at);
  RearmDeferredModification(rg, at);
  return events;
}

std::vector<DomainEvent> StartClusterChanges(CacheCluster& cc, Timestamp at, int64_t duration_ms) {
  std::vector<DomainEvent> events;
  cc.status = CacheClusterStatus::kModifying;
  cc.transition = Transition{kModify, at, Timestamp{at.epoch_ms + duration_ms}};
  if (!cc.pending.num_cache_nodes) return {ClusterEvent(cc, happened::kModifying, at)};
  const int current = int(cc.nodes.size());
  const int wanted = *cc.pending.num_cache_nodes;
  if (wanted > current) {
    int highest = 0;
    for (const auto& n : cc.nodes) highest = std::max(highest, std::stoi(n.id));
    for (int i = 0; i < wanted - current; ++i) {
      CacheNode node;
      node.id = CacheNodeId(highest + 1 + i);
      node.created_at = at;
      node.availability_zone = cc.pending.new_availability_zones.at(size_t(i));
      node.endpoint = CacheNodeEndpointAddress(cc.account, cc.region, cc.id, node.id);
      cc.nodes.push_back(std::move(node));
    }
    events.push_back(ClusterEvent(cc, happened::kModifying, at, msg::IncreasingNodes()));
  } else if (wanted < current) {
    for (auto& n : cc.nodes)
      if (std::find(cc.pending.cache_node_ids_to_remove.begin(),
                    cc.pending.cache_node_ids_to_remove.end(),
                    n.id) != cc.pending.cache_node_ids_to_remove.end())
        n.status = CacheNodeStatus::kDeleting;
    events.push_back(ClusterEvent(cc, happened::kModifying, at, msg::DecreasingNodes()));
  }
  return events;
}

namespace {

// The changes that were being applied are done: nodes joined or left, a node type or version
// took effect.
std::vector<DomainEvent> FinishClusterChanges(CacheCluster& cc, Timestamp at) {
  std::vector<DomainEvent> events;
  const int before = cc.NumCacheNodes();
  std::string removed;
  for (auto& n : cc.nodes) {
    if (n.status == CacheNodeStatus::kCreating)
      events.push_back(ClusterEvent(cc, happened::kAvailable, at,
                                    msg::CacheNodeAdded(n.id, n.availability_zone)));
    if (n.status == CacheNodeStatus::kDeleting) removed += (removed.empty() ? "" : ",") + n.id;
    n.status = n.status == CacheNodeStatus::kDeleting ? n.status : CacheNodeStatus::kAvailable;
  }
  std::erase_if(cc.nodes,
                [](const CacheNode& n) { return n.status == CacheNodeStatus::kDeleting; });
  if (!removed.empty())
    events.push_back(ClusterEvent(cc, happened::kAvailable, at, msg::CacheNodesRemoved(removed)));
  if (cc.pending.num_cache_nodes)
    events.push_back(ClusterEvent(cc, happened::kAvailable, at,
                                  msg::FinishedModifyingNodes(before, cc.NumCacheNodes())));
  if (cc.pending.cache_node_type) {
    cc.settings.cache_node_type = *cc.pending.cache_node_type;
    events.push_back(ClusterEvent(cc, happened::kAvailable, at,
                                  msg::NodeTypeModified(cc.settings.cache_node_type)));
  }
  if (cc.pending.engine_version) {
    cc.settings.engine_version = *cc.pending.engine_version;
    events.push_back(ClusterEvent(cc, happened::kAvailable, at, msg::CacheClusterPatched()));
  }
  cc.pending = {};
  cc.status = CacheClusterStatus::kAvailable;
  if (events.empty()) events.push_back(ClusterEvent(cc, happened::kAvailable, at));
  return events;
}

}  // namespace

std::vector<DomainEvent> AdvanceCacheCluster(CacheCluster& cc, const LifecycleContext& ctx) {
  if (!cc.transition || !cc.transition->IsDue(ctx.now)) return {};
  const std::string kind = cc.transition->kind;
  const Timestamp at = cc.transition->due_at;
  cc.transition.reset();
  if (kind == kDelete)
    return {ClusterEvent(cc, happened::kRemoved, at, msg::CacheClusterDeleted())};
  if (kind == kScheduledModify) return StartClusterChanges(cc, at, ctx.transition_ms);
  if (kind == kModify) return FinishClusterChanges(cc, at);
  std::vector<DomainEvent> events;
  // A reboot takes up the parameter changes that waited for it.
  if (kind == kReboot) cc.parameters_pending_reboot = false;
  if (kind == kReboot)
    for (const auto& n : cc.nodes)
      if (n.status == CacheNodeStatus::kRebooting)
        events.push_back(ClusterEvent(cc, happened::kAvailable, at, msg::CacheNodeRestarted(n.id)));
  const bool created = cc.status == CacheClusterStatus::kCreating;
  cc.status = CacheClusterStatus::kAvailable;
  for (auto& n : cc.nodes) n.status = CacheNodeStatus::kAvailable;
  if (created) {
    events.push_back(ClusterEvent(cc, happened::kAvailable, at, msg::CacheClusterCreated()));
    for (const auto& n : cc.nodes)
      events.push_back(ClusterEvent(cc, happened::kAvailable, at,
                                    msg::CacheNodeAdded(n.id, n.availability_zone)));
  }
  if (events.empty()) events.push_back(ClusterEvent(cc, happened::kAvailable, at));
  return events;
}

std::vector<DomainEvent> AdvanceSnapshot(Snapshot& s, const LifecycleContext& ctx) {
  if (!s.transition || !s.transition->IsDue(ctx.now)) return {};
  const std::string kind = s.transition->kind;
  const Timestamp at = s.transition->due_at;
  const std::string status = s.status;
  s.transition.reset();
  if (kind == kDelete) return {SnapshotEvent(s, happened::kRemoved, at)};
  s.status = SnapshotStatus::kAvailable;
  // A copy is created too, but only a snapshot taken of a cluster or group says so.
  if (status == SnapshotStatus::kCreating && kind == kCreate)
    return {SnapshotEvent(s, happened::kSnapshotCompleted, at,
                          s.cache_cluster_id
                              ? msg::SnapshotSucceeded(s.id, "cache cluster", *s.cache_cluster_id)
                              : msg::SnapshotSucceeded(s.id, "replication group",
                                                       s.replication_group_id.value_or("")))};
  if (status == SnapshotStatus::kCopying) return {SnapshotEvent(s, happened::kCopyCompleted, at)};
  if (status == SnapshotStatus::kExporting)
    return {SnapshotEvent(s, happened::kExportCompleted, at)};
  if (status == SnapshotStatus::kRestoring)
    return {SnapshotEvent(s, happened::kRestoreCompleted, at)};
  return {SnapshotEvent(s, happened::kAvailable, at)};
}

std::vector<DomainEvent> AdvanceReservedCacheNode(ReservedCacheNode& node,
                                                  const LifecycleContext& ctx) {
  std::vector<DomainEvent> events;
  while (node.transition && node.transition->IsDue(ctx.now)) {
    const Timestamp at = node.transition->due_at;
    if (node.transition->kind == kTransitionPayment) {
      node.state = kReservationActive;
      node.transition = Transition{kTransitionRetire, at, TermEnd(node)};
      events.push_back(ReservationEvent(node, happened::kActive, at));
    } else {
      node.state = kReservationRetired;
      node.transition.reset();
      events.push_back(ReservationEvent(node, happened::kRetired, at));
    }
  }
  return events;
}

std::vector<DomainEvent> AdvanceCacheSecurityGroup(CacheSecurityGroup& group,
                                                   const LifecycleContext& ctx) {
  if (!group.transition || !group.transition->IsDue(ctx.now)) return {};
  return SettleIngress(group, ctx.now);
}

namespace {

// Users and user groups have SourceTypes (user, user-group) but no known event texts, so
// their events carry no message and DescribeEvents does not show them.
template <typename T>
DomainEvent AccessEvent(std::string_view kind, const T& r, std::string_view what, Timestamp at) {
  return {std::string(kind), r.id, std::string(what), at, {}, {}, {}};
}

}  // namespace

std::vector<DomainEvent> AdvanceUser(User& user, const LifecycleContext& ctx) {
  if (!user.transition || !user.transition->IsDue(ctx.now)) return {};
  const std::string kind = user.transition->kind;
  const Timestamp at = user.transition->due_at;
  user.transition.reset();
  if (kind == kDelete) return {AccessEvent("user", user, happened::kRemoved, at)};
  user.status = UserStatus::kActive;
  return {AccessEvent("user", user, happened::kActive, at)};
}

std::vector<DomainEvent> AdvanceUserGroup(UserGroup& group, const LifecycleContext& ctx) {
  if (!group.transition || !group.transition->IsDue(ctx.now)) return {};
  const std::string kind = group.transition->kind;
  const Timestamp at = group.transition->due_at;
  group.transition.reset();
  if (kind == kDelete) return {AccessEvent("user-group", group, happened::kRemoved, at)};
  std::vector<std::string> members;
  for (const auto& id : group.user_ids)
    if (std::find(group.pending_user_ids_to_remove.begin(), group.pending_user_ids_to_remove.end(),
                  id) == group.pending_user_ids_to_remove.end())
      members.push_back(id);
  for (const auto& id : group.pending_user_ids_to_add)
    if (std::find(members.begin(), members.end(), id) == members.end()) members.push_back(id);
  group.user_ids = std::move(members);
  group.pending_user_ids_to_add.clear();
  group.pending_user_ids_to_remove.clear();
  group.status = UserStatus::kActive;
  return {AccessEvent("user-group", group, happened::kActive, at)};
}

std::vector<DomainEvent> AdvanceGlobalReplicationGroup(GlobalReplicationGroup& grg,
                                                       const LifecycleContext& ctx) {
  if (!grg.transition || !grg.transition->IsDue(ctx.now)) return {};
  const std::string kind = grg.transition->kind;
  const Timestamp at = grg.transition->due_at;
  grg.transition.reset();
  auto event = [&](std::string_view what) {
    return DomainEvent{"global-replication-group", grg.id, std::string(what), at, {}, {}, {}};
  };
  if (kind == kDelete) return {event(happened::kRemoved)};
  for (auto& m : grg.members) m.status = GlobalMemberStatus::kAssociated;
  if (kind == kDisassociate) {
    for (const auto& m : grg.members)
      if (m.leaving) grg.departed.push_back({m.replication_group_id, m.region});
    std::erase_if(grg.members, [](const GlobalReplicationGroupMember& m) { return m.leaving; });
  }
  if (kind == kFailover && grg.failover_to_region) {
    for (auto& m : grg.members)
      m.role = m.region == *grg.failover_to_region ? GlobalMemberRole::kPrimary
                                                  : GlobalMemberRole::kSecondary;
    grg.failover_to_region.reset();
  }
  grg.status = SettledStatus(grg);
  return {event(kind == kFailover ? happened::kFailoverCompleted : happened::kAvailable)};
}

namespace {

constexpr int64_t kDayMs = int64_t(24) * 3600 * 1000;

// Events with a message are shown under SourceType serverless-cache; the others (a request
// accepted, a snapshot due) are recorded only.
DomainEvent ServerlessEvent(const ServerlessCache& c, std::string_view what, Timestamp at,
                            std::string message = {}) {
  DomainEvent e{"serverless-cache", c.id, std::string(what), at, {}, {}, std::move(message)};
  if (!e.message.empty()) {
    e.source_type = "serverless-cache";
    e.source_id = c.id;
  }
  return e;
}

DomainEvent ServerlessSnapshotEvent(const ServerlessCacheSnapshot& s, std::string_view what,
                                    Timestamp at, std::string message = {}) {
  DomainEvent e{"serverless-cache-snapshot", s.id, std::string(what), at, {}, {},
                std::move(message)};
  if (!e.message.empty()) {
    e.source_type = "serverless-cache-snapshot";
    e.source_id = s.id;
  }
  return e;
}

// An available automated snapshot waits for the end of its retention.
void ScheduleExpiry(ServerlessCacheSnapshot& s, Timestamp at) {
  if (s.status == ServerlessSnapshotStatus::kAvailable && s.expires_at && !s.transition)
    s.transition = Transition{kExpire, at, *s.expires_at};
}

}  // namespace

std::vector<DomainEvent> AdvanceServerlessCache(ServerlessCache& cache,
                                                const LifecycleContext& ctx) {
  if (!cache.transition || !cache.transition->IsDue(ctx.now)) return {};
  const std::string kind = cache.transition->kind;
  const Timestamp at = cache.transition->due_at;
  cache.transition.reset();
  if (kind == kDelete)
    return {ServerlessEvent(cache, happened::kRemoved, at, msg::ServerlessCacheDeleted(cache.id))};
  std::vector<DomainEvent> events;
  Timestamp next_from = at;
  if (kind == kDailySnapshot) {
    events.push_back(ServerlessEvent(cache, happened::kSnapshotStarted, at));
    // After a clock jump, the snapshots that would already have expired are not taken.
    next_from = Timestamp{std::max(at.epoch_ms + 1,
                                   ctx.now.epoch_ms - cache.snapshot_retention_limit * kDayMs)};
  } else if (cache.status == ServerlessCacheStatus::kCreating) {
    cache.status = ServerlessCacheStatus::kAvailable;
    events.push_back(
        ServerlessEvent(cache, happened::kAvailable, at, msg::ServerlessCacheCreated(cache.id)));
  } else {
    if (cache.pending_engine) cache.engine = *cache.pending_engine;
    if (cache.pending_major_engine_version)
      cache.major_engine_version = *cache.pending_major_engine_version;
    cache.pending_engine.reset();
    cache.pending_major_engine_version.reset();
    cache.status = ServerlessCacheStatus::kAvailable;
    events.push_back(
        ServerlessEvent(cache, happened::kAvailable, at, msg::ServerlessCacheUpdated(cache.id)));
  }
  ScheduleDailySnapshot(cache, next_from);
  return events;
}

std::vector<DomainEvent> AdvanceServerlessCacheSnapshot(ServerlessCacheSnapshot& s,
                                                        const LifecycleContext& ctx) {
  if (!s.transition || !s.transition->IsDue(ctx.now)) return {};
  const std::string kind = s.transition->kind;
  const Timestamp at = s.transition->due_at;
  const std::string status = s.status;
  s.transition.reset();
  if (kind == kDelete || kind == kExpire)
    return {ServerlessSnapshotEvent(s, happened::kRemoved, at,
                                    msg::ServerlessSnapshotDeleted(s.id))};
  s.status = ServerlessSnapshotStatus::kAvailable;
  std::vector<DomainEvent> events;
  if (status == ServerlessSnapshotStatus::kExporting)
    events.push_back(ServerlessSnapshotEvent(s, happened::kExportCompleted, at));
  else if (s.copied_from)  // a copy is not taken of a cache: nothing to say
    events.push_back(ServerlessSnapshotEvent(s, happened::kCopyCompleted, at));
  else
    events.push_back(ServerlessSnapshotEvent(
        s, happened::kSnapshotCompleted, at,
        msg::SnapshotSucceeded(s.id, "serverless cache", s.serverless_cache_name)));
  ScheduleExpiry(s, at);
  return events;
}

}  // namespace ecl

namespace ecl {

namespace {

DomainEvent UpdateEvent(const UpdateAction& a, std::string_view what, Timestamp at) {
  return {"update-action", a.id, std::string(what), at, {}, {}, {}};
}

void SetNodeStatus(NodeUpdate& n, const char* status, Timestamp at) {
  n.status = status;
  n.status_modified_at = at;
}

}  // namespace

std::vector<DomainEvent> AdvanceUpdateAction(UpdateAction& a, const LifecycleContext& ctx) {
  std::vector<DomainEvent> events;
  while (a.transition && a.transition->IsDue(ctx.now)) {
    const Timestamp at = a.transition->due_at;
    for (auto& n : a.nodes)
      if (n.status == UpdateActionStatus::kInProgress) {
        SetNodeStatus(n, UpdateActionStatus::kComplete, at);
        n.ended_at = at;
      }
    if (a.status == UpdateActionStatus::kStopping) {
      for (auto& n : a.nodes)
        if (n.status == UpdateActionStatus::kStopping)
          SetNodeStatus(n, UpdateActionStatus::kStopped, at);
      a.status = UpdateActionStatus::kStopped;
      a.status_modified_at = at;
      a.transition.reset();
      events.push_back(UpdateEvent(a, happened::kUpdateStopped, at));
      break;
    }
    int wave = INT_MAX;
    for (const auto& n : a.nodes)
      if (n.status == UpdateActionStatus::kWaitingToStart) wave = std::min(wave, n.wave);
    if (wave == INT_MAX) {
      a.status = UpdateActionStatus::kComplete;
      a.status_modified_at = at;
      a.transition.reset();
      events.push_back(UpdateEvent(a, happened::kUpdateCompleted, at));
      break;
    }
    for (auto& n : a.nodes)
      if (n.status == UpdateActionStatus::kWaitingToStart && n.wave == wave) {
        SetNodeStatus(n, UpdateActionStatus::kInProgress, at);
        n.started_at = at;
      }
    if (a.status != UpdateActionStatus::kInProgress) {
      a.status = UpdateActionStatus::kInProgress;
      a.status_modified_at = at;
    }
    // One event per wave: the service saves a resource only when a step says what happened.
    events.push_back(UpdateEvent(a, happened::kUpdateApplying, at));
    a.transition = Transition{kApplyUpdate, at, Timestamp{at.epoch_ms + ctx.transition_ms}};
  }
  return events;
}

std::vector<DomainEvent> NodeFailed(ReplicationGroup* group, const CacheCluster& cluster,
                                    const std::string& cache_node_id, Timestamp at) {
  std::vector<DomainEvent> events;
  if (group && group->automatic_failover && !group->failover) {
    for (auto& ng : group->node_groups) {
      const NodeGroupMember* primary = nullptr;
      const NodeGroupMember* replica = nullptr;
      for (const auto& m : ng.members) {
        if (m.primary) primary = &m;
        else if (!replica && !m.joining && !m.leaving) replica = &m;
      }
      if (!primary || primary->cache_cluster_id != cluster.id || !replica) continue;
      const std::string from = primary->cache_cluster_id, to = replica->cache_cluster_id;
      CompleteFailover(*group, FailoverInProgress{ng.id, from, to});
      events.push_back(GroupEvent(*group, happened::kFailoverCompleted, at,
                                  msg::FailoverToReplicaCompleted(to)));
      events.push_back(GroupEvent(*group, happened::kFailoverCompleted, at,
                                  msg::FailoverCompleted(from, to)));
      break;
    }
  }
  events.push_back(ClusterEvent(cluster, happened::kRecoveryCompleted, at,
                                msg::RecoveringCacheNodes(cache_node_id)));
  events.push_back(ClusterEvent(cluster, happened::kRecoveryCompleted, at,
                                msg::FinishedRecovery(cache_node_id)));
  return events;
}

}  // namespace ecl

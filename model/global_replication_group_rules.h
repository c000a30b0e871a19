// The rules of global datastores as pure functions: the id (a region prefix and the caller's
// suffix) and the ARN, which replication groups may become a primary, what a secondary
// inherits and may not be given, the parameter group ElastiCache makes for each member,
// global node group ids, and the steps (create, join, disassociate, fail over, modify,
// delete) with the states they need. Every refusal throws the AwsError AWS gives;
// docs/global-datastores.md lists each code, message, source and confidence. Thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/aws_error.h"
#include "model/cache_parameter_group.h"
#include "model/global_replication_group.h"
#include "model/node_type_catalog.h"
#include "model/parameter_catalog.h"
#include "model/replication_group.h"

namespace ecl {

// ---- names ----------------------------------------------------------------------------------

// The five letters ElastiCache puts before a global datastore's suffix for the region it is
// created in: the User Guide's table (us-east-1 ldgnf, us-west-2 sgaui, ...). A region the
// table does not list gets five letters derived from its name, so its ids are stable too.
std::string GlobalIdPrefix(std::string_view region);
// GlobalReplicationGroupIdSuffix validated (the identifier rule, 1-40 characters) and joined
// to the region's prefix: "ldgnf-my-cache". Lower case.
std::string GlobalReplicationGroupIdFor(std::string_view region, std::string_view suffix);
// arn:<partition>:elasticache::<account>:globalreplicationgroup:<id>, the partition of the
// region the datastore was created in.
std::string GlobalReplicationGroupArn(std::string_view home_region, std::string_view account,
                                      std::string_view id);
// "<global id>-<node group id>": GlobalNodeGroupId as the CLI examples show it.
std::string GlobalNodeGroupId(std::string_view global_id, std::string_view node_group_id);
// GlobalNodeGroupsToRemove / GlobalNodeGroupsToRetain as the members' node group ids; an id
// not of this datastore is InvalidParameterValue naming `parameter`.
std::vector<std::string> LocalNodeGroupIds(std::string_view global_id,
                                           const std::vector<std::string>& global_node_group_ids,
                                           std::string_view parameter);

// ---- parameter groups -----------------------------------------------------------------------

// "global-datastore-<replication group id><four letters>" (names users report, e.g.
// global-datastore-secondary-replication-groupqfia). `attempt` varies the letters when a
// name is taken.
std::string GlobalDatastoreParameterGroupName(std::string_view global_id,
                                              std::string_view region,
                                              std::string_view replication_group_id,
                                              std::string_view family, int attempt);
// The group ElastiCache creates for a member: `source`'s family and every value it has
// (a default group's own values included, so cluster-enabled stays what it was), described
// "Created by ElastiCache to be used by global cluster <id>", marked global.
CacheParameterGroup GlobalDatastoreParameterGroup(const ParameterCatalog& catalog,
                                                  const CacheParameterGroup& source,
                                                  const std::string& account,
                                                  const std::string& region,
                                                  const std::string& name,
                                                  std::string_view global_id);

// ---- the primary ----------------------------------------------------------------------------

// Node families global datastores run on: M5 or R5 and later (R6gd, M7g, R7g, C7gn, ... ), no
// burstable (T) or older types.
bool NodeTypeSupportsGlobalDatastore(std::string_view cache_node_type);
// `node_type` may run a global datastore, else InvalidParameterValue "Global replication
// group is not supported for the node type."
void CheckGlobalNodeType(std::string_view node_type);
// CreateGlobalReplicationGroup's PrimaryReplicationGroupId: available
// (InvalidReplicationGroupState), in no global datastore yet, Redis OSS 5.0.6 or later or
// Valkey, a supported node type, in a VPC (not on cache security groups).
void CheckPrimaryEligible(const ReplicationGroup& rg);

// ---- members --------------------------------------------------------------------------------

// What a member may not do on its own (DeleteReplicationGroup,
// ModifyReplicationGroupShardConfiguration): InvalidParameterValue "Cluster [ID] is part of a
// global cluster [GLOBAL ID]. Request rejected." Nothing for a group in no datastore.
void RefuseGlobalMember(const ReplicationGroup& rg);
// ModifyReplicationGroup of a member: node type, engine and version, parameter group and
// automatic failover belong to the datastore (ModifyGlobalReplicationGroup); the same refusal
// when `changes_owned_settings`.
void RefuseGlobalOwnedChange(const ReplicationGroup& rg, bool changes_owned_settings);

// ---- states ---------------------------------------------------------------------------------

// The datastore is settled (primary-only or available): InvalidGlobalReplicationGroupState
// naming `action` otherwise.
void RequireSettled(const GlobalReplicationGroup& grg, std::string_view action);
// The status a datastore settles in: available with a secondary, primary-only without.
std::string SettledStatus(const GlobalReplicationGroup& grg);
// A member replication group a global change acts on must be available:
// InvalidGlobalReplicationGroupState otherwise.
void RequireMemberAvailable(const GlobalReplicationGroup& grg, const ReplicationGroup& member);

// ---- steps ----------------------------------------------------------------------------------

// A new datastore around `primary` (associating), creating until `now + transition_ms`.
GlobalReplicationGroup NewGlobalReplicationGroup(const ReplicationGroup& primary,
                                                 std::string id, std::string description,
                                                 Timestamp now, int64_t transition_ms);

// CreateReplicationGroup with GlobalReplicationGroupId: members inherit these, so a request
// naming any of them is InvalidParameterCombination "Cannot use the given parameters when
// creating new replication group in an existing global replication group." `given` lists
// the request's members by name.
void RefuseInheritedParameters(const std::vector<std::string>& given);
// A replication group in `region` may join: the datastore is settled, has no member in that
// region and fewer than two secondaries.
void CheckCanJoin(const GlobalReplicationGroup& grg, std::string_view region);
// The new secondary is associating and the datastore modifying until the join is done.
void JoinAsSecondary(GlobalReplicationGroup& grg, const std::string& replication_group_id,
                     const std::string& region, Timestamp now, int64_t transition_ms);

// DisassociateGlobalReplicationGroup: a secondary of a settled datastore; it stays listed
// (associated) while the datastore is modifying.
void StartDisassociation(GlobalReplicationGroup& grg, std::string_view replication_group_id,
                         std::string_view region, Timestamp now, int64_t transition_ms);
// FailoverGlobalReplicationGroup: the named secondary becomes the primary when the transition
// is due; naming the primary itself, or a group that is not a member, is refused.
void StartGlobalFailover(GlobalReplicationGroup& grg, std::string_view primary_region,
                         std::string_view primary_replication_group_id, Timestamp now,
                         int64_t transition_ms);
// Modify / node group changes: modifying for a transition while the members change.
void StartGlobalChange(GlobalReplicationGroup& grg, Timestamp now, int64_t transition_ms);
// DeleteGlobalReplicationGroup: only a primary-only datastore (its secondaries disassociated
// first), and the primary is always retained.
void StartGlobalDeletion(GlobalReplicationGroup& grg, bool retain_primary, Timestamp now,
                         int64_t transition_ms);

// ---- ModifyGlobalReplicationGroup -----------------------------------------------------------

// "Modifications to Global Replication Groups cannot be requested to be applied in
// PreferredMaintenceWindow": ApplyImmediately must be true.
void RequireApplyImmediately(bool apply_immediately);
// A CacheParameterGroupName is only taken with a change of major version (family).
void CheckParameterGroupNeedsMajorUpgrade(bool family_changes);
// GlobalReplicationGroupDescription: at most 255 characters.
std::string ValidateGlobalDescription(std::string_view description);

// ---- faults of the operations ---------------------------------------------------------------

// The global datastore operations list fewer faults than the replication group rules they
// reuse throw: InvalidReplicationGroupState becomes InvalidGlobalReplicationGroupState, and
// any other code not in `allowed` InvalidParameterValue, keeping the message.
AwsError AsGlobalOperationFault(const AwsError& error, const std::set<std::string>& allowed);

}  // namespace ecl

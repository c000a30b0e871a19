// Resource kinds, each described once: the name it is stored under, the resource type in its
// ARN, the DescribeEvents source type of its own events, how its id is compared, its
// not-found fault, its lifecycle step and whether it can be tagged in its current state (a kind
// may also refuse tag changes alone with TagChangeRefusal).
// The store, the scheduler, the tagging operations and the events read these descriptors, so
// a new kind is one descriptor here (and in AllKinds), its record mapping and its handlers.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/aws_error.h"
#include "model/aws_faults.h"
#include "model/cache_parameter_group.h"
#include "model/cache_subnet_group.h"
#include "model/identifiers.h"
#include "model/lifecycle.h"
#include "model/naming.h"

namespace ecl {

template <typename T>
struct Kind;

namespace kind_rules {
// ElastiCache refuses to tag clusters and groups in transition.
inline std::optional<AwsError> TaggableWhenSettled(const std::string& status) {
  if (status == ReplicationGroupStatus::kAvailable ||
      status == ReplicationGroupStatus::kSnapshotting ||
      status == ReplicationGroupStatus::kModifying)
    return std::nullopt;
  return faults::InvalidReplicationGroupStateFault(
      "Cluster not in available state to perform tagging operations.");
}
}  // namespace kind_rules

template <>
struct Kind<ReplicationGroup> {
  static constexpr std::string_view kStoredName = "replication-group";
  static constexpr std::string_view kArnType = kArnReplicationGroup;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::ReplicationGroupNotFoundFault("Replication group " + std::string(id) +
                                                 " not found.");
  }
  static std::vector<DomainEvent> Advance(ReplicationGroup& r, const LifecycleContext& ctx) {
    return AdvanceReplicationGroup(r, ctx);
  }
  static std::optional<AwsError> TagRefusal(const ReplicationGroup& r) {
    return kind_rules::TaggableWhenSettled(r.status);
  }
};

template <>
struct Kind<CacheCluster> {
  static constexpr std::string_view kStoredName = "cache-cluster";
  static constexpr std::string_view kArnType = kArnCluster;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::CacheClusterNotFoundFault("CacheCluster not found: " + std::string(id));
  }
  static std::vector<DomainEvent> Advance(CacheCluster& r, const LifecycleContext& ctx) {
    return AdvanceCacheCluster(r, ctx);
  }
  static std::optional<AwsError> TagRefusal(const CacheCluster& r) {
    return kind_rules::TaggableWhenSettled(r.status);
  }
};

template <>
struct Kind<Snapshot> {
  static constexpr std::string_view kStoredName = "snapshot";
  static constexpr std::string_view kArnType = kArnSnapshot;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::SnapshotNotFoundFault("Snapshot " + std::string(id) + " not found.");
  }
  static std::vector<DomainEvent> Advance(Snapshot& r, const LifecycleContext& ctx) {
    return AdvanceSnapshot(r, ctx);
  }
  // Snapshots can be tagged in any state.
  static std::optional<AwsError> TagRefusal(const Snapshot&) { return std::nullopt; }
};

template <>
struct Kind<ReservedCacheNode> {
  static constexpr std::string_view kStoredName = "reserved-cache-node";
  static constexpr std::string_view kArnType = kArnReservedInstance;
  // Reservation ids are kept as written.
  static std::string CanonicalId(std::string_view id) { return std::string(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::ReservedCacheNodeNotFoundFault("Reserved node " + std::string(id) +
                                                  " not found.");
  }
  static std::vector<DomainEvent> Advance(ReservedCacheNode& r, const LifecycleContext& ctx) {
    return AdvanceReservedCacheNode(r, ctx);
  }
  // Reservations have no cluster status: taggable in every state.
  static std::optional<AwsError> TagRefusal(const ReservedCacheNode&) { return std::nullopt; }
};

template <>
struct Kind<CacheSecurityGroup> {
  static constexpr std::string_view kStoredName = "cache-security-group";
  static constexpr std::string_view kArnType = "securitygroup";
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::CacheSecurityGroupNotFoundFault("CacheSecurityGroup not found: " +
                                                   std::string(id));
  }
  static std::vector<DomainEvent> Advance(CacheSecurityGroup& r, const LifecycleContext& ctx) {
    return AdvanceCacheSecurityGroup(r, ctx);
  }
  // Cache security groups have no status: taggable whenever they exist.
  static std::optional<AwsError> TagRefusal(const CacheSecurityGroup&) { return std::nullopt; }
};

template <>
struct Kind<CacheParameterGroup> {
  static constexpr std::string_view kStoredName = "cache-parameter-group";
  static constexpr std::string_view kArnType = kArnParameterGroup;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::CacheParameterGroupNotFoundFault("CacheParameterGroup " + std::string(id) +
                                                    " not found.");
  }
  // Parameter groups have no transitions.
  static std::vector<DomainEvent> Advance(CacheParameterGroup&, const LifecycleContext&) {
    return {};
  }
  static std::optional<AwsError> TagRefusal(const CacheParameterGroup&) { return std::nullopt; }
};

template <>
struct Kind<User> {
  static constexpr std::string_view kStoredName = "user";
  static constexpr std::string_view kArnType = kArnUser;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::UserNotFoundFault("User " + std::string(id) + " not found.");
  }
  static std::vector<DomainEvent> Advance(User& r, const LifecycleContext& ctx) {
    return AdvanceUser(r, ctx);
  }
  // ElastiCache answers "UserNotFound: <id> is not available for tagging" (404) while a user
  // is not active (terraform-provider-aws#34002).
  static std::optional<AwsError> TagRefusal(const User& r) {
    if (r.status == UserStatus::kActive) return std::nullopt;
    return faults::UserNotFoundFault(r.id + " is not available for tagging");
  }
};

template <>
struct Kind<UserGroup> {
  static constexpr std::string_view kStoredName = "user-group";
  static constexpr std::string_view kArnType = kArnUserGroup;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::UserGroupNotFoundFault("User group " + std::string(id) + " not found.");
  }
  static std::vector<DomainEvent> Advance(UserGroup& r, const LifecycleContext& ctx) {
    return AdvanceUserGroup(r, ctx);
  }
  // No refusal is known for user groups: taggable in every state.
  static std::optional<AwsError> TagRefusal(const UserGroup&) { return std::nullopt; }
};

template <>
struct Kind<ServerlessCache> {
  static constexpr std::string_view kStoredName = "serverless-cache";
  static constexpr std::string_view kArnType = kArnServerlessCache;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::ServerlessCacheNotFoundFault("Serverless cache " + std::string(id) +
                                                " not found.");
  }
  static std::vector<DomainEvent> Advance(ServerlessCache& r, const LifecycleContext& ctx) {
    return AdvanceServerlessCache(r, ctx);
  }
  // The tagging operations list InvalidServerlessCacheStateFault: a cache that is being
  // created or deleted takes no tags.
  static std::optional<AwsError> TagRefusal(const ServerlessCache& r) {
    if (r.status == ServerlessCacheStatus::kAvailable ||
        r.status == ServerlessCacheStatus::kModifying)
      return std::nullopt;
    return faults::InvalidServerlessCacheStateFault("Serverless cache " + r.id + " has status " +
                                                    r.status +
                                                    " and is not available for tagging.");
  }
};

template <>
struct Kind<ServerlessCacheSnapshot> {
  static constexpr std::string_view kStoredName = "serverless-cache-snapshot";
  static constexpr std::string_view kArnType = kArnServerlessCacheSnapshot;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::ServerlessCacheSnapshotNotFoundFault("Serverless cache snapshot " +
                                                        std::string(id) + " not found.");
  }
  static std::vector<DomainEvent> Advance(ServerlessCacheSnapshot& r,
                                          const LifecycleContext& ctx) {
    return AdvanceServerlessCacheSnapshot(r, ctx);
  }
  // As for caches (InvalidServerlessCacheSnapshotStateFault is listed): not while it is
  // being created or deleted.
  static std::optional<AwsError> TagRefusal(const ServerlessCacheSnapshot& r) {
    if (r.status != ServerlessSnapshotStatus::kCreating &&
        r.status != ServerlessSnapshotStatus::kDeleting)
      return std::nullopt;
    return faults::InvalidServerlessCacheSnapshotStateFault(
        "Serverless cache snapshot " + r.id + " has status " + r.status +
        " and is not available for tagging.");
  }
};

template <>
struct Kind<UpdateAction> {
  static constexpr std::string_view kStoredName = "update-action";
  // Not an ElastiCache ARN type: update actions have no ARN and cannot be tagged.
  static constexpr std::string_view kArnType = "update-action";
  // "<service update>/<target kind>/<target id>", ids already lower case.
  static std::string CanonicalId(std::string_view id) { return std::string(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::ServiceUpdateNotFoundFault("Update action " + std::string(id) + " not found.");
  }
  static std::vector<DomainEvent> Advance(UpdateAction& r, const LifecycleContext& ctx) {
    return AdvanceUpdateAction(r, ctx);
  }
  static std::optional<AwsError> TagRefusal(const UpdateAction&) {
    return faults::InvalidARNFault("Update actions cannot be tagged.");
  }
};

template <>
struct Kind<CacheSubnetGroup> {
  static constexpr std::string_view kStoredName = "cache-subnet-group";
  static constexpr std::string_view kArnType = kArnSubnetGroup;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::CacheSubnetGroupNotFoundFault("Cache subnet group " + std::string(id) +
                                                 " not found.");
  }
  // Subnet groups have no transitional states.
  static std::vector<DomainEvent> Advance(CacheSubnetGroup&, const LifecycleContext&) { return {}; }
  static std::optional<AwsError> TagRefusal(const CacheSubnetGroup&) { return std::nullopt; }
  // The built-in `default` group lists its tags but takes none (AWS's words, as seen for
  // default resources; terraform-provider-aws#19213).
  static std::optional<AwsError> TagChangeRefusal(const CacheSubnetGroup& r) {
    if (!r.built_in) return std::nullopt;
    return faults::InvalidParameterValueException("Tagging on default resources is not supported");
  }
};

// Global datastores are stored under the empty region (they belong to none) and their ARN
// names no region, so ArnOf<GlobalReplicationGroup>("", account, id) is their ARN.
template <>
struct Kind<GlobalReplicationGroup> {
  static constexpr std::string_view kStoredName = "global-replication-group";
  static constexpr std::string_view kArnType = kArnGlobalReplicationGroup;
  static std::string CanonicalId(std::string_view id) { return ToLowerAscii(id); }
  static AwsError NotFound(std::string_view id) {
    return faults::GlobalReplicationGroupNotFoundFault("Global replication group " +
                                                       std::string(id) + " not found.");
  }
  static std::vector<DomainEvent> Advance(GlobalReplicationGroup& r, const LifecycleContext& ctx) {
    return AdvanceGlobalReplicationGroup(r, ctx);
  }
  // "You can use tags to categorize and track all your ElastiCache resources, with the
  // exception of global replication group" (the API reference, AddTagsToResource).
  static std::optional<AwsError> TagRefusal(const GlobalReplicationGroup&) {
    return faults::InvalidARNFault("Global replication groups cannot be tagged.");
  }
};

template <typename... Ts>
struct KindList {};
// Every kind the service stores.
using AllKinds =
    KindList<ReplicationGroup, CacheCluster, Snapshot, ReservedCacheNode, CacheSecurityGroup,
             CacheParameterGroup, User, UserGroup, CacheSubnetGroup, GlobalReplicationGroup,
             UpdateAction, ServerlessCache, ServerlessCacheSnapshot>;

// The ARN of a resource of kind T.
template <typename T>
std::string ArnOf(std::string_view region, std::string_view account, std::string_view id) {
  return ElastiCacheArn(region, account, Kind<T>::kArnType, id);
}

// Calls f.template operator()<T>() for the kind T whose descriptor matches; false when none
// does. `matches` is called as matches.template operator()<T>().
template <typename Match, typename F, typename... Ts>
bool VisitKind(KindList<Ts...>, Match&& matches, F&& f) {
  return ((matches.template operator()<Ts>() ? (f.template operator()<Ts>(), true) : false) || ...);
}

// The kind stored under `stored_name`.
template <typename F>
bool WithStoredKind(std::string_view stored_name, F&& f) {
  return VisitKind(
      AllKinds{}, [&]<typename T>() { return Kind<T>::kStoredName == stored_name; }, f);
}
// The kind whose ARNs have resource type `arn_type`.
template <typename F>
bool WithArnKind(std::string_view arn_type, F&& f) {
  return VisitKind(
      AllKinds{}, [&]<typename T>() { return Kind<T>::kArnType == arn_type; }, f);
}

}  // namespace ecl

// GlobalReplicationGroup: a global datastore — a primary replication group in one region and
// up to two secondaries in others, replicating from it. It belongs to an account but to no
// region (its ARN names none, and every region of the account finds it by id), so it is
// stored under the empty region. What its members share (engine, version, node type, cluster
// mode, encryption, node groups and slots) is read from the primary replication group, never
// copied here, so the two cannot disagree. Plain data; the rules live in
// global_replication_group_rules.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/api_value.h"
#include "model/transition.h"

namespace ecl {

// arn:aws:elasticache::ACCOUNT:globalreplicationgroup:ID (the IAM page; no region).
inline constexpr std::string_view kArnGlobalReplicationGroup = "globalreplicationgroup";
// The region part of a global datastore's storage key: it has none.
inline constexpr std::string_view kGlobalRegion = "";
// "You can set up replication for a primary cluster from one AWS Region to a secondary
// cluster in up to two other AWS Regions" (User Guide, prerequisites and limitations).
inline constexpr int kMaxGlobalSecondaries = 2;
// What ElastiCache shows as the description when none was given (the CLI example's " ";
// the Terraform provider treats " " and "" alike for that reason).
inline constexpr std::string_view kEmptyGlobalDescription = " ";

// Statuses as DescribeGlobalReplicationGroups shows them (the CLI examples and the Terraform
// provider's waiters: creating, primary-only, available, modifying, deleting).
struct GlobalReplicationGroupStatus {
  static constexpr const char* kCreating = "creating";
  static constexpr const char* kPrimaryOnly = "primary-only";
  static constexpr const char* kAvailable = "available";
  static constexpr const char* kModifying = "modifying";
  static constexpr const char* kDeleting = "deleting";
};

// Member roles as the API spells them (Members[].Role and GlobalReplicationGroupInfo).
struct GlobalMemberRole {
  static constexpr const char* kPrimary = "PRIMARY";
  static constexpr const char* kSecondary = "SECONDARY";
};

// Membership statuses: joining, then associated (a member being disassociated stays
// `associated` until it is gone, which is what the Terraform provider waits on).
struct GlobalMemberStatus {
  static constexpr const char* kAssociating = "associating";
  static constexpr const char* kAssociated = "associated";
};

struct GlobalReplicationGroupMember {
  std::string replication_group_id;
  std::string region;
  std::string role = GlobalMemberRole::kSecondary;
  std::string status = GlobalMemberStatus::kAssociating;
  // DisassociateGlobalReplicationGroup under way: still listed until the transition is due.
  bool leaving = false;

  bool Is(std::string_view id, std::string_view in_region) const {
    return replication_group_id == id && region == in_region;
  }
};

// A member that left (its replication group keeps running on its own); the service clears
// the group's GlobalReplicationGroupInfo and forgets the entry.
struct DepartedGlobalMember {
  std::string replication_group_id;
  std::string region;
};

struct GlobalReplicationGroup {
  std::string account;
  std::string region{kGlobalRegion};  // always empty: see the header comment
  std::string id;                     // <region prefix>-<suffix>, lower case
  std::string home_region;            // where it was created (its id's prefix, its partition)
  std::string description{kEmptyGlobalDescription};
  std::string status = GlobalReplicationGroupStatus::kCreating;
  std::optional<Transition> transition;
  Timestamp created_at;
  // In the order they joined; the primary first when created.
  std::vector<GlobalReplicationGroupMember> members;
  std::vector<DepartedGlobalMember> departed;
  // FailoverGlobalReplicationGroup under way: the secondary (region) becoming the primary.
  std::optional<std::string> failover_to_region;

  const GlobalReplicationGroupMember* Primary() const {
    for (const auto& m : members)
      if (m.role == GlobalMemberRole::kPrimary) return &m;
    return nullptr;
  }
  const GlobalReplicationGroupMember* Member(std::string_view id, std::string_view in_region) const {
    for (const auto& m : members)
      if (m.Is(id, in_region)) return &m;
    return nullptr;
  }
  const GlobalReplicationGroupMember* MemberIn(std::string_view in_region) const {
    for (const auto& m : members)
      if (m.region == in_region) return &m;
    return nullptr;
  }
  int SecondaryCount() const {
    int n = 0;
    for (const auto& m : members) n += m.role == GlobalMemberRole::kSecondary ? 1 : 0;
    return n;
  }
};

}  // namespace ecl

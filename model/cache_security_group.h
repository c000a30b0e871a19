// Cache security groups (EC2-Classic): a named set of EC2 security groups allowed to reach
// the clusters that use it, each authorization with its own status. Plain data; the rules
// (names, owner ids, authorize/revoke, when a group is in use) live in
// security_group_rules.h and the lifecycle step in lifecycle.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/timestamp.h"
#include "model/transition.h"

namespace ecl {

// Statuses of an EC2 security group authorization as ElastiCache shows them
// (EC2SecurityGroup.Status). A revoked authorization disappears.
struct Ec2AuthorizationStatus {
  static constexpr const char* kAuthorizing = "authorizing";
  static constexpr const char* kAuthorized = "authorized";
  static constexpr const char* kRevoking = "revoking";
};

// One EC2 security group allowed in, identified by (name, owner account).
struct Ec2SecurityGroupAuthorization {
  std::string ec2_security_group_name;
  std::string ec2_security_group_owner_id;  // 12 digits
  std::string status = Ec2AuthorizationStatus::kAuthorizing;
  // When authorizing becomes authorized, or revoking makes it disappear.
  std::optional<Timestamp> settles_at;
};

struct CacheSecurityGroup {
  std::string account;  // also its OwnerId
  std::string region;
  std::string id;  // CacheSecurityGroupName, lower case
  std::string description;
  // The "default" group every EC2-Classic account has: seeded on first use, never deleted.
  bool built_in = false;
  Timestamp created_at;
  std::vector<Ec2SecurityGroupAuthorization> ec2_security_groups;  // in the order authorized
  // The earliest authorization or revocation still settling; the scheduler wakes the group
  // then.
  std::optional<Transition> transition;
};

}  // namespace ecl

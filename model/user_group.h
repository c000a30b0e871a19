// UserGroup: a set of RBAC users attached to replication groups (CreateUserGroup …
// DeleteUserGroup). Membership changes requested by ModifyUserGroup (or implied by
// DeleteUser) wait in `pending_*` while the group is `modifying` and apply when the
// transition finishes, as DescribeUserGroups shows them in PendingChanges. Which replication
// groups use a group is read from the groups themselves, not stored here. Plain data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/api_value.h"
#include "model/transition.h"
#include "model/user.h"

namespace ecl {

struct UserGroup {
  std::string account;
  std::string region;
  std::string id;                     // UserGroupId, lower case
  std::string engine;                 // redis | valkey
  std::vector<std::string> user_ids;  // members, in the order they joined
  std::vector<std::string> pending_user_ids_to_add;
  std::vector<std::string> pending_user_ids_to_remove;
  std::string status = UserStatus::kCreating;
  std::optional<Transition> transition;
  Timestamp created_at;

  bool HasMember(const std::string& user_id) const {
    for (const auto& id : user_ids)
      if (id == user_id) return true;
    return false;
  }
};

}  // namespace ecl

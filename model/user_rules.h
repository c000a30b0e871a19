// The rules of RBAC users and user groups (CreateUser … DeleteUserGroup) and of attaching
// user groups to replication groups, as pure functions over the request and the records
// involved. Every violation throws the fault the service model lists for the operation.
// Sources and choices: docs/users.md. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/user.h"
#include "model/user_group.h"

namespace ecl {

inline constexpr std::size_t kMaxUserIdLength = 40;
inline constexpr std::size_t kMaxUserGroupIdLength = 40;
inline constexpr std::size_t kMaxUserNameLength = 120;
inline constexpr std::size_t kMinPasswordLength = 16;
inline constexpr std::size_t kMaxPasswordLength = 128;
inline constexpr std::size_t kMaxPasswordsPerUser = 2;
// ElastiCache's default quotas (User Guide, "Quotas for ElastiCache").
inline constexpr int kDefaultUserQuota = 1000;
inline constexpr int kDefaultUserGroupQuota = 100;
inline constexpr int kDefaultUsersPerUserGroupQuota = 100;

// UserId / UserGroupId: 1-40 characters, begins with a letter, letters, digits and hyphens,
// no trailing or doubled hyphen; returned lower case (AWS stores them so).
std::string ValidateUserId(std::string_view id);
std::string ValidateUserGroupId(std::string_view id);
// UserName: 1-120 characters.
void ValidateUserName(std::string_view name);
// Engine of a user or user group: redis or valkey, any case; returned lower case.
std::string ValidateUserEngine(std::string_view engine);

// What a CreateUser / ModifyUser request says about authentication.
struct AuthenticationRequest {
  std::optional<std::vector<std::string>> passwords;       // Passwords
  std::optional<bool> no_password_required;                // NoPasswordRequired
  std::optional<std::string> mode_type;                    // AuthenticationMode.Type
  std::optional<std::vector<std::string>> mode_passwords;  // AuthenticationMode.Passwords

  // NoPasswordRequired=false on its own asks for nothing (Terraform always sends it).
  bool Empty() const {
    return !passwords && !mode_type && !mode_passwords &&
           !(no_password_required && *no_password_required);
  }
};

struct ResolvedAuthentication {
  std::string type;  // AuthenticationType::k*
  std::vector<std::string> passwords;
};

// The authentication a request asks for. A request that names none is refused
// ("No password was provided. …").
ResolvedAuthentication ResolveAuthentication(const AuthenticationRequest& request);
// Each password: 16-128 printable ASCII characters except space , " / @; at most two.
void ValidatePasswords(const std::vector<std::string>& passwords);
// IAM users need UserId == UserName; Valkey users need a password or IAM.
void CheckAuthenticationFits(const std::string& type, const std::string& user_id,
                             const std::string& user_name, const std::string& engine);

// Compares dotted engine versions numerically ("6.2" < "6.10" < "7.0"; "7" == "7.0").
int CompareEngineVersions(std::string_view a, std::string_view b);
// The oldest engine version a user works on: its access string's needs, 7.0 for IAM
// authentication (User Guide, "Authenticating with IAM"), 7.2 for Valkey.
std::string UserMinimumEngineVersion(const std::string& engine, const std::string& auth_type,
                                     const std::string& access_string_minimum);
// A group's: the newest of its members' (6.0 for Redis OSS, 7.2 for Valkey when empty).
std::string UserGroupMinimumEngineVersion(const std::string& engine,
                                          const std::vector<const User*>& members);

// The `default` user every account and region has: UserName default, engine redis,
// "on ~* +@all", no password, active.
User DefaultUser(const std::string& account, const std::string& region, Timestamp now);

// The members a user group would have, checked for its engine: at most `max_users`, no two
// with one user name (DuplicateUserName), a Redis OSS group needs a user named default
// (DefaultUserRequired), a Valkey group takes no user without a password.
void CheckUserGroupMembers(const std::string& group_id, const std::string& engine,
                           const std::vector<const User*>& members, int max_users);

// "User <id> has status modifying. Only active users can be modified." (InvalidUserState).
void RequireActiveUser(const User& user, std::string_view action);
// "User group <id> has status modifying. Only active user groups can be modified."
// (InvalidUserGroupState).
void RequireActiveUserGroup(const UserGroup& group, std::string_view action);

// What a replication group that is to use user groups offers them.
struct UserGroupUse {
  std::string engine;          // redis | valkey
  std::string engine_version;  // e.g. 7.1.0
  bool transit_encryption_enabled = false;
  bool auth_token = false;  // an AuthToken is set or requested
};
// The replication-group side of attaching user groups (CreateReplicationGroup UserGroupIds,
// and ModifyReplicationGroup UserGroupIdsToAdd once it exists), checked before the groups are
// looked up: in-transit encryption, no AUTH token, an engine version RBAC runs on.
void CheckReplicationGroupTakesUserGroups(const UserGroupUse& use);
// Then each group named: active, and its users' minimum engine version met.
void CheckUserGroupFitsReplicationGroup(const UserGroupUse& use, const UserGroup& group,
                                        const std::string& group_minimum_version);

}  // namespace ecl

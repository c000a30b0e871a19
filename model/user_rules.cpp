#include "model/user_rules.h"

#include <algorithm>
#include <set>

#include "model/aws_faults.h"
#include "model/identifiers.h"

namespace ecl {
namespace {

constexpr std::string_view kInputPassword = "password";
constexpr std::string_view kInputNoPasswordRequired = "no-password-required";
constexpr std::string_view kInputIam = "iam";

// Engine versions: Redis OSS users need 6.0 (RBAC's first version), Valkey users 7.2
// (Valkey's first ElastiCache version).
constexpr std::string_view kRedisRbacMinimum = "6.0";
constexpr std::string_view kValkeyMinimum = "7.2";
constexpr std::string_view kIamMinimum = "7.0";

bool IsPermittedPasswordCharacter(char c) {
  // Printable ASCII without space and the four the User Guide excludes: , " / @
  if (c < 0x21 || c > 0x7e) return false;
  return c != ',' && c != '"' && c != '/' && c != '@';
}

std::vector<int> VersionParts(std::string_view v) {
  std::vector<int> parts;
  int current = 0;
  bool any = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      current = current * 10 + (c - '0');
      any = true;
    } else if (c == '.') {
      parts.push_back(current);
      current = 0;
      any = false;
    } else {
      break;  // "6.x" and suffixes compare by their numeric prefix
    }
  }
  if (any || parts.empty()) parts.push_back(current);
  return parts;
}

const std::string& Newest(const std::string& a, const std::string& b) {
  return CompareEngineVersions(a, b) >= 0 ? a : b;
}

}  // namespace

std::string ValidateUserId(std::string_view id) {
  return ValidateIdentifier("UserId", id, kMaxUserIdLength);
}

std::string ValidateUserGroupId(std::string_view id) {
  return ValidateIdentifier("UserGroupId", id, kMaxUserGroupIdLength);
}

void ValidateUserName(std::string_view name) {
  if (name.empty() || name.size() > kMaxUserNameLength)
    throw faults::InvalidParameterValueException(
        "The parameter UserName must be between 1 and 120 characters long.");
}

std::string ValidateUserEngine(std::string_view engine) {
  std::string lower = ToLowerAscii(engine);
  if (lower != "redis" && lower != "valkey")
    throw faults::InvalidParameterValueException("Invalid engine: " + std::string(engine) +
                                                 ". Users and user groups support redis and "
                                                 "valkey.");
  return lower;
}

void ValidatePasswords(const std::vector<std::string>& passwords) {
  if (passwords.size() > kMaxPasswordsPerUser)
    throw faults::InvalidParameterValueException("A user can have at most 2 passwords, got " +
                                                 std::to_string(passwords.size()) + ".");
  for (const auto& p : passwords) {
    if (p.size() < kMinPasswordLength || p.size() > kMaxPasswordLength)
      throw faults::InvalidParameterValueException(
          "Passwords length must be between 16-128 characters.");
    if (!std::all_of(p.begin(), p.end(), IsPermittedPasswordCharacter))
      throw faults::InvalidParameterValueException(
          "Passwords must contain only printable ASCII characters other than space, ',', '\"', "
          "'/' and '@'.");
  }
}

ResolvedAuthentication ResolveAuthentication(const AuthenticationRequest& r) {
  const bool no_password = r.no_password_required.value_or(false);
  if (r.passwords && r.mode_passwords)
    throw faults::InvalidParameterCombinationException(
        "Passwords provided via multiple arguments. Use only one argument");
  std::vector<std::string> passwords =
      r.passwords ? *r.passwords : r.mode_passwords.value_or(std::vector<std::string>{});
  const bool passwords_given = r.passwords || r.mode_passwords;

  std::string input_type;
  if (r.mode_type) {
    input_type = *r.mode_type;
    if (input_type != kInputPassword && input_type != kInputNoPasswordRequired &&
        input_type != kInputIam)
      throw faults::InvalidParameterValueException(
          "Input Authentication type: " + input_type +
          " is not in the allowed list: [password,no-password-required,iam]");
  } else if (passwords_given) {
    input_type = kInputPassword;
  } else if (no_password) {
    input_type = kInputNoPasswordRequired;
  } else {
    throw faults::InvalidParameterValueException(
        "No password was provided. If you want to create/update the user without password, "
        "please use the NoPasswordRequired flag.");
  }
  if (no_password && input_type != kInputNoPasswordRequired)
    throw faults::InvalidParameterCombinationException(
        "No password required flag is true but provided authentication type is " + input_type);
  if (input_type == kInputPassword) {
    if (passwords.empty())
      throw faults::InvalidParameterCombinationException(
          "A user with Authentication Mode: password, must have at least one password");
    ValidatePasswords(passwords);
    return {AuthenticationType::kPassword, passwords};
  }
  if (passwords_given)
    throw faults::InvalidParameterCombinationException(
        "Password field is not allowed with authentication type: " + input_type);
  return {input_type == kInputIam ? AuthenticationType::kIam : AuthenticationType::kNoPassword, {}};
}

void CheckAuthenticationFits(const std::string& type, const std::string& user_id,
                             const std::string& user_name, const std::string& engine) {
  if (type == AuthenticationType::kIam && ToLowerAscii(user_name) != user_id)
    throw faults::InvalidParameterCombinationException(
        "User Id and User name must be same for authentication type: iam");
  if (type == AuthenticationType::kNoPassword && engine == "valkey")
    throw faults::InvalidParameterCombinationException(
        "Users of engine valkey need a password or IAM authentication; no-password-required "
        "is supported for engine redis only.");
}

int CompareEngineVersions(std::string_view a, std::string_view b) {
  std::vector<int> x = VersionParts(a), y = VersionParts(b);
  size_t n = std::max(x.size(), y.size());
  x.resize(n, 0);
  y.resize(n, 0);
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

std::string UserMinimumEngineVersion(const std::string& engine, const std::string& auth_type,
                                     const std::string& access_string_minimum) {
  if (engine == "valkey") return std::string(kValkeyMinimum);
  std::string version = Newest(std::string(kRedisRbacMinimum), access_string_minimum);
  if (auth_type == AuthenticationType::kIam) version = Newest(version, std::string(kIamMinimum));
  return version;
}

std::string UserGroupMinimumEngineVersion(const std::string& engine,
                                          const std::vector<const User*>& members) {
  std::string version(engine == "valkey" ? kValkeyMinimum : kRedisRbacMinimum);
  for (const User* u : members) version = Newest(version, u->minimum_engine_version);
  return version;
}

User DefaultUser(const std::string& account, const std::string& region, Timestamp now) {
  User u;
  u.account = account;
  u.region = region;
  u.id = std::string(kDefaultUserId);
  u.user_name = std::string(kDefaultUserName);
  u.engine = "redis";
  u.access_string = "on ~* +@all";
  u.authentication_type = AuthenticationType::kNoPassword;
  u.minimum_engine_version = std::string(kRedisRbacMinimum);
  u.built_in = true;
  u.status = UserStatus::kActive;
  u.created_at = now;
  return u;
}

void CheckUserGroupMembers(const std::string& group_id, const std::string& engine,
                           const std::vector<const User*>& members, int max_users) {
  if (int(members.size()) > max_users)
    throw faults::InvalidParameterValueException(
        "User group " + group_id + " would have " + std::to_string(members.size()) +
        " users; a user group can have at most " + std::to_string(max_users) + ".");
  std::set<std::string> names;
  bool has_default = false;
  for (const User* u : members) {
    if (!names.insert(u->user_name).second)
      throw faults::DuplicateUserNameFault("User group " + group_id +
                                           " cannot have two users with the user name " +
                                           u->user_name + ".");
    has_default |= u->user_name == kDefaultUserName;
    if (engine == "valkey" && u->authentication_type == AuthenticationType::kNoPassword)
      throw faults::InvalidParameterValueException("No password user " + u->id +
                                                   " cannot be added to user group with engine "
                                                   "Valkey");
  }
  if (engine == "redis" && !has_default)
    throw faults::DefaultUserRequired(
        "Redis user group needs to contain a user with the user name default.");
}

void RequireActiveUser(const User& user, std::string_view action) {
  if (user.status != UserStatus::kActive)
    throw faults::InvalidUserStateFault("User " + user.id + " has status " + user.status +
                                        ". Only active users can be " + std::string(action) + ".");
}

void RequireActiveUserGroup(const UserGroup& group, std::string_view action) {
  if (group.status != UserStatus::kActive)
    throw faults::InvalidUserGroupStateFault("User group " + group.id + " has status " +
                                             group.status + ". Only active user groups can be " +
                                             std::string(action) + ".");
}

void CheckReplicationGroupTakesUserGroups(const UserGroupUse& use) {
  if (!use.transit_encryption_enabled)
    throw faults::InvalidParameterCombinationException(
        "User group based access control requires encryption-in-transit to be enabled on the "
        "replication group.");
  if (use.auth_token)
    throw faults::InvalidParameterCombinationException(
        "An AUTH token cannot be used together with user group based access control; use "
        "either AuthToken or UserGroupIds.");
  if (use.engine == "redis" && CompareEngineVersions(use.engine_version, kRedisRbacMinimum) < 0)
    throw faults::InvalidParameterCombinationException(
        "User group based access control requires Redis OSS engine version 6.0 or later; the "
        "replication group runs " +
        use.engine_version + ".");
}

void CheckUserGroupFitsReplicationGroup(const UserGroupUse& use, const UserGroup& group,
                                        const std::string& group_minimum_version) {
  RequireActiveUserGroup(group, "associated with a replication group");
  if (CompareEngineVersions(use.engine_version, group_minimum_version) < 0)
    throw faults::InvalidParameterCombinationException(
        "User group " + group.id + " requires engine version " + group_minimum_version +
        " or later; the replication group runs " + use.engine_version + ".");
}

}  // namespace ecl

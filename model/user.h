// User: an RBAC user of the Valkey / Redis OSS engines (CreateUser … DeleteUser) — its id and
// engine user name, the normalized access string, how it authenticates and its passwords,
// plus its status and pending transition. Passwords are kept for the data plane and never
// returned (only their count) nor logged. Every account and region has a built-in `default`
// user (DefaultUser in user_rules.h). Plain data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/api_value.h"
#include "model/transition.h"

namespace ecl {

// Statuses of users and user groups as ElastiCache shows them.
struct UserStatus {
  static constexpr const char* kCreating = "creating";
  static constexpr const char* kActive = "active";
  static constexpr const char* kModifying = "modifying";
  static constexpr const char* kDeleting = "deleting";
};

// Authentication.Type as DescribeUsers shows it (the model's AuthenticationType).
struct AuthenticationType {
  static constexpr const char* kPassword = "password";
  static constexpr const char* kNoPassword = "no-password";
  static constexpr const char* kIam = "iam";
};

// ARN resource types: arn:aws:elasticache:REGION:ACCOUNT:user:ID and …:usergroup:ID.
inline constexpr std::string_view kArnUser = "user";
inline constexpr std::string_view kArnUserGroup = "usergroup";

// The id and user name of the user every account and region has.
inline constexpr std::string_view kDefaultUserId = "default";
inline constexpr std::string_view kDefaultUserName = "default";

struct User {
  std::string account;
  std::string region;
  std::string id;             // UserId, lower case
  std::string user_name;      // UserName, as given (what clients AUTH with)
  std::string engine;         // redis | valkey
  std::string access_string;  // normalized (access_string.h)
  std::string authentication_type = AuthenticationType::kPassword;
  std::vector<std::string> passwords;  // 0-2; never shown
  std::string minimum_engine_version;
  bool built_in = false;  // the account's own `default` user, which cannot be changed
  std::string status = UserStatus::kCreating;
  std::optional<Transition> transition;
  Timestamp created_at;
};

}  // namespace ecl

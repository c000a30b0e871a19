// Identifier rules shared by replication groups, cache clusters, snapshots and node groups:
// the "begins with a letter; letters, digits and hyphens; no trailing or doubled hyphen" rule
// ElastiCache applies to every user-chosen name, and the 1-4 digit node group id. Pure
// functions; thread-safe. Every violation throws AwsError InvalidParameterValue.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ecl {

inline constexpr std::size_t kMaxReplicationGroupIdLength = 40;
inline constexpr std::size_t kMaxCacheClusterIdLength = 50;
inline constexpr std::size_t kMaxNodeGroupIdDigits = 4;

// Validates `value` as an identifier named `param_name` and returns it lower-cased (AWS stores
// identifiers "as a lowercase string"). `too_long_message` replaces the generic text for the
// length rule where AWS has its own wording.
std::string ValidateIdentifier(std::string_view param_name, std::string_view value,
                               std::size_t max_len, std::string_view too_long_message = {});

// ReplicationGroupId: 1-40 characters (AWS raised the documented 20 to 40).
std::string ValidateReplicationGroupId(std::string_view id);

// Lower-case ASCII copy; identifiers are compared case-insensitively by AWS.
std::string ToLowerAscii(std::string_view text);

// True when `id` is 1-4 ASCII digits (model shape AllowedNodeGroupId).
bool IsValidNodeGroupId(std::string_view id);

// Validates a node group id and returns its canonical 4-digit form ("5" -> "0005"), the form
// AWS shows in NodeGroupId and in member cluster names.
std::string ValidateNodeGroupId(std::string_view id);

}  // namespace ecl

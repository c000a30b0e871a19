// Rules of security groups as pure functions: what an account without EC2-Classic is told,
// cache security group names, the default group, EC2 security group names and owner ids,
// authorizing and revoking ingress (authorizing -> authorized, revoking -> gone on the
// emulator clock), when a group may be deleted, the sg- ids of VPC security groups, and which
// network a create may ask for. Sources and the choices made where AWS is silent are in
// docs/security-groups.md. Thread-safe; violations throw AwsError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/aws_error.h"
#include "model/cache_security_group.h"
#include "model/domain_event.h"

namespace ecl {

inline constexpr std::size_t kMaxCacheSecurityGroupNameLength = 255;
inline constexpr std::size_t kMaxEc2SecurityGroupNameLength = 255;
// "Security groups per Region: 50" (ElastiCache quotas).
inline constexpr int kDefaultCacheSecurityGroupsQuota = 50;
inline constexpr std::string_view kDefaultCacheSecurityGroupName = "default";
// What DescribeEvents shows on a cluster when an authorization of a cache security group it
// uses is applied or revoked (SNS CacheClusterSecurityGroupModified).
inline constexpr std::string_view kSecurityGroupChangeAppliedMessage =
    "Applied change to security group";

// What a cache security group's own steps are recorded as (not shown by DescribeEvents:
// no text is known for the cache-security-group source type).
namespace security_group_happened {
inline constexpr std::string_view kCreated = "created";
inline constexpr std::string_view kDeleted = "removed";
inline constexpr std::string_view kAuthorizing = "ingress-authorizing";
inline constexpr std::string_view kAuthorized = "ingress-authorized";
inline constexpr std::string_view kRevoking = "ingress-revoking";
inline constexpr std::string_view kRevoked = "ingress-revoked";
inline constexpr std::string_view kChangeApplied = "security-group-change-applied";
}  // namespace security_group_happened

// InvalidParameterValue "Use of cache security groups is not permitted in this API version
// for your account.": the answer of every cache security group call (and of a create naming
// cache security groups) in an account without EC2-Classic.
AwsError CacheSecurityGroupsNotPermitted();

// CacheSecurityGroupName of a new group: an identifier of at most 255 characters other than
// "default", returned lower-cased.
std::string ValidateNewCacheSecurityGroupName(std::string_view name);
// A cache security group name as requests refer to it: lower case, as it is stored.
std::string CanonicalCacheSecurityGroupName(std::string_view name);

CacheSecurityGroup NewCacheSecurityGroup(std::string account, std::string region, std::string id,
                                         std::string description, Timestamp now);
// The built-in "default" group (Description "default", as AWS's example lists it).
CacheSecurityGroup DefaultCacheSecurityGroup(std::string account, std::string region,
                                             Timestamp now);

// EC2SecurityGroupName: 1-255 ASCII characters (EC2-Classic group names). Returned as given.
std::string ValidateEc2SecurityGroupName(std::string_view name);
// EC2SecurityGroupOwnerId: an AWS account number, 12 digits, also written 1234-5678-1234 as
// the API reference's sample request does. Returned as 12 digits.
std::string ValidateEc2SecurityGroupOwnerId(std::string_view owner_id);

// Adds the authorization of (name, owner), `authorizing` until now + settle_ms.
// AuthorizationAlreadyExists when it is already authorizing or authorized;
// InvalidCacheSecurityGroupState while it is being revoked.
void AuthorizeIngress(CacheSecurityGroup& group, const std::string& ec2_name,
                      const std::string& owner_id, Timestamp now, int64_t settle_ms);
// Starts revoking the authorization of (name, owner): `revoking` until now + settle_ms, then
// gone. AuthorizationNotFound when there is none; InvalidCacheSecurityGroupState while it is
// still authorizing or already revoking.
void RevokeIngress(CacheSecurityGroup& group, const std::string& ec2_name,
                   const std::string& owner_id, Timestamp now, int64_t settle_ms);
// Applies every authorization or revocation that has settled by `now`; what changed.
std::vector<DomainEvent> SettleIngress(CacheSecurityGroup& group, Timestamp now);

// DeleteCacheSecurityGroup: the default group and a group a cluster uses
// (`used_by_cluster`) cannot be deleted (InvalidCacheSecurityGroupState).
void CheckDeletable(const CacheSecurityGroup& group,
                    const std::optional<std::string>& used_by_cluster);

// The DescribeEvents entries of clusters whose cache security group changed at `at`.
std::vector<DomainEvent> SecurityGroupChangeEvents(const std::vector<std::string>& cluster_ids,
                                                   Timestamp at);

// SecurityGroupIds: each "sg-" and 8 or 17 lower-case hexadecimal digits, else
// InvalidParameterValue naming it.
void ValidateSecurityGroupIds(const std::vector<std::string>& ids);
bool IsValidSecurityGroupId(std::string_view id);

// What a create or modify asks for: cache security groups (EC2-Classic) or the VPC settings
// (SecurityGroupIds or a CacheSubnetGroupName). Without EC2-Classic any cache security group
// is CacheSecurityGroupsNotPermitted; with it, both at once is InvalidParameterCombination.
void CheckNetworkChoice(bool ec2_classic, bool cache_security_groups_given,
                        bool vpc_settings_given);

}  // namespace ecl

#include "model/security_group_rules.h"

#include "model/characters.h"

#include <algorithm>

#include "model/aws_faults.h"
#include "model/identifiers.h"

namespace ecl {

namespace {

namespace sg_happened = security_group_happened;

constexpr const char* kIngressTransition = "ingress";

bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }

DomainEvent GroupEvent(const CacheSecurityGroup& group, std::string_view what, Timestamp at) {
  // No SourceType: DescribeEvents has no documented text for cache security groups.
  return {"cache-security-group", group.id, std::string(what), at, {}, {}, {}};
}

std::vector<Ec2SecurityGroupAuthorization>::iterator FindAuthorization(
    CacheSecurityGroup& group, const std::string& ec2_name, const std::string& owner_id) {
  return std::find_if(group.ec2_security_groups.begin(), group.ec2_security_groups.end(),
                      [&](const Ec2SecurityGroupAuthorization& a) {
                        return a.ec2_security_group_name == ec2_name &&
                               a.ec2_security_group_owner_id == owner_id;
                      });
}

std::string Describe(const std::string& ec2_name, const std::string& owner_id) {
  return "EC2 security group " + ec2_name + " of account " + owner_id;
}

// The group wakes when its earliest authorization or revocation settles.
void Rearm(CacheSecurityGroup& group, Timestamp now) {
  std::optional<Timestamp> earliest;
  for (const auto& a : group.ec2_security_groups)
    if (a.settles_at && (!earliest || a.settles_at->epoch_ms < earliest->epoch_ms))
      earliest = a.settles_at;
  if (!earliest) {
    group.transition.reset();
    return;
  }
  group.transition = Transition{kIngressTransition, now, *earliest};
}

}  // namespace

AwsError CacheSecurityGroupsNotPermitted() {
  return faults::InvalidParameterValueException(
      "Use of cache security groups is not permitted in this API version for your account.");
}

std::string CanonicalCacheSecurityGroupName(std::string_view name) { return ToLowerAscii(name); }

std::string ValidateNewCacheSecurityGroupName(std::string_view name) {
  std::string id =
      ValidateIdentifier("CacheSecurityGroupName", name, kMaxCacheSecurityGroupNameLength);
  if (id == kDefaultCacheSecurityGroupName)
    throw faults::InvalidParameterValueException(
        "The parameter CacheSecurityGroupName cannot be \"default\": that name belongs to the "
        "default cache security group.");
  return id;
}

CacheSecurityGroup NewCacheSecurityGroup(std::string account, std::string region, std::string id,
                                         std::string description, Timestamp now) {
  CacheSecurityGroup group;
  group.account = std::move(account);
  group.region = std::move(region);
  group.id = std::move(id);
  group.description = std::move(description);
  group.created_at = now;
  return group;
}

CacheSecurityGroup DefaultCacheSecurityGroup(std::string account, std::string region,
                                             Timestamp now) {
  CacheSecurityGroup group =
      NewCacheSecurityGroup(std::move(account), std::move(region),
                            std::string(kDefaultCacheSecurityGroupName), "default", now);
  group.built_in = true;
  return group;
}

std::string ValidateEc2SecurityGroupName(std::string_view name) {
  const bool ascii = std::all_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (name.empty() || name.size() > kMaxEc2SecurityGroupNameLength || !ascii)
    throw faults::InvalidParameterValueException(
        "Invalid EC2SecurityGroupName '" + std::string(name) +
        "': an EC2 security group name is 1 to 255 ASCII characters.");
  return std::string(name);
}

std::string ValidateEc2SecurityGroupOwnerId(std::string_view owner_id) {
  std::string digits;
  bool dashed_form = owner_id.size() == 14 && owner_id[4] == '-' && owner_id[9] == '-';
  for (size_t i = 0; i < owner_id.size(); ++i) {
    if (dashed_form && (i == 4 || i == 9)) continue;
    digits += owner_id[i];
  }
  if (digits.size() != 12 || !std::all_of(digits.begin(), digits.end(), IsDigit))
    throw faults::InvalidParameterValueException(
        "Invalid EC2SecurityGroupOwnerId '" + std::string(owner_id) +
        "': it must be the 12-digit AWS account number of the EC2 security group's owner.");
  return digits;
}

void AuthorizeIngress(CacheSecurityGroup& group, const std::string& ec2_name,
                      const std::string& owner_id, Timestamp now, int64_t settle_ms) {
  auto it = FindAuthorization(group, ec2_name, owner_id);
  if (it != group.ec2_security_groups.end()) {
    if (it->status == Ec2AuthorizationStatus::kRevoking)
      throw faults::InvalidCacheSecurityGroupStateFault(
          Describe(ec2_name, owner_id) + " is being revoked from cache security group " + group.id +
          "; authorize it again once the revocation is complete.");
    throw faults::AuthorizationAlreadyExistsFault(Describe(ec2_name, owner_id) +
                                                  " is already authorized for cache security "
                                                  "group " +
                                                  group.id + ".");
  }
  group.ec2_security_groups.push_back({ec2_name, owner_id, Ec2AuthorizationStatus::kAuthorizing,
                                       Timestamp{now.epoch_ms + settle_ms}});
  Rearm(group, now);
}

void RevokeIngress(CacheSecurityGroup& group, const std::string& ec2_name,
                   const std::string& owner_id, Timestamp now, int64_t settle_ms) {
  auto it = FindAuthorization(group, ec2_name, owner_id);
  if (it == group.ec2_security_groups.end())
    throw faults::AuthorizationNotFoundFault(Describe(ec2_name, owner_id) +
                                             " is not authorized for cache security group " +
                                             group.id + ".");
  if (it->status != Ec2AuthorizationStatus::kAuthorized)
    throw faults::InvalidCacheSecurityGroupStateFault(
        "The authorization of " + Describe(ec2_name, owner_id) + " in cache security group " +
        group.id + " is " + it->status + "; only an authorized EC2 security group can be revoked.");
  it->status = Ec2AuthorizationStatus::kRevoking;
  it->settles_at = Timestamp{now.epoch_ms + settle_ms};
  Rearm(group, now);
}

std::vector<DomainEvent> SettleIngress(CacheSecurityGroup& group, Timestamp now) {
  std::vector<DomainEvent> events;
  auto& entries = group.ec2_security_groups;
  for (auto it = entries.begin(); it != entries.end();) {
    if (!it->settles_at || it->settles_at->epoch_ms > now.epoch_ms) {
      ++it;
      continue;
    }
    const Timestamp at = *it->settles_at;
    if (it->status == Ec2AuthorizationStatus::kRevoking) {
      events.push_back(GroupEvent(group, sg_happened::kRevoked, at));
      it = entries.erase(it);
      continue;
    }
    it->status = Ec2AuthorizationStatus::kAuthorized;
    it->settles_at.reset();
    events.push_back(GroupEvent(group, sg_happened::kAuthorized, at));
    ++it;
  }
  Rearm(group, now);
  return events;
}

void CheckDeletable(const CacheSecurityGroup& group,
                    const std::optional<std::string>& used_by_cluster) {
  if (group.built_in)
    throw faults::InvalidCacheSecurityGroupStateFault(
        "The default cache security group cannot be deleted.");
  if (used_by_cluster)
    throw faults::InvalidCacheSecurityGroupStateFault("Cache security group " + group.id +
                                                      " is in use by cache cluster " +
                                                      *used_by_cluster + " and cannot be deleted.");
}

std::vector<DomainEvent> SecurityGroupChangeEvents(const std::vector<std::string>& cluster_ids,
                                                   Timestamp at) {
  std::vector<DomainEvent> events;
  for (const auto& id : cluster_ids)
    events.push_back({"cache-cluster", id, std::string(sg_happened::kChangeApplied), at,
                      "cache-cluster", id, std::string(kSecurityGroupChangeAppliedMessage)});
  return events;
}

bool IsValidSecurityGroupId(std::string_view id) {
  constexpr std::string_view kPrefix = "sg-";
  if (id.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view hex = id.substr(kPrefix.size());
  return (hex.size() == 8 || hex.size() == 17) && std::all_of(hex.begin(), hex.end(), IsLowerHex);
}

void ValidateSecurityGroupIds(const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    if (!IsValidSecurityGroupId(id))
      throw faults::InvalidParameterValueException(
          "Invalid security group id '" + id +
          "' in SecurityGroupIds: a VPC security group id is sg- followed by 8 or 17 "
          "hexadecimal digits, for example sg-0123456789abcdef0.");
}

void CheckNetworkChoice(bool ec2_classic, bool cache_security_groups_given,
                        bool vpc_settings_given) {
  if (!cache_security_groups_given) return;
  if (!ec2_classic) throw CacheSecurityGroupsNotPermitted();
  if (vpc_settings_given)
    throw faults::InvalidParameterCombinationException(
        "Use of cache security groups is not permitted along with cache subnet group and/or "
        "security group Ids.");
}

}  // namespace ecl

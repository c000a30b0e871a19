#include "handlers/security_groups.h"

#include <algorithm>
#include <climits>

#include "model/aws_faults.h"
#include "model/security_group_rules.h"

namespace ecl {

namespace {

namespace sg_happened = security_group_happened;

api::CacheSecurityGroup SecurityGroupView(const CacheSecurityGroup& g) {
  api::CacheSecurityGroup v;
  v.OwnerId = g.account;
  v.CacheSecurityGroupName = g.id;
  v.Description = g.description;
  auto& ec2 = v.EC2SecurityGroups.emplace();
  for (const auto& a : g.ec2_security_groups)
    ec2.push_back({a.status, a.ec2_security_group_name, a.ec2_security_group_owner_id});
  v.ARN = ArnOf<CacheSecurityGroup>(g.region, g.account, g.id);
  return v;
}

// Every cache security group call of an account without EC2-Classic fails as AWS fails it.
void RequireEc2Classic(HandlerEnv env) {
  if (!env.options.ec2_classic) throw CacheSecurityGroupsNotPermitted();
}

// Every EC2-Classic account has a "default" group; it is stored the first time a call of the
// account and region needs cache security groups.
void EnsureDefaultGroup(HandlerEnv env, const RequestContext& ctx) {
  const std::string id(kDefaultCacheSecurityGroupName);
  if (env.store.Find<CacheSecurityGroup>({ctx.account, ctx.region, id})) return;
  CacheSecurityGroup group = DefaultCacheSecurityGroup(ctx.account, ctx.region, ctx.now);
  env.store.Save(group);
  Record(env, ctx, {EventOf<CacheSecurityGroup>(group.id, sg_happened::kCreated, ctx.now)});
}

// The cache clusters (members and standalone) that use cache security group `id`, at most
// `limit`.
std::vector<std::string> ClustersUsing(HandlerEnv env, const RequestContext& ctx,
                                       const std::string& id, int limit) {
  auto page = env.store.Scan<CacheCluster>(
      ctx.account, ctx.region, "", limit,
      [&](const CacheCluster& cc) { return Contains(cc.settings.cache_security_group_names, id); });
  std::vector<std::string> ids;
  for (const auto& cc : page.items) ids.push_back(cc.id);
  return ids;
}

// The group as a change of its authorizations left it, with what the change records: the
// group's own step now and, once it applies, the clusters' "Applied change to security group".
CacheSecurityGroup SaveIngressChange(HandlerEnv env, const RequestContext& ctx,
                                     CacheSecurityGroup group, std::string_view what) {
  env.store.Save(group);
  std::vector<DomainEvent> events{EventOf<CacheSecurityGroup>(group.id, what, ctx.now)};
  const Timestamp applies_at{ctx.now.epoch_ms + env.TransitionMs()};
  for (auto& e : SecurityGroupChangeEvents(ClustersUsing(env, ctx, group.id, INT_MAX), applies_at))
    events.push_back(std::move(e));
  Record(env, ctx, events);
  return group;
}

api::CreateCacheSecurityGroupResult CreateCacheSecurityGroup(
    HandlerEnv env, const RequestContext& ctx, const api::CreateCacheSecurityGroupMessage& in) {
  RequireEc2Classic(env);
  std::string id = ValidateNewCacheSecurityGroupName(in.CacheSecurityGroupName);
  std::vector<Tag> tags = TagsFrom(in.Tags);
  EnsureDefaultGroup(env, ctx);
  if (env.store.Find<CacheSecurityGroup>({ctx.account, ctx.region, id}))
    throw faults::CacheSecurityGroupAlreadyExistsFault(
        "Cache security group with specified name already exists.");
  if (env.store.Count<CacheSecurityGroup>(ctx.account, ctx.region) >=
      env.options.cache_security_groups_quota)
    throw faults::CacheSecurityGroupQuotaExceededFault(
        "The request cannot be processed because it would exceed the allowed number of cache "
        "security groups (" +
        std::to_string(env.options.cache_security_groups_quota) + ").");

  CacheSecurityGroup group =
      NewCacheSecurityGroup(ctx.account, ctx.region, id, in.Description, ctx.now);
  env.store.Save(group);
  if (!tags.empty())
    env.store.PutTags(ctx.account, ctx.region,
                      ArnOf<CacheSecurityGroup>(ctx.region, ctx.account, id), tags);
  Record(env, ctx, {EventOf<CacheSecurityGroup>(group.id, sg_happened::kCreated, ctx.now)});
  return {SecurityGroupView(group)};
}

api::CacheSecurityGroupMessage DescribeCacheSecurityGroups(
    HandlerEnv env, const RequestContext& ctx, const api::DescribeCacheSecurityGroupsMessage& in) {
  RequireEc2Classic(env);
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  std::string position = MarkerPosition(api::op::DescribeCacheSecurityGroups::kName, in.Marker);
  EnsureDefaultGroup(env, ctx);
  api::CacheSecurityGroupMessage out;
  auto& groups = out.CacheSecurityGroups.emplace();
  if (in.CacheSecurityGroupName) {
    groups.push_back(
        SecurityGroupView(Require<CacheSecurityGroup>(env, ctx, *in.CacheSecurityGroupName)));
    return out;
  }
  auto page = env.store.Scan<CacheSecurityGroup>(ctx.account, ctx.region, position, limit);
  for (const auto& g : page.items) groups.push_back(SecurityGroupView(g));
  out.Marker = NextMarker(api::op::DescribeCacheSecurityGroups::kName, page.next_marker);
  return out;
}

void DeleteCacheSecurityGroup(HandlerEnv env, const RequestContext& ctx,
                              const api::DeleteCacheSecurityGroupMessage& in) {
  RequireEc2Classic(env);
  EnsureDefaultGroup(env, ctx);
  CacheSecurityGroup group = Require<CacheSecurityGroup>(env, ctx, in.CacheSecurityGroupName);
  std::vector<std::string> users = ClustersUsing(env, ctx, group.id, 1);
  CheckDeletable(group, users.empty() ? std::nullopt : std::optional<std::string>(users.front()));
  const ResourceKey key{ctx.account, ctx.region, group.id};
  env.store.Remove<CacheSecurityGroup>(key);
  env.store.RemoveAllTags(ctx.account, ctx.region,
                          ArnOf<CacheSecurityGroup>(ctx.region, ctx.account, group.id));
  Record(env, ctx, {EventOf<CacheSecurityGroup>(group.id, sg_happened::kDeleted, ctx.now)});
}

api::AuthorizeCacheSecurityGroupIngressResult AuthorizeCacheSecurityGroupIngress(
    HandlerEnv env, const RequestContext& ctx,
    const api::AuthorizeCacheSecurityGroupIngressMessage& in) {
  RequireEc2Classic(env);
  std::string ec2_name = ValidateEc2SecurityGroupName(in.EC2SecurityGroupName);
  std::string owner = ValidateEc2SecurityGroupOwnerId(in.EC2SecurityGroupOwnerId);
  EnsureDefaultGroup(env, ctx);
  CacheSecurityGroup group = Require<CacheSecurityGroup>(env, ctx, in.CacheSecurityGroupName);
  AuthorizeIngress(group, ec2_name, owner, ctx.now, env.TransitionMs());
  return {SecurityGroupView(SaveIngressChange(env, ctx, group, sg_happened::kAuthorizing))};
}

api::RevokeCacheSecurityGroupIngressResult RevokeCacheSecurityGroupIngress(
    HandlerEnv env, const RequestContext& ctx,
    const api::RevokeCacheSecurityGroupIngressMessage& in) {
  RequireEc2Classic(env);
  std::string ec2_name = ValidateEc2SecurityGroupName(in.EC2SecurityGroupName);
  std::string owner = ValidateEc2SecurityGroupOwnerId(in.EC2SecurityGroupOwnerId);
  EnsureDefaultGroup(env, ctx);
  CacheSecurityGroup group = Require<CacheSecurityGroup>(env, ctx, in.CacheSecurityGroupName);
  RevokeIngress(group, ec2_name, owner, ctx.now, env.TransitionMs());
  return {SecurityGroupView(SaveIngressChange(env, ctx, group, sg_happened::kRevoking))};
}

}  // namespace

SecurityGroupReferences CheckSecurityGroupReferences(
    HandlerEnv env, const RequestContext& ctx,
    const std::vector<std::string>& cache_security_group_names,
    const std::vector<std::string>& security_group_ids, bool cache_subnet_group_given) {
  ValidateSecurityGroupIds(security_group_ids);
  CheckNetworkChoice(env.options.ec2_classic, !cache_security_group_names.empty(),
                     !security_group_ids.empty() || cache_subnet_group_given);
  SecurityGroupReferences refs;
  refs.security_group_ids = security_group_ids;
  if (cache_security_group_names.empty()) return refs;
  EnsureDefaultGroup(env, ctx);
  for (const auto& name : cache_security_group_names)
    refs.cache_security_group_names.push_back(Require<CacheSecurityGroup>(env, ctx, name).id);
  return refs;
}

void RegisterSecurityGroupHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::CreateCacheSecurityGroup>(env, CreateCacheSecurityGroup);
  registry.Add<api::op::DescribeCacheSecurityGroups>(env, DescribeCacheSecurityGroups);
  registry.Add<api::op::DeleteCacheSecurityGroup>(env, DeleteCacheSecurityGroup);
  registry.Add<api::op::AuthorizeCacheSecurityGroupIngress>(env,
                                                            AuthorizeCacheSecurityGroupIngress);
  registry.Add<api::op::RevokeCacheSecurityGroupIngress>(env, RevokeCacheSecurityGroupIngress);
}

}  // namespace ecl

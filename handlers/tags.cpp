#include "handlers/tags.h"

#include <algorithm>

#include "model/aws_faults.h"
#include "model/naming.h"

namespace ecl {

namespace {

constexpr size_t kTagsPerResource = 50;

// The ARN's resource must exist in the caller's account and region, and a cluster or group
// must be available: ElastiCache refuses to tag those in transition.
std::string CheckTaggable(HandlerEnv env, const RequestContext& ctx, const std::string& arn_text) {
  ElastiCacheArnParts arn = ParseElastiCacheArn(arn_text);
  if (arn.account != ctx.account || arn.region != ctx.region)
    throw faults::InvalidARNFault("The ARN " + arn_text +
                                  " does not belong to this account and region.");
  std::string status;
  if (arn.resource_type == "replicationgroup") {
    auto rg = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, arn.resource_id});
    if (!rg)
      throw faults::ReplicationGroupNotFoundFault("Replication group " + arn.resource_id +
                                                  " not found.");
    status = rg->status;
  } else if (arn.resource_type == "cluster") {
    auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, arn.resource_id});
    if (!cc) throw faults::CacheClusterNotFoundFault("CacheCluster not found: " + arn.resource_id);
    status = cc->status;
  } else if (arn.resource_type == "snapshot") {
    if (!env.store.Find<Snapshot>({ctx.account, ctx.region, arn.resource_id}))
      throw faults::SnapshotNotFoundFault("Snapshot " + arn.resource_id + " not found.");
    return arn_text;  // snapshots can be tagged in any state
  } else if (arn.resource_type == kArnReservedInstance) {
    // Reservations have no cluster status: taggable in every state.
    if (!env.store.Find<ReservedCacheNode>({ctx.account, ctx.region, arn.resource_id}))
      throw faults::ReservedCacheNodeNotFoundFault("Reserved node " + arn.resource_id +
                                                   " not found.");
    return arn_text;
  } else {
    throw faults::InvalidARNFault("The ARN " + arn_text + " does not name a taggable resource.");
  }
  if (status != "available" && status != "snapshotting" && status != "modifying")
    throw faults::InvalidReplicationGroupStateFault(
        "Cluster not in available state to perform tagging operations.");
  return arn_text;
}

ApiValue TagListResult(HandlerEnv env, const RequestContext& ctx, const std::string& arn) {
  return ApiValue::Struct().Set("TagList",
                                TagListValue(env.store.ListTags(ctx.account, ctx.region, arn)));
}

ApiValue List(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  return env.store.InTransaction([&] {
    std::string arn = CheckTaggable(env, ctx, *in.GetString("ResourceName"));
    return TagListResult(env, ctx, arn);
  });
}

ApiValue Add(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  std::vector<Tag> tags = TagsFrom(in, "Tags");
  return env.store.InTransaction([&] {
    std::string arn = CheckTaggable(env, ctx, *in.GetString("ResourceName"));
    auto existing = env.store.ListTags(ctx.account, ctx.region, arn);
    size_t total = existing.size();
    for (const auto& t : tags)
      if (std::none_of(existing.begin(), existing.end(),
                       [&](const Tag& e) { return e.key == t.key; }))
        ++total;
    if (total > kTagsPerResource)
      throw faults::TagQuotaPerResourceExceeded(
          "The request cannot be processed because it would cause the resource to have more "
          "than 50 tags.");
    env.store.PutTags(ctx.account, ctx.region, arn, tags);
    return TagListResult(env, ctx, arn);
  });
}

ApiValue Remove(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  std::vector<std::string> keys = in.GetStrings("TagKeys");
  return env.store.InTransaction([&] {
    std::string arn = CheckTaggable(env, ctx, *in.GetString("ResourceName"));
    auto existing = env.store.ListTags(ctx.account, ctx.region, arn);
    for (const auto& k : keys)
      if (std::none_of(existing.begin(), existing.end(), [&](const Tag& e) { return e.key == k; }))
        throw faults::TagNotFoundFault("The tag key " + k + " was not found on resource " + arn +
                                       ".");
    env.store.RemoveTags(ctx.account, ctx.region, arn, keys);
    return TagListResult(env, ctx, arn);
  });
}

}  // namespace

void RegisterTagHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add("ListTagsForResource",
               [env](const RequestContext& ctx, const ApiValue& in) { return List(env, ctx, in); });
  registry.Add("AddTagsToResource",
               [env](const RequestContext& ctx, const ApiValue& in) { return Add(env, ctx, in); });
  registry.Add("RemoveTagsFromResource", [env](const RequestContext& ctx, const ApiValue& in) {
    return Remove(env, ctx, in);
  });
}

}  // namespace ecl

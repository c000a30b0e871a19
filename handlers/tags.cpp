#include "handlers/tags.h"

#include <algorithm>

#include "model/aws_faults.h"
#include "model/naming.h"

namespace ecl {

namespace {

// The ARN must name a resource of a taggable kind in the caller's account and region, in a
// state its kind allows tagging in (and, to add or remove tags, changing them).
std::string CheckTaggable(HandlerEnv env, const RequestContext& ctx, const std::string& arn_text,
                          bool changing) {
  ElastiCacheArnParts arn = ParseElastiCacheArn(arn_text);
  if (arn.account != ctx.account || arn.region != ctx.region)
    throw faults::InvalidARNFault("The ARN " + arn_text +
                                  " does not belong to this account and region.");
  // Tags are kept under the resource's own ARN, whatever the case of the id given.
  std::string canonical;
  bool known = WithArnKind(arn.resource_type, [&]<typename T>() {
    T resource = Require<T>(env, ctx, arn.resource_id);
    if (auto refusal = Kind<T>::TagRefusal(resource)) throw *refusal;
    if constexpr (requires { Kind<T>::TagChangeRefusal(resource); })
      if (changing)
        if (auto refusal = Kind<T>::TagChangeRefusal(resource)) throw *refusal;
    canonical = ArnOf<T>(ctx.region, ctx.account, resource.id);
  });
  if (!known)
    throw faults::InvalidARNFault("The ARN " + arn_text + " does not name a taggable resource.");
  return canonical;
}

api::TagListMessage TagListResult(HandlerEnv env, const RequestContext& ctx,
                                  const std::string& arn) {
  return {TagListOf(env.store.ListTags(ctx.account, ctx.region, arn))};
}

api::TagListMessage ListTagsForResource(HandlerEnv env, const RequestContext& ctx,
                                        const api::ListTagsForResourceMessage& in) {
  return TagListResult(env, ctx, CheckTaggable(env, ctx, in.ResourceName, false));
}

api::TagListMessage AddTagsToResource(HandlerEnv env, const RequestContext& ctx,
                                      const api::AddTagsToResourceMessage& in) {
  std::vector<Tag> tags = TagsFrom(in.Tags);
  std::string arn = CheckTaggable(env, ctx, in.ResourceName, true);
  auto existing = env.store.ListTags(ctx.account, ctx.region, arn);
  size_t total = existing.size();
  for (const auto& t : tags)
    if (std::none_of(existing.begin(), existing.end(),
                     [&](const Tag& e) { return e.key == t.key; }))
      ++total;
  CheckTagQuota(total);
  env.store.PutTags(ctx.account, ctx.region, arn, tags);
  return TagListResult(env, ctx, arn);
}

api::TagListMessage RemoveTagsFromResource(HandlerEnv env, const RequestContext& ctx,
                                           const api::RemoveTagsFromResourceMessage& in) {
  std::string arn = CheckTaggable(env, ctx, in.ResourceName, true);
  auto existing = env.store.ListTags(ctx.account, ctx.region, arn);
  for (const auto& k : in.TagKeys)
    if (std::none_of(existing.begin(), existing.end(), [&](const Tag& e) { return e.key == k; }))
      throw faults::TagNotFoundFault("The tag key " + k + " was not found on resource " + arn +
                                     ".");
  env.store.RemoveTags(ctx.account, ctx.region, arn, in.TagKeys);
  return TagListResult(env, ctx, arn);
}

}  // namespace

void RegisterTagHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::ListTagsForResource>(env, ListTagsForResource);
  registry.Add<api::op::AddTagsToResource>(env, AddTagsToResource);
  registry.Add<api::op::RemoveTagsFromResource>(env, RemoveTagsFromResource);
}

}  // namespace ecl

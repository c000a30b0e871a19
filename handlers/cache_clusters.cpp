#include "handlers/cache_clusters.h"

#include "handlers/resource_views.h"
#include "model/aws_faults.h"
#include "model/identifiers.h"

namespace ecl {

namespace {

ApiValue Describe(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  int limit = PageSize(in, 20, 100, 100);
  bool show_nodes = in.GetBool("ShowCacheNodeInfo").value_or(false);
  bool only_standalone = in.GetBool("ShowCacheClustersNotInReplicationGroups").value_or(false);
  ApiValue clusters = ApiValue::List();
  ApiValue out = ApiValue::Struct();
  if (auto requested = in.GetString("CacheClusterId")) {
    std::string id = ToLowerAscii(*requested);
    auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, id});
    if (!cc) throw faults::CacheClusterNotFoundFault("CacheCluster not found: " + id);
    clusters.Push(CacheClusterView(*cc, show_nodes));
  } else {
    auto page = env.store.List<CacheCluster>(ctx.account, ctx.region, MarkerOf(in), limit);
    for (const auto& cc : page.items)
      if (!only_standalone || !cc.replication_group_id)
        clusters.Push(CacheClusterView(cc, show_nodes));
    out.SetIf("Marker", page.next_marker);
  }
  return out.Set("CacheClusters", std::move(clusters));
}

}  // namespace

void RegisterCacheClusterHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add("DescribeCacheClusters", [env](const RequestContext& ctx, const ApiValue& in) {
    return Describe(env, ctx, in);
  });
}

}  // namespace ecl

#include "handlers/cache_clusters.h"

#include "handlers/resource_views.h"

namespace ecl {

namespace {

constexpr std::string_view kDescribe = "DescribeCacheClusters";

api::CacheClusterMessage Describe(HandlerEnv env, const RequestContext& ctx,
                                  const api::DescribeCacheClustersMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  bool show_nodes = in.ShowCacheNodeInfo.value_or(false);
  bool only_standalone = in.ShowCacheClustersNotInReplicationGroups.value_or(false);
  api::CacheClusterMessage out;
  auto& clusters = out.CacheClusters.emplace();
  if (in.CacheClusterId) {
    clusters.push_back(
        CacheClusterView(Require<CacheCluster>(env, ctx, *in.CacheClusterId), show_nodes, ctx.now));
    return out;
  }
  auto page = env.store.Scan<CacheCluster>(
      ctx.account, ctx.region, MarkerPosition(kDescribe, in.Marker), limit,
      [&](const CacheCluster& cc) { return !only_standalone || !cc.replication_group_id; });
  for (const auto& cc : page.items) clusters.push_back(CacheClusterView(cc, show_nodes, ctx.now));
  out.Marker = NextMarker(kDescribe, page.next_marker);
  return out;
}

}  // namespace

void RegisterCacheClusterHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::DescribeCacheClusters>(env, Describe);
}

}  // namespace ecl

#include "handlers/node_types.h"

#include "model/aws_faults.h"

namespace ecl {

namespace {

// ListAllowedNodeTypeModifications names exactly one of a cluster and a group.
api::AllowedNodeTypeModificationsMessage ListAllowedNodeTypeModifications(
    HandlerEnv env, const RequestContext& ctx,
    const api::ListAllowedNodeTypeModificationsMessage& in) {
  if (in.CacheClusterId.has_value() == in.ReplicationGroupId.has_value())
    throw faults::InvalidParameterCombinationException(
        "Exactly one of CacheClusterId and ReplicationGroupId must be specified.");
  NodeSettings settings;
  bool cluster_mode = false;
  if (in.CacheClusterId) {
    settings = Require<CacheCluster>(env, ctx, *in.CacheClusterId).settings;
  } else {
    ReplicationGroup rg = Require<ReplicationGroup>(env, ctx, *in.ReplicationGroupId);
    settings = rg.settings;
    cluster_mode = rg.cluster_enabled;
  }
  NodeTypeModifications allowed = env.catalogs.node_types.AllowedModifications(
      settings.cache_node_type, settings.engine, settings.engine_version, cluster_mode);
  return {allowed.scale_up, allowed.scale_down};
}

}  // namespace

void CheckNodeType(HandlerEnv env, const std::string& node_type, const std::string& engine,
                   const std::string& engine_version) {
  const NodeType* type = env.catalogs.node_types.Find(node_type);
  if (!type)
    throw faults::InvalidParameterValueException("Invalid CacheNodeType: " + node_type +
                                                 " is not a cache node type ElastiCache offers.");
  if (!type->Supports(engine, engine_version))
    throw faults::InvalidParameterCombinationException("Cache node type " + node_type +
                                                       " does not support engine " + engine +
                                                       " version " + engine_version + ".");
}

void RegisterNodeTypeHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::ListAllowedNodeTypeModifications>(env, ListAllowedNodeTypeModifications);
}

}  // namespace ecl

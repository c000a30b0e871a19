// Resource views: model resources rendered as the API's output shapes (ReplicationGroup,
// CacheCluster), exactly as ElastiCache shows them at a given moment.
#pragma once

#include "model/api_value.h"
#include "model/cache_cluster.h"
#include "model/replication_group.h"

namespace ecl {

ApiValue ReplicationGroupView(const ReplicationGroup& rg);
ApiValue CacheClusterView(const CacheCluster& cc, bool show_cache_node_info);

}  // namespace ecl

// Resource views: model resources rendered as the API's output shapes (ReplicationGroup,
// CacheCluster), exactly as ElastiCache shows them at a given moment.
#pragma once

#include "model/api_value.h"
#include "model/cache_cluster.h"
#include "model/replication_group.h"
#include "model/snapshot.h"

namespace ecl {

// `now` derives progress of a running transition (slot migration percentage).
ApiValue ReplicationGroupView(const ReplicationGroup& rg, Timestamp now = {});
ApiValue CacheClusterView(const CacheCluster& cc, bool show_cache_node_info);
// NodeSnapshots carry their NodeGroupConfiguration only when asked (ShowNodeGroupConfig).
ApiValue SnapshotView(const Snapshot& snapshot, bool show_node_group_config);

}  // namespace ecl

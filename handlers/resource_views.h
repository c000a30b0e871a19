// Resource views: model resources rendered as the API's output structures (ReplicationGroup,
// CacheCluster, Snapshot), exactly as ElastiCache shows them at a given moment.
#pragma once

#include <optional>

#include "handlers/api_types.h"
#include "model/cache_cluster.h"
#include "model/replication_group.h"
#include "model/snapshot.h"

namespace ecl {

// `now` derives progress of a running transition (slot migration percentage), unless the
// data plane reports how far the slots have really moved (`migrated_percent`).
api::ReplicationGroup ReplicationGroupView(const ReplicationGroup& rg, Timestamp now = {},
                                           std::optional<double> migrated_percent = {});
// `now` derives the parameter group's ParameterApplyStatus (applying until a change is in).
api::CacheCluster CacheClusterView(const CacheCluster& cc, bool show_cache_node_info,
                                   Timestamp now);
// NodeSnapshots carry their NodeGroupConfiguration only when asked (ShowNodeGroupConfig).
api::Snapshot SnapshotView(const Snapshot& snapshot, bool show_node_group_config);

}  // namespace ecl

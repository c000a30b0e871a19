// TestFailover as pure functions: which replica takes over a node group's primary role, the
// rules AWS applies before it starts (automatic failover on, the node group exists, one
// failover at a time, 15 node groups per rolling 24 hours, group and member states), and
// the role swap when the failover completes. docs/modify-replication-group.md gives the
// sources. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "model/replication_group.h"

namespace ecl {

// "A customer can use this operation to test automatic failover on up to 15 shards ... in
// any rolling 24-hour period." (the API reference)
inline constexpr int kTestFailoversPerDay = 15;
inline constexpr int64_t kTestFailoverWindowMs = int64_t(24) * 3600 * 1000;

// TestFailover calls of the group within 24 hours before `now`.
int RecentTestFailovers(const ReplicationGroup& rg, Timestamp now);

// The failover TestFailover(node_group_id) starts, or the fault AWS answers.
// `recent_in_region` counts the account's test failovers of the last 24 hours (every group of
// the region); `cluster_status` gives a member's cache cluster status.
FailoverInProgress PlanTestFailover(
    const ReplicationGroup& rg, std::string_view node_group_id, int recent_in_region,
    const std::function<std::string(const std::string&)>& cluster_status);

// The group and the node group are `modifying` until the failover and the recovery are done;
// the call is recorded for the 24-hour limit (older records are dropped).
void StartTestFailover(ReplicationGroup& rg, const FailoverInProgress& failover, Timestamp now,
                       int64_t duration_ms);

// The replica becomes the primary and the old primary a replica (members keep their order).
void CompleteFailover(ReplicationGroup& rg, const FailoverInProgress& failover);

}  // namespace ecl

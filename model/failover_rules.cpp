#include "model/failover_rules.h"

#include <algorithm>

#include "model/aws_faults.h"
#include "model/lifecycle.h"

namespace ecl {

int RecentTestFailovers(const ReplicationGroup& rg, Timestamp now) {
  return int(std::count_if(rg.test_failovers.begin(), rg.test_failovers.end(),
                           [&](const TestFailoverRecord& r) {
                             return now.epoch_ms - r.at.epoch_ms < kTestFailoverWindowMs;
                           }));
}

FailoverInProgress PlanTestFailover(
    const ReplicationGroup& rg, std::string_view node_group_id, int recent_in_region,
    const std::function<std::string(const std::string&)>& cluster_status) {
  auto ng = std::find_if(rg.node_groups.begin(), rg.node_groups.end(),
                         [&](const NodeGroup& g) { return g.id == node_group_id; });
  if (ng == rg.node_groups.end())
    throw faults::NodeGroupNotFoundFault("The node group " + std::string(node_group_id) +
                                         " was not found in replication group " + rg.id + ".");
  if (rg.failover)
    throw faults::TestFailoverNotAvailableFault(
        "A test failover is already in progress for replication group " + rg.id +
        "; the first node replacement must complete before another can start.");
  if (rg.status != ReplicationGroupStatus::kAvailable)
    throw faults::InvalidReplicationGroupStateFault("Replication group " + rg.id +
                                                    " is not in available state (its status is " +
                                                    rg.status + ").");
  if (!rg.automatic_failover)
    throw faults::InvalidParameterCombinationException(
        "Automatic failover is not enabled for replication group " + rg.id +
        ". Enable automatic failover to test it.");
  if (recent_in_region >= kTestFailoversPerDay)
    throw faults::APICallRateForCustomerExceededFault(
        "TestFailover can be called on up to " + std::to_string(kTestFailoversPerDay) +
        " node groups in any rolling 24-hour period.");
  FailoverInProgress plan;
  plan.node_group_id = ng->id;
  for (const auto& m : ng->members) {
    std::string status = cluster_status(m.cache_cluster_id);
    if (m.joining || m.leaving || status != "available")
      throw faults::InvalidCacheClusterStateFault("Cache cluster " + m.cache_cluster_id +
                                                  " is not in available state.");
    if (m.primary)
      plan.from = m.cache_cluster_id;
    else if (plan.to.empty())
      plan.to = m.cache_cluster_id;  // the first replica: the emulator has no replication lag
  }
  if (plan.to.empty() || plan.from.empty())
    throw faults::InvalidParameterCombinationException("Node group " + ng->id +
                                                       " has no read replica to fail over to.");
  return plan;
}

void StartTestFailover(ReplicationGroup& rg, const FailoverInProgress& failover, Timestamp now,
                       int64_t duration_ms) {
  std::erase_if(rg.test_failovers, [&](const TestFailoverRecord& r) {
    return now.epoch_ms - r.at.epoch_ms >= kTestFailoverWindowMs;
  });
  rg.test_failovers.push_back({failover.node_group_id, now});
  rg.failover = failover;
  rg.status = ReplicationGroupStatus::kModifying;
  for (auto& ng : rg.node_groups)
    if (ng.id == failover.node_group_id) ng.status = ReplicationGroupStatus::kModifying;
  rg.transition = StartTransition(kFailover, now, duration_ms);
}

void CompleteFailover(ReplicationGroup& rg, const FailoverInProgress& failover) {
  for (auto& ng : rg.node_groups) {
    if (ng.id != failover.node_group_id) continue;
    for (auto& m : ng.members) {
      if (m.cache_cluster_id == failover.to) m.primary = true;
      if (m.cache_cluster_id == failover.from) m.primary = false;
    }
  }
}

}  // namespace ecl

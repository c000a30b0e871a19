// A resharding's real slot migration (data plane on): DescribeReplicationGroups shows how
// far the engines have moved the slots, and the group stays `modifying` until all have moved
// (the lifecycle step waits for it). Without the data plane, or for a group it does not
// follow, the model's clock decides both (model/transition.h).
#pragma once

#include <functional>
#include <optional>

#include "model/api_value.h"
#include "model/replication_group.h"
#include "storage/store.h"

namespace ecl {

struct HandlerEnv;

struct RealSlotMigration {
  double percent = 0;                  // 0..100
  std::optional<Timestamp> finished_at;  // on the emulator clock
};

// What the data plane reports for the resharding of `group` that started at `started_at`;
// nullopt when it does not follow that resharding.
using SlotMigrationSource =
    std::function<std::optional<RealSlotMigration>(const ResourceKey& group, Timestamp started_at)>;

// The real migration of rg's resharding under way, if the data plane follows it.
std::optional<RealSlotMigration> RealMigrationOf(HandlerEnv env, const ReplicationGroup& rg);

// Whether rg's resharding, due at `now` on the model's clock, must wait for its slots to move.
// When they finished after the transition fell due, the transition ends when they did, so
// the completion events carry that moment.
bool WaitsForSlotMigration(HandlerEnv env, ReplicationGroup& rg, Timestamp now);

}  // namespace ecl

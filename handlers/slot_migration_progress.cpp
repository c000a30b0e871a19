#include "handlers/slot_migration_progress.h"

#include <algorithm>

#include "handlers/handler_support.h"
#include "model/lifecycle.h"

namespace ecl {

std::optional<RealSlotMigration> RealMigrationOf(HandlerEnv env, const ReplicationGroup& rg) {
  if (!env.slot_migrations || !*env.slot_migrations) return std::nullopt;
  if (!rg.transition || rg.transition->kind != kReshard) return std::nullopt;
  return (*env.slot_migrations)({rg.account, rg.region, rg.id}, rg.transition->started_at);
}

bool WaitsForSlotMigration(HandlerEnv env, ReplicationGroup& rg, Timestamp now) {
  auto real = RealMigrationOf(env, rg);
  if (!real) return false;
  if (!real->finished_at || real->finished_at->epoch_ms > now.epoch_ms) return true;
  rg.transition->due_at.epoch_ms = std::max(rg.transition->due_at.epoch_ms,
                                            real->finished_at->epoch_ms);
  return false;
}

}  // namespace ecl

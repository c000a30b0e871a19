// Online migration from a self-managed Valkey or Redis OSS endpoint into a replication group:
// StartMigration, TestMigration and CompleteMigration. The rules live in
// model/migration_rules.h; docs/migration.md has their sources.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterMigrationHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

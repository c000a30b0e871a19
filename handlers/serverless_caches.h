// Serverless cache operations: CreateServerlessCache (also restoring from
// SnapshotArnsToRestore), DescribeServerlessCaches, ModifyServerlessCache and
// DeleteServerlessCache (with FinalSnapshotName). Handlers run one at a time (the service
// serializes calls).
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterServerlessCacheHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

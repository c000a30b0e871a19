// Cache node types: the check every create and modify makes of CacheNodeType against the
// node type catalog, and ListAllowedNodeTypeModifications.
#pragma once

#include <string>

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

// `node_type` must be a type ElastiCache offers (InvalidParameterValue) that runs `engine` at
// `engine_version` (InvalidParameterCombination).
void CheckNodeType(HandlerEnv env, const std::string& node_type, const std::string& engine,
                   const std::string& engine_version);

void RegisterNodeTypeHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

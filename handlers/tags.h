// Tagging operations by ARN: ListTagsForResource, AddTagsToResource, RemoveTagsFromResource.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterTagHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

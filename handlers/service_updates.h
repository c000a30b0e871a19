// Service updates and update actions: DescribeServiceUpdates (the catalog of
// config/service-updates.csv), DescribeUpdateActions (what each update means for each
// replication group and standalone cache cluster), BatchApplyUpdateAction and
// BatchStopUpdateAction (moving actions through their statuses on the emulator clock). The
// rules live in model/update_action_rules.h; docs/service-updates.md has their sources.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterServiceUpdateHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

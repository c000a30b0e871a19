// TestFailover: a node group's primary moves to a replica. The call is answered with the
// group as it was (`available`, as AWS's captured answers show it); the group then shows
// `modifying` until the failover and the old primary's recovery are done, and DescribeEvents
// shows the steps in AWS's words. Rules and sources: docs/modify-replication-group.md.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterFailoverHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

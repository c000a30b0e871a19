// RBAC user operations: CreateUser, DescribeUsers, ModifyUser and DeleteUser. The rules live
// in model/user_rules.h and model/access_string.h; what users share with user groups in
// handlers/user_directory.h.
#pragma once

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterUserHandlers(HandlerRegistry& registry, HandlerEnv env);

}  // namespace ecl

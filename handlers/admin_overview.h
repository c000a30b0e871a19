// The dashboard's overview (GET /_admin/overview): every resource of every account and region
// with its status, each replication group's topology (shards over the 16,384 slots, members
// with their roles, zones and endpoints) and the latest events, read from the records the API
// answers from. Built as an ApiValue tree so the handlers stay free of any wire format; the
// server writes it as JSON. Runs inside the service's transaction (Service::Inspect).
#pragma once

#include "handlers/handler_support.h"
#include "model/api_value.h"

namespace ecl {

// Events listed per account and region (newest first).
inline constexpr int kOverviewEventLimit = 200;

ApiValue Overview(HandlerEnv env, Timestamp now);

}  // namespace ecl

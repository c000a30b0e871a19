// The state as a fixture (GET /_admin/state): for every account and region, each resource as
// the members of the API call that would make it again (server/fixture.h reads them back).
// What no call can make again — automated snapshots, snapshots whose source is gone, retired
// reservations, resources being deleted, secrets the service does not keep — is listed under
// not_exported with the reason. Runs inside the service's transaction (Service::Inspect).
#pragma once

#include <string_view>

#include "handlers/handler_support.h"
#include "model/api_value.h"

namespace ecl {

// The keys of a fixture's scope, one per kind, in the order a fixture is applied.
namespace fixture_keys {
inline constexpr std::string_view kParameterGroups = "parameter_groups";
inline constexpr std::string_view kSubnetGroups = "subnet_groups";
inline constexpr std::string_view kUsers = "users";
inline constexpr std::string_view kUserGroups = "user_groups";
inline constexpr std::string_view kReplicationGroups = "replication_groups";
inline constexpr std::string_view kCacheClusters = "cache_clusters";
inline constexpr std::string_view kSnapshots = "snapshots";
inline constexpr std::string_view kReservedNodes = "reserved_nodes";
}  // namespace fixture_keys

ApiValue ExportState(HandlerEnv env, Timestamp now);

}  // namespace ecl

#include "handlers/admin_overview.h"

#include <map>
#include <utility>

#include "handlers/resource_views.h"
#include "model/slot_ranges.h"

namespace ecl {
namespace {

using Scope = std::pair<std::string, std::string>;  // account, region

// What a kind calls its state: most have a status, reservations a state, some neither.
template <typename T>
std::string StatusOf(const T& r) {
  if constexpr (requires { r.status; })
    return r.status;
  else if constexpr (requires { r.state; })
    return r.state;
  else
    return "";
}

template <typename T>
bool BuiltIn(const T& r) {
  if constexpr (requires { r.built_in; })
    return r.built_in;
  else
    return false;
}

// One row per resource of every kind (kind, id, status, built-in), by account and region.
std::map<Scope, ApiValue> ResourceRows(Store& store) {
  std::map<Scope, ApiValue> rows;
  VisitKind(
      AllKinds{},
      [&]<typename T>() {
        for (const auto& r : store.All<T>()) {
          ApiValue row = ApiValue::Struct();
          row.Set("kind", std::string(Kind<T>::kStoredName)).Set("id", r.id);
          row.Set("status", StatusOf(r)).Set("built_in", BuiltIn(r));
          if (r.transition) row.Set("due_at", r.transition->due_at);
          rows[{r.account, r.region}].Push(std::move(row));
        }
        return false;  // visit every kind
      },
      []<typename T>() {});
  return rows;
}

std::string Address(const std::optional<api::Endpoint>& e) {
  if (!e || !e->Address) return "";
  return *e->Address + ":" + std::to_string(e->Port.value_or(0));
}

// Shards as bars over the slots, members with role, zone, endpoint and their cluster's status.
ApiValue Topology(Store& store, const ReplicationGroup& rg, Timestamp now) {
  api::ReplicationGroup view = ReplicationGroupView(rg, now);
  ApiValue group = ApiValue::Struct();
  group.Set("id", rg.id).Set("status", rg.status).Set("description", rg.description);
  group.Set("engine", rg.settings.engine).Set("engine_version", rg.settings.engine_version);
  group.Set("cache_node_type", rg.settings.cache_node_type).Set("cluster_mode", rg.cluster_mode);
  group.Set("configuration_endpoint", Address(view.ConfigurationEndpoint));
  ApiValue shards = ApiValue::List();
  for (const auto& ng : rg.node_groups) {
    ApiValue shard = ApiValue::Struct();
    shard.Set("id", ng.id).Set("status", ng.status);
    // Cluster mode disabled: the one shard serves every slot (its Slots are empty).
    SlotSet slots = ng.slots.empty() ? SlotSet::All() : ParseSlots(ng.slots);
    shard.Set("slots", slots.ToString());
    ApiValue ranges = ApiValue::List();
    for (const auto& r : slots.ranges())
      ranges.Push(ApiValue::List().Push(r.start).Push(r.end));
    shard.Set("ranges", std::move(ranges));
    for (const auto& v : Items(view.NodeGroups))
      if (v.NodeGroupId == ng.id) {
        shard.Set("primary_endpoint", Address(v.PrimaryEndpoint));
        shard.Set("reader_endpoint", Address(v.ReaderEndpoint));
      }
    ApiValue members = ApiValue::List();
    for (const auto& m : ng.members) {
      ApiValue member = ApiValue::Struct();
      member.Set("cache_cluster_id", m.cache_cluster_id);
      member.Set("role", m.primary ? "primary" : "replica").Set("zone", m.availability_zone);
      if (m.joining) member.Set("change", "joining");
      if (m.leaving) member.Set("change", "leaving");
      if (auto cluster = store.Find<CacheCluster>({rg.account, rg.region, m.cache_cluster_id})) {
        member.Set("status", cluster->status);
        if (!cluster->nodes.empty()) {
          member.Set("cache_node_id", cluster->nodes[0].id);
          member.Set("endpoint",
                     cluster->nodes[0].endpoint + ":" + std::to_string(cluster->settings.port));
        }
      }
      members.Push(std::move(member));
    }
    shard.Set("members", std::move(members));
    shards.Push(std::move(shard));
  }
  group.Set("shards", std::move(shards));
  return group;
}

ApiValue EventRows(Store& store, const Scope& scope, Timestamp now) {
  EventQuery query;
  query.account = scope.first;
  query.region = scope.second;
  query.start = Timestamp{now.epoch_ms - kEventRetentionMs};
  query.end = now;
  query.limit = kOverviewEventLimit;
  ApiValue rows = ApiValue::List();
  for (const auto& stored : store.ListEvents(query).items) {
    const DomainEvent& e = stored.event;
    rows.Push(ApiValue::Struct()
                  .Set("at", e.at)
                  .Set("source_type", e.source_type)
                  .Set("source_id", e.source_id)
                  .Set("message", e.message));
  }
  return rows;
}

}  // namespace

ApiValue Overview(HandlerEnv env, Timestamp now) {
  std::map<Scope, ApiValue> groups;
  for (const auto& rg : env.store.All<ReplicationGroup>())
    groups[{rg.account, rg.region}].Push(Topology(env.store, rg, now));
  ApiValue scopes = ApiValue::List();
  for (auto& [scope, rows] : ResourceRows(env.store)) {
    ApiValue& scope_groups = groups[scope];
    scopes.Push(ApiValue::Struct()
                    .Set("account", scope.first)
                    .Set("region", scope.second)
                    .Set("resources", std::move(rows))
                    .Set("replication_groups",
                         scope_groups.IsNull() ? ApiValue::List() : std::move(scope_groups))
                    .Set("events", EventRows(env.store, scope, now)));
  }
  return ApiValue::Struct().Set("now", now).Set("scopes", std::move(scopes));
}

}  // namespace ecl

#include "handlers/service_updates.h"

#include <algorithm>
#include <climits>
#include <set>

#include "model/aws_faults.h"
#include "model/identifiers.h"
#include "model/update_action_rules.h"

namespace ecl {

namespace {

// ReplicationGroupIdList and CacheClusterIdList hold at most 20 ids (API model).
constexpr size_t kMaxIdsPerList = 20;

const std::vector<std::string> kServiceUpdateStatuses = {ServiceUpdateStatus::kAvailable,
                                                         ServiceUpdateStatus::kCancelled,
                                                         ServiceUpdateStatus::kExpired};
const std::vector<std::string> kActionStatuses = {
    UpdateActionStatus::kNotApplied,   UpdateActionStatus::kWaitingToStart,
    UpdateActionStatus::kInProgress,   UpdateActionStatus::kStopping,
    UpdateActionStatus::kStopped,      UpdateActionStatus::kComplete,
    UpdateActionStatus::kScheduling,   UpdateActionStatus::kScheduled,
    UpdateActionStatus::kNotApplicable};

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// The values of an enumerated filter, each one of `allowed`, at most allowed.size() of them.
std::vector<std::string> CheckedValues(const std::optional<std::vector<std::string>>& values,
                                       const char* parameter,
                                       const std::vector<std::string>& allowed) {
  const auto& given = Items(values);
  if (given.size() > allowed.size())
    throw faults::InvalidParameterValueException(std::string(parameter) + " takes at most " +
                                                 std::to_string(allowed.size()) + " values.");
  for (const auto& v : given)
    if (!Contains(allowed, v))
      throw faults::InvalidParameterValueException("Invalid value '" + v + "' for " + parameter +
                                                   ": valid values are " + Joined(allowed) + ".");
  return given;
}

void CheckIdList(const std::optional<std::vector<std::string>>& ids, const char* parameter) {
  if (Items(ids).size() > kMaxIdsPerList)
    throw faults::InvalidParameterValueException(std::string(parameter) + " takes at most " +
                                                 std::to_string(kMaxIdsPerList) + " ids.");
}

const ServiceUpdateEntry& RequireServiceUpdate(HandlerEnv env, const std::string& name) {
  const ServiceUpdateEntry* update = env.catalogs.service_updates.Find(name);
  if (!update) throw faults::ServiceUpdateNotFoundFault("Service update " + name + " not found.");
  return *update;
}

api::ServiceUpdate ServiceUpdateView(const ServiceUpdateEntry& u) {
  api::ServiceUpdate v;
  v.ServiceUpdateName = u.name;
  v.ServiceUpdateReleaseDate = u.release_date;
  v.ServiceUpdateEndDate = u.end_date;
  v.ServiceUpdateSeverity = u.severity;
  v.ServiceUpdateRecommendedApplyByDate = u.recommended_apply_by_date;
  v.ServiceUpdateStatus = u.status;
  v.ServiceUpdateDescription = u.description;
  v.ServiceUpdateType = u.type;
  v.Engine = u.engine_shown;
  v.EngineVersion = u.engine_version_shown;
  v.AutoUpdateAfterRecommendedApplyByDate = u.auto_update;
  v.EstimatedUpdateTime = u.estimated_update_time;
  return v;
}

api::ServiceUpdatesMessage DescribeServiceUpdates(HandlerEnv env, const RequestContext&,
                                                  const api::DescribeServiceUpdatesMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  std::string after = MarkerPosition(api::op::DescribeServiceUpdates::kName, in.Marker);
  ServiceUpdateFilter filter;
  filter.statuses =
      CheckedValues(in.ServiceUpdateStatus, "ServiceUpdateStatus", kServiceUpdateStatuses);
  if (in.ServiceUpdateName) filter.name = RequireServiceUpdate(env, *in.ServiceUpdateName).name;
  auto entries = env.catalogs.service_updates.List(filter);
  // The position is the name of the last update returned; the list is in a fixed order.
  size_t start = 0;
  if (!after.empty()) {
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const ServiceUpdateEntry* e) { return e->name == after; });
    start = it == entries.end() ? entries.size() : size_t(it - entries.begin()) + 1;
  }
  api::ServiceUpdatesMessage out;
  auto& updates = out.ServiceUpdates.emplace();
  for (size_t i = start; i < entries.size(); ++i) {
    if (int(updates.size()) == limit) {
      out.Marker = NextMarker(api::op::DescribeServiceUpdates::kName, entries[i - 1]->name);
      break;
    }
    updates.push_back(ServiceUpdateView(*entries[i]));
  }
  return out;
}

// The groups and standalone clusters the request names, or every one of the account and
// region when it names none. Unknown ids and group members are skipped: DescribeUpdateActions
// filters, it does not look up.
std::vector<UpdateTarget> TargetsOf(HandlerEnv env, const RequestContext& ctx,
                                    const std::optional<std::vector<std::string>>& group_ids,
                                    const std::optional<std::vector<std::string>>& cluster_ids) {
  std::vector<UpdateTarget> targets;
  if (!group_ids && !cluster_ids) {
    for (const auto& rg :
         env.store.Scan<ReplicationGroup>(ctx.account, ctx.region, "", INT32_MAX).items)
      targets.push_back(UpdateTargetOf(rg));
    for (const auto& cc :
         env.store
             .Scan<CacheCluster>(ctx.account, ctx.region, "", INT32_MAX,
                                 [](const CacheCluster& c) { return !c.replication_group_id; })
             .items)
      targets.push_back(UpdateTargetOf(cc));
    return targets;
  }
  std::set<std::string> seen;
  for (const auto& id : Items(group_ids))
    if (auto rg = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, ToLowerAscii(id)});
        rg && seen.insert("g/" + rg->id).second)
      targets.push_back(UpdateTargetOf(*rg));
  for (const auto& id : Items(cluster_ids))
    if (auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, ToLowerAscii(id)});
        cc && !cc->replication_group_id && seen.insert("c/" + cc->id).second)
      targets.push_back(UpdateTargetOf(*cc));
  return targets;
}

std::optional<UpdateAction> StoredAction(HandlerEnv env, const RequestContext& ctx,
                                         const ServiceUpdateEntry& update,
                                         const UpdateTarget& target) {
  return env.store.Find<UpdateAction>(
      {ctx.account, ctx.region, UpdateActionId(update.name, target.kind, target.id)});
}

template <typename Status>
Status NodeStatusView(const NodeUpdate& n) {
  Status s;
  s.CacheNodeId = n.cache_node_id;
  s.NodeUpdateStatus = n.status;
  s.NodeUpdateStartDate = n.started_at;
  s.NodeUpdateEndDate = n.ended_at;
  if (!n.initiated_by.empty()) s.NodeUpdateInitiatedBy = n.initiated_by;
  s.NodeUpdateInitiatedDate = n.initiated_at;
  s.NodeUpdateStatusModifiedDate = n.status_modified_at;
  return s;
}

api::UpdateAction UpdateActionView(const UpdateAction& a, const ServiceUpdateEntry& u,
                                   const UpdateTarget& target, bool show_nodes) {
  api::UpdateAction v;
  if (a.target_kind == kUpdateTargetGroup)
    v.ReplicationGroupId = a.target_id;
  else
    v.CacheClusterId = a.target_id;
  v.ServiceUpdateName = u.name;
  v.ServiceUpdateReleaseDate = u.release_date;
  v.ServiceUpdateSeverity = u.severity;
  v.ServiceUpdateStatus = u.status;
  v.ServiceUpdateRecommendedApplyByDate = u.recommended_apply_by_date;
  v.ServiceUpdateType = u.type;
  v.UpdateActionAvailableDate = UpdateActionAvailableDate(u, target);
  v.UpdateActionStatus = a.status;
  v.NodesUpdated = NodesUpdated(a);
  v.UpdateActionStatusModifiedDate = a.status_modified_at;
  v.SlaMet = SlaMet(a, u);
  if (show_nodes) {
    if (a.target_kind == kUpdateTargetGroup) {
      auto& groups = v.NodeGroupUpdateStatus.emplace();
      for (const auto& n : a.nodes) {
        if (groups.empty() || groups.back().NodeGroupId != n.node_group_id)
          groups.push_back({n.node_group_id, std::vector<api::NodeGroupMemberUpdateStatus>{}});
        auto member = NodeStatusView<api::NodeGroupMemberUpdateStatus>(n);
        member.CacheClusterId = n.cache_cluster_id;
        groups.back().NodeGroupMemberUpdateStatus->push_back(std::move(member));
      }
    } else {
      auto& nodes = v.CacheNodeUpdateStatus.emplace();
      for (const auto& n : a.nodes) nodes.push_back(NodeStatusView<api::CacheNodeUpdateStatus>(n));
    }
  }
  v.EstimatedUpdateTime = u.estimated_update_time;
  v.Engine = target.engine;
  return v;
}

api::UpdateActionsMessage DescribeUpdateActions(HandlerEnv env, const RequestContext& ctx,
                                                const api::DescribeUpdateActionsMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  std::string after = MarkerPosition(api::op::DescribeUpdateActions::kName, in.Marker);
  auto update_statuses =
      CheckedValues(in.ServiceUpdateStatus, "ServiceUpdateStatus", kServiceUpdateStatuses);
  auto action_statuses =
      CheckedValues(in.UpdateActionStatus, "UpdateActionStatus", kActionStatuses);
  CheckIdList(in.ReplicationGroupIds, "ReplicationGroupIds");
  CheckIdList(in.CacheClusterIds, "CacheClusterIds");
  std::optional<std::string> engine;
  if (in.Engine) engine = ToLowerAscii(*in.Engine);
  std::optional<Timestamp> from, to;
  if (in.ServiceUpdateTimeRange) {
    from = in.ServiceUpdateTimeRange->StartTime;
    to = in.ServiceUpdateTimeRange->EndTime;
  }

  ServiceUpdateFilter filter;
  filter.name = in.ServiceUpdateName;
  filter.statuses = update_statuses;
  std::vector<UpdateTarget> targets =
      TargetsOf(env, ctx, in.ReplicationGroupIds, in.CacheClusterIds);
  struct Row {
    UpdateAction action;
    const ServiceUpdateEntry* update;
    const UpdateTarget* target;
  };
  std::vector<Row> rows;
  for (const ServiceUpdateEntry* u : env.catalogs.service_updates.List(filter)) {
    if ((from && u->release_date < *from) || (to && u->release_date > *to)) continue;
    for (const auto& t : targets) {
      if (engine && t.engine != *engine) continue;
      if (!u->AppliesTo(t.engine, t.engine_version)) continue;
      std::optional<UpdateAction> stored = StoredAction(env, ctx, *u, t);
      if (stored && stored->target_created_at != t.created_at) stored.reset();
      // Only updates on offer give clusters something to do; an update that is no longer
      // offered shows what was done while it was.
      if (!stored && u->status != ServiceUpdateStatus::kAvailable) continue;
      UpdateAction a = CurrentUpdateAction(ctx.account, ctx.region, *u, t, stored);
      if (!action_statuses.empty() && std::find(action_statuses.begin(), action_statuses.end(),
                                                a.status) == action_statuses.end())
        continue;
      if (!after.empty() && a.id <= after) continue;
      rows.push_back({std::move(a), u, &t});
    }
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& x, const Row& y) { return x.action.id < y.action.id; });
  api::UpdateActionsMessage out;
  auto& actions = out.UpdateActions.emplace();
  const bool show_nodes = in.ShowNodeLevelUpdateStatus.value_or(false);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (int(actions.size()) == limit) {
      out.Marker = NextMarker(api::op::DescribeUpdateActions::kName, rows[i - 1].action.id);
      break;
    }
    actions.push_back(
        UpdateActionView(rows[i].action, *rows[i].update, *rows[i].target, show_nodes));
  }
  return out;
}

// What one Batch…UpdateAction request does to one target; nullopt when the target is not
// there (the caller reports it).
using ActOnAction = std::function<std::optional<UpdateRefusal>(const ServiceUpdateEntry&,
                                                               const UpdateTarget&, UpdateAction&)>;

template <typename Message>
api::UpdateActionResultsMessage ForEachTarget(HandlerEnv env, const RequestContext& ctx,
                                              const Message& in, const ActOnAction& act) {
  CheckIdList(in.ReplicationGroupIds, "ReplicationGroupIds");
  CheckIdList(in.CacheClusterIds, "CacheClusterIds");
  if (Items(in.ReplicationGroupIds).empty() && Items(in.CacheClusterIds).empty())
    throw faults::InvalidParameterValueException(
        "At least one of ReplicationGroupIds or CacheClusterIds must be given.");
  const ServiceUpdateEntry& update = RequireServiceUpdate(env, in.ServiceUpdateName);

  api::UpdateActionResultsMessage out;
  auto& processed = out.ProcessedUpdateActions.emplace();
  auto& unprocessed = out.UnprocessedUpdateActions.emplace();
  std::vector<DomainEvent> events;
  auto handle = [&](const std::string& kind, const std::string& requested_id,
                    const std::optional<UpdateTarget>& target,
                    const std::optional<UpdateRefusal>& missing) {
    const bool group = kind == kUpdateTargetGroup;
    auto refuse = [&](const UpdateRefusal& r) {
      api::UnprocessedUpdateAction u;
      (group ? u.ReplicationGroupId : u.CacheClusterId) = requested_id;
      u.ServiceUpdateName = update.name;
      u.ErrorType = r.error_type;
      u.ErrorMessage = r.message;
      unprocessed.push_back(std::move(u));
    };
    if (!target) return refuse(*missing);
    UpdateAction action = CurrentUpdateAction(ctx.account, ctx.region, update, *target,
                                              StoredAction(env, ctx, update, *target));
    const std::string before = action.status;
    if (auto refusal = act(update, *target, action)) return refuse(*refusal);
    if (action.status != before) {
      env.store.Save(action);
      events.push_back(
          {std::string(Kind<UpdateAction>::kStoredName),
           action.id,
           std::string(action.status == UpdateActionStatus::kStopping ? happened::kUpdateStopping
                                                                      : happened::kUpdateApplying),
           ctx.now,
           {},
           {},
           {}});
    }
    api::ProcessedUpdateAction p;
    (group ? p.ReplicationGroupId : p.CacheClusterId) = target->id;
    p.ServiceUpdateName = update.name;
    p.UpdateActionStatus = action.status;
    processed.push_back(std::move(p));
  };

  std::set<std::string> seen;
  for (const auto& id : Items(in.ReplicationGroupIds)) {
    std::string canonical = ToLowerAscii(id);
    if (!seen.insert("g/" + canonical).second) continue;
    auto rg = env.store.Find<ReplicationGroup>({ctx.account, ctx.region, canonical});
    handle(kUpdateTargetGroup, id, rg ? std::optional(UpdateTargetOf(*rg)) : std::nullopt,
           UpdateRefusal{"ReplicationGroupNotFoundFault",
                         Kind<ReplicationGroup>::NotFound(canonical).message()});
  }
  for (const auto& id : Items(in.CacheClusterIds)) {
    std::string canonical = ToLowerAscii(id);
    if (!seen.insert("c/" + canonical).second) continue;
    auto cc = env.store.Find<CacheCluster>({ctx.account, ctx.region, canonical});
    if (cc && cc->replication_group_id) {
      handle(kUpdateTargetCluster, id, std::nullopt,
             UpdateRefusal{"InvalidParameterValue",
                           "Cache cluster " + cc->id + " is a member of replication group " +
                               *cc->replication_group_id +
                               ": apply service updates to the replication group."});
      continue;
    }
    handle(
        kUpdateTargetCluster, id, cc ? std::optional(UpdateTargetOf(*cc)) : std::nullopt,
        UpdateRefusal{"CacheClusterNotFound", Kind<CacheCluster>::NotFound(canonical).message()});
  }
  Record(env, ctx, events);
  return out;
}

api::UpdateActionResultsMessage BatchApplyUpdateAction(
    HandlerEnv env, const RequestContext& ctx, const api::BatchApplyUpdateActionMessage& in) {
  return ForEachTarget(env, ctx, in,
                       [&](const ServiceUpdateEntry& u, const UpdateTarget& t, UpdateAction& a) {
                         if (auto refusal = ApplyRefusal(u, t, a)) return refusal;
                         StartApplying(a, t, ctx.now, env.TransitionMs());
                         return std::optional<UpdateRefusal>{};
                       });
}

api::UpdateActionResultsMessage BatchStopUpdateAction(HandlerEnv env, const RequestContext& ctx,
                                                      const api::BatchStopUpdateActionMessage& in) {
  return ForEachTarget(env, ctx, in,
                       [&](const ServiceUpdateEntry& u, const UpdateTarget& t, UpdateAction& a) {
                         if (auto refusal = StopRefusal(u, t, a)) return refusal;
                         StartStopping(a, ctx.now, env.TransitionMs());
                         return std::optional<UpdateRefusal>{};
                       });
}

}  // namespace

void RegisterServiceUpdateHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::DescribeServiceUpdates>(env, DescribeServiceUpdates);
  registry.Add<api::op::DescribeUpdateActions>(env, DescribeUpdateActions);
  registry.Add<api::op::BatchApplyUpdateAction>(env, BatchApplyUpdateAction);
  registry.Add<api::op::BatchStopUpdateAction>(env, BatchStopUpdateAction);
}

}  // namespace ecl

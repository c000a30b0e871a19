#include "handlers/reserved_nodes.h"

#include <fstream>
#include <set>
#include <sstream>

#include "model/aws_faults.h"
#include "model/naming.h"
#include "model/reserved_cache_node_rules.h"

namespace ecl {

// config/reserved-offerings.csv, embedded at build time (handlers/CMakeLists.txt).
extern const char kEmbeddedReservedOfferings[];

namespace {

constexpr size_t kTagsPerResource = 50;
// Reservations read per store query while filtering.
constexpr int kScanBatch = 100;

ApiValue RecurringChargesValue(const std::vector<RecurringCharge>& charges) {
  ApiValue list = ApiValue::List();
  for (const auto& c : charges)
    list.Push(ApiValue::Struct()
                  .Set("RecurringChargeAmount", c.amount)
                  .Set("RecurringChargeFrequency", c.frequency));
  return list;
}

ApiValue OfferingView(const ReservedCacheNodesOffering& o) {
  return ApiValue::Struct()
      .Set("ReservedCacheNodesOfferingId", o.id)
      .Set("CacheNodeType", o.cache_node_type)
      .Set("Duration", o.duration_seconds)
      .Set("FixedPrice", o.fixed_price)
      .Set("UsagePrice", o.usage_price)
      .Set("ProductDescription", o.product_description)
      .Set("OfferingType", o.offering_type)
      .Set("RecurringCharges", RecurringChargesValue(o.recurring_charges));
}

ApiValue ReservedCacheNodeView(const ReservedCacheNode& n) {
  return ApiValue::Struct()
      .Set("ReservedCacheNodeId", n.id)
      .Set("ReservedCacheNodesOfferingId", n.offering_id)
      .Set("CacheNodeType", n.cache_node_type)
      .Set("StartTime", n.start_time)
      .Set("Duration", n.duration_seconds)
      .Set("FixedPrice", n.fixed_price)
      .Set("UsagePrice", n.usage_price)
      .Set("CacheNodeCount", n.cache_node_count)
      .Set("ProductDescription", n.product_description)
      .Set("OfferingType", n.offering_type)
      .Set("State", n.state)
      .Set("RecurringCharges", RecurringChargesValue(n.recurring_charges))
      .Set("ReservationARN", ReservedCacheNodeArn(n.region, n.account, n.id));
}

ReservedNodeFilter FilterFrom(const ApiValue& in) {
  ReservedNodeFilter filter;
  filter.offering_id = in.GetString("ReservedCacheNodesOfferingId");
  filter.cache_node_type = in.GetString("CacheNodeType");
  if (auto duration = in.GetString("Duration"))
    filter.duration_seconds = ParseDurationFilter(*duration);
  filter.product_description = in.GetString("ProductDescription");
  filter.offering_type = in.GetString("OfferingType");
  return filter;
}

// Calls f(node) for every reservation of the caller's account and region, in id order,
// starting after `after`, until f returns false.
template <typename F>
void ForEachReservation(HandlerEnv env, const RequestContext& ctx, std::string after, F f) {
  while (true) {
    auto page = env.store.List<ReservedCacheNode>(ctx.account, ctx.region, after, kScanBatch);
    for (const auto& node : page.items)
      if (!f(node)) return;
    if (!page.next_marker) return;
    after = *page.next_marker;
  }
}

// DescribeReservedCacheNodesOfferings. An unknown ReservedCacheNodesOfferingId yields an
// empty list, as AWS's own example shows, rather than ReservedCacheNodesOfferingNotFound.
ApiValue DescribeOfferings(const ReservedOfferingCatalog& catalog, const ApiValue& in) {
  int limit = PageSize(in, 20, 100, 100);
  ReservedNodeFilter filter = FilterFrom(in);
  OfferingPage page = catalog.List(filter, MarkerOf(in), limit);
  ApiValue offerings = ApiValue::List();
  for (const auto* o : page.items) offerings.Push(OfferingView(*o));
  return ApiValue::Struct()
      .SetIf("Marker", page.next_marker)
      .Set("ReservedCacheNodesOfferings", std::move(offerings));
}

ApiValue DescribeReservations(HandlerEnv env, const RequestContext& ctx, const ApiValue& in) {
  int limit = PageSize(in, 20, 100, 100);
  ReservedNodeFilter filter = FilterFrom(in);
  ApiValue nodes = ApiValue::List();
  ApiValue out = ApiValue::Struct();
  env.store.InTransaction([&] {
    if (auto id = in.GetString("ReservedCacheNodeId")) {
      auto node = env.store.Find<ReservedCacheNode>({ctx.account, ctx.region, *id});
      if (!node)
        throw faults::ReservedCacheNodeNotFoundFault("Reserved node " + *id + " not found.");
      if (filter.Matches(*node)) nodes.Push(ReservedCacheNodeView(*node));
      return;
    }
    std::string last_returned;
    ForEachReservation(env, ctx, MarkerOf(in), [&](const ReservedCacheNode& node) {
      if (!filter.Matches(node)) return true;
      if (int(nodes.AsList().size()) == limit) {
        out.Set("Marker", last_returned);
        return false;
      }
      nodes.Push(ReservedCacheNodeView(node));
      last_returned = node.id;
      return true;
    });
  });
  return out.Set("ReservedCacheNodes", std::move(nodes));
}

ApiValue Purchase(HandlerEnv env, const ReservedOfferingCatalog& catalog, const RequestContext& ctx,
                  const ApiValue& in) {
  std::string offering_id = in.GetString("ReservedCacheNodesOfferingId").value_or("");
  const ReservedCacheNodesOffering* offering = catalog.Find(offering_id);
  if (!offering)
    throw faults::ReservedCacheNodesOfferingNotFoundFault(
        "The requested cache node offering does not exist: " + offering_id + ".");
  std::optional<std::string> requested_id;
  if (auto id = in.GetString("ReservedCacheNodeId"))
    requested_id = ValidateReservedCacheNodeId(*id);
  int count = ValidateCacheNodeCount(in.GetInt("CacheNodeCount"));
  std::vector<Tag> tags = TagsFrom(in, "Tags");
  std::set<std::string> tag_keys;
  for (const auto& t : tags) tag_keys.insert(t.key);
  if (tag_keys.size() > kTagsPerResource)
    throw faults::TagQuotaPerResourceExceeded(
        "The request cannot be processed because it would cause the resource to have more "
        "than 50 tags.");

  return env.store.InTransaction([&] {
    auto taken = [&](const std::string& id) {
      return env.store.Find<ReservedCacheNode>({ctx.account, ctx.region, id}).has_value();
    };
    std::string id;
    if (requested_id) {
      if (taken(*requested_id))
        throw faults::ReservedCacheNodeAlreadyExistsFault(
            "You already have a reservation with the given identifier: " + *requested_id + ".");
      id = *requested_id;
    } else {
      // Two purchases within one millisecond: the later one takes the next free millisecond.
      for (Timestamp at = ctx.now;; ++at.epoch_ms) {
        id = GenerateReservedCacheNodeId(at);
        if (!taken(id)) break;
      }
    }

    int64_t held = 0;
    ForEachReservation(env, ctx, "", [&](const ReservedCacheNode& node) {
      held += NodesHeldAgainstQuota(node);
      return true;
    });
    if (held + count > env.options.reserved_nodes_quota)
      throw faults::ReservedCacheNodeQuotaExceededFault(
          "The request cannot be processed because it would exceed the user's cache node "
          "quota: " +
          std::to_string(held) + " reserved nodes held, " + std::to_string(count) +
          " requested, quota " + std::to_string(env.options.reserved_nodes_quota) + ".");

    ReservedCacheNode node =
        Reserve(*offering, ctx.account, ctx.region, id, count, ctx.now, env.TransitionMs());
    env.store.Save(node);
    if (!tags.empty())
      env.store.PutTags(ctx.account, ctx.region, ReservedCacheNodeArn(ctx.region, ctx.account, id),
                        tags);
    return ApiValue::Struct().Set("ReservedCacheNode", ReservedCacheNodeView(node));
  });
}

}  // namespace

ReservedOfferingCatalog LoadReservedOfferingCatalog(const std::string& file) {
  if (file.empty())
    return ReservedOfferingCatalog::Parse(kEmbeddedReservedOfferings,
                                          "built-in config/reserved-offerings.csv");
  std::ifstream in(file);
  if (!in) throw CatalogError("cannot read reserved offerings file '" + file + "'");
  std::stringstream text;
  text << in.rdbuf();
  return ReservedOfferingCatalog::Parse(text.str(), file);
}

void RegisterReservedNodeHandlers(HandlerRegistry& registry, HandlerEnv env,
                                  std::shared_ptr<const ReservedOfferingCatalog> catalog) {
  registry.Add("DescribeReservedCacheNodesOfferings",
               [catalog](const RequestContext&, const ApiValue& in) {
                 return DescribeOfferings(*catalog, in);
               });
  registry.Add("PurchaseReservedCacheNodesOffering",
               [env, catalog](const RequestContext& ctx, const ApiValue& in) {
                 return Purchase(env, *catalog, ctx, in);
               });
  registry.Add("DescribeReservedCacheNodes", [env](const RequestContext& ctx, const ApiValue& in) {
    return DescribeReservations(env, ctx, in);
  });
}

}  // namespace ecl

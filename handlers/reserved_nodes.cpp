#include "handlers/reserved_nodes.h"

#include <climits>

#include "model/aws_faults.h"
#include "model/naming.h"
#include "model/reserved_cache_node_rules.h"

namespace ecl {

namespace {

std::vector<api::RecurringCharge> RecurringChargesOf(const std::vector<RecurringCharge>& charges) {
  std::vector<api::RecurringCharge> out;
  for (const auto& c : charges) out.push_back({c.amount, c.frequency});
  return out;
}

api::ReservedCacheNodesOffering OfferingView(const ReservedCacheNodesOffering& o) {
  api::ReservedCacheNodesOffering v;
  v.ReservedCacheNodesOfferingId = o.id;
  v.CacheNodeType = o.cache_node_type;
  v.Duration = o.duration_seconds;
  v.FixedPrice = o.fixed_price;
  v.UsagePrice = o.usage_price;
  v.ProductDescription = o.product_description;
  v.OfferingType = o.offering_type;
  v.RecurringCharges = RecurringChargesOf(o.recurring_charges);
  return v;
}

api::ReservedCacheNode ReservedCacheNodeView(const ReservedCacheNode& n) {
  api::ReservedCacheNode v;
  v.ReservedCacheNodeId = n.id;
  v.ReservedCacheNodesOfferingId = n.offering_id;
  v.CacheNodeType = n.cache_node_type;
  v.StartTime = n.start_time;
  v.Duration = n.duration_seconds;
  v.FixedPrice = n.fixed_price;
  v.UsagePrice = n.usage_price;
  v.CacheNodeCount = n.cache_node_count;
  v.ProductDescription = n.product_description;
  v.OfferingType = n.offering_type;
  v.State = n.state;
  v.RecurringCharges = RecurringChargesOf(n.recurring_charges);
  v.ReservationARN = ReservedCacheNodeArn(n.region, n.account, n.id);
  return v;
}

// Both describes take the same filters.
template <typename Message>
ReservedNodeFilter FilterFrom(const Message& in) {
  ReservedNodeFilter filter;
  filter.offering_id = in.ReservedCacheNodesOfferingId;
  filter.cache_node_type = in.CacheNodeType;
  if (in.Duration) filter.duration_seconds = ParseDurationFilter(*in.Duration);
  filter.product_description = in.ProductDescription;
  filter.offering_type = in.OfferingType;
  return filter;
}

// DescribeReservedCacheNodesOfferings. An unknown ReservedCacheNodesOfferingId yields an
// empty list, as AWS's own example shows, rather than ReservedCacheNodesOfferingNotFound.
api::ReservedCacheNodesOfferingMessage DescribeReservedCacheNodesOfferings(
    HandlerEnv env, const RequestContext&,
    const api::DescribeReservedCacheNodesOfferingsMessage& in) {
  const ReservedOfferingCatalog& catalog = env.catalogs.reserved_offerings;
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  ReservedNodeFilter filter = FilterFrom(in);
  OfferingPage page = catalog.List(
      filter, MarkerPosition(api::op::DescribeReservedCacheNodesOfferings::kName, in.Marker),
      limit);
  api::ReservedCacheNodesOfferingMessage out;
  auto& offerings = out.ReservedCacheNodesOfferings.emplace();
  for (const auto* o : page.items) offerings.push_back(OfferingView(*o));
  out.Marker = NextMarker(api::op::DescribeReservedCacheNodesOfferings::kName, page.next_marker);
  return out;
}

api::ReservedCacheNodeMessage DescribeReservedCacheNodes(
    HandlerEnv env, const RequestContext& ctx, const api::DescribeReservedCacheNodesMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  ReservedNodeFilter filter = FilterFrom(in);
  api::ReservedCacheNodeMessage out;
  auto& nodes = out.ReservedCacheNodes.emplace();
  if (in.ReservedCacheNodeId) {
    ReservedCacheNode node = Require<ReservedCacheNode>(env, ctx, *in.ReservedCacheNodeId);
    if (filter.Matches(node)) nodes.push_back(ReservedCacheNodeView(node));
    return out;
  }
  auto page = env.store.Scan<ReservedCacheNode>(
      ctx.account, ctx.region,
      MarkerPosition(api::op::DescribeReservedCacheNodes::kName, in.Marker), limit,
      [&](const ReservedCacheNode& node) { return filter.Matches(node); });
  for (const auto& node : page.items) nodes.push_back(ReservedCacheNodeView(node));
  out.Marker = NextMarker(api::op::DescribeReservedCacheNodes::kName, page.next_marker);
  return out;
}

api::PurchaseReservedCacheNodesOfferingResult PurchaseReservedCacheNodesOffering(
    HandlerEnv env, const RequestContext& ctx,
    const api::PurchaseReservedCacheNodesOfferingMessage& in) {
  const ReservedOfferingCatalog& catalog = env.catalogs.reserved_offerings;
  const ReservedCacheNodesOffering* offering = catalog.Find(in.ReservedCacheNodesOfferingId);
  if (!offering)
    throw faults::ReservedCacheNodesOfferingNotFoundFault(
        "The requested cache node offering does not exist: " + in.ReservedCacheNodesOfferingId +
        ".");
  std::optional<std::string> requested_id;
  if (in.ReservedCacheNodeId) requested_id = ValidateReservedCacheNodeId(*in.ReservedCacheNodeId);
  int count = ValidateCacheNodeCount(in.CacheNodeCount);
  std::vector<Tag> tags = TagsFrom(in.Tags);

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

  // Reservations are few (the quota bounds them), so all of them are read.
  int64_t held = 0;
  for (const auto& node :
       env.store.Scan<ReservedCacheNode>(ctx.account, ctx.region, "", INT32_MAX).items)
    held += NodesHeldAgainstQuota(node);
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
  Record(env, ctx,
         {{std::string(Kind<ReservedCacheNode>::kStoredName),
           id,
           std::string(happened::kPurchased),
           ctx.now,
           {},
           {},
           {}}});
  return {ReservedCacheNodeView(node)};
}

}  // namespace

void RegisterReservedNodeHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::DescribeReservedCacheNodesOfferings>(env,
                                                             DescribeReservedCacheNodesOfferings);
  registry.Add<api::op::PurchaseReservedCacheNodesOffering>(env,
                                                            PurchaseReservedCacheNodesOffering);
  registry.Add<api::op::DescribeReservedCacheNodes>(env, DescribeReservedCacheNodes);
}

}  // namespace ecl

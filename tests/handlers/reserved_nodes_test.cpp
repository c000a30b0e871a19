// Reserved node handlers behind the Service: the built-in catalog, purchase and describe
// rules, the clock-driven states, tagging by ReservationARN and state kept across a restart.
#include "handlers/reserved_nodes.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "handlers/catalogs.h"
#include "handlers/service.h"
#include "model/aws_error.h"
#include "model/clock.h"

namespace ecl {
namespace {

constexpr int64_t kYearMs = int64_t(31536000) * 1000;

TEST(BuiltInCatalog, CoversEveryNodeTypeProductDurationAndOfferingType) {
  ReservedOfferingCatalog catalog = LoadReservedOfferingCatalog("");
  std::set<std::string> types, products, offering_types;
  std::set<int> durations;
  for (const auto& o : catalog.offerings()) {
    types.insert(o.cache_node_type);
    products.insert(o.product_description);
    durations.insert(o.duration_seconds);
    offering_types.insert(o.offering_type);
    // The generator writes ids the server would derive, so hand-added lines fit in.
    EXPECT_EQ(o.id, DeriveOfferingId(o.cache_node_type, o.product_description, o.duration_seconds,
                                     o.offering_type));
  }
  EXPECT_EQ(products, (std::set<std::string>{"memcached", "redis"}));
  EXPECT_EQ(durations, (std::set<int>{31536000, 94608000}));
  EXPECT_EQ(offering_types,
            (std::set<std::string>{"All Upfront", "Heavy Utilization", "Light Utilization",
                                   "Medium Utilization", "No Upfront", "Partial Upfront"}));
  for (const char* type :
       {"cache.t1.micro", "cache.t2.micro", "cache.m1.small", "cache.m2.4xlarge",
        "cache.m3.2xlarge", "cache.m4.10xlarge", "cache.c1.xlarge", "cache.r3.8xlarge",
        "cache.r4.16xlarge", "cache.t3.micro", "cache.t4g.medium", "cache.m5.large",
        "cache.m6g.16xlarge", "cache.m7g.large", "cache.r5.24xlarge", "cache.r6g.large",
        "cache.r7g.16xlarge"})
    EXPECT_TRUE(types.count(type)) << type;
  // Every combination is offered.
  EXPECT_EQ(catalog.offerings().size(), types.size() * 2 * 2 * 6);
}

TEST(CatalogFile, ReplacesTheBuiltInOneAndReportsErrors) {
  auto path = std::filesystem::temp_directory_path() / "ecl-reserved-catalog-test.csv";
  {
    std::ofstream out(path);
    out << kReservedOfferingsHeader << "\n,cache.x1.tiny,redis,1,No Upfront,0,0,0.5\n";
  }
  auto catalog = LoadReservedOfferingCatalog(path.string());
  ASSERT_EQ(catalog.offerings().size(), 1u);
  EXPECT_EQ(catalog.offerings()[0].cache_node_type, "cache.x1.tiny");
  {
    std::ofstream out(path);
    out << kReservedOfferingsHeader << "\n,cache.x1.tiny,redis,7,No Upfront,0,0,0.5\n";
  }
  try {
    LoadReservedOfferingCatalog(path.string());
    ADD_FAILURE() << "accepted";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string() + ":2:"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
  EXPECT_THROW(LoadReservedOfferingCatalog(path.string()), CatalogError);
}

class ReservedNodes : public ::testing::Test {
 protected:
  explicit ReservedNodes(ServiceOptions options = InMemory()) { Start(std::move(options)); }

  static ServiceOptions InMemory() {
    ServiceOptions o;
    o.in_memory = true;
    return o;
  }

  void Start(ServiceOptions options) {
    registry_ = HandlerRegistry();
    service_.reset();
    service_ = std::make_unique<Service>(options);
    service_->Register(registry_);
  }

  ApiValue Call(const std::string& action, ApiValue input = ApiValue::Struct()) {
    RequestContext ctx{"req", "123456789012", "us-east-1", clock_.Now()};
    service_->ApplyDueTransitions(ctx.now);
    const Handler* h = registry_.Find(action);
    EXPECT_NE(h, nullptr) << action;
    return (*h)(ctx, input);
  }

  std::string CallError(const std::string& action, ApiValue input) {
    try {
      Call(action, std::move(input));
    } catch (const AwsError& e) {
      return e.code + " " + std::to_string(e.http_status);
    }
    return "no error";
  }

  std::string OfferingId(const std::string& type, const std::string& years,
                         const std::string& offering_type) {
    auto out = Call("DescribeReservedCacheNodesOfferings", ApiValue::Struct()
                                                               .Set("CacheNodeType", type)
                                                               .Set("Duration", years)
                                                               .Set("ProductDescription", "redis")
                                                               .Set("OfferingType", offering_type));
    const auto& list = out.GetList("ReservedCacheNodesOfferings");
    EXPECT_EQ(list.size(), 1u);
    return list.empty() ? "" : *list[0].GetString("ReservedCacheNodesOfferingId");
  }

  ApiValue Purchase(const std::string& offering_id, std::optional<std::string> id = std::nullopt,
                    std::optional<int> count = std::nullopt) {
    ApiValue in = ApiValue::Struct().Set("ReservedCacheNodesOfferingId", offering_id);
    if (id) in.Set("ReservedCacheNodeId", *id);
    if (count) in.Set("CacheNodeCount", *count);
    return *Call("PurchaseReservedCacheNodesOffering", in).Get("ReservedCacheNode");
  }

  std::string StateOf(const std::string& id) {
    auto out =
        Call("DescribeReservedCacheNodes", ApiValue::Struct().Set("ReservedCacheNodeId", id));
    return *out.GetList("ReservedCacheNodes").at(0).GetString("State");
  }

  ManualClock clock_;
  HandlerRegistry registry_;
  std::unique_ptr<Service> service_;
};

TEST_F(ReservedNodes, PurchaseCopiesTheOfferingAndIsPendingUntilPaid) {
  Start([] {
    auto o = InMemory();
    o.transition_seconds = 30;
    return o;
  }());
  std::string offering = OfferingId("cache.r6g.large", "1", "Partial Upfront");
  ApiValue node = Purchase(offering, "mine", 2);
  EXPECT_EQ(*node.GetString("ReservedCacheNodeId"), "mine");
  EXPECT_EQ(*node.GetString("ReservedCacheNodesOfferingId"), offering);
  EXPECT_EQ(*node.GetString("CacheNodeType"), "cache.r6g.large");
  EXPECT_EQ(*node.GetInt("Duration"), 31536000);
  EXPECT_EQ(*node.GetInt("CacheNodeCount"), 2);
  EXPECT_EQ(*node.GetString("OfferingType"), "Partial Upfront");
  EXPECT_EQ(*node.GetString("ProductDescription"), "redis");
  EXPECT_EQ(node.Get("StartTime")->AsTimestamp(), clock_.Now());
  EXPECT_EQ(node.GetList("RecurringCharges").size(), 1u);
  EXPECT_EQ(*node.GetString("State"), "payment-pending");
  EXPECT_EQ(*node.GetString("ReservationARN"),
            "arn:aws:elasticache:us-east-1:123456789012:reserved-instance:mine");

  clock_.Advance(29999);
  EXPECT_EQ(StateOf("mine"), "payment-pending");
  clock_.Advance(1);
  EXPECT_EQ(StateOf("mine"), "active");
  clock_.Advance(kYearMs - 30001);
  EXPECT_EQ(StateOf("mine"), "active");
  clock_.Advance(1);
  EXPECT_EQ(StateOf("mine"), "retired");
}

TEST_F(ReservedNodes, GeneratedIdsAreUniqueWithinOneMillisecond) {
  std::string offering = OfferingId("cache.t3.micro", "3", "No Upfront");
  std::string first = *Purchase(offering).GetString("ReservedCacheNodeId");
  std::string second = *Purchase(offering).GetString("ReservedCacheNodeId");
  EXPECT_EQ(first, GenerateReservedCacheNodeId(clock_.Now()));
  EXPECT_EQ(second, GenerateReservedCacheNodeId(Timestamp{clock_.Now().epoch_ms + 1}));
}

TEST_F(ReservedNodes, PurchaseErrorsChangeNothing) {
  std::string offering = OfferingId("cache.t3.micro", "1", "All Upfront");
  Purchase(offering, "taken");
  EXPECT_EQ(CallError("PurchaseReservedCacheNodesOffering",
                      ApiValue::Struct()
                          .Set("ReservedCacheNodesOfferingId", offering)
                          .Set("ReservedCacheNodeId", "taken")),
            "ReservedCacheNodeAlreadyExists 404");
  EXPECT_EQ(CallError("PurchaseReservedCacheNodesOffering",
                      ApiValue::Struct().Set("ReservedCacheNodesOfferingId",
                                             "00000000-0000-0000-0000-000000000000")),
            "ReservedCacheNodesOfferingNotFound 404");
  EXPECT_EQ(CallError("PurchaseReservedCacheNodesOffering",
                      ApiValue::Struct()
                          .Set("ReservedCacheNodesOfferingId", offering)
                          .Set("CacheNodeCount", 0)),
            "InvalidParameterValue 400");
  auto all = Call("DescribeReservedCacheNodes");
  EXPECT_EQ(all.GetList("ReservedCacheNodes").size(), 1u);
}

TEST_F(ReservedNodes, QuotaCountsNodesOfReservationsNotRetired) {
  Start([] {
    auto o = InMemory();
    o.reserved_nodes_quota = 5;
    return o;
  }());
  std::string one_year = OfferingId("cache.t3.micro", "1", "No Upfront");
  Purchase(one_year, "a", 3);
  EXPECT_EQ(CallError("PurchaseReservedCacheNodesOffering",
                      ApiValue::Struct()
                          .Set("ReservedCacheNodesOfferingId", one_year)
                          .Set("CacheNodeCount", 3)),
            "ReservedCacheNodeQuotaExceeded 400");
  Purchase(one_year, "b", 2);  // exactly at the quota
  clock_.Advance(kYearMs);     // both retire
  Purchase(one_year, "c", 5);
}

TEST_F(ReservedNodes, DescribeFiltersAndPages) {
  std::string a = OfferingId("cache.t3.micro", "1", "No Upfront");
  std::string b = OfferingId("cache.r6g.large", "3", "Heavy Utilization");
  for (int i = 0; i < 25; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "n%02d", i);
    Purchase(a, id);
  }
  Purchase(b, "zz");

  auto count = [&](ApiValue filter) {
    return Call("DescribeReservedCacheNodes", std::move(filter))
        .GetList("ReservedCacheNodes")
        .size();
  };
  EXPECT_EQ(count(ApiValue::Struct().Set("ReservedCacheNodesOfferingId", b)), 1u);
  EXPECT_EQ(count(ApiValue::Struct().Set("CacheNodeType", "cache.t3.micro")), 25u);
  EXPECT_EQ(count(ApiValue::Struct().Set("Duration", "94608000")), 1u);
  EXPECT_EQ(count(ApiValue::Struct().Set("Duration", "1")), 25u);
  EXPECT_EQ(count(ApiValue::Struct().Set("ProductDescription", "memcached")), 0u);
  EXPECT_EQ(count(ApiValue::Struct().Set("OfferingType", "Heavy Utilization")), 1u);
  EXPECT_EQ(count(ApiValue::Struct().Set("ReservedCacheNodeId", "zz").Set("Duration", "1")), 0u);
  EXPECT_EQ(CallError("DescribeReservedCacheNodes", ApiValue::Struct().Set("Duration", "2")),
            "InvalidParameterValue 400");
  EXPECT_EQ(CallError("DescribeReservedCacheNodes", ApiValue::Struct().Set("MaxRecords", 19)),
            "InvalidParameterValue 400");
  EXPECT_EQ(CallError("DescribeReservedCacheNodes", ApiValue::Struct().Set("MaxRecords", 101)),
            "InvalidParameterValue 400");
  EXPECT_EQ(CallError("DescribeReservedCacheNodes",
                      ApiValue::Struct().Set("ReservedCacheNodeId", "nope")),
            "ReservedCacheNodeNotFound 404");

  auto first =
      Call("DescribeReservedCacheNodes",
           ApiValue::Struct().Set("MaxRecords", 20).Set("CacheNodeType", "cache.t3.micro"));
  EXPECT_EQ(first.GetList("ReservedCacheNodes").size(), 20u);
  ASSERT_TRUE(first.GetString("Marker"));
  auto second = Call("DescribeReservedCacheNodes", ApiValue::Struct()
                                                       .Set("MaxRecords", 20)
                                                       .Set("CacheNodeType", "cache.t3.micro")
                                                       .Set("Marker", *first.GetString("Marker")));
  EXPECT_EQ(second.GetList("ReservedCacheNodes").size(), 5u);
  EXPECT_FALSE(second.GetString("Marker"));
}

TEST_F(ReservedNodes, TagsByReservationArn) {
  std::string offering = OfferingId("cache.t3.micro", "1", "No Upfront");
  ApiValue in =
      ApiValue::Struct()
          .Set("ReservedCacheNodesOfferingId", offering)
          .Set("ReservedCacheNodeId", "tagged")
          .Set("Tags",
               ApiValue::List().Push(ApiValue::Struct().Set("Key", "team").Set("Value", "cache")));
  std::string arn = *Call("PurchaseReservedCacheNodesOffering", in)
                         .Get("ReservedCacheNode")
                         ->GetString("ReservationARN");
  auto tags = Call("ListTagsForResource", ApiValue::Struct().Set("ResourceName", arn));
  ASSERT_EQ(tags.GetList("TagList").size(), 1u);
  EXPECT_EQ(*tags.GetList("TagList")[0].GetString("Key"), "team");
  EXPECT_EQ(CallError("ListTagsForResource",
                      ApiValue::Struct().Set(
                          "ResourceName",
                          "arn:aws:elasticache:us-east-1:123456789012:reserved-instance:none")),
            "ReservedCacheNodeNotFound 404");
}

TEST_F(ReservedNodes, ReservationsAndOfferingIdsSurviveARestart) {
  auto dir = std::filesystem::temp_directory_path() / "ecl-reserved-restart-test";
  std::filesystem::remove_all(dir);
  ServiceOptions options;
  options.data_dir = dir.string();
  Start(options);
  std::string offering = OfferingId("cache.m7g.large", "3", "All Upfront");
  Purchase(offering, "kept");
  Start(options);
  EXPECT_EQ(OfferingId("cache.m7g.large", "3", "All Upfront"), offering);
  EXPECT_EQ(StateOf("kept"), "active");
  service_.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ecl

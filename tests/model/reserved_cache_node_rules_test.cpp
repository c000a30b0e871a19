// Reserved cache node rules: Duration filter values, reservation ids, CacheNodeCount, the
// describe filters, and the payment-pending -> active -> retired lifecycle on a clock.
#include "model/reserved_cache_node_rules.h"

#include <gtest/gtest.h>

#include "model/aws_error.h"
#include "tests/model/lifecycle_support.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::Changed;
using testing_support::Removed;

TEST(ReservedDuration, AcceptsYearsAndSeconds) {
  EXPECT_EQ(ParseDurationFilter("1"), 31536000);
  EXPECT_EQ(ParseDurationFilter("31536000"), 31536000);
  EXPECT_EQ(ParseDurationFilter("3"), 94608000);
  EXPECT_EQ(ParseDurationFilter("94608000"), 94608000);
  // Terraform's aws_elasticache_reserved_cache_node_offering sends ISO-8601 durations.
  EXPECT_EQ(ParseDurationFilter("P1Y"), 31536000);
  EXPECT_EQ(ParseDurationFilter("P3Y"), 94608000);
}

TEST(ReservedDuration, RejectsEverythingElseNamingTheValue) {
  for (const char* bad : {"", "0", "2", "01", " 1", "1 ", "-1", "+3", "1y", "31536001", "63072000",
                          "one", "P2Y", "p1y", "P1M"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(DurationSeconds(bad).has_value());
    try {
      ParseDurationFilter(bad);
      ADD_FAILURE() << "accepted";
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code, "InvalidParameterValue");
      EXPECT_EQ(e.http_status, 400);
      EXPECT_NE(e.message().find("'" + std::string(bad) + "'"), std::string::npos) << e.message();
    }
  }
}

TEST(ReservedCacheNodeId, GeneratedFromTheUtcTimeToTheMillisecond) {
  // The model's ReservationARN example: ...:reserved-instance:ri-2017-03-27-08-33-25-582.
  EXPECT_EQ(GenerateReservedCacheNodeId(Timestamp{1490603605582}), "ri-2017-03-27-08-33-25-582");
  EXPECT_EQ(GenerateReservedCacheNodeId(Timestamp{1709251199007}), "ri-2024-02-29-23-59-59-007");
  EXPECT_EQ(GenerateReservedCacheNodeId(Timestamp{0}), "ri-1970-01-01-00-00-00-000");
}

TEST(ReservedCacheNodeId, UserChosenIdsAreKeptAsGiven) {
  EXPECT_EQ(ValidateReservedCacheNodeId("mynode"), "mynode");
  EXPECT_EQ(ValidateReservedCacheNodeId("My_Reservation.2024"), "My_Reservation.2024");
  EXPECT_EQ(ValidateReservedCacheNodeId(std::string(255, 'r')), std::string(255, 'r'));
}

TEST(ReservedCacheNodeId, RejectsBlankLongAndArnBreakingIds) {
  for (std::string bad :
       {std::string(), std::string(256, 'r'), std::string("a:b"), std::string("with space"),
        std::string("tab\there"), std::string("caf\xc3\xa9")}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(ValidateReservedCacheNodeId(bad), AwsError);
  }
}

TEST(CacheNodeCount, DefaultsToOneAndMustBePositive) {
  EXPECT_EQ(ValidateCacheNodeCount(std::nullopt), 1);
  EXPECT_EQ(ValidateCacheNodeCount(1), 1);
  EXPECT_EQ(ValidateCacheNodeCount(12), 12);
  EXPECT_THROW(ValidateCacheNodeCount(0), AwsError);
  EXPECT_THROW(ValidateCacheNodeCount(-3), AwsError);
}

ReservedCacheNodesOffering Offering() {
  ReservedCacheNodesOffering o;
  o.id = "0167633d-37f6-4222-b872-b1f22eb79ba4";
  o.cache_node_type = "cache.m4.xlarge";
  o.product_description = "redis";
  o.duration_seconds = kThreeYearsSeconds;
  o.offering_type = "Heavy Utilization";
  o.fixed_price = 1248.0;
  o.usage_price = 0.0;
  o.recurring_charges = {{0.077, "Hourly"}};
  return o;
}

TEST(ReservedNodeFilter, EveryMemberNarrowsOfferingsAndReservations) {
  const auto offering = Offering();
  const auto node = Reserve(offering, "123456789012", "us-east-1", "r1", 1, Timestamp{0}, 0);
  ReservedNodeFilter all;
  EXPECT_TRUE(all.Matches(offering));
  EXPECT_TRUE(all.Matches(node));
  auto expect = [&](ReservedNodeFilter f, bool matches) {
    EXPECT_EQ(f.Matches(offering), matches);
    EXPECT_EQ(f.Matches(node), matches);
  };
  expect({.offering_id = offering.id}, true);
  expect({.offering_id = "other"}, false);
  expect({.cache_node_type = "cache.m4.xlarge"}, true);
  expect({.cache_node_type = "cache.m4.large"}, false);
  expect({.duration_seconds = kThreeYearsSeconds}, true);
  expect({.duration_seconds = kOneYearSeconds}, false);
  expect({.product_description = "redis"}, true);
  expect({.product_description = "memcached"}, false);
  expect({.offering_type = "Heavy Utilization"}, true);
  expect({.offering_type = "No Upfront"}, false);
  expect({.cache_node_type = "cache.m4.xlarge", .offering_type = "No Upfront"}, false);
}

TEST(Reserve, CopiesTheOfferingsTerms) {
  const auto node =
      Reserve(Offering(), "123456789012", "eu-west-1", "mine", 3, Timestamp{1000}, 5000);
  EXPECT_EQ(node.account, "123456789012");
  EXPECT_EQ(node.region, "eu-west-1");
  EXPECT_EQ(node.id, "mine");
  EXPECT_EQ(node.offering_id, Offering().id);
  EXPECT_EQ(node.cache_node_type, "cache.m4.xlarge");
  EXPECT_EQ(node.duration_seconds, kThreeYearsSeconds);
  EXPECT_EQ(node.fixed_price, 1248.0);
  EXPECT_EQ(node.usage_price, 0.0);
  ASSERT_EQ(node.recurring_charges.size(), 1u);
  EXPECT_EQ(node.recurring_charges[0].amount, 0.077);
  EXPECT_EQ(node.recurring_charges[0].frequency, "Hourly");
  EXPECT_EQ(node.product_description, "redis");
  EXPECT_EQ(node.offering_type, "Heavy Utilization");
  EXPECT_EQ(node.cache_node_count, 3);
  EXPECT_EQ(node.start_time, Timestamp{1000});
  EXPECT_EQ(node.state, "payment-pending");
  ASSERT_TRUE(node.transition.has_value());
  EXPECT_EQ(node.transition->due_at, Timestamp{6000});
  EXPECT_EQ(TermEnd(node).epoch_ms, 1000 + int64_t(kThreeYearsSeconds) * 1000);
}

TEST(ReservationLifecycle, PaymentThenActiveThenRetiredAtTheEndOfTheTerm) {
  auto offering = Offering();
  offering.duration_seconds = kOneYearSeconds;
  const int64_t start = 1700000000000;
  auto node = Reserve(offering, "a", "r", "id", 1, Timestamp{start}, 30000);

  EXPECT_FALSE(Changed(AdvanceReservedCacheNode(node, At(Timestamp{start + 29999}))));
  EXPECT_EQ(node.state, "payment-pending");
  EXPECT_TRUE(Changed(AdvanceReservedCacheNode(node, At(Timestamp{start + 30000}))));
  EXPECT_EQ(node.state, "active");
  ASSERT_TRUE(node.transition.has_value());
  EXPECT_EQ(node.transition->due_at.epoch_ms, start + int64_t(kOneYearSeconds) * 1000);

  const int64_t end = start + int64_t(kOneYearSeconds) * 1000;
  EXPECT_FALSE(Changed(AdvanceReservedCacheNode(node, At(Timestamp{end - 1}))));
  EXPECT_EQ(node.state, "active");
  EXPECT_EQ(NodesHeldAgainstQuota(node), 1);
  EXPECT_TRUE(Changed(AdvanceReservedCacheNode(node, At(Timestamp{end}))));
  EXPECT_EQ(node.state, "retired");
  EXPECT_FALSE(node.transition.has_value());
  EXPECT_EQ(NodesHeldAgainstQuota(node), 0);
  EXPECT_FALSE(Changed(AdvanceReservedCacheNode(node, At(Timestamp{end + 1}))));
}

TEST(ReservationLifecycle, AJumpPastTheTermRetiresInOneStep) {
  const int64_t start = 1700000000000;
  auto node = Reserve(Offering(), "a", "r", "id", 4, Timestamp{start}, 0);
  EXPECT_EQ(NodesHeldAgainstQuota(node), 4);
  EXPECT_TRUE(Changed(
      AdvanceReservedCacheNode(node, At(Timestamp{start + int64_t(kThreeYearsSeconds) * 1000}))));
  EXPECT_EQ(node.state, "retired");
}

}  // namespace
}  // namespace ecl

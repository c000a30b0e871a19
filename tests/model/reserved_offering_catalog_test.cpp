// The reserved offerings catalog: CSV parsing and its errors, stable derived ids, lookup and
// filtered paging in id order.
#include "model/reserved_offering_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace ecl {
namespace {

const std::string kOfferingsHeader = std::string(kReservedOfferingsHeader) + "\n";

TEST(DeriveOfferingId, IsANameBasedUuidThatNeverChanges) {
  // Pinned: ids users saved (Terraform state, scripts) must keep working across releases.
  // tools/gen_reserved_offerings.py computes the same value.
  EXPECT_EQ(DeriveOfferingId("cache.r6g.large", "redis", 31536000, "No Upfront"),
            "036d7c46-fda8-518f-95f8-03709df1504b");
  std::string id = DeriveOfferingId("cache.t3.micro", "memcached", 94608000, "All Upfront");
  EXPECT_TRUE(IsUuid(id));
  EXPECT_EQ(id[14], '5');                                          // version
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);  // RFC 4122 variant
  EXPECT_EQ(id, DeriveOfferingId("cache.t3.micro", "memcached", 94608000, "All Upfront"));
  EXPECT_NE(id, DeriveOfferingId("cache.t3.micro", "memcached", 31536000, "All Upfront"));
  EXPECT_NE(id, DeriveOfferingId("cache.t3.micro", "redis", 94608000, "All Upfront"));
}

TEST(IsUuid, ChecksTheLayout) {
  EXPECT_TRUE(IsUuid("0167633d-37f6-4222-b872-b1f22eb79ba4"));
  EXPECT_TRUE(IsUuid("0167633D-37F6-4222-B872-B1F22EB79BA4"));
  EXPECT_FALSE(IsUuid("0167633d37f64222b872b1f22eb79ba4"));
  EXPECT_FALSE(IsUuid("0167633d-37f6-4222-b872-b1f22eb79ba"));
  EXPECT_FALSE(IsUuid("g167633d-37f6-4222-b872-b1f22eb79ba4"));
}

TEST(ReservedOfferingCatalog, ParsesCommentsHeaderAndRows) {
  auto catalog = ReservedOfferingCatalog::Parse(
      "# a comment\n\n" + kOfferingsHeader +
          "0167633d-37f6-4222-b872-b1f22eb79ba4,cache.m1.small,memcached,3,Medium "
          "Utilization,157.0,0.017,\r\n"
          " , cache.m4.xlarge , redis , 94608000 , Heavy Utilization , 1248 , 0 , 0.077 \n",
      "test.csv");
  ASSERT_EQ(catalog.offerings().size(), 2u);
  const auto* explicit_id = catalog.Find("0167633d-37f6-4222-b872-b1f22eb79ba4");
  ASSERT_NE(explicit_id, nullptr);
  EXPECT_EQ(explicit_id->cache_node_type, "cache.m1.small");
  EXPECT_EQ(explicit_id->product_description, "memcached");
  EXPECT_EQ(explicit_id->duration_seconds, 94608000);
  EXPECT_EQ(explicit_id->offering_type, "Medium Utilization");
  EXPECT_EQ(explicit_id->fixed_price, 157.0);
  EXPECT_EQ(explicit_id->usage_price, 0.017);
  EXPECT_TRUE(explicit_id->recurring_charges.empty());

  const auto* derived =
      catalog.Find(DeriveOfferingId("cache.m4.xlarge", "redis", 94608000, "Heavy Utilization"));
  ASSERT_NE(derived, nullptr);
  EXPECT_EQ(derived->offering_type, "Heavy Utilization");
  ASSERT_EQ(derived->recurring_charges.size(), 1u);
  EXPECT_EQ(derived->recurring_charges[0].amount, 0.077);
  EXPECT_EQ(derived->recurring_charges[0].frequency, "Hourly");
  EXPECT_EQ(catalog.Find("0167633d-37f6-4222-b872-b1f22eb79ba5"), nullptr);
}

void ExpectOfferingCatalogError(const std::string& text, const std::string& fragment) {
  try {
    ReservedOfferingCatalog::Parse(text, "my.csv");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(ReservedOfferingCatalog, ErrorsNameTheFileLineAndValue) {
  ExpectOfferingCatalogError("", "my.csv: no header line");
  ExpectOfferingCatalogError("id,type\n", "my.csv:1: expected the header line");
  ExpectOfferingCatalogError(kOfferingsHeader + ",cache.t3.micro,redis,1,No Upfront,0,0\n",
                             "my.csv:2: expected 8 comma-separated fields, got 7");
  ExpectOfferingCatalogError(kOfferingsHeader + ",cache.t3.micro,redis,2,No Upfront,0,0,0.1\n",
                             "my.csv:2: duration must be 1, 3, 31536000 or 94608000, got '2'");
  ExpectOfferingCatalogError(kOfferingsHeader + ",,redis,1,No Upfront,0,0,0.1\n",
                             "my.csv:2: cache_node_type must not be empty");
  ExpectOfferingCatalogError(kOfferingsHeader + ",cache.t3.micro,redis,1,,0,0,0.1\n",
                             "my.csv:2: offering_type must not be empty");
  ExpectOfferingCatalogError(kOfferingsHeader + ",cache.t3.micro,redis,1,No Upfront,-1,0,0.1\n",
                             "fixed_price must be a non-negative number, got '-1'");
  ExpectOfferingCatalogError(kOfferingsHeader + ",cache.t3.micro,redis,1,No Upfront,0,cheap,0.1\n",
                             "usage_price must be a non-negative number, got 'cheap'");
  ExpectOfferingCatalogError(kOfferingsHeader + ",cache.t3.micro,redis,1,No Upfront,0,0,inf\n",
                             "recurring_hourly must be a non-negative number");
  ExpectOfferingCatalogError(
      kOfferingsHeader + "not-a-uuid,cache.t3.micro,redis,1,No Upfront,0,0,0.1\n",
      "my.csv:2: offering_id must be empty or a UUID, got 'not-a-uuid'");
  ExpectOfferingCatalogError(kOfferingsHeader + ",cache.t3.micro,redis,1,No Upfront,0,0,0.1\n" +
                                 ",cache.t3.micro,redis,31536000,No Upfront,1,0,0.1\n",
                             "duplicate offering id " + DeriveOfferingId("cache.t3.micro", "redis",
                                                                         31536000, "No Upfront"));
}

TEST(ReservedOfferingCatalog, ListsMatchingOfferingsInIdOrderPageByPage) {
  std::string text = kOfferingsHeader;
  for (const char* type : {"cache.t3.micro", "cache.t3.small", "cache.r6g.large"})
    for (const char* product : {"redis", "memcached"})
      for (const char* years : {"1", "3"})
        text += std::string(",") + type + "," + product + "," + years + ",No Upfront,0,0,0.1\n";
  auto catalog = ReservedOfferingCatalog::Parse(text, "t");
  ASSERT_EQ(catalog.offerings().size(), 12u);

  ReservedNodeFilter redis{.product_description = "redis"};
  std::vector<std::string> seen;
  std::string marker;
  int pages = 0;
  while (true) {
    OfferingPage page = catalog.List(redis, marker, 4);
    ++pages;
    for (const auto* o : page.items) {
      EXPECT_EQ(o->product_description, "redis");
      seen.push_back(o->id);
    }
    if (!page.next_marker) break;
    EXPECT_EQ(*page.next_marker, seen.back());
    marker = *page.next_marker;
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 6u);

  // Exactly one page's worth: no marker.
  EXPECT_FALSE(catalog.List(redis, "", 6).next_marker.has_value());
  EXPECT_TRUE(catalog.List({.offering_id = "unknown"}, "", 20).items.empty());
}

}  // namespace
}  // namespace ecl

// The service updates catalog: the checked-in config/service-updates.csv, parsing and its
// errors, DescribeServiceUpdates' filters and order, and which clusters an update concerns.
#include "model/service_update_catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/catalog_csv.h"
#include "tests/model/repo_file.h"
#include "tests/model/shipped_catalogs.h"

namespace ecl {
namespace {

const std::string kUpdatesHeader = std::string(kServiceUpdatesHeader) + "\n";
const std::string kRow =
    "su-1,2024-01-02T03:04:05Z,,low,available,2024-02-01T00:00:00Z,security-update,redis,"
    "redis 6.2 and onwards,redis:6.2+,30 minutes per node,yes,A fix.\n";

std::vector<std::string> NamesOf(const std::vector<const ServiceUpdateEntry*>& entries) {
  std::vector<std::string> out;
  for (const auto* e : entries) out.push_back(e->name);
  return out;
}

TEST(ServiceUpdateCatalog, ShippedAwsCliExampleRowKeepsItsPublishedFields) {
  const ServiceUpdateEntry* e = testing::ShippedServiceUpdateCatalog().Find("elc-20191007-001");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(FormatIso8601(e->release_date), "2019-10-09T16:00:00.000Z");
  ASSERT_TRUE(e->end_date);
  EXPECT_EQ(FormatIso8601(*e->end_date), "2020-02-09T15:59:59.000Z");
  EXPECT_EQ(FormatIso8601(e->recommended_apply_by_date), "2019-11-08T15:59:59.000Z");
  EXPECT_EQ(e->severity, "important");
  EXPECT_EQ(e->type, "security-update");
  EXPECT_EQ(e->engine_shown, "redis, memcached");
  EXPECT_EQ(e->engine_version_shown, "redis 2.6.13 and onwards, memcached 1.4.5 and onwards");
  EXPECT_EQ(e->estimated_update_time, "30 minutes per node");
  EXPECT_FALSE(e->auto_update);
  EXPECT_FALSE(e->end_date == std::nullopt);
}

TEST(ServiceUpdateCatalog, ShippedNoticeRowsKeepTheirPublishedAttributes) {
  const ServiceUpdateEntry* intel =
      testing::ShippedServiceUpdateCatalog().Find("elasticache-20250507-intel");
  ASSERT_NE(intel, nullptr);
  EXPECT_EQ(intel->severity, "medium");
  EXPECT_EQ(intel->type, "security-update");
  EXPECT_EQ(FormatIso8601(intel->recommended_apply_by_date), "2025-06-20T07:59:59.000Z");
  const ServiceUpdateEntry* feb =
      testing::ShippedServiceUpdateCatalog().Find("elasticache-feb-patch-update-202602");
  ASSERT_NE(feb, nullptr);
  EXPECT_EQ(feb->severity, "important");
  EXPECT_EQ(feb->type, "engine-update");
  EXPECT_EQ(FormatIso8601(feb->recommended_apply_by_date), "2026-03-22T23:59:59.000Z");
}

TEST(ServiceUpdateCatalog, ListsNewestFirstAndFiltersByNameAndStatus) {
  auto all = NamesOf(testing::ShippedServiceUpdateCatalog().List({}));
  ASSERT_EQ(all.size(), testing::ShippedServiceUpdateCatalog().entries().size());
  EXPECT_EQ(all.front(), "elasticache-feb-patch-update-202602");
  EXPECT_EQ(all.back(), "elc-20191007-001");
  for (size_t i = 1; i < all.size(); ++i)
    EXPECT_GE(testing::ShippedServiceUpdateCatalog().Find(all[i - 1])->release_date,
              testing::ShippedServiceUpdateCatalog().Find(all[i])->release_date);
  for (const auto* e : testing::ShippedServiceUpdateCatalog().List({std::nullopt, {"expired"}}))
    EXPECT_EQ(e->status, "expired");
  EXPECT_TRUE(testing::ShippedServiceUpdateCatalog().List({std::nullopt, {"cancelled"}}).empty());
  EXPECT_EQ(NamesOf(testing::ShippedServiceUpdateCatalog().List({"elc-20191007-001", {}})),
            std::vector<std::string>{"elc-20191007-001"});
  EXPECT_TRUE(
      testing::ShippedServiceUpdateCatalog().List({"elc-20191007-001", {"available"}}).empty());
  EXPECT_EQ(testing::ShippedServiceUpdateCatalog().Find("ELC-20191007-001"),
            nullptr);  // names are exact
}

TEST(ServiceUpdateCatalog, RulesMatchAVersionItsPatchesOrEverythingLater) {
  auto catalog = ServiceUpdateCatalog::Parse(
      kUpdatesHeader +
          "exact,2024-01-01T00:00:00Z,,low,available,2024-02-01T00:00:00Z,security-update,"
          "redis,redis 6.2,redis:6.2 valkey:8,1 minute,no,x\n"
          "later,2024-01-01T00:00:00Z,,low,available,2024-02-01T00:00:00Z,security-update,"
          "memcached,memcached 1.5.16 and onwards,memcached:1.5.16+,1 minute,no,x\n",
      "t.csv");
  const ServiceUpdateEntry* exact = catalog.Find("exact");
  EXPECT_TRUE(exact->AppliesTo("redis", "6.2"));
  EXPECT_TRUE(exact->AppliesTo("redis", "6.2.6"));
  EXPECT_FALSE(exact->AppliesTo("redis", "6.20.1"));
  EXPECT_FALSE(exact->AppliesTo("redis", "7.1.0"));
  EXPECT_FALSE(exact->AppliesTo("valkey", "6.2.6"));
  EXPECT_TRUE(exact->AppliesTo("valkey", "8.2.0"));
  const ServiceUpdateEntry* later = catalog.Find("later");
  EXPECT_TRUE(later->AppliesTo("memcached", "1.5.16"));
  EXPECT_TRUE(later->AppliesTo("memcached", "1.6.22"));
  EXPECT_FALSE(later->AppliesTo("memcached", "1.5.10"));
  EXPECT_FALSE(later->AppliesTo("memcached", "1.4.5"));
  EXPECT_FALSE(later->AppliesTo("redis", "7.1.0"));
}

TEST(ServiceUpdateCatalog, ParsesARowAndItsOptionalEndDate) {
  auto catalog = ServiceUpdateCatalog::Parse(kUpdatesHeader + kRow, "t.csv");
  ASSERT_EQ(catalog.entries().size(), 1u);
  const auto& e = catalog.entries().front();
  EXPECT_EQ(FormatIso8601(e.release_date), "2024-01-02T03:04:05.000Z");
  EXPECT_FALSE(e.end_date);
  EXPECT_TRUE(e.auto_update);
}

TEST(ServiceUpdateCatalog, MalformedRowsNameTheirLine) {
  struct Case {
    std::string row;
    std::string message_part;
  };
  auto with = [](std::string from, const std::string& to) {
    std::string row = kRow;
    row.replace(row.find(from), from.size(), to);
    return row;
  };
  for (const Case& c : std::vector<Case>{
           {with("2024-01-02T03:04:05Z", "2024-13-02T03:04:05Z"), "release_date"},
           {with("2024-01-02T03:04:05Z", "2024-01-02"), "release_date"},
           {with(",low,", ",urgent,"), "severity"},
           {with(",available,", ",complete,"), "status"},
           {with("security-update", "os-update"), "type"},
           {with("redis:6.2+", "redis"), "applies_to"},
           {with("redis:6.2+", "mysql:8+"), "applies_to"},
           {with("redis:6.2+", ""), "applies_to"},
           {with(",yes,", ",maybe,"), "auto_update"},
           {kRow + kRow, "duplicate service update su-1"},
       }) {
    SCOPED_TRACE(c.row);
    try {
      ServiceUpdateCatalog::Parse(kUpdatesHeader + c.row, "t.csv");
      ADD_FAILURE() << "accepted";
    } catch (const CatalogError& e) {
      EXPECT_NE(std::string(e.what()).find("t.csv:"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(c.message_part), std::string::npos) << e.what();
    }
  }
}

TEST(ParseUtcInstant, AcceptsOnlyTheCatalogForm) {
  EXPECT_EQ(ParseUtcInstant("1970-01-01T00:00:00Z")->epoch_ms, 0);
  EXPECT_EQ(FormatIso8601(*ParseUtcInstant("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59.000Z");
  EXPECT_FALSE(ParseUtcInstant("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseUtcInstant("2023-01-01T24:00:00Z"));
  EXPECT_FALSE(ParseUtcInstant("2023-01-01 00:00:00Z"));
  EXPECT_FALSE(ParseUtcInstant("2023-01-01T00:00:00"));
}

}  // namespace
}  // namespace ecl

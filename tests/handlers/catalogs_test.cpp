// The catalogs compiled into the binary parse, and hold what the handlers rely on.
#include "handlers/catalogs.h"

#include <gtest/gtest.h>

namespace ecl {
namespace {

TEST(BuiltInCatalogs, LoadAndHoldTheBasics) {
  auto catalogs = LoadCatalogs("");
  ASSERT_TRUE(catalogs);
  EXPECT_FALSE(catalogs->reserved_offerings.offerings().empty());
  const EngineVersionEntry* redis = catalogs->engines.DefaultVersion("redis");
  ASSERT_NE(redis, nullptr);
  EXPECT_EQ(redis->parameter_group_family, "redis7");
  EXPECT_NE(catalogs->node_types.Find("cache.t3.micro"), nullptr);
  EXPECT_TRUE(catalogs->parameters.HasFamily("memcached1.6"));
  EXPECT_NE(catalogs->parameters.FindDefaultGroup("default.redis7.cluster.on"), nullptr);
  EXPECT_EQ(catalogs->parameters.DefaultGroupValue("default.redis7.cluster.on", "cluster-enabled"),
            "yes");
  const ServiceUpdateEntry* update = catalogs->service_updates.Find("elc-20191007-001");
  ASSERT_NE(update, nullptr);
  EXPECT_EQ(update->estimated_update_time, "30 minutes per node");
  EXPECT_TRUE(update->AppliesTo("memcached", "1.6.22"));
}

TEST(BuiltInCatalogs, AnOfferingsFileThatCannotBeReadStopsTheLoad) {
  EXPECT_THROW(LoadCatalogs("/nonexistent/offerings.csv"), CatalogError);
}

}  // namespace
}  // namespace ecl

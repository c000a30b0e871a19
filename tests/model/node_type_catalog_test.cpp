// The node types catalog: the checked-in config/node-types.csv, engine support by version,
// ListAllowedNodeTypeModifications' scale-up and scale-down lists, and parsing errors.
#include "model/node_type_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/catalog_csv.h"
#include "tests/model/repo_file.h"
#include "tests/model/shipped_catalogs.h"

namespace ecl {
namespace {

using Names = std::vector<std::string>;

bool Contains(const Names& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(NodeTypeCatalog, ShippedRowsCarryDocumentedMemoryAndVcpus) {
  struct Row {
    const char* name;
    const char* family;
    double memory_gib;
    int vcpus;
    bool current;
  };
  for (const Row& r : std::vector<Row>{{"cache.t1.micro", "t1", 0.213, 1, false},
                                       {"cache.t2.micro", "t2", 0.555, 1, false},
                                       {"cache.t3.micro", "t3", 0.5, 2, true},
                                       {"cache.t4g.medium", "t4g", 3.09, 2, true},
                                       {"cache.m4.10xlarge", "m4", 154.64, 40, true},
                                       {"cache.m5.24xlarge", "m5", 314.32, 96, true},
                                       {"cache.m7g.large", "m7g", 6.38, 2, true},
                                       {"cache.r3.8xlarge", "r3", 237, 32, false},
                                       {"cache.r6g.large", "r6g", 13.07, 2, true},
                                       {"cache.r6gd.16xlarge", "r6gd", 419.09, 64, true},
                                       {"cache.r7g.16xlarge", "r7g", 419.09, 64, true},
                                       {"cache.c7gn.12xlarge", "c7gn", 78.56, 48, true},
                                       {"cache.r8g.large", "r8g", 14.18, 2, true}}) {
    const NodeType* t = testing::ShippedNodeTypeCatalog().Find(r.name);
    ASSERT_NE(t, nullptr) << r.name;
    EXPECT_EQ(t->family, r.family);
    EXPECT_DOUBLE_EQ(t->memory_gib, r.memory_gib) << r.name;
    EXPECT_EQ(t->vcpus, r.vcpus) << r.name;
    EXPECT_EQ(t->current_generation(), r.current) << r.name;
  }
  EXPECT_DOUBLE_EQ(*testing::ShippedNodeTypeCatalog().MemoryGib("cache.r5.large"), 13.07);
  EXPECT_FALSE(testing::ShippedNodeTypeCatalog().MemoryGib("cache.x9.large").has_value());
  EXPECT_EQ(testing::ShippedNodeTypeCatalog().Find("cache.x9.large"), nullptr);
  EXPECT_TRUE(testing::ShippedNodeTypeCatalog().Find("cache.r6gd.xlarge")->data_tiering());
  EXPECT_DOUBLE_EQ(*testing::ShippedNodeTypeCatalog().Find("cache.r6gd.xlarge")->ssd_gib, 99.33);
  EXPECT_FALSE(testing::ShippedNodeTypeCatalog().Find("cache.r6g.xlarge")->data_tiering());
}

TEST(NodeTypeCatalog, ListsEveryReservedOfferingNodeType) {
  std::string offerings = testing::ReadRepoFile("config/reserved-offerings.csv");
  std::size_t listed = 0;
  for (const auto& t : testing::ShippedNodeTypeCatalog().node_types())
    if (offerings.find("," + t.name + ",") != std::string::npos) ++listed;
  EXPECT_EQ(listed, 78u);
}

TEST(NodeTypeCatalog, EngineSupportFollowsMinimumVersions) {
  struct Case {
    const char* type;
    const char* engine;
    const char* version;
    bool supported;
  };
  for (const Case& c : std::vector<Case>{{"cache.m6g.large", "redis", "5.0.6", true},
                                         {"cache.m6g.large", "redis", "5.0.5", false},
                                         {"cache.r7g.large", "redis", "6.2.6", true},
                                         {"cache.r7g.large", "redis", "6.0.5", false},
                                         {"cache.r6gd.xlarge", "redis", "6.2.6", true},
                                         {"cache.r6gd.xlarge", "memcached", "1.6.22", false},
                                         {"cache.r8g.large", "redis", "7.1.0", false},
                                         {"cache.r8g.large", "valkey", "8.0.1", true},
                                         {"cache.m3.large", "valkey", "8.0.1", false},
                                         {"cache.m3.large", "redis", "2.8.24", true},
                                         {"cache.t3.micro", "memcached", "1.6.22", true},
                                         {"cache.c7gn.large", "memcached", "1.5.16", false},
                                         {"cache.t3.micro", "mysql", "8.0", false},
                                         {"cache.t3.micro", "redis", "6.x", false}}) {
    EXPECT_EQ(testing::ShippedNodeTypeCatalog().Find(c.type)->Supports(c.engine, c.version),
              c.supported)
        << c.type << " " << c.engine << " " << c.version;
  }
}

TEST(NodeTypeCatalog, ScaleDownOffersSmallerCurrentTypesInNameOrder) {
  auto m = testing::ShippedNodeTypeCatalog().AllowedModifications("cache.m5.large", "redis",
                                                                  "7.1.0", false);
  // Smaller than 6.38 GiB; T2 is previous generation; c7gn.xlarge has the same memory.
  EXPECT_EQ(m.scale_down,
            (Names{"cache.c7gn.large", "cache.t3.medium", "cache.t3.micro", "cache.t3.small",
                   "cache.t4g.medium", "cache.t4g.micro", "cache.t4g.small"}));
  EXPECT_TRUE(Contains(m.scale_up, "cache.r7g.large"));
  EXPECT_TRUE(Contains(m.scale_up, "cache.m4.10xlarge"));
  EXPECT_FALSE(Contains(m.scale_up, "cache.c7gn.xlarge"));  // equal memory: neither list
  EXPECT_FALSE(Contains(m.scale_up, "cache.r8g.large"));    // no Redis OSS on Graviton4
  EXPECT_FALSE(Contains(m.scale_up, "cache.r6gd.xlarge"));  // data tiering stays apart
  EXPECT_FALSE(Contains(m.scale_up, "cache.r3.large"));     // previous generation
  EXPECT_TRUE(std::is_sorted(m.scale_up.begin(), m.scale_up.end()));
  for (const auto& name : m.scale_up)
    EXPECT_GT(*testing::ShippedNodeTypeCatalog().MemoryGib(name), 6.38) << name;
}

TEST(NodeTypeCatalog, ScaleUpFollowsTheEngineAndItsVersion) {
  auto valkey = testing::ShippedNodeTypeCatalog().AllowedModifications("cache.r7g.large", "valkey",
                                                                       "8.0.1", false);
  EXPECT_TRUE(Contains(valkey.scale_up, "cache.r8g.large"));
  EXPECT_TRUE(Contains(valkey.scale_up, "cache.m8g.xlarge"));   // 14.18 GiB
  EXPECT_TRUE(Contains(valkey.scale_down, "cache.m8g.large"));  // 6.79 GiB
  auto redis5 = testing::ShippedNodeTypeCatalog().AllowedModifications("cache.r5.large", "redis",
                                                                       "5.0.5", false);
  EXPECT_FALSE(Contains(redis5.scale_up, "cache.r6g.xlarge"));  // r6g needs 5.0.6
  EXPECT_TRUE(Contains(redis5.scale_up, "cache.r5.xlarge"));
  auto redis506 = testing::ShippedNodeTypeCatalog().AllowedModifications("cache.r5.large", "redis",
                                                                         "5.0.6", false);
  EXPECT_TRUE(Contains(redis506.scale_up, "cache.r6g.xlarge"));
  EXPECT_FALSE(Contains(redis506.scale_up, "cache.r7g.xlarge"));  // r7g needs 6.2
}

TEST(NodeTypeCatalog, DataTieringScalesOnlyWithinR6gd) {
  auto m = testing::ShippedNodeTypeCatalog().AllowedModifications("cache.r6gd.2xlarge", "redis",
                                                                  "6.2.6", true);
  EXPECT_EQ(m.scale_up, (Names{"cache.r6gd.12xlarge", "cache.r6gd.16xlarge", "cache.r6gd.4xlarge",
                               "cache.r6gd.8xlarge"}));
  EXPECT_EQ(m.scale_down, (Names{"cache.r6gd.xlarge"}));
}

TEST(NodeTypeCatalog, NoModificationsForOldMemcachedUnknownTypesOrOldClusterMode) {
  auto empty = [](const NodeTypeModifications& m) {
    return m.scale_up.empty() && m.scale_down.empty();
  };
  // Memcached node types change from 1.5 on (on-demand vertical scaling).
  EXPECT_TRUE(empty(testing::ShippedNodeTypeCatalog().AllowedModifications(
      "cache.m5.large", "memcached", "1.4.34", false)));
  const NodeTypeModifications memcached = testing::ShippedNodeTypeCatalog().AllowedModifications(
      "cache.m5.large", "memcached", "1.6.22", false);
  EXPECT_TRUE(Contains(memcached.scale_up, "cache.m5.xlarge"));
  EXPECT_TRUE(Contains(memcached.scale_down, "cache.t3.micro"));
  EXPECT_TRUE(empty(testing::ShippedNodeTypeCatalog().AllowedModifications(
      "cache.x9.large", "redis", "7.1.0", false)));
  EXPECT_TRUE(empty(testing::ShippedNodeTypeCatalog().AllowedModifications("cache.m5.large",
                                                                           "mysql", "8.0", false)));
  // Cluster mode enabled scales vertically from 3.2.10 on.
  EXPECT_TRUE(empty(testing::ShippedNodeTypeCatalog().AllowedModifications(
      "cache.m5.large", "redis", "3.2.6", true)));
  EXPECT_FALSE(empty(testing::ShippedNodeTypeCatalog().AllowedModifications(
      "cache.m5.large", "redis", "3.2.6", false)));
  EXPECT_FALSE(empty(testing::ShippedNodeTypeCatalog().AllowedModifications(
      "cache.m5.large", "redis", "3.2.10", true)));
}

void ExpectNodeTypeCatalogError(const std::string& text, const std::string& fragment) {
  try {
    NodeTypeCatalog::Parse(text, "n.csv");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(NodeTypeCatalog, ErrorsNameTheFileLineAndValue) {
  const std::string header = std::string(kNodeTypesHeader) + "\n";
  const std::string good = "cache.r7g.large,r7g,current,memory,13.07,2,,6.2,7.2,1.5.16\n";
  EXPECT_EQ(NodeTypeCatalog::Parse(header + good, "n.csv").node_types().size(), 1u);
  ExpectNodeTypeCatalogError("", "n.csv: no header line");
  ExpectNodeTypeCatalogError(header + "cache.r7g.large,r7g\n",
                             "n.csv:2: expected 10 comma-separated fields, got 2");
  ExpectNodeTypeCatalogError(header + "r7g.large,r7g,current,memory,13.07,2,,6.2,7.2,1.5.16\n",
                             "n.csv:2: cache_node_type must start with 'cache.', got 'r7g.large'");
  ExpectNodeTypeCatalogError(header + "cache.r7g.large,r7g,next,memory,13.07,2,,6.2,7.2,1.5.16\n",
                             "n.csv:2: generation must be current or previous, got 'next'");
  ExpectNodeTypeCatalogError(header + "cache.r7g.large,r7g,current,huge,13.07,2,,6.2,7.2,1.5.16\n",
                             "n.csv:2: unknown category 'huge'");
  ExpectNodeTypeCatalogError(header + "cache.r7g.large,r7g,current,memory,lots,2,,6.2,7.2,1.5.16\n",
                             "n.csv:2: memory_gib must be a non-negative number, got 'lots'");
  ExpectNodeTypeCatalogError(
      header + "cache.r7g.large,r7g,current,memory,13.07,0,,6.2,7.2,1.5.16\n",
      "n.csv:2: vcpus must be a positive whole number, got '0'");
  ExpectNodeTypeCatalogError(
      header + "cache.r7g.large,r7g,current,memory,13.07,2,,6.x,7.2,1.5.16\n",
      "n.csv:2: redis_min_version must be a dotted version such as 7.1.0, got '6.x'");
  ExpectNodeTypeCatalogError(header + good + good, "n.csv:3: duplicate node type cache.r7g.large");
}

}  // namespace
}  // namespace ecl

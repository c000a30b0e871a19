// The engine versions catalog: parsing and its errors, the checked-in config/engine-versions.csv,
// DescribeCacheEngineVersions filters and order, and which request forms select which entry.
#include "model/engine_catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/catalog_csv.h"
#include "tests/model/repo_file.h"
#include "tests/model/shipped_catalogs.h"

namespace ecl {
namespace {

const std::string kVersionsHeader = std::string(kEngineVersionsHeader) + "\n";

std::vector<std::string> Versions(const std::vector<const EngineVersionEntry*>& entries) {
  std::vector<std::string> out;
  for (const auto* e : entries) out.push_back(e->engine + " " + e->engine_version);
  return out;
}

TEST(EngineCatalog, ShippedRowsCarryWhatDescribeCacheEngineVersionsShows) {
  struct Row {
    const char* engine;
    const char* version;
    const char* family;
    const char* engine_description;
    const char* version_description;
    const char* actual;
  };
  for (const Row& r : std::vector<Row>{
           {"redis", "2.6.13", "redis2.6", "Redis", "redis version 2.6.13", "2.6.13"},
           {"redis", "2.8.22", "redis2.8", "Redis", "redis version 2.8.22 R5", "2.8.22"},
           {"redis", "3.2.10", "redis3.2", "Redis", "redis version 3.2.10", "3.2.10"},
           {"redis", "5.0.6", "redis5.0", "Redis", "redis version 5.0.6", "5.0.6"},
           {"redis", "6.0", "redis6.x", "Redis", "redis version 6.0.5", "6.0.5"},
           {"redis", "6.2", "redis6.x", "Redis", "redis version 6.2.6", "6.2.6"},
           {"redis", "7.1", "redis7", "Redis", "redis version 7.1.0", "7.1.0"},
           {"valkey", "7.2", "valkey7", "Valkey", "valkey version 7.2.6", "7.2.6"},
           {"valkey", "8.0", "valkey8", "Valkey", "valkey version 8.0.1", "8.0.1"},
           {"memcached", "1.4.14", "memcached1.4", "memcached", "memcached version 1.4.14",
            "1.4.14"},
           {"memcached", "1.6.22", "memcached1.6", "memcached", "memcached version 1.6.22",
            "1.6.22"},
       }) {
    auto found =
        testing::ShippedEngineCatalog().List({.engine = r.engine, .engine_version = r.version});
    ASSERT_EQ(found.size(), 1u) << r.engine << " " << r.version;
    EXPECT_EQ(found[0]->parameter_group_family, r.family);
    EXPECT_EQ(found[0]->engine_description, r.engine_description);
    EXPECT_EQ(found[0]->version_description, r.version_description);
    EXPECT_EQ(found[0]->actual_version, r.actual);
  }
  // No 5.0.1 or 5.0.2 ever shipped on ElastiCache.
  EXPECT_TRUE(
      testing::ShippedEngineCatalog().List({.engine = "redis", .engine_version = "5.0.1"}).empty());
}

TEST(EngineCatalog, ListsInAwsOrderWithFilters) {
  // AWS orders by engine, then EngineVersion as text: 1.4.33 before 1.4.5.
  auto memcached14 = Versions(testing::ShippedEngineCatalog().List({.family = "memcached1.4"}));
  EXPECT_EQ(memcached14,
            (std::vector<std::string>{"memcached 1.4.14", "memcached 1.4.24", "memcached 1.4.33",
                                      "memcached 1.4.34", "memcached 1.4.5"}));
  auto redis28 =
      Versions(testing::ShippedEngineCatalog().List({.engine = "redis", .family = "redis2.8"}));
  ASSERT_FALSE(redis28.empty());
  EXPECT_EQ(redis28.back(), "redis 2.8.6");
  auto all = testing::ShippedEngineCatalog().List({});
  EXPECT_EQ(all.size(), testing::ShippedEngineCatalog().entries().size());
  EXPECT_EQ(all.front()->engine, "memcached");
  EXPECT_EQ(all.back()->engine, "valkey");
  EXPECT_TRUE(testing::ShippedEngineCatalog().List({.engine = "mysql"}).empty());
  EXPECT_TRUE(
      testing::ShippedEngineCatalog().List({.engine = "redis", .family = "valkey8"}).empty());
}

TEST(EngineCatalog, DefaultOnlyGivesEachEngineItsDefaultOrTheDefaultOfAMajorVersion) {
  EXPECT_EQ(Versions(testing::ShippedEngineCatalog().List({.default_only = true})),
            (std::vector<std::string>{"memcached 1.6.22", "redis 7.1", "valkey 8.2"}));
  EXPECT_EQ(
      Versions(testing::ShippedEngineCatalog().List({.engine = "redis", .default_only = true})),
      (std::vector<std::string>{"redis 7.1"}));
  struct Case {
    const char* engine;
    const char* version;
    const char* expected;
  };
  for (const Case& c : std::vector<Case>{{"redis", "6.0", "redis 6.2"},
                                         {"redis", "6", "redis 6.2"},
                                         {"redis", "5.0.0", "redis 5.0.6"},
                                         {"redis", "2.8.6", "redis 2.8.24"},
                                         {"redis", "3.2.4", "redis 3.2.10"},
                                         {"valkey", "8.0", "valkey 8.2"},
                                         {"valkey", "7.2", "valkey 7.2"},
                                         {"memcached", "1.4.5", "memcached 1.6.22"}}) {
    auto found = Versions(testing::ShippedEngineCatalog().List(
        {.engine = c.engine, .engine_version = c.version, .default_only = true}));
    EXPECT_EQ(found, std::vector<std::string>{c.expected}) << c.engine << " " << c.version;
  }
}

TEST(EngineCatalog, ResolvesEveryRequestFormToItsEntry) {
  struct Case {
    const char* engine;
    const char* requested;
    const char* listed;  // nullptr: rejected
    const char* actual;
  };
  for (const Case& c : std::vector<Case>{
           {"redis", "7.1", "7.1", "7.1.0"},
           {"redis", "7.1.0", "7.1", "7.1.0"},
           {"redis", "7.0", "7.0", "7.0.7"},
           {"redis", "6.x", "6.2", "6.2.6"},
           {"redis", "6.2", "6.2", "6.2.6"},
           {"redis", "6.0", "6.0", "6.0.5"},
           {"redis", "6.0.5", nullptr, nullptr},  // 6.0 takes no patch version
           {"redis", "7.x", nullptr, nullptr},
           {"redis", "7", nullptr, nullptr},
           {"redis", "5.0.6", "5.0.6", "5.0.6"},
           {"redis", "5.0", nullptr, nullptr},  // before 6 only full versions
           {"redis", "2.8.24", "2.8.24", "2.8.24"},
           {"valkey", "8.0", "8.0", "8.0.1"},
           {"valkey", "7.2.6", "7.2", "7.2.6"},
           {"valkey", "7.1", nullptr, nullptr},
           {"memcached", "1.6.22", "1.6.22", "1.6.22"},
           {"memcached", "1.6", nullptr, nullptr},
           {"mysql", "8.0", nullptr, nullptr},
       }) {
    const auto* e = testing::ShippedEngineCatalog().Resolve(c.engine, c.requested);
    if (c.listed == nullptr) {
      EXPECT_EQ(e, nullptr) << c.engine << " " << c.requested;
      continue;
    }
    ASSERT_NE(e, nullptr) << c.engine << " " << c.requested;
    EXPECT_EQ(e->engine_version, c.listed);
    EXPECT_EQ(e->actual_version, c.actual);
  }
}

TEST(EngineCatalog, DefaultVersionAndReportedVersions) {
  ASSERT_NE(testing::ShippedEngineCatalog().DefaultVersion("redis"), nullptr);
  EXPECT_EQ(testing::ShippedEngineCatalog().DefaultVersion("redis")->actual_version, "7.1.0");
  EXPECT_EQ(testing::ShippedEngineCatalog().DefaultVersion("valkey")->parameter_group_family,
            "valkey8");
  EXPECT_EQ(testing::ShippedEngineCatalog().DefaultVersion("memcached")->actual_version, "1.6.22");
  EXPECT_EQ(testing::ShippedEngineCatalog().DefaultVersion("mysql"), nullptr);
  ASSERT_NE(testing::ShippedEngineCatalog().FindActual("redis", "6.2.6"), nullptr);
  EXPECT_EQ(testing::ShippedEngineCatalog().FindActual("redis", "6.2.6")->engine_version, "6.2");
  EXPECT_EQ(testing::ShippedEngineCatalog().FindActual("redis", "6.2")->actual_version, "6.2.6");
  EXPECT_EQ(testing::ShippedEngineCatalog().FindActual("redis", "9.9.9"), nullptr);
}

TEST(EngineCatalog, LifecycleMarksOldVersions) {
  auto lifecycle = [](const char* engine, const char* version) {
    return testing::ShippedEngineCatalog()
        .List({.engine = engine, .engine_version = version})
        .at(0)
        ->lifecycle;
  };
  EXPECT_EQ(lifecycle("redis", "2.8.24"), "end-of-life");
  EXPECT_EQ(lifecycle("redis", "3.2.10"), "end-of-life");
  EXPECT_EQ(lifecycle("redis", "5.0.5"), "deprecated");
  EXPECT_EQ(lifecycle("redis", "5.0.6"), "current");
}

void ExpectEngineCatalogError(const std::string& text, const std::string& fragment) {
  try {
    EngineCatalog::Parse(text, "v.csv");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(EngineCatalog, ErrorsNameTheFileLineAndValue) {
  const std::string good =
      "redis,7.1,redis7,Redis,redis version 7.1.0,7.1.0,7.1 7.1.0,yes,yes,current\n";
  EXPECT_EQ(EngineCatalog::Parse("# c\n" + kVersionsHeader + good, "v.csv").entries().size(), 1u);
  ExpectEngineCatalogError("", "v.csv: no header line");
  ExpectEngineCatalogError("engine,version\n", "v.csv:1: expected the header line");
  ExpectEngineCatalogError(kVersionsHeader + "redis,7.1,redis7\n",
                           "v.csv:2: expected 10 comma-separated fields, got 3");
  ExpectEngineCatalogError(
      kVersionsHeader + "redis,seven,redis7,Redis,d,7.1.0,7.1,yes,yes,current\n",
      "v.csv:2: engine_version must be a dotted version such as 7.1.0, got 'seven'");
  ExpectEngineCatalogError(kVersionsHeader + "redis,7.1,,Redis,d,7.1.0,7.1,yes,yes,current\n",
                           "v.csv:2: cache_parameter_group_family must not be empty");
  ExpectEngineCatalogError(kVersionsHeader + "redis,7.1,redis7,Redis,d,7.1.0,,yes,yes,current\n",
                           "v.csv:2: accepted_versions must list at least one version");
  ExpectEngineCatalogError(
      kVersionsHeader + "redis,7.1,redis7,Redis,d,7.1.0,7.1,maybe,yes,current\n",
      "v.csv:2: default_for_major must be yes or no, got 'maybe'");
  ExpectEngineCatalogError(kVersionsHeader + "redis,7.1,redis7,Redis,d,7.1.0,7.1,yes,yes,retired\n",
                           "v.csv:2: lifecycle must be current, deprecated or end-of-life");
  ExpectEngineCatalogError(kVersionsHeader + good + good,
                           "v.csv:3: duplicate engine version redis 7.1");
  ExpectEngineCatalogError(
      kVersionsHeader + good + "redis,7.0,redis7,Redis,d,7.0.7,7.0 7.1,no,no,current\n",
      "v.csv:3: accepted version 7.1 of redis is already taken by line 2");
  ExpectEngineCatalogError(
      kVersionsHeader + good + "redis,7.0,redis7,Redis,d,7.0.7,7.0,yes,no,current\n",
      "v.csv:3: a second default_for_major entry for redis 7");
  ExpectEngineCatalogError(kVersionsHeader + "redis,7.1,redis7,Redis,d,7.1.0,7.1,yes,no,current\n",
                           "v.csv: engine redis needs exactly one engine_default entry, has 0");
  ExpectEngineCatalogError(
      kVersionsHeader + "redis,7.1,redis7,\"Redis,d,7.1.0,7.1,yes,yes,current\n",
      "v.csv:2: a quoted field is not closed");
}

TEST(CatalogCsv, QuotedFieldsAndVersions) {
  auto rows = ReadCatalogRows("a,b\n x , \"1,2\" \n\"say \"\"hi\"\"\",\n", "t", "a,b");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"x", "1,2"}));
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"say \"hi\"", ""}));
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_LT(CompareVersions("3.2.4", "3.2.10"), 0);
  EXPECT_EQ(CompareVersions("6.2", "6.2.0"), 0);
  EXPECT_GT(CompareVersions("7.0", "6.2.6"), 0);
  EXPECT_TRUE(IsDottedVersion("1.4.14"));
  EXPECT_FALSE(IsDottedVersion("6.x"));
  EXPECT_FALSE(IsDottedVersion("7..1"));
}

}  // namespace
}  // namespace ecl

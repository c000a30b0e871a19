// The cache parameter catalog: the checked-in config/cache-parameters/ files against AWS's own
// DescribeEngineDefaultParameters example, family differences, node-type-specific values,
// default groups, value checks, agreement with the other catalogs, and parsing errors.
#include "model/parameter_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "model/catalog_csv.h"
#include "model/engine_catalog.h"
#include "model/node_type_catalog.h"
#include "tests/model/repo_file.h"
#include "tests/model/shipped_catalogs.h"

namespace ecl {
namespace {

using Names = std::vector<std::string>;

Names NamesOf(const std::vector<const CacheParameter*>& params) {
  Names out;
  for (const auto* p : params) out.push_back(p->name);
  return out;
}

TEST(ParameterCatalog, ShipsEveryFamily) {
  EXPECT_EQ(testing::ShippedParameterCatalog().families(),
            (Names{"redis2.6", "redis2.8", "redis3.2", "redis4.0", "redis5.0", "redis6.x", "redis7",
                   "valkey7", "valkey8", "memcached1.4", "memcached1.5", "memcached1.6"}));
  EXPECT_FALSE(testing::ShippedParameterCatalog().HasFamily("redis9"));
  EXPECT_TRUE(testing::ShippedParameterCatalog().AllParameters("redis9").empty());
}

// Rows of botocore's DescribeEngineDefaultParameters example for redis2.8, field for field.
TEST(ParameterCatalog, Redis28MatchesAwsExample) {
  struct Row {
    const char* name;
    const char* value;
    const char* data_type;
    const char* allowed;
    bool modifiable;
    const char* change_type;
    const char* minimum;
  };
  for (const Row& r : std::vector<Row>{
           {"activerehashing", "yes", "string", "yes,no", true, "requires-reboot", "2.8.6"},
           {"appendfsync", "everysec", "string", "always,everysec,no", true, "immediate", "2.8.6"},
           {"client-output-buffer-limit-pubsub-hard-limit", "33554432", "integer", "0-", true,
            "immediate", "2.8.6"},
           {"client-output-buffer-limit-slave-soft-seconds", "60", "integer", "0-", false,
            "immediate", "2.8.6"},
           {"close-on-slave-write", "yes", "string", "yes,no", true, "immediate", "2.8.23"},
           {"databases", "16", "integer", "1-1200000", true, "requires-reboot", "2.8.6"},
           {"lua-time-limit", "5000", "integer", "5000", false, "immediate", "2.8.6"},
           {"maxclients", "65000", "integer", "1-65000", false, "requires-reboot", "2.8.6"},
           {"maxmemory-policy", "volatile-lru", "string",
            "volatile-lru,allkeys-lru,volatile-random,allkeys-random,volatile-ttl,noeviction", true,
            "immediate", "2.8.6"},
           {"maxmemory-samples", "3", "integer", "1-", true, "immediate", "2.8.6"},
           {"notify-keyspace-events", "", "string", "", true, "immediate", "2.8.6"},
           {"repl-backlog-size", "1048576", "integer", "16384-", true, "immediate", "2.8.6"},
           {"repl-timeout", "60", "integer", "11-", true, "immediate", "2.8.6"},
           {"slave-allow-chaining", "no", "string", "yes,no", false, "immediate", "2.8.6"},
           {"slowlog-log-slower-than", "10000", "integer", "-", true, "immediate", "2.8.6"},
           {"tcp-keepalive", "0", "integer", "0-", true, "immediate", "2.8.6"},
           {"timeout", "0", "integer", "0,20-", true, "immediate", "2.8.6"},
       }) {
    const CacheParameter* p = testing::ShippedParameterCatalog().Find("redis2.8", r.name);
    ASSERT_NE(p, nullptr) << r.name;
    EXPECT_EQ(p->value, r.value) << r.name;
    EXPECT_EQ(p->data_type, r.data_type) << r.name;
    EXPECT_EQ(p->allowed_values, r.allowed) << r.name;
    EXPECT_EQ(p->is_modifiable, r.modifiable) << r.name;
    EXPECT_EQ(p->change_type, r.change_type) << r.name;
    EXPECT_EQ(p->minimum_engine_version, r.minimum) << r.name;
    EXPECT_EQ(p->source, "system") << r.name;
    EXPECT_FALSE(p->description.empty()) << r.name;
  }
  // The example's CacheNodeTypeSpecificParameters, with some of its values.
  auto specific = testing::ShippedParameterCatalog().NodeTypeSpecificParameters("redis2.8");
  Names names;
  for (const auto& s : specific) names.push_back(s.parameter->name);
  EXPECT_EQ(names, (Names{"client-output-buffer-limit-slave-hard-limit",
                          "client-output-buffer-limit-slave-soft-limit", "maxmemory"}));
  auto value = [](const char* name, const char* type) {
    return testing::ShippedParameterCatalog()
        .NodeTypeValue("redis2.8", name, type)
        .value_or("(none)");
  };
  EXPECT_EQ(value("client-output-buffer-limit-slave-hard-limit", "cache.m1.small"), "94371840");
  EXPECT_EQ(value("client-output-buffer-limit-slave-hard-limit", "cache.t2.micro"), "58195968");
  EXPECT_EQ(value("client-output-buffer-limit-slave-hard-limit", "cache.m4.xlarge"), "1532850176");
  EXPECT_EQ(value("client-output-buffer-limit-slave-soft-limit", "cache.r3.8xlarge"),
            "24536678400");
  EXPECT_EQ(value("maxmemory", "cache.t2.micro"), "581959680");
}

TEST(ParameterCatalog, ListsParametersInNameOrderWithoutNodeTypeSpecificOnes) {
  auto names = NamesOf(testing::ShippedParameterCatalog().Parameters("redis7"));
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).count("maxmemory"), 0u);
  EXPECT_EQ(names.front(), "acl-pubsub-default");
  EXPECT_EQ(
      names.size() + testing::ShippedParameterCatalog().NodeTypeSpecificParameters("redis7").size(),
      testing::ShippedParameterCatalog().AllParameters("redis7").size());
}

TEST(ParameterCatalog, FamiliesDifferAsTheVersionsDocumentThem) {
  struct Case {
    const char* family;
    const char* name;
    const char* value;  // nullptr: the family lacks the parameter
  };
  for (const Case& c : std::vector<Case>{
           {"redis2.6", "repl-backlog-size", nullptr},
           {"redis2.8", "cluster-enabled", nullptr},
           {"redis3.2", "cluster-enabled", "no"},
           {"redis3.2", "tcp-keepalive", "300"},
           {"redis3.2", "list-max-ziplist-entries", nullptr},
           {"redis4.0", "active-defrag-cycle-min", "25"},
           {"redis5.0", "active-defrag-cycle-min", "5"},
           {"redis5.0", "min-slaves-to-write", nullptr},
           {"redis5.0", "min-replicas-to-write", "0"},
           {"redis5.0", "repl-timeout", nullptr},
           {"redis5.0", "rename-commands", ""},
           {"redis6.x", "lua-replicate-commands", nullptr},
           {"redis6.x", "acl-pubsub-default", "allchannels"},
           {"redis7", "hash-max-ziplist-entries", nullptr},
           {"redis7", "hash-max-listpack-entries", "512"},
           {"redis7", "cluster-preferred-endpoint-type", "tls-dynamic"},
           {"valkey7", "lazyfree-lazy-eviction", "no"},
           {"valkey8", "lazyfree-lazy-eviction", nullptr},
           {"valkey8", "replica-lazy-flush", nullptr},
           {"valkey8", "repl-backlog-size", "10485760"},
           {"valkey8", "extended-redis-compatibility", "yes"},
           {"memcached1.4", "modern", "1"},
           {"memcached1.5", "modern", nullptr},
           {"memcached1.5", "no_modern", "1"},
           {"memcached1.6", "expirezero_does_not_evict", nullptr},
           {"memcached1.6", "max_item_size", "1048576"},
       }) {
    const CacheParameter* p = testing::ShippedParameterCatalog().Find(c.family, c.name);
    if (c.value == nullptr) {
      EXPECT_EQ(p, nullptr) << c.family << " " << c.name;
    } else {
      ASSERT_NE(p, nullptr) << c.family << " " << c.name;
      EXPECT_EQ(p->value, c.value) << c.family << " " << c.name;
    }
  }
  EXPECT_FALSE(testing::ShippedParameterCatalog().Find("redis7", "activerehashing")->is_modifiable);
  EXPECT_TRUE(
      testing::ShippedParameterCatalog().Find("redis6.x", "activerehashing")->is_modifiable);
  EXPECT_EQ(testing::ShippedParameterCatalog()
                .Find("valkey8", "commandlog-large-reply-max-len")
                ->minimum_engine_version,
            "8.1.0");
  EXPECT_EQ(testing::ShippedParameterCatalog()
                .Find("redis6.x", "acl-pubsub-default")
                ->minimum_engine_version,
            "6.2.0");
  EXPECT_EQ(testing::ShippedParameterCatalog()
                .Find("memcached1.6", "chunk_size_growth_factor")
                ->data_type,
            "float");
  EXPECT_EQ(testing::ShippedParameterCatalog().Find("memcached1.4", "cas_disabled")->data_type,
            "boolean");
}

TEST(ParameterCatalog, NodeTypeSpecificValuesPerEngine) {
  struct Case {
    const char* family;
    const char* name;
    const char* node_type;
    const char* value;  // nullptr: no value
  };
  for (const Case& c : std::vector<Case>{
           {"redis7", "maxmemory", "cache.r7g.large", "14037181030"},
           {"redis7", "client-output-buffer-limit-replica-hard-limit", "cache.r6g.large",
            "1403718103"},
           {"redis7", "maxmemory", "cache.r8g.large", nullptr},  // no Redis OSS on r8g
           {"valkey8", "maxmemory", "cache.r8g.large", "15222495510"},
           {"valkey8", "maxmemory", "cache.m1.small", nullptr},
           {"memcached1.6", "max_cache_memory", "cache.m5.large", "6537"},
           {"memcached1.6", "num_threads", "cache.m5.large", "2"},
           {"memcached1.4", "max_cache_memory", "cache.t1.micro", "213"},
           {"memcached1.6", "max_item_size", "cache.m5.large", nullptr},  // not per node type
       }) {
    auto value = testing::ShippedParameterCatalog().NodeTypeValue(c.family, c.name, c.node_type);
    if (c.value == nullptr)
      EXPECT_FALSE(value.has_value()) << c.family << " " << c.name << " " << c.node_type;
    else
      EXPECT_EQ(value.value_or("(none)"), c.value) << c.family << " " << c.name;
  }
  auto memcached = testing::ShippedParameterCatalog().NodeTypeSpecificParameters("memcached1.6");
  ASSERT_EQ(memcached.size(), 2u);
  EXPECT_EQ(memcached[0].parameter->name, "max_cache_memory");
  EXPECT_FALSE(memcached[0].parameter->is_modifiable);
  EXPECT_EQ(memcached[1].parameter->name, "num_threads");
}

TEST(ParameterCatalog, DefaultGroupsAndTheirOverrides) {
  auto names = [](const char* family) {
    Names out;
    for (const auto* g : testing::ShippedParameterCatalog().DefaultGroupsOf(family))
      out.push_back(g->name);
    return out;
  };
  EXPECT_EQ(names("redis7"), (Names{"default.redis7", "default.redis7.cluster.on"}));
  EXPECT_EQ(names("valkey8"), (Names{"default.valkey8", "default.valkey8.cluster.on"}));
  EXPECT_EQ(names("redis2.8"), (Names{"default.redis2.8"}));
  EXPECT_EQ(names("memcached1.6"), (Names{"default.memcached1.6"}));
  EXPECT_EQ(testing::ShippedParameterCatalog().default_groups().size(), 19u);
  EXPECT_EQ(
      testing::ShippedParameterCatalog().DefaultGroupValue("default.redis7", "cluster-enabled"),
      "no");
  EXPECT_EQ(testing::ShippedParameterCatalog().DefaultGroupValue("default.redis7.cluster.on",
                                                                 "cluster-enabled"),
            "yes");
  EXPECT_EQ(
      testing::ShippedParameterCatalog().DefaultGroupValue("default.redis7.cluster.on", "timeout"),
      "0");
  EXPECT_FALSE(testing::ShippedParameterCatalog()
                   .DefaultGroupValue("default.redis7", "no-such")
                   .has_value());
  EXPECT_FALSE(testing::ShippedParameterCatalog()
                   .DefaultGroupValue("default.redis9", "timeout")
                   .has_value());
  const auto* on =
      testing::ShippedParameterCatalog().FindDefaultGroup("default.redis6.x.cluster.on");
  ASSERT_NE(on, nullptr);
  EXPECT_EQ(on->description,
            "Customized default parameter group for redis6.x with cluster mode on");
  EXPECT_EQ(testing::ShippedParameterCatalog().FindDefaultGroup("default.redis6.x")->description,
            "Default parameter group for redis6.x");
}

TEST(ParameterCatalog, CheckValueAcceptsWhatFitsAndNamesTheParameterOtherwise) {
  struct Case {
    const char* family;
    const char* name;
    const char* value;
    bool fits;
  };
  for (const Case& c : std::vector<Case>{
           {"redis7", "timeout", "0", true},
           {"redis7", "timeout", "20", true},
           {"redis7", "timeout", "86400", true},
           {"redis7", "timeout", "19", false},
           {"redis7", "timeout", "-1", false},
           {"redis7", "timeout", "abc", false},
           {"redis7", "timeout", "+20", false},
           {"redis7", "timeout", "1e3", false},
           {"redis7", "timeout", "", false},
           {"redis7", "slowlog-log-slower-than", "-5", true},
           {"redis7", "repl-backlog-size", "16383", false},
           {"redis7", "repl-backlog-size", "16384", true},
           {"redis7", "reserved-memory-percent", "100", true},
           {"redis7", "reserved-memory-percent", "101", false},
           {"redis2.8", "lua-time-limit", "5000", true},
           {"redis2.8", "lua-time-limit", "4000", false},
           {"redis6.x", "list-max-ziplist-size", "-3", true},
           {"redis6.x", "list-max-ziplist-size", "0", false},
           {"redis6.x", "list-max-ziplist-size", "-6", false},
           {"redis6.x", "list-max-ziplist-size", "512", true},
           {"redis2.8", "maxmemory-policy", "allkeys-lfu", false},
           {"redis4.0", "maxmemory-policy", "allkeys-lfu", true},
           {"redis7", "maxmemory-policy", "ALLKEYS-LRU", false},
           {"redis7", "cluster-enabled", "yes", true},
           {"redis7", "cluster-enabled", "true", false},
           {"redis7", "notify-keyspace-events", "KEA", true},
           {"redis7", "notify-keyspace-events", "", true},
           {"memcached1.6", "chunk_size_growth_factor", "1.25", true},
           {"memcached1.6", "chunk_size_growth_factor", "2", true},
           {"memcached1.6", "chunk_size_growth_factor", "1.00", false},
           {"memcached1.6", "chunk_size_growth_factor", "big", false},
           {"memcached1.6", "cas_disabled", "1", true},
           {"memcached1.6", "cas_disabled", "2", false},
           {"memcached1.6", "cas_disabled", "yes", false},
           {"memcached1.6", "hash_algorithm", "murmur3", true},
       }) {
    const CacheParameter* p = testing::ShippedParameterCatalog().Find(c.family, c.name);
    ASSERT_NE(p, nullptr) << c.family << " " << c.name;
    auto error = CheckValue(*p, c.value);
    EXPECT_EQ(!error.has_value(), c.fits)
        << c.family << " " << c.name << " = '" << c.value << "': " << error.value_or("fits");
    if (error) {
      EXPECT_NE(error->find(std::string("parameter ") + c.name), std::string::npos);
    }
  }
  const CacheParameter* timeout = testing::ShippedParameterCatalog().Find("redis7", "timeout");
  EXPECT_EQ(CheckValue(*timeout, "19"),
            "Invalid value '19' for parameter timeout: allowed values are 0,20-.");
  EXPECT_EQ(CheckValue(*timeout, "soon"),
            "Invalid value 'soon' for parameter timeout: not an integer.");
}

TEST(ParameterCatalog, AgreesWithTheEngineAndNodeTypeCatalogs) {
  const EngineCatalog& engines = testing::ShippedEngineCatalog();
  std::set<std::string> engine_families;
  for (const auto& e : engines.entries()) engine_families.insert(e.parameter_group_family);
  EXPECT_EQ(engine_families,
            std::set<std::string>(testing::ShippedParameterCatalog().families().begin(),
                                  testing::ShippedParameterCatalog().families().end()));
  // Every family default group exists, as CreateReplicationGroup will name it.
  for (const auto& family : testing::ShippedParameterCatalog().families())
    EXPECT_NE(testing::ShippedParameterCatalog().FindDefaultGroup("default." + family), nullptr)
        << family;

  // The memory parameter has a value for exactly the node types that run the engine.
  const NodeTypeCatalog& types = testing::ShippedNodeTypeCatalog();
  struct Case {
    const char* family;
    const char* parameter;
    const char* engine;
    const char* version;
  };
  for (const Case& c :
       std::vector<Case>{{"redis2.6", "maxmemory", "redis", "2.6.13"},
                         {"valkey7", "maxmemory", "valkey", "7.2.6"},
                         {"memcached1.4", "max_cache_memory", "memcached", "1.4.5"}}) {
    std::set<std::string> running, valued;
    for (const auto& t : types.node_types())
      if (!(std::string(c.engine) == "redis"    ? t.redis_min_version
            : std::string(c.engine) == "valkey" ? t.valkey_min_version
                                                : t.memcached_min_version)
               .empty())
        running.insert(t.name);
    for (const auto& s : testing::ShippedParameterCatalog().NodeTypeSpecificParameters(c.family))
      if (s.parameter->name == c.parameter)
        for (const auto& v : s.values) valued.insert(v.cache_node_type);
    EXPECT_EQ(valued, running) << c.family;
  }
}

void ExpectParameterCatalogError(const std::string& parameters, const std::string& values,
                                 const std::string& groups, const std::string& fragment) {
  try {
    ParameterCatalog::Parse({parameters, "p.csv"}, {values, "v.csv"}, {groups, "g.csv"});
    ADD_FAILURE() << "accepted";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(ParameterCatalog, ErrorsNameTheFileLineAndValue) {
  const std::string ph = std::string(kParametersHeader) + "\n";
  const std::string vh = std::string(kNodeTypeValuesHeader) + "\n";
  const std::string gh = std::string(kDefaultGroupsHeader) + "\n";
  const std::string timeout =
      "redis7,timeout,0,integer,\"0,20-\",yes,immediate,7.0.0,system,no,Idle seconds.\n";
  const std::string maxmemory =
      "redis7,maxmemory,,integer,0-,no,immediate,7.0.0,system,yes,Bytes.\n";
  const std::string value = "redis,maxmemory,cache.r7g.large,14037181030\n";
  const std::string group = "default.redis7,redis7,Default,\n";
  auto catalog = ParameterCatalog::Parse({ph + timeout + maxmemory, "p"}, {vh + value, "v"},
                                         {gh + group, "g"});
  EXPECT_EQ(catalog.AllParameters("redis7").size(), 2u);

  ExpectParameterCatalogError(ph + "redis7,timeout\n", vh + value, gh, "p.csv:2: expected 11");
  ExpectParameterCatalogError(
      ph + "mysql8,timeout,0,integer,0-,yes,immediate,7.0.0,system,no,d\n", vh, gh,
      "p.csv:2: family must start with redis, valkey or memcached, got 'mysql8'");
  ExpectParameterCatalogError(
      ph + "redis7,timeout,0,text,0-,yes,immediate,7.0.0,system,no,d\n", vh, gh,
      "p.csv:2: data_type must be string, integer, boolean or float, got 'text'");
  ExpectParameterCatalogError(
      ph + "redis7,timeout,0,integer,0-x,yes,immediate,7.0.0,system,no,d\n", vh, gh,
      "p.csv:2: allowed_values '0-x' are not valid for a integer parameter");
  ExpectParameterCatalogError(
      ph + "redis7,timeout,0,integer,0-,yes,later,7.0.0,system,no,d\n", vh, gh,
      "p.csv:2: change_type must be immediate or requires-reboot, got 'later'");
  ExpectParameterCatalogError(ph + "redis7,timeout,0,integer,0-,yes,immediate,7,system,no,d\n"
                                   "redis7,timeout,0,integer,0-,yes,immediate,seven,system,no,d\n",
                              vh, gh, "p.csv:3: minimum_engine_version must be a dotted version");
  ExpectParameterCatalogError(ph + "redis7,timeout,0,integer,0-,yes,immediate,7.0.0,user,no,d\n",
                              vh, gh,
                              "p.csv:2: source must be system or engine-default, got 'user'");
  ExpectParameterCatalogError(
      ph + "redis7,timeout,10,integer,\"0,20-\",yes,immediate,7.0.0,system,no,d\n", vh, gh,
      "p.csv:2: the default does not fit: Invalid value '10' for parameter "
      "timeout: allowed values are 0,20-.");
  ExpectParameterCatalogError(
      ph + "redis7,maxmemory,5,integer,0-,no,immediate,7.0.0,system,yes,d\n", vh, gh,
      "p.csv:2: a node-type-specific parameter takes no value here");
  ExpectParameterCatalogError(ph + timeout + timeout, vh, gh,
                              "p.csv:3: duplicate parameter timeout in redis7");
  ExpectParameterCatalogError(
      ph + maxmemory, vh, gh,
      "v.csv: no values for the node-type-specific redis parameter maxmemory");
  ExpectParameterCatalogError(
      ph + maxmemory, vh + "redis,timeout,cache.r7g.large,1\n", gh,
      "v.csv:2: no redis family has a node-type-specific parameter timeout");
  ExpectParameterCatalogError(
      ph + maxmemory, vh + "redis,maxmemory,cache.r7g.large,lots\n", gh,
      "v.csv:2: Invalid value 'lots' for parameter maxmemory: not an integer.");
  ExpectParameterCatalogError(ph + maxmemory, vh + value + value, gh,
                              "v.csv:3: duplicate value of maxmemory for cache.r7g.large");
  ExpectParameterCatalogError(ph + timeout, vh, gh + "default.redis9,redis9,Default,\n",
                              "g.csv:2: unknown family redis9");
  ExpectParameterCatalogError(ph + timeout, vh, gh + "default.redis7,redis7,Default,timeout\n",
                              "g.csv:2: overrides must be name=value pairs, got 'timeout'");
  ExpectParameterCatalogError(ph + timeout, vh,
                              gh + "default.redis7,redis7,Default,cluster-enabled=yes\n",
                              "g.csv:2: override of unknown parameter cluster-enabled in redis7");
  ExpectParameterCatalogError(ph + timeout, vh, gh + "default.redis7,redis7,Default,timeout=5\n",
                              "g.csv:2: Invalid value '5' for parameter timeout");
  ExpectParameterCatalogError(ph + timeout, vh, gh + group + group,
                              "g.csv:3: duplicate default group default.redis7");
}

}  // namespace
}  // namespace ecl

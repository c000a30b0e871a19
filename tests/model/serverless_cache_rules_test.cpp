#include "model/serverless_cache_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/aws_error.h"
#include "model/lifecycle.h"
#include "model/naming.h"
#include "tests/model/repo_file.h"
#include "tests/model/sample_resources.h"
#include "tests/model/shipped_catalogs.h"

namespace ecl {
namespace {

using testing_support::CodeOf;
using testing_support::MessageOf;

ServerlessCache CacheOf(std::string engine, std::string major) {
  ServerlessCache c;
  c.id = "sessions";
  c.engine = std::move(engine);
  c.major_engine_version = std::move(major);
  c.status = ServerlessCacheStatus::kAvailable;
  return c;
}

UserGroup UserGroupOf(std::string engine, std::string status = UserStatus::kActive) {
  UserGroup g;
  g.id = "app-users";
  g.engine = std::move(engine);
  g.status = std::move(status);
  return g;
}

TEST(ServerlessCacheRules, NameFollowsTheIdentifierRuleUpTo40Characters) {
  EXPECT_EQ(ValidateServerlessCacheName("My-Cache"), "my-cache");
  EXPECT_EQ(ValidateServerlessCacheName(std::string(40, 'c')), std::string(40, 'c'));
  for (std::string bad : {std::string(41, 'c'), std::string("1cache"), std::string("cache-"),
                          std::string("a--b"), std::string("my_cache"), std::string("")})
    EXPECT_EQ(CodeOf([&] { ValidateServerlessCacheName(bad); }), "InvalidParameterValue") << bad;
  EXPECT_NO_THROW(ValidateServerlessCacheDescription(std::string(255, 'd')));
  EXPECT_EQ(CodeOf([] { ValidateServerlessCacheDescription(std::string(256, 'd')); }),
            "InvalidParameterValue");
}

TEST(ServerlessCacheRules, EnginesAndTheirMajorVersions) {
  EXPECT_EQ(ValidateServerlessEngine("Valkey"), "valkey");
  EXPECT_EQ(ValidateServerlessEngine("REDIS"), "redis");
  EXPECT_EQ(ValidateServerlessEngine("memcached"), "memcached");
  EXPECT_EQ(CodeOf([] { ValidateServerlessEngine("mongodb"); }), "InvalidParameterValue");
  EXPECT_EQ(DefaultServerlessMajorVersion("valkey"), "8");
  EXPECT_EQ(DefaultServerlessMajorVersion("redis"), "7");
  EXPECT_EQ(DefaultServerlessMajorVersion("memcached"), "1.6");
  EXPECT_EQ(ValidateServerlessMajorVersion("valkey", "7"), "7");
  EXPECT_EQ(CodeOf([] { ValidateServerlessMajorVersion("redis", "8"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateServerlessMajorVersion("memcached", "1.5"); }),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateServerlessMajorVersion("redis", "7.1"); }),
            "InvalidParameterValue");
}

TEST(ServerlessCacheRules, FullEngineVersionIsTheNewestOfTheMajorVersion) {
  // As AWS shows them: Redis OSS 7 runs 7.1, Memcached 1.6 runs 1.6.22.
  EXPECT_EQ(ServerlessFullEngineVersion(testing::ShippedEngineCatalog(), "redis", "7"), "7.1");
  EXPECT_EQ(ServerlessFullEngineVersion(testing::ShippedEngineCatalog(), "memcached", "1.6"),
            "1.6.22");
  EXPECT_EQ(ServerlessFullEngineVersion(testing::ShippedEngineCatalog(), "valkey", "7"), "7.2");
  EXPECT_EQ(ServerlessFullEngineVersion(testing::ShippedEngineCatalog(), "valkey", "8"), "8.2");
  EXPECT_EQ(ServerlessFullEngineVersion(testing::ShippedEngineCatalog(), "valkey", "9"), "9");
}

TEST(ServerlessCacheRules, UsageLimitsKeepTheBoundsGivenWithinAwsRanges) {
  UsageLimitsRequest r;
  r.data_storage = UsageBounds{10, std::nullopt};
  r.ecpu_per_second = UsageBounds{5000, 1000};
  ServerlessUsageLimits l = ValidateUsageLimits(r);
  ASSERT_TRUE(l.data_storage_gb);
  EXPECT_EQ(*l.data_storage_gb, (UsageBounds{10, std::nullopt}));
  EXPECT_EQ(*l.ecpu_per_second, (UsageBounds{5000, 1000}));

  r.ecpu_per_second = UsageBounds{999, std::nullopt};
  EXPECT_EQ(MessageOf([&] { ValidateUsageLimits(r); }),
            "Invalid value for ECPUPerSecond limit. Must be between 1000 and 15000000. You can "
            "set the value to zero to remove the limit.");
  r.ecpu_per_second = UsageBounds{15000001, std::nullopt};
  EXPECT_EQ(CodeOf([&] { ValidateUsageLimits(r); }), "InvalidParameterValue");
  r.ecpu_per_second = UsageBounds{15000000, 1000};
  EXPECT_NO_THROW(ValidateUsageLimits(r));
  r.data_storage = UsageBounds{5001, std::nullopt};
  EXPECT_EQ(CodeOf([&] { ValidateUsageLimits(r); }), "InvalidParameterValue");
  r.data_storage = UsageBounds{5, 6};
  EXPECT_EQ(CodeOf([&] { ValidateUsageLimits(r); }), "InvalidParameterValue");
  r.data_storage = UsageBounds{5000, 1};
  r.data_storage_unit = "TB";
  EXPECT_EQ(CodeOf([&] { ValidateUsageLimits(r); }), "InvalidParameterValue");
}

TEST(ServerlessCacheRules, AZeroBoundRemovesItAndALimitWithoutBoundsIsDropped) {
  UsageLimitsRequest r;
  r.data_storage = UsageBounds{0, std::nullopt};
  r.ecpu_per_second = UsageBounds{0, 2000};
  ServerlessUsageLimits l = ValidateUsageLimits(r);
  EXPECT_FALSE(l.data_storage_gb);
  ASSERT_TRUE(l.ecpu_per_second);
  EXPECT_EQ(*l.ecpu_per_second, (UsageBounds{std::nullopt, 2000}));
  EXPECT_EQ(ValidateUsageLimits({}), ServerlessUsageLimits{});
}

TEST(ServerlessCacheRules, DailySnapshotTimeAndRetention) {
  EXPECT_EQ(ValidateDailySnapshotTime("09:00"), "09:00");
  EXPECT_EQ(ValidateDailySnapshotTime("23:59"), "23:59");
  for (std::string bad : {"9:00", "24:00", "12:60", "09:00-10:00", "ab:cd", ""})
    EXPECT_EQ(CodeOf([&] { ValidateDailySnapshotTime(bad); }), "InvalidParameterValue") << bad;
  std::string chosen = DefaultDailySnapshotTime("sessions");
  EXPECT_EQ(chosen, DefaultDailySnapshotTime("sessions"));  // stable
  EXPECT_EQ(chosen.substr(2), ":00");
  EXPECT_GE(chosen, "03:00");
  EXPECT_LE(chosen, "10:00");
  EXPECT_EQ(ValidateServerlessSnapshotRetention(35), 35);
  EXPECT_EQ(ValidateServerlessSnapshotRetention(0), 0);
  EXPECT_EQ(CodeOf([] { ValidateServerlessSnapshotRetention(36); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { ValidateServerlessSnapshotRetention(-1); }), "InvalidParameterValue");
}

TEST(ServerlessCacheRules, SubnetsInTheDefaultVpc) {
  const SimulatedNetwork network;  // every well-formed id is a subnet of the default VPC
  ServerlessNetwork named =
      ResolveServerlessNetwork(network, "000000000000", "us-east-1",
                               {"subnet-0a1", "subnet-0a1", "subnet-0b2"}, std::nullopt);
  EXPECT_EQ(named.subnet_ids, (std::vector<std::string>{"subnet-0a1", "subnet-0b2"}));
  EXPECT_EQ(named.vpc_id, DefaultVpcId("000000000000", "us-east-1"));
  EXPECT_EQ(named.network_type, "ipv4");
  for (std::string bad : {"subnet-", "subnet-XYZ", "sub-0a1", "subnet-0123456789abcdef01"})
    EXPECT_EQ(CodeOf([&] {
                ResolveServerlessNetwork(network, "000000000000", "us-east-1", {bad}, std::nullopt);
              }),
              "InvalidParameterValue")
        << bad;
  // None named: the default subnets, three (two in us-west-1).
  auto defaults = ResolveServerlessNetwork(network, "000000000000", "us-east-1", {}, "ipv4");
  EXPECT_EQ(defaults.subnet_ids.size(), 3u);
  EXPECT_EQ(defaults.subnet_ids,
            (std::vector<std::string>{DefaultSubnetId("000000000000", "us-east-1", "us-east-1a"),
                                      DefaultSubnetId("000000000000", "us-east-1", "us-east-1b"),
                                      DefaultSubnetId("000000000000", "us-east-1", "us-east-1c")}));
  EXPECT_EQ(ResolveServerlessNetwork(network, "000000000000", "us-west-1", {}, std::nullopt)
                .subnet_ids.size(),
            2u);
  // The default VPC is IPv4 only.
  EXPECT_EQ(
      CodeOf([&] { ResolveServerlessNetwork(network, "000000000000", "us-east-1", {}, "ipv6"); }),
      "InvalidParameterCombination");
  EXPECT_EQ(
      CodeOf([&] { ResolveServerlessNetwork(network, "000000000000", "us-east-1", {}, "ipx"); }),
      "InvalidParameterValue");
}

TEST(ServerlessCacheRules, SubnetsOfADeclaredNetwork) {
  const SimulatedNetwork network =
      SimulatedNetwork::Parse(std::string(kNetworkFileHeader) +
                                  "\n"
                                  "subnet-0a000001,vpc-0d,us-east-1,us-east-1a,yes,no,yes,\n"
                                  "subnet-0b000001,vpc-0e,us-east-1,us-east-1a,yes,no,no,\n"
                                  "subnet-0b000002,vpc-0e,us-east-1,us-east-1d,yes,yes,no,\n"
                                  "subnet-0b000003,vpc-0e,us-east-1,us-east-1f,no,yes,no,\n"
                                  "subnet-0b000004,vpc-0e,us-east-1,us-east-1b,no,yes,no,\n",
                              "net.csv");
  auto resolve = [&](std::vector<std::string> ids, std::optional<std::string> type) {
    return ResolveServerlessNetwork(network, "000000000000", "us-east-1", ids, type);
  };
  EXPECT_EQ(resolve({"subnet-0b000001", "subnet-0b000002"}, std::nullopt).vpc_id, "vpc-0e");
  EXPECT_EQ(CodeOf([&] {
              resolve({"subnet-0a000001", "subnet-0b000001"}, std::nullopt);
            }),
            "InvalidParameterValue");  // two VPCs
  EXPECT_EQ(CodeOf([&] { resolve({"subnet-0c0"}, std::nullopt); }), "InvalidParameterValue");
  // IPv6-only subnets default to ipv6; dual-stack ones take dual_stack; ipv4 needs IPv4.
  EXPECT_EQ(resolve({"subnet-0b000003", "subnet-0b000004"}, std::nullopt).network_type, "ipv6");
  EXPECT_EQ(resolve({"subnet-0b000002"}, "dual_stack").network_type, "dual_stack");
  EXPECT_EQ(CodeOf([&] { resolve({"subnet-0b000001"}, "dual_stack"); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { resolve({"subnet-0b000002"}, "ipv6"); }), "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] {
              resolve({"subnet-0b000001", "subnet-0b000003"}, std::nullopt);
            }),
            "InvalidParameterCombination");
  // A region of the file without default subnets has none to offer.
  EXPECT_EQ(CodeOf([&] {
              ResolveServerlessNetwork(network, "000000000000", "eu-west-1", {}, std::nullopt);
            }),
            "InvalidParameterValue");
}

TEST(ServerlessCacheRules, SecurityGroups) {
  std::string sg = DefaultVpcSecurityGroupId("vpc-0d");
  EXPECT_NO_THROW(ValidateServerlessSecurityGroupIds({sg}));
  EXPECT_NE(sg, DefaultVpcSecurityGroupId("vpc-0e"));
  EXPECT_EQ(ValidateServerlessSecurityGroupIds({sg, sg}), std::vector<std::string>{sg});
  EXPECT_EQ(CodeOf([] { ValidateServerlessSecurityGroupIds({"sg-1"}); }), "InvalidParameterValue");
}

TEST(ServerlessCacheRules, UserGroupsForValkeyAndRedisOnly) {
  EXPECT_NO_THROW(CheckUserGroupFitsServerlessCache("valkey", UserGroupOf("redis")));
  EXPECT_NO_THROW(CheckUserGroupFitsServerlessCache("valkey", UserGroupOf("valkey")));
  EXPECT_NO_THROW(CheckUserGroupFitsServerlessCache("redis", UserGroupOf("redis")));
  EXPECT_EQ(CodeOf([] { CheckUserGroupFitsServerlessCache("redis", UserGroupOf("valkey")); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([] { CheckUserGroupFitsServerlessCache("memcached", UserGroupOf("redis")); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([] {
              CheckUserGroupFitsServerlessCache("valkey",
                                                UserGroupOf("redis", UserStatus::kModifying));
            }),
            "InvalidUserGroupState");
}

TEST(ServerlessCacheRules, EngineUpgradesAsAwsAllowsThem) {
  // Redis OSS 7 to Valkey: the major version is kept when Valkey has it, or named.
  EXPECT_EQ(PlanServerlessEngineChange(CacheOf("redis", "7"), "valkey", std::nullopt),
            (ServerlessEngineChoice{"valkey", "7"}));
  EXPECT_EQ(PlanServerlessEngineChange(CacheOf("redis", "7"), "valkey", "8"),
            (ServerlessEngineChoice{"valkey", "8"}));
  EXPECT_EQ(PlanServerlessEngineChange(CacheOf("valkey", "7"), std::nullopt, "8"),
            (ServerlessEngineChoice{"valkey", "8"}));
  // Back to Redis OSS at the same major version (terraform-provider-aws's engine test).
  EXPECT_EQ(PlanServerlessEngineChange(CacheOf("valkey", "7"), "redis", "7"),
            (ServerlessEngineChoice{"redis", "7"}));
  // What Terraform sends on every update: the values it has.
  EXPECT_EQ(PlanServerlessEngineChange(CacheOf("valkey", "8"), "valkey", "8"),
            (ServerlessEngineChoice{"valkey", "8"}));
  EXPECT_EQ(CodeOf([] { PlanServerlessEngineChange(CacheOf("valkey", "8"), std::nullopt, "7"); }),
            "InvalidParameterValue");
  EXPECT_EQ(
      CodeOf([] { PlanServerlessEngineChange(CacheOf("valkey", "8"), "redis", std::nullopt); }),
      "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { PlanServerlessEngineChange(CacheOf("redis", "7"), "memcached", "1.6"); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([] { PlanServerlessEngineChange(CacheOf("memcached", "1.6"), "valkey", "8"); }),
            "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([] { PlanServerlessEngineChange(CacheOf("redis", "7"), "redis", "6"); }),
            "InvalidParameterValue");
}

TEST(ServerlessCacheRules, PortsAndEndpoint) {
  EXPECT_EQ(ServerlessPort("valkey"), 6379);
  EXPECT_EQ(ServerlessReaderPort("redis"), 6380);
  EXPECT_EQ(ServerlessPort("memcached"), 11211);
  EXPECT_EQ(ServerlessReaderPort("memcached"), 11212);
  std::string address = ServerlessEndpointAddress("000000000000", "us-east-1", "sessions");
  ASSERT_EQ(address.size(),
            std::string("sessions-xxxxxx.serverless.use1.cache.amazonaws.com").size());
  EXPECT_EQ(address.substr(0, 9), "sessions-");
  EXPECT_EQ(address.substr(15), ".serverless.use1.cache.amazonaws.com");
  EXPECT_NE(address, ServerlessEndpointAddress("000000000000", "us-east-1", "other"));
  EXPECT_EQ(ServerlessEndpointAddress("0", "cn-north-1", "c").substr(8),
            ".serverless.cnn1.cache.amazonaws.com.cn");
}

TEST(ServerlessCacheRules, OnlyAvailableCachesChange) {
  ServerlessCache c = CacheOf("valkey", "8");
  EXPECT_NO_THROW(RequireServerlessCacheAvailable(c, "modified"));
  c.status = ServerlessCacheStatus::kCreating;
  EXPECT_EQ(CodeOf([&] { RequireServerlessCacheAvailable(c, "modified"); }),
            "InvalidServerlessCacheStateFault");
}

TEST(ServerlessCacheRules, DailySnapshotIsScheduledAtTheNextDailyTime) {
  ServerlessCache c = CacheOf("valkey", "8");
  c.daily_snapshot_time = "09:00";
  const int64_t day = 24 * 3600 * 1000;
  const int64_t nine = 9 * 3600 * 1000;
  ScheduleDailySnapshot(c, Timestamp{10 * day});
  EXPECT_FALSE(c.transition);  // retention 0 keeps no snapshots
  c.snapshot_retention_limit = 1;
  ScheduleDailySnapshot(c, Timestamp{10 * day + nine + 1});
  ASSERT_TRUE(c.transition);
  EXPECT_EQ(c.transition->kind, kDailySnapshot);
  EXPECT_EQ(c.transition->due_at.epoch_ms, 11 * day + nine);
  // Something else under way keeps its slot.
  c.transition = Transition{kModify, Timestamp{0}, Timestamp{1}};
  ScheduleDailySnapshot(c, Timestamp{0});
  EXPECT_EQ(c.transition->kind, kModify);
  EXPECT_EQ(AutomaticSnapshotName("sessions", Timestamp{11 * day + nine}),
            "automatic.sessions-1970-01-12-09-00");
}

}  // namespace
}  // namespace ecl

// The simulated network (default VPCs, the network file), the rules of cache subnet groups,
// and placement: node zones come from the group's subnet group, for a new group, a replica
// increase and resharding alike.
#include "model/subnet_rules.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "model/aws_error.h"
#include "model/replica_scaling.h"
#include "model/replication_group_rules.h"
#include "model/reserved_offering_catalog.h"
#include "model/resharding.h"

namespace ecl {
namespace {

using Zones = std::vector<std::string>;

constexpr char kAccount[] = "123456789012";
constexpr char kRegion[] = "us-east-1";

struct Raised {
  std::string code;
  std::string message;
};

Raised Catch(const std::function<void()>& f) {
  try {
    f();
  } catch (const AwsError& e) {
    return {e.code, e.message()};
  }
  return {};
}

void ExpectFault(const std::function<void()>& f, const std::string& code,
                 const std::string& fragment) {
  Raised r = Catch(f);
  EXPECT_EQ(r.code, code) << r.message;
  EXPECT_NE(r.message.find(fragment), std::string::npos) << r.message;
}

const std::string kNetworkHeader = std::string(kNetworkFileHeader) + "\n";

// Two VPCs in us-east-1 (the default one, and a private one with a dual-stack and an IPv6-only
// subnet), one in eu-west-1 for one account only.
const std::string kFile = kNetworkHeader +
                          "# default VPC\n"
                          "subnet-0a000001,vpc-0d,us-east-1,us-east-1a,yes,no,yes,\n"
                          "subnet-0a000002,vpc-0d,us-east-1,us-east-1b,yes,no,yes,\n"
                          "subnet-0b000001,vpc-0e,us-east-1,us-east-1a,yes,no,no,\n"
                          "subnet-0b000002,vpc-0e,us-east-1,us-east-1d,yes,yes,no,\n"
                          "subnet-0b000003,vpc-0e,us-east-1,us-east-1f,no,yes,no,\n"
                          "subnet-0c000001,vpc-0f,eu-west-1,eu-west-1b,yes,no,yes,123456789012\n";

SimulatedNetwork Declared() { return SimulatedNetwork::Parse(kFile, "net.csv"); }

// ---- subnet ids, the default VPC ---------------------------------------------------------

TEST(SubnetIds, WellFormed) {
  for (std::string ok : {"subnet-0", "subnet-0a1b2c3d", "subnet-0a1b2c3d4e5f67890", "subnet-ABCD"})
    EXPECT_TRUE(IsWellFormedSubnetId(ok)) << ok;
  for (std::string bad : {"", "subnet-", "subnet-0a1b2c3d4e5f678901", "subnet-xyz", "sub-0a1b",
                          "vpc-0a1b", "subnet-0a1b ", "Subnet-0a1b"})
    EXPECT_FALSE(IsWellFormedSubnetId(bad)) << bad;
  EXPECT_TRUE(IsWellFormedVpcId("vpc-0a1b2c3d"));
  EXPECT_FALSE(IsWellFormedVpcId("subnet-0a1b2c3d"));
}

TEST(DefaultVpc, IdsAreDerivedFromAccountAndRegionAndStable) {
  EXPECT_EQ(DefaultVpcId(kAccount, kRegion), DefaultVpcId(kAccount, kRegion));
  EXPECT_NE(DefaultVpcId(kAccount, kRegion), DefaultVpcId(kAccount, "eu-west-1"));
  EXPECT_NE(DefaultVpcId(kAccount, kRegion), DefaultVpcId("000000000000", kRegion));
  EXPECT_TRUE(IsWellFormedVpcId(DefaultVpcId(kAccount, kRegion)));
  EXPECT_EQ(DefaultVpcId(kAccount, kRegion).size(), 4u + 17u);  // vpc- and 17 hex digits
  std::string subnet = DefaultSubnetId(kAccount, kRegion, "us-east-1a");
  EXPECT_TRUE(IsWellFormedSubnetId(subnet)) << subnet;
  EXPECT_EQ(subnet.size(), 7u + 17u);
  // The same on every machine and run: FNV-1a of fixed seeds.
  EXPECT_EQ(DefaultVpcId("000000000000", "us-east-1"), DefaultVpcId("000000000000", "us-east-1"));
  EXPECT_EQ(DefaultVpcId("000000000000", "us-east-1").substr(0, 5), "vpc-0");
}

TEST(DefaultVpc, HoldsEveryWellFormedSubnetInAZoneOfTheRegion) {
  SimulatedNetwork network;
  EXPECT_FALSE(network.declared());
  std::set<std::string> zones;
  for (int i = 0; i < 60; ++i) {
    std::string id = "subnet-" + std::to_string(1000 + i);
    auto subnet = network.Find(kAccount, kRegion, id);
    ASSERT_TRUE(subnet);
    EXPECT_EQ(subnet->vpc_id, DefaultVpcId(kAccount, kRegion));
    EXPECT_EQ(subnet->availability_zone, network.Find(kAccount, kRegion, id)->availability_zone);
    EXPECT_TRUE(subnet->ipv4);
    EXPECT_FALSE(subnet->ipv6);
    zones.insert(subnet->availability_zone);
  }
  EXPECT_EQ(zones, (std::set<std::string>{"us-east-1a", "us-east-1b", "us-east-1c"}));
  EXPECT_EQ(network.Zones(kAccount, kRegion), (Zones{"us-east-1a", "us-east-1b", "us-east-1c"}));
}

TEST(DefaultVpc, HasOneDefaultSubnetPerZoneInTheDefaultGroup) {
  SimulatedNetwork network;
  auto group = DefaultCacheSubnetGroup(network, kAccount, kRegion);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->id, "default");
  EXPECT_EQ(group->description, "Default CacheSubnetGroup");
  EXPECT_TRUE(group->built_in);
  EXPECT_EQ(group->vpc_id, DefaultVpcId(kAccount, kRegion));
  ASSERT_EQ(group->subnets.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string zone = std::string(kRegion) + char('a' + i);
    EXPECT_EQ(group->subnets[i].availability_zone, zone);
    EXPECT_EQ(group->subnets[i].id, DefaultSubnetId(kAccount, kRegion, zone));
    EXPECT_EQ(group->subnets[i].supported_network_types, Zones{"ipv4"});
    // A default subnet named by id is found in its own zone.
    EXPECT_EQ(network.Find(kAccount, kRegion, group->subnets[i].id)->availability_zone, zone);
  }
  EXPECT_EQ(SupportedNetworkTypesOf(*group), Zones{"ipv4"});
}

// ---- the network file ----------------------------------------------------------------------

TEST(NetworkFile, DeclaresSubnetsPerRegionAndAccount) {
  SimulatedNetwork network = Declared();
  EXPECT_TRUE(network.declared());
  auto dual = network.Find(kAccount, kRegion, "subnet-0b000002");
  ASSERT_TRUE(dual);
  EXPECT_EQ(dual->vpc_id, "vpc-0e");
  EXPECT_EQ(dual->availability_zone, "us-east-1d");
  EXPECT_EQ(SupportedNetworkTypesOf(*dual), (Zones{"ipv4", "dual_stack"}));
  EXPECT_EQ(SupportedNetworkTypesOf(*network.Find(kAccount, kRegion, "subnet-0b000003")),
            Zones{"ipv6"});
  // Undeclared, another region, another account: none exists.
  EXPECT_FALSE(network.Find(kAccount, kRegion, "subnet-0f0f0f0f"));
  EXPECT_FALSE(network.Find(kAccount, "eu-west-1", "subnet-0b000001"));
  EXPECT_TRUE(network.Find(kAccount, "eu-west-1", "subnet-0c000001"));
  EXPECT_FALSE(network.Find("000000000000", "eu-west-1", "subnet-0c000001"));
  EXPECT_EQ(network.Zones(kAccount, kRegion),
            (Zones{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"}));
}

TEST(NetworkFile, DefaultSubnetsMakeTheDefaultGroup) {
  SimulatedNetwork network = Declared();
  auto group = DefaultCacheSubnetGroup(network, kAccount, kRegion);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->vpc_id, "vpc-0d");
  ASSERT_EQ(group->subnets.size(), 2u);
  EXPECT_EQ(group->subnets[0].id, "subnet-0a000001");
  EXPECT_EQ(group->subnets[1].id, "subnet-0a000002");
  // Only the account the file names has a default VPC in eu-west-1; no region, no group.
  EXPECT_TRUE(DefaultCacheSubnetGroup(network, kAccount, "eu-west-1"));
  EXPECT_FALSE(DefaultCacheSubnetGroup(network, "000000000000", "eu-west-1"));
  EXPECT_FALSE(DefaultCacheSubnetGroup(network, kAccount, "ap-south-1"));
}

TEST(NetworkFile, AnAccountsOwnDefaultVpcWinsOverTheSharedOne) {
  SimulatedNetwork network =
      SimulatedNetwork::Parse(kNetworkHeader +
                                  "subnet-01,vpc-01,us-east-1,us-east-1a,yes,no,yes,\n"
                                  "subnet-02,vpc-02,us-east-1,us-east-1b,yes,no,yes,123456789012\n",
                              "net.csv");
  EXPECT_EQ(DefaultCacheSubnetGroup(network, kAccount, kRegion)->vpc_id, "vpc-02");
  EXPECT_EQ(DefaultCacheSubnetGroup(network, "000000000000", kRegion)->vpc_id, "vpc-01");
}

struct BadFileCase {
  std::string line;
  std::string fragment;
};

class BadNetworkFile : public ::testing::TestWithParam<BadFileCase> {};

TEST_P(BadNetworkFile, StopsWithFileAndLine) {
  const std::string text = kNetworkHeader + "subnet-0a,vpc-0a,us-east-1,us-east-1a,yes,no,yes,\n" +
                           GetParam().line + "\n";
  try {
    SimulatedNetwork::Parse(text, "net.csv");
    FAIL() << "accepted " << GetParam().line;
  } catch (const CatalogError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("net.csv:3: ", 0), 0u) << what;
    EXPECT_NE(what.find(GetParam().fragment), std::string::npos) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadNetworkFile,
    ::testing::Values(
        BadFileCase{"subnet-zz,vpc-0a,us-east-1,us-east-1b,yes,no,no,", "subnet_id must be"},
        BadFileCase{"subnet-0b,vpc,us-east-1,us-east-1b,yes,no,no,", "vpc_id must be"},
        BadFileCase{"subnet-0b,vpc-0a,US East,us-east-1b,yes,no,no,", "region must be"},
        BadFileCase{"subnet-0b,vpc-0a,us-east-1,eu-west-1a,yes,no,no,", "not a zone of region"},
        BadFileCase{"subnet-0b,vpc-0a,us-east-1,us-east-1,yes,no,no,", "not a zone of region"},
        BadFileCase{"subnet-0b,vpc-0a,us-east-1,us-east-1b,maybe,no,no,", "ipv4 must be yes or no"},
        BadFileCase{"subnet-0b,vpc-0a,us-east-1,us-east-1b,no,no,no,", "both are no"},
        BadFileCase{"subnet-0b,vpc-0a,us-east-1,us-east-1b,yes,no,no,1234", "12-digit"},
        BadFileCase{"subnet-0a,vpc-0a,us-east-1,us-east-1b,yes,no,no,",
                    "already declared on line 2"},
        BadFileCase{"subnet-0b,vpc-0a,eu-west-1,eu-west-1b,yes,no,no,", "vpc vpc-0a is in region"},
        BadFileCase{"subnet-0b,vpc-0b,us-east-1,us-east-1b,yes,no,yes,", "must be of one VPC"},
        BadFileCase{"subnet-0b,vpc-0a,us-east-1,us-east-1a,yes,no,yes,", "already has a default"},
        BadFileCase{"subnet-0b,vpc-0a,us-east-1", "fields"}));

TEST(NetworkFile, NeedsItsHeader) {
  EXPECT_THROW(SimulatedNetwork::Parse("subnet_id,vpc_id\n", "net.csv"), CatalogError);
}

// ---- names and descriptions ---------------------------------------------------------------

TEST(SubnetGroupNames, FollowTheIdentifierRuleAndAreStoredLowerCase) {
  EXPECT_EQ(ValidateCacheSubnetGroupName("My-Subnets-1"), "my-subnets-1");
  EXPECT_EQ(ValidateCacheSubnetGroupName(std::string(255, 'a')), std::string(255, 'a'));
  for (std::string bad : {"1abc", "ab--c", "abc-", "ab_c", "ab.c", ""})
    ExpectFault([&] { ValidateCacheSubnetGroupName(bad); }, "InvalidParameterValue",
                "CacheSubnetGroupName");
  ExpectFault([&] { ValidateCacheSubnetGroupName(std::string(256, 'a')); }, "InvalidParameterValue",
              "cannot be longer than 255 characters");
  ExpectFault([&] { ValidateCacheSubnetGroupName("ab_c"); }, "InvalidParameterValue",
              "Identifiers must begin with a letter; must contain only ASCII letters, digits, "
              "and hyphens; and must not end with a hyphen or contain two consecutive hyphens.");
  EXPECT_EQ(ValidateCacheSubnetGroupDescription("Managed by Terraform"), "Managed by Terraform");
  ExpectFault([] { ValidateCacheSubnetGroupDescription(" "); }, "InvalidParameterValue",
              "CacheSubnetGroupDescription must be provided");
}

// ---- resolving SubnetIds ------------------------------------------------------------------

TEST(ResolveSubnets, TakesVpcZonesAndTypesFromTheNetwork) {
  ResolvedSubnets r = ResolveSubnets(Declared(), kAccount, kRegion,
                                     {"subnet-0b000002", "subnet-0b000001", "subnet-0b000002"}, 20);
  EXPECT_EQ(r.vpc_id, "vpc-0e");
  ASSERT_EQ(r.subnets.size(), 2u);  // the duplicate is dropped, the order kept
  EXPECT_EQ(r.subnets[0].id, "subnet-0b000002");
  EXPECT_EQ(r.subnets[0].availability_zone, "us-east-1d");
  EXPECT_EQ(r.subnets[0].supported_network_types, (Zones{"ipv4", "dual_stack"}));
  EXPECT_EQ(r.subnets[1].availability_zone, "us-east-1a");
}

struct ResolveCase {
  std::string name;
  bool declared;
  std::vector<std::string> ids;
  int quota;
  std::string code;
  std::string fragment;
};

void PrintTo(const ResolveCase& c, std::ostream* os) { *os << c.name; }

class ResolveRejects : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(ResolveRejects, WithTheAwsError) {
  const ResolveCase& c = GetParam();
  SimulatedNetwork network = c.declared ? Declared() : SimulatedNetwork();
  ExpectFault([&] { ResolveSubnets(network, kAccount, kRegion, c.ids, c.quota); }, c.code,
              c.fragment);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ResolveRejects,
    ::testing::Values(
        ResolveCase{"none",
                    false,
                    {},
                    20,
                    "InvalidParameterValue",
                    "The parameter SubnetIds must be provided."},
        ResolveCase{
            "malformed", false, {"subnet-0a", "subnet-nope"}, 20, "InvalidSubnet", "subnet-nope"},
        ResolveCase{"over_quota",
                    false,
                    {"subnet-1", "subnet-2", "subnet-3"},
                    2,
                    "CacheSubnetQuotaExceededFault",
                    "at most 2"},
        ResolveCase{"undeclared",
                    true,
                    {"subnet-0b000001", "subnet-0f0f0f0f"},
                    20,
                    "InvalidParameterValue",
                    "Some input subnets in :[subnet-0b000001, subnet-0f0f0f0f] are invalid."},
        ResolveCase{
            "other_region", true, {"subnet-0c000001"}, 20, "InvalidParameterValue", "are invalid."},
        ResolveCase{"two_vpcs",
                    true,
                    {"subnet-0a000001", "subnet-0b000001"},
                    20,
                    "InvalidSubnet",
                    "Subnets subnet-0a000001 and subnet-0b000001 are not in the same VPC."}),
    [](const ::testing::TestParamInfo<ResolveCase>& info) { return info.param.name; });

TEST(ResolveSubnets, AnyWellFormedIdExistsWithoutANetworkFile) {
  ResolvedSubnets r = ResolveSubnets(SimulatedNetwork(), kAccount, kRegion,
                                     {"subnet-6f28c982", "subnet-bcd382f3"}, 20);
  EXPECT_EQ(r.vpc_id, DefaultVpcId(kAccount, kRegion));
  EXPECT_EQ(r.subnets.size(), 2u);
}

// ---- network types -------------------------------------------------------------------------

CacheSubnetGroup GroupOf(const std::vector<std::string>& ids, const std::string& name = "sg") {
  ResolvedSubnets r = ResolveSubnets(Declared(), kAccount, kRegion, ids, 20);
  CacheSubnetGroup g;
  g.account = kAccount;
  g.region = kRegion;
  g.id = name;
  g.vpc_id = r.vpc_id;
  g.subnets = r.subnets;
  return g;
}

TEST(NetworkTypes, AGroupSupportsWhatItsSubnetsSupport) {
  CacheSubnetGroup all = GroupOf({"subnet-0b000003", "subnet-0b000002", "subnet-0b000001"});
  EXPECT_EQ(SupportedNetworkTypesOf(all), (Zones{"ipv4", "ipv6", "dual_stack"}));
  CacheSubnetGroup v4 = GroupOf({"subnet-0b000001"});
  EXPECT_EQ(SupportedNetworkTypesOf(v4), Zones{"ipv4"});
  EXPECT_NO_THROW(CheckNetworkTypeSupported(v4, "ipv4"));
  ExpectFault([&] { CheckNetworkTypeSupported(v4, "dual_stack"); }, "InvalidParameterCombination",
              "The specified network type 'dual_stack' is not supported by cache subnet group "
              "'sg'");
  ExpectFault([&] { CheckNetworkTypeSupported(v4, "ipv5"); }, "InvalidParameterValue",
              "'ipv5' for NetworkType");
}

// ---- placement -----------------------------------------------------------------------------

TEST(Placement, UsesTheZonesOfSubnetsSupportingTheNetworkType) {
  SimulatedNetwork network = Declared();
  CacheSubnetGroup g = GroupOf({"subnet-0b000003", "subnet-0b000002", "subnet-0b000001"});
  ZonePlacement v4 = PlacementIn(g, "ipv4", network.Zones(kAccount, kRegion));
  EXPECT_EQ(v4.zones, (Zones{"us-east-1a", "us-east-1d"}));
  EXPECT_EQ(v4.subnet_group, "sg");
  EXPECT_EQ(PlacementIn(g, "ipv6", {}).zones, Zones{"us-east-1f"});
  EXPECT_EQ(PlacementIn(g, "dual_stack", {}).zones, Zones{"us-east-1d"});
  EXPECT_EQ(SpreadAcrossZones(v4, 3, 1), (Zones{"us-east-1d", "us-east-1a", "us-east-1d"}));

  EXPECT_EQ(ValidateAvailabilityZone(v4, "US-EAST-1D"), "us-east-1d");
  // A zone of the region where the group has no subnet, as ElastiCache answers it.
  ExpectFault([&] { ValidateAvailabilityZone(v4, "us-east-1b"); }, "InvalidVPCNetworkStateFault",
              "No subnet is present in the cache subnet group for availability zone us-east-1b");
  ExpectFault([&] { ValidateAvailabilityZone(v4, "us-east-1f"); }, "InvalidVPCNetworkStateFault",
              "us-east-1f");
  // A zone the region does not have is an invalid value, naming it.
  ExpectFault([&] { ValidateAvailabilityZone(v4, "us-east-1z"); }, "InvalidParameterValue",
              "'us-east-1z'");
  ExpectFault([&] { ValidateAvailabilityZone(v4, "eu-west-1a"); }, "InvalidParameterValue",
              "us-east-1a, us-east-1b, us-east-1c, us-east-1d and us-east-1f");
}

TEST(Placement, WithoutZonesFallsBackToTheRegion) {
  ZonePlacement region{kRegion, {}, {}, {}};
  EXPECT_EQ(SpreadAcrossZones(region, 4), SpreadAcrossZones(kRegion, 4));
  EXPECT_EQ(ValidateAvailabilityZone(region, "us-east-1c"), "us-east-1c");
}

TEST(Placement, NewGroupsSpreadOverTheSubnetGroupsZones) {
  ReplicationGroupTopologyRequest req;
  req.num_cache_clusters = 3;
  req.automatic_failover = true;
  req.placement = {kRegion, "sg", {"us-east-1b", "us-east-1c"}, {}};
  ResolvedTopology t = ResolveReplicationGroupTopology(req);
  ASSERT_EQ(t.node_groups.size(), 1u);
  EXPECT_EQ(t.node_groups[0].primary_availability_zone, "us-east-1b");
  EXPECT_EQ(t.node_groups[0].replica_availability_zones, (Zones{"us-east-1c", "us-east-1b"}));

  req.preferred_cache_cluster_azs = {"us-east-1b", "us-east-1c", "us-east-1a"};
  ExpectFault([&] { ResolveReplicationGroupTopology(req); }, "InvalidVPCNetworkStateFault",
              "us-east-1a");

  ReplicationGroupTopologyRequest cme;
  cme.num_node_groups = 2;
  cme.replicas_per_node_group = 1;
  cme.placement = req.placement;
  NodeGroupConfigurationRequest shard;
  shard.primary_availability_zone = "us-east-1c";
  shard.replica_availability_zones = {"us-east-1a"};
  cme.node_group_configurations = {shard, NodeGroupConfigurationRequest{}};
  ExpectFault([&] { ResolveReplicationGroupTopology(cme); }, "InvalidVPCNetworkStateFault",
              "us-east-1a");
}

ReplicationGroup AvailableGroup(bool cluster_enabled) {
  ReplicationGroup rg;
  rg.account = kAccount;
  rg.region = kRegion;
  rg.id = "rg";
  rg.status = "available";
  rg.cluster_enabled = cluster_enabled;
  rg.automatic_failover = true;
  NodeGroup ng{"0001", "available", cluster_enabled ? "0-16383" : "", {}};
  ng.members.push_back({cluster_enabled ? "rg-0001-001" : "rg-001", "us-east-1b", true});
  rg.node_groups.push_back(ng);
  return rg;
}

TEST(Placement, NewReplicasFollowTheSubnetGroup) {
  ReplicationGroup rg = AvailableGroup(false);
  ReplicaChangeRequest req;
  req.increase = true;
  req.new_replica_count = 3;
  req.placement = {kRegion, "sg", {"us-east-1b", "us-east-1c"}, {}};
  auto none = [](const std::string&) { return false; };
  ReplicaPlan plan = PlanReplicaChange(rg, req, none);
  ASSERT_EQ(plan.shards.size(), 1u);
  Zones zones;
  for (const auto& m : plan.shards[0].joining) zones.push_back(m.availability_zone);
  EXPECT_EQ(zones, (Zones{"us-east-1c", "us-east-1b", "us-east-1c"}));

  req.new_replica_count.reset();
  req.replica_configuration = {{"0001", 1, {"us-east-1b", "us-east-1a"}}};
  ExpectFault([&] { PlanReplicaChange(rg, req, none); }, "InvalidVPCNetworkStateFault",
              "us-east-1a");
}

TEST(Placement, NewShardsFollowTheSubnetGroup) {
  ReplicationGroup rg = AvailableGroup(true);
  ReshardRequest req;
  req.node_group_count = 3;
  req.placement = {kRegion, "sg", {"us-east-1c"}, {}};
  auto none = [](const std::string&) { return false; };
  ReshardPlan plan = PlanResharding(rg, req, none);
  ASSERT_EQ(plan.added.size(), 2u);
  for (const auto& ng : plan.added)
    for (const auto& m : ng.members) EXPECT_EQ(m.availability_zone, "us-east-1c");

  req.resharding_configuration = {{std::nullopt, {"us-east-1a"}}};
  ExpectFault([&] { PlanResharding(rg, req, none); }, "InvalidVPCNetworkStateFault", "us-east-1a");
}

// ---- modifying subnets under clusters ------------------------------------------------------

TEST(SubnetsInUse, AZoneAClusterUsesKeepsASubnet) {
  CacheSubnetGroup before = GroupOf({"subnet-0b000001", "subnet-0b000002"});
  std::vector<ZoneInUse> used{{"us-east-1d", "rg-001"}};
  SimulatedNetwork network = Declared();
  auto to = [&](const std::vector<std::string>& ids) {
    return ResolveSubnets(network, kAccount, kRegion, ids, 20);
  };
  EXPECT_NO_THROW(CheckSubnetsInUse(before, to({"subnet-0b000002"}), used));
  EXPECT_NO_THROW(CheckSubnetsInUse(before, to({"subnet-0b000001"}), {}));
  ExpectFault([&] { CheckSubnetsInUse(before, to({"subnet-0b000001"}), used); }, "SubnetInUse",
              "The subnet subnet-0b000002 is in use by cache cluster rg-001 in availability zone "
              "us-east-1d");
  // A group in use keeps its VPC.
  ExpectFault([&] { CheckSubnetsInUse(before, to({"subnet-0a000001"}), used); }, "SubnetInUse",
              "cannot move from VPC vpc-0e to vpc-0d");
}

}  // namespace
}  // namespace ecl

// Cache subnet groups through the service: the built-in default group, the four operations
// and their rules, and the references replication groups make to them (existence, zones,
// network types, in-use checks).
#include "handlers/subnet_groups.h"

#include <gtest/gtest.h>

#include <set>

#include "handlers/service.h"
#include "model/aws_error.h"
#include "model/clock.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::kAccount;
using testing_support::kRegion;

const char kNetwork[] =
    "subnet_id,vpc_id,region,availability_zone,ipv4,ipv6,default_for_az,account\n"
    "subnet-0d000001,vpc-0d,us-east-1,us-east-1a,yes,no,yes,\n"
    "subnet-0d000002,vpc-0d,us-east-1,us-east-1b,yes,no,yes,\n"
    "subnet-0e000001,vpc-0e,us-east-1,us-east-1b,yes,no,no,\n"
    "subnet-0e000002,vpc-0e,us-east-1,us-east-1c,yes,no,no,\n"
    "subnet-0e000003,vpc-0e,us-east-1,us-east-1d,yes,yes,no,\n";

ApiValue Strings(const std::vector<std::string>& items) {
  ApiValue list = ApiValue::List();
  for (const auto& s : items) list.Push(s);
  return list;
}

class SubnetGroupsTest : public ::testing::Test {
 protected:
  explicit SubnetGroupsTest(bool declared = false) : service_(Options(declared)) {
    service_.Register(registry_);
  }

  static ServiceOptions Options(bool declared) {
    ServiceOptions o;
    o.in_memory = true;
    o.subnet_groups_quota = 5;
    o.subnets_per_subnet_group_quota = 3;
    if (declared)
      o.network = std::make_shared<SimulatedNetwork>(SimulatedNetwork::Parse(kNetwork, "net"));
    return o;
  }

  ApiValue Call(const std::string& action, const ApiValue& in) {
    clock_.Advance(1000);
    return (*registry_.Find(action))({"req", kAccount, kRegion, clock_.Now()}, in);
  }

  std::string CodeOf(const std::string& action, const ApiValue& in,
                     std::string* message = nullptr) {
    try {
      Call(action, in);
    } catch (const AwsError& e) {
      if (message) *message = e.message();
      return e.code;
    }
    return "";
  }

  static ApiValue NewGroup(const std::string& name, const std::vector<std::string>& subnets) {
    return ApiValue::Struct()
        .Set("CacheSubnetGroupName", name)
        .Set("CacheSubnetGroupDescription", std::string("d ").append(name))
        .Set("SubnetIds", Strings(subnets));
  }

  ApiValue Describe(const std::string& name) {
    return Call("DescribeCacheSubnetGroups", ApiValue::Struct().Set("CacheSubnetGroupName", name))
        .GetList("CacheSubnetGroups")[0];
  }

  static ApiValue Replicated(const std::string& id, int clusters) {
    return ApiValue::Struct()
        .Set("ReplicationGroupId", id)
        .Set("ReplicationGroupDescription", "d")
        .Set("NumCacheClusters", clusters)
        .Set("AutomaticFailoverEnabled", clusters > 1);
  }

  std::vector<std::string> MemberZones(const std::string& id) {
    auto group = Call("DescribeReplicationGroups", ApiValue::Struct().Set("ReplicationGroupId", id))
                     .GetList("ReplicationGroups")[0];
    std::vector<std::string> zones;
    for (const auto& ng : group.GetList("NodeGroups"))
      for (const auto& m : ng.GetList("NodeGroupMembers"))
        zones.push_back(*m.GetString("PreferredAvailabilityZone"));
    return zones;
  }

  ManualClock clock_;
  Service service_;
  HandlerRegistry registry_;
};

class DeclaredNetworkTest : public SubnetGroupsTest {
 protected:
  DeclaredNetworkTest() : SubnetGroupsTest(true) {}
};

TEST_F(SubnetGroupsTest, TheDefaultGroupIsThereOnFirstUse) {
  auto list = Call("DescribeCacheSubnetGroups", ApiValue::Struct()).GetList("CacheSubnetGroups");
  ASSERT_EQ(list.size(), 1u);
  const ApiValue& g = list[0];
  EXPECT_EQ(g.GetString("CacheSubnetGroupName"), "default");
  EXPECT_EQ(g.GetString("CacheSubnetGroupDescription"), "Default CacheSubnetGroup");
  EXPECT_EQ(g.GetString("VpcId"), DefaultVpcId(kAccount, kRegion));
  EXPECT_EQ(g.GetString("ARN"), "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:default");
  EXPECT_EQ(g.GetStrings("SupportedNetworkTypes"), std::vector<std::string>{"ipv4"});
  ASSERT_EQ(g.GetList("Subnets").size(), 3u);
  EXPECT_EQ(g.GetList("Subnets")[2].Get("SubnetAvailabilityZone")->GetString("Name"), "us-east-1c");
  std::string message;
  EXPECT_EQ(CodeOf("DeleteCacheSubnetGroup",
                   ApiValue::Struct().Set("CacheSubnetGroupName", "default"), &message),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf("AddTagsToResource",
                   ApiValue::Struct()
                       .Set("ResourceName", *g.GetString("ARN"))
                       .Set("Tags", ApiValue::List().Push(
                                        ApiValue::Struct().Set("Key", "k").Set("Value", "v")))),
            "InvalidParameterValue");
  // Its tags can be listed, and it can be modified.
  EXPECT_TRUE(
      Call("ListTagsForResource", ApiValue::Struct().Set("ResourceName", *g.GetString("ARN")))
          .GetList("TagList")
          .empty());
  EXPECT_EQ(CodeOf("ModifyCacheSubnetGroup", ApiValue::Struct()
                                                 .Set("CacheSubnetGroupName", "default")
                                                 .Set("CacheSubnetGroupDescription", "mine")),
            "");
  EXPECT_EQ(Describe("default").GetString("CacheSubnetGroupDescription"), "mine");
}

TEST_F(SubnetGroupsTest, CreateStoresTheNameLowerCaseWithItsSubnetsAndTags) {
  ApiValue in = NewGroup("Private-Cache", {"subnet-6f28c982", "subnet-bcd382f3"});
  in.Set("Tags", ApiValue::List().Push(ApiValue::Struct().Set("Key", "team").Set("Value", "x")));
  const ApiValue created = Call("CreateCacheSubnetGroup", in);
  const ApiValue* g = created.Get("CacheSubnetGroup");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->GetString("CacheSubnetGroupName"), "private-cache");
  EXPECT_EQ(g->GetList("Subnets")[0].GetString("SubnetIdentifier"), "subnet-6f28c982");
  EXPECT_EQ(g->GetList("Subnets")[0].GetStrings("SupportedNetworkTypes"),
            std::vector<std::string>{"ipv4"});
  EXPECT_EQ(Describe("PRIVATE-cache").GetString("ARN"),
            "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:private-cache");
  auto tags =
      Call("ListTagsForResource", ApiValue::Struct().Set("ResourceName", *g->GetString("ARN")))
          .GetList("TagList");
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0].GetString("Key"), "team");
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup", NewGroup("private-cache", {"subnet-01"})),
            "CacheSubnetGroupAlreadyExists");
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup", NewGroup("default", {"subnet-01"})),
            "CacheSubnetGroupAlreadyExists");
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup", NewGroup("bad--name", {"subnet-01"})),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup", NewGroup("x", {"subnet-zz"})), "InvalidSubnet");
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup", NewGroup("x", {})), "InvalidParameterValue");
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup",
                   NewGroup("x", {"subnet-01", "subnet-02", "subnet-03", "subnet-04"})),
            "CacheSubnetQuotaExceededFault");
  EXPECT_EQ(
      CodeOf("DescribeCacheSubnetGroups", ApiValue::Struct().Set("CacheSubnetGroupName", "nope")),
      "CacheSubnetGroupNotFoundFault");
}

TEST_F(SubnetGroupsTest, TheQuotaCountsTheDefaultGroup) {
  for (int i = 1; i <= 4; ++i)
    EXPECT_EQ(CodeOf("CreateCacheSubnetGroup",
                     NewGroup(std::string("g").append(std::to_string(i)), {"subnet-01"})),
              "");
  std::string message;
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup", NewGroup("g5", {"subnet-01"}), &message),
            "CacheSubnetGroupQuotaExceeded");
  EXPECT_NE(message.find("(5)"), std::string::npos) << message;
}

TEST_F(SubnetGroupsTest, DescribePagesInNameOrder) {
  for (std::string name : {"c", "a", "b", "d"})
    Call("CreateCacheSubnetGroup", NewGroup(name, {"subnet-1"}));
  std::vector<std::string> names;
  const ApiValue all = Call("DescribeCacheSubnetGroups", ApiValue::Struct());
  for (const auto& g : all.GetList("CacheSubnetGroups"))
    names.push_back(*g.GetString("CacheSubnetGroupName"));
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "d", "default"}));
  EXPECT_EQ(CodeOf("DescribeCacheSubnetGroups", ApiValue::Struct().Set("MaxRecords", 19)),
            "InvalidParameterValue");
  EXPECT_EQ(CodeOf("DescribeCacheSubnetGroups", ApiValue::Struct().Set("Marker", "forged")),
            "InvalidParameterValue");
}

TEST_F(SubnetGroupsTest, ReplicationGroupsMustNameAnExistingGroupAndShowIt) {
  std::string message;
  ApiValue rg = Replicated("rg", 2);
  rg.Set("CacheSubnetGroupName", "missing");
  EXPECT_EQ(CodeOf("CreateReplicationGroup", rg, &message), "CacheSubnetGroupNotFoundFault");
  EXPECT_EQ(message, "Cache subnet group missing not found.");

  Call("CreateCacheSubnetGroup", NewGroup("Mine", {"subnet-01"}));
  rg.Set("CacheSubnetGroupName", "MINE");
  Call("CreateReplicationGroup", rg);
  auto clusters = Call("DescribeCacheClusters", ApiValue::Struct()).GetList("CacheClusters");
  ASSERT_EQ(clusters.size(), 2u);
  for (const auto& cc : clusters) EXPECT_EQ(cc.GetString("CacheSubnetGroupName"), "mine");

  EXPECT_EQ(CodeOf("DeleteCacheSubnetGroup", ApiValue::Struct().Set("CacheSubnetGroupName", "mine"),
                   &message),
            "CacheSubnetGroupInUse");
  EXPECT_EQ(message, "Cache subnet group mine is currently in use by a cache cluster.");
  Call("DeleteReplicationGroup", ApiValue::Struct().Set("ReplicationGroupId", "rg"));
  Call("DescribeReplicationGroups", ApiValue::Struct());  // the deletion falls due
  EXPECT_EQ(
      CodeOf("DeleteCacheSubnetGroup", ApiValue::Struct().Set("CacheSubnetGroupName", "mine")), "");
  EXPECT_EQ(CodeOf("DeleteCacheSubnetGroup", ApiValue::Struct().Set("CacheSubnetGroupName", "mine"),
                   &message),
            "CacheSubnetGroupNotFoundFault");
  EXPECT_EQ(message, "Cache Subnet Group mine does not exist.");
}

TEST_F(SubnetGroupsTest, TheDefaultGroupKeepsTheRegionsThreeZones) {
  Call("CreateReplicationGroup", Replicated("rg", 4));
  EXPECT_EQ(MemberZones("rg"),
            (std::vector<std::string>{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a"}));
}

TEST_F(DeclaredNetworkTest, ClustersArePlacedInTheZonesOfTheirSubnetGroup) {
  Call("CreateCacheSubnetGroup", NewGroup("private", {"subnet-0e000002", "subnet-0e000001"}));
  ApiValue rg = Replicated("rg", 3);
  rg.Set("CacheSubnetGroupName", "private");
  Call("CreateReplicationGroup", rg);
  EXPECT_EQ(MemberZones("rg"),
            (std::vector<std::string>{"us-east-1b", "us-east-1c", "us-east-1b"}));

  // A zone outside the group is refused as ElastiCache refuses it.
  ApiValue outside = Replicated("rg2", 2);
  outside.Set("CacheSubnetGroupName", "private");
  outside.Set("PreferredCacheClusterAZs", Strings({"us-east-1b", "us-east-1a"}));
  EXPECT_EQ(CodeOf("CreateReplicationGroup", outside), "InvalidVPCNetworkStateFault");

  // Removing a subnet whose zone a member uses is refused.
  std::string message;
  EXPECT_EQ(CodeOf("ModifyCacheSubnetGroup",
                   ApiValue::Struct()
                       .Set("CacheSubnetGroupName", "private")
                       .Set("SubnetIds", Strings({"subnet-0e000001"})),
                   &message),
            "SubnetInUse");
  EXPECT_NE(message.find("subnet-0e000002"), std::string::npos) << message;

  // An added subnet opens its zone to new replicas, which follow the group's subnet group.
  auto increase_into = [&](const std::string& zone) {
    return CodeOf("IncreaseReplicaCount",
                  ApiValue::Struct()
                      .Set("ReplicationGroupId", "rg")
                      .Set("ApplyImmediately", true)
                      .Set("ReplicaConfiguration",
                           ApiValue::List().Push(ApiValue::Struct()
                                                     .Set("NodeGroupId", "0001")
                                                     .Set("NewReplicaCount", 3)
                                                     .Set("PreferredAvailabilityZones",
                                                          Strings({"us-east-1b", "us-east-1c",
                                                                   "us-east-1b", zone})))));
  };
  EXPECT_EQ(increase_into("us-east-1d"), "InvalidVPCNetworkStateFault");
  Call("ModifyCacheSubnetGroup",
       ApiValue::Struct()
           .Set("CacheSubnetGroupName", "private")
           .Set("SubnetIds", Strings({"subnet-0e000001", "subnet-0e000002", "subnet-0e000003"})));
  EXPECT_EQ(increase_into("us-east-1d"), "");
  Call("DescribeReplicationGroups", ApiValue::Struct());
  EXPECT_EQ(MemberZones("rg"),
            (std::vector<std::string>{"us-east-1b", "us-east-1c", "us-east-1b", "us-east-1d"}));
  // Without zones the next replica takes the next zone round-robin, as before.
  Call("IncreaseReplicaCount", ApiValue::Struct()
                                   .Set("ReplicationGroupId", "rg")
                                   .Set("NewReplicaCount", 4)
                                   .Set("ApplyImmediately", true));
  Call("DescribeReplicationGroups", ApiValue::Struct());
  EXPECT_EQ(MemberZones("rg").back(), "us-east-1c");
}

TEST_F(DeclaredNetworkTest, OnlyDeclaredSubnetsOfOneVpcMakeAGroup) {
  std::string message;
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup", NewGroup("x", {"subnet-0f000001"}), &message),
            "InvalidParameterValue");
  EXPECT_EQ(message, "Some input subnets in :[subnet-0f000001] are invalid.");
  EXPECT_EQ(CodeOf("CreateCacheSubnetGroup", NewGroup("x", {"subnet-0d000001", "subnet-0e000001"}),
                   &message),
            "InvalidSubnet");
  EXPECT_EQ(message, "Subnets subnet-0d000001 and subnet-0e000001 are not in the same VPC.");
  EXPECT_EQ(Describe("default").GetString("VpcId"), "vpc-0d");
}

TEST_F(DeclaredNetworkTest, TheNetworkTypeMustBeOneTheGroupSupports) {
  Call("CreateCacheSubnetGroup", NewGroup("v6", {"subnet-0e000003", "subnet-0e000001"}));
  EXPECT_EQ(Describe("v6").GetStrings("SupportedNetworkTypes"),
            (std::vector<std::string>{"ipv4", "dual_stack"}));
  ApiValue rg = Replicated("dual", 2);
  rg.Set("CacheSubnetGroupName", "v6");
  rg.Set("NetworkType", "dual_stack");
  Call("CreateReplicationGroup", rg);
  EXPECT_EQ(MemberZones("dual"), (std::vector<std::string>{"us-east-1d", "us-east-1d"}));
  ApiValue v6 = Replicated("six", 1);
  v6.Set("CacheSubnetGroupName", "v6");
  v6.Set("NetworkType", "ipv6");
  EXPECT_EQ(CodeOf("CreateReplicationGroup", v6), "InvalidParameterCombination");
  v6.Set("CacheSubnetGroupName", "default");
  v6.Set("NetworkType", "dual_stack");
  EXPECT_EQ(CodeOf("CreateReplicationGroup", v6), "InvalidParameterCombination");
}

TEST(NetworkFileLoading, ABadFileNamesItsLine) {
  EXPECT_FALSE(LoadNetwork("")->declared());
  EXPECT_THROW(LoadNetwork("/nonexistent/network.csv"), CatalogError);
}

}  // namespace
}  // namespace ecl

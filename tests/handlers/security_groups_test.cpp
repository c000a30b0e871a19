// Cache security groups through the service: what a VPC-only account is told (and that it
// writes nothing), and with EC2-Classic the default group, create/describe/delete with paging
// and the quota, authorizations settling on the clock with their events dated when they
// apply, references from CreateReplicationGroup, and state surviving a restart.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "handlers/service.h"
#include "model/aws_error.h"
#include "model/clock.h"
#include "model/identifiers.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::kAccount;

class SecurityGroups : public ::testing::Test {
 protected:
  SecurityGroups() { Start(Classic()); }

  static ServiceOptions Classic() {
    ServiceOptions o;
    o.in_memory = true;
    o.ec2_classic = true;
    o.transition_seconds = 10;
    return o;
  }

  void Start(ServiceOptions options) {
    registry_ = HandlerRegistry();
    service_.reset();
    service_ = std::make_unique<Service>(options);
    service_->Register(registry_);
  }

  ApiValue Call(const std::string& action, ApiValue input = ApiValue::Struct()) {
    RequestContext ctx{"req", kAccount, "us-east-1", clock_.Now()};
    const Handler* h = registry_.Find(action);
    EXPECT_NE(h, nullptr) << action;
    return (*h)(ctx, input);
  }

  std::string CallError(const std::string& action, ApiValue input = ApiValue::Struct()) {
    try {
      Call(action, std::move(input));
    } catch (const AwsError& e) {
      return e.code + " " + std::to_string(e.http_status);
    }
    return "no error";
  }

  static ApiValue Named(const std::string& name) {
    return ApiValue::Struct().Set("CacheSecurityGroupName", name);
  }
  static ApiValue Ingress(const std::string& group, const std::string& ec2_name) {
    return Named(group)
        .Set("EC2SecurityGroupName", ec2_name)
        .Set("EC2SecurityGroupOwnerId", kAccount);
  }
  static ApiValue Group(const std::string& id) {
    return ApiValue::Struct()
        .Set("ReplicationGroupId", id)
        .Set("ReplicationGroupDescription", "d")
        .Set("NumCacheClusters", 1);
  }

  ApiValue Describe(const std::string& name) {
    return Call("DescribeCacheSecurityGroups", Named(name)).GetList("CacheSecurityGroups").at(0);
  }
  std::vector<std::string> Statuses(const std::string& name) {
    std::vector<std::string> out;
    const ApiValue group = Describe(name);
    for (const auto& e : group.GetList("EC2SecurityGroups")) out.push_back(*e.GetString("Status"));
    return out;
  }
  std::vector<std::string> ClusterMessages() {
    std::vector<std::string> out;
    auto events = Call("DescribeEvents", ApiValue::Struct().Set("SourceType", "cache-cluster"))
                      .GetList("Events");
    for (const auto& e : events) out.push_back(*e.GetString("Message"));
    return out;
  }

  ManualClock clock_;
  HandlerRegistry registry_;
  std::unique_ptr<Service> service_;
};

TEST_F(SecurityGroups, AVpcOnlyAccountIsToldCacheSecurityGroupsAreNotPermitted) {
  ServiceOptions vpc = Classic();
  vpc.ec2_classic = false;
  Start(vpc);
  const std::string refused = "InvalidParameterValue 400";
  EXPECT_EQ(CallError("CreateCacheSecurityGroup", Named("web").Set("Description", "d")), refused);
  EXPECT_EQ(CallError("DescribeCacheSecurityGroups"), refused);
  EXPECT_EQ(CallError("DescribeCacheSecurityGroups", Named("default")), refused);
  EXPECT_EQ(CallError("DeleteCacheSecurityGroup", Named("web")), refused);
  EXPECT_EQ(CallError("AuthorizeCacheSecurityGroupIngress", Ingress("default", "app")), refused);
  EXPECT_EQ(CallError("RevokeCacheSecurityGroupIngress", Ingress("default", "app")), refused);
  ApiValue classic_group = Group("rg");
  classic_group.Set("CacheSecurityGroupNames", ApiValue::List().Push("default"));
  EXPECT_EQ(CallError("CreateReplicationGroup", classic_group), refused);
  EXPECT_TRUE(Call("DescribeReplicationGroups").GetList("ReplicationGroups").empty());
  // VPC security groups stay accepted, by format.
  ApiValue vpc_group = Group("rg");
  vpc_group.Set("SecurityGroupIds", ApiValue::List().Push("sg-0123456789abcdef0"));
  Call("CreateReplicationGroup", vpc_group);
  auto cluster = Call("DescribeCacheClusters").GetList("CacheClusters").at(0);
  EXPECT_EQ(*cluster.GetList("SecurityGroups").at(0).GetString("Status"), "active");
  EXPECT_TRUE(cluster.GetList("CacheSecurityGroups").empty());
  ApiValue malformed = Group("rg2");
  malformed.Set("SecurityGroupIds", ApiValue::List().Push("my-vpc-group"));
  EXPECT_EQ(CallError("CreateReplicationGroup", malformed), refused);
}

TEST_F(SecurityGroups, TheDefaultGroupExistsAndCannotBeDeleted) {
  auto all = Call("DescribeCacheSecurityGroups").GetList("CacheSecurityGroups");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(*all[0].GetString("CacheSecurityGroupName"), "default");
  EXPECT_EQ(*all[0].GetString("Description"), "default");
  EXPECT_EQ(*all[0].GetString("OwnerId"), kAccount);
  EXPECT_EQ(*all[0].GetString("ARN"),
            "arn:aws:elasticache:us-east-1:123456789012:securitygroup:default");
  EXPECT_EQ(CallError("DeleteCacheSecurityGroup", Named("default")),
            "InvalidCacheSecurityGroupState 400");
  EXPECT_EQ(CallError("CreateCacheSecurityGroup", Named("Default").Set("Description", "d")),
            "InvalidParameterValue 400");
}

TEST_F(SecurityGroups, CreateDescribeDeleteWithPagingAndTheQuota) {
  for (int i = 0; i < 44; ++i) {
    char name[16];
    snprintf(name, sizeof name, "Group%02d", i);
    auto created = *Call("CreateCacheSecurityGroup", Named(name).Set("Description", "d"))
                        .Get("CacheSecurityGroup");
    EXPECT_EQ(*created.GetString("CacheSecurityGroupName"), ToLowerAscii(name));
    EXPECT_TRUE(created.GetList("EC2SecurityGroups").empty());
  }
  EXPECT_EQ(CallError("CreateCacheSecurityGroup", Named("GROUP07").Set("Description", "d")),
            "CacheSecurityGroupAlreadyExists 400");
  std::vector<std::string> seen;
  ApiValue in = ApiValue::Struct().Set("MaxRecords", 20);
  for (;;) {
    auto page = Call("DescribeCacheSecurityGroups", in);
    for (const auto& g : page.GetList("CacheSecurityGroups"))
      seen.push_back(*g.GetString("CacheSecurityGroupName"));
    if (!page.GetString("Marker")) break;
    in.Set("Marker", *page.GetString("Marker"));
  }
  ASSERT_EQ(seen.size(), 45u);  // the default group too
  EXPECT_EQ(seen.back(), "group43");
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(CallError("DescribeCacheSecurityGroups", ApiValue::Struct().Set("MaxRecords", 19)),
            "InvalidParameterValue 400");
  EXPECT_EQ(CallError("DescribeCacheSecurityGroups", ApiValue::Struct().Set("Marker", "forged")),
            "InvalidParameterValue 400");
  EXPECT_EQ(CallError("DescribeCacheSecurityGroups", Named("nope")),
            "CacheSecurityGroupNotFound 404");

  for (int i = 44; i < 49; ++i)
    Call("CreateCacheSecurityGroup", Named("extra" + std::to_string(i)).Set("Description", "d"));
  // 50 with the default one: the quota is full.
  EXPECT_EQ(CallError("CreateCacheSecurityGroup", Named("onemore").Set("Description", "d")),
            "QuotaExceeded.CacheSecurityGroup 400");
  Call("DeleteCacheSecurityGroup", Named("GROUP00"));
  EXPECT_EQ(CallError("DescribeCacheSecurityGroups", Named("group00")),
            "CacheSecurityGroupNotFound 404");
  EXPECT_EQ(CallError("DeleteCacheSecurityGroup", Named("group00")),
            "CacheSecurityGroupNotFound 404");
  Call("CreateCacheSecurityGroup", Named("onemore").Set("Description", "d"));
}

TEST_F(SecurityGroups, AuthorizationsSettleOnTheClockAndClustersSeeTheChange) {
  Call("CreateCacheSecurityGroup", Named("web").Set("Description", "web tier"));
  ApiValue rg = Group("shop");
  rg.Set("CacheSecurityGroupNames", ApiValue::List().Push("WEB"));
  Call("CreateReplicationGroup", rg);
  clock_.Advance(10000);  // available
  auto cluster = Call("DescribeCacheClusters").GetList("CacheClusters").at(0);
  ASSERT_EQ(cluster.GetList("CacheSecurityGroups").size(), 1u);
  EXPECT_EQ(*cluster.GetList("CacheSecurityGroups")[0].GetString("CacheSecurityGroupName"), "web");
  EXPECT_FALSE(cluster.GetString("CacheSubnetGroupName"));  // outside any VPC

  auto answer =
      *Call("AuthorizeCacheSecurityGroupIngress", Ingress("Web", "app")).Get("CacheSecurityGroup");
  EXPECT_EQ(*answer.GetList("EC2SecurityGroups").at(0).GetString("Status"), "authorizing");
  EXPECT_EQ(CallError("AuthorizeCacheSecurityGroupIngress", Ingress("web", "app")),
            "AuthorizationAlreadyExists 400");
  EXPECT_EQ(CallError("RevokeCacheSecurityGroupIngress", Ingress("web", "app")),
            "InvalidCacheSecurityGroupState 400");
  const size_t before = ClusterMessages().size();
  clock_.Advance(9999);
  EXPECT_EQ(Statuses("web"), std::vector<std::string>{"authorizing"});
  EXPECT_EQ(ClusterMessages().size(), before);  // not applied yet
  clock_.Advance(1);
  EXPECT_EQ(Statuses("web"), std::vector<std::string>{"authorized"});
  EXPECT_EQ(ClusterMessages().front(), "Applied change to security group");

  answer =
      *Call("RevokeCacheSecurityGroupIngress", Ingress("web", "app")).Get("CacheSecurityGroup");
  EXPECT_EQ(*answer.GetList("EC2SecurityGroups").at(0).GetString("Status"), "revoking");
  clock_.Advance(10000);
  EXPECT_TRUE(Statuses("web").empty());
  EXPECT_EQ(CallError("RevokeCacheSecurityGroupIngress", Ingress("web", "app")),
            "AuthorizationNotFound 404");
  EXPECT_EQ(CallError("AuthorizeCacheSecurityGroupIngress", Ingress("nope", "app")),
            "CacheSecurityGroupNotFound 404");
}

TEST_F(SecurityGroups, ReferencesAreCheckedAndAGroupInUseCannotBeDeleted) {
  ApiValue rg = Group("shop");
  rg.Set("CacheSecurityGroupNames", ApiValue::List().Push("missing"));
  EXPECT_EQ(CallError("CreateReplicationGroup", rg), "CacheSecurityGroupNotFound 404");
  ApiValue mixed = Group("shop");
  mixed.Set("CacheSecurityGroupNames", ApiValue::List().Push("default"));
  mixed.Set("SecurityGroupIds", ApiValue::List().Push("sg-1a2b3c4d"));
  EXPECT_EQ(CallError("CreateReplicationGroup", mixed), "InvalidParameterCombination 400");
  ApiValue with_subnet = Group("shop");
  with_subnet.Set("CacheSecurityGroupNames", ApiValue::List().Push("default"));
  with_subnet.Set("CacheSubnetGroupName", "default");
  EXPECT_EQ(CallError("CreateReplicationGroup", with_subnet), "InvalidParameterCombination 400");
  EXPECT_TRUE(Call("DescribeReplicationGroups").GetList("ReplicationGroups").empty());

  Call("CreateCacheSecurityGroup", Named("web").Set("Description", "d"));
  rg.Set("CacheSecurityGroupNames", ApiValue::List().Push("web"));
  Call("CreateReplicationGroup", rg);
  EXPECT_EQ(CallError("DeleteCacheSecurityGroup", Named("web")),
            "InvalidCacheSecurityGroupState 400");
  clock_.Advance(10000);
  Call("DeleteReplicationGroup", ApiValue::Struct().Set("ReplicationGroupId", "shop"));
  // Still in use while its clusters are being deleted.
  EXPECT_EQ(CallError("DeleteCacheSecurityGroup", Named("web")),
            "InvalidCacheSecurityGroupState 400");
  clock_.Advance(10000);
  Call("DeleteCacheSecurityGroup", Named("web"));
}

TEST_F(SecurityGroups, TaggedByArnAndTagsGoWithTheGroup) {
  Call("CreateCacheSecurityGroup",
       Named("web")
           .Set("Description", "d")
           .Set("Tags",
                ApiValue::List().Push(ApiValue::Struct().Set("Key", "team").Set("Value", "a"))));
  const std::string arn = "arn:aws:elasticache:us-east-1:123456789012:securitygroup:web";
  auto tags =
      Call("ListTagsForResource", ApiValue::Struct().Set("ResourceName", arn)).GetList("TagList");
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(*tags[0].GetString("Key"), "team");
  Call("DeleteCacheSecurityGroup", Named("web"));
  EXPECT_EQ(CallError("ListTagsForResource", ApiValue::Struct().Set("ResourceName", arn)),
            "CacheSecurityGroupNotFound 404");
  Call("CreateCacheSecurityGroup", Named("web").Set("Description", "d"));
  EXPECT_TRUE(Call("ListTagsForResource", ApiValue::Struct().Set("ResourceName", arn))
                  .GetList("TagList")
                  .empty());
}

TEST_F(SecurityGroups, GroupsAndPendingAuthorizationsSurviveARestart) {
  auto dir = std::filesystem::temp_directory_path() / "ecl-security-groups-restart-test";
  std::filesystem::remove_all(dir);
  ServiceOptions options = Classic();
  options.in_memory = false;
  options.data_dir = dir.string();
  Start(options);
  Call("CreateCacheSecurityGroup", Named("web").Set("Description", "kept"));
  Call("AuthorizeCacheSecurityGroupIngress", Ingress("web", "app"));
  Start(options);
  EXPECT_EQ(*Describe("web").GetString("Description"), "kept");
  EXPECT_EQ(Statuses("web"), std::vector<std::string>{"authorizing"});
  clock_.Advance(10000);
  EXPECT_EQ(Statuses("web"), std::vector<std::string>{"authorized"});
  service_.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ecl

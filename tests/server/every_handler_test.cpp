// Every registered handler, driven through the real dispatcher against a fresh in-memory
// service: each answers a valid request with 200 and XML that parses, shaped as its output;
// and a request that fills every member its input shape declares never answers 500 (an
// undeclared output member, a kind contradicting its shape or any other handler bug would).
// Input members are read through the structs generated from the same model (api_types.h),
// so a read of a member the shape lacks does not compile.
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "handlers/service.h"
#include "model/clock.h"
#include "model/reserved_offering_catalog.h"
#include "server/api_dispatcher.h"
#include "server/endpoint_mapping.h"
#include "server/query_decoder.h"
#include "server/query_params.h"
#include "server/service_model.h"
#include "server/typed_xml_writer.h"
#include "server/xml_serializer.h"

namespace ecl {
namespace {

constexpr char kAccount[] = "000000000000";
constexpr char kRegion[] = "us-east-1";
constexpr char kBucket[] = "fx-bucket";  // an export bucket (a folder of the export dir)

std::string Arn(const std::string& type, const std::string& id) {
  return std::string("arn:aws:elasticache:") + kRegion + ":" + kAccount + ":" + type + ":" + id;
}

struct Call {
  std::string action;
  QueryParams params;
  std::string region = kRegion;  // a global datastore's secondary lives in another
};

constexpr char kSecondaryRegion[] = "us-west-2";

// One valid request per operation, in an order where each finds what it needs.
std::vector<Call> HappyPath() {
  const std::string offering = DeriveOfferingId("cache.t3.micro", "redis", 31536000, "No Upfront");
  return {
      {"DescribeCacheEngineVersions", {{"Engine", "redis"}, {"DefaultOnly", "true"}}},
      {"CreateCacheParameterGroup",
       {{"CacheParameterGroupName", "fx-params"},
        {"CacheParameterGroupFamily", "redis7"},
        {"Description", "fixture"},
        {"Tags.Tag.1.Key", "team"},
        {"Tags.Tag.1.Value", "cache"}}},
      {"DescribeCacheParameterGroups", {{"MaxRecords", "20"}}},
      {"ModifyCacheParameterGroup",
       {{"CacheParameterGroupName", "fx-params"},
        {"ParameterNameValues.ParameterNameValue.1.ParameterName", "timeout"},
        {"ParameterNameValues.ParameterNameValue.1.ParameterValue", "300"}}},
      {"DescribeCacheParameters", {{"CacheParameterGroupName", "fx-params"}, {"Source", "user"}}},
      {"DescribeEngineDefaultParameters", {{"CacheParameterGroupFamily", "redis7"}}},
      {"ResetCacheParameterGroup",
       {{"CacheParameterGroupName", "fx-params"}, {"ResetAllParameters", "true"}}},
      {"CreateCacheSubnetGroup",
       {{"CacheSubnetGroupName", "fx-subnets"},
        {"CacheSubnetGroupDescription", "fixture"},
        {"SubnetIds.SubnetIdentifier.1", "subnet-0a1b2c3d"},
        {"SubnetIds.SubnetIdentifier.2", "subnet-1b2c3d4e"},
        {"Tags.Tag.1.Key", "team"},
        {"Tags.Tag.1.Value", "cache"}}},
      {"DescribeCacheSubnetGroups", {{"MaxRecords", "20"}}},
      {"ModifyCacheSubnetGroup",
       {{"CacheSubnetGroupName", "fx-subnets"},
        {"CacheSubnetGroupDescription", "changed"},
        {"SubnetIds.SubnetIdentifier.1", "subnet-0a1b2c3d"}}},
      {"CreateReplicationGroup",
       {{"ReplicationGroupId", "fx"},
        {"ReplicationGroupDescription", "fixture"},
        {"NumCacheClusters", "2"},
        {"AutomaticFailoverEnabled", "true"},
        {"SnapshotRetentionLimit", "1"},
        {"Tags.Tag.1.Key", "team"},
        {"Tags.Tag.1.Value", "cache"}}},
      {"CreateReplicationGroup",
       {{"ReplicationGroupId", "fx-cme"},
        {"ReplicationGroupDescription", "sharded"},
        {"CacheParameterGroupName", "default.redis7.cluster.on"},
        {"NumNodeGroups", "2"},
        {"ReplicasPerNodeGroup", "1"}}},
      {"CreateCacheCluster",
       {{"CacheClusterId", "fx-mc"},
        {"Engine", "memcached"},
        {"CacheNodeType", "cache.t3.micro"},
        {"NumCacheNodes", "2"},
        {"AZMode", "cross-az"}}},
      {"CreateCacheCluster",
       {{"CacheClusterId", "fx-redis"}, {"Engine", "redis"}, {"CacheNodeType", "cache.t3.micro"}}},
      {"ModifyCacheCluster",
       {{"CacheClusterId", "fx-mc"}, {"NumCacheNodes", "3"}, {"ApplyImmediately", "true"}}},
      {"RebootCacheCluster",
       {{"CacheClusterId", "fx-redis"}, {"CacheNodeIdsToReboot.member.1", "0001"}}},
      {"ListAllowedNodeTypeModifications", {{"CacheClusterId", "fx-redis"}}},
      {"DescribeReplicationGroups", {{"MaxRecords", "20"}}},
      {"DescribeCacheClusters", {{"ShowCacheNodeInfo", "true"}}},
      {"IncreaseReplicaCount",
       {{"ReplicationGroupId", "fx"}, {"NewReplicaCount", "2"}, {"ApplyImmediately", "true"}}},
      {"DecreaseReplicaCount",
       {{"ReplicationGroupId", "fx"}, {"NewReplicaCount", "1"}, {"ApplyImmediately", "true"}}},
      {"ModifyReplicationGroupShardConfiguration",
       {{"ReplicationGroupId", "fx-cme"}, {"NodeGroupCount", "3"}, {"ApplyImmediately", "true"}}},
      {"ModifyReplicationGroup",
       {{"ReplicationGroupId", "fx"},
        {"ReplicationGroupDescription", "modified"},
        {"CacheNodeType", "cache.t3.small"},
        {"ApplyImmediately", "true"}}},
      {"TestFailover", {{"ReplicationGroupId", "fx"}, {"NodeGroupId", "0001"}}},
      {"CreateSnapshot", {{"ReplicationGroupId", "fx"}, {"SnapshotName", "fx-snap"}}},
      {"DescribeSnapshots", {{"ShowNodeGroupConfig", "true"}}},
      {"CopySnapshot", {{"SourceSnapshotName", "fx-snap"}, {"TargetSnapshotName", "fx-copy"}}},
      {"DeleteSnapshot", {{"SnapshotName", "fx-copy"}}},
      {"AddTagsToResource",
       {{"ResourceName", Arn("replicationgroup", "fx")},
        {"Tags.Tag.1.Key", "env"},
        {"Tags.Tag.1.Value", "test"}}},
      {"ListTagsForResource", {{"ResourceName", Arn("replicationgroup", "fx")}}},
      {"RemoveTagsFromResource",
       {{"ResourceName", Arn("replicationgroup", "fx")}, {"TagKeys.member.1", "env"}}},
      {"DescribeReservedCacheNodesOfferings", {{"CacheNodeType", "cache.t3.micro"}}},
      {"PurchaseReservedCacheNodesOffering",
       {{"ReservedCacheNodesOfferingId", offering}, {"ReservedCacheNodeId", "fx-ri"}}},
      {"DescribeReservedCacheNodes", {}},
      {"CreateCacheSecurityGroup",
       {{"CacheSecurityGroupName", "fx-csg"},
        {"Description", "fixture"},
        {"Tags.Tag.1.Key", "team"},
        {"Tags.Tag.1.Value", "cache"}}},
      {"AuthorizeCacheSecurityGroupIngress",
       {{"CacheSecurityGroupName", "fx-csg"},
        {"EC2SecurityGroupName", "web"},
        {"EC2SecurityGroupOwnerId", kAccount}}},
      {"DescribeCacheSecurityGroups", {{"MaxRecords", "20"}}},
      {"CreateReplicationGroup",
       {{"ReplicationGroupId", "fx-classic"},
        {"ReplicationGroupDescription", "outside any VPC"},
        {"CacheSecurityGroupNames.CacheSecurityGroupName.1", "default"}}},
      {"RevokeCacheSecurityGroupIngress",
       {{"CacheSecurityGroupName", "fx-csg"},
        {"EC2SecurityGroupName", "web"},
        {"EC2SecurityGroupOwnerId", kAccount}}},
      {"DeleteCacheSecurityGroup", {{"CacheSecurityGroupName", "fx-csg"}}},
      {"DescribeEvents", {{"Duration", "60"}}},
      {"DeleteReplicationGroup", {{"ReplicationGroupId", "fx-cme"}}},
      {"DeleteCacheCluster", {{"CacheClusterId", "fx-mc"}}},
      {"DeleteCacheParameterGroup", {{"CacheParameterGroupName", "fx-params"}}},
      {"CreateUser",
       {{"UserId", "fx-user"},
        {"UserName", "fx-user"},
        {"Engine", "redis"},
        {"AccessString", "on ~* +@all"},
        {"Passwords.member.1", "fixture-password-1"},
        {"Tags.Tag.1.Key", "team"},
        {"Tags.Tag.1.Value", "cache"}}},
      {"DescribeUsers", {{"Engine", "redis"}}},
      {"ModifyUser", {{"UserId", "fx-user"}, {"AppendAccessString", "-flushall"}}},
      {"CreateUserGroup",
       {{"UserGroupId", "fx-ug"},
        {"Engine", "redis"},
        {"UserIds.member.1", "default"},
        {"UserIds.member.2", "fx-user"}}},
      {"CreateUserGroup",
       {{"UserGroupId", "fx-ug2"}, {"Engine", "redis"}, {"UserIds.member.1", "default"}}},
      {"DescribeUserGroups", {}},
      {"ModifyUserGroup", {{"UserGroupId", "fx-ug2"}, {"UserIdsToAdd.member.1", "fx-user"}}},
      {"CreateReplicationGroup",
       {{"ReplicationGroupId", "fx-rbac"},
        {"ReplicationGroupDescription", "rbac"},
        {"TransitEncryptionEnabled", "true"},
        {"UserGroupIds.member.1", "fx-ug"}}},
      {"DeleteUserGroup", {{"UserGroupId", "fx-ug2"}}},
      {"CreateServerlessCache",
       {{"ServerlessCacheName", "fx-sls"},
        {"Engine", "valkey"},
        {"MajorEngineVersion", "8"},
        {"CacheUsageLimits.DataStorage.Maximum", "10"},
        {"CacheUsageLimits.DataStorage.Unit", "GB"},
        {"CacheUsageLimits.ECPUPerSecond.Maximum", "5000"},
        {"SnapshotRetentionLimit", "1"},
        {"DailySnapshotTime", "09:00"},
        {"UserGroupId", "fx-ug"},
        {"Tags.Tag.1.Key", "team"}}},
      {"DescribeServerlessCaches", {}},
      {"ModifyServerlessCache", {{"ServerlessCacheName", "fx-sls"}, {"Description", "changed"}}},
      {"CreateServerlessCacheSnapshot",
       {{"ServerlessCacheSnapshotName", "fx-sls-snap"}, {"ServerlessCacheName", "fx-sls"}}},
      {"DescribeServerlessCacheSnapshots", {{"ServerlessCacheName", "fx-sls"}}},
      {"CopyServerlessCacheSnapshot",
       {{"SourceServerlessCacheSnapshotName", "fx-sls-snap"},
        {"TargetServerlessCacheSnapshotName", "fx-sls-copy"}}},
      {"ExportServerlessCacheSnapshot",
       {{"ServerlessCacheSnapshotName", "fx-sls-snap"}, {"S3BucketName", kBucket}}},
      {"DeleteServerlessCacheSnapshot", {{"ServerlessCacheSnapshotName", "fx-sls-copy"}}},
      {"DeleteServerlessCache",
       {{"ServerlessCacheName", "fx-sls"}, {"FinalSnapshotName", "fx-sls-final"}}},
      {"DeleteUser", {{"UserId", "fx-user"}}},
      {"DescribeServiceUpdates", {{"ServiceUpdateStatus.member.1", "available"}}},
      {"DescribeUpdateActions",
       {{"ServiceUpdateName", "elasticache-20250507-intel"},
        {"ShowNodeLevelUpdateStatus", "true"}}},
      {"BatchApplyUpdateAction",
       {{"ServiceUpdateName", "elasticache-20250507-intel"},
        {"ReplicationGroupIds.member.1", "fx"},
        {"CacheClusterIds.member.1", "fx-redis"}}},
      {"BatchStopUpdateAction",
       {{"ServiceUpdateName", "elasticache-20250507-intel"},
        {"CacheClusterIds.member.1", "fx-redis"}}},
      {"CreateReplicationGroup",
       {{"ReplicationGroupId", "fx-mig"},
        {"ReplicationGroupDescription", "migration target"},
        {"NumCacheClusters", "2"},
        {"AutomaticFailoverEnabled", "true"},
        {"MultiAZEnabled", "true"}}},
      {"TestMigration",
       {{"ReplicationGroupId", "fx-mig"},
        {"CustomerNodeEndpointList.member.1.Address", "10.0.0.241"},
        {"CustomerNodeEndpointList.member.1.Port", "6379"}}},
      {"StartMigration",
       {{"ReplicationGroupId", "fx-mig"},
        {"CustomerNodeEndpointList.member.1.Address", "10.0.0.241"},
        {"CustomerNodeEndpointList.member.1.Port", "6379"}}},
      {"CompleteMigration", {{"ReplicationGroupId", "fx-mig"}}},
      {"DeleteCacheSubnetGroup", {{"CacheSubnetGroupName", "fx-subnets"}}},
      // A global datastore: a primary with uneven slots here, a secondary in another region.
      {"CreateReplicationGroup",
       {{"ReplicationGroupId", "fx-gp"},
        {"ReplicationGroupDescription", "global primary"},
        {"CacheNodeType", "cache.r6g.large"},
        {"CacheParameterGroupName", "default.redis7.cluster.on"},
        {"NumNodeGroups", "2"},
        {"NodeGroupConfiguration.NodeGroupConfiguration.1.Slots", "0-1000"},
        {"NodeGroupConfiguration.NodeGroupConfiguration.1.ReplicaCount", "1"},
        {"NodeGroupConfiguration.NodeGroupConfiguration.2.Slots", "1001-16383"},
        {"NodeGroupConfiguration.NodeGroupConfiguration.2.ReplicaCount", "1"}}},
      {"CreateGlobalReplicationGroup",
       {{"GlobalReplicationGroupIdSuffix", "fx-global"},
        {"PrimaryReplicationGroupId", "fx-gp"},
        {"GlobalReplicationGroupDescription", "fx"}}},
      {"DescribeGlobalReplicationGroups", {{"ShowMemberInfo", "true"}}},
      {"CreateReplicationGroup",
       {{"ReplicationGroupId", "fx-gs"},
        {"ReplicationGroupDescription", "global secondary"},
        {"GlobalReplicationGroupId", "ldgnf-fx-global"},
        {"ReplicasPerNodeGroup", "1"}},
       kSecondaryRegion},
      {"ModifyGlobalReplicationGroup",
       {{"GlobalReplicationGroupId", "ldgnf-fx-global"},
        {"GlobalReplicationGroupDescription", "described"},
        {"ApplyImmediately", "true"}}},
      {"RebalanceSlotsInGlobalReplicationGroup",
       {{"GlobalReplicationGroupId", "ldgnf-fx-global"}, {"ApplyImmediately", "true"}}},
      {"IncreaseNodeGroupsInGlobalReplicationGroup",
       {{"GlobalReplicationGroupId", "ldgnf-fx-global"},
        {"NodeGroupCount", "3"},
        {"ApplyImmediately", "true"}}},
      {"DecreaseNodeGroupsInGlobalReplicationGroup",
       {{"GlobalReplicationGroupId", "ldgnf-fx-global"},
        {"NodeGroupCount", "2"},
        {"GlobalNodeGroupsToRemove.GlobalNodeGroupId.1", "ldgnf-fx-global-0003"},
        {"ApplyImmediately", "true"}}},
      {"FailoverGlobalReplicationGroup",
       {{"GlobalReplicationGroupId", "ldgnf-fx-global"},
        {"PrimaryRegion", kSecondaryRegion},
        {"PrimaryReplicationGroupId", "fx-gs"}}},
      {"DisassociateGlobalReplicationGroup",
       {{"GlobalReplicationGroupId", "ldgnf-fx-global"},
        {"ReplicationGroupId", "fx-gp"},
        {"ReplicationGroupRegion", kRegion}}},
      {"DeleteGlobalReplicationGroup",
       {{"GlobalReplicationGroupId", "ldgnf-fx-global"}, {"RetainPrimaryReplicationGroup", "true"}},
       kSecondaryRegion},
  };
}

// A plausible value for a member, by its name where that matters and by type otherwise.
std::string SampleString(const std::string& member) {
  if (member == "ResourceName") return Arn("replicationgroup", "fx");
  if (member.find("Window") != std::string::npos)
    return member == "SnapshotWindow" ? "01:00-02:00" : "sun:05:00-sun:06:00";
  if (member == "Engine") return "redis";
  if (member == "Duration") return "1";
  return "fx";
}

void Fill(const Shape& shape, const std::string& prefix, const std::string& member,
          QueryParams& out, int depth) {
  if (depth > 6) return;
  switch (shape.type) {
    case ShapeType::kStructure:
      for (const auto& m : shape.members)
        Fill(*m.shape, prefix.empty() ? m.wire_name : prefix + "." + m.wire_name, m.name, out,
             depth + 1);
      return;
    case ShapeType::kList:
      Fill(*shape.element.shape, prefix + ".member.1", member, out, depth + 1);
      return;
    case ShapeType::kBoolean:
      out.emplace_back(prefix, "true");
      return;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      out.emplace_back(prefix, "1");
      return;
    case ShapeType::kDouble:
    case ShapeType::kFloat:
      out.emplace_back(prefix, "1.5");
      return;
    case ShapeType::kTimestamp:
      out.emplace_back(prefix, "2026-01-01T00:00:00Z");
      return;
    default:
      out.emplace_back(prefix, SampleString(member));
  }
}

class EveryHandler : public ::testing::Test {
 protected:
  EveryHandler() : service_(Options()), dispatcher_(ServiceModel::Embedded(), registry_) {
    service_.Register(registry_);
  }

  static ServiceOptions Options() {
    ServiceOptions o;
    o.in_memory = true;
    o.ec2_classic = true;  // the cache security group operations answer 200 only there
    o.export_dir = ExportDir().string();
    return o;
  }

  // A fresh export dir holding the bucket ExportServerlessCacheSnapshot writes to, removed when
  // the tests end.
  static std::filesystem::path ExportDir() {
    struct TempDir {
      std::filesystem::path path = std::filesystem::temp_directory_path() /
                                   ("ecl-every-handler-" + std::to_string(::getpid()));
      TempDir() {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path / kBucket);
      }
      ~TempDir() { std::filesystem::remove_all(path); }
    };
    static const TempDir dir;
    return dir.path;
  }

  HttpResponse Send(const std::string& action, QueryParams params,
                    const std::string& region = kRegion) {
    params.insert(params.begin(), {{"Action", action}, {"Version", "2015-02-02"}});
    clock_.Advance(1000);
    RequestContext ctx{"req-" + std::to_string(++requests_), kAccount, region, clock_.Now()};
    return dispatcher_.Dispatch(params, ctx);
  }

  ManualClock clock_;
  Service service_;
  HandlerRegistry registry_;
  ApiDispatcher dispatcher_;
  int requests_ = 0;
};

TEST_F(EveryHandler, AnswersAValidRequestWithItsOutputShape) {
  std::set<std::string> covered;
  for (const auto& call : HappyPath()) {
    SCOPED_TRACE(call.action);
    HttpResponse r = Send(call.action, call.params, call.region);
    ASSERT_EQ(r.status, 200) << r.body;
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(r.body.c_str())) << r.body;
    pugi::xml_node root = doc.child((call.action + "Response").c_str());
    ASSERT_TRUE(root) << r.body;
    const Operation* op = ServiceModel::Embedded().FindOperation(call.action);
    if (op->output) {
      EXPECT_TRUE(root.child(op->result_wrapper.c_str())) << r.body;
    }
    covered.insert(call.action);
  }
  // A new handler needs its valid request here.
  for (const auto& action : registry_.Actions()) EXPECT_TRUE(covered.count(action)) << action;
}

TEST_F(EveryHandler, EveryOperationOfTheServiceModelHasAHandler) {
  // All of ElastiCache's API answers: none of the model's operations is InvalidAction.
  const auto& operations = ServiceModel::Embedded().operations();
  EXPECT_EQ(operations.size(), 75u);
  for (const auto& op : operations) EXPECT_TRUE(registry_.Find(op.name)) << op.name;
}

TEST_F(EveryHandler, NeverAnswers500WhateverMembersAreSent) {
  for (const auto& call : HappyPath())  // something to find
    Send(call.action, call.params, call.region);
  for (const auto& action : registry_.Actions()) {
    SCOPED_TRACE(action);
    const Operation* op = ServiceModel::Embedded().FindOperation(action);
    ASSERT_NE(op, nullptr);
    QueryParams all;
    if (op->input) Fill(*op->input, "", "", all, 0);
    HttpResponse full = Send(action, all);
    EXPECT_LT(full.status, 500) << full.body;
    HttpResponse bare = Send(action, {});
    EXPECT_LT(bare.status, 500) << bare.body;
  }
}

// The typed results go to XML without an ApiValue tree (server/typed_xml_writer.h): for every
// operation's answer they are byte for byte what the ApiValue serializer writes, endpoints
// mapped as MapEndpoints maps them.
struct BothSerializations {
  const Operation& operation;
  const EndpointMapper& mapper;
  std::string typed, reference;
  int writes = 0;
  template <typename T>
  void Write(const T& result) {
    ++writes;
    const ServiceModel& model = ServiceModel::Embedded();
    typed = SerializeResultWith(model, operation, "r", [&](std::string& out) {
      WriteTypedResult(out, *operation.output, result, &mapper);
    });
    ApiValue value = api::ToApi(result);
    MapEndpoints(*operation.output, value, mapper);
    reference = SerializeResult(model, operation, value, "r");
  }
};

TEST_F(EveryHandler, TypedResultsAreWrittenAsTheApiValueSerializerWritesThem) {
  EndpointMapper mapper = [](const std::string& address)
      -> std::optional<std::pair<std::string, std::optional<int>>> {
    if (address.find("0001") == std::string::npos) return std::nullopt;
    return std::make_pair(std::string("127.0.0.1"), std::optional<int>(21007));
  };
  int compared = 0;
  for (const auto& call : HappyPath()) {
    SCOPED_TRACE(call.action);
    const Operation* op = ServiceModel::Embedded().FindOperation(call.action);
    const TypedHandler* typed = registry_.FindTyped(call.action);
    ASSERT_NE(typed, nullptr);
    clock_.Advance(1000);
    RequestContext ctx{"req-" + std::to_string(++requests_), kAccount, call.region, clock_.Now()};
    BothSerializations both{*op, mapper, {}, {}, 0};
    api::OutputSinkTo<BothSerializations> sink(both);
    (*typed)(ctx, DecodeInput(ServiceModel::Embedded(), *op, call.params), sink);
    EXPECT_EQ(both.writes, op->output ? 1 : 0);
    EXPECT_EQ(both.typed, both.reference);
    compared += both.writes;
  }
  EXPECT_GT(compared, 60);
}

}  // namespace
}  // namespace ecl

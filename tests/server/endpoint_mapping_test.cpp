// With the data plane on, every value of the Endpoint shape in an answer names where the
// engine answers; the walk follows the output shape, so no operation needs to know.
#include "server/endpoint_mapping.h"

#include <gtest/gtest.h>

#include "server/service_model.h"

namespace ecl {
namespace {

TEST(EndpointMappingTest, MapsEveryEndpointTheDataPlaneServesAndLeavesOthers) {
  const ServiceModel& model = ServiceModel::Embedded();
  const Operation* op = model.FindOperation("DescribeReplicationGroups");
  ASSERT_TRUE(op);
  auto endpoint = [](const char* address) {
    return ApiValue::Struct().Set("Address", ApiValue(std::string(address))).Set(
        "Port", ApiValue(int64_t(6379)));
  };
  ApiValue member = ApiValue::Struct();
  member.Set("CacheClusterId", ApiValue(std::string("g-001")));
  member.Set("ReadEndpoint", endpoint("g-001.node"));
  ApiValue replica = ApiValue::Struct();
  replica.Set("CacheClusterId", ApiValue(std::string("g-002")));
  replica.Set("ReadEndpoint", endpoint("g-002.node"));
  ApiValue node_group = ApiValue::Struct();
  node_group.Set("PrimaryEndpoint", endpoint("master.g"));
  node_group.Set("ReaderEndpoint", endpoint("unknown.g"));
  node_group.Set("NodeGroupMembers", ApiValue(ApiList{member, replica}));
  ApiValue group = ApiValue::Struct();
  group.Set("NodeGroups", ApiValue(ApiList{node_group}));
  ApiValue result = ApiValue::Struct();
  result.Set("ReplicationGroups", ApiValue(ApiList{group}));

  MapEndpoints(*op->output, result, [](const std::string& address)
                   -> std::optional<std::pair<std::string, std::optional<int>>> {
    if (address == "master.g") return std::make_pair(std::string("127.0.0.1"), 21003);
    if (address == "g-001.node") return std::make_pair(std::string("127.0.0.1"), 21000);
    // A loopback endpoint keeps the port the answer shows.
    if (address == "g-002.node") return std::make_pair(std::string("127.1.82.9"), std::nullopt);
    return std::nullopt;
  });
  const ApiValue& ng = result.GetList("ReplicationGroups")[0].GetList("NodeGroups")[0];
  EXPECT_EQ(ng.Get("PrimaryEndpoint")->GetString("Address"), "127.0.0.1");
  EXPECT_EQ(ng.Get("PrimaryEndpoint")->GetInt("Port"), 21003);
  EXPECT_EQ(ng.Get("ReaderEndpoint")->GetString("Address"), "unknown.g");
  EXPECT_EQ(ng.Get("ReaderEndpoint")->GetInt("Port"), 6379);
  EXPECT_EQ(ng.GetList("NodeGroupMembers")[0].Get("ReadEndpoint")->GetInt("Port"), 21000);
  const ApiValue& loopback = *ng.GetList("NodeGroupMembers")[1].Get("ReadEndpoint");
  EXPECT_EQ(loopback.GetString("Address"), "127.1.82.9");
  EXPECT_EQ(loopback.GetInt("Port"), 6379);
}

}  // namespace
}  // namespace ecl

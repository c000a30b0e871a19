#include "server/service_model.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "model/aws_faults.h"

namespace ecl {
extern const char kEmbeddedServiceModel[];
namespace {

TEST(ServiceModelTest, EmbeddedModelHasEveryOperation) {
  const auto& model = ServiceModel::Embedded();
  EXPECT_EQ(model.api_version(), "2015-02-02");
  EXPECT_EQ(model.xml_namespace(), "http://elasticache.amazonaws.com/doc/2015-02-02/");
  EXPECT_EQ(model.operations().size(), 75u);
  EXPECT_EQ(model.FindOperation("NoSuchAction"), nullptr);
}

TEST(ServiceModelTest, OperationsKnowTheirShapesAndResultWrapper) {
  const auto& model = ServiceModel::Embedded();
  const Operation* create = model.FindOperation("CreateReplicationGroup");
  ASSERT_NE(create, nullptr);
  ASSERT_NE(create->input, nullptr);
  EXPECT_EQ(create->input->name, "CreateReplicationGroupMessage");
  ASSERT_NE(create->output, nullptr);
  EXPECT_EQ(create->output->name, "CreateReplicationGroupResult");
  EXPECT_EQ(create->result_wrapper, "CreateReplicationGroupResult");
  EXPECT_FALSE(create->errors.empty());

  const Operation* describe = model.FindOperation("DescribeReplicationGroups");
  ASSERT_NE(describe, nullptr);
  EXPECT_EQ(describe->output->name, "ReplicationGroupMessage");
  EXPECT_EQ(describe->result_wrapper, "DescribeReplicationGroupsResult");

  const Operation* no_output = model.FindOperation("DeleteCacheSubnetGroup");
  ASSERT_NE(no_output, nullptr);
  EXPECT_EQ(no_output->output, nullptr);
}

TEST(ServiceModelTest, StructureMembersKeepDeclaredOrderAndRequiredFlags) {
  const Shape* shape = ServiceModel::Embedded().FindShape("ConfigureShard");
  ASSERT_NE(shape, nullptr);
  ASSERT_EQ(shape->type, ShapeType::kStructure);
  ASSERT_EQ(shape->members.size(), 4u);
  EXPECT_EQ(shape->members[0].name, "NodeGroupId");
  EXPECT_TRUE(shape->members[0].required);
  EXPECT_EQ(shape->members[1].name, "NewReplicaCount");
  EXPECT_TRUE(shape->members[1].required);
  EXPECT_EQ(shape->members[1].shape->type, ShapeType::kInteger);
  EXPECT_EQ(shape->members[2].name, "PreferredAvailabilityZones");
  EXPECT_FALSE(shape->members[2].required);
  EXPECT_EQ(shape->FindMember("NewReplicaCount"), &shape->members[1]);
  EXPECT_EQ(shape->FindMember("Nope"), nullptr);
}

TEST(ServiceModelTest, ListsKnowTheirElementNames) {
  const auto& model = ServiceModel::Embedded();
  auto element_name = [&](const char* list) {
    const Shape* s = model.FindShape(list);
    EXPECT_NE(s, nullptr) << list;
    EXPECT_EQ(s->type, ShapeType::kList) << list;
    return s->element.wire_name;
  };
  EXPECT_EQ(element_name("ClusterIdList"), "ClusterId");
  EXPECT_EQ(element_name("NodeGroupList"), "NodeGroup");
  EXPECT_EQ(element_name("NodeGroupMemberList"), "NodeGroupMember");
  EXPECT_EQ(element_name("TagList"), "Tag");
  EXPECT_EQ(element_name("RemoveReplicasList"), "member");
  EXPECT_FALSE(model.FindShape("RemoveReplicasList")->element.has_location_name);
  EXPECT_EQ(model.FindShape("NodeGroupList")->element.shape, model.FindShape("NodeGroup"));
}

TEST(ServiceModelTest, ScalarShapesCarryTypeEnumAndBounds) {
  const auto& model = ServiceModel::Embedded();
  EXPECT_EQ(model.FindShape("TStamp")->type, ShapeType::kTimestamp);
  EXPECT_EQ(model.FindShape("Double")->type, ShapeType::kDouble);
  EXPECT_EQ(model.FindShape("BooleanOptional")->type, ShapeType::kBoolean);
  const Shape* failover = model.FindShape("AutomaticFailoverStatus");
  ASSERT_EQ(failover->enum_values.size(), 4u);
  EXPECT_EQ(failover->enum_values[0], "enabled");
  const Shape* node_group_id = model.FindShape("AllowedNodeGroupId");
  EXPECT_EQ(node_group_id->min, 1);
  EXPECT_EQ(node_group_id->max, 4);
}

TEST(ServiceModelTest, ErrorShapesCarryCodeStatusAndFault) {
  const auto& model = ServiceModel::Embedded();
  const Shape* not_found = model.FindShape("ReplicationGroupNotFoundFault");
  ASSERT_TRUE(not_found->error.has_value());
  EXPECT_EQ(not_found->error->code, "ReplicationGroupNotFoundFault");
  EXPECT_EQ(not_found->error->http_status, 404);
  EXPECT_TRUE(not_found->error->sender_fault);
  const Shape* exists = model.FindShape("ReplicationGroupAlreadyExistsFault");
  EXPECT_EQ(exists->error->code, "ReplicationGroupAlreadyExists");
  EXPECT_EQ(exists->error->http_status, 400);
  EXPECT_FALSE(model.FindShape("ReplicationGroup")->error.has_value());
}

TEST(ServiceModelTest, GeneratedFaultFactoriesMatchTheModel) {
  AwsError invalid = faults::InvalidParameterValueException("bad");
  EXPECT_EQ(invalid.code, "InvalidParameterValue");
  EXPECT_EQ(invalid.http_status, 400);
  EXPECT_TRUE(invalid.sender);
  EXPECT_EQ(invalid.message(), "bad");
  EXPECT_EQ(faults::ReservedCacheNodeAlreadyExistsFault("x").http_status, 404);
  EXPECT_EQ(faults::CacheSubnetGroupNotFoundFault("x").http_status, 400);
  EXPECT_EQ(faults::InvalidReplicationGroupStateFault("x").code, "InvalidReplicationGroupState");
  EXPECT_EQ(faults::SnapshotNotFoundFault("x").code, "SnapshotNotFoundFault");
  EXPECT_EQ(faults::CacheSecurityGroupQuotaExceededFault("x").code,
            "QuotaExceeded.CacheSecurityGroup");

  // Every exception shape in the model has a factory with the same code and status.
  const auto& model = ServiceModel::Embedded();
  const Shape* fault = model.FindShape("NodeGroupsPerReplicationGroupQuotaExceededFault");
  AwsError made = faults::NodeGroupsPerReplicationGroupQuotaExceededFault("x");
  EXPECT_EQ(made.code, fault->error->code);
  EXPECT_EQ(made.http_status, fault->error->http_status);
}

TEST(ServiceModelTest, ParsesTheEmbeddedModel) {
  ServiceModel model{std::string_view(kEmbeddedServiceModel)};
  EXPECT_EQ(model.operations().size(), 75u);
}

TEST(ServiceModelTest, ParsesASmallModelFromAString) {
  ServiceModel model(R"({"metadata":{"apiVersion":"1","xmlNamespace":"urn:x"},
    "operations":{"Ping":{"input":"PingIn","output":"PingOut","resultWrapper":"PingResult"}},
    "shapes":{"PingIn":{"type":"structure","required":["Name"],"members":{"Name":{"shape":"S"}}},
              "PingOut":{"type":"structure","members":{"Names":{"shape":"L"}}},
              "L":{"type":"list","member":{"shape":"S","locationName":"Item"}},
              "S":{"type":"string"}}})");
  const Operation* ping = model.FindOperation("Ping");
  ASSERT_NE(ping, nullptr);
  EXPECT_TRUE(ping->input->members[0].required);
  EXPECT_EQ(ping->output->members[0].shape->element.wire_name, "Item");
  EXPECT_EQ(model.xml_namespace(), "urn:x");
}

TEST(ServiceModelTest, RejectsBrokenModels) {
  EXPECT_THROW(ServiceModel("{not json"), std::runtime_error);
  EXPECT_THROW(ServiceModel(R"({"metadata":{},"operations":{},"shapes":{
      "A":{"type":"structure","members":{"B":{"shape":"Missing"}}}}})"),
               std::runtime_error);
  EXPECT_THROW(ServiceModel(R"({"metadata":{},"operations":{"X":{"input":"Nope"}},"shapes":{}})"),
               std::runtime_error);
  EXPECT_THROW(ServiceModel(R"({"metadata":{},"operations":{},"shapes":{"A":{"type":"weird"}}})"),
               std::runtime_error);
}

}  // namespace
}  // namespace ecl

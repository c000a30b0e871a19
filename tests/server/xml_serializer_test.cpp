#include "server/xml_serializer.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <stdexcept>

#include "model/aws_faults.h"
#include "server/query_decoder.h"
#include "server/query_params.h"

namespace ecl {
namespace {

const ServiceModel& EmbeddedModel() { return ServiceModel::Embedded(); }
const Operation& Op(const char* name) { return *EmbeddedModel().FindOperation(name); }

ApiValue Endpoint(const std::string& address) {
  return ApiValue::Struct().Set("Port", 6379).Set("Address", address);
}

// Members are set in an order unlike the model's, to show the model decides the XML order.
ApiValue SmallReplicationGroup() {
  ApiValue member = ApiValue::Struct()
                        .Set("CurrentRole", "primary")
                        .Set("PreferredAvailabilityZone", "us-east-1a")
                        .Set("CacheNodeId", "0001")
                        .Set("CacheClusterId", "rg1-001");
  ApiValue node_group = ApiValue::Struct()
                            .Set("NodeGroupMembers", ApiList{member})
                            .Set("Status", "creating")
                            .Set("NodeGroupId", "0001")
                            .Set("PrimaryEndpoint", Endpoint("rg1.x.cache.amazonaws.com"));
  return ApiValue::Struct()
      .Set("Status", "creating")
      .Set("ReplicationGroupCreateTime", Timestamp{1795550462123})
      .Set("NodeGroups", ApiList{node_group})
      .Set("MemberClusters", ApiList{"rg1-001", "rg1-002"})
      .Set("Description", "a & b <c>")
      .Set("ReplicationGroupId", "rg1")
      .Set("ClusterEnabled", false)
      .Set("AutomaticFailover", "enabled")
      .Set("SnapshotRetentionLimit", 0)
      .Set("UserGroupIds", ApiList{});
}

constexpr const char* kSmallReplicationGroupXml =
    "<ReplicationGroup><ReplicationGroupId>rg1</ReplicationGroupId>"
    "<Description>a &amp; b &lt;c&gt;</Description><Status>creating</Status>"
    "<MemberClusters><ClusterId>rg1-001</ClusterId><ClusterId>rg1-002</ClusterId></MemberClusters>"
    "<NodeGroups><NodeGroup><NodeGroupId>0001</NodeGroupId><Status>creating</Status>"
    "<PrimaryEndpoint><Address>rg1.x.cache.amazonaws.com</Address><Port>6379</Port>"
    "</PrimaryEndpoint><NodeGroupMembers><NodeGroupMember><CacheClusterId>rg1-001</CacheClusterId>"
    "<CacheNodeId>0001</CacheNodeId><PreferredAvailabilityZone>us-east-1a"
    "</PreferredAvailabilityZone><CurrentRole>primary</CurrentRole></NodeGroupMember>"
    "</NodeGroupMembers></NodeGroup></NodeGroups><AutomaticFailover>enabled</AutomaticFailover>"
    "<SnapshotRetentionLimit>0</SnapshotRetentionLimit><ClusterEnabled>false</ClusterEnabled>"
    "<UserGroupIds/><ReplicationGroupCreateTime>2026-11-24T20:01:02.123Z"
    "</ReplicationGroupCreateTime></ReplicationGroup>";

TEST(XmlSerializerTest, CreateReplicationGroupGolden) {
  ApiValue result = ApiValue::Struct().Set("ReplicationGroup", SmallReplicationGroup());
  std::string xml = SerializeResult(EmbeddedModel(), Op("CreateReplicationGroup"), result, "req-1");
  EXPECT_EQ(xml, std::string("<CreateReplicationGroupResponse "
                             "xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
                             "<CreateReplicationGroupResult>") +
                     kSmallReplicationGroupXml +
                     "</CreateReplicationGroupResult><ResponseMetadata><RequestId>req-1</RequestId>"
                     "</ResponseMetadata></CreateReplicationGroupResponse>");
}

TEST(XmlSerializerTest, DescribeReplicationGroupsGolden) {
  ApiValue result = ApiValue::Struct()
                        .Set("ReplicationGroups", ApiList{SmallReplicationGroup()})
                        .Set("Marker", "next");
  std::string xml =
      SerializeResult(EmbeddedModel(), Op("DescribeReplicationGroups"), result, "req-2");
  EXPECT_EQ(xml, std::string(
                     "<DescribeReplicationGroupsResponse "
                     "xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
                     "<DescribeReplicationGroupsResult><Marker>next</Marker><ReplicationGroups>") +
                     kSmallReplicationGroupXml +
                     "</ReplicationGroups></DescribeReplicationGroupsResult><ResponseMetadata>"
                     "<RequestId>req-2</RequestId></ResponseMetadata>"
                     "</DescribeReplicationGroupsResponse>");

  std::string empty = SerializeResult(EmbeddedModel(), Op("DescribeReplicationGroups"),
                                      ApiValue::Struct().Set("ReplicationGroups", ApiList{}), "r");
  EXPECT_NE(empty.find("<DescribeReplicationGroupsResult><ReplicationGroups/>"
                       "</DescribeReplicationGroupsResult>"),
            std::string::npos)
      << empty;
}

// A member the shape does not declare is a handler bug: it must fail loudly (the dispatcher
// answers InternalFailure and logs it), never vanish from the answer.
TEST(XmlSerializerTest, AnUndeclaredMemberIsRefusedNotDropped) {
  ApiValue group = SmallReplicationGroup();
  group.Set("NotInTheModel", "lost?");
  ApiValue result = ApiValue::Struct().Set("ReplicationGroup", group);
  try {
    SerializeResult(EmbeddedModel(), Op("CreateReplicationGroup"), result, "r");
    FAIL() << "serialized an undeclared member";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("NotInTheModel"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("ReplicationGroup"), std::string::npos) << e.what();
  }
  ApiValue top = ApiValue::Struct().Set("Misspelt", 1);
  EXPECT_THROW(SerializeResult(EmbeddedModel(), Op("DescribeReplicationGroups"), top, "r"),
               std::logic_error);
}

TEST(XmlSerializerTest, OperationWithoutOutputHasNoResultElement) {
  std::string xml =
      SerializeResult(EmbeddedModel(), Op("DeleteCacheSubnetGroup"), ApiValue(), "r-3");
  EXPECT_EQ(xml,
            "<DeleteCacheSubnetGroupResponse "
            "xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><ResponseMetadata>"
            "<RequestId>r-3</RequestId></ResponseMetadata></DeleteCacheSubnetGroupResponse>");
}

TEST(XmlSerializerTest, NullResultIsAnEmptyResultElement) {
  std::string xml = SerializeResult(EmbeddedModel(), Op("DeleteReplicationGroup"), ApiValue(), "r");
  EXPECT_NE(xml.find("<DeleteReplicationGroupResult></DeleteReplicationGroupResult>"),
            std::string::npos);
}

TEST(XmlSerializerTest, DoublesArePlainDecimals) {
  ApiValue offering =
      ApiValue::Struct()
          .Set("ReservedCacheNodesOfferingId", "off-1")
          .Set("Duration", 31536000)
          .Set("FixedPrice", 100.0)
          .Set("UsagePrice", 0.166)
          .Set("RecurringCharges", ApiList{ApiValue::Struct()
                                               .Set("RecurringChargeAmount", 12.5)
                                               .Set("RecurringChargeFrequency", "Hourly")});
  std::string xml = SerializeResult(
      EmbeddedModel(), Op("DescribeReservedCacheNodesOfferings"),
      ApiValue::Struct().Set("ReservedCacheNodesOfferings", ApiList{offering}), "r");
  EXPECT_NE(xml.find("<ReservedCacheNodesOffering><ReservedCacheNodesOfferingId>off-1"
                     "</ReservedCacheNodesOfferingId><Duration>31536000</Duration>"
                     "<FixedPrice>100.0</FixedPrice><UsagePrice>0.166</UsagePrice>"
                     "<RecurringCharges><RecurringCharge><RecurringChargeAmount>12.5"
                     "</RecurringChargeAmount><RecurringChargeFrequency>Hourly"
                     "</RecurringChargeFrequency></RecurringCharge></RecurringCharges>"
                     "</ReservedCacheNodesOffering>"),
            std::string::npos)
      << xml;
  // An integer given for a double still prints as a double; no exponent for large values.
  std::string big =
      SerializeResult(EmbeddedModel(), Op("DescribeReservedCacheNodesOfferings"),
                      ApiValue::Struct().Set(
                          "ReservedCacheNodesOfferings",
                          ApiList{ApiValue::Struct().Set("FixedPrice", 3).Set("UsagePrice", 1e20)}),
                      "r");
  EXPECT_NE(big.find("<FixedPrice>3.0</FixedPrice><UsagePrice>100000000000000000000.0"
                     "</UsagePrice>"),
            std::string::npos)
      << big;
}

TEST(XmlSerializerTest, FormatsTimestampsInUtcWithMilliseconds) {
  EXPECT_EQ(FormatIso8601(Timestamp{1795550462123}), "2026-11-24T20:01:02.123Z");
  EXPECT_EQ(FormatIso8601(Timestamp{0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(Timestamp{951782400000}), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(Timestamp{-1}), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIso8601(Timestamp{253402300799999}), "9999-12-31T23:59:59.999Z");
  for (int64_t ms :
       {int64_t{0}, int64_t{1795550462123}, int64_t{-86400001}, int64_t{4102444800007}})
    EXPECT_EQ(ParseTimestamp(FormatIso8601(Timestamp{ms})), Timestamp{ms}) << ms;
}

TEST(XmlSerializerTest, EscapesTextAndReplacesWhatXmlCannotCarry) {
  std::string out;
  AppendXmlEscaped(out, "a&b<c>d\"e'f\tg\nh\ri");
  EXPECT_EQ(out, "a&amp;b&lt;c&gt;d\"e'f\tg\nh&#xD;i");
  out.clear();
  AppendXmlEscaped(out, std::string("x\x01y\0z", 5));
  EXPECT_EQ(out, "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  out.clear();
  AppendXmlEscaped(out, "\xE2\x82\xAC \xF0\x9F\x98\x80 \xC3\xA9");  // valid UTF-8 passes through
  EXPECT_EQ(out, "\xE2\x82\xAC \xF0\x9F\x98\x80 \xC3\xA9");
  out.clear();
  AppendXmlEscaped(out, "\xFF\xC3(\xED\xA0\x80");  // invalid bytes, a surrogate
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(XmlSerializerTest, ErrorEnvelope) {
  AwsError error = faults::ReplicationGroupNotFoundFault("Replication group rg<1> not found.");
  EXPECT_EQ(SerializeError(error, "req-9"),
            "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error>"
            "<Type>Sender</Type><Code>ReplicationGroupNotFoundFault</Code>"
            "<Message>Replication group rg&lt;1&gt; not found.</Message></Error>"
            "<RequestId>req-9</RequestId></ErrorResponse>");
  std::string receiver = SerializeError(common_errors::InternalFailure("boom"), "r");
  EXPECT_NE(receiver.find("<Type>Receiver</Type><Code>InternalFailure</Code>"), std::string::npos);
}

TEST(XmlSerializerTest, ValuesThatContradictTheShapeAreHandlerBugs) {
  auto serialize = [](ApiValue rg) {
    return SerializeResult(EmbeddedModel(), Op("CreateReplicationGroup"),
                           ApiValue::Struct().Set("ReplicationGroup", std::move(rg)), "r");
  };
  EXPECT_THROW(serialize(ApiValue("not a structure")), std::logic_error);
  EXPECT_THROW(serialize(ApiValue::Struct().Set("MemberClusters", "not a list")), std::logic_error);
  EXPECT_THROW(serialize(ApiValue::Struct().Set("Status", ApiList{"x"})), std::logic_error);
  EXPECT_THROW(
      SerializeResult(EmbeddedModel(), Op("CreateReplicationGroup"), ApiValue(ApiList{}), "r"),
      std::logic_error);
  // Scalars of a neighbouring kind are written sensibly rather than refused.
  std::string xml = serialize(ApiValue::Struct()
                                  .Set("SnapshotRetentionLimit", "7")
                                  .Set("ReplicationGroupCreateTime", int64_t{0}));
  EXPECT_NE(xml.find("<SnapshotRetentionLimit>7</SnapshotRetentionLimit>"), std::string::npos);
  EXPECT_NE(xml.find("<ReplicationGroupCreateTime>1970-01-01T00:00:00.000Z"), std::string::npos);
}

// Encodes an ApiValue as an SDK's Query serializer does (botocore's QuerySerializer rules:
// "<list>.<element locationName or member>.N", "Name=" for an empty list), so decoding its
// output must give the value back.
void Encode(const Shape& shape, const ApiValue& value, const std::string& prefix,
            QueryParams& out) {
  switch (shape.type) {
    case ShapeType::kStructure:
      for (const Member& m : shape.members)
        if (const ApiValue* v = value.Get(m.name))
          Encode(*m.shape, *v, prefix.empty() ? m.wire_name : prefix + "." + m.wire_name, out);
      return;
    case ShapeType::kList: {
      if (value.AsList().empty()) {
        out.emplace_back(prefix, "");
        return;
      }
      int i = 1;
      for (const auto& e : value.AsList())
        Encode(*shape.element.shape, e,
               prefix + "." + shape.element.wire_name + "." + std::to_string(i++), out);
      return;
    }
    case ShapeType::kBoolean:
      out.emplace_back(prefix, value.AsBool() ? "true" : "false");
      return;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      out.emplace_back(prefix, std::to_string(value.AsInt()));
      return;
    case ShapeType::kTimestamp:
      out.emplace_back(prefix, FormatIso8601(value.AsTimestamp()));
      return;
    default:
      out.emplace_back(prefix, value.AsString());
  }
}

TEST(XmlSerializerTest, RoundTripsThroughAnSdkLikeEncoder) {
  ApiValue create =
      ApiValue::Struct()
          .Set("ReplicationGroupId", "rg-round")
          .Set("ReplicationGroupDescription", "desc with spaces & symbols +%")
          .Set("AutomaticFailoverEnabled", true)
          .Set("NumNodeGroups", 3)
          .Set("SecurityGroupIds", ApiList{})
          .Set("NodeGroupConfiguration",
               ApiList{ApiValue::Struct()
                           .Set("NodeGroupId", "0001")
                           .Set("Slots", "0-5460")
                           .Set("ReplicaCount", 2)
                           .Set("ReplicaAvailabilityZones", ApiList{"us-east-1b", "us-east-1c"}),
                       ApiValue::Struct().Set("NodeGroupId", "0002").Set("Slots", "5461-16383")})
          .Set("Tags", ApiList{ApiValue::Struct().Set("Key", "k").Set("Value", "v=1&2")});
  const Operation& op = Op("CreateReplicationGroup");
  QueryParams params{{"Action", "CreateReplicationGroup"}, {"Version", "2015-02-02"}};
  Encode(*op.input, create, "", params);
  EXPECT_EQ(DecodeInput(EmbeddedModel(), op, params), create);

  ApiValue events = ApiValue::Struct()
                        .Set("StartTime", Timestamp{1795550462123})
                        .Set("SourceType", "replication-group")
                        .Set("MaxRecords", 50);
  QueryParams event_params;
  Encode(*Op("DescribeEvents").input, events, "", event_params);
  EXPECT_EQ(DecodeInput(EmbeddedModel(), Op("DescribeEvents"), event_params), events);
}

ApiValue ThreeShardReplicationGroup() {
  ApiList node_groups;
  ApiList member_clusters;
  for (int shard = 1; shard <= 3; ++shard) {
    std::string id = "000" + std::to_string(shard);
    ApiList members;
    for (int node = 1; node <= 2; ++node) {
      std::string cluster = "rg-perf-" + id + "-00" + std::to_string(node);
      member_clusters.push_back(cluster);
      members.push_back(ApiValue::Struct()
                            .Set("CacheClusterId", cluster)
                            .Set("CacheNodeId", "0001")
                            .Set("ReadEndpoint", Endpoint(cluster + ".x.use1.cache.amazonaws.com"))
                            .Set("PreferredAvailabilityZone", "us-east-1a")
                            .Set("CurrentRole", node == 1 ? "primary" : "replica"));
    }
    node_groups.push_back(ApiValue::Struct()
                              .Set("NodeGroupId", id)
                              .Set("Status", "available")
                              .Set("Slots", "0-5460")
                              .Set("NodeGroupMembers", std::move(members)));
  }
  return ApiValue::Struct()
      .Set("ReplicationGroupId", "rg-perf")
      .Set("Description", "benchmark group")
      .Set("Status", "available")
      .Set("PendingModifiedValues", ApiValue::Struct())
      .Set("MemberClusters", std::move(member_clusters))
      .Set("NodeGroups", std::move(node_groups))
      .Set("AutomaticFailover", "enabled")
      .Set("MultiAZ", "enabled")
      .Set("ConfigurationEndpoint", Endpoint("clustercfg.rg-perf.x.use1.cache.amazonaws.com"))
      .Set("SnapshotRetentionLimit", 1)
      .Set("SnapshotWindow", "05:00-06:00")
      .Set("ClusterEnabled", true)
      .Set("CacheNodeType", "cache.r6g.large")
      .Set("AuthTokenEnabled", false)
      .Set("TransitEncryptionEnabled", true)
      .Set("AtRestEncryptionEnabled", true)
      .Set("ARN", "arn:aws:elasticache:us-east-1:000000000000:replicationgroup:rg-perf")
      .Set("UserGroupIds", ApiList{})
      .Set("LogDeliveryConfigurations", ApiList{})
      .Set("ReplicationGroupCreateTime", Timestamp{1795550462123})
      .Set("DataTiering", "disabled")
      .Set("AutoMinorVersionUpgrade", true)
      .Set("NetworkType", "ipv4")
      .Set("IpDiscovery", "ipv4")
      .Set("TransitEncryptionMode", "required")
      .Set("ClusterMode", "enabled")
      .Set("Engine", "redis");
}

// Read back as an XML parser reads it (pugixml): well formed, the envelope and namespace,
// each shard and member under the element names the model gives.
TEST(XmlSerializerTest, ThreeShardReplicationGroupParsesAsTheModelNamesIt) {
  ApiValue result = ApiValue::Struct().Set("ReplicationGroup", ThreeShardReplicationGroup());
  std::string xml = SerializeResult(EmbeddedModel(), Op("CreateReplicationGroup"), result, "req");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  pugi::xml_node response = doc.child("CreateReplicationGroupResponse");
  EXPECT_STREQ(response.attribute("xmlns").value(),
               "http://elasticache.amazonaws.com/doc/2015-02-02/");
  EXPECT_STREQ(response.child("ResponseMetadata").child_value("RequestId"), "req");
  pugi::xml_node group = response.child("CreateReplicationGroupResult").child("ReplicationGroup");
  EXPECT_STREQ(group.child_value("ClusterEnabled"), "true");
  EXPECT_STREQ(group.child_value("ReplicationGroupCreateTime"), "2026-11-24T20:01:02.123Z");
  int shards = 0, members = 0;
  for (pugi::xml_node ng : group.child("NodeGroups").children("NodeGroup")) {
    ++shards;
    for (pugi::xml_node m : ng.child("NodeGroupMembers").children("NodeGroupMember")) {
      ++members;
      EXPECT_STREQ(m.child_value("CacheNodeId"), "0001");
    }
  }
  EXPECT_EQ(shards, 3);
  EXPECT_EQ(members, 6);
  int clusters = 0;
  for (pugi::xml_node id : group.child("MemberClusters").children("ClusterId")) {
    EXPECT_EQ(std::string(id.child_value()).rfind("rg-perf-", 0), 0u);
    ++clusters;
  }
  EXPECT_EQ(clusters, 6);
}

}  // namespace
}  // namespace ecl

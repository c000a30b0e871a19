#include "server/query_decoder.h"

#include <gtest/gtest.h>

#include "model/aws_error.h"
#include "server/query_params.h"

namespace ecl {
namespace {

const ServiceModel& Model() { return ServiceModel::Embedded(); }

ApiValue Decode(const std::string& body) {
  QueryParams params = ParseUrlEncoded(body);
  const std::string* action = FindParam(params, "Action");
  EXPECT_NE(action, nullptr);
  const Operation* op = Model().FindOperation(*action);
  EXPECT_NE(op, nullptr) << *action;
  return DecodeInput(Model(), *op, params);
}

// Decodes and returns the AwsError it raises (code "none" when it succeeds).
AwsError DecodeError(const std::string& body) {
  try {
    Decode(body);
  } catch (const AwsError& e) {
    return e;
  }
  return AwsError("none", "", 0);
}

// Bodies below were captured from boto3 1.43 (botocore before-send hook) so the tests need
// no SDK.
constexpr const char* kCreateReplicationGroupBody =
    "Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupId=rg1"
    "&ReplicationGroupDescription=my+group+%26+co&NumNodeGroups=2&AutomaticFailoverEnabled=true"
    "&CacheNodeType=cache.t3.micro"
    "&NodeGroupConfiguration.NodeGroupConfiguration.1.NodeGroupId=0001"
    "&NodeGroupConfiguration.NodeGroupConfiguration.1.Slots=0-8191"
    "&NodeGroupConfiguration.NodeGroupConfiguration.1.ReplicaCount=1"
    "&NodeGroupConfiguration.NodeGroupConfiguration.1.PrimaryAvailabilityZone=us-east-1a"
    "&NodeGroupConfiguration.NodeGroupConfiguration.1.ReplicaAvailabilityZones.AvailabilityZone.1="
    "us-east-1b"
    "&NodeGroupConfiguration.NodeGroupConfiguration.1.ReplicaAvailabilityZones.AvailabilityZone.2="
    "us-east-1c"
    "&NodeGroupConfiguration.NodeGroupConfiguration.2.NodeGroupId=0002"
    "&NodeGroupConfiguration.NodeGroupConfiguration.2.Slots=8192-16383"
    "&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev+test&SecurityGroupIds="
    "&PreferredCacheClusterAZs.AvailabilityZone.1=a&PreferredCacheClusterAZs.AvailabilityZone.2=b";

constexpr const char* kIncreaseReplicaCountBody =
    "Action=IncreaseReplicaCount&Version=2015-02-02&ReplicationGroupId=rg1&ApplyImmediately=true"
    "&ReplicaConfiguration.ConfigureShard.1.NodeGroupId=0001"
    "&ReplicaConfiguration.ConfigureShard.1.NewReplicaCount=2"
    "&ReplicaConfiguration.ConfigureShard.1.PreferredAvailabilityZones.PreferredAvailabilityZone.1="
    "us-east-1a"
    "&ReplicaConfiguration.ConfigureShard.1.PreferredAvailabilityZones.PreferredAvailabilityZone.2="
    "us-east-1b"
    "&ReplicaConfiguration.ConfigureShard.1.PreferredAvailabilityZones.PreferredAvailabilityZone.3="
    "us-east-1c";

constexpr const char* kDecreaseReplicaCountBody =
    "Action=DecreaseReplicaCount&Version=2015-02-02&ReplicationGroupId=rg1&ApplyImmediately=false"
    "&ReplicasToRemove.member.1=rg1-0001-002&ReplicasToRemove.member.2=rg1-0001-003";

constexpr const char* kModifyShardConfigurationBody =
    "Action=ModifyReplicationGroupShardConfiguration&Version=2015-02-02&ReplicationGroupId=rg1"
    "&NodeGroupCount=3&ApplyImmediately=true"
    "&ReshardingConfiguration.ReshardingConfiguration.1.NodeGroupId=0003"
    "&ReshardingConfiguration.ReshardingConfiguration.1.PreferredAvailabilityZones."
    "AvailabilityZone.1=us-east-1a"
    "&NodeGroupsToRemove.NodeGroupToRemove.1=0001";

TEST(QueryDecoderTest, DecodesCreateReplicationGroupFromBoto3) {
  ApiValue in = Decode(kCreateReplicationGroupBody);
  EXPECT_EQ(in.GetString("ReplicationGroupId"), "rg1");
  EXPECT_EQ(in.GetString("ReplicationGroupDescription"), "my group & co");
  EXPECT_EQ(in.GetInt("NumNodeGroups"), 2);
  EXPECT_EQ(in.GetBool("AutomaticFailoverEnabled"), true);
  EXPECT_EQ(in.Get("Action"), nullptr);
  EXPECT_EQ(in.Get("Version"), nullptr);

  const ApiList& groups = in.GetList("NodeGroupConfiguration");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].GetString("NodeGroupId"), "0001");
  EXPECT_EQ(groups[0].GetString("Slots"), "0-8191");
  EXPECT_EQ(groups[0].GetInt("ReplicaCount"), 1);
  EXPECT_EQ(groups[0].GetStrings("ReplicaAvailabilityZones"),
            (std::vector<std::string>{"us-east-1b", "us-east-1c"}));
  EXPECT_EQ(groups[1].GetString("NodeGroupId"), "0002");
  EXPECT_EQ(groups[1].Get("ReplicaCount"), nullptr);

  const ApiList& tags = in.GetList("Tags");
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0].GetString("Key"), "env");
  EXPECT_EQ(tags[0].GetString("Value"), "dev test");

  // An empty list is sent as "SecurityGroupIds=": present and empty.
  ASSERT_NE(in.Get("SecurityGroupIds"), nullptr);
  EXPECT_TRUE(in.Get("SecurityGroupIds")->AsList().empty());
  EXPECT_EQ(in.GetStrings("PreferredCacheClusterAZs"), (std::vector<std::string>{"a", "b"}));
}

TEST(QueryDecoderTest, DecodesNestedListsInsideListElements) {
  ApiValue in = Decode(kIncreaseReplicaCountBody);
  EXPECT_EQ(in.GetBool("ApplyImmediately"), true);
  const ApiList& shards = in.GetList("ReplicaConfiguration");
  ASSERT_EQ(shards.size(), 1u);
  EXPECT_EQ(shards[0].GetString("NodeGroupId"), "0001");
  EXPECT_EQ(shards[0].GetInt("NewReplicaCount"), 2);
  EXPECT_EQ(shards[0].GetStrings("PreferredAvailabilityZones"),
            (std::vector<std::string>{"us-east-1a", "us-east-1b", "us-east-1c"}));
}

TEST(QueryDecoderTest, DecodesMemberNamedLists) {
  ApiValue in = Decode(kDecreaseReplicaCountBody);
  EXPECT_EQ(in.GetBool("ApplyImmediately"), false);
  EXPECT_EQ(in.GetStrings("ReplicasToRemove"),
            (std::vector<std::string>{"rg1-0001-002", "rg1-0001-003"}));
}

TEST(QueryDecoderTest, DecodesShardConfiguration) {
  ApiValue in = Decode(kModifyShardConfigurationBody);
  EXPECT_EQ(in.GetInt("NodeGroupCount"), 3);
  const ApiList& resharding = in.GetList("ReshardingConfiguration");
  ASSERT_EQ(resharding.size(), 1u);
  EXPECT_EQ(resharding[0].GetString("NodeGroupId"), "0003");
  EXPECT_EQ(resharding[0].GetStrings("PreferredAvailabilityZones"),
            (std::vector<std::string>{"us-east-1a"}));
  EXPECT_EQ(in.GetStrings("NodeGroupsToRemove"), (std::vector<std::string>{"0001"}));
}

TEST(QueryDecoderTest, AcceptsAnyListMemberNameAndTheFlattenedForm) {
  const std::string base =
      "Action=DecreaseReplicaCount&ReplicationGroupId=rg1&ApplyImmediately=true";
  EXPECT_EQ(
      Decode(base + "&ReplicasToRemove.ReplicaToRemove.1=a&ReplicasToRemove.ReplicaToRemove.2=b")
          .GetStrings("ReplicasToRemove"),
      (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(
      Decode(base + "&ReplicasToRemove.1=a&ReplicasToRemove.2=b").GetStrings("ReplicasToRemove"),
      (std::vector<std::string>{"a", "b"}));
  // The model's element name where the SDK uses "member" and vice versa.
  EXPECT_EQ(Decode("Action=ModifyReplicationGroupShardConfiguration&ReplicationGroupId=rg1"
                   "&NodeGroupCount=1&ApplyImmediately=true&NodeGroupsToRemove.member.1=0002")
                .GetStrings("NodeGroupsToRemove"),
            (std::vector<std::string>{"0002"}));
  ApiValue in = Decode(
      "Action=IncreaseReplicaCount&ReplicationGroupId=rg1&ApplyImmediately=true"
      "&ReplicaConfiguration.member.1.NodeGroupId=0001"
      "&ReplicaConfiguration.member.1.NewReplicaCount=3"
      "&ReplicaConfiguration.member.1.PreferredAvailabilityZones.member.1=az1");
  ASSERT_EQ(in.GetList("ReplicaConfiguration").size(), 1u);
  EXPECT_EQ(in.GetList("ReplicaConfiguration")[0].GetStrings("PreferredAvailabilityZones"),
            (std::vector<std::string>{"az1"}));
}

TEST(QueryDecoderTest, OrdersListElementsByIndexNotBySendingOrder) {
  ApiValue in = Decode(
      "Action=DecreaseReplicaCount&ReplicationGroupId=rg1&ApplyImmediately=true"
      "&ReplicasToRemove.member.10=j&ReplicasToRemove.member.2=b&ReplicasToRemove.member.1=a");
  EXPECT_EQ(in.GetStrings("ReplicasToRemove"), (std::vector<std::string>{"a", "b", "j"}));
}

TEST(QueryDecoderTest, DecodesTagsAsStructures) {
  ApiValue in = Decode(
      "Action=AddTagsToResource&ResourceName=arn%3Aaws%3Aelasticache%3Aus-east-1%3A0%3Arg%3Arg1"
      "&Tags.Tag.2.Key=b&Tags.Tag.2.Value=2&Tags.Tag.1.Key=a&Tags.Tag.1.Value=1");
  EXPECT_EQ(in.GetString("ResourceName"), "arn:aws:elasticache:us-east-1:0:rg:rg1");
  const ApiList& tags = in.GetList("Tags");
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].GetString("Key"), "a");
  EXPECT_EQ(tags[1].GetString("Value"), "2");
}

// One stored string that is not UTF-8 once made every later request fail; such strings are
// refused where they arrive, naming the parameter, wherever they sit in the input.
TEST(QueryDecoderTest, RefusesStringsThatAreNotUtf8) {
  for (const char* body :
       {"Action=CreateReplicationGroup&ReplicationGroupId=poison&ReplicationGroupDescription=%ff",
        "Action=CreateReplicationGroup&ReplicationGroupId=p&ReplicationGroupDescription=d"
        "&CacheNodeType=cache.%ff",
        "Action=CreateReplicationGroup&ReplicationGroupId=p&ReplicationGroupDescription=d"
        "&NotificationTopicArn=arn:%c3",
        "Action=CreateReplicationGroup&ReplicationGroupId=p&ReplicationGroupDescription=d"
        "&SecurityGroupIds.SecurityGroupId.1=sg-%ed%a0%80",
        "Action=CreateSnapshot&SnapshotName=s&ReplicationGroupId=r&KmsKeyId=%ff%fe",
        "Action=CopySnapshot&SourceSnapshotName=a&TargetSnapshotName=%c0%af"}) {
    SCOPED_TRACE(body);
    AwsError e = DecodeError(body);
    EXPECT_EQ(e.code, "InvalidParameterValue");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message().find("is not valid UTF-8"), std::string::npos) << e.message();
  }
  EXPECT_NE(DecodeError("Action=CreateReplicationGroup&ReplicationGroupId=p"
                        "&ReplicationGroupDescription=d"
                        "&SecurityGroupIds.SecurityGroupId.1=sg-%ed%a0%80")
                .message()
                .find("SecurityGroupIds.SecurityGroupId.1"),
            std::string::npos);
  // Real non-ASCII text is fine.
  ApiValue ok = Decode(
      "Action=CreateReplicationGroup&ReplicationGroupId=p&ReplicationGroupDescription=caf%c3%a9"
      "+%e2%82%ac+%f0%9f%98%80");
  EXPECT_EQ(*ok.GetString("ReplicationGroupDescription"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(QueryDecoderTest, IgnoresUnknownParameters) {
  ApiValue in = Decode(
      "Action=DescribeReplicationGroups&Version=2015-02-02&Bogus=1&ReplicationGroupId=rg1"
      "&ReplicationGroupId.extra=2&MaxRecords=20");
  EXPECT_EQ(in.AsMap().size(), 2u);
  EXPECT_EQ(in.GetString("ReplicationGroupId"), "rg1");
  EXPECT_EQ(in.GetInt("MaxRecords"), 20);
}

TEST(QueryDecoderTest, MissingTopLevelRequiredMember) {
  AwsError e = DecodeError("Action=DecreaseReplicaCount&ReplicationGroupId=rg1");
  EXPECT_EQ(e.code, "MissingParameter");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.message(), "The request must contain the parameter ApplyImmediately.");
  EXPECT_EQ(DecodeError("Action=CreateReplicationGroup&ReplicationGroupDescription=d").message(),
            "The request must contain the parameter ReplicationGroupId.");
}

TEST(QueryDecoderTest, MissingNestedRequiredMemberNamesTheFullParameter) {
  AwsError e = DecodeError(
      "Action=IncreaseReplicaCount&ReplicationGroupId=rg1&ApplyImmediately=true"
      "&ReplicaConfiguration.ConfigureShard.1.NodeGroupId=0001"
      "&ReplicaConfiguration.ConfigureShard.1.NewReplicaCount=1"
      "&ReplicaConfiguration.ConfigureShard.2.NewReplicaCount=2");
  EXPECT_EQ(e.code, "MissingParameter");
  EXPECT_EQ(e.message(),
            "The request must contain the parameter ReplicaConfiguration.ConfigureShard.2."
            "NodeGroupId.");
  AwsError tag = DecodeError("Action=AddTagsToResource&ResourceName=r&Tags.Tag.1.Value=v");
  EXPECT_EQ(tag.code, "none");  // Tag.Key is optional in the model
}

TEST(QueryDecoderTest, RejectsNonIntegers) {
  const std::string base = "Action=DescribeReplicationGroups&MaxRecords=";
  for (const char* bad : {"abc", "1.5", "", "12abc", " 5", "99999999999"}) {
    AwsError e = DecodeError(base + bad);
    EXPECT_EQ(e.code, "InvalidParameterValue") << bad;
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message().find("MaxRecords"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find(std::string("'") + bad + "'"), std::string::npos) << e.message();
  }
  EXPECT_EQ(Decode(base + "-3").GetInt("MaxRecords"), -3);
  EXPECT_EQ(Decode(base + "%2B7").GetInt("MaxRecords"), 7);
  EXPECT_EQ(Decode(base + "2147483647").GetInt("MaxRecords"), 2147483647);
  EXPECT_EQ(DecodeError(base + "2147483648").code, "InvalidParameterValue");
}

TEST(QueryDecoderTest, NestedTypeErrorsNameTheFullParameter) {
  AwsError e = DecodeError(
      "Action=IncreaseReplicaCount&ReplicationGroupId=rg1&ApplyImmediately=true"
      "&ReplicaConfiguration.ConfigureShard.1.NodeGroupId=0001"
      "&ReplicaConfiguration.ConfigureShard.1.NewReplicaCount=two");
  EXPECT_EQ(e.code, "InvalidParameterValue");
  EXPECT_NE(e.message().find("ReplicaConfiguration.ConfigureShard.1.NewReplicaCount"),
            std::string::npos)
      << e.message();
}

TEST(QueryDecoderTest, BooleansAreCaseInsensitive) {
  const std::string base = "Action=DecreaseReplicaCount&ReplicationGroupId=rg1&ApplyImmediately=";
  EXPECT_EQ(Decode(base + "TRUE").GetBool("ApplyImmediately"), true);
  EXPECT_EQ(Decode(base + "False").GetBool("ApplyImmediately"), false);
  for (const char* bad : {"yes", "1", "", "truee"}) {
    AwsError e = DecodeError(base + bad);
    EXPECT_EQ(e.code, "InvalidParameterValue") << bad;
    EXPECT_NE(e.message().find("ApplyImmediately"), std::string::npos);
  }
}

TEST(QueryDecoderTest, DecodesTimestamps) {
  ApiValue in =
      Decode("Action=DescribeEvents&StartTime=2026-11-24T20%3A01%3A02.123456Z&EndTime=1795550462");
  EXPECT_EQ(in.Get("StartTime")->AsTimestamp(), Timestamp{1795550462123});
  EXPECT_EQ(in.Get("EndTime")->AsTimestamp(), Timestamp{1795550462000});
  EXPECT_EQ(DecodeError("Action=DescribeEvents&StartTime=yesterday").code, "InvalidParameterValue");
}

TEST(QueryDecoderTest, ParsesTimestampForms) {
  EXPECT_EQ(ParseTimestamp("2026-11-24T20:01:02Z"), Timestamp{1795550462000});
  EXPECT_EQ(ParseTimestamp("2026-11-24T20:01:02.123Z"), Timestamp{1795550462123});
  EXPECT_EQ(ParseTimestamp("2026-11-24T21:01:02.123+01:00"), Timestamp{1795550462123});
  EXPECT_EQ(ParseTimestamp("2026-11-24T19:01:02.123-0100"), Timestamp{1795550462123});
  EXPECT_EQ(ParseTimestamp("2026-11-24T20:01:02"), Timestamp{1795550462000});
  EXPECT_EQ(ParseTimestamp("2000-02-29"), Timestamp{951782400000});
  EXPECT_EQ(ParseTimestamp("1795550462.5"), Timestamp{1795550462500});
  EXPECT_EQ(ParseTimestamp("-1"), Timestamp{-1000});
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "2001-02-29", "2026-11-24T25:00:00Z",
                          "2026-11-24T20:01:02Q", "2026/11/24", "1e9", "12:00", "2026-11-24T"})
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
}

TEST(QueryDecoderTest, KeepsUnknownEnumValues) {
  ApiValue in = Decode("Action=DescribeEvents&SourceType=not-a-source-type");
  EXPECT_EQ(in.GetString("SourceType"), "not-a-source-type");
}

TEST(QueryDecoderTest, OperationWithoutParametersDecodesToEmptyStructure) {
  ApiValue in = Decode("Action=DescribeReplicationGroups&Version=2015-02-02");
  ASSERT_TRUE(in.IsMap());
  EXPECT_TRUE(in.AsMap().empty());
}

// Shapes ElastiCache's inputs lack (doubles, maps, flattened lists, longs) in a small model.
const ServiceModel& TinyModel() {
  static const ServiceModel model(R"({"metadata":{"apiVersion":"1","xmlNamespace":"urn:t"},
    "operations":{"Op":{"input":"In"}},
    "shapes":{
      "In":{"type":"structure","members":{
        "Ratio":{"shape":"D"},"Big":{"shape":"Lg"},"Attrs":{"shape":"M"},
        "Flat":{"shape":"FL"},"Blob":{"shape":"B"}}},
      "D":{"type":"double"},"Lg":{"type":"long"},"S":{"type":"string"},"B":{"type":"blob"},
      "M":{"type":"map","key":{"shape":"S"},"value":{"shape":"S"}},
      "FL":{"type":"list","member":{"shape":"S"},"flattened":true}}})");
  return model;
}

ApiValue DecodeTiny(const std::string& body) {
  const Operation* op = TinyModel().FindOperation("Op");
  return DecodeInput(TinyModel(), *op, ParseUrlEncoded(body));
}

TEST(QueryDecoderTest, DecodesDoublesLongsMapsAndFlattenedLists) {
  ApiValue in = DecodeTiny(
      "Ratio=12.5&Big=9007199254740993&Attrs.entry.2.key=b&Attrs.entry.2.value=2"
      "&Attrs.entry.1.key=a&Attrs.entry.1.value=1&Flat.2=y&Flat.1=x&Blob=aGk%3D");
  EXPECT_EQ(in.GetDouble("Ratio"), 12.5);
  EXPECT_EQ(in.GetInt("Big"), 9007199254740993);
  ASSERT_NE(in.Get("Attrs"), nullptr);
  EXPECT_EQ(in.Get("Attrs")->AsMap().size(), 2u);
  EXPECT_EQ(in.Get("Attrs")->GetString("a"), "1");
  EXPECT_EQ(in.GetStrings("Flat"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(in.GetString("Blob"), "aGk=");
  for (const char* bad :
       {"Ratio=abc", "Ratio=nan", "Ratio=inf", "Ratio=1.5x", "Big=99999999999999999999"}) {
    try {
      DecodeTiny(bad);
      ADD_FAILURE() << bad;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code, "InvalidParameterValue") << bad;
    }
  }
}

TEST(QueryDecoderTest, SurvivesHostileNames) {
  std::string deep =
      "Action=CreateReplicationGroup&ReplicationGroupId=x"
      "&ReplicationGroupDescription=d&Tags";
  for (int i = 0; i < 100000; ++i) deep += ".Tag";
  deep +=
      "=1&NodeGroupConfiguration.NodeGroupConfiguration.99999999999999999999999.Slots=1"
      "&Tags.Tag.0.Key=zero&Tags..=&Tags.Tag.-1.Key=neg&.=&=&..=";
  ApiValue in = Decode(deep);
  EXPECT_EQ(in.GetString("ReplicationGroupId"), "x");
  EXPECT_TRUE(in.GetList("NodeGroupConfiguration").empty());
  ASSERT_EQ(in.GetList("Tags").size(), 1u);  // index 0 is accepted, -1 is not an index
  EXPECT_EQ(in.GetList("Tags")[0].GetString("Key"), "zero");
}

TEST(QueryParamsTest, DecodesFormBodies) {
  QueryParams p = ParseUrlEncoded("a=1&b=x+y%21&c&&d=%e2%82%AC&e=a=b");
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(p[1].second, "x y!");
  EXPECT_EQ(p[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(p[3].second, "\xE2\x82\xAC");
  EXPECT_EQ(p[4].second, "a=b");
  EXPECT_TRUE(ParseUrlEncoded("").empty());
  EXPECT_EQ(*FindParam(p, "b"), "x y!");
  EXPECT_EQ(FindParam(p, "z"), nullptr);
}

TEST(QueryParamsTest, DecodesEscapesAmongRunsOfPlainBytes) {
  EXPECT_EQ(UrlDecode(""), "");
  EXPECT_EQ(UrlDecode("plain-text_1.2~"), "plain-text_1.2~");
  EXPECT_EQ(UrlDecode("+"), " ");
  EXPECT_EQ(UrlDecode("%41"), "A");
  EXPECT_EQ(UrlDecode("a+b%20c"), "a b c");
  EXPECT_EQ(UrlDecode("%41BC%2b%2Bz"), "ABC++z");
  EXPECT_EQ(UrlDecode("%e2%82%ac+ok"), "\xe2\x82\xac ok");
  EXPECT_EQ(UrlDecode("++%25%25"), "  %%");
}

TEST(QueryParamsTest, RejectsMalformedPercentEscapes) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "a%G1=1", "a=100%"}) {
    try {
      ParseUrlEncoded(bad);
      ADD_FAILURE() << bad;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code, "MalformedQueryString") << bad;
    }
  }
}

TEST(QueryParamsTest, ReadsTheQueryStringOfATarget) {
  QueryParams p;
  AppendTargetQuery("/?Action=DescribeReplicationGroups&Version=2015-02-02#frag", p);
  AppendTargetQuery("/no-query", p);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].second, "DescribeReplicationGroups");
  EXPECT_EQ(p[1].second, "2015-02-02");
}

}  // namespace
}  // namespace ecl

// Reading fixtures: lines of objects, duplicate keys, every entry decoded against its call's
// input shape before anything runs, kinds in dependency order, scope defaults.
#include "server/fixture.h"

#include <gtest/gtest.h>

#include "server/located_json.h"

namespace ecl {
namespace {

TEST(LocatedJson, KnowsTheLineEveryObjectOpensOn) {
  LocatedJson doc("{\n \"a\": [\n  {\"x\": \"{not an object}\"},\n\n  {\"y\": {}}\n ]\n}\n");
  const auto& top = doc.value().get_object();
  EXPECT_EQ(doc.LineOf(top), 1);
  const auto& list = top.at("a").get_array();
  EXPECT_EQ(doc.LineOf(list[0].get_object()), 3);
  EXPECT_EQ(doc.LineOf(list[1].get_object()), 5);
  EXPECT_EQ(doc.LineOf(list[1].get_object().at("y").get_object()), 5);
}

TEST(LocatedJson, SyntaxErrorsAndDuplicateKeysNameTheirLine) {
  try {
    LocatedJson("{\n \"a\": 1,\n \"b\": ]\n}");
    FAIL();
  } catch (const JsonSyntaxError& e) {
    EXPECT_EQ(e.line, 3);
  }
  try {
    LocatedJson("{\"a\": {\n \"k\": 1,\n \"k\": 2}}");
    FAIL();
  } catch (const JsonSyntaxError& e) {
    EXPECT_EQ(e.line, 3);
    EXPECT_NE(std::string(e.what()).find("\"k\" appears twice"), std::string::npos);
  }
  // The same key in two objects is fine, and so is trailing text only if it is whitespace.
  EXPECT_NO_THROW(LocatedJson("[{\"k\": 1}, {\"k\": 2}]\n"));
  EXPECT_THROW(LocatedJson("{} {}"), JsonSyntaxError);
}

std::vector<FixtureCall> Parse(const std::string& text) {
  return ParseFixture(text, "f.json", ServiceModel::Embedded(), {"111122223333", "eu-west-3"});
}

std::string ErrorOf(const std::string& text) {
  try {
    Parse(text);
  } catch (const FixtureError& e) {
    return e.what();
  }
  return "";
}

TEST(Fixture, KindsApplyInDependencyOrderWithScopeDefaults) {
  auto calls = Parse(R"({"scopes": [{
    "replication_groups": [{"ReplicationGroupId": "rg", "ReplicationGroupDescription": "d",
                            "UserGroupIds": ["ug"], "NumCacheClusters": 2}],
    "user_groups": [{"UserGroupId": "ug", "Engine": "redis", "UserIds": ["default"]}],
    "parameter_groups": [{"CacheParameterGroupName": "p", "CacheParameterGroupFamily": "redis7",
                          "Description": "d",
                          "ParameterNameValues": [{"ParameterName": "timeout",
                                                   "ParameterValue": "5"}]}]}]})");
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].action, "CreateCacheParameterGroup");
  EXPECT_EQ(calls[1].action, "ModifyCacheParameterGroup");
  EXPECT_TRUE(calls[1].follows_previous);
  EXPECT_EQ(calls[1].input.GetString("CacheParameterGroupName"), "p");
  EXPECT_EQ(calls[1].input.GetList("ParameterNameValues").size(), 1u);
  EXPECT_EQ(calls[0].input.Get("ParameterNameValues"), nullptr);
  EXPECT_EQ(calls[2].action, "CreateUserGroup");
  EXPECT_EQ(calls[3].action, "CreateReplicationGroup");
  EXPECT_EQ(calls[3].already_exists, "ReplicationGroupAlreadyExists");
  EXPECT_EQ(calls[3].input.GetInt("NumCacheClusters"), 2);
  EXPECT_EQ(calls[3].input.GetStrings("UserGroupIds"), std::vector<std::string>{"ug"});
  EXPECT_EQ(calls[3].account, "111122223333");
  EXPECT_EQ(calls[3].region, "eu-west-3");
  EXPECT_EQ(calls[3].line, 2);
  EXPECT_EQ(calls[3].label, "scopes[0].replication_groups[0] \"rg\"");
}

TEST(Fixture, NestedStructuresAndListsDecodeAsTheApiDecodesThem) {
  auto calls = Parse(R"({"scopes": [{"account": "444455556666", "region": "us-west-2",
    "replication_groups": [{"ReplicationGroupId": "c", "ReplicationGroupDescription": "d",
      "NodeGroupConfiguration": [{"NodeGroupId": "0001", "Slots": "0-100", "ReplicaCount": 1,
                                  "ReplicaAvailabilityZones": ["us-west-2a"]},
                                 {"NodeGroupId": "0002", "Slots": "101-16383"}],
      "AutomaticFailoverEnabled": true, "Tags": []}]}]})");
  ASSERT_EQ(calls.size(), 1u);
  const ApiValue& in = calls[0].input;
  EXPECT_EQ(calls[0].account, "444455556666");
  const ApiList& shards = in.GetList("NodeGroupConfiguration");
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_EQ(shards[1].GetString("Slots"), "101-16383");
  EXPECT_EQ(shards[0].GetStrings("ReplicaAvailabilityZones"),
            std::vector<std::string>{"us-west-2a"});
  EXPECT_EQ(in.GetBool("AutomaticFailoverEnabled"), true);
  ASSERT_NE(in.Get("Tags"), nullptr);
  EXPECT_TRUE(in.Get("Tags")->AsList().empty());
}

TEST(Fixture, BadEntriesAreRefusedWithTheirLine) {
  EXPECT_EQ(ErrorOf("{\"scopes\": [{\n\"users\": [\n{\"UserId\": \"u\"}]}]}"),
            "f.json:3: scopes[0].users[0]: MissingParameter: The request must contain the "
            "parameter UserName.");
  EXPECT_EQ(ErrorOf("{\"scopes\": [{\"users\": [{\"UserId\": 5}]}]}"),
            "f.json:1: scopes[0].users[0].UserId must be a string, not an integer");
  EXPECT_EQ(ErrorOf("{\"scopes\": [{\"users\": [[]]}]}"),
            "f.json:1: scopes[0].users[0] must be an object, not a list");
  EXPECT_EQ(ErrorOf("{\"scopes\": {}}"), "f.json:1: scopes must be a list, not an object");
  EXPECT_EQ(ErrorOf("[]"), "f.json:1: the fixture must be an object, not a list");
  EXPECT_EQ(ErrorOf("{\"scopes\": [], \"extra\": 1}"),
            "f.json:1: unknown key \"extra\" (expected format_version, scopes, exported_at, "
            "not_exported)");
  EXPECT_NE(ErrorOf("{\"scopes\": [{\"region\": \"US East\"}]}").find("region must be a region"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{\"scopes\": [{\"replication_groups\": [{\"ReplicationGroupId\": \"x\", "
                    "\"ReplicationGroupDescription\": \"d\", \"NumCacheClusters\": 2.5}]}]}")
                .find("NumCacheClusters must be an integer, not a number with a fraction"),
            std::string::npos);
  EXPECT_EQ(ErrorOf("{\"scopes\": [{\"snapshots\": [{\"ReplicationGroupId\": \"x\"}]}]}"),
            "f.json:1: scopes[0].snapshots[0]: MissingParameter: The request must contain the "
            "parameter SnapshotName.");
  EXPECT_EQ(ErrorOf("{}"), "");  // nothing to create
}

}  // namespace
}  // namespace ecl

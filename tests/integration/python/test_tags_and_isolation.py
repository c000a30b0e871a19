"""Tags by ARN, and the (account, region) partitioning of every resource."""

from botocore.exceptions import ClientError

from ecl_harness import ServerTestCase, endpoint_pattern, main


def as_pairs(tag_list):
    return sorted((t["Key"], t["Value"]) for t in tag_list)


class Tags(ServerTestCase):
    def test_add_list_remove(self):
        arn = self.create_cmd("tagme", clusters=2, Tags=[{"Key": "team", "Value": "core"}])["ARN"]
        self.assertEqual(as_pairs(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"]),
                         [("team", "core")])

        added = self.ec.add_tags_to_resource(ResourceName=arn, Tags=[
            {"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "platform"}])
        self.assertEqual(as_pairs(added["TagList"]), [("env", "dev"), ("team", "platform")])
        self.assertEqual(as_pairs(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"]),
                         [("env", "dev"), ("team", "platform")])

        removed = self.ec.remove_tags_from_resource(ResourceName=arn, TagKeys=["team"])
        self.assertEqual(as_pairs(removed["TagList"]), [("env", "dev")])
        self.assertEqual(as_pairs(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"]),
                         [("env", "dev")])

    def test_removing_a_key_that_is_not_there(self):
        arn = self.create_cmd("tagme", clusters=1, Tags=[{"Key": "a", "Value": "1"}])["ARN"]
        self.assertAwsError("TagNotFound", self.ec.remove_tags_from_resource, ResourceName=arn,
                            TagKeys=["a", "absent"], status=404)
        self.assertEqual(as_pairs(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"]),
                         [("a", "1")])

    def test_tags_on_member_cache_clusters(self):
        self.create_cmd("members", clusters=2)
        arn = "arn:aws:elasticache:us-east-1:000000000000:cluster:members-002"
        self.ec.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "node", "Value": "2"}])
        self.assertEqual(as_pairs(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"]),
                         [("node", "2")])
        self.assertAwsError("CacheClusterNotFound", self.ec.list_tags_for_resource,
                            ResourceName=arn.replace("members-002", "members-009"), status=404)

    def test_untagged_group_has_empty_tag_list(self):
        arn = self.create_cmd("bare", clusters=1)["ARN"]
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"], [])

    def test_unknown_replication_group_arn(self):
        arn = "arn:aws:elasticache:us-east-1:000000000000:replicationgroup:nobody"
        for call, extra in ((self.ec.list_tags_for_resource, {}),
                            (self.ec.add_tags_to_resource, {"Tags": [{"Key": "k", "Value": "v"}]}),
                            (self.ec.remove_tags_from_resource, {"TagKeys": ["k"]})):
            with self.subTest(call=call.__name__):
                self.assertAwsError("ReplicationGroupNotFoundFault", call, ResourceName=arn,
                                    status=404, **extra)

    def test_tags_are_gone_with_the_group(self):
        arn = self.create_cmd("shortlived", clusters=1,
                              Tags=[{"Key": "a", "Value": "1"}])["ARN"]
        self.ec.delete_replication_group(ReplicationGroupId="shortlived")
        self.ec.get_waiter("replication_group_deleted").wait(
            ReplicationGroupId="shortlived", WaiterConfig=self.WAIT_FAST)
        self.create_cmd("shortlived", clusters=1)
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"], [])


class AccountsAndRegions(ServerTestCase):
    def test_twelve_digit_access_key_is_its_own_account(self):
        theirs = self.server.client(access_key_id="123456789012")
        group = self.create_cmd("shared-name", clusters=1, client=theirs)
        self.assertEqual(group["ARN"],
                         "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:shared-name")
        # The default account does not see it and may use the same id.
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.describe_replication_groups,
                            ReplicationGroupId="shared-name")
        mine = self.create_cmd("shared-name", clusters=2)
        self.assertEqual(mine["ARN"],
                         "arn:aws:elasticache:us-east-1:000000000000:replicationgroup:shared-name")
        self.assertEqual(len(self.describe("shared-name", client=theirs)["MemberClusters"]), 1)
        self.assertEqual(len(self.describe("shared-name")["MemberClusters"]), 2)
        # Another non-12-digit key is the same default account.
        other_default = self.server.client(access_key_id="AKIAOTHERKEY")
        self.assertEqual(len(self.describe("shared-name", client=other_default)["MemberClusters"]),
                         2)
        # Tags cannot be read across accounts either (AWS's exact code here is not documented).
        with self.assertRaises(ClientError) as caught:
            self.ec.list_tags_for_resource(ResourceName=group["ARN"])
        self.assertIn(caught.exception.response["Error"]["Code"],
                      ("ReplicationGroupNotFoundFault", "InvalidARN"))

    def test_regions_are_separate_and_named_in_endpoints_and_arns(self):
        ireland = self.server.client(region="eu-west-1")
        group = self.create_cmd("euro", clusters=2, client=ireland)
        self.assertEqual(group["ARN"], "arn:aws:elasticache:eu-west-1:000000000000:replicationgroup:euro")
        described = self.describe("euro", client=ireland)
        node_group = described["NodeGroups"][0]
        self.assertRegex(node_group["PrimaryEndpoint"]["Address"],
                         endpoint_pattern("primary", "euro", region="eu-west-1"))
        self.assertRegex(node_group["ReaderEndpoint"]["Address"],
                         endpoint_pattern("reader", "euro", region="eu-west-1"))
        for member in node_group["NodeGroupMembers"]:
            self.assertTrue(member["PreferredAvailabilityZone"].startswith("eu-west-1"))
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        self.assertEqual(self.ec.describe_cache_clusters()["CacheClusters"], [])
        cluster = ireland.describe_cache_clusters(CacheClusterId="euro-001")["CacheClusters"][0]
        self.assertEqual(cluster["ARN"], "arn:aws:elasticache:eu-west-1:000000000000:cluster:euro-001")

    def test_cluster_mode_enabled_in_another_region(self):
        oregon = self.server.client(region="us-west-2")
        self.create_cme("west", shards=2, replicas=0, client=oregon)
        self.assertRegex(self.describe("west", client=oregon)["ConfigurationEndpoint"]["Address"],
                         endpoint_pattern("config", "west", region="us-west-2"))


if __name__ == "__main__":
    main()

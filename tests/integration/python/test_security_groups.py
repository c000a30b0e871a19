"""Cache security groups through boto3, in both kinds of account.

By default the server is a VPC-only account, as every AWS account is since EC2-Classic was
retired: the five operations and CreateReplicationGroup naming CacheSecurityGroupNames fail
with InvalidParameterValue "Use of cache security groups is not permitted in this API version
for your account.", and VPC SecurityGroupIds are accepted by format and shown active.

With --ec2-classic the account still has EC2-Classic: a default group, create (lower-cased
names, tags, AlreadyExists, quota), describe (by name or paged), delete (not the default, not
in use), authorize (authorizing -> authorized after --transition-seconds) and revoke
(revoking -> gone), references checked by CreateReplicationGroup, events on the clusters.
"""

from ecl_harness import DEFAULT_ACCOUNT, ServerTestCase, main

NOT_PERMITTED = ("Use of cache security groups is not permitted in this API version for your "
                 "account.")
ACCOUNT = "123456789012"  # a 12-digit access key id is the account


def arn(name, account=ACCOUNT, region="us-east-1"):
    return f"arn:aws:elasticache:{region}:{account}:securitygroup:{name}"


class VpcOnlyAccount(ServerTestCase):
    def test_every_operation_is_not_permitted(self):
        calls = [
            (self.ec.create_cache_security_group,
             dict(CacheSecurityGroupName="web", Description="d")),
            (self.ec.describe_cache_security_groups, {}),
            (self.ec.describe_cache_security_groups, dict(CacheSecurityGroupName="default")),
            (self.ec.delete_cache_security_group, dict(CacheSecurityGroupName="web")),
            (self.ec.authorize_cache_security_group_ingress,
             dict(CacheSecurityGroupName="default", EC2SecurityGroupName="app",
                  EC2SecurityGroupOwnerId=ACCOUNT)),
            (self.ec.revoke_cache_security_group_ingress,
             dict(CacheSecurityGroupName="default", EC2SecurityGroupName="app",
                  EC2SecurityGroupOwnerId=ACCOUNT)),
        ]
        for call, kwargs in calls:
            with self.subTest(call=call.__name__, **kwargs):
                self.assertAwsError("InvalidParameterValue", call, status=400,
                                    message=NOT_PERMITTED, **kwargs)

    def test_create_naming_cache_security_groups_is_not_permitted_and_writes_nothing(self):
        self.assertAwsError("InvalidParameterValue", self.create_cmd, "classic", clusters=1,
                            CacheSecurityGroupNames=["default"], message=NOT_PERMITTED)
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        self.assertEqual(self.ec.describe_cache_clusters()["CacheClusters"], [])

    def test_vpc_security_group_ids_are_accepted_by_format_and_shown_active(self):
        ids = ["sg-1a2b3c4d", "sg-0123456789abcdef0"]
        self.create_cmd("vpc", clusters=2, SecurityGroupIds=ids)
        for cluster in self.ec.describe_cache_clusters()["CacheClusters"]:
            self.assertEqual(cluster["SecurityGroups"],
                             [{"SecurityGroupId": i, "Status": "active"} for i in ids])
            self.assertEqual(cluster["CacheSecurityGroups"], [])
            self.assertEqual(cluster["CacheSubnetGroupName"], "default")
        for bad in ("my-app-group", "sg-123", "sg-0123456789ABCDEF0", "sg-1a2b3c4d5"):
            with self.subTest(bad=bad):
                error = self.assertAwsError("InvalidParameterValue", self.create_cmd, "bad",
                                            clusters=1, SecurityGroupIds=["sg-1a2b3c4d", bad])
                self.assertIn(bad, error.response["Error"]["Message"])
        self.assertEqual(len(self.ec.describe_replication_groups()["ReplicationGroups"]), 1)


class Ec2ClassicAccount(ServerTestCase):
    server_args = ("--ec2-classic", "--transition-seconds", "5")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ec = cls.server.client(access_key_id=ACCOUNT)

    def group(self, name):
        groups = self.ec.describe_cache_security_groups(
            CacheSecurityGroupName=name)["CacheSecurityGroups"]
        self.assertEqual(len(groups), 1)
        return groups[0]

    def authorize(self, group, ec2_group, owner=ACCOUNT):
        return self.ec.authorize_cache_security_group_ingress(
            CacheSecurityGroupName=group, EC2SecurityGroupName=ec2_group,
            EC2SecurityGroupOwnerId=owner)["CacheSecurityGroup"]

    def revoke(self, group, ec2_group, owner=ACCOUNT):
        return self.ec.revoke_cache_security_group_ingress(
            CacheSecurityGroupName=group, EC2SecurityGroupName=ec2_group,
            EC2SecurityGroupOwnerId=owner)["CacheSecurityGroup"]

    def test_the_default_group_exists_and_cannot_be_deleted(self):
        groups = self.ec.describe_cache_security_groups()["CacheSecurityGroups"]
        self.assertEqual(groups, [{"OwnerId": ACCOUNT, "CacheSecurityGroupName": "default",
                                   "Description": "default", "EC2SecurityGroups": [],
                                   "ARN": arn("default")}])
        self.assertAwsError("InvalidCacheSecurityGroupState", self.ec.delete_cache_security_group,
                            CacheSecurityGroupName="default", status=400)
        self.assertAwsError("InvalidParameterValue", self.ec.create_cache_security_group,
                            CacheSecurityGroupName="Default", Description="mine")
        # Every account and region has its own.
        other = self.server.client(region="eu-west-1", access_key_id="210987654321")
        self.assertEqual(other.describe_cache_security_groups()["CacheSecurityGroups"][0]["ARN"],
                         arn("default", "210987654321", "eu-west-1"))
        self.assertAwsError("CacheSecurityGroupNotFound", other.describe_cache_security_groups,
                            CacheSecurityGroupName="default-copy", status=404)

    def test_create_describe_and_delete(self):
        created = self.ec.create_cache_security_group(
            CacheSecurityGroupName="My-Cache-Sec-Grp", Description="Example ElastiCache security group.",
            Tags=[{"Key": "team", "Value": "web"}])["CacheSecurityGroup"]
        self.assertEqual(created, {"OwnerId": ACCOUNT, "CacheSecurityGroupName": "my-cache-sec-grp",
                                   "Description": "Example ElastiCache security group.",
                                   "EC2SecurityGroups": [], "ARN": arn("my-cache-sec-grp")})
        self.assertEqual(self.group("MY-CACHE-SEC-GRP"), created)
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn("my-cache-sec-grp"))[
            "TagList"], [{"Key": "team", "Value": "web"}])
        self.assertAwsError("CacheSecurityGroupAlreadyExists", self.ec.create_cache_security_group,
                            CacheSecurityGroupName="my-cache-sec-grp", Description="again",
                            status=400)
        for bad in ("1group", "group-", "two--hyphens", "under_score", "x" * 256):
            with self.subTest(bad=bad):
                self.assertAwsError("InvalidParameterValue", self.ec.create_cache_security_group,
                                    CacheSecurityGroupName=bad, Description="d")
        self.ec.delete_cache_security_group(CacheSecurityGroupName="My-Cache-Sec-Grp")
        self.assertAwsError("CacheSecurityGroupNotFound", self.ec.describe_cache_security_groups,
                            CacheSecurityGroupName="my-cache-sec-grp", status=404)
        self.assertAwsError("CacheSecurityGroupNotFound", self.ec.delete_cache_security_group,
                            CacheSecurityGroupName="my-cache-sec-grp", status=404)
        self.assertAwsError("CacheSecurityGroupNotFound", self.ec.list_tags_for_resource,
                            ResourceName=arn("my-cache-sec-grp"))

    def test_describe_pages_with_markers_and_the_paginator(self):
        for i in range(44):
            self.ec.create_cache_security_group(CacheSecurityGroupName=f"group{i:02d}",
                                                Description=f"group {i}")
        first = self.ec.describe_cache_security_groups(MaxRecords=20)
        self.assertEqual(len(first["CacheSecurityGroups"]), 20)
        self.assertIn("Marker", first)
        names = []
        for page in self.ec.get_paginator("describe_cache_security_groups").paginate(
                PaginationConfig={"PageSize": 20}):
            names += [g["CacheSecurityGroupName"] for g in page["CacheSecurityGroups"]]
        self.assertEqual(names, ["default"] + [f"group{i:02d}" for i in range(44)])
        for records in (19, 101):
            with self.subTest(records=records):
                self.assertAwsError("InvalidParameterValue",
                                    self.ec.describe_cache_security_groups, MaxRecords=records)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_cache_security_groups,
                            Marker="not-a-marker-this-server-issued")

    def test_quota_counts_the_default_group(self):
        for i in range(49):
            self.ec.create_cache_security_group(CacheSecurityGroupName=f"q{i}", Description="d")
        self.assertAwsError("QuotaExceeded.CacheSecurityGroup",
                            self.ec.create_cache_security_group, CacheSecurityGroupName="q49",
                            Description="d", status=400)
        self.ec.delete_cache_security_group(CacheSecurityGroupName="q0")
        self.ec.create_cache_security_group(CacheSecurityGroupName="q49", Description="d")

    def test_authorize_is_authorizing_then_authorized(self):
        self.ec.create_cache_security_group(CacheSecurityGroupName="web", Description="d")
        answer = self.authorize("web", "app-servers")
        self.assertEqual(answer["EC2SecurityGroups"], [
            {"Status": "authorizing", "EC2SecurityGroupName": "app-servers",
             "EC2SecurityGroupOwnerId": ACCOUNT}])
        self.assertAwsError("AuthorizationAlreadyExists", self.authorize, "web", "app-servers",
                            status=400)
        self.assertAwsError("InvalidCacheSecurityGroupState", self.revoke, "web", "app-servers")
        self.server.advance(4)
        self.assertEqual(self.group("web")["EC2SecurityGroups"][0]["Status"], "authorizing")
        self.server.advance(2)
        self.assertEqual(self.group("web")["EC2SecurityGroups"][0]["Status"], "authorized")
        self.assertAwsError("AuthorizationAlreadyExists", self.authorize, "web", "app-servers")
        # Another owner's group of the same name is another authorization; the account may
        # be written as the API reference's sample does.
        self.authorize("web", "app-servers", owner="2109-8765-4321")
        self.assertEqual([(g["EC2SecurityGroupOwnerId"], g["Status"])
                          for g in self.group("web")["EC2SecurityGroups"]],
                         [(ACCOUNT, "authorized"), ("210987654321", "authorizing")])
        for owner in ("1234567890", "AKIDEXAMPLE", ""):
            with self.subTest(owner=owner):
                self.assertAwsError("InvalidParameterValue", self.authorize, "web", "x", owner)
        self.assertAwsError("InvalidParameterValue", self.authorize, "web", "x" * 256)
        self.assertAwsError("CacheSecurityGroupNotFound", self.authorize, "nope", "app",
                            status=404)

    def test_revoke_is_revoking_then_gone(self):
        self.ec.create_cache_security_group(CacheSecurityGroupName="web", Description="d")
        self.authorize("web", "app")
        self.authorize("web", "batch")
        self.server.advance(5)
        answer = self.revoke("web", "app")
        self.assertEqual([(g["EC2SecurityGroupName"], g["Status"])
                          for g in answer["EC2SecurityGroups"]],
                         [("app", "revoking"), ("batch", "authorized")])
        self.assertAwsError("InvalidCacheSecurityGroupState", self.authorize, "web", "app")
        self.server.advance(5)
        self.assertEqual([g["EC2SecurityGroupName"] for g in self.group("web")["EC2SecurityGroups"]],
                         ["batch"])
        self.assertAwsError("AuthorizationNotFound", self.revoke, "web", "app", status=404)
        self.assertAwsError("AuthorizationNotFound", self.revoke, "web", "batch", "210987654321")
        self.assertAwsError("CacheSecurityGroupNotFound", self.revoke, "nope", "app")
        # The default group takes authorizations too.
        self.authorize("default", "legacy")
        self.assertEqual(self.group("default")["EC2SecurityGroups"][0]["Status"], "authorizing")

    def test_create_replication_group_checks_the_groups_it_names(self):
        self.assertAwsError("CacheSecurityGroupNotFound", self.create_cmd, "shop", clusters=2,
                            CacheSecurityGroupNames=["missing"], status=404)
        self.assertAwsError("InvalidParameterCombination", self.create_cmd, "shop", clusters=2,
                            CacheSecurityGroupNames=["default"], SecurityGroupIds=["sg-1a2b3c4d"],
                            message="Use of cache security groups is not permitted along with "
                                    "cache subnet group and/or security group Ids.")
        self.assertAwsError("InvalidParameterCombination", self.create_cmd, "shop", clusters=2,
                            CacheSecurityGroupNames=["default"], CacheSubnetGroupName="default")
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])

        self.ec.create_cache_security_group(CacheSecurityGroupName="web", Description="d")
        self.create_cmd("shop", clusters=2, CacheSecurityGroupNames=["WEB", "default"])
        for cluster in self.ec.describe_cache_clusters()["CacheClusters"]:
            self.assertEqual(cluster["CacheSecurityGroups"], [
                {"CacheSecurityGroupName": "web", "Status": "active"},
                {"CacheSecurityGroupName": "default", "Status": "active"}])
            self.assertEqual(cluster["SecurityGroups"], [])
            self.assertNotIn("CacheSubnetGroupName", cluster)
        # A VPC group still works in an EC2-Classic account.
        self.create_cmd("vpc", clusters=1, SecurityGroupIds=["sg-1a2b3c4d"])

    def test_a_group_in_use_cannot_be_deleted(self):
        self.ec.create_cache_security_group(CacheSecurityGroupName="web", Description="d")
        self.create_cmd("shop", clusters=1, CacheSecurityGroupNames=["web"])
        self.assertAwsError("InvalidCacheSecurityGroupState", self.ec.delete_cache_security_group,
                            CacheSecurityGroupName="web", status=400)
        self.server.advance(5)
        self.ec.delete_replication_group(ReplicationGroupId="shop")
        self.assertAwsError("InvalidCacheSecurityGroupState", self.ec.delete_cache_security_group,
                            CacheSecurityGroupName="web")
        self.server.advance(5)
        self.assertAwsError("ReplicationGroupNotFoundFault", self.describe, "shop")
        self.ec.delete_cache_security_group(CacheSecurityGroupName="web")

    def test_clusters_using_the_group_record_the_change_when_it_applies(self):
        self.ec.create_cache_security_group(CacheSecurityGroupName="web", Description="d")
        self.create_cmd("shop", clusters=2, CacheSecurityGroupNames=["web"])
        self.server.advance(5)

        def changes():
            events = self.ec.describe_events(SourceType="cache-cluster")["Events"]
            return sorted(e["SourceIdentifier"] for e in events
                          if e["Message"] == "Applied change to security group")

        self.authorize("web", "app")
        self.assertEqual(changes(), [])
        self.server.advance(5)
        self.assertEqual(changes(), ["shop-001", "shop-002"])
        self.revoke("web", "app")
        self.server.advance(5)
        self.assertEqual(changes(), ["shop-001", "shop-001", "shop-002", "shop-002"])
        # Nothing is shown under the cache-security-group source type: no text is known.
        self.assertEqual(self.ec.describe_events(SourceType="cache-security-group")["Events"], [])

    def test_tags_by_arn(self):
        self.ec.create_cache_security_group(CacheSecurityGroupName="web", Description="d")
        self.ec.add_tags_to_resource(ResourceName=arn("WEB"),
                                     Tags=[{"Key": "env", "Value": "prod"}])
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn("web"))["TagList"],
                         [{"Key": "env", "Value": "prod"}])
        self.ec.remove_tags_from_resource(ResourceName=arn("web"), TagKeys=["env"])
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn("web"))["TagList"], [])
        self.assertAwsError("InvalidARN", self.ec.list_tags_for_resource,
                            ResourceName=arn("web", account=DEFAULT_ACCOUNT))


if __name__ == "__main__":
    main()

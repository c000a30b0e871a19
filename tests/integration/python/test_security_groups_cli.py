"""Cache security groups through the AWS CLI: the VPC-only refusal (exit 254 with the code
and AWS's message) by default, and with --ec2-classic every operation and rule: create with
tags, describe with automatic paging, authorize (authorizing -> authorized) and revoke
(revoking -> gone) on the emulator clock, the errors, references from
create-replication-group, and delete."""

from ecl_cli import CliTestCase
from ecl_harness import main

NOT_PERMITTED = ("Use of cache security groups is not permitted in this API version for your "
                 "account.")


class VpcOnlyAccountCli(CliTestCase):
    def test_every_operation_is_not_permitted(self):
        for args in (["create-cache-security-group", "--cache-security-group-name", "web",
                      "--description", "d"],
                     ["describe-cache-security-groups"],
                     ["delete-cache-security-group", "--cache-security-group-name", "web"],
                     ["authorize-cache-security-group-ingress", "--cache-security-group-name",
                      "default", "--ec2-security-group-name", "app",
                      "--ec2-security-group-owner-id", "123456789012"],
                     ["revoke-cache-security-group-ingress", "--cache-security-group-name",
                      "default", "--ec2-security-group-name", "app",
                      "--ec2-security-group-owner-id", "123456789012"],
                     ["create-replication-group", "--replication-group-id", "classic",
                      "--replication-group-description", "d",
                      "--cache-security-group-names", "default"]):
            with self.subTest(command=args[0]):
                result = self.aws(*args, expect_ok=False)
                self.assertEqual(result.returncode, 254, result.stderr)
                self.assertIn("An error occurred (InvalidParameterValue)", result.stderr)
                self.assertIn(NOT_PERMITTED, result.stderr)

    def test_vpc_security_group_ids_by_format(self):
        self.aws("create-replication-group", "--replication-group-id", "vpc",
                 "--replication-group-description", "d", "--security-group-ids", "sg-1a2b3c4d")
        cluster = self.aws("describe-cache-clusters")["CacheClusters"][0]
        self.assertEqual(cluster["SecurityGroups"],
                         [{"SecurityGroupId": "sg-1a2b3c4d", "Status": "active"}])
        self.assertCliError("InvalidParameterValue", "create-replication-group",
                            "--replication-group-id", "bad", "--replication-group-description",
                            "d", "--security-group-ids", "web-servers", contains="web-servers")


class Ec2ClassicAccountCli(CliTestCase):
    server_args = ("--ec2-classic", "--transition-seconds", "5")

    def ingress(self, verb, group, ec2_group, owner="123456789012", **kwargs):
        return self.aws(f"{verb}-cache-security-group-ingress", "--cache-security-group-name",
                        group, "--ec2-security-group-name", ec2_group,
                        "--ec2-security-group-owner-id", owner, **kwargs)

    def group(self, name):
        return self.aws("describe-cache-security-groups", "--cache-security-group-name",
                        name)["CacheSecurityGroups"][0]

    def test_create_describe_page_and_delete(self):
        created = self.aws("create-cache-security-group", "--cache-security-group-name",
                           "My-Sec-Grp", "--description", "cli group",
                           "--tags", "Key=team,Value=cli")["CacheSecurityGroup"]
        self.assertEqual(created["CacheSecurityGroupName"], "my-sec-grp")
        self.assertEqual(created["OwnerId"], "000000000000")
        self.assertEqual(created["ARN"],
                         "arn:aws:elasticache:us-east-1:000000000000:securitygroup:my-sec-grp")
        self.assertEqual(self.aws("list-tags-for-resource", "--resource-name", created["ARN"])[
            "TagList"], [{"Key": "team", "Value": "cli"}])
        self.assertCliError("CacheSecurityGroupAlreadyExists", "create-cache-security-group",
                            "--cache-security-group-name", "my-sec-grp", "--description", "d")
        for i in range(25):
            self.aws("create-cache-security-group", "--cache-security-group-name", f"g{i:02d}",
                     "--description", "d")
        # The CLI follows markers by itself.
        everything = self.aws("describe-cache-security-groups", "--page-size", "20")
        names = [g["CacheSecurityGroupName"] for g in everything["CacheSecurityGroups"]]
        self.assertEqual(names, ["default"] + [f"g{i:02d}" for i in range(25)] + ["my-sec-grp"])
        page = self.aws("describe-cache-security-groups", "--max-items", "21", "--page-size", "20")
        self.assertEqual(len(page["CacheSecurityGroups"]), 21)
        self.assertIn("NextToken", page)
        self.assertCliError("CacheSecurityGroupNotFound", "describe-cache-security-groups",
                            "--cache-security-group-name", "nope")
        self.assertIsNone(self.aws("delete-cache-security-group", "--cache-security-group-name",
                                   "MY-SEC-GRP"))
        self.assertCliError("CacheSecurityGroupNotFound", "delete-cache-security-group",
                            "--cache-security-group-name", "my-sec-grp")
        self.assertCliError("InvalidCacheSecurityGroupState", "delete-cache-security-group",
                            "--cache-security-group-name", "default")

    def test_authorize_and_revoke_on_the_clock(self):
        self.aws("create-cache-security-group", "--cache-security-group-name", "web",
                 "--description", "d")
        answer = self.ingress("authorize", "web", "app")["CacheSecurityGroup"]
        self.assertEqual(answer["EC2SecurityGroups"], [
            {"Status": "authorizing", "EC2SecurityGroupName": "app",
             "EC2SecurityGroupOwnerId": "123456789012"}])
        self.assertCliError("AuthorizationAlreadyExists", "authorize-cache-security-group-ingress",
                            "--cache-security-group-name", "web", "--ec2-security-group-name",
                            "app", "--ec2-security-group-owner-id", "123456789012")
        self.server.advance(5)
        self.assertEqual(self.group("web")["EC2SecurityGroups"][0]["Status"], "authorized")
        answer = self.ingress("revoke", "web", "app")["CacheSecurityGroup"]
        self.assertEqual(answer["EC2SecurityGroups"][0]["Status"], "revoking")
        self.server.advance(5)
        self.assertEqual(self.group("web")["EC2SecurityGroups"], [])
        self.assertCliError("AuthorizationNotFound", "revoke-cache-security-group-ingress",
                            "--cache-security-group-name", "web", "--ec2-security-group-name",
                            "app", "--ec2-security-group-owner-id", "123456789012")
        self.assertCliError("InvalidParameterValue", "authorize-cache-security-group-ingress",
                            "--cache-security-group-name", "web", "--ec2-security-group-name",
                            "app", "--ec2-security-group-owner-id", "1234567890")
        self.assertCliError("CacheSecurityGroupNotFound", "authorize-cache-security-group-ingress",
                            "--cache-security-group-name", "nope", "--ec2-security-group-name",
                            "app", "--ec2-security-group-owner-id", "123456789012")

    def test_create_replication_group_references(self):
        self.assertCliError("CacheSecurityGroupNotFound", "create-replication-group",
                            "--replication-group-id", "shop", "--replication-group-description",
                            "d", "--cache-security-group-names", "missing")
        self.assertCliError("InvalidParameterCombination", "create-replication-group",
                            "--replication-group-id", "shop", "--replication-group-description",
                            "d", "--cache-security-group-names", "default",
                            "--security-group-ids", "sg-1a2b3c4d")
        self.aws("create-replication-group", "--replication-group-id", "shop",
                 "--replication-group-description", "d", "--cache-security-group-names",
                 "Default")
        cluster = self.aws("describe-cache-clusters", "--cache-cluster-id",
                           "shop-001")["CacheClusters"][0]
        self.assertEqual(cluster["CacheSecurityGroups"],
                         [{"CacheSecurityGroupName": "default", "Status": "active"}])
        self.assertNotIn("CacheSubnetGroupName", cluster)


if __name__ == "__main__":
    main()

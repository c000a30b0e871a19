"""Cache subnet groups through the AWS CLI: create (with tags), describe (one, all, automatic
paging), modify, delete, tags by ARN, a replication group on a subnet group, and the errors on
stderr with exit code 254."""

from ecl_cli import CliTestCase
from ecl_harness import main

SUBNETS = ["subnet-6f28c982", "subnet-bcd382f3", "subnet-845b3e7c0"]


class SubnetGroupsCli(CliTestCase):
    def create(self, name, *subnets, extra=()):
        return self.aws("create-cache-subnet-group", "--cache-subnet-group-name", name,
                        "--cache-subnet-group-description", f"{name} subnets",
                        "--subnet-ids", *(subnets or SUBNETS), *extra)["CacheSubnetGroup"]

    def test_create_describe_modify_delete(self):
        created = self.create("Cli-Group", extra=("--tags", "Key=team,Value=cli"))
        self.assertEqual(created["CacheSubnetGroupName"], "cli-group")
        self.assertEqual([s["SubnetIdentifier"] for s in created["Subnets"]], SUBNETS)
        self.assertRegex(created["VpcId"], r"^vpc-[0-9a-f]{17}$")
        self.assertEqual(created["ARN"],
                         "arn:aws:elasticache:us-east-1:000000000000:subnetgroup:cli-group")
        described = self.aws("describe-cache-subnet-groups", "--cache-subnet-group-name",
                             "cli-group")["CacheSubnetGroups"]
        self.assertEqual(described, [created])
        self.assertEqual(self.aws("list-tags-for-resource", "--resource-name", created["ARN"])[
            "TagList"], [{"Key": "team", "Value": "cli"}])

        modified = self.aws("modify-cache-subnet-group", "--cache-subnet-group-name", "cli-group",
                            "--cache-subnet-group-description", "New description",
                            "--subnet-ids", "subnet-42df9c3a", "subnet-48fc21a9")[
            "CacheSubnetGroup"]
        self.assertEqual(modified["CacheSubnetGroupDescription"], "New description")
        self.assertEqual([s["SubnetIdentifier"] for s in modified["Subnets"]],
                         ["subnet-42df9c3a", "subnet-48fc21a9"])

        self.assertIsNone(self.aws("delete-cache-subnet-group", "--cache-subnet-group-name",
                                   "cli-group"))  # "This command produces no output."
        self.assertCliError("CacheSubnetGroupNotFoundFault", "describe-cache-subnet-groups",
                            "--cache-subnet-group-name", "cli-group",
                            contains="Cache subnet group cli-group not found.")

    def test_describe_all_pages_automatically(self):
        for i in range(22):
            self.create(f"page-{i:02d}")
        everything = self.aws("describe-cache-subnet-groups", "--page-size", "20")
        names = [g["CacheSubnetGroupName"] for g in everything["CacheSubnetGroups"]]
        self.assertEqual(names, sorted([f"page-{i:02d}" for i in range(22)] + ["default"]))
        limited = self.aws("describe-cache-subnet-groups", "--max-items", "5", "--page-size", "20")
        self.assertEqual(len(limited["CacheSubnetGroups"]), 5)
        self.assertIn("NextToken", limited)

    def test_a_replication_group_on_a_subnet_group(self):
        self.create("app-subnets")
        self.aws("create-replication-group", "--replication-group-id", "cli-app",
                 "--replication-group-description", "on a subnet group",
                 "--num-cache-clusters", "2", "--automatic-failover-enabled",
                 "--cache-subnet-group-name", "App-Subnets")
        clusters = self.aws("describe-cache-clusters")["CacheClusters"]
        self.assertEqual([c["CacheClusterId"] for c in clusters], ["cli-app-001", "cli-app-002"])
        for cluster in clusters:
            self.assertEqual(cluster["CacheSubnetGroupName"], "app-subnets")
        self.assertCliError("CacheSubnetGroupInUse", "delete-cache-subnet-group",
                            "--cache-subnet-group-name", "app-subnets",
                            contains="is currently in use by a cache cluster")
        self.assertCliError("CacheSubnetGroupNotFoundFault", "create-replication-group",
                            "--replication-group-id", "cli-orphan",
                            "--replication-group-description", "d",
                            "--cache-subnet-group-name", "missing")

    def test_errors_exit_254_with_the_code(self):
        result = self.aws("create-cache-subnet-group", "--cache-subnet-group-name", "bad",
                          "--cache-subnet-group-description", "d", "--subnet-ids", "subnet-zz",
                          expect_ok=False)
        self.assertEqual(result.returncode, 254)
        self.assertIn("An error occurred (InvalidSubnet)", result.stderr)
        self.create("twice")
        self.assertCliError("CacheSubnetGroupAlreadyExists", "create-cache-subnet-group",
                            "--cache-subnet-group-name", "twice",
                            "--cache-subnet-group-description", "d", "--subnet-ids", SUBNETS[0])
        self.assertCliError("CacheSubnetQuotaExceededFault", "modify-cache-subnet-group",
                            "--cache-subnet-group-name", "twice", "--subnet-ids",
                            *[f"subnet-{i:08x}" for i in range(21)])
        self.assertCliError("InvalidParameterValue", "delete-cache-subnet-group",
                            "--cache-subnet-group-name", "default")
        self.assertCliError("InvalidParameterValue", "create-cache-subnet-group",
                            "--cache-subnet-group-name", "no_underscores",
                            "--cache-subnet-group-description", "d", "--subnet-ids", SUBNETS[0],
                            contains="is not a valid identifier")


if __name__ == "__main__":
    main()

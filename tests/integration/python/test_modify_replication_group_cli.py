"""modify-replication-group and test-failover through the AWS CLI v2: the flags as the CLI
sends them (--apply-immediately / --no-apply-immediately, --no-multi-az-enabled,
--log-delivery-configurations shorthand, --security-group-ids lists), the User Guide's and the
CLI reference's examples, and errors printed with the AWS code and exit status 254."""

from ecl_cli import CliTestCase
from ecl_harness import main

TOKEN = "This-is-a-sample-token"
ROTATED = "This-is-the-rotated-token"


class ModifyCli(CliTestCase):
    def create(self, group_id, *extra, clusters=3):
        self.aws("create-replication-group", "--replication-group-id", group_id,
                 "--replication-group-description", group_id, "--engine", "redis",
                 "--engine-version", "7.1", "--cache-node-type", "cache.t3.micro",
                 "--num-cache-clusters", str(clusters), "--automatic-failover-enabled", *extra)

    def modify(self, group_id, *args):
        return self.aws("modify-replication-group", "--replication-group-id", group_id,
                        *args)["ReplicationGroup"]

    def describe(self, group_id):
        return self.aws("describe-replication-groups",
                        "--replication-group-id", group_id)["ReplicationGroups"][0]

    def test_the_cli_reference_example_disables_multi_az(self):
        self.create("test-cluster", "--multi-az-enabled")
        group = self.modify("test-cluster", "--no-multi-az-enabled", "--apply-immediately")
        self.assertEqual((group["Status"], group["MultiAZ"], group["AutomaticFailover"]),
                         ("available", "disabled", "enabled"))
        self.assertEqual(group["PendingModifiedValues"], {})

    def test_the_user_guide_auth_token_rotation(self):
        self.create("authtestgroup", "--transit-encryption-enabled", "--auth-token", TOKEN)
        group = self.modify("authtestgroup", "--auth-token", ROTATED,
                            "--auth-token-update-strategy", "ROTATE", "--apply-immediately")
        self.assertEqual(group["PendingModifiedValues"], {"AuthTokenStatus": "ROTATING"})
        self.assertEqual(self.describe("authtestgroup")["Status"], "available")
        group = self.modify("authtestgroup", "--auth-token", ROTATED,
                            "--auth-token-update-strategy", "SET", "--apply-immediately")
        self.assertEqual(group["PendingModifiedValues"], {"AuthTokenStatus": "SETTING"})
        error = self.assertCliError("InvalidParameterValue", "modify-replication-group",
                                    "--replication-group-id", "authtestgroup", "--auth-token",
                                    "bad/token", "--apply-immediately")
        self.assertIn("Invalid AuthToken provided.", error)

    def test_node_type_and_windows_deferred_and_immediate(self):
        self.create("nodes", clusters=2)
        group = self.modify("nodes", "--cache-node-type", "cache.t3.small",
                            "--preferred-maintenance-window", "sun:23:00-mon:01:30",
                            "--no-apply-immediately")
        self.assertEqual(group["Status"], "available")
        member = self.aws("describe-cache-clusters", "--cache-cluster-id",
                          "nodes-001")["CacheClusters"][0]
        self.assertEqual(member["PendingModifiedValues"], {"CacheNodeType": "cache.t3.small"})
        self.assertEqual(member["PreferredMaintenanceWindow"], "sun:23:00-mon:01:30")
        self.modify("nodes", "--replication-group-description", "now", "--apply-immediately")
        self.assertEqual(self.describe("nodes")["CacheNodeType"], "cache.t3.small")

    def test_security_groups_logs_and_nothing_to_change(self):
        self.create("lists", clusters=2)
        self.modify("lists", "--security-group-ids", "sg-12345678", "sg-87654321",
                    "--apply-immediately")
        member = self.aws("describe-cache-clusters", "--cache-cluster-id",
                          "lists-002")["CacheClusters"][0]
        self.assertEqual([s["SecurityGroupId"] for s in member["SecurityGroups"]],
                         ["sg-12345678", "sg-87654321"])
        self.modify("lists", "--log-delivery-configurations",
                    "LogType=slow-log,DestinationType=cloudwatch-logs,"
                    "DestinationDetails={CloudWatchLogsDetails={LogGroup=slow}},LogFormat=text",
                    "--apply-immediately")
        logs = self.describe("lists")["LogDeliveryConfigurations"]
        self.assertEqual([(l["LogType"], l["LogFormat"], l["Status"]) for l in logs],
                         [("slow-log", "text", "active")])
        error = self.assertCliError("InvalidParameterCombination", "modify-replication-group",
                                    "--replication-group-id", "lists",
                                    "--security-group-ids", "sg-12345678", "sg-87654321")
        self.assertIn("No modifications were requested.", error)
        result = self.aws("modify-replication-group", "--replication-group-id", "ghost",
                          "--replication-group-description", "x", expect_ok=False)
        self.assertEqual(result.returncode, 254)
        self.assertIn("ReplicationGroupNotFoundFault", result.stderr)

    def test_cluster_mode_in_two_steps(self):
        self.create("cm", clusters=2)
        result = self.aws("modify-replication-group", "--replication-group-id", "cm",
                          "--cluster-mode", "compatible", "--apply-immediately", expect_ok=False)
        if "Unknown options: --cluster-mode" in result.stderr:
            self.skipTest("this AWS CLI predates --cluster-mode (Debian 12 ships aws-cli 2.9)")
        self.assertEqual(result.returncode, 0, result.stderr)
        group = self.describe("cm")
        self.assertEqual((group["ClusterMode"], "ConfigurationEndpoint" in group),
                         ("compatible", True))
        self.modify("cm", "--cluster-mode", "enabled", "--apply-immediately")
        group = self.describe("cm")
        self.assertEqual((group["ClusterMode"], group["ClusterEnabled"]), ("enabled", True))

    def test_the_cli_reference_test_failover_example(self):
        self.aws("create-replication-group", "--replication-group-id", "mycluster",
                 "--replication-group-description", "My Cluster", "--engine", "redis",
                 "--cache-node-type", "cache.t3.micro",
                 "--cache-parameter-group-name", "default.redis7.cluster.on",
                 "--num-node-groups", "3", "--replicas-per-node-group", "2")
        group = self.aws("test-failover", "--replication-group-id", "mycluster",
                         "--node-group-id", "0001")["ReplicationGroup"]
        self.assertEqual((group["Status"], group["AutomaticFailover"]), ("available", "enabled"))
        self.assertEqual(group["PendingModifiedValues"], {})
        self.assertEqual([ng["Slots"] for ng in group["NodeGroups"]],
                         ["0-5461", "5462-10922", "10923-16383"])
        events = self.aws("describe-events", "--source-type", "replication-group",
                          "--source-identifier", "mycluster")["Events"]
        self.assertIn("Test Failover API called for node group 0001",
                      [e["Message"] for e in events])
        error = self.assertCliError("NodeGroupNotFoundFault", "test-failover",
                                    "--replication-group-id", "mycluster",
                                    "--node-group-id", "0009")
        self.assertIn("0009", error)


if __name__ == "__main__":
    main()

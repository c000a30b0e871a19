"""Global datastores through the AWS CLI, as the User Guide's "Using the AWS CLI with global
datastores" walks through them: create-global-replication-group in one region,
create-replication-group --global-replication-group-id in another (--region on the command
line), describe with --show-member-info and automatic paging, modify, the node group
commands with their shorthand lists, failover, disassociate and delete; errors on stderr
with exit status 254."""

from ecl_cli import CliTestCase
from ecl_harness import main


class GlobalDatastoresCli(CliTestCase):
    def primary(self, rg_id="shop", *extra, region="us-east-1"):
        return self.aws("create-replication-group", "--region", region,
                        "--replication-group-id", rg_id,
                        "--replication-group-description", "primary",
                        "--cache-node-type", "cache.r6g.large", "--engine", "redis",
                        "--engine-version", "7.1", *extra)

    def members(self, grg_id):
        grg = self.aws("describe-global-replication-groups", "--global-replication-group-id",
                       grg_id, "--show-member-info")["GlobalReplicationGroups"][0]
        return grg, {(m["ReplicationGroupId"], m["ReplicationGroupRegion"]): (m["Role"], m["Status"])
                     for m in grg["Members"]}

    def test_the_user_guide_walkthrough(self):
        self.primary("shop", "--num-cache-clusters", "2", "--automatic-failover-enabled")
        created = self.aws("create-global-replication-group",
                           "--global-replication-group-id-suffix", "my-global",
                           "--primary-replication-group-id", "shop",
                           "--global-replication-group-description", "an optional description")
        grg = created["GlobalReplicationGroup"]
        self.assertEqual(grg["GlobalReplicationGroupId"], "ldgnf-my-global")
        self.assertEqual(grg["Status"], "creating")
        secondary = self.aws("create-replication-group", "--region", "us-west-2",
                             "--replication-group-id", "shop-west",
                             "--replication-group-description", "secondary",
                             "--global-replication-group-id", "ldgnf-my-global",
                             "--num-cache-clusters", "2")["ReplicationGroup"]
        self.assertEqual(secondary["GlobalReplicationGroupInfo"]["GlobalReplicationGroupMemberRole"],
                         "SECONDARY")
        self.assertEqual(secondary["CacheNodeType"], "cache.r6g.large")
        grg, members = self.members("ldgnf-my-global")
        self.assertEqual(grg["Status"], "available")
        self.assertEqual(members, {("shop", "us-east-1"): ("PRIMARY", "associated"),
                                   ("shop-west", "us-west-2"): ("SECONDARY", "associated")})
        brief = self.aws("describe-global-replication-groups", "--region", "eu-west-1")
        self.assertNotIn("Members", brief["GlobalReplicationGroups"][0])

        modified = self.aws("modify-global-replication-group", "--global-replication-group-id",
                            "ldgnf-my-global", "--apply-immediately",
                            "--no-automatic-failover-enabled")["GlobalReplicationGroup"]
        self.assertEqual(modified["Status"], "modifying")
        west = self.aws("describe-replication-groups", "--region", "us-west-2",
                        "--replication-group-id", "shop-west")["ReplicationGroups"][0]
        self.assertEqual(west["AutomaticFailover"], "disabled")

        self.aws("failover-global-replication-group", "--global-replication-group-id",
                 "ldgnf-my-global", "--primary-region", "us-west-2",
                 "--primary-replication-group-id", "shop-west")
        _, members = self.members("ldgnf-my-global")
        self.assertEqual(members[("shop-west", "us-west-2")][0], "PRIMARY")
        self.assertEqual(members[("shop", "us-east-1")][0], "SECONDARY")

        self.aws("disassociate-global-replication-group", "--global-replication-group-id",
                 "ldgnf-my-global", "--replication-group-id", "shop",
                 "--replication-group-region", "us-east-1")
        grg, members = self.members("ldgnf-my-global")
        self.assertEqual((grg["Status"], list(members)), ("primary-only", [("shop-west", "us-west-2")]))
        deleted = self.aws("delete-global-replication-group", "--region", "us-west-2",
                           "--global-replication-group-id", "ldgnf-my-global",
                           "--retain-primary-replication-group")["GlobalReplicationGroup"]
        self.assertEqual(deleted["Status"], "deleting")
        self.assertCliError("GlobalReplicationGroupNotFoundFault",
                            "describe-global-replication-groups", "--global-replication-group-id",
                            "ldgnf-my-global")
        self.aws("delete-replication-group", "--region", "us-west-2", "--replication-group-id",
                 "shop-west")

    def test_node_group_commands(self):
        self.primary("shop", "--cache-parameter-group-name", "default.redis7.cluster.on",
                     "--num-node-groups", "2", "--replicas-per-node-group", "1")
        self.aws("create-global-replication-group", "--global-replication-group-id-suffix", "test",
                 "--primary-replication-group-id", "shop")
        self.aws("create-replication-group", "--region", "us-west-2", "--replication-group-id",
                 "shop-west", "--replication-group-description", "secondary",
                 "--global-replication-group-id", "ldgnf-test", "--replicas-per-node-group", "1")
        grown = self.aws("increase-node-groups-in-global-replication-group",
                         "--global-replication-group-id", "ldgnf-test", "--node-group-count", "4",
                         "--apply-immediately", "--regional-configurations",
                         "ReplicationGroupId=shop-west,ReplicationGroupRegion=us-west-2,"
                         "ReshardingConfiguration=[{NodeGroupId=0003},{NodeGroupId=0004}]")
        self.assertEqual(grown["GlobalReplicationGroup"]["Status"], "modifying")
        grg, _ = self.members("ldgnf-test")
        self.assertEqual([g["GlobalNodeGroupId"] for g in grg["GlobalNodeGroups"]],
                         [f"ldgnf-test-000{n}" for n in (1, 2, 3, 4)])
        self.aws("decrease-node-groups-in-global-replication-group",
                 "--global-replication-group-id", "ldgnf-test", "--node-group-count", "1",
                 "--apply-immediately", "--global-node-groups-to-retain", "ldgnf-test-0003")
        grg, _ = self.members("ldgnf-test")
        self.assertEqual(grg["GlobalNodeGroups"],
                         [{"GlobalNodeGroupId": "ldgnf-test-0003", "Slots": "0-16383"}])
        for region, rg_id in (("us-east-1", "shop"), ("us-west-2", "shop-west")):
            group = self.aws("describe-replication-groups", "--region", region,
                             "--replication-group-id", rg_id)["ReplicationGroups"][0]
            self.assertEqual([ng["NodeGroupId"] for ng in group["NodeGroups"]], ["0003"])
        error = self.assertCliError("InvalidGlobalReplicationGroupState",
                                    "rebalance-slots-in-global-replication-group",
                                    "--global-replication-group-id", "ldgnf-test",
                                    "--apply-immediately")
        self.assertIn("uniformly distributed", error)

    def test_errors_and_paging(self):
        for i in range(21):
            self.primary(f"p{i:02d}")
            self.aws("create-global-replication-group", "--global-replication-group-id-suffix",
                     f"g{i:02d}", "--primary-replication-group-id", f"p{i:02d}")
        listed = self.aws("describe-global-replication-groups", "--page-size", "20")
        self.assertEqual(len(listed["GlobalReplicationGroups"]), 21)
        result = self.run_cli("create-replication-group", "--region", "us-west-2",
                              "--replication-group-id", "s", "--replication-group-description", "s",
                              "--global-replication-group-id", "ldgnf-g00",
                              "--cache-node-type", "cache.r6g.large")
        self.assertEqual(result.returncode, 254)
        self.assertIn("InvalidParameterCombination", result.stderr)
        self.assertIn("Cannot use the given parameters when creating new replication group in an "
                      "existing global replication group.", result.stderr)
        self.assertCliError("InvalidParameterValue", "delete-replication-group",
                            "--replication-group-id", "p00",
                            contains="Cluster [p00] is part of a global cluster [ldgnf-g00]")
        self.assertCliError("InvalidParameterValue", "create-global-replication-group",
                            "--global-replication-group-id-suffix", "t3",
                            "--primary-replication-group-id", "p00",
                            contains="already a member")
        self.aws("create-replication-group", "--replication-group-id", "small",
                 "--replication-group-description", "small", "--cache-node-type",
                 "cache.t3.micro", "--engine", "redis")
        self.assertCliError("InvalidParameterValue", "create-global-replication-group",
                            "--global-replication-group-id-suffix", "small",
                            "--primary-replication-group-id", "small",
                            contains="Global replication group is not supported for the node type.")
        self.assertCliError("InvalidParameterValue", "modify-global-replication-group",
                            "--global-replication-group-id", "ldgnf-g00", "--no-apply-immediately",
                            "--cache-node-type", "cache.r6g.xlarge",
                            contains="ApplyImmediately must be true")


if __name__ == "__main__":
    main()

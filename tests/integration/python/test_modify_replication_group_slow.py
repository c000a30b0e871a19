"""ModifyReplicationGroup on the admin clock: with --transition-seconds the intermediate
states are sampled (group, node group and member statuses, PendingModifiedValues on the
group and its members), and ApplyImmediately=false waits for the maintenance window, where
the change is applied and dated."""

from ecl_harness import ServerTestCase, main
from test_replicas import window_days_ahead

TRANSITION_S = 4


class SlowCase(ServerTestCase):
    server_args = ("--transition-seconds", str(TRANSITION_S))

    def modify(self, group_id, **kwargs):
        return self.ec.modify_replication_group(ReplicationGroupId=group_id,
                                                **kwargs)["ReplicationGroup"]

    def members(self, group_id):
        return {c["CacheClusterId"]: c
                for c in self.ec.describe_cache_clusters()["CacheClusters"]
                if c.get("ReplicationGroupId") == group_id}

    def sample(self, group_id):
        """(group status, node group status, {member: (status, pending)})."""
        group = self.describe(group_id)
        return (group["Status"], group["NodeGroups"][0]["Status"],
                {k: (c["CacheClusterStatus"], c["PendingModifiedValues"])
                 for k, c in self.members(group_id).items()}, group)

    def create_available(self, group_id, **extra):
        self.create_cmd(group_id, clusters=2, **extra)
        self.server.advance(TRANSITION_S + 1)
        self.assertEqual(self.describe(group_id)["Status"], "available")


class SampledTransitions(SlowCase):
    def test_a_node_type_change_sampled_on_the_clock(self):
        self.create_available("slow")
        self.modify("slow", CacheNodeType="cache.t3.small", ApplyImmediately=True)
        pending = ("modifying", {"CacheNodeType": "cache.t3.small"})
        for _ in range(2):  # twice inside the transition
            status, ng_status, members, group = self.sample("slow")
            self.assertEqual((status, ng_status), ("modifying", "modifying"))
            self.assertEqual(members, {"slow-001": pending, "slow-002": pending})
            self.assertEqual(group["CacheNodeType"], "cache.t3.micro")
            self.server.advance(1)
        self.server.advance(TRANSITION_S)
        status, ng_status, members, group = self.sample("slow")
        self.assertEqual((status, ng_status, group["CacheNodeType"]),
                         ("available", "available", "cache.t3.small"))
        self.assertEqual(members, {"slow-001": ("available", {}), "slow-002": ("available", {})})
        self.assertEqual({c["CacheNodeType"] for c in self.members("slow").values()},
                         {"cache.t3.small"})

    def test_failover_and_auth_statuses_while_applied(self):
        self.create_available("af", TransitEncryptionEnabled=True, EngineVersion="7.1")
        group = self.modify("af", AutomaticFailoverEnabled=False, ApplyImmediately=True)
        self.server.advance(1)
        group = self.describe("af")
        self.assertEqual((group["Status"], group["AutomaticFailover"]), ("modifying", "disabling"))
        # The members' nodes are not replaced: they stay available.
        self.assertEqual({c["CacheClusterStatus"] for c in self.members("af").values()},
                         {"available"})
        self.assertAwsError("InvalidReplicationGroupState", self.modify, "af",
                            ReplicationGroupDescription="x", ApplyImmediately=True)
        self.server.advance(TRANSITION_S)
        self.assertEqual(self.describe("af")["AutomaticFailover"], "disabled")
        self.modify("af", AuthToken="This-is-a-token-0001", AuthTokenUpdateStrategy="ROTATE",
                    ApplyImmediately=True)
        self.server.advance(1)
        group = self.describe("af")
        self.assertEqual(group["PendingModifiedValues"], {"AuthTokenStatus": "ROTATING"})
        self.assertFalse(group["AuthTokenEnabled"])
        self.server.advance(TRANSITION_S)
        group = self.describe("af")
        self.assertEqual((group["Status"], group["PendingModifiedValues"], group["AuthTokenEnabled"]),
                         ("available", {}, True))

    def test_parameter_group_applying_then_in_sync(self):
        self.ec.create_cache_parameter_group(CacheParameterGroupName="tuned",
                                             CacheParameterGroupFamily="redis7", Description="t")
        self.create_available("pg", EngineVersion="7.1")
        self.modify("pg", CacheParameterGroupName="tuned", ApplyImmediately=True)
        self.server.advance(TRANSITION_S + 1)
        statuses = {c["CacheParameterGroup"]["CacheParameterGroupName"] + " " +
                    c["CacheParameterGroup"]["ParameterApplyStatus"]
                    for c in self.members("pg").values()}
        self.assertEqual(statuses, {"tuned applying"})
        self.server.advance(TRANSITION_S + 1)
        statuses = {c["CacheParameterGroup"]["ParameterApplyStatus"]
                    for c in self.members("pg").values()}
        self.assertEqual(statuses, {"in-sync"})


class Deferred(SlowCase):
    """ApplyImmediately=false: node type, engine version and the primary wait for the window."""

    def create_with_window(self, group_id, **extra):
        clock = self.server.clock()
        window, start_ms = window_days_ahead(clock["epoch_ms"], days=2)
        self.create_available(group_id, PreferredMaintenanceWindow=window, **extra)
        return (start_ms - self.server.clock()["epoch_ms"]) / 1000, start_ms

    def test_a_deferred_node_type_change_is_applied_in_the_window(self):
        until, start_ms = self.create_with_window("later")
        group = self.modify("later", CacheNodeType="cache.t3.small", ApplyImmediately=False)
        self.assertEqual((group["Status"], group["PendingModifiedValues"]), ("available", {}))
        waiting = ("available", {"CacheNodeType": "cache.t3.small"})
        self.assertEqual(self.sample("later")[2], {"later-001": waiting, "later-002": waiting})

        self.server.advance(until - 3600)  # an hour before the window: still waiting
        status, _, members, group = self.sample("later")
        self.assertEqual((status, group["CacheNodeType"]), ("available", "cache.t3.micro"))
        self.assertEqual(members, {"later-001": waiting, "later-002": waiting})

        self.server.advance(3600 + 1)  # the window opened a second ago: being applied
        status, ng_status, members, group = self.sample("later")
        self.assertEqual((status, ng_status), ("modifying", "modifying"))
        applying = ("modifying", {"CacheNodeType": "cache.t3.small"})
        self.assertEqual(members, {"later-001": applying, "later-002": applying})

        self.server.advance(TRANSITION_S + 1)
        status, _, members, group = self.sample("later")
        self.assertEqual((status, group["CacheNodeType"]), ("available", "cache.t3.small"))
        self.assertEqual(members, {"later-001": ("available", {}),
                                   "later-002": ("available", {})})
        events = [e for e in self.ec.describe_events(SourceIdentifier="later-001",
                                                     Duration=60)["Events"]
                  if e["Message"].startswith("Succeeded applying modification")]
        self.assertEqual(len(events), 1)
        done = events[0]["Date"].timestamp() * 1000
        self.assertEqual(done, start_ms + TRANSITION_S * 1000)  # dated from the window

    def test_a_deferred_promotion_shows_in_pending_values(self):
        until, _ = self.create_with_window("promo", AutomaticFailoverEnabled=False)
        group = self.modify("promo", PrimaryClusterId="promo-002", ApplyImmediately=False)
        self.assertEqual(group["PendingModifiedValues"], {"PrimaryClusterId": "promo-002"})
        self.assertEqual(group["Status"], "available")
        self.server.advance(until + TRANSITION_S + 60)
        group = self.describe("promo")
        self.assertEqual(group["PendingModifiedValues"], {})
        self.assertEqual([m["CurrentRole"] for m in group["NodeGroups"][0]["NodeGroupMembers"]],
                         ["replica", "primary"])

    def test_an_immediate_request_takes_the_deferred_change_along(self):
        until, _ = self.create_with_window("along")
        self.modify("along", CacheNodeType="cache.t3.small", ApplyImmediately=False)
        group = self.modify("along", ReplicationGroupDescription="now", ApplyImmediately=True)
        self.assertEqual(group["Status"], "modifying")  # the node type is applied now
        self.server.advance(TRANSITION_S + 1)
        group = self.describe("along")
        self.assertEqual((group["Status"], group["CacheNodeType"], group["Description"]),
                         ("available", "cache.t3.small", "now"))
        self.server.advance(until + 3600)  # nothing left for the window
        self.assertEqual(self.describe("along")["Status"], "available")

    def test_a_new_window_moves_the_waiting_change(self):
        until, _ = self.create_with_window("moved")
        self.modify("moved", CacheNodeType="cache.t3.small", ApplyImmediately=False)
        window, _ = window_days_ahead(self.server.clock()["epoch_ms"], days=5)
        self.modify("moved", PreferredMaintenanceWindow=window, ApplyImmediately=False)
        self.server.advance(until + 3600)  # past the old window: still waiting
        self.assertEqual(self.describe("moved")["CacheNodeType"], "cache.t3.micro")
        self.server.advance(4 * 24 * 3600)
        self.assertEqual(self.describe("moved")["CacheNodeType"], "cache.t3.small")

    def test_other_changes_apply_at_once(self):
        self.create_with_window("attrs")
        group = self.modify("attrs", ReplicationGroupDescription="new", SnapshotRetentionLimit=2,
                            SnapshottingClusterId="attrs-002", ApplyImmediately=False)
        self.assertEqual((group["Status"], group["Description"], group["SnapshotRetentionLimit"]),
                         ("available", "new", 2))


if __name__ == "__main__":
    main()

"""Service updates through boto3: DescribeServiceUpdates (the built-in catalog, filters,
markers), DescribeUpdateActions (one action per replication group and standalone cluster an
update concerns, node-level statuses, every filter, paging), BatchApplyUpdateAction and
BatchStopUpdateAction (processed and unprocessed actions with their reasons, waves of nodes on
the emulator clock, stopping mid-way and applying again) and the (account, region)
partitioning."""

import datetime

from ecl_harness import Server, ServerTestCase, main

INTEL = "elasticache-20250507-intel"  # redis 4.0.10+, valkey 7.2+, memcached 1.5.16+
FEB = "elasticache-feb-patch-update-202602"  # redis 6.2+, valkey 7.2+
EOL = "elasticache-redis-oss-v4-v5-eol-replication-groups"  # redis 4 and 5
ELC = "elc-20191007-001"  # expired
UTC = datetime.timezone.utc


def when(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


class UpdatesTestCase(ServerTestCase):
    def memcached(self, cluster_id, nodes=2, **extra):
        return self.ec.create_cache_cluster(CacheClusterId=cluster_id, Engine="memcached",
                                            CacheNodeType="cache.t3.micro",
                                            NumCacheNodes=nodes, **extra)["CacheCluster"]

    def redis_cluster(self, cluster_id, **extra):
        return self.ec.create_cache_cluster(CacheClusterId=cluster_id, Engine="redis",
                                            CacheNodeType="cache.t3.micro", **extra)["CacheCluster"]

    def actions(self, **filters):
        out = self.ec.describe_update_actions(**filters)
        self.assertNotIn("Marker", out)
        return out["UpdateActions"]

    def action(self, update, group=None, cluster=None, nodes=True):
        found = self.actions(ServiceUpdateName=update, ShowNodeLevelUpdateStatus=nodes,
                             **({"ReplicationGroupIds": [group]} if group else {}),
                             **({"CacheClusterIds": [cluster]} if cluster else {}))
        self.assertEqual(len(found), 1, found)
        return found[0]

    def now(self):
        return datetime.datetime.fromisoformat(
            self.server.clock()["now"].replace("Z", "+00:00"))

    def expected_sla(self, update_name, created):
        update = self.ec.describe_service_updates(ServiceUpdateName=update_name)[
            "ServiceUpdates"][0]
        return "n/a" if created > update["ServiceUpdateRecommendedApplyByDate"] else None


class DescribeServiceUpdates(UpdatesTestCase):
    def test_the_catalog_newest_first_with_the_published_fields(self):
        updates = self.ec.describe_service_updates()["ServiceUpdates"]
        names = [u["ServiceUpdateName"] for u in updates]
        self.assertEqual(names[0], FEB)
        self.assertEqual(names[-1], ELC)
        dates = [u["ServiceUpdateReleaseDate"] for u in updates]
        self.assertEqual(dates, sorted(dates, reverse=True))
        # The AWS CLI's describe-service-updates example, now past its end date.
        self.assertEqual(updates[-1], {
            "ServiceUpdateName": ELC,
            "ServiceUpdateReleaseDate": when("2019-10-09T16:00:00Z"),
            "ServiceUpdateEndDate": when("2020-02-09T15:59:59Z"),
            "ServiceUpdateSeverity": "important",
            "ServiceUpdateRecommendedApplyByDate": when("2019-11-08T15:59:59Z"),
            "ServiceUpdateStatus": "expired",
            "ServiceUpdateDescription":
                "Security, reliability and performance fixes for ElastiCache nodes.",
            "ServiceUpdateType": "security-update",
            "Engine": "redis, memcached",
            "EngineVersion": "redis 2.6.13 and onwards, memcached 1.4.5 and onwards",
            "AutoUpdateAfterRecommendedApplyByDate": False,
            "EstimatedUpdateTime": "30 minutes per node",
        })
        intel = next(u for u in updates if u["ServiceUpdateName"] == INTEL)
        self.assertEqual((intel["ServiceUpdateSeverity"], intel["ServiceUpdateStatus"]),
                         ("medium", "available"))
        self.assertNotIn("ServiceUpdateEndDate", intel)

    def test_status_and_name_filters(self):
        available = self.ec.describe_service_updates(ServiceUpdateStatus=["available"])[
            "ServiceUpdates"]
        self.assertEqual({u["ServiceUpdateName"] for u in available}, {INTEL, FEB, EOL})
        both = self.ec.describe_service_updates(ServiceUpdateStatus=["available", "expired"])
        self.assertEqual(len(both["ServiceUpdates"]),
                         len(self.ec.describe_service_updates()["ServiceUpdates"]))
        self.assertEqual(self.ec.describe_service_updates(ServiceUpdateStatus=["cancelled"])[
            "ServiceUpdates"], [])
        one = self.ec.describe_service_updates(ServiceUpdateName=INTEL)["ServiceUpdates"]
        self.assertEqual([u["ServiceUpdateName"] for u in one], [INTEL])
        self.assertEqual(self.ec.describe_service_updates(
            ServiceUpdateName=ELC, ServiceUpdateStatus=["available"])["ServiceUpdates"], [])

    def test_bad_requests(self):
        self.assertAwsError("ServiceUpdateNotFoundFault", self.ec.describe_service_updates,
                            ServiceUpdateName="elasticache-29990101-001", status=404)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_service_updates,
                            ServiceUpdateStatus=["complete"], status=400)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_service_updates,
                            MaxRecords=19)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_service_updates,
                            Marker="not-a-marker")

    def test_the_paginator_reads_everything(self):
        pages = list(self.ec.get_paginator("describe_service_updates").paginate(
            PaginationConfig={"PageSize": 20}))
        self.assertEqual(sum(len(p["ServiceUpdates"]) for p in pages),
                         len(self.ec.describe_service_updates()["ServiceUpdates"]))


class DescribeUpdateActions(UpdatesTestCase):
    def setUp(self):
        super().setUp()
        self.create_cmd("shop", clusters=3)
        self.create_cme("orders", shards=2, replicas=1)
        self.memcached("web", nodes=2)
        self.redis_cluster("solo")
        self.create_cmd("legacy", clusters=2, EngineVersion="5.0.6")

    def test_one_action_per_group_and_standalone_cluster_an_update_concerns(self):
        listed = {(a["ServiceUpdateName"], a.get("ReplicationGroupId"), a.get("CacheClusterId"))
                  for a in self.actions()}
        self.assertEqual(listed, {
            (INTEL, "shop", None), (INTEL, "orders", None), (INTEL, None, "web"),
            (INTEL, None, "solo"), (INTEL, "legacy", None),
            (FEB, "shop", None), (FEB, "orders", None), (FEB, None, "solo"),
            (EOL, "legacy", None),
        })  # members (shop-001, orders-0001-001 …) only through their group; no expired update

    def test_an_untouched_action_as_describe_update_actions_shows_it(self):
        shop = self.describe("shop")
        created = min(c["CacheClusterCreateTime"] for c in self.ec.describe_cache_clusters()[
            "CacheClusters"] if c.get("ReplicationGroupId") == "shop")
        action = self.action(INTEL, group="shop", nodes=False)
        update = self.ec.describe_service_updates(ServiceUpdateName=INTEL)["ServiceUpdates"][0]
        self.assertEqual(action["ReplicationGroupId"], shop["ReplicationGroupId"])
        self.assertEqual(action["ServiceUpdateReleaseDate"], update["ServiceUpdateReleaseDate"])
        self.assertEqual(action["ServiceUpdateRecommendedApplyByDate"],
                         update["ServiceUpdateRecommendedApplyByDate"])
        for key in ("ServiceUpdateSeverity", "ServiceUpdateStatus", "ServiceUpdateType",
                    "EstimatedUpdateTime"):
            self.assertEqual(action[key], update[key], key)
        self.assertEqual(action["UpdateActionStatus"], "not-applied")
        self.assertEqual(action["NodesUpdated"], "0/3")
        self.assertEqual(action["Engine"], "redis")
        # Available since the group exists (it came after the release).
        self.assertLess(abs((action["UpdateActionAvailableDate"] - created).total_seconds()), 2)
        self.assertEqual(action["UpdateActionStatusModifiedDate"],
                         action["UpdateActionAvailableDate"])
        self.assertEqual(action["SlaMet"], self.expected_sla(INTEL, created) or "no")
        self.assertNotIn("NodeGroupUpdateStatus", action)
        self.assertNotIn("CacheNodeUpdateStatus", action)

    def test_node_level_statuses_per_shard_and_per_node(self):
        orders = self.action(INTEL, group="orders")
        shards = orders["NodeGroupUpdateStatus"]
        self.assertEqual([s["NodeGroupId"] for s in shards], ["0001", "0002"])
        members = shards[0]["NodeGroupMemberUpdateStatus"]
        self.assertEqual([m["CacheClusterId"] for m in members],
                         ["orders-0001-002", "orders-0001-001"])  # replica first
        for m in members:
            self.assertEqual((m["CacheNodeId"], m["NodeUpdateStatus"]), ("0001", "not-applied"))
            self.assertNotIn("NodeUpdateInitiatedBy", m)
        self.assertNotIn("CacheNodeUpdateStatus", orders)
        web = self.action(INTEL, cluster="web")
        self.assertEqual([(n["CacheNodeId"], n["NodeUpdateStatus"])
                          for n in web["CacheNodeUpdateStatus"]],
                         [("0001", "not-applied"), ("0002", "not-applied")])
        self.assertEqual((web["Engine"], web["NodesUpdated"]), ("memcached", "0/2"))
        self.assertNotIn("NodeGroupUpdateStatus", web)

    def test_filters(self):
        def keys(**filters):
            return sorted((a["ServiceUpdateName"], a.get("ReplicationGroupId") or
                           a.get("CacheClusterId")) for a in self.actions(**filters))

        self.assertEqual(keys(ServiceUpdateName=FEB), [(FEB, "orders"), (FEB, "shop"),
                                                       (FEB, "solo")])
        self.assertEqual(keys(ReplicationGroupIds=["SHOP", "nope"]),
                         sorted([(FEB, "shop"), (INTEL, "shop")]))
        # A member id is no standalone cluster: its group carries its update.
        self.assertEqual(keys(CacheClusterIds=["web", "shop-001"]), [(INTEL, "web")])
        self.assertEqual(keys(ReplicationGroupIds=["legacy"], CacheClusterIds=["web"]),
                         sorted([(EOL, "legacy"), (INTEL, "legacy"), (INTEL, "web")]))
        self.assertEqual(keys(Engine="memcached"), [(INTEL, "web")])
        self.assertEqual(keys(Engine="valkey"), [])
        self.assertEqual(keys(ServiceUpdateStatus=["expired", "cancelled"]), [])
        self.assertEqual(len(keys(ServiceUpdateStatus=["available"])), 9)
        self.assertEqual(keys(ServiceUpdateTimeRange={
            "StartTime": when("2025-07-01T00:00:00Z"), "EndTime": when("2025-12-31T00:00:00Z")}),
            [(EOL, "legacy")])
        self.assertEqual(keys(ServiceUpdateTimeRange={"StartTime": when("2026-01-01T00:00:00Z")}),
                         [(FEB, "orders"), (FEB, "shop"), (FEB, "solo")])
        self.assertEqual(keys(UpdateActionStatus=["complete", "in-progress"]), [])
        self.assertEqual(len(keys(UpdateActionStatus=["not-applied"])), 9)

    def test_bad_filters(self):
        self.assertAwsError("InvalidParameterValue", self.ec.describe_update_actions,
                            UpdateActionStatus=["done"])
        self.assertAwsError("InvalidParameterValue", self.ec.describe_update_actions,
                            ServiceUpdateStatus=["available", "available", "expired", "cancelled"])
        self.assertAwsError("InvalidParameterValue", self.ec.describe_update_actions,
                            ReplicationGroupIds=[f"g{i}" for i in range(21)])
        self.assertAwsError("InvalidParameterValue", self.ec.describe_update_actions,
                            MaxRecords=101)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_update_actions,
                            Marker="forged")
        # A marker of another operation is not one of this operation's.
        self.ec.create_cache_cluster(CacheClusterId="web2", Engine="memcached",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=1)
        for i in range(20):
            self.redis_cluster(f"extra-{i:02d}")
        marker = self.ec.describe_cache_clusters(MaxRecords=20)["Marker"]
        self.assertAwsError("InvalidParameterValue", self.ec.describe_update_actions,
                            Marker=marker)

    def test_paging_visits_every_action_once(self):
        for i in range(12):
            self.redis_cluster(f"node-{i:02d}")
        everything = self.actions()
        self.assertEqual(len(everything), 9 + 24)
        first = self.ec.describe_update_actions(MaxRecords=20)
        self.assertEqual(len(first["UpdateActions"]), 20)
        second = self.ec.describe_update_actions(MaxRecords=20, Marker=first["Marker"])
        self.assertNotIn("Marker", second)
        self.assertEqual(first["UpdateActions"] + second["UpdateActions"], everything)
        pages = list(self.ec.get_paginator("describe_update_actions").paginate(
            PaginationConfig={"PageSize": 20}))
        self.assertEqual([a for p in pages for a in p["UpdateActions"]], everything)


class BatchActions(UpdatesTestCase):
    server_args = ("--transition-seconds", "10")

    def setUp(self):
        super().setUp()
        self.create_cme("orders", shards=2, replicas=1)
        self.memcached("web", nodes=3)
        self.server.advance(11)  # both available

    def statuses(self, update, **target):
        action = self.action(update, **target)
        if "NodeGroupUpdateStatus" in action:
            nodes = [(m["CacheClusterId"], m["NodeUpdateStatus"])
                     for s in action["NodeGroupUpdateStatus"]
                     for m in s["NodeGroupMemberUpdateStatus"]]
        else:
            nodes = [(n["CacheNodeId"], n["NodeUpdateStatus"])
                     for n in action["CacheNodeUpdateStatus"]]
        return action["UpdateActionStatus"], action["NodesUpdated"], nodes

    def test_a_group_is_updated_one_node_per_shard_at_a_time_and_stays_available(self):
        applied_at = self.now()
        out = self.ec.batch_apply_update_action(ServiceUpdateName=INTEL,
                                                ReplicationGroupIds=["Orders"])
        self.assertEqual(out["ProcessedUpdateActions"], [
            {"ReplicationGroupId": "orders", "ServiceUpdateName": INTEL,
             "UpdateActionStatus": "waiting-to-start"}])
        self.assertEqual(out["UnprocessedUpdateActions"], [])
        action = self.action(INTEL, group="orders")
        member = action["NodeGroupUpdateStatus"][0]["NodeGroupMemberUpdateStatus"][0]
        self.assertEqual(member["NodeUpdateInitiatedBy"], "customer")
        self.assertLess(abs((member["NodeUpdateInitiatedDate"] - applied_at).total_seconds()), 2)
        self.assertEqual(self.statuses(INTEL, group="orders"), ("waiting-to-start", "0/4", [
            ("orders-0001-002", "waiting-to-start"), ("orders-0001-001", "waiting-to-start"),
            ("orders-0002-002", "waiting-to-start"), ("orders-0002-001", "waiting-to-start")]))

        self.server.advance(10)
        self.assertEqual(self.statuses(INTEL, group="orders"), ("in-progress", "0/4", [
            ("orders-0001-002", "in-progress"), ("orders-0001-001", "waiting-to-start"),
            ("orders-0002-002", "in-progress"), ("orders-0002-001", "waiting-to-start")]))
        self.assertEqual(self.describe("orders")["Status"], "available")
        started = self.action(INTEL, group="orders")["NodeGroupUpdateStatus"][0][
            "NodeGroupMemberUpdateStatus"][0]
        self.assertIn("NodeUpdateStartDate", started)
        self.assertNotIn("NodeUpdateEndDate", started)
        # Applying again while it runs changes nothing.
        again = self.ec.batch_apply_update_action(ServiceUpdateName=INTEL,
                                                  ReplicationGroupIds=["orders"])
        self.assertEqual(again["ProcessedUpdateActions"][0]["UpdateActionStatus"], "in-progress")

        self.server.advance(10)
        self.assertEqual(self.statuses(INTEL, group="orders"), ("in-progress", "2/4", [
            ("orders-0001-002", "complete"), ("orders-0001-001", "in-progress"),
            ("orders-0002-002", "complete"), ("orders-0002-001", "in-progress")]))
        self.server.advance(10)
        status, updated, nodes = self.statuses(INTEL, group="orders")
        self.assertEqual((status, updated), ("complete", "4/4"))
        done = self.action(INTEL, group="orders")
        self.assertEqual(done["SlaMet"], "n/a" if self.now() > done[
            "ServiceUpdateRecommendedApplyByDate"] else "yes")
        self.assertEqual(self.describe("orders")["Status"], "available")
        for c in self.ec.describe_cache_clusters()["CacheClusters"]:
            self.assertEqual(c["CacheClusterStatus"], "available")
        # The other update of the group is untouched.
        self.assertEqual(self.statuses(FEB, group="orders")[0], "not-applied")
        # Done: applying once more is refused.
        out = self.ec.batch_apply_update_action(ServiceUpdateName=INTEL,
                                                ReplicationGroupIds=["orders"])
        self.assertEqual(out["ProcessedUpdateActions"], [])
        self.assertEqual(out["UnprocessedUpdateActions"][0]["ErrorType"], "InvalidParameterValue")
        self.assertIn("already been applied", out["UnprocessedUpdateActions"][0]["ErrorMessage"])
        self.assertEqual(len(self.actions(UpdateActionStatus=["complete"])), 1)

    def test_a_cluster_is_updated_node_by_node_and_a_clock_jump_finishes_it(self):
        out = self.ec.batch_apply_update_action(ServiceUpdateName=INTEL, CacheClusterIds=["web"])
        self.assertEqual(out["ProcessedUpdateActions"], [
            {"CacheClusterId": "web", "ServiceUpdateName": INTEL,
             "UpdateActionStatus": "waiting-to-start"}])
        self.server.advance(20)
        self.assertEqual(self.statuses(INTEL, cluster="web"), ("in-progress", "1/3", [
            ("0001", "complete"), ("0002", "in-progress"), ("0003", "waiting-to-start")]))
        self.server.advance(3600)
        self.assertEqual(self.statuses(INTEL, cluster="web"), ("complete", "3/3", [
            ("0001", "complete"), ("0002", "complete"), ("0003", "complete")]))
        nodes = self.action(INTEL, cluster="web")["CacheNodeUpdateStatus"]
        for earlier, later in zip(nodes, nodes[1:]):
            self.assertEqual(earlier["NodeUpdateEndDate"], later["NodeUpdateStartDate"])
        self.assertEqual(self.describe_cluster("web")["CacheClusterStatus"], "available")

    def describe_cluster(self, cluster_id):
        return self.ec.describe_cache_clusters(CacheClusterId=cluster_id)["CacheClusters"][0]

    def test_stopping_finishes_the_running_wave_and_applying_again_resumes(self):
        self.ec.batch_apply_update_action(ServiceUpdateName=INTEL, CacheClusterIds=["web"])
        self.server.advance(10)  # node 0001 in progress
        out = self.ec.batch_stop_update_action(ServiceUpdateName=INTEL, CacheClusterIds=["web"])
        self.assertEqual(out["ProcessedUpdateActions"], [
            {"CacheClusterId": "web", "ServiceUpdateName": INTEL,
             "UpdateActionStatus": "stopping"}])
        self.assertEqual(self.statuses(INTEL, cluster="web"), ("stopping", "0/3", [
            ("0001", "in-progress"), ("0002", "stopping"), ("0003", "stopping")]))
        # Stopping again is harmless; applying while it stops is refused.
        self.assertEqual(self.ec.batch_stop_update_action(
            ServiceUpdateName=INTEL, CacheClusterIds=["web"])["ProcessedUpdateActions"][0][
            "UpdateActionStatus"], "stopping")
        refused = self.ec.batch_apply_update_action(ServiceUpdateName=INTEL,
                                                    CacheClusterIds=["web"])
        self.assertIn("being stopped", refused["UnprocessedUpdateActions"][0]["ErrorMessage"])
        self.server.advance(10)
        self.assertEqual(self.statuses(INTEL, cluster="web"), ("stopped", "1/3", [
            ("0001", "complete"), ("0002", "stopped"), ("0003", "stopped")]))
        self.assertEqual(self.action(INTEL, cluster="web")["SlaMet"],
                         "n/a" if self.now() > self.action(INTEL, cluster="web")[
                             "ServiceUpdateRecommendedApplyByDate"] else "no")
        self.assertEqual([a["CacheClusterId"] for a in self.actions(
            ServiceUpdateName=INTEL, UpdateActionStatus=["not-applied", "stopped"])
            if "CacheClusterId" in a], ["web"])

        out = self.ec.batch_apply_update_action(ServiceUpdateName=INTEL, CacheClusterIds=["web"])
        self.assertEqual(out["ProcessedUpdateActions"][0]["UpdateActionStatus"],
                         "waiting-to-start")
        self.assertEqual(self.statuses(INTEL, cluster="web")[2], [
            ("0001", "complete"), ("0002", "waiting-to-start"), ("0003", "waiting-to-start")])
        self.server.advance(30)
        self.assertEqual(self.statuses(INTEL, cluster="web")[:2], ("complete", "3/3"))
        # Nothing runs any more: stopping is refused.
        out = self.ec.batch_stop_update_action(ServiceUpdateName=INTEL, CacheClusterIds=["web"])
        self.assertIn("already been applied", out["UnprocessedUpdateActions"][0]["ErrorMessage"])

    def test_stopping_before_any_node_started(self):
        self.ec.batch_apply_update_action(ServiceUpdateName=FEB, ReplicationGroupIds=["orders"])
        self.ec.batch_stop_update_action(ServiceUpdateName=FEB, ReplicationGroupIds=["orders"])
        self.server.advance(10)
        self.assertEqual(self.statuses(FEB, group="orders")[:2], ("stopped", "0/4"))

    def test_unprocessed_targets_say_why(self):
        self.create_cmd("legacy", clusters=2, EngineVersion="5.0.6")
        self.server.advance(11)
        out = self.ec.batch_apply_update_action(
            ServiceUpdateName=FEB, ReplicationGroupIds=["orders", "nope", "legacy", "orders"],
            CacheClusterIds=["web", "ghost", "orders-0001-001"])
        self.assertEqual(out["ProcessedUpdateActions"], [
            {"ReplicationGroupId": "orders", "ServiceUpdateName": FEB,
             "UpdateActionStatus": "waiting-to-start"}])
        reasons = {(u.get("ReplicationGroupId") or u.get("CacheClusterId")): (
            u["ServiceUpdateName"], u["ErrorType"], u["ErrorMessage"])
            for u in out["UnprocessedUpdateActions"]}
        self.assertEqual(len(out["UnprocessedUpdateActions"]), 5)
        self.assertEqual(reasons["nope"], (FEB, "ReplicationGroupNotFoundFault",
                                           "Replication group nope not found."))
        self.assertEqual(reasons["ghost"][1], "CacheClusterNotFound")
        self.assertEqual(reasons["legacy"][1], "InvalidParameterValue")
        self.assertIn("not applicable to replication group legacy", reasons["legacy"][2])
        self.assertIn("not applicable to cache cluster web", reasons["web"][2])
        self.assertIn("member of replication group orders", reasons["orders-0001-001"][2])
        # An update no longer offered.
        out = self.ec.batch_apply_update_action(ServiceUpdateName=ELC, CacheClusterIds=["web"])
        self.assertIn("expired", out["UnprocessedUpdateActions"][0]["ErrorMessage"])
        # Stopping what never started.
        out = self.ec.batch_stop_update_action(ServiceUpdateName=INTEL, CacheClusterIds=["web"])
        self.assertEqual(out["ProcessedUpdateActions"], [])
        self.assertIn("is not being applied", out["UnprocessedUpdateActions"][0]["ErrorMessage"])

    def test_a_group_still_being_created_is_refused(self):
        self.create_cmd("fresh", clusters=2)
        out = self.ec.batch_apply_update_action(ServiceUpdateName=INTEL,
                                                ReplicationGroupIds=["fresh"])
        self.assertEqual(out["UnprocessedUpdateActions"][0]["ErrorType"],
                         "InvalidReplicationGroupState")

    def test_whole_request_errors(self):
        self.assertAwsError("ServiceUpdateNotFoundFault", self.ec.batch_apply_update_action,
                            ServiceUpdateName="elasticache-29990101-001",
                            ReplicationGroupIds=["orders"], status=404)
        self.assertAwsError("ServiceUpdateNotFoundFault", self.ec.batch_stop_update_action,
                            ServiceUpdateName="nope", CacheClusterIds=["web"])
        self.assertAwsError("InvalidParameterValue", self.ec.batch_apply_update_action,
                            ServiceUpdateName=INTEL)
        self.assertAwsError("InvalidParameterValue", self.ec.batch_apply_update_action,
                            ServiceUpdateName=INTEL, CacheClusterIds=[f"c{i}" for i in range(21)])
        # Nothing was applied by the refused requests.
        self.assertEqual(len(self.actions(UpdateActionStatus=["not-applied"])), 3)

    def test_a_group_created_again_under_the_same_id_starts_afresh(self):
        self.ec.batch_apply_update_action(ServiceUpdateName=INTEL, CacheClusterIds=["web"])
        self.server.advance(100)
        self.assertEqual(self.statuses(INTEL, cluster="web")[0], "complete")
        self.ec.delete_cache_cluster(CacheClusterId="web")
        self.server.advance(11)
        self.memcached("web", nodes=1)
        self.assertEqual(self.statuses(INTEL, cluster="web")[:2], ("not-applied", "0/1"))

    def test_actions_belong_to_their_account_and_region(self):
        self.ec.batch_apply_update_action(ServiceUpdateName=INTEL, ReplicationGroupIds=["orders"])
        other = self.server.client(region="eu-west-1")
        self.assertEqual(other.describe_update_actions()["UpdateActions"], [])
        out = other.batch_apply_update_action(ServiceUpdateName=INTEL,
                                              ReplicationGroupIds=["orders"])
        self.assertEqual(out["UnprocessedUpdateActions"][0]["ErrorType"],
                         "ReplicationGroupNotFoundFault")
        self.assertEqual(other.describe_service_updates(ServiceUpdateName=INTEL)[
            "ServiceUpdates"][0]["ServiceUpdateStatus"], "available")


class Persistence(UpdatesTestCase):
    """An action in progress survives a restart and goes on from where it was."""

    def test_an_action_survives_a_restart(self):
        import tempfile
        with tempfile.TemporaryDirectory() as data:
            server = Server("--transition-seconds", "10", data_dir=data).start()
            try:
                ec = server.client()
                ec.create_cache_cluster(CacheClusterId="web", Engine="memcached",
                                        CacheNodeType="cache.t3.micro", NumCacheNodes=2)
                server.advance(11)
                ec.batch_apply_update_action(ServiceUpdateName=INTEL, CacheClusterIds=["web"])
                server.advance(10)
            finally:
                self.assertEqual(server.stop(), 0)
            server = Server("--transition-seconds", "10", data_dir=data).start()
            try:
                ec = server.client()
                action = ec.describe_update_actions(ServiceUpdateName=INTEL,
                                                    ShowNodeLevelUpdateStatus=True)[
                    "UpdateActions"][0]
                # The clock starts again from real time, before the first wave was due.
                self.assertEqual(action["UpdateActionStatus"], "waiting-to-start")
                self.assertEqual(action["CacheNodeUpdateStatus"][0]["NodeUpdateInitiatedBy"],
                                 "customer")
                server.advance(100)
                self.assertEqual(ec.describe_update_actions(ServiceUpdateName=INTEL)[
                    "UpdateActions"][0]["UpdateActionStatus"], "complete")
            finally:
                self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    main()

"""Standalone cache clusters through boto3: Memcached and Redis clusters, their nodes and
endpoints, the waiters, ModifyCacheCluster (node counts, node type, versions, deferred changes),
DeleteCacheCluster's member rules, RebootCacheCluster and ListAllowedNodeTypeModifications."""

import re

from ecl_harness import ServerTestCase, endpoint_pattern, main

NODE = re.compile(r"^(?P<cluster>[a-z0-9-]+)\.(?P<hash>[a-z0-9]{6})\.(?P<node>\d{4})\.use1\.cache\.amazonaws\.com$")


class ClusterCase(ServerTestCase):
    def memcached(self, cluster_id, nodes=3, **extra):
        params = dict(CacheClusterId=cluster_id, Engine="memcached",
                      CacheNodeType="cache.t3.micro", NumCacheNodes=nodes)
        params.update(extra)
        return self.ec.create_cache_cluster(**params)["CacheCluster"]

    def redis(self, cluster_id, **extra):
        params = dict(CacheClusterId=cluster_id, Engine="redis", CacheNodeType="cache.t3.micro")
        params.update(extra)
        return self.ec.create_cache_cluster(**params)["CacheCluster"]

    def cluster(self, cluster_id, nodes=True):
        clusters = self.ec.describe_cache_clusters(CacheClusterId=cluster_id,
                                                   ShowCacheNodeInfo=nodes)["CacheClusters"]
        self.assertEqual(len(clusters), 1)
        return clusters[0]

    def wait_available(self, cluster_id):
        self.ec.get_waiter("cache_cluster_available").wait(CacheClusterId=cluster_id,
                                                            WaiterConfig=self.WAIT_FAST)
        return self.cluster(cluster_id)


class Memcached(ClusterCase):
    def test_a_cross_az_cluster_and_its_nodes(self):
        created = self.memcached("mc", nodes=3, AZMode="cross-az")
        self.assertEqual(created["CacheClusterStatus"], "creating")
        self.assertEqual(created["NumCacheNodes"], 3)
        self.assertEqual(created["Engine"], "memcached")
        self.assertRegex(created["EngineVersion"], r"^1\.6\.\d+$")
        self.assertEqual(created["PreferredAvailabilityZone"], "Multiple")
        self.assertRegex(created["ConfigurationEndpoint"]["Address"],
                         r"^mc\.[a-z0-9]{6}\.cfg\.use1\.cache\.amazonaws\.com$")
        self.assertEqual(created["ConfigurationEndpoint"]["Port"], 11211)
        self.assertEqual(created["CacheParameterGroup"]["CacheParameterGroupName"],
                         "default.memcached1.6")
        self.assertEqual(created["ARN"], "arn:aws:elasticache:us-east-1:000000000000:cluster:mc")

        cluster = self.wait_available("mc")
        nodes = cluster["CacheNodes"]
        self.assertEqual([n["CacheNodeId"] for n in nodes], ["0001", "0002", "0003"])
        self.assertEqual([n["CustomerAvailabilityZone"] for n in nodes],
                         ["us-east-1a", "us-east-1b", "us-east-1c"])
        config_hash = cluster["ConfigurationEndpoint"]["Address"].split(".")[1]
        for node in nodes:
            self.assertEqual(node["CacheNodeStatus"], "available")
            self.assertEqual(node["ParameterGroupStatus"], "in-sync")
            self.assertEqual(node["Endpoint"]["Port"], 11211)
            match = NODE.match(node["Endpoint"]["Address"])
            self.assertTrue(match, node["Endpoint"]["Address"])
            self.assertEqual((match["cluster"], match["hash"], match["node"]),
                             ("mc", config_hash, node["CacheNodeId"]))
        self.assertNotIn("SnapshotRetentionLimit", cluster)
        standalone = self.ec.describe_cache_clusters(
            ShowCacheClustersNotInReplicationGroups=True)["CacheClusters"]
        self.assertEqual([c["CacheClusterId"] for c in standalone], ["mc"])

    def test_single_az_and_preferred_zones(self):
        single = self.memcached("one", nodes=2, PreferredAvailabilityZone="us-east-1b")
        self.assertEqual(single["PreferredAvailabilityZone"], "us-east-1b")
        nodes = self.cluster("one")["CacheNodes"]
        self.assertEqual({n["CustomerAvailabilityZone"] for n in nodes}, {"us-east-1b"})
        chosen = self.memcached("chosen", nodes=2,
                                PreferredAvailabilityZones=["us-east-1c", "us-east-1a"])
        self.assertEqual(chosen["PreferredAvailabilityZone"], "Multiple")
        self.assertEqual([n["CustomerAvailabilityZone"] for n in self.cluster("chosen")["CacheNodes"]],
                         ["us-east-1c", "us-east-1a"])

    def test_rules(self):
        self.assertAwsError(
            "InvalidParameterCombination", self.memcached, "bad", nodes=3,
            PreferredAvailabilityZones=["us-east-1a", "us-east-1b"], status=400,
            message="Must specify the same number of preferred availability zones as requested "
                    "number of nodes.")
        self.assertAwsError("InvalidParameterValue", self.memcached, "bad", nodes=1,
                            AZMode="cross-az", status=400)
        self.assertAwsError("InvalidParameterValue", self.memcached, "bad", nodes=2,
                            AZMode="everywhere", status=400)
        self.assertAwsError("NodeQuotaForClusterExceeded", self.memcached, "bad", nodes=41,
                            status=400)
        self.assertAwsError("InvalidParameterCombination", self.memcached, "bad", nodes=1,
                            SnapshotRetentionLimit=3, status=400)
        self.assertAwsError("InvalidParameterValue", self.memcached, "bad", nodes=1,
                            PreferredAvailabilityZone="eu-west-1a", status=400)
        self.assertEqual(self.ec.describe_cache_clusters()["CacheClusters"], [])

    def test_no_snapshots(self):
        self.memcached("nosnap", nodes=1)
        self.wait_available("nosnap")
        self.assertAwsError("SnapshotFeatureNotSupportedFault", self.ec.create_snapshot,
                            CacheClusterId="nosnap", SnapshotName="s", status=400)
        self.assertAwsError("SnapshotFeatureNotSupportedFault", self.ec.delete_cache_cluster,
                            CacheClusterId="nosnap", FinalSnapshotIdentifier="final")
        self.assertEqual(self.cluster("nosnap")["CacheClusterStatus"], "available")

    def test_growing_and_shrinking(self):
        self.memcached("grow", nodes=3, AZMode="cross-az")
        self.wait_available("grow")
        changed = self.ec.modify_cache_cluster(CacheClusterId="grow", NumCacheNodes=5,
                                               NewAvailabilityZones=["us-east-1c", "us-east-1c"],
                                               ApplyImmediately=True)["CacheCluster"]
        self.assertEqual(changed["CacheClusterStatus"], "modifying")
        self.assertEqual(changed["PendingModifiedValues"]["NumCacheNodes"], 5)
        grown = self.wait_available("grow")
        self.assertEqual(grown["NumCacheNodes"], 5)
        self.assertEqual([n["CacheNodeId"] for n in grown["CacheNodes"]],
                         ["0001", "0002", "0003", "0004", "0005"])
        self.assertEqual([n["CustomerAvailabilityZone"] for n in grown["CacheNodes"]][3:],
                         ["us-east-1c", "us-east-1c"])
        self.assertEqual(grown["PendingModifiedValues"], {})

        self.assertAwsError(
            "InvalidParameterCombination", self.ec.modify_cache_cluster, CacheClusterId="grow",
            NumCacheNodes=3, ApplyImmediately=True,
            message="The number of CacheNodeIdsToRemove must match the number of nodes you are "
                    "trying to remove, current number of cache nodes is 5, requested number of "
                    "cache nodes is 3 and CacheNodeIdsToRemove supplied are 0")
        self.assertAwsError("InvalidParameterValue", self.ec.modify_cache_cluster,
                            CacheClusterId="grow", NumCacheNodes=4,
                            CacheNodeIdsToRemove=["0009"], ApplyImmediately=True)
        self.ec.modify_cache_cluster(CacheClusterId="grow", NumCacheNodes=3,
                                     CacheNodeIdsToRemove=["0002", "0005"], ApplyImmediately=True)
        shrunk = self.wait_available("grow")
        self.assertEqual([n["CacheNodeId"] for n in shrunk["CacheNodes"]], ["0001", "0003", "0004"])
        messages = [e["Message"] for e in self.ec.describe_events(SourceIdentifier="grow")["Events"]]
        self.assertIn("Finished modifying number of nodes from 3 to 5", messages)
        self.assertIn("Finished modifying number of nodes from 5 to 3", messages)
        self.assertIn("Removed cache nodes 0002,0005", messages)

    def test_a_deferred_change_waits_for_the_maintenance_window(self):
        self.memcached("later", nodes=1, PreferredMaintenanceWindow="sun:05:00-sun:06:00")
        self.wait_available("later")
        answer = self.ec.modify_cache_cluster(CacheClusterId="later", NumCacheNodes=2,
                                              ApplyImmediately=False)["CacheCluster"]
        self.assertEqual(answer["CacheClusterStatus"], "available")
        self.assertEqual(answer["PendingModifiedValues"], {"NumCacheNodes": 2})
        self.assertEqual(self.cluster("later")["NumCacheNodes"], 1)
        self.server.advance(8 * 86400)  # the window has opened at least once
        cluster = self.wait_available("later")
        self.assertEqual(cluster["NumCacheNodes"], 2)
        self.assertEqual(cluster["PendingModifiedValues"], {})

    def test_no_modifications_and_vertical_scaling(self):
        self.memcached("fixed", nodes=2)
        self.wait_available("fixed")
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_cache_cluster,
                            CacheClusterId="fixed", NumCacheNodes=2,
                            message="No modifications were requested.")
        # On-demand vertical scaling, from Memcached 1.5 on.
        allowed = self.ec.list_allowed_node_type_modifications(CacheClusterId="fixed")
        self.assertIn("cache.m5.large", allowed["ScaleUpModifications"])

        def modify(**change):
            return self.ec.modify_cache_cluster(CacheClusterId="fixed", **change)["CacheCluster"]
        for scale, code in [({"ScalePercentage": 5}, "InvalidParameterValue"),
                            ({"ScaleIntervalMinutes": 31}, "InvalidParameterValue")]:
            with self.subTest(**scale):
                self.assertAwsError(code, modify, CacheNodeType="cache.m5.large",
                                    ScaleConfig=scale, ApplyImmediately=True)
        self.assertAwsError("InvalidParameterCombination", modify,
                            ScaleConfig={"ScalePercentage": 50}, ApplyImmediately=True)
        pending = modify(CacheNodeType="cache.m5.large", ApplyImmediately=False,
                         ScaleConfig={"ScalePercentage": 50, "ScaleIntervalMinutes": 2})
        self.assertEqual(pending["PendingModifiedValues"],
                         {"CacheNodeType": "cache.m5.large",
                          "ScaleConfig": {"ScalePercentage": 50, "ScaleIntervalMinutes": 2}})
        modify(CacheNodeType="cache.m5.large", ApplyImmediately=True)
        scaled = self.wait_available("fixed")
        self.assertEqual(scaled["CacheNodeType"], "cache.m5.large")
        self.assertEqual(scaled["PendingModifiedValues"], {})

        self.memcached("old", nodes=1, EngineVersion="1.4.34", CacheNodeType="cache.m3.medium")
        self.wait_available("old")
        self.assertAwsError(
            "InvalidParameterCombination", self.ec.modify_cache_cluster, CacheClusterId="old",
            CacheNodeType="cache.m5.large", ApplyImmediately=True,
            message="Node type modifications are only available for Memcached clusters with "
                    "engine version 1.5 or later.")
        allowed = self.ec.list_allowed_node_type_modifications(CacheClusterId="old")
        self.assertEqual(allowed["ScaleUpModifications"], [])

    def test_scale_config_is_for_memcached(self):
        self.redis("kv")
        self.wait_available("kv")
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_cache_cluster,
                            CacheClusterId="kv", CacheNodeType="cache.t3.small",
                            ScaleConfig={"ScalePercentage": 50}, ApplyImmediately=True,
                            message="ScaleConfig is only supported for Memcached clusters.")


class StandaloneRedis(ClusterCase):
    def test_one_node_and_its_defaults(self):
        created = self.redis("solo")
        self.assertEqual(created["NumCacheNodes"], 1)
        self.assertEqual(created["EngineVersion"], "7.1.0")
        self.assertEqual(created["CacheParameterGroup"]["CacheParameterGroupName"], "default.redis7")
        self.assertNotIn("ConfigurationEndpoint", created)
        self.assertNotIn("ReplicationGroupId", created)
        node = self.wait_available("solo")["CacheNodes"][0]
        self.assertEqual(node["CacheNodeId"], "0001")
        self.assertEqual(node["Endpoint"]["Port"], 6379)
        self.assertRegex(node["Endpoint"]["Address"], endpoint_pattern("node", "solo"))
        self.assertAwsError("CacheClusterAlreadyExists", self.redis, "SOLO", status=400)

    def test_rules(self):
        self.assertAwsError(
            "InvalidParameterValue", self.redis, "two", NumCacheNodes=2, status=400,
            message="Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.")
        self.assertAwsError(
            "InvalidParameterCombination", self.redis, "sharded",
            CacheParameterGroupName="default.redis7.cluster.on", status=400,
            message="Cluster mode should be disabled in parameter group, but found it is enabled.")
        self.assertAwsError("InvalidParameterValue", self.redis, "x" * 51, status=400)
        self.assertAwsError("InvalidParameterValue", self.redis, "a--b", status=400)
        self.assertAwsError("InvalidParameterValue", self.ec.create_cache_cluster,
                            CacheClusterId="notype", Engine="redis", status=400,
                            message="The parameter CacheNodeType must be provided and must not be "
                                    "null.")
        self.assertAwsError("InvalidParameterValue", self.redis, "oddtype",
                            CacheNodeType="cache.x9.huge", status=400)
        self.assertAwsError("InvalidParameterCombination", self.redis, "oldver",
                            EngineVersion="1.0", status=400)
        self.assertAwsError("InvalidParameterValue", self.redis, "az", AZMode="single-az",
                            status=400)
        self.assertEqual(self.ec.describe_cache_clusters()["CacheClusters"], [])

    def test_notification_topic(self):
        theirs = "arn:aws:sns:us-east-1:123456789012:theirs"
        for arn in ("not-an-arn", theirs):
            with self.subTest(arn=arn):
                self.assertAwsError("InvalidParameterValue", self.redis, "note",
                                    NotificationTopicArn=arn, status=400)
        self.assertEqual(self.ec.describe_cache_clusters()["CacheClusters"], [])
        arn = "arn:aws:sns:us-east-1:000000000000:cache-events"
        self.assertEqual(self.redis("note", NotificationTopicArn=arn)["NotificationConfiguration"],
                         {"TopicArn": arn, "TopicStatus": "active"})
        self.wait_available("note")

        def modify(**change):
            return self.ec.modify_cache_cluster(CacheClusterId="note", ApplyImmediately=True,
                                                **change)["CacheCluster"]
        self.assertEqual(modify(NotificationTopicStatus="inactive")["NotificationConfiguration"],
                         {"TopicArn": arn, "TopicStatus": "inactive"})
        self.assertAwsError("InvalidParameterValue", modify, NotificationTopicArn=theirs)
        self.assertAwsError("InvalidParameterValue", modify, NotificationTopicStatus="paused")
        # Terraform removes a cluster's topic this way.
        self.assertNotIn("NotificationConfiguration",
                         modify(NotificationTopicArn="", NotificationTopicStatus="inactive"))
        self.assertAwsError("InvalidParameterCombination", modify,
                            NotificationTopicStatus="active")
        self.assertNotIn("NotificationConfiguration", self.cluster("note"))

    def test_versions_forms_and_valkey(self):
        self.assertEqual(self.redis("six", EngineVersion="6.2")["EngineVersion"], "6.2.6")
        self.assertEqual(self.redis("valk", Engine="valkey")["Engine"], "valkey")

    def test_snapshot_restore_and_final_snapshot(self):
        self.redis("src", SnapshotRetentionLimit=2, Port=6390)
        self.wait_available("src")
        self.ec.create_snapshot(CacheClusterId="src", SnapshotName="src-snap")
        self.assertEqual(self.cluster("src")["CacheClusterStatus"], "available")
        snapshot = self.ec.describe_snapshots(SnapshotName="src-snap")["Snapshots"][0]
        self.assertEqual(snapshot["CacheClusterId"], "src")
        self.assertEqual(snapshot["SnapshotStatus"], "available")
        restored = self.ec.create_cache_cluster(CacheClusterId="copy",
                                                SnapshotName="src-snap")["CacheCluster"]
        self.assertEqual(restored["Engine"], "redis")
        self.assertEqual(restored["CacheNodeType"], "cache.t3.micro")
        self.wait_available("copy")
        self.assertEqual(self.cluster("copy")["CacheNodes"][0]["Endpoint"]["Port"], 6390)

        deleted = self.ec.delete_cache_cluster(CacheClusterId="copy",
                                               FinalSnapshotIdentifier="copy-final")["CacheCluster"]
        self.assertEqual(deleted["CacheClusterStatus"], "deleting")
        self.ec.get_waiter("cache_cluster_deleted").wait(CacheClusterId="copy",
                                                          WaiterConfig=self.WAIT_FAST)
        final = self.ec.describe_snapshots(SnapshotName="copy-final")["Snapshots"][0]
        self.assertEqual(final["CacheClusterId"], "copy")

    def test_node_type_scaling_and_engine_upgrades(self):
        self.redis("scale")
        self.wait_available("scale")
        allowed = self.ec.list_allowed_node_type_modifications(CacheClusterId="scale")
        self.assertIn("cache.t3.small", allowed["ScaleUpModifications"])
        self.assertNotIn("cache.t3.micro", allowed["ScaleUpModifications"])
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_cache_cluster,
                            CacheClusterId="scale", CacheNodeType="cache.t2.micro",
                            ApplyImmediately=True)
        changed = self.ec.modify_cache_cluster(CacheClusterId="scale",
                                               CacheNodeType="cache.t3.small",
                                               ApplyImmediately=True)["CacheCluster"]
        self.assertEqual(changed["PendingModifiedValues"]["CacheNodeType"], "cache.t3.small")
        self.assertEqual(self.wait_available("scale")["CacheNodeType"], "cache.t3.small")
        self.assertIn("Succeeded applying modification to cache node type to cache.t3.small.",
                      [e["Message"] for e in self.ec.describe_events(
                          SourceIdentifier="scale")["Events"]])
        self.redis("old", EngineVersion="6.2")
        self.wait_available("old")
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_cache_cluster,
                            CacheClusterId="old", EngineVersion="5.0.6", ApplyImmediately=True)
        self.ec.modify_cache_cluster(CacheClusterId="old", EngineVersion="7.1",
                                     ApplyImmediately=True)
        self.assertEqual(self.wait_available("old")["EngineVersion"], "7.1.0")

    def test_reboot(self):
        self.redis("boot")
        self.wait_available("boot")
        self.assertAwsError("InvalidParameterValue", self.ec.reboot_cache_cluster,
                            CacheClusterId="boot", CacheNodeIdsToReboot=["0002"])
        self.ec.reboot_cache_cluster(CacheClusterId="boot", CacheNodeIdsToReboot=["0001"])
        self.assertEqual(self.wait_available("boot")["CacheNodes"][0]["CacheNodeStatus"],
                         "available")
        messages = [e["Message"] for e in self.ec.describe_events(SourceIdentifier="boot")["Events"]]
        self.assertEqual(messages[:2], ["Cache node 0001 restarted", "Cache node 0001 shutdown"])
        self.assertAwsError("CacheClusterNotFound", self.ec.reboot_cache_cluster,
                            CacheClusterId="ghost", CacheNodeIdsToReboot=["0001"], status=404)

    def test_tags_by_cluster_arn(self):
        arn = self.redis("tagged", Tags=[{"Key": "team", "Value": "cache"}])["ARN"]
        self.wait_available("tagged")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"],
                         [{"Key": "team", "Value": "cache"}])


class Members(ClusterCase):
    def test_a_new_cluster_joins_a_group_as_a_read_replica(self):
        self.create_cmd("grp", clusters=2)
        self.describe("grp")
        added = self.ec.create_cache_cluster(CacheClusterId="grp-extra",
                                             ReplicationGroupId="grp")["CacheCluster"]
        self.assertEqual(added["ReplicationGroupId"], "grp")
        self.assertEqual(added["CacheClusterStatus"], "creating")
        self.ec.get_waiter("replication_group_available").wait(ReplicationGroupId="grp",
                                                                WaiterConfig=self.WAIT_FAST)
        group = self.describe("grp")
        self.assertEqual(group["MemberClusters"], ["grp-001", "grp-002", "grp-extra"])
        roles = {m["CacheClusterId"]: m["CurrentRole"] for m in group["NodeGroups"][0]["NodeGroupMembers"]}
        self.assertEqual(roles["grp-extra"], "replica")
        self.assertEqual(self.wait_available("grp-extra")["CacheNodeType"], "cache.t3.micro")
        self.assertAwsError("InvalidParameterCombination", self.ec.create_cache_cluster,
                            CacheClusterId="other", ReplicationGroupId="grp",
                            CacheNodeType="cache.m5.large")
        self.assertAwsError("ReplicationGroupNotFoundFault", self.ec.create_cache_cluster,
                            CacheClusterId="other", ReplicationGroupId="nogroup", status=404)

    def test_deleting_members(self):
        self.create_cmd("pair", clusters=2)
        self.create_cmd("single", clusters=1)
        self.create_cmd("three", clusters=3)
        self.ec.describe_replication_groups()
        self.assertAwsError(
            "InvalidCacheClusterState", self.ec.delete_cache_cluster, CacheClusterId="pair-001",
            message="Cache cluster pair-001 is serving as primary for replication group pair and "
                    "cannot be deleted. To delete the entire replication group, use "
                    "DeleteReplicationGroup.")
        self.assertAwsError(
            "InvalidCacheClusterState", self.ec.delete_cache_cluster, CacheClusterId="single-001",
            message="Cannot delete the cache cluster since it is the only member of a replication "
                    "group. Delete the replication group instead.")
        error = self.assertAwsError("InvalidCacheClusterState", self.ec.delete_cache_cluster,
                                    CacheClusterId="pair-002")
        self.assertIn("only read replica for replication group pair",
                      error.response["Error"]["Message"])
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_cache_cluster,
                            CacheClusterId="three-002", CacheNodeType="cache.m5.large",
                            ApplyImmediately=True)

        self.ec.delete_cache_cluster(CacheClusterId="three-003")
        self.ec.get_waiter("replication_group_available").wait(ReplicationGroupId="three",
                                                                WaiterConfig=self.WAIT_FAST)
        self.assertEqual(self.describe("three")["MemberClusters"], ["three-001", "three-002"])
        self.ec.get_waiter("cache_cluster_deleted").wait(CacheClusterId="three-003",
                                                          WaiterConfig=self.WAIT_FAST)

    def test_allowed_node_types_of_a_group(self):
        self.create_cme("sharded", shards=2, replicas=0)
        self.describe("sharded")
        allowed = self.ec.list_allowed_node_type_modifications(ReplicationGroupId="sharded")
        self.assertIn("cache.r6g.large", allowed["ScaleUpModifications"])
        self.assertAwsError("InvalidParameterCombination",
                            self.ec.list_allowed_node_type_modifications)
        self.assertAwsError("ReplicationGroupNotFoundFault",
                            self.ec.list_allowed_node_type_modifications,
                            ReplicationGroupId="ghost", status=404)


class Quotas(ClusterCase):
    server_args = ("--cache-clusters-quota", "2", "--nodes-quota", "5")

    def test_clusters_and_nodes_per_region(self):
        self.memcached("q1", nodes=3)
        self.assertAwsError("NodeQuotaForCustomerExceeded", self.memcached, "q2", nodes=3,
                            status=400)
        self.memcached("q2", nodes=2)
        self.assertAwsError("ClusterQuotaForCustomerExceeded", self.memcached, "q3", nodes=1,
                            status=400)
        self.wait_available("q1")
        self.assertAwsError("NodeQuotaForCustomerExceeded", self.ec.modify_cache_cluster,
                            CacheClusterId="q1", NumCacheNodes=4, ApplyImmediately=True)


class SlowClusters(ClusterCase):
    server_args = ("--transition-seconds", "2")

    def test_a_replica_joins_while_the_group_is_modifying(self):
        self.create_cmd("sgrp", clusters=2)
        self.server.advance(3)
        self.ec.create_cache_cluster(CacheClusterId="sgrp-new", ReplicationGroupId="sgrp")
        group = self.describe("sgrp")
        self.assertEqual(group["Status"], "modifying")
        self.assertIn("sgrp-new", group["MemberClusters"])
        self.assertNotIn("sgrp-new", [m["CacheClusterId"]
                                      for m in group["NodeGroups"][0]["NodeGroupMembers"]])
        self.assertEqual(self.cluster("sgrp-new")["CacheClusterStatus"], "creating")
        self.server.advance(3)
        group = self.describe("sgrp")
        self.assertEqual(group["Status"], "available")
        self.assertIn("sgrp-new", [m["CacheClusterId"]
                                   for m in group["NodeGroups"][0]["NodeGroupMembers"]])

    def test_each_status_on_the_way(self):
        self.memcached("slow", nodes=2, AZMode="cross-az")
        self.assertEqual(self.cluster("slow")["CacheClusterStatus"], "creating")
        self.assertEqual({n["CacheNodeStatus"] for n in self.cluster("slow")["CacheNodes"]},
                         {"creating"})
        self.server.advance(3)
        self.assertEqual(self.cluster("slow")["CacheClusterStatus"], "available")

        self.ec.modify_cache_cluster(CacheClusterId="slow", NumCacheNodes=3, ApplyImmediately=True)
        cluster = self.cluster("slow")
        self.assertEqual(cluster["CacheClusterStatus"], "modifying")
        self.assertEqual(cluster["NumCacheNodes"], 2)
        self.assertEqual([n["CacheNodeStatus"] for n in cluster["CacheNodes"]],
                         ["available", "available", "creating"])
        self.server.advance(3)
        self.assertEqual(self.cluster("slow")["NumCacheNodes"], 3)

        self.ec.reboot_cache_cluster(CacheClusterId="slow", CacheNodeIdsToReboot=["0002"])
        cluster = self.cluster("slow")
        self.assertEqual(cluster["CacheClusterStatus"], "rebooting cache cluster nodes")
        self.assertEqual(cluster["CacheNodes"][1]["CacheNodeStatus"], "rebooting")
        self.server.advance(3)
        self.assertEqual(self.cluster("slow")["CacheClusterStatus"], "available")

        self.ec.delete_cache_cluster(CacheClusterId="slow")
        self.assertEqual(self.cluster("slow")["CacheClusterStatus"], "deleting")
        self.assertEqual({n["CacheNodeStatus"] for n in self.cluster("slow")["CacheNodes"]},
                         {"deleting"})
        self.server.advance(3)
        self.assertAwsError("CacheClusterNotFound", self.ec.describe_cache_clusters,
                            CacheClusterId="slow", status=404)


if __name__ == "__main__":
    main()

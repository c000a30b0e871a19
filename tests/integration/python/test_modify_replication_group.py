"""ModifyReplicationGroup through boto3: every parameter with its rules, what the group and
its member clusters show afterwards, and requests that are refused without changing anything.

Groups are checked through DescribeReplicationGroups and DescribeCacheClusters alike: the
member clusters must agree with the group after every change (node type, engine version,
parameter group, windows, security groups, AUTH token, in-transit encryption), as Terraform
reads several attributes from the first member. docs/modify-replication-group.md lists every
rule, code and message with its source.
"""

import atexit
import os
import shutil
import tempfile

from ecl_harness import ServerTestCase, endpoint_pattern, main

TOKEN = "This-is-a-token-0001"
TOKEN2 = "This-is-a-token-0002"
NO_MODIFICATIONS = "No modifications were requested."


class ModifyCase(ServerTestCase):
    """Helpers shared by the classes below."""

    def modify(self, group_id, **kwargs):
        kwargs.setdefault("ApplyImmediately", True)
        return self.ec.modify_replication_group(ReplicationGroupId=group_id,
                                                **kwargs)["ReplicationGroup"]

    def members(self, group_id):
        """The member cache clusters, by id."""
        clusters = self.ec.describe_cache_clusters(ShowCacheNodeInfo=True)["CacheClusters"]
        return {c["CacheClusterId"]: c for c in clusters if c.get("ReplicationGroupId") == group_id}

    def member_values(self, group_id, key):
        return {c[key] if not callable(key) else key(c) for c in self.members(group_id).values()}

    def settled(self, group_id):
        """Available, every node group and member available, members listed alike."""
        group = self.describe(group_id)
        self.assertEqual(group["Status"], "available")
        self.assertEqual(group["PendingModifiedValues"], {})
        members = self.members(group_id)
        self.assertEqual(sorted(members), sorted(group["MemberClusters"]))
        for node_group in group["NodeGroups"]:
            self.assertEqual(node_group["Status"], "available")
        for cluster in members.values():
            self.assertEqual(cluster["CacheClusterStatus"], "available")
            self.assertEqual(cluster["PendingModifiedValues"], {})
            self.assertEqual(cluster["CacheNodeType"], group["CacheNodeType"])
            self.assertEqual(cluster["SnapshotRetentionLimit"], group["SnapshotRetentionLimit"])
            self.assertEqual(cluster["SnapshotWindow"], group["SnapshotWindow"])
            self.assertEqual(cluster["TransitEncryptionEnabled"], group["TransitEncryptionEnabled"])
            self.assertEqual(cluster["AuthTokenEnabled"], group["AuthTokenEnabled"])
            self.assertEqual(cluster.get("TransitEncryptionMode"),
                             group.get("TransitEncryptionMode"))
        return group

    def messages(self, source_id=None):
        kwargs = {"SourceIdentifier": source_id} if source_id else {}
        return [e["Message"] for e in self.ec.describe_events(Duration=60, **kwargs)["Events"]]

    def create_tls(self, group_id, clusters=2, **extra):
        return self.create_cmd(group_id, clusters=clusters, TransitEncryptionEnabled=True,
                               EngineVersion="7.1", **extra)


class Attributes(ModifyCase):
    """What applies at once: the group stays available."""

    def test_the_api_reference_example(self):
        self.create_cmd("my-redis-rg", clusters=3)
        group = self.modify("my-redis-rg", ReplicationGroupDescription="Modified replication group",
                            SnapshotRetentionLimit=30, SnapshottingClusterId="my-redis-rg-001")
        self.assertEqual(group["Status"], "available")
        self.assertEqual(group["Description"], "Modified replication group")
        self.assertEqual(group["SnapshotRetentionLimit"], 30)
        self.assertEqual(group["SnapshottingClusterId"], "my-redis-rg-001")
        self.assertEqual(group["PendingModifiedValues"], {})
        self.assertEqual(self.member_values("my-redis-rg", "SnapshotRetentionLimit"), {30})
        self.settled("my-redis-rg")

    def test_windows_reach_every_member(self):
        self.create_cmd("win", clusters=2)
        group = self.modify("win", PreferredMaintenanceWindow="Tue:03:00-Tue:04:30",
                            SnapshotWindow="06:00-07:00")
        self.assertEqual(group["SnapshotWindow"], "06:00-07:00")
        self.assertEqual(self.member_values("win", "PreferredMaintenanceWindow"),
                         {"tue:03:00-tue:04:30"})
        self.assertEqual(self.member_values("win", "SnapshotWindow"), {"06:00-07:00"})
        self.assertAwsError("InvalidParameterValue", self.modify, "win",
                            SnapshotWindow="03:30-04:30")  # overlaps the maintenance window
        self.assertAwsError("InvalidParameterValue", self.modify, "win",
                            PreferredMaintenanceWindow="someday")
        self.settled("win")

    def test_snapshot_retention_rules(self):
        self.create_cmd("snap", clusters=2)
        self.assertAwsError(
            "InvalidParameterCombination", self.modify, "snap", SnapshotRetentionLimit=3,
            message="Must specify both SnapshotRetentionLimit and SnapshottingClusterId to turn "
                    "on snapshots")
        self.assertAwsError("InvalidParameterValue", self.modify, "snap",
                            SnapshotRetentionLimit=36, SnapshottingClusterId="snap-001")
        self.assertAwsError("CacheClusterNotFound", self.modify, "snap", status=404,
                            SnapshotRetentionLimit=3, SnapshottingClusterId="nowhere-001")
        # Terraform's update (snapshot_retention_limit from 0) sends <id>-001.
        group = self.modify("snap", SnapshotRetentionLimit=3, SnapshottingClusterId="snap-001")
        self.assertEqual((group["SnapshotRetentionLimit"], group["SnapshottingClusterId"]),
                         (3, "snap-001"))
        group = self.modify("snap", SnapshotRetentionLimit=0)
        self.assertEqual(group["SnapshotRetentionLimit"], 0)
        self.assertNotIn("SnapshottingClusterId", group)

    def test_cluster_mode_enabled_groups_have_no_snapshotting_cluster(self):
        self.create_cme("sharded", shards=2)
        self.assertAwsError(
            "InvalidParameterCombination", self.modify, "sharded",
            SnapshotRetentionLimit=2, SnapshottingClusterId="sharded-0001-001",
            message="Cannot set snapshotting cluster for cluster mode enabled replication group")
        self.assertEqual(self.modify("sharded", SnapshotRetentionLimit=2)["SnapshotRetentionLimit"],
                         2)

    def test_notifications(self):
        self.create_cmd("note", clusters=2)
        arn = "arn:aws:sns:us-east-1:000000000000:cache-events"
        self.modify("note", NotificationTopicArn=arn)
        self.assertEqual(self.member_values("note", lambda c: str(c["NotificationConfiguration"])),
                         {str({"TopicArn": arn, "TopicStatus": "active"})})
        self.modify("note", NotificationTopicStatus="inactive")
        self.assertEqual(
            self.member_values("note", lambda c: c["NotificationConfiguration"]["TopicStatus"]),
            {"inactive"})
        self.assertAwsError("InvalidParameterValue", self.modify, "note",
                            NotificationTopicArn="not-an-arn")
        self.assertAwsError("InvalidParameterValue", self.modify, "note",
                            NotificationTopicArn="arn:aws:sns:us-east-1:123456789012:theirs")
        self.assertAwsError("InvalidParameterValue", self.modify, "note",
                            NotificationTopicStatus="paused")
        self.modify("note", NotificationTopicArn="")  # Terraform removes a topic this way
        self.assertEqual(self.member_values("note", lambda c: "NotificationConfiguration" in c),
                         {False})
        self.assertAwsError("InvalidParameterCombination", self.modify, "note",
                            NotificationTopicStatus="active")

    def test_auto_minor_version_upgrade_and_description(self):
        self.create_cmd("minor", clusters=2)
        group = self.modify("minor", AutoMinorVersionUpgrade=False)
        self.assertFalse(group["AutoMinorVersionUpgrade"])
        self.assertEqual(self.member_values("minor", "AutoMinorVersionUpgrade"), {False})
        self.assertAwsError("InvalidParameterValue", self.modify, "minor",
                            ReplicationGroupDescription="d" * 256)

    def test_nothing_to_change_is_refused_as_terraform_expects(self):
        self.create_cmd("same", clusters=2)
        self.assertAwsError("InvalidParameterCombination", self.modify, "same", status=400,
                            message=NO_MODIFICATIONS)
        self.assertAwsError("InvalidParameterCombination", self.modify, "same",
                            ReplicationGroupDescription="test group", CacheNodeType="cache.t3.micro",
                            AutomaticFailoverEnabled=True, message=NO_MODIFICATIONS)

    def test_a_refused_request_changes_nothing(self):
        self.create_cmd("atomic", clusters=2)
        before = self.describe("atomic")
        self.assertAwsError("InvalidParameterValue", self.modify, "atomic",
                            ReplicationGroupDescription="changed", SnapshotWindow="23:00-23:30",
                            CacheNodeType="cache.nope.large")
        self.assertEqual(self.describe("atomic"), before)
        self.assertEqual(self.member_values("atomic", "SnapshotWindow"), {before["SnapshotWindow"]})

    def test_unknown_group(self):
        self.assertAwsError("ReplicationGroupNotFoundFault", self.modify, "ghost", status=404,
                            ReplicationGroupDescription="x")


class NodeChanges(ModifyCase):
    """Node type, engine and version, parameter group: the group is modifying while applied."""

    def test_scale_up_within_the_allowed_list(self):
        self.create_cmd("scale", clusters=2)
        allowed = self.ec.list_allowed_node_type_modifications(ReplicationGroupId="scale")
        self.assertIn("cache.t3.small", allowed["ScaleUpModifications"])
        group = self.modify("scale", CacheNodeType="cache.t3.small")
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["CacheNodeType"], "cache.t3.micro")  # until applied
        group = self.settled("scale")
        self.assertEqual(group["CacheNodeType"], "cache.t3.small")
        for member in ("scale-001", "scale-002"):
            self.assertIn("Succeeded applying modification to cache node type to cache.t3.small.",
                          self.messages(member))
        self.assertAwsError("InvalidParameterCombination", self.modify, "scale",
                            CacheNodeType="cache.t2.micro")  # not offered from t3.small
        self.assertAwsError("InvalidParameterValue", self.modify, "scale",
                            CacheNodeType="cache.q9.huge")

    def test_engine_upgrade_takes_the_new_default_parameter_group(self):
        self.create_cmd("upgrade", clusters=2, EngineVersion="6.2")
        self.assertAwsError("InvalidParameterCombination", self.modify, "upgrade",
                            EngineVersion="5.0.6")
        self.assertAwsError("InvalidParameterCombination", self.modify, "upgrade",
                            EngineVersion="4.0.13", message="Cannot find version 4.0.13 for redis")
        self.modify("upgrade", EngineVersion="7.1")
        self.settled("upgrade")
        self.assertEqual(self.member_values("upgrade", "EngineVersion"), {"7.1.0"})
        self.assertEqual(
            self.member_values("upgrade", lambda c: c["CacheParameterGroup"]["CacheParameterGroupName"]),
            {"default.redis7"})
        self.assertIn("Cache cluster patched", self.messages("upgrade-001"))

    def test_a_custom_group_must_be_replaced_on_a_major_upgrade(self):
        self.ec.create_cache_parameter_group(CacheParameterGroupName="tuned6",
                                             CacheParameterGroupFamily="redis6.x",
                                             Description="6")
        self.ec.create_cache_parameter_group(CacheParameterGroupName="tuned7",
                                             CacheParameterGroupFamily="redis7", Description="7")
        self.create_cmd("custom", clusters=2, EngineVersion="6.2",
                        CacheParameterGroupName="tuned6")
        self.assertAwsError(
            "InvalidParameterCombination", self.modify, "custom", EngineVersion="7.1",
            message="Expected a parameter group of family redis7 but found one of family redis6.x")
        self.modify("custom", EngineVersion="7.1", CacheParameterGroupName="tuned7")
        self.settled("custom")
        self.assertEqual(
            self.member_values("custom", lambda c: c["CacheParameterGroup"]["CacheParameterGroupName"]),
            {"tuned7"})

    def test_valkey_upgrade(self):
        self.create_cmd("tovalkey", clusters=2, EngineVersion="7.1")
        self.assertAwsError("InvalidParameterCombination", self.modify, "tovalkey",
                            Engine="valkey")  # needs the major version too
        group = self.modify("tovalkey", Engine="valkey", EngineVersion="8.0")
        self.assertEqual(group["Engine"], "redis")  # until applied
        group = self.settled("tovalkey")
        self.assertEqual(group["Engine"], "valkey")
        self.assertEqual(self.member_values("tovalkey", "Engine"), {"valkey"})
        self.assertEqual(self.member_values("tovalkey", "EngineVersion"), {"8.0.1"})
        self.assertEqual(
            self.member_values("tovalkey", lambda c: c["CacheParameterGroup"]["CacheParameterGroupName"]),
            {"default.valkey8"})
        self.assertAwsError("InvalidParameterCombination", self.modify, "tovalkey",
                            Engine="redis", EngineVersion="7.1")
        self.assertAwsError("InvalidParameterValue", self.modify, "tovalkey", Engine="memcached",
                            EngineVersion="1.6.22")

    def test_parameter_group_must_exist_fit_the_family_and_the_mode(self):
        self.ec.create_cache_parameter_group(CacheParameterGroupName="tuned",
                                             CacheParameterGroupFamily="redis7", Description="t")
        self.create_cmd("params", clusters=2, EngineVersion="7.1")
        self.assertAwsError("CacheParameterGroupNotFound", self.modify, "params", status=404,
                            CacheParameterGroupName="missing")
        self.assertAwsError("InvalidParameterCombination", self.modify, "params",
                            CacheParameterGroupName="default.redis6.x")
        self.assertAwsError("InvalidParameterCombination", self.modify, "params",
                            CacheParameterGroupName="default.redis7.cluster.on")
        self.modify("params", CacheParameterGroupName="tuned")
        self.settled("params")
        statuses = self.member_values("params", lambda c: (
            c["CacheParameterGroup"]["CacheParameterGroupName"],
            c["CacheParameterGroup"]["ParameterApplyStatus"]))
        self.assertEqual(statuses, {("tuned", "in-sync")})
        self.assertIn("Updated to use a CacheParameterGroup tuned", self.messages("params-002"))
        self.assertAwsError("InvalidCacheParameterGroupState", self.ec.delete_cache_parameter_group,
                            CacheParameterGroupName="tuned")  # in use now


class FailoverAndMultiAz(ModifyCase):
    def test_turning_automatic_failover_off_and_on(self):
        self.create_cmd("af", clusters=2)
        group = self.modify("af", AutomaticFailoverEnabled=False)
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["AutomaticFailover"], "disabling")
        self.assertEqual(self.settled("af")["AutomaticFailover"], "disabled")
        self.assertIn("Automatic failover has been turned off for replication group af",
                      self.messages("af"))
        self.assertEqual(self.modify("af", AutomaticFailoverEnabled=True)["AutomaticFailover"],
                         "enabling")
        self.assertEqual(self.settled("af")["AutomaticFailover"], "enabled")

    def test_the_user_guide_multi_az_example(self):
        self.create_cmd("redis12", clusters=2, AutomaticFailoverEnabled=False)
        group = self.modify("redis12", AutomaticFailoverEnabled=True, MultiAZEnabled=True)
        self.assertEqual((group["Status"], group["AutomaticFailover"], group["MultiAZ"]),
                         ("modifying", "enabling", "enabled"))
        self.assertEqual(group["NodeGroups"][0]["Status"], "modifying")
        self.assertEqual(group["PendingModifiedValues"], {})
        self.settled("redis12")

    def test_multi_az_needs_failover_and_a_replica(self):
        self.create_cmd("maz", clusters=2, AutomaticFailoverEnabled=False)
        self.assertAwsError("InvalidParameterCombination", self.modify, "maz", MultiAZEnabled=True)
        self.modify("maz", AutomaticFailoverEnabled=True)
        group = self.modify("maz", MultiAZEnabled=True)
        self.assertEqual((group["Status"], group["MultiAZ"]), ("available", "enabled"))
        self.assertAwsError("InvalidParameterCombination", self.modify, "maz",
                            AutomaticFailoverEnabled=False)
        group = self.modify("maz", MultiAZEnabled=False, AutomaticFailoverEnabled=False)
        self.assertEqual((group["MultiAZ"], group["AutomaticFailover"]), ("disabled", "disabling"))
        self.create_cmd("lonely", clusters=1)
        self.assertAwsError(
            "InvalidParameterCombination", self.modify, "lonely", AutomaticFailoverEnabled=True,
            message="Replication group must have at least one read replica to enable autofailover.")

    def test_cluster_mode_enabled_keeps_automatic_failover(self):
        self.create_cme("cme", shards=2)
        self.assertAwsError(
            "InvalidParameterCombination", self.modify, "cme", AutomaticFailoverEnabled=False,
            message="Turning off automatic failover for replication group with cluster mode "
                    "enabled is not supported.")


class PromoteReplica(ModifyCase):
    def test_roles_swap_and_endpoints_stay(self):
        self.create_cmd("promo", clusters=3)
        before = self.describe("promo")["NodeGroups"][0]
        group = self.modify("promo", PrimaryClusterId="PROMO-002", NodeGroupId="0001")
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["PendingModifiedValues"], {"PrimaryClusterId": "promo-002"})
        after = self.settled("promo")["NodeGroups"][0]
        roles = {m["CacheClusterId"]: m["CurrentRole"] for m in after["NodeGroupMembers"]}
        self.assertEqual(roles, {"promo-001": "replica", "promo-002": "primary",
                                 "promo-003": "replica"})
        self.assertEqual(after["PrimaryEndpoint"], before["PrimaryEndpoint"])
        self.assertEqual(after["ReaderEndpoint"], before["ReaderEndpoint"])
        self.assertRegex(after["PrimaryEndpoint"]["Address"], endpoint_pattern("primary", "promo"))
        self.assertAwsError("InvalidCacheClusterState", self.ec.delete_cache_cluster,
                            CacheClusterId="promo-002")  # now serving as primary
        self.ec.delete_cache_cluster(CacheClusterId="promo-001")  # a replica now

    def test_promotion_rules(self):
        self.create_cmd("rules", clusters=2)
        self.create_cmd("other", clusters=2)
        self.assertAwsError("CacheClusterNotFound", self.modify, "rules", status=404,
                            PrimaryClusterId="rules-009")
        self.assertAwsError("InvalidParameterValue", self.modify, "rules",
                            PrimaryClusterId="other-002")
        self.assertAwsError("InvalidParameterValue", self.modify, "rules",
                            PrimaryClusterId="rules-002", NodeGroupId="0002")
        self.assertAwsError("InvalidParameterCombination", self.modify, "rules",
                            PrimaryClusterId="rules-001", message=NO_MODIFICATIONS)
        self.modify("rules", MultiAZEnabled=True)
        self.assertAwsError("InvalidParameterCombination", self.modify, "rules",
                            PrimaryClusterId="rules-002")
        self.create_cme("cme", shards=1)
        self.assertAwsError("InvalidParameterCombination", self.modify, "cme",
                            PrimaryClusterId="cme-0001-002")


class SecurityGroups(ModifyCase):
    def test_security_group_ids_reach_the_members(self):
        self.create_cmd("sg", clusters=2)
        self.modify("sg", SecurityGroupIds=["sg-0123456789abcdef0", "sg-12345678"])
        self.settled("sg")
        self.assertEqual(self.member_values("sg", lambda c: tuple(
            (s["SecurityGroupId"], s["Status"]) for s in c["SecurityGroups"])),
            {(("sg-0123456789abcdef0", "active"), ("sg-12345678", "active"))})
        self.assertIn("Applied change to security group", self.messages("sg-001"))
        self.assertAwsError("InvalidParameterValue", self.modify, "sg", SecurityGroupIds=["web"])
        self.assertAwsError(
            "InvalidParameterValue", self.modify, "sg", CacheSecurityGroupNames=["default"],
            message="Use of cache security groups is not permitted in this API version for "
                    "your account.")


class AuthToken(ModifyCase):
    def test_rotate_then_set(self):
        self.create_tls("auth", AuthToken=TOKEN)
        created = self.describe("auth")["AuthTokenLastModifiedDate"]
        self.server.advance(60)
        group = self.modify("auth", AuthToken=TOKEN2, AuthTokenUpdateStrategy="ROTATE")
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["PendingModifiedValues"], {"AuthTokenStatus": "ROTATING"})
        group = self.settled("auth")
        self.assertTrue(group["AuthTokenEnabled"])
        self.assertGreater(group["AuthTokenLastModifiedDate"], created)
        self.assertEqual(self.member_values("auth", "AuthTokenLastModifiedDate"),
                         {group["AuthTokenLastModifiedDate"]})
        # SET must repeat the token just rotated.
        self.assertAwsError("InvalidParameterValue", self.modify, "auth", AuthToken=TOKEN,
                            AuthTokenUpdateStrategy="SET")
        group = self.modify("auth", AuthToken=TOKEN2, AuthTokenUpdateStrategy="SET")
        self.assertEqual(group["PendingModifiedValues"], {"AuthTokenStatus": "SETTING"})
        self.settled("auth")

    def test_rotate_is_the_default_and_turns_auth_on(self):
        self.create_tls("open")
        self.assertFalse(self.describe("open")["AuthTokenEnabled"])
        self.assertEqual(self.modify("open", AuthToken=TOKEN)["PendingModifiedValues"],
                         {"AuthTokenStatus": "ROTATING"})
        self.assertTrue(self.settled("open")["AuthTokenEnabled"])

    def test_auth_token_rules(self):
        self.create_cmd("plain", clusters=2, EngineVersion="7.1")
        self.assertAwsError(
            "InvalidParameterValue", self.modify, "plain", AuthToken=TOKEN,
            message="The AUTH token is only supported when encryption-in-transit is enabled")
        self.create_tls("tls")
        self.assertAwsError("InvalidParameterValue", self.modify, "tls",
                            AuthToken="too/short", message="Invalid AuthToken provided.")
        self.assertAwsError("InvalidParameterCombination", self.modify, "tls",
                            AuthTokenUpdateStrategy="SET")
        self.assertAwsError("InvalidParameterValue", self.modify, "tls",
                            AuthTokenUpdateStrategy="DELETE",
                            message="Auth token update strategy delete is not supported currently")
        self.assertAwsError("InvalidParameterCombination", self.modify, "tls", AuthToken=TOKEN,
                            AuthTokenUpdateStrategy="DELETE")


class UserGroups(ModifyCase):
    def setUp(self):
        super().setUp()
        self.ec.create_user_group(UserGroupId="team", Engine="redis", UserIds=["default"])
        self.ec.create_user_group(UserGroupId="ops", Engine="redis", UserIds=["default"])

    def test_add_and_remove_with_pending_values(self):
        self.create_tls("rbac")
        group = self.modify("rbac", UserGroupIdsToAdd=["Team"])
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["PendingModifiedValues"],
                         {"UserGroups": {"UserGroupIdsToAdd": ["team"]}})
        self.assertNotIn("UserGroupIds", group)
        self.assertEqual(self.settled("rbac")["UserGroupIds"], ["team"])
        self.assertEqual(self.ec.describe_user_groups(UserGroupId="team")["UserGroups"][0][
            "ReplicationGroups"], ["rbac"])
        self.assertAwsError("InvalidUserGroupState", self.ec.delete_user_group, UserGroupId="team")
        self.assertAwsError("InvalidParameterValue", self.modify, "rbac",
                            UserGroupIdsToAdd=["team"])
        group = self.modify("rbac", UserGroupIdsToAdd=["ops"], UserGroupIdsToRemove=["team"])
        self.assertEqual(group["PendingModifiedValues"]["UserGroups"],
                         {"UserGroupIdsToAdd": ["ops"], "UserGroupIdsToRemove": ["team"]})
        self.assertEqual(self.settled("rbac")["UserGroupIds"], ["ops"])
        self.ec.delete_user_group(UserGroupId="team")
        self.modify("rbac", RemoveUserGroups=True)
        self.assertNotIn("UserGroupIds", self.settled("rbac"))

    def test_user_group_rules(self):
        self.create_tls("rbac")
        self.assertAwsError("UserGroupNotFound", self.modify, "rbac", status=404,
                            UserGroupIdsToAdd=["ghost"])
        self.assertAwsError("InvalidParameterValue", self.modify, "rbac",
                            UserGroupIdsToRemove=["team"])
        self.assertAwsError("InvalidParameterCombination", self.modify, "rbac",
                            RemoveUserGroups=True, UserGroupIdsToAdd=["team"])
        self.create_cmd("plain", clusters=2, EngineVersion="7.1")
        self.assertAwsError("InvalidParameterCombination", self.modify, "plain",
                            UserGroupIdsToAdd=["team"])

    def test_auth_to_rbac_and_back(self):
        self.create_tls("migrate", AuthToken=TOKEN)
        self.assertAwsError(
            "InvalidParameterCombination", self.modify, "migrate", UserGroupIdsToAdd=["team"],
            message="User group can't be associated with auth token enabled. Pass AuthStrategy "
                    "delete to proceed")
        self.modify("migrate", UserGroupIdsToAdd=["team"], AuthTokenUpdateStrategy="DELETE")
        group = self.settled("migrate")
        self.assertFalse(group["AuthTokenEnabled"])
        self.assertEqual(group["UserGroupIds"], ["team"])
        self.assertAwsError(
            "InvalidParameterCombination", self.modify, "migrate", AuthToken=TOKEN2,
            AuthTokenUpdateStrategy="SET",
            message="Auth tokens can't be enabled with a user group already associated. Pass "
                    "RemoveUserGroups to proceed.")
        # The User Guide's migration from RBAC to AUTH.
        self.modify("migrate", RemoveUserGroups=True, AuthToken=TOKEN2,
                    AuthTokenUpdateStrategy="SET")
        group = self.settled("migrate")
        self.assertTrue(group["AuthTokenEnabled"])
        self.assertNotIn("UserGroupIds", group)


class TransitEncryption(ModifyCase):
    def test_preferred_then_required_then_back_and_off(self):
        self.create_cmd("tls", clusters=2, EngineVersion="7.1")
        primary = self.describe("tls")["NodeGroups"][0]["PrimaryEndpoint"]
        self.assertAwsError("InvalidParameterCombination", self.modify, "tls",
                            TransitEncryptionEnabled=True)
        self.assertAwsError("InvalidParameterCombination", self.modify, "tls",
                            TransitEncryptionEnabled=True, TransitEncryptionMode="required")
        group = self.modify("tls", TransitEncryptionEnabled=True, TransitEncryptionMode="preferred")
        self.assertEqual(group["Status"], "modifying")
        self.assertEqual(group["PendingModifiedValues"],
                         {"TransitEncryptionEnabled": True, "TransitEncryptionMode": "preferred"})
        self.assertFalse(group["TransitEncryptionEnabled"])
        group = self.settled("tls")
        self.assertEqual((group["TransitEncryptionEnabled"], group["TransitEncryptionMode"]),
                         (True, "preferred"))
        self.assertEqual(group["NodeGroups"][0]["PrimaryEndpoint"], primary)  # same names
        self.modify("tls", TransitEncryptionMode="required")
        self.assertEqual(self.settled("tls")["TransitEncryptionMode"], "required")
        self.assertAwsError("InvalidParameterCombination", self.modify, "tls",
                            TransitEncryptionEnabled=False)  # preferred first
        self.modify("tls", TransitEncryptionMode="preferred")
        self.settled("tls")
        self.modify("tls", TransitEncryptionEnabled=False)
        group = self.settled("tls")
        self.assertFalse(group["TransitEncryptionEnabled"])
        self.assertNotIn("TransitEncryptionMode", group)

    def test_older_engines_cannot_change_it(self):
        self.create_cmd("old", clusters=2, EngineVersion="6.2")
        self.assertAwsError("InvalidParameterCombination", self.modify, "old",
                            TransitEncryptionEnabled=True, TransitEncryptionMode="preferred")


class ClusterMode(ModifyCase):
    def test_disabled_compatible_enabled(self):
        self.create_cmd("cm", clusters=2, EngineVersion="7.1")
        self.assertAwsError("InvalidParameterCombination", self.modify, "cm", ClusterMode="enabled")
        self.assertAwsError("InvalidParameterCombination", self.modify, "cm",
                            ClusterMode="compatible", ReplicationGroupDescription="and more")
        group = self.modify("cm", ClusterMode="compatible")
        self.assertEqual(group["PendingModifiedValues"], {"ClusterMode": "compatible"})
        group = self.settled("cm")
        self.assertEqual(group["ClusterMode"], "compatible")
        self.assertFalse(group["ClusterEnabled"])
        self.assertRegex(group["ConfigurationEndpoint"]["Address"], endpoint_pattern("config", "cm"))
        self.assertIn("PrimaryEndpoint", group["NodeGroups"][0])
        self.assertEqual(
            self.member_values("cm", lambda c: c["CacheParameterGroup"]["CacheParameterGroupName"]),
            {"default.redis7.cluster.on"})
        self.assertAwsError("InvalidParameterCombination", self.modify, "cm",
                            CacheNodeType="cache.t3.small")
        self.modify("cm", ClusterMode="enabled")
        group = self.settled("cm")
        self.assertEqual((group["ClusterMode"], group["ClusterEnabled"]), ("enabled", True))
        node_group = group["NodeGroups"][0]
        self.assertEqual(node_group["Slots"], "0-16383")
        self.assertNotIn("PrimaryEndpoint", node_group)
        self.assertNotIn("CurrentRole", node_group["NodeGroupMembers"][0])
        self.assertAwsError("InvalidParameterCombination", self.modify, "cm", ClusterMode="disabled")

    def test_compatible_can_go_back(self):
        self.create_cmd("back", clusters=2, EngineVersion="7.1")
        self.modify("back", ClusterMode="compatible")
        self.settled("back")
        self.modify("back", ClusterMode="disabled")
        group = self.settled("back")
        self.assertEqual(group["ClusterMode"], "disabled")
        self.assertNotIn("ConfigurationEndpoint", group)
        self.assertEqual(
            self.member_values("back", lambda c: c["CacheParameterGroup"]["CacheParameterGroupName"]),
            {"default.redis7"})

    def test_requirements(self):
        self.create_cmd("nofail", clusters=2, EngineVersion="7.1", AutomaticFailoverEnabled=False)
        self.assertAwsError("InvalidParameterCombination", self.modify, "nofail",
                            ClusterMode="compatible")
        self.create_cmd("six", clusters=2, EngineVersion="6.2")
        self.assertAwsError("InvalidParameterCombination", self.modify, "six",
                            ClusterMode="compatible")


class LogsAndIpDiscovery(ModifyCase):
    SLOW_LOG = {"LogType": "slow-log", "DestinationType": "cloudwatch-logs",
                "DestinationDetails": {"CloudWatchLogsDetails": {"LogGroup": "slow"}},
                "LogFormat": "json"}

    def test_log_delivery_added_and_removed(self):
        self.create_cmd("logs", clusters=2)
        group = self.modify("logs", LogDeliveryConfigurations=[self.SLOW_LOG])
        self.assertEqual(group["Status"], "modifying")
        # PendingModifiedValues.LogDeliveryConfigurations is written as the JS SDK v3 reads it
        # (<LogDeliveryConfigurations>); botocore expects the list shape's own locationName
        # (<PendingLogDeliveryConfiguration>), so boto3 does not see it (docs: open questions).
        self.assertEqual(group["LogDeliveryConfigurations"][0]["Status"], "enabling")
        group = self.settled("logs")
        self.assertEqual([(c["LogType"], c["Status"]) for c in group["LogDeliveryConfigurations"]],
                         [("slow-log", "active")])
        self.modify("logs", LogDeliveryConfigurations=[{"LogType": "slow-log", "Enabled": False}])
        self.assertEqual(self.settled("logs")["LogDeliveryConfigurations"], [])
        self.assertAwsError("InvalidParameterValue", self.modify, "logs",
                            LogDeliveryConfigurations=[dict(self.SLOW_LOG, LogFormat="xml")])

    def test_ipv6_discovery_needs_an_ipv6_network(self):
        self.create_cmd("ip4", clusters=2)
        self.assertAwsError("InvalidParameterCombination", self.modify, "ip4", IpDiscovery="ipv6")
        self.assertAwsError("InvalidParameterValue", self.modify, "ip4", IpDiscovery="ipv5")


# Two dual-stack subnets, for a group whose network type is dual_stack.
NETWORK_DIR = tempfile.mkdtemp(prefix="ecl-modify-network-")
atexit.register(shutil.rmtree, NETWORK_DIR, True)
NETWORK_FILE = os.path.join(NETWORK_DIR, "network.csv")
with open(NETWORK_FILE, "w") as network:
    network.write("subnet_id,vpc_id,region,availability_zone,ipv4,ipv6,default_for_az,account\n"
                  "subnet-0d0000000000000a1,vpc-0d000000000000001,us-east-1,us-east-1a,yes,yes,yes,\n"
                  "subnet-0d0000000000000b1,vpc-0d000000000000001,us-east-1,us-east-1b,yes,yes,yes,\n")


class DualStack(ModifyCase):
    server_args = ("--network-file", NETWORK_FILE)

    def test_ipv6_discovery_on_a_dual_stack_group(self):
        self.create_cmd("dual", clusters=2, NetworkType="dual_stack")
        self.modify("dual", IpDiscovery="ipv6")
        self.assertEqual(self.settled("dual")["IpDiscovery"], "ipv6")
        self.assertEqual(self.member_values("dual", "IpDiscovery"), {"ipv6"})


class NotAvailable(ModifyCase):
    server_args = ("--transition-seconds", "5")

    def test_a_group_that_is_not_available_is_refused(self):
        self.create_cmd("busy", clusters=2)
        self.assertAwsError("InvalidReplicationGroupState", self.modify, "busy",
                            ReplicationGroupDescription="x",
                            message="Replication group must be in available state to modify.")
        self.server.advance(6)
        self.modify("busy", CacheNodeType="cache.t3.small")
        self.assertAwsError("InvalidReplicationGroupState", self.modify, "busy",
                            ReplicationGroupDescription="x")
        self.assertAwsError("InvalidReplicationGroupState", self.ec.increase_replica_count,
                            ReplicationGroupId="busy", NewReplicaCount=2, ApplyImmediately=True)


if __name__ == "__main__":
    main()

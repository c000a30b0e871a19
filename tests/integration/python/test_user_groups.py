"""RBAC user groups through boto3: CreateUserGroup, DescribeUserGroups, ModifyUserGroup and
DeleteUserGroup with their rules (default user, duplicate names, engines, membership), pending
changes while modifying, quotas, and replication groups that use them (UserGroupIds on
CreateReplicationGroup, ReplicationGroups in the group, no deletion while in use)."""

from ecl_harness import DEFAULT_ACCOUNT, ServerTestCase, main

PW = "correct-horse-battery-1"


def group_arn(group_id, region="us-east-1"):
    return f"arn:aws:elasticache:{region}:{DEFAULT_ACCOUNT}:usergroup:{group_id}"


class GroupTestCase(ServerTestCase):
    def create_user(self, user_id, **extra):
        params = dict(UserId=user_id, UserName=user_id, Engine="redis",
                      AccessString="on ~* +@all", Passwords=[PW])
        params.update(extra)
        return self.ec.create_user(**params)

    def group(self, group_id):
        groups = self.ec.describe_user_groups(UserGroupId=group_id)["UserGroups"]
        self.assertEqual(len(groups), 1)
        return groups[0]

    def rbac_group(self, rg_id, user_group_ids, **extra):
        params = dict(TransitEncryptionEnabled=True, UserGroupIds=user_group_ids)
        params.update(extra)
        return self.create_cmd(rg_id, clusters=2, **params)


class CreateUserGroup(GroupTestCase):
    def test_create_describe_and_tags(self):
        self.create_user("app")
        created = self.ec.create_user_group(UserGroupId="New-Group-1", Engine="REDIS",
                                            UserIds=["default", "APP"],
                                            Tags=[{"Key": "team", "Value": "cache"}])
        created.pop("ResponseMetadata")
        self.assertEqual(created, {
            "UserGroupId": "new-group-1", "Status": "creating", "Engine": "redis",
            "UserIds": ["default", "app"], "MinimumEngineVersion": "6.0",
            "ReplicationGroups": [], "ServerlessCaches": [], "ARN": group_arn("new-group-1")})
        self.assertEqual(self.group("new-group-1")["Status"], "active")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=group_arn("new-group-1"))[
            "TagList"], [{"Key": "team", "Value": "cache"}])
        users = {u["UserId"]: u["UserGroupIds"] for u in self.ec.describe_users()["Users"]}
        self.assertEqual(users, {"default": ["new-group-1"], "app": ["new-group-1"]})

    def test_a_redis_group_needs_a_user_named_default(self):
        self.create_user("app")
        self.assertAwsError(
            "DefaultUserRequired", self.ec.create_user_group, UserGroupId="grp", Engine="redis",
            UserIds=["app"], status=400,
            message="Redis user group needs to contain a user with the user name default.")
        self.assertAwsError("DefaultUserRequired", self.ec.create_user_group, UserGroupId="grp",
                            Engine="redis")
        # Any user named default will do (the User Guide's swap procedure).
        self.create_user("new-default-user", UserName="default", AccessString="off +get ~keys*")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis",
                                  UserIds=["new-default-user", "app"])
        self.assertAwsError("DuplicateUserName", self.ec.create_user_group, UserGroupId="two",
                            Engine="redis", UserIds=["default", "new-default-user"], status=400)

    def test_valkey_groups(self):
        self.create_user("vk", Engine="valkey")
        self.create_user("rd")
        self.assertEqual(self.ec.create_user_group(UserGroupId="vg", Engine="valkey",
                                                   UserIds=["vk", "rd"])["MinimumEngineVersion"],
                         "7.2")
        self.assertAwsError("InvalidParameterValue", self.ec.create_user_group, UserGroupId="v2",
                            Engine="valkey", UserIds=["vk", "default"])

    def test_rules(self):
        self.assertAwsError("UserNotFound", self.ec.create_user_group, UserGroupId="grp",
                            Engine="redis", UserIds=["default", "ghost"], status=404)
        self.assertAwsError("InvalidParameterValue", self.ec.create_user_group,
                            UserGroupId="grp-", Engine="redis", UserIds=["default"])
        self.assertAwsError("InvalidParameterValue", self.ec.create_user_group,
                            UserGroupId="g" * 41, Engine="redis", UserIds=["default"])
        self.assertAwsError("InvalidParameterValue", self.ec.create_user_group,
                            UserGroupId="grp", Engine="memcached", UserIds=["default"])
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default"])
        self.assertAwsError("UserGroupAlreadyExists", self.ec.create_user_group,
                            UserGroupId="GRP", Engine="redis", UserIds=["default"], status=400)
        self.assertAwsError("UserGroupNotFound", self.ec.describe_user_groups,
                            UserGroupId="ghost", status=404)


class ModifyUserGroup(GroupTestCase):
    def test_add_and_remove_with_pending_changes(self):
        self.create_user("app")
        self.create_user("ops")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default", "app"])
        self.ec.describe_user_groups()
        modified = self.ec.modify_user_group(UserGroupId="grp", UserIdsToAdd=["ops"],
                                             UserIdsToRemove=["app"])
        self.assertEqual(modified["Status"], "modifying")
        self.assertEqual(modified["UserIds"], ["default", "app"])
        self.assertEqual(modified["PendingChanges"], {"UserIdsToRemove": ["app"],
                                                      "UserIdsToAdd": ["ops"]})
        group = self.group("grp")
        self.assertEqual(group["Status"], "active")
        self.assertEqual(group["UserIds"], ["default", "ops"])
        self.assertNotIn("PendingChanges", group)

    def test_swapping_the_default_user(self):
        self.create_user("new-default-user", UserName="default", AccessString="off +get ~keys*")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default"])
        self.ec.describe_user_groups()
        self.assertAwsError("DefaultUserRequired", self.ec.modify_user_group, UserGroupId="grp",
                            UserIdsToRemove=["default"])
        self.ec.modify_user_group(UserGroupId="grp", UserIdsToAdd=["new-default-user"],
                                  UserIdsToRemove=["default"])
        self.assertEqual(self.group("grp")["UserIds"], ["new-default-user"])

    def test_rules(self):
        self.create_user("app")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default"])
        self.ec.describe_user_groups()
        self.assertAwsError("UserGroupNotFound", self.ec.modify_user_group, UserGroupId="ghost",
                            UserIdsToAdd=["app"], status=404)
        error = self.assertAwsError("InvalidParameterValue", self.ec.modify_user_group,
                                    UserGroupId="grp", UserIdsToRemove=["app"])
        self.assertIn("not a member", str(error))  # what Terraform's association looks for
        self.assertAwsError("InvalidParameterValue", self.ec.modify_user_group, UserGroupId="grp",
                            UserIdsToAdd=["default"])
        self.assertAwsError("UserNotFound", self.ec.modify_user_group, UserGroupId="grp",
                            UserIdsToAdd=["ghost"])
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_user_group,
                            UserGroupId="grp")
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_user_group,
                            UserGroupId="grp", UserIdsToAdd=["app"], UserIdsToRemove=["app"])
        self.assertAwsError("InvalidParameterValue", self.ec.modify_user_group, UserGroupId="grp",
                            Engine="valkey")  # the default user has no password


class DeleteUserGroup(GroupTestCase):
    def test_delete(self):
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default"],
                                  Tags=[{"Key": "a", "Value": "b"}])
        self.ec.describe_user_groups()
        deleted = self.ec.delete_user_group(UserGroupId="grp")
        self.assertEqual(deleted["Status"], "deleting")
        self.assertAwsError("UserGroupNotFound", self.ec.describe_user_groups, UserGroupId="grp")
        self.assertEqual(self.ec.describe_users(UserId="default")["Users"][0]["UserGroupIds"], [])
        self.assertAwsError("UserGroupNotFound", self.ec.delete_user_group, UserGroupId="grp")

    def test_paging(self):
        for i in range(23):
            self.ec.create_user_group(UserGroupId=f"grp-{i:02d}", Engine="redis",
                                      UserIds=["default"])
        first = self.ec.describe_user_groups(MaxRecords=20)
        self.assertEqual(len(first["UserGroups"]), 20)
        rest = self.ec.describe_user_groups(MaxRecords=20, Marker=first["Marker"])
        self.assertEqual([g["UserGroupId"] for g in rest["UserGroups"]],
                         ["grp-20", "grp-21", "grp-22"])
        self.assertAwsError("InvalidParameterValue", self.ec.describe_user_groups, MaxRecords=101)


class ReplicationGroupsUsingUserGroups(GroupTestCase):
    def setUp(self):
        super().setUp()
        self.create_user("app")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default", "app"])
        self.ec.describe_user_groups()

    def test_user_group_ids_on_create(self):
        rg = self.rbac_group("shop", ["GRP"])
        self.assertEqual(rg["UserGroupIds"], ["grp"])
        self.assertEqual(self.describe("shop")["UserGroupIds"], ["grp"])
        self.assertEqual(self.group("grp")["ReplicationGroups"], ["shop"])
        self.assertEqual(self.ec.describe_user_groups()["UserGroups"][0]["ReplicationGroups"],
                         ["shop"])
        self.assertAwsError("InvalidUserGroupState", self.ec.delete_user_group, UserGroupId="grp",
                            status=400)
        self.ec.get_waiter("replication_group_available").wait(ReplicationGroupId="shop",
                                                               WaiterConfig=self.WAIT_FAST)
        self.ec.delete_replication_group(ReplicationGroupId="shop")
        self.ec.get_waiter("replication_group_deleted").wait(ReplicationGroupId="shop",
                                                             WaiterConfig=self.WAIT_FAST)
        self.assertEqual(self.group("grp")["ReplicationGroups"], [])
        self.ec.delete_user_group(UserGroupId="grp")

    def test_what_the_replication_group_needs(self):
        self.assertAwsError(
            "InvalidParameterCombination", self.create_cmd, "plain", clusters=1,
            UserGroupIds=["grp"],
            message="User group based access control requires encryption-in-transit to be "
                    "enabled on the replication group.")
        self.assertAwsError("UserGroupNotFound", self.rbac_group, "ghost", ["nope"], status=404)
        self.assertAwsError("InvalidParameterCombination", self.rbac_group, "token", ["grp"],
                            AuthToken="a-long-auth-token-123")
        self.assertAwsError("InvalidParameterCombination", self.rbac_group, "old", ["grp"],
                            EngineVersion="5.0.6")
        self.create_user("chan", AccessString="on ~* &chat +@all")
        self.ec.modify_user_group(UserGroupId="grp", UserIdsToAdd=["chan"])
        self.ec.describe_user_groups()
        self.assertEqual(self.group("grp")["MinimumEngineVersion"], "6.2")
        self.assertAwsError("InvalidParameterCombination", self.rbac_group, "six", ["grp"],
                            EngineVersion="6.0")
        self.rbac_group("ok", ["grp"], EngineVersion="6.2")
        for missing in ("plain", "ghost", "token", "old", "six"):
            self.assertAwsError("ReplicationGroupNotFoundFault",
                                self.ec.describe_replication_groups, ReplicationGroupId=missing)


class UserGroupTransitions(GroupTestCase):
    server_args = ("--transition-seconds", "5")

    def test_states_on_the_emulator_clock(self):
        self.create_user("app")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default"])
        self.assertEqual(self.group("grp")["Status"], "creating")
        self.assertAwsError("InvalidUserGroupState", self.rbac_group, "early", ["grp"])
        self.assertAwsError("InvalidUserGroupState", self.ec.modify_user_group, UserGroupId="grp",
                            UserIdsToAdd=["app"])
        self.server.advance(6)
        self.ec.modify_user_group(UserGroupId="grp", UserIdsToAdd=["app"])
        group = self.group("grp")
        self.assertEqual((group["Status"], group["UserIds"], group["PendingChanges"]),
                         ("modifying", ["default"], {"UserIdsToAdd": ["app"]}))
        self.assertAwsError(
            "InvalidUserGroupState", self.ec.modify_user_group, UserGroupId="grp",
            UserIdsToRemove=["app"],
            message="User group grp has status modifying. Only active user groups can be "
                    "modified.")
        # Tags work in every state of a group.
        self.ec.add_tags_to_resource(ResourceName=group_arn("grp"),
                                     Tags=[{"Key": "k", "Value": "v"}])
        self.server.advance(6)
        self.assertEqual(self.group("grp")["UserIds"], ["default", "app"])
        self.ec.delete_user(UserId="app")
        group = self.group("grp")
        self.assertEqual((group["Status"], group["PendingChanges"]),
                         ("modifying", {"UserIdsToRemove": ["app"]}))
        self.server.advance(6)
        self.assertEqual(self.group("grp")["UserIds"], ["default"])
        self.ec.delete_user_group(UserGroupId="grp")
        self.assertEqual(self.group("grp")["Status"], "deleting")
        self.server.advance(6)
        self.assertAwsError("UserGroupNotFound", self.ec.describe_user_groups, UserGroupId="grp")
        self.assertEqual(self.ec.describe_events(SourceType="user-group")["Events"], [])


class UserGroupQuotas(GroupTestCase):
    server_args = ("--user-group-quota", "1", "--users-per-user-group-quota", "2")

    def test_quotas(self):
        self.create_user("a")
        self.create_user("b")
        self.assertAwsError("InvalidParameterValue", self.ec.create_user_group, UserGroupId="g1",
                            Engine="redis", UserIds=["default", "a", "b"])
        self.ec.create_user_group(UserGroupId="g1", Engine="redis", UserIds=["default", "a"])
        self.assertAwsError("UserGroupQuotaExceeded", self.ec.create_user_group,
                            UserGroupId="g2", Engine="redis", UserIds=["default"], status=400)
        self.ec.describe_user_groups()
        self.assertAwsError("InvalidParameterValue", self.ec.modify_user_group, UserGroupId="g1",
                            UserIdsToAdd=["b"])


if __name__ == "__main__":
    main()

"""RBAC users through boto3: CreateUser, DescribeUsers, ModifyUser and DeleteUser with every
rule (ids, names, engines, passwords, authentication modes, access strings), the built-in
default user, tags, quotas, paging, status transitions on the emulator clock, and the
(account, region) partitioning."""

from ecl_harness import DEFAULT_ACCOUNT, Server, ServerTestCase, main

PW1 = "correct-horse-battery-1"
PW2 = "correct-horse-battery-2"


def user_arn(user_id, region="us-east-1", account=DEFAULT_ACCOUNT):
    return f"arn:aws:elasticache:{region}:{account}:user:{user_id}"


class UserTestCase(ServerTestCase):
    def create_user(self, user_id, client=None, **extra):
        params = dict(UserId=user_id, UserName=user_id, Engine="redis",
                      AccessString="on ~* +@all", Passwords=[PW1])
        params.update(extra)
        user = (client or self.ec).create_user(**params)
        user.pop("ResponseMetadata")
        return user

    def user(self, user_id, client=None):
        users = (client or self.ec).describe_users(UserId=user_id)["Users"]
        self.assertEqual(len(users), 1)
        return users[0]


class DefaultUser(UserTestCase):
    def test_every_account_and_region_has_it_as_aws_shows_it(self):
        users = self.ec.describe_users()["Users"]
        self.assertEqual(users, [{
            "UserId": "default", "UserName": "default", "Status": "active", "Engine": "redis",
            "MinimumEngineVersion": "6.0", "AccessString": "on ~* +@all", "UserGroupIds": [],
            "Authentication": {"Type": "no-password"}, "ARN": user_arn("default")}])
        other = self.server.client(region="eu-west-1", access_key_id="123456789012")
        self.assertEqual(other.describe_users(UserId="default")["Users"][0]["ARN"],
                         user_arn("default", "eu-west-1", "123456789012"))

    def test_it_cannot_be_modified_or_deleted_and_its_id_is_taken(self):
        self.assertAwsError("InvalidParameterValue", self.ec.modify_user, UserId="default",
                            AccessString="off -@all")
        self.assertAwsError("InvalidParameterValue", self.ec.delete_user, UserId="default")
        self.assertAwsError("UserAlreadyExists", self.create_user, "default", status=400,
                            message="User default already exists.")
        # In a group it is the group's default user.
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default"])
        self.assertAwsError(
            "DefaultUserAssociatedToUserGroup", self.ec.delete_user, UserId="default",
            message="User is associated to user group(s) as a default user and can't be deleted.")
        self.assertEqual(self.user("default")["UserGroupIds"], ["grp"])


class CreateUser(UserTestCase):
    def test_password_user_with_two_passwords_and_tags(self):
        user = self.create_user("App-User", UserName="app", Engine="Redis",
                                AccessString="on ~app:* -@all +@read", Passwords=[PW1, PW2],
                                Tags=[{"Key": "team", "Value": "cache"}])
        self.assertEqual(user, {
            "UserId": "app-user", "UserName": "app", "Status": "active", "Engine": "redis",
            "MinimumEngineVersion": "6.0", "AccessString": "on ~app:* -@all +@read",
            "UserGroupIds": [], "Authentication": {"Type": "password", "PasswordCount": 2},
            "ARN": user_arn("app-user")})
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=user["ARN"])["TagList"],
                         [{"Key": "team", "Value": "cache"}])
        self.assertEqual(self.user("APP-USER")["UserId"], "app-user")

    def test_access_strings_are_shown_in_canonical_form(self):
        cases = {
            "~objects:* ~items:* ~public:*": "off ~objects:* ~items:* ~public:* -@all",
            "off +get ~keys*": "off ~keys* -@all +get",
            "on ~* &* +@all": "on ~* &* +@all",
            "ON allkeys allcommands -flushall": "on ~* +@all -flushall",
        }
        for i, (given, shown) in enumerate(cases.items()):
            with self.subTest(given=given):
                user = self.create_user(f"u{i}", AccessString=given)
                self.assertEqual(user["AccessString"], shown)
                self.assertEqual(self.user(f"u{i}")["AccessString"], shown)

    def test_newer_access_rules_raise_the_minimum_engine_version(self):
        self.assertEqual(self.create_user("chan", AccessString="on ~* &chat +@all")[
            "MinimumEngineVersion"], "6.2")
        self.assertEqual(self.create_user("rw", AccessString="on %R~* +@read")[
            "MinimumEngineVersion"], "7.0")
        self.assertEqual(self.create_user("val", Engine="valkey")["MinimumEngineVersion"], "7.2")

    def test_malformed_access_strings(self):
        for bad in ("on ~* +@nosuch", "on ~* +@all nopass", "on >secret ~*", "reset on",
                    "on ~* ~more", "on (~a +get", "whatever", "  "):
            with self.subTest(access=bad):
                error = self.assertAwsError("InvalidParameterValue", self.create_user, "bad",
                                            AccessString=bad, status=400)
                self.assertIn("Invalid access string", str(error))
        self.assertEqual([u["UserId"] for u in self.ec.describe_users()["Users"]], ["default"])

    def test_authentication_modes(self):
        nopass = self.ec.create_user(UserId="open", UserName="open", Engine="redis",
                                     AccessString="on ~* +@all", NoPasswordRequired=True)
        self.assertEqual(nopass["Authentication"], {"Type": "no-password"})
        via_mode = self.ec.create_user(UserId="mode", UserName="mode", Engine="redis",
                                       AccessString="on ~* +@all", NoPasswordRequired=False,
                                       AuthenticationMode={"Type": "password",
                                                           "Passwords": [PW1, PW2]})
        self.assertEqual(via_mode["Authentication"], {"Type": "password", "PasswordCount": 2})
        nopass_mode = self.ec.create_user(UserId="nopass", UserName="nopass", Engine="redis",
                                          AccessString="on ~* +@all", NoPasswordRequired=False,
                                          AuthenticationMode={"Type": "no-password-required"})
        self.assertEqual(nopass_mode["Authentication"], {"Type": "no-password"})
        iam = self.ec.create_user(UserId="iam-user-01", UserName="iam-user-01", Engine="redis",
                                  AccessString="on ~* +@all", AuthenticationMode={"Type": "iam"})
        self.assertEqual(iam["Authentication"], {"Type": "iam"})
        self.assertEqual(iam["MinimumEngineVersion"], "7.0")

    def test_authentication_rules(self):
        base = dict(UserName="x", Engine="redis", AccessString="on ~* +@all")
        self.assertAwsError(
            "InvalidParameterValue", self.ec.create_user, UserId="x", **base,
            message="No password was provided. If you want to create/update the user without "
                    "password, please use the NoPasswordRequired flag.")
        self.assertAwsError("InvalidParameterValue", self.ec.create_user, UserId="x", **base,
                            Passwords=["too-short"],
                            message="Passwords length must be between 16-128 characters.")
        self.assertAwsError("InvalidParameterValue", self.ec.create_user, UserId="x", **base,
                            Passwords=["p" * 129])
        for bad_char in (" ", ",", '"', "/", "@"):
            self.assertAwsError("InvalidParameterValue", self.ec.create_user, UserId="x", **base,
                                Passwords=["p" * 16 + bad_char])
        self.assertAwsError("InvalidParameterValue", self.ec.create_user, UserId="x", **base,
                            Passwords=[PW1, PW2, PW1 + "3"])
        self.assertAwsError("InvalidParameterCombination", self.ec.create_user, UserId="x",
                            **base, Passwords=[PW1], NoPasswordRequired=True)
        self.assertAwsError("InvalidParameterCombination", self.ec.create_user, UserId="x",
                            **base, Passwords=[PW1],
                            AuthenticationMode={"Type": "password", "Passwords": [PW2]})
        self.assertAwsError("InvalidParameterCombination", self.ec.create_user, UserId="x",
                            **base, AuthenticationMode={"Type": "password"})
        self.assertAwsError("InvalidParameterCombination", self.ec.create_user, UserId="x",
                            **base, AuthenticationMode={"Type": "iam", "Passwords": [PW1]})
        self.assertAwsError("InvalidParameterCombination", self.ec.create_user, UserId="x",
                            **base, NoPasswordRequired=True, AuthenticationMode={"Type": "iam"})
        self.assertAwsError("InvalidParameterValue", self.ec.create_user, UserId="x", **base,
                            AuthenticationMode={"Type": "token"})
        self.assertAwsError(
            "InvalidParameterCombination", self.ec.create_user, UserId="app", UserName="default",
            Engine="valkey", AccessString="on ~* +@all", AuthenticationMode={"Type": "iam"},
            message="User Id and User name must be same for authentication type: iam")
        self.assertAwsError("InvalidParameterCombination", self.ec.create_user, UserId="v",
                            UserName="v", Engine="valkey", AccessString="on ~* +@all",
                            NoPasswordRequired=True)

    def test_id_name_and_engine_rules(self):
        for bad in ("1user", "user-", "us--er", "user_1", "u" * 41):
            with self.subTest(user_id=bad):
                self.assertAwsError("InvalidParameterValue", self.create_user, bad)
        self.assertEqual(self.create_user("u" * 40)["UserId"], "u" * 40)
        self.assertAwsError("InvalidParameterValue", self.create_user, "longname",
                            UserName="n" * 121)
        self.assertAwsError("InvalidParameterValue", self.create_user, "mc", Engine="memcached")
        self.assertEqual(self.create_user("valk", Engine="VALKEY")["Engine"], "valkey")

    def test_names_may_repeat_across_users(self):
        # The AWS CLI's describe-users example shows two users named myUser.
        self.create_user("user1", UserName="myUser")
        self.create_user("user2", UserName="myUser")
        self.assertEqual([u["UserName"] for u in self.ec.describe_users()["Users"]
                          if u["UserId"] != "default"], ["myUser", "myUser"])

    def test_existing_id(self):
        self.create_user("dup")
        self.assertAwsError("UserAlreadyExists", self.create_user, "DUP",
                            message="User dup already exists.")


class DescribeUsers(UserTestCase):
    def test_by_id_engine_filters_and_paging(self):
        for i in range(24):
            self.create_user(f"user-{i:02d}", Engine="valkey" if i % 3 == 0 else "redis")
        self.assertAwsError("UserNotFound", self.ec.describe_users, UserId="nobody", status=404,
                            message="User nobody not found.")
        valkey = self.ec.describe_users(Engine="valkey")["Users"]
        self.assertEqual([u["UserId"] for u in valkey], [f"user-{i:02d}" for i in range(0, 24, 3)])
        filtered = self.ec.describe_users(Filters=[{"Name": "user-id",
                                                    "Values": ["user-01", "USER-05", "none"]}])
        self.assertEqual([u["UserId"] for u in filtered["Users"]], ["user-01", "user-05"])
        self.assertAwsError("InvalidParameterCombination", self.ec.describe_users,
                            Filters=[{"Name": "engine", "Values": ["redis"]}])
        first = self.ec.describe_users(MaxRecords=20)
        self.assertEqual(len(first["Users"]), 20)
        self.assertEqual(first["Users"][0]["UserId"], "default")
        rest = self.ec.describe_users(MaxRecords=20, Marker=first["Marker"])
        self.assertEqual(len(rest["Users"]), 5)
        self.assertNotIn("Marker", rest)
        ids = [u["UserId"] for u in first["Users"] + rest["Users"]]
        self.assertEqual(ids, sorted(ids))
        paged = [u for page in self.ec.get_paginator("describe_users").paginate(
            PaginationConfig={"PageSize": 20}) for u in page["Users"]]
        self.assertEqual(len(paged), 25)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_users, MaxRecords=19)
        self.assertAwsError("InvalidParameterValue", self.ec.describe_users, Marker="forged")


class ModifyUser(UserTestCase):
    def test_access_string_append_and_passwords(self):
        self.create_user("app", AccessString="on ~app::* -@all +@read")
        modified = self.ec.modify_user(UserId="app", AppendAccessString="on ~* +@all")
        self.assertEqual(modified["Status"], "modifying")
        self.assertEqual(modified["AccessString"], "on ~* +@all")
        self.assertEqual(self.user("app")["Status"], "active")
        self.ec.modify_user(UserId="app", AccessString="~objects:* ~items:* ~public:*",
                            Passwords=[PW2, PW1])
        user = self.user("app")
        self.assertEqual(user["AccessString"], "off ~objects:* ~items:* ~public:* -@all")
        self.assertEqual(user["Authentication"], {"Type": "password", "PasswordCount": 2})
        self.ec.modify_user(UserId="app", NoPasswordRequired=True)
        self.assertEqual(self.user("app")["Authentication"], {"Type": "no-password"})
        self.ec.modify_user(UserId="app", AuthenticationMode={"Type": "password",
                                                               "Passwords": [PW1]})
        self.assertEqual(self.user("app")["Authentication"],
                         {"Type": "password", "PasswordCount": 1})
        self.ec.modify_user(UserId="app", AuthenticationMode={"Type": "iam"})
        self.assertEqual(self.user("app")["Authentication"], {"Type": "iam"})
        self.assertEqual(self.user("app")["MinimumEngineVersion"], "7.0")
        self.ec.modify_user(UserId="app", Engine="valkey", AuthenticationMode={
            "Type": "password", "Passwords": [PW1]})
        self.assertEqual(self.user("app")["Engine"], "valkey")

    def test_rules(self):
        self.create_user("app", UserName="application")
        self.assertAwsError("UserNotFound", self.ec.modify_user, UserId="ghost",
                            AccessString="on", status=404)
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_user, UserId="app",
                            AccessString="on ~* +@all", AppendAccessString="-flushall")
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_user, UserId="app")
        self.assertAwsError("InvalidParameterValue", self.ec.modify_user, UserId="app",
                            AccessString="on +@bogus")
        self.assertAwsError("InvalidParameterValue", self.ec.modify_user, UserId="app",
                            Passwords=["short"])
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_user, UserId="app",
                            Passwords=[PW1], NoPasswordRequired=True)
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_user, UserId="app",
                            AuthenticationMode={"Type": "iam"})
        self.assertAwsError("InvalidParameterCombination", self.ec.modify_user, UserId="app",
                            Engine="valkey", NoPasswordRequired=True)
        self.assertEqual(self.user("app")["AccessString"], "on ~* +@all")

    def test_groups_holding_the_user_are_updated(self):
        self.create_user("app")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default", "app"])
        self.ec.describe_user_groups()
        self.ec.modify_user(UserId="app", AccessString="on ~* -@all +get")
        group = self.ec.describe_user_groups(UserGroupId="grp")["UserGroups"][0]
        self.assertEqual(group["Status"], "active")  # transitions take no time by default


class DeleteUser(UserTestCase):
    def test_deleting_leaves_every_group(self):
        self.create_user("app")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default", "app"])
        self.ec.describe_user_groups()
        deleted = self.ec.delete_user(UserId="APP")
        self.assertEqual(deleted["Status"], "deleting")
        self.assertEqual(deleted["UserGroupIds"], ["grp"])
        self.assertAwsError("UserNotFound", self.ec.describe_users, UserId="app")
        self.assertEqual(self.ec.describe_user_groups(UserGroupId="grp")["UserGroups"][0][
            "UserIds"], ["default"])
        self.assertAwsError("UserNotFound", self.ec.delete_user, UserId="app", status=404)

    def test_a_user_named_default_in_a_group_stays(self):
        self.create_user("new-default", UserName="default", AccessString="off +get ~keys*")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["new-default"])
        self.assertAwsError("DefaultUserAssociatedToUserGroup", self.ec.delete_user,
                            UserId="new-default", status=400)
        self.ec.delete_user_group(UserGroupId="grp")
        self.ec.describe_user_groups()
        self.assertEqual(self.ec.delete_user(UserId="new-default")["Status"], "deleting")

    def test_tags_go_with_the_user(self):
        arn = self.create_user("app", Tags=[{"Key": "a", "Value": "1"}])["ARN"]
        self.ec.delete_user(UserId="app")
        self.ec.describe_users()
        self.assertAwsError("UserNotFound", self.ec.list_tags_for_resource, ResourceName=arn)
        self.create_user("app")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=arn)["TagList"], [])


class UserTransitions(UserTestCase):
    server_args = ("--transition-seconds", "5")

    def test_modifying_then_active_on_the_emulator_clock(self):
        self.create_user("app")
        self.ec.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default", "app"])
        self.server.advance(10)
        self.assertEqual(self.ec.modify_user(UserId="app", Passwords=[PW2])["Status"],
                         "modifying")
        self.assertEqual(self.user("app")["Status"], "modifying")
        group = self.ec.describe_user_groups(UserGroupId="grp")["UserGroups"][0]
        self.assertEqual(group["Status"], "modifying")
        self.assertAwsError("InvalidUserState", self.ec.modify_user, UserId="app",
                            AccessString="off", status=400,
                            message="User app has status modifying. Only active users can be "
                                    "modified.")
        self.assertAwsError("InvalidUserState", self.ec.delete_user, UserId="app")
        self.assertAwsError("UserNotFound", self.ec.list_tags_for_resource,
                            ResourceName=user_arn("app"), status=404,
                            message="app is not available for tagging")
        self.server.advance(6)
        self.assertEqual(self.user("app")["Status"], "active")
        self.assertEqual(self.ec.describe_user_groups(UserGroupId="grp")["UserGroups"][0][
            "Status"], "active")
        self.assertEqual(self.ec.list_tags_for_resource(ResourceName=user_arn("app"))["TagList"],
                         [])

    def test_deleting_then_gone(self):
        self.create_user("app")
        self.ec.delete_user(UserId="app")
        self.assertEqual(self.user("app")["Status"], "deleting")
        self.server.advance(6)
        self.assertAwsError("UserNotFound", self.ec.describe_users, UserId="app")

    def test_events_are_recorded_but_not_shown(self):
        # No ElastiCache event text for users is known (docs/events.md).
        self.create_user("app")
        self.ec.modify_user(UserId="app", AccessString="off")
        self.server.advance(6)
        self.assertEqual(self.ec.describe_events(SourceType="user")["Events"], [])


class UserQuota(UserTestCase):
    server_args = ("--user-quota", "2")

    def test_the_default_user_does_not_count(self):
        self.create_user("one")
        self.create_user("two")
        self.assertAwsError("UserQuotaExceeded", self.create_user, "three", status=400)
        other = self.server.client(region="eu-west-1")
        self.create_user("three", client=other)


class Isolation(UserTestCase):
    def test_users_live_in_one_account_and_region(self):
        self.create_user("app")
        west = self.server.client(region="us-west-2")
        other_account = self.server.client(access_key_id="210987654321")
        for client in (west, other_account):
            self.assertAwsError("UserNotFound", client.describe_users, UserId="app")
            self.assertEqual([u["UserId"] for u in client.describe_users()["Users"]],
                             ["default"])
        self.create_user("app", client=west, UserName="west-app")
        self.assertEqual(self.user("app")["UserName"], "app")


if __name__ == "__main__":
    main()

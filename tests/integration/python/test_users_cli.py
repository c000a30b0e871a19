"""Users and user groups through the AWS CLI, as the User Guide's RBAC walkthrough runs them:
create-user (passwords, --no-password-required, --authentication-mode), describe-users with
filters and automatic paging, modify-user, swapping the default user with modify-user-group,
a replication group with --user-group-ids, and errors on stderr."""

from ecl_cli import CliTestCase
from ecl_harness import main

PW = "a-str0ng-pa))word"


class UsersCli(CliTestCase):
    def create_user(self, user_id, *extra):
        return self.aws("create-user", "--user-id", user_id, "--user-name", user_id,
                        "--engine", "redis", "--access-string", "on ~* +@all",
                        "--passwords", PW, *extra)

    def test_users_walkthrough(self):
        user = self.aws("create-user", "--user-id", "user1", "--user-name", "myUser",
                        "--engine", "REDIS", "--passwords", "mYnuUzrpAxXw2rdzx",
                        "--access-string", "on ~app::* -@all +@read",
                        "--tags", "Key=team,Value=cache")
        self.assertEqual(user["Status"], "active")
        self.assertEqual(user["Engine"], "redis")
        self.assertEqual(user["Authentication"], {"Type": "password", "PasswordCount": 1})
        self.assertEqual(user["ARN"], "arn:aws:elasticache:us-east-1:000000000000:user:user1")
        nopass = self.aws("create-user", "--user-id", "user2", "--user-name", "user2",
                          "--engine", "redis", "--no-password-required",
                          "--access-string", "off +get ~keys*")
        self.assertEqual(nopass["AccessString"], "off ~keys* -@all +get")
        self.assertEqual(nopass["Authentication"], {"Type": "no-password"})
        iam = self.aws("create-user", "--user-id", "iam-user-01", "--user-name", "iam-user-01",
                       "--authentication-mode", "Type=iam", "--engine", "redis",
                       "--access-string", "on ~* +@all")
        self.assertEqual(iam["Authentication"], {"Type": "iam"})

        modified = self.aws("modify-user", "--user-id", "user1", "--append-access-string",
                            "on ~* +@all")
        self.assertEqual((modified["Status"], modified["AccessString"]),
                         ("modifying", "on ~* +@all"))
        self.aws("modify-user", "--user-id", "user2", "--access-string",
                 "~objects:* ~items:* ~public:*", "--no-password-required")
        described = self.aws("describe-users", "--user-id", "user2")["Users"][0]
        self.assertEqual(described["AccessString"], "off ~objects:* ~items:* ~public:* -@all")

        filtered = self.aws("describe-users", "--filters", "Name=user-id,Values=user1,user2")
        self.assertEqual([u["UserId"] for u in filtered["Users"]], ["user1", "user2"])
        self.assertEqual([u["UserId"] for u in self.aws("describe-users", "--engine", "redis")[
            "Users"]], ["default", "iam-user-01", "user1", "user2"])
        self.assertEqual(self.aws("list-tags-for-resource", "--resource-name", user["ARN"])[
            "TagList"], [{"Key": "team", "Value": "cache"}])

        deleted = self.aws("delete-user", "--user-id", "user2")
        self.assertEqual(deleted["Status"], "deleting")
        self.assertCliError("UserNotFound", "describe-users", "--user-id", "user2")

    def test_automatic_paging(self):
        for i in range(22):
            self.create_user(f"paged-{i:02d}")
        everything = self.aws("describe-users", "--page-size", "20")
        self.assertEqual(len(everything["Users"]), 23)
        page = self.aws("describe-users", "--max-items", "21", "--page-size", "20")
        self.assertEqual(len(page["Users"]), 21)
        self.assertIn("NextToken", page)

    def test_swapping_the_default_user_and_a_replication_group(self):
        self.aws("create-user", "--user-id", "new-default-user", "--user-name", "default",
                 "--engine", "REDIS", "--passwords", PW, "--access-string", "off +get ~keys*")
        self.create_user("user-id-1")
        group = self.aws("create-user-group", "--user-group-id", "test-group", "--engine",
                         "REDIS", "--user-ids", "default", "user-id-1")
        self.assertEqual(group["Status"], "creating")
        self.assertEqual(group["ARN"],
                         "arn:aws:elasticache:us-east-1:000000000000:usergroup:test-group")
        swapped = self.aws("modify-user-group", "--user-group-id", "test-group",
                           "--user-ids-to-add", "new-default-user", "--user-ids-to-remove",
                           "default")
        self.assertEqual(swapped["PendingChanges"], {"UserIdsToRemove": ["default"],
                                                     "UserIdsToAdd": ["new-default-user"]})
        groups = self.aws("describe-user-groups", "--user-group-id", "test-group")["UserGroups"]
        self.assertEqual(sorted(groups[0]["UserIds"]), ["new-default-user", "user-id-1"])

        rg = self.aws("create-replication-group", "--replication-group-id",
                      "new-replication-group", "--replication-group-description", "rbac",
                      "--engine", "redis", "--cache-node-type", "cache.m5.large",
                      "--transit-encryption-enabled", "--user-group-ids", "test-group")[
            "ReplicationGroup"]
        self.assertEqual(rg["UserGroupIds"], ["test-group"])
        self.assertEqual(self.aws("describe-user-groups")["UserGroups"][0]["ReplicationGroups"],
                         ["new-replication-group"])
        self.assertCliError("InvalidUserGroupState", "delete-user-group", "--user-group-id",
                            "test-group")
        self.assertCliError("DefaultUserAssociatedToUserGroup", "delete-user", "--user-id",
                            "new-default-user")

    def test_errors(self):
        self.assertCliError("DefaultUserRequired", "create-user-group", "--user-group-id", "g",
                            "--engine", "redis", contains="user name default")
        self.assertCliError("InvalidParameterValue", "create-user", "--user-id", "short",
                            "--user-name", "short", "--engine", "redis", "--access-string",
                            "on ~* +@all", "--passwords", "tooshort",
                            contains="Passwords length must be between 16-128 characters.")
        self.assertCliError("InvalidParameterValue", "create-user", "--user-id", "acl",
                            "--user-name", "acl", "--engine", "redis", "--access-string",
                            "on ~* +@nosuch", "--no-password-required")
        self.assertCliError("UserGroupNotFound", "delete-user-group", "--user-group-id", "none")
        self.assertCliError("InvalidParameterCombination", "create-replication-group",
                            "--replication-group-id", "plain",
                            "--replication-group-description", "x", "--user-group-ids", "g")


if __name__ == "__main__":
    main()

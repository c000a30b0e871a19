"""Real Terraform (hashicorp/aws) against the emulator: RBAC users and user groups.

One configuration holds
  * `aws_elasticache_user.default_like`: a user named `default` without a password
    (no_password_required), the group's default user in place of the built-in one;
  * `aws_elasticache_user.app`: an application user with two passwords and tags;
  * `aws_elasticache_user.ops`: a user with `authentication_mode { type = "password" }`;
  * `aws_elasticache_user_group.app`: redis, holding default_like and app (`user_ids`
    ignored after create, as the provider documents for groups that also get
    associations);
  * `aws_elasticache_user_group_association.ops`: adds ops to the group (ModifyUserGroup);
  * `aws_elasticache_replication_group.rbac`: in-transit encryption and
    `user_group_ids = [the group]`.
The update changes the application user's access string and passwords (ModifyUser, then the
provider waits for `active`). Each apply is followed by boto3 checks and
`terraform plan -detailed-exitcode` (exit 0: no drift); then `terraform destroy`, after which
only the built-in default user is left.
"""

import unittest

from botocore.exceptions import ClientError

from tf_harness import TerraformTestCase, hcl_map, provider_block, timeouts_block

APP_ACCESS_V1 = "on ~app:* -@all +@read"
APP_ACCESS_V2 = "on ~app:* ~cache:* -@all +@read +@write"
APP_PASSWORDS_V1 = ["app-password-0001", "app-password-0002"]
APP_PASSWORDS_V2 = ["app-password-rotated-3"]
OPS_PASSWORD = "ops-password-00001"
APP_TAGS = {"team": "cache"}
GROUP_ID = "tf-app-group"
RG_ID = "tf-rbac"


def config(endpoint, app_access, app_passwords):
    passwords = ", ".join(f'"{p}"' for p in app_passwords)
    return provider_block(endpoint) + f"""
resource "aws_elasticache_user" "default_like" {{
  user_id              = "tf-default"
  user_name            = "default"
  access_string        = "on ~* +@all"
  engine               = "redis"
  no_password_required = true
}}

resource "aws_elasticache_user" "app" {{
  user_id       = "tf-app"
  user_name     = "app"
  access_string = "{app_access}"
  engine        = "redis"
  passwords     = [{passwords}]
  tags          = {hcl_map(APP_TAGS)}
}}

resource "aws_elasticache_user" "ops" {{
  user_id       = "tf-ops"
  user_name     = "ops"
  access_string = "on ~* -@all +@read"
  engine        = "redis"

  authentication_mode {{
    type      = "password"
    passwords = ["{OPS_PASSWORD}"]
  }}
}}

resource "aws_elasticache_user_group" "app" {{
  engine        = "redis"
  user_group_id = "{GROUP_ID}"
  user_ids      = [aws_elasticache_user.default_like.user_id, aws_elasticache_user.app.user_id]

  lifecycle {{
    ignore_changes = [user_ids]
  }}
}}

resource "aws_elasticache_user_group_association" "ops" {{
  user_group_id = aws_elasticache_user_group.app.user_group_id
  user_id       = aws_elasticache_user.ops.user_id
}}

resource "aws_elasticache_replication_group" "rbac" {{
  replication_group_id       = "{RG_ID}"
  description                = "terraform, RBAC"
  engine                     = "redis"
  node_type                  = "cache.t3.micro"
  num_cache_clusters         = 1
  transit_encryption_enabled = true
  user_group_ids             = [aws_elasticache_user_group.app.user_group_id]

  {timeouts_block()}
}}
"""


class Users(TerraformTestCase):
    name = "users"

    @classmethod
    def initial_config(cls, endpoint):
        return config(endpoint, APP_ACCESS_V1, APP_PASSWORDS_V1)

    def user(self, user_id):
        users = self.ec.describe_users(UserId=user_id)["Users"]
        self.assertEqual(len(users), 1)
        return users[0]

    def check(self, app_access, app_password_count):
        state = self.tf.state()
        with self.subTest(check="boto3: the default-like user"):
            user = self.user("tf-default")
            self.assertEqual((user["UserName"], user["AccessString"], user["Authentication"],
                              user["Status"]),
                             ("default", "on ~* +@all", {"Type": "no-password"}, "active"))
            self.assertEqual(user["UserGroupIds"], [GROUP_ID])
        with self.subTest(check="boto3: the application user"):
            user = self.user("tf-app")
            self.assertEqual(user["Status"], "active")
            self.assertEqual(user["AccessString"], app_access)
            self.assertEqual(user["Authentication"],
                             {"Type": "password", "PasswordCount": app_password_count})
            self.assertEqual(self.tags_of(user["ARN"]), APP_TAGS)
            res = state.get("aws_elasticache_user.app")
            self.assertIsNotNone(res, "not in the Terraform state")
            self.assertEqual(res["arn"], user["ARN"])
            self.assertEqual(res["access_string"], app_access)
            self.assertEqual(res["authentication_mode"][0]["password_count"], app_password_count)
        with self.subTest(check="boto3: the authentication_mode user"):
            self.assertEqual(self.user("tf-ops")["Authentication"],
                             {"Type": "password", "PasswordCount": 1})
        with self.subTest(check="boto3: the user group and its association"):
            group = self.ec.describe_user_groups(UserGroupId=GROUP_ID)["UserGroups"][0]
            self.assertEqual(group["Status"], "active")
            self.assertEqual(sorted(group["UserIds"]), ["tf-app", "tf-default", "tf-ops"])
            self.assertEqual(group["ReplicationGroups"], [RG_ID])
            self.assertNotIn("default", group["UserIds"])  # the built-in user was swapped out
        with self.subTest(check="boto3: the replication group uses the group"):
            rg = self.ec.describe_replication_groups(
                ReplicationGroupId=RG_ID)["ReplicationGroups"][0]
            self.assertEqual(rg["Status"], "available")
            self.assertEqual(rg["UserGroupIds"], [GROUP_ID])
            self.assertTrue(rg["TransitEncryptionEnabled"])
            self.assertEqual(state["aws_elasticache_replication_group.rbac"]["user_group_ids"],
                             [GROUP_ID])

    def test_1_create(self):
        self.apply_ok("apply (create)")
        self.check(APP_ACCESS_V1, 2)
        self.plan_no_drift("plan after create")

    def test_2_change_access_string_and_password(self):
        self.require_created()
        self.tf.write_config(config(self.server.endpoint, APP_ACCESS_V2, APP_PASSWORDS_V2))
        self.apply_ok("apply (access string, password)")
        self.check(APP_ACCESS_V2, 1)
        self.plan_no_drift("plan after update")

    def test_3_destroy(self):
        self.require_created()
        self.destroy_ok()
        with self.subTest(check="boto3: only the built-in default user is left"):
            self.assertEqual([u["UserId"] for u in self.ec.describe_users()["Users"]],
                             ["default"])
            self.assertEqual(self.ec.describe_user_groups()["UserGroups"], [])
            with self.assertRaises(ClientError) as gone:
                self.ec.describe_replication_groups(ReplicationGroupId=RG_ID)
            self.assertEqual(gone.exception.response["Error"]["Code"],
                             "ReplicationGroupNotFoundFault")


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""The data plane's security, judged by python3-redis and redis-cli: in-transit encryption
with the emulator's CA (GET /_admin/ca.pem), TransitEncryptionMode preferred taking TLS and
plain connections on one port, AUTH tokens (and their rotation), and RBAC users and user
groups enforced by the engines' own ACLs."""

import os
import ssl
import subprocess
import tempfile
import unittest

from dataplane_harness import DataPlaneTestCase, redis, wait_until

TOKEN = "token-0123456789abcdef"
TOKEN2 = "token-fedcba9876543210"
APP_PASSWORD = "app-password-0123456789"


class SecurityTest(DataPlaneTestCase):
    port_base = 24200

    def assertRefused(self, call):
        """The engine refuses to sign in: NOAUTH, or WRONGPASS (which redis-py before 4.4
        raises as a plain ResponseError)."""
        with self.assertRaises((redis.exceptions.AuthenticationError,
                                redis.exceptions.ResponseError)) as caught:
            call()
        self.assertRegex(str(caught.exception), "(?i)WRONGPASS|NOAUTH|Authentication required")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        status, headers, body = cls.server.http("GET", "/_admin/ca.pem")
        assert status == 200, status
        cls.ca_dir = tempfile.TemporaryDirectory()
        cls.ca_file = os.path.join(cls.ca_dir.name, "ca.pem")
        with open(cls.ca_file, "wb") as f:
            f.write(body)

    @classmethod
    def tearDownClass(cls):
        cls.ca_dir.cleanup()
        super().tearDownClass()

    def tls_client(self, endpoint, **kwargs):
        return self.redis_at(endpoint, ssl=True, ssl_ca_certs=self.ca_file,
                             ssl_cert_reqs="required", **kwargs)

    def primary_endpoint(self, group_id):
        return self.describe(group_id)["NodeGroups"][0]["PrimaryEndpoint"]

    def test_ca_is_a_pem_certificate(self):
        status, headers, body = self.server.http("GET", "/_admin/ca.pem")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/x-pem-file")
        self.assertTrue(body.startswith(b"-----BEGIN CERTIFICATE-----"))
        ssl.create_default_context(cafile=self.ca_file)  # loads as a trust anchor

    def test_tls_required_with_auth_token(self):
        self.create_cmd("secure", clusters=2, TransitEncryptionEnabled=True, AuthToken=TOKEN)
        endpoint = self.primary_endpoint("secure")
        client = self.tls_client(endpoint, password=TOKEN)
        self.assertTrue(client.set("secret", "kept"))
        self.assertEqual(client.get("secret"), "kept")
        # The certificate names the endpoint host; hostname checking is on above.
        self.assertRefused(lambda: self.tls_client(endpoint).get("secret"))
        self.assertRefused(
            lambda: self.tls_client(endpoint, password="wrong-token-0123456789").get("secret"))
        with self.assertRaises(redis.exceptions.ConnectionError):  # no TLS: no answer
            self.redis_at(endpoint, password=TOKEN).get("secret")
        # redis-cli as a judge: TLS with the emulator's CA.
        out = subprocess.run(["redis-cli", "--tls", "--cacert", self.ca_file, "-h",
                              endpoint["Address"], "-p", str(endpoint["Port"]), "-a", TOKEN,
                              "--no-auth-warning", "GET", "secret"],
                             capture_output=True, text=True, timeout=15)
        self.assertEqual(out.stdout.strip(), "kept", out.stderr)
        # The replica has it too, behind the same token.
        replica = self.describe("secure")["NodeGroups"][0]["ReaderEndpoint"]
        self.tls_client(endpoint, password=TOKEN).execute_command("WAIT", 1, 5000)
        self.assertEqual(self.tls_client(replica, password=TOKEN).get("secret"), "kept")

    def test_tls_preferred_accepts_tls_and_plain_on_one_port(self):
        self.create_cmd("migrating", clusters=2, TransitEncryptionEnabled=True,
                        TransitEncryptionMode="preferred")
        group = self.describe("migrating")
        self.assertEqual(group["TransitEncryptionMode"], "preferred")
        endpoint = group["NodeGroups"][0]["PrimaryEndpoint"]
        self.tls_client(endpoint).set("mode", "preferred")
        self.assertEqual(self.redis_at(endpoint).get("mode"), "preferred")
        member = group["NodeGroups"][0]["NodeGroupMembers"][0]["ReadEndpoint"]
        self.assertEqual(self.tls_client(member).ping(), True)
        self.assertEqual(self.redis_at(member).ping(), True)

    def test_without_encryption_tls_is_not_spoken(self):
        self.create_cmd("plain", clusters=1)
        endpoint = self.primary_endpoint("plain")
        self.assertTrue(self.redis_at(endpoint).ping())
        with self.assertRaises((redis.exceptions.ConnectionError,
                                redis.exceptions.TimeoutError)):
            self.redis_at(endpoint, ssl=True, ssl_ca_certs=self.ca_file,
                          socket_timeout=2).ping()

    def test_auth_token_rotation_on_a_standalone_cluster(self):
        self.ec.create_cache_cluster(CacheClusterId="rotating", Engine="redis",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=1,
                                     TransitEncryptionEnabled=True, AuthToken=TOKEN)
        node = self.ec.describe_cache_clusters(CacheClusterId="rotating", ShowCacheNodeInfo=True)[
            "CacheClusters"][0]["CacheNodes"][0]["Endpoint"]
        self.assertTrue(self.tls_client(node, password=TOKEN).ping())
        self.ec.modify_cache_cluster(CacheClusterId="rotating", AuthToken=TOKEN2,
                                     AuthTokenUpdateStrategy="ROTATE", ApplyImmediately=True)
        self.ec.describe_cache_clusters(CacheClusterId="rotating")
        # Both work until the next SET.
        self.assertTrue(self.tls_client(node, password=TOKEN).ping())
        self.assertTrue(self.tls_client(node, password=TOKEN2).ping())
        self.ec.modify_cache_cluster(CacheClusterId="rotating", AuthToken=TOKEN2,
                                     AuthTokenUpdateStrategy="SET", ApplyImmediately=True)
        self.ec.describe_cache_clusters(CacheClusterId="rotating")
        self.assertTrue(self.tls_client(node, password=TOKEN2).ping())
        self.assertRefused(lambda: self.tls_client(node, password=TOKEN).ping())

    def test_auth_token_rotation_on_a_replication_group(self):
        self.create_cmd("rotating-group", clusters=2, TransitEncryptionEnabled=True,
                        AuthToken=TOKEN)
        endpoint = self.primary_endpoint("rotating-group")
        self.ec.modify_replication_group(ReplicationGroupId="rotating-group", AuthToken=TOKEN2,
                                         AuthTokenUpdateStrategy="ROTATE", ApplyImmediately=True)
        wait_until(lambda: self.describe("rotating-group")["Status"] == "available",
                   what="the rotation to apply")
        self.assertTrue(self.tls_client(endpoint, password=TOKEN).ping())
        self.assertTrue(self.tls_client(endpoint, password=TOKEN2).ping())
        self.ec.modify_replication_group(ReplicationGroupId="rotating-group", AuthToken=TOKEN2,
                                         AuthTokenUpdateStrategy="SET", ApplyImmediately=True)
        wait_until(lambda: self.describe("rotating-group")["Status"] == "available",
                   what="the SET to apply")
        self.assertTrue(self.tls_client(endpoint, password=TOKEN2).ping())
        self.assertRefused(lambda: self.tls_client(endpoint, password=TOKEN).ping())
        # The replica takes the same tokens.
        reader = self.describe("rotating-group")["NodeGroups"][0]["ReaderEndpoint"]
        self.assertRefused(lambda: self.tls_client(reader, password=TOKEN).ping())
        self.assertTrue(self.tls_client(reader, password=TOKEN2).ping())

    def rbac_setup(self):
        self.ec.create_user(UserId="locked-default", UserName="default", Engine="redis",
                            AccessString="off ~* +@all", NoPasswordRequired=True)
        self.ec.create_user(UserId="app", UserName="app", Engine="redis",
                            AccessString="on ~app:* +@all", Passwords=[APP_PASSWORD])
        self.ec.create_user_group(UserGroupId="app-users", Engine="redis",
                                  UserIds=["locked-default", "app"])
        self.ec.describe_user_groups()  # active (transition 0)
        self.create_cmd("rbac", clusters=2, TransitEncryptionEnabled=True,
                        UserGroupIds=["app-users"])
        return self.primary_endpoint("rbac")

    def test_rbac_users_are_the_engines_acl(self):
        endpoint = self.rbac_setup()
        app = self.tls_client(endpoint, username="app", password=APP_PASSWORD)
        self.assertTrue(app.set("app:1", "mine"))
        with self.assertRaises(redis.exceptions.NoPermissionError):
            app.set("other:1", "not mine")
        self.assertRefused(lambda: self.tls_client(endpoint, username="app",
                                                   password="wrong-password-0123").ping())
        # The default user is off: nothing works without AUTH.
        self.assertRefused(lambda: self.tls_client(endpoint).get("app:1"))

    def test_user_changes_reach_the_engines(self):
        endpoint = self.rbac_setup()
        self.ec.modify_user(UserId="app", AccessString="on ~app:* ~shared:* +@all")
        self.ec.describe_users()
        app = self.tls_client(endpoint, username="app", password=APP_PASSWORD)
        self.assertTrue(app.set("shared:1", "now allowed"))
        # A user added to the group can sign in once the group is active again.
        self.ec.create_user(UserId="reporter", UserName="reporter", Engine="redis",
                            AccessString="on ~* +@read", Passwords=[APP_PASSWORD + "r"])
        self.ec.modify_user_group(UserGroupId="app-users", UserIdsToAdd=["reporter"])
        self.ec.describe_user_groups()
        reporter = self.tls_client(endpoint, username="reporter", password=APP_PASSWORD + "r")
        self.assertEqual(reporter.get("shared:1"), "now allowed")
        with self.assertRaises(redis.exceptions.NoPermissionError):
            reporter.set("shared:1", "read only")
        # And one removed from it can no longer.
        self.ec.modify_user_group(UserGroupId="app-users", UserIdsToRemove=["reporter"])
        self.ec.describe_user_groups()
        self.assertRefused(lambda: self.tls_client(endpoint, username="reporter",
                                                   password=APP_PASSWORD + "r").ping())


if __name__ == "__main__":
    unittest.main(verbosity=2)

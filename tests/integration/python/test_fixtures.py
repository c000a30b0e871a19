"""Fixtures (--init FILE) and the state export (GET /_admin/state), through boto3.

A fixture's entries go through the same handlers as API calls: what they make is settled
(available, active) when the server listens; a restart with the same data directory leaves what
exists as it is; a bad file stops the server with exit status 3 naming the line and the reason.
The export is the same format: export -> a fresh server started from it -> the same describes.
"""

import copy
import json
import os
import subprocess
import tempfile
import unittest

from ecl_harness import REPO_ROOT, Server, binary_path

PASSWORD = "correct-horse-battery-1"
OTHER_ACCOUNT_KEY = "123456789012"  # a 12-digit access key id is taken as the account


def first_offering_id(node_type):
    path = os.path.join(REPO_ROOT, "config", "reserved-offerings.csv")
    with open(path) as f:
        for line in f:
            cells = line.strip().split(",")
            if len(cells) > 2 and cells[1] == node_type and cells[2] == "redis":
                return cells[0]
    raise AssertionError(f"no offering for {node_type} in {path}")


def sample_fixture():
    return {
        "format_version": 1,
        "scopes": [{
            "region": "us-east-1",
            "parameter_groups": [{
                "CacheParameterGroupName": "orders-params",
                "CacheParameterGroupFamily": "redis7",
                "Description": "orders",
                "ParameterNameValues": [{"ParameterName": "maxmemory-policy",
                                         "ParameterValue": "allkeys-lru"}],
                "Tags": [{"Key": "team", "Value": "shop"}],
            }],
            "subnet_groups": [{
                "CacheSubnetGroupName": "private",
                "CacheSubnetGroupDescription": "private subnets",
                "SubnetIds": ["subnet-0a1b2c3d", "subnet-0a1b2c3e"],
            }],
            "users": [{"UserId": "app", "UserName": "app", "Engine": "redis",
                       "AccessString": "on ~* +@all", "Passwords": [PASSWORD]}],
            "user_groups": [{"UserGroupId": "app-users", "Engine": "redis",
                             "UserIds": ["default", "app"]}],
            "replication_groups": [
                {"ReplicationGroupId": "orders", "ReplicationGroupDescription": "orders cache",
                 "NumNodeGroups": 2, "ReplicasPerNodeGroup": 1,
                 "CacheParameterGroupName": "default.redis7.cluster.on",
                 "CacheSubnetGroupName": "private",
                 "Tags": [{"Key": "team", "Value": "shop"}]},
                {"ReplicationGroupId": "sessions", "ReplicationGroupDescription": "sessions",
                 "NumCacheClusters": 2, "AutomaticFailoverEnabled": True,
                 "CacheParameterGroupName": "orders-params", "TransitEncryptionEnabled": True,
                 "UserGroupIds": ["app-users"]},
            ],
            "cache_clusters": [
                {"CacheClusterId": "memo", "Engine": "memcached", "NumCacheNodes": 2,
                 "CacheNodeType": "cache.t3.micro", "AZMode": "cross-az"},
            ],
            "snapshots": [{"SnapshotName": "orders-nightly", "ReplicationGroupId": "orders"}],
            "reserved_nodes": [{
                "ReservedCacheNodesOfferingId": first_offering_id("cache.t3.micro"),
                "ReservedCacheNodeId": "ri-orders", "CacheNodeCount": 2}],
        }, {
            "account": OTHER_ACCOUNT_KEY, "region": "eu-west-1",
            "users": [{"UserId": "reader", "UserName": "reader", "Engine": "redis",
                       "AccessString": "on ~* +@read", "NoPasswordRequired": True}],
        }],
    }


def write_json(directory, name, value):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(value if isinstance(value, str) else json.dumps(value, indent=2))
    return path


# Fields that tell when something was made, not what it is.
TIME_FIELDS = {"CacheClusterCreateTime", "ReplicationGroupCreateTime", "CacheNodeCreateTime",
               "SnapshotCreateTime", "StartTime", "AuthTokenLastModifiedDate", "Date",
               "exported_at"}


def without_times(value):
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items()
                if k not in TIME_FIELDS and k != "ResponseMetadata"}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def everything(server):
    """What the describes say of every kind the fixture covers, in both scopes."""
    ec = server.client()
    other = server.client(region="eu-west-1", access_key_id=OTHER_ACCOUNT_KEY)
    seen = {
        "groups": ec.describe_replication_groups()["ReplicationGroups"],
        "clusters": ec.describe_cache_clusters(ShowCacheNodeInfo=True)["CacheClusters"],
        "parameter_groups": ec.describe_cache_parameter_groups()["CacheParameterGroups"],
        "user_parameters": ec.describe_cache_parameters(
            CacheParameterGroupName="orders-params", Source="user")["Parameters"],
        "subnet_groups": ec.describe_cache_subnet_groups()["CacheSubnetGroups"],
        "users": ec.describe_users()["Users"],
        "user_groups": ec.describe_user_groups()["UserGroups"],
        "snapshots": ec.describe_snapshots(ShowNodeGroupConfig=True)["Snapshots"],
        "reserved": ec.describe_reserved_cache_nodes()["ReservedCacheNodes"],
        "other_users": other.describe_users()["Users"],
    }
    seen["tags"] = {arn: ec.list_tags_for_resource(ResourceName=arn)["TagList"]
                    for arn in [g["ARN"] for g in seen["groups"]] +
                    [p["ARN"] for p in seen["parameter_groups"] if "orders" in p["ARN"]]}
    return without_times(seen)


class FixtureTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ecl-fixture-")
        self.servers = []

    def tearDown(self):
        for server in self.servers:
            status = server.stop()
            self.assertEqual(status, 0, server.log())

    def start(self, *args, data_dir=None):
        server = Server(*args, data_dir=data_dir).start()
        self.servers.append(server)
        return server

    def stop(self, server):
        self.servers.remove(server)
        self.assertEqual(server.stop(), 0, server.log())

    def run_bad(self, fixture):
        """Starts a server with a fixture that must stop it; returns its stderr."""
        path = write_json(self.dir, "bad.json", fixture)
        proc = subprocess.run([binary_path(), "--port", "0", "--in-memory", "--init", path],
                              capture_output=True, text=True, timeout=30,
                              stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 3, proc.stdout + proc.stderr)
        self.assertNotIn("listening on", proc.stdout)
        return proc.stderr, path

    # -- applying -------------------------------------------------------------------------
    def test_every_kind_is_made_through_the_api_and_settled_at_start(self):
        path = write_json(self.dir, "fixture.json", sample_fixture())
        server = self.start("--init", path, "--transition-seconds", "120")
        seen = everything(server)
        self.assertEqual(sorted(g["ReplicationGroupId"] for g in seen["groups"]),
                         ["orders", "sessions"])
        self.assertEqual({g["Status"] for g in seen["groups"]}, {"available"})
        orders = next(g for g in seen["groups"] if g["ReplicationGroupId"] == "orders")
        self.assertEqual([ng["Slots"] for ng in orders["NodeGroups"]], ["0-8191", "8192-16383"])
        self.assertEqual(len(orders["MemberClusters"]), 4)
        self.assertEqual({c["CacheClusterStatus"] for c in seen["clusters"]}, {"available"})
        members = [c for c in seen["clusters"] if c.get("ReplicationGroupId") == "orders"]
        self.assertEqual({c["CacheSubnetGroupName"] for c in members}, {"private"})
        memo = next(c for c in seen["clusters"] if c["CacheClusterId"] == "memo")
        self.assertEqual(memo["NumCacheNodes"], 2)
        self.assertEqual(seen["user_parameters"][0]["ParameterValue"], "allkeys-lru")
        self.assertEqual({u["UserId"]: u["Status"] for u in seen["users"]},
                         {"default": "active", "app": "active"})
        self.assertEqual(seen["user_groups"][0]["Status"], "active")
        self.assertEqual(sorted(seen["user_groups"][0]["UserIds"]), ["app", "default"])
        sessions = next(g for g in seen["groups"] if g["ReplicationGroupId"] == "sessions")
        self.assertEqual(sessions["UserGroupIds"], ["app-users"])
        self.assertEqual([(s["SnapshotName"], s["SnapshotStatus"]) for s in seen["snapshots"]],
                         [("orders-nightly", "available")])
        self.assertEqual([(r["ReservedCacheNodeId"], r["State"], r["CacheNodeCount"])
                          for r in seen["reserved"]], [("ri-orders", "active", 2)])
        self.assertEqual([u["UserId"] for u in seen["other_users"] if u["UserId"] != "default"],
                         ["reader"])
        team = [{"Key": "team", "Value": "shop"}]
        self.assertEqual(list(seen["tags"].values()), [team, [], team])  # orders, sessions, params
        # The steps happened, with their events, before the server listened.
        events = server.client().describe_events(Duration=60)["Events"]
        self.assertIn("Replication group orders created", [e["Message"] for e in events])

    def test_a_restart_with_the_same_data_dir_leaves_what_exists(self):
        data = os.path.join(self.dir, "data")
        path = write_json(self.dir, "fixture.json", sample_fixture())
        server = self.start("--init", path, data_dir=data)
        self.assertIn(f"fixture {path}: 10 resources created, 0 already there", server.log())
        before = everything(server)
        server.client().modify_replication_group(
            ReplicationGroupId="sessions", ReplicationGroupDescription="changed by hand",
            ApplyImmediately=True)
        self.stop(server)

        server = self.start("--init", path, data_dir=data)
        self.assertIn(f"fixture {path}: 0 resources created, 10 already there", server.log())
        after = everything(server)
        sessions = next(g for g in after["groups"] if g["ReplicationGroupId"] == "sessions")
        self.assertEqual(sessions["Description"], "changed by hand")
        sessions["Description"] = "sessions"
        self.assertEqual(len(after["reserved"]), 1)
        self.assertEqual(after, before)

    def test_the_environment_and_the_config_file_name_the_fixture_too(self):
        fixture = {"scopes": [{"users": [{"UserId": "envy", "UserName": "envy",
                                          "Engine": "redis", "AccessString": "on ~* +@all",
                                          "NoPasswordRequired": True}]}]}
        path = write_json(self.dir, "env.json", fixture)
        conf = write_json(self.dir, "ecl.conf", f"init_file = {path}\n")
        server = self.start("--config", conf)
        users = [u["UserId"] for u in server.client().describe_users()["Users"]]
        self.assertIn("envy", users)
        env = dict(os.environ, ECL_INIT_FILE=path)
        proc = subprocess.run([binary_path(), "--port", "0", "--in-memory", "--init",
                               os.path.join(self.dir, "missing.json")],
                              capture_output=True, text=True, timeout=30, env=env,
                              stdin=subprocess.DEVNULL)
        # The flag wins over the environment.
        self.assertEqual(proc.returncode, 3)
        self.assertIn("missing.json: cannot read the fixture file", proc.stderr)

    # -- bad files ------------------------------------------------------------------------
    def test_a_syntax_error_names_its_line(self):
        stderr, path = self.run_bad('{\n  "scopes": [\n    {"users": [}\n  ]\n}\n')
        self.assertIn(f"{path}:3: not valid JSON", stderr)

    def test_an_unknown_member_names_the_entry_and_its_line(self):
        fixture = ('{"scopes": [\n  {"region": "us-east-1",\n   "replication_groups": [\n'
                   '     {"ReplicationGroupId": "x", "ReplicationGroupDescription": "d",\n'
                   '      "NumCacheClusterz": 2}\n   ]}\n]}\n')
        stderr, path = self.run_bad(fixture)
        self.assertIn(f'{path}:4: scopes[0].replication_groups[0] has no member '
                      f'"NumCacheClusterz"', stderr)

    def test_a_wrong_type_or_a_missing_member_is_refused_before_anything_is_made(self):
        fixture = sample_fixture()
        fixture["scopes"][0]["replication_groups"][1]["NumCacheClusters"] = "two"
        stderr, path = self.run_bad(fixture)
        self.assertRegex(stderr, rf"{path}:\d+: scopes\[0\]\.replication_groups\[1\]"
                                 r"\.NumCacheClusters must be an integer, not a string")
        fixture = sample_fixture()
        del fixture["scopes"][0]["users"][0]["AccessString"]
        stderr, _ = self.run_bad(fixture)
        self.assertIn("MissingParameter", stderr)
        self.assertIn("AccessString", stderr)

    def test_a_rule_the_api_enforces_stops_the_server_with_the_aws_error(self):
        fixture = sample_fixture()
        group = fixture["scopes"][0]["replication_groups"][1]
        group["CacheParameterGroupName"] = "no-such-group"
        text = json.dumps(fixture, indent=2)
        line = next(i for i, l in enumerate(text.splitlines(), 1) if '"sessions"' in l)
        stderr, path = self.run_bad(text)
        # The entry's line: the object opens a line or two above its id.
        reported = int(stderr.split(f"{path}:")[1].split(":")[0])
        self.assertTrue(line - 3 <= reported <= line, (line, stderr))
        self.assertIn('replication_groups[1] "sessions": CreateReplicationGroup failed: '
                      'CacheParameterGroupNotFound', stderr)

    def test_unknown_keys_and_bad_scopes_are_refused(self):
        stderr, path = self.run_bad({"scopes": [{"clusters": []}]})
        self.assertIn('scopes[0] has an unknown key "clusters"', stderr)
        stderr, _ = self.run_bad({"scopes": [{"account": "12"}]})
        self.assertIn("account must be a 12-digit account id", stderr)
        stderr, _ = self.run_bad({"format_version": 2, "scopes": []})
        self.assertIn("format_version must be 1", stderr)
        stderr, _ = self.run_bad({"scopes": [{"reserved_nodes": [
            {"ReservedCacheNodesOfferingId": first_offering_id("cache.t3.micro")}]}]})
        self.assertIn("needs ReservedCacheNodeId", stderr)
        stderr, _ = self.run_bad('{"scopes": [{"users": [], "users": []}]}')
        self.assertIn('the key "users" appears twice', stderr)

    # -- export ---------------------------------------------------------------------------
    def test_the_export_starts_a_fresh_server_with_the_same_describes(self):
        source = self.start("--transition-seconds", "60")
        ec = source.client()
        # A state built by hand through the API, then settled on the clock.
        ec.create_cache_parameter_group(CacheParameterGroupName="orders-params",
                                        CacheParameterGroupFamily="redis7", Description="orders",
                                        Tags=[{"Key": "team", "Value": "shop"}])
        ec.modify_cache_parameter_group(
            CacheParameterGroupName="orders-params",
            ParameterNameValues=[{"ParameterName": "maxmemory-policy",
                                  "ParameterValue": "volatile-lru"},
                                 {"ParameterName": "timeout", "ParameterValue": "30"}])
        ec.create_cache_subnet_group(CacheSubnetGroupName="private",
                                     CacheSubnetGroupDescription="private",
                                     SubnetIds=["subnet-0a1b2c3d", "subnet-0a1b2c3f"])
        ec.create_user(UserId="app", UserName="app", Engine="redis",
                       AccessString="on ~app:* +@all", Passwords=[PASSWORD])
        source.advance(60)
        ec.create_user_group(UserGroupId="app-users", Engine="redis", UserIds=["default", "app"])
        source.advance(60)
        ec.create_replication_group(
            ReplicationGroupId="orders", ReplicationGroupDescription="orders",
            NodeGroupConfiguration=[
                {"NodeGroupId": "0001", "Slots": "0-4999", "ReplicaCount": 2,
                 "PrimaryAvailabilityZone": "us-east-1b",
                 "ReplicaAvailabilityZones": ["us-east-1a", "us-east-1c"]},
                {"NodeGroupId": "0002", "Slots": "5000-16383", "ReplicaCount": 1}],
            CacheParameterGroupName="default.redis7.cluster.on",
            CacheNodeType="cache.r7g.large", SnapshotRetentionLimit=3,
            PreferredMaintenanceWindow="sun:05:00-sun:06:00", Tags=[{"Key": "env", "Value": "ci"}])
        ec.create_replication_group(
            ReplicationGroupId="sessions", ReplicationGroupDescription="sessions",
            NumCacheClusters=3, AutomaticFailoverEnabled=True, MultiAZEnabled=True,
            PreferredCacheClusterAZs=["us-east-1c", "us-east-1a", "us-east-1b"],
            CacheParameterGroupName="orders-params", TransitEncryptionEnabled=True,
            AtRestEncryptionEnabled=True, UserGroupIds=["app-users"], Port=6380)
        ec.create_cache_cluster(CacheClusterId="memo", Engine="memcached", NumCacheNodes=3,
                                CacheNodeType="cache.t3.small", AZMode="cross-az",
                                PreferredAvailabilityZones=["us-east-1a", "us-east-1b",
                                                            "us-east-1c"])
        ec.create_cache_cluster(CacheClusterId="solo", Engine="redis", NumCacheNodes=1,
                                CacheNodeType="cache.t3.micro",
                                PreferredAvailabilityZone="us-east-1c")
        source.advance(60)
        ec.create_snapshot(ReplicationGroupId="orders", SnapshotName="orders-manual")
        ec.create_snapshot(CacheClusterId="solo", SnapshotName="solo-manual")
        ec.purchase_reserved_cache_nodes_offering(
            ReservedCacheNodesOfferingId=first_offering_id("cache.r7g.large"),
            ReservedCacheNodeId="ri-orders", CacheNodeCount=3)
        source.client(region="eu-west-1", access_key_id=OTHER_ACCOUNT_KEY).create_user(
            UserId="reader", UserName="reader", Engine="redis", AccessString="on ~* +@read",
            NoPasswordRequired=True)
        source.advance(120)

        status, headers, body = source.http("GET", "/_admin/state")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/json")
        exported = json.loads(body)
        self.assertEqual(exported["not_exported"], [])
        self.assertEqual(len(exported["scopes"]), 2)
        path = write_json(self.dir, "exported.json", body.decode())

        copy_server = self.start("--init", path, "--transition-seconds", "60")
        self.assertEqual(everything(copy_server), everything(source))
        # And the copy exports the same fixture.
        status, _, again = copy_server.http("GET", "/_admin/state")
        self.assertEqual(without_times(json.loads(again)), without_times(exported))

    def test_what_no_call_can_make_again_is_listed_with_the_reason(self):
        server = self.start()
        ec = server.client()
        ec.create_replication_group(ReplicationGroupId="gone", ReplicationGroupDescription="d",
                                    NumCacheClusters=1)
        ec.create_snapshot(ReplicationGroupId="gone", SnapshotName="kept")
        ec.delete_replication_group(ReplicationGroupId="gone")
        state = json.loads(server.http("GET", "/_admin/state")[2])
        reasons = {(n["kind"], n["id"]): n["reason"] for n in state["not_exported"]}
        self.assertIn("source is no longer there", reasons[("snapshot", "kept")])
        self.assertEqual(state["scopes"], [])
        # The export with its notes is itself a fixture the server accepts.
        server2 = self.start("--init", write_json(self.dir, "notes.json", state))
        self.assertEqual(server2.client().describe_snapshots()["Snapshots"], [])

    def test_auth_tokens_and_passwords_go_with_the_export(self):
        server = self.start()
        ec = server.client()
        token = "a-long-enough-token-123"
        ec.create_replication_group(ReplicationGroupId="locked", ReplicationGroupDescription="d",
                                    NumCacheClusters=1, TransitEncryptionEnabled=True,
                                    AuthToken=token)
        ec.modify_replication_group(ReplicationGroupId="locked", AuthToken="the-rotated-token-456",
                                    AuthTokenUpdateStrategy="ROTATE", ApplyImmediately=True)
        ec.create_user(UserId="app", UserName="app", Engine="redis", AccessString="on ~* +@all",
                       Passwords=[PASSWORD])
        state = json.loads(server.http("GET", "/_admin/state")[2])
        self.assertEqual(state["not_exported"], [])
        scope = state["scopes"][0]
        self.assertEqual(scope["replication_groups"][0]["AuthToken"], "the-rotated-token-456")
        self.assertEqual(scope["users"][0]["Passwords"], [PASSWORD])
        copy_server = self.start("--init", write_json(self.dir, "tokens.json", state))
        group = copy_server.client().describe_replication_groups()["ReplicationGroups"][0]
        self.assertTrue(group["AuthTokenEnabled"])
        user = [u for u in copy_server.client().describe_users()["Users"] if u["UserId"] == "app"]
        self.assertEqual(user[0]["Authentication"], {"Type": "password", "PasswordCount": 1})

if __name__ == "__main__":
    unittest.main(verbosity=2)

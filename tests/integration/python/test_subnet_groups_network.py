"""Cache subnet groups on a declared network (--network-file / ECL_NETWORK_FILE / the config
file's network_file): only the subnets the file lists exist, each in its own VPC and zone and
with its IPv4/IPv6 support; subnets of two VPCs cannot share a group; the default group holds
the default_for_az subnets; clusters go to the zones their subnet group (and network type)
allow. A malformed file stops the server with exit status 1, naming the file and line."""

import atexit
import os
import shutil
import subprocess
import tempfile

from ecl_harness import REPO_ROOT, Server, ServerTestCase, binary_path, main

NETWORK = """\
# a default VPC with two default subnets, a private VPC with dual-stack and IPv6-only subnets,
# and a subnet only account 123456789012 has
subnet_id,vpc_id,region,availability_zone,ipv4,ipv6,default_for_az,account
subnet-0d0000000000000a1,vpc-0d000000000000001,us-east-1,us-east-1a,yes,no,yes,
subnet-0d0000000000000b1,vpc-0d000000000000001,us-east-1,us-east-1b,yes,no,yes,
subnet-0e0000000000000b1,vpc-0e000000000000001,us-east-1,us-east-1b,yes,no,no,
subnet-0e0000000000000d1,vpc-0e000000000000001,us-east-1,us-east-1d,yes,yes,no,
subnet-0e0000000000000e1,vpc-0e000000000000001,us-east-1,us-east-1e,yes,yes,no,
subnet-0e0000000000000f1,vpc-0e000000000000001,us-east-1,us-east-1f,no,yes,no,
subnet-0f0000000000000a1,vpc-0f000000000000001,us-east-1,us-east-1a,yes,no,no,123456789012
"""

NETWORK_DIR = tempfile.mkdtemp(prefix="ecl-network-")
atexit.register(shutil.rmtree, NETWORK_DIR, True)
NETWORK_FILE = os.path.join(NETWORK_DIR, "network.csv")
with open(NETWORK_FILE, "w") as f:
    f.write(NETWORK)

DEFAULT_VPC = "vpc-0d000000000000001"
PRIVATE_VPC = "vpc-0e000000000000001"
B, D, E, F = ("subnet-0e0000000000000b1", "subnet-0e0000000000000d1", "subnet-0e0000000000000e1",
              "subnet-0e0000000000000f1")


def zones_of(group):
    return [m["PreferredAvailabilityZone"] for ng in group["NodeGroups"]
            for m in ng["NodeGroupMembers"]]


class DeclaredNetwork(ServerTestCase):
    server_args = ("--network-file", NETWORK_FILE)

    def create(self, name, subnets, client=None):
        return (client or self.ec).create_cache_subnet_group(
            CacheSubnetGroupName=name, CacheSubnetGroupDescription="d",
            SubnetIds=subnets)["CacheSubnetGroup"]

    def test_the_default_group_holds_the_default_subnets(self):
        default = self.ec.describe_cache_subnet_groups(CacheSubnetGroupName="default")[
            "CacheSubnetGroups"][0]
        self.assertEqual(default["VpcId"], DEFAULT_VPC)
        self.assertEqual([(s["SubnetIdentifier"], s["SubnetAvailabilityZone"]["Name"])
                          for s in default["Subnets"]],
                         [("subnet-0d0000000000000a1", "us-east-1a"),
                          ("subnet-0d0000000000000b1", "us-east-1b")])
        group = self.create_cmd("plain", clusters=3)
        self.assertEqual(zones_of(group), ["us-east-1a", "us-east-1b", "us-east-1a"])

    def test_only_declared_subnets_exist(self):
        self.assertAwsError("InvalidParameterValue", self.create, "x",
                            [B, "subnet-0123456789abcdef0"],
                            message=f"Some input subnets in :[{B}, subnet-0123456789abcdef0] are "
                                    "invalid.")
        # Another account's subnet is not this account's.
        self.assertAwsError("InvalidParameterValue", self.create, "x", ["subnet-0f0000000000000a1"])
        theirs = self.server.client(access_key_id="123456789012")
        self.assertEqual(self.create("x", ["subnet-0f0000000000000a1"], client=theirs)["VpcId"],
                         "vpc-0f000000000000001")
        # Another region has none of them, and no default VPC either.
        eu = self.server.client(region="eu-west-1")
        self.assertAwsError("InvalidParameterValue", self.create, "x", [B], client=eu)
        self.assertEqual(eu.describe_cache_subnet_groups()["CacheSubnetGroups"], [])
        self.assertAwsError("CacheSubnetGroupNotFoundFault", eu.create_replication_group,
                            ReplicationGroupId="nowhere", ReplicationGroupDescription="d",
                            message="Cache subnet group default not found.")

    def test_subnets_of_two_vpcs_cannot_share_a_group(self):
        self.assertAwsError("InvalidSubnet", self.create, "mixed", [B, "subnet-0d0000000000000a1"],
                            message=f"Subnets {B} and subnet-0d0000000000000a1 are not in the "
                                    "same VPC.")
        self.create("private", [B])
        self.assertAwsError("InvalidSubnet", self.ec.modify_cache_subnet_group,
                            CacheSubnetGroupName="private",
                            SubnetIds=[B, "subnet-0d0000000000000b1"])

    def test_supported_network_types_come_from_the_subnets(self):
        group = self.create("mixed", [F, D, B])
        self.assertEqual(group["VpcId"], PRIVATE_VPC)
        self.assertEqual({s["SubnetIdentifier"]: s["SupportedNetworkTypes"] for s in group["Subnets"]},
                         {F: ["ipv6"], D: ["ipv4", "dual_stack"], B: ["ipv4"]})
        self.assertEqual(group["SupportedNetworkTypes"], ["ipv4", "ipv6", "dual_stack"])
        # Nodes go to the zones whose subnets support the group's network type.
        self.assertEqual(zones_of(self.create_cmd("v4", clusters=3, CacheSubnetGroupName="mixed")),
                         ["us-east-1b", "us-east-1d", "us-east-1b"])
        dual = self.create_cmd("dual", clusters=2, CacheSubnetGroupName="mixed",
                               NetworkType="dual_stack", IpDiscovery="ipv6")
        self.assertEqual(zones_of(dual), ["us-east-1d", "us-east-1d"])
        self.assertEqual(dual["NetworkType"], "dual_stack")
        six = self.create_cmd("six", clusters=1, CacheSubnetGroupName="mixed", NetworkType="ipv6")
        self.assertEqual(zones_of(six), ["us-east-1f"])
        self.assertAwsError("InvalidVPCNetworkStateFault", self.create_cmd, "six-b", clusters=1,
                            CacheSubnetGroupName="mixed", NetworkType="ipv6",
                            PreferredCacheClusterAZs=["us-east-1b"])
        self.create("only-v4", [B])
        self.assertAwsError("InvalidParameterCombination", self.create_cmd, "no-six", clusters=1,
                            CacheSubnetGroupName="only-v4", NetworkType="ipv6")

    def test_declared_zones_beyond_abc_are_zones_of_the_region(self):
        self.create("de", [D, E])
        group = self.create_cme("wide", shards=2, replicas=1, CacheSubnetGroupName="de")
        self.assertEqual(set(zones_of(group)), {"us-east-1d", "us-east-1e"})
        # us-east-1b is a zone of the region without a subnet in this group; us-east-1z none.
        self.assertAwsError("InvalidVPCNetworkStateFault", self.create_cmd, "b", clusters=2,
                            CacheSubnetGroupName="de",
                            PreferredCacheClusterAZs=["us-east-1d", "us-east-1b"])
        self.assertAwsError("InvalidParameterValue", self.create_cmd, "z", clusters=2,
                            CacheSubnetGroupName="de",
                            PreferredCacheClusterAZs=["us-east-1d", "us-east-1z"])


class NetworkFileFromTheEnvironment(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["ECL_NETWORK_FILE"] = NETWORK_FILE
        try:
            super().setUpClass()
        finally:
            del os.environ["ECL_NETWORK_FILE"]

    def test_the_environment_variable_names_the_file(self):
        default = self.ec.describe_cache_subnet_groups()["CacheSubnetGroups"][0]
        self.assertEqual(default["VpcId"], DEFAULT_VPC)


class BadNetworkFile(ServerTestCase):
    """Needs no server of its own: it starts the binary itself and expects it to stop."""

    def start_with(self, text):
        path = os.path.join(NETWORK_DIR, "bad.csv")
        with open(path, "w") as f:
            f.write(text)
        result = subprocess.run([binary_path(), "--in-memory", "--port", "0", "--host",
                                 "127.0.0.1", "--network-file", path],
                                capture_output=True, text=True, timeout=30)
        return path, result

    def test_a_malformed_line_stops_the_server_naming_file_and_line(self):
        lines = NETWORK.splitlines()
        lines[4] = lines[4].replace("us-east-1b", "eu-west-1b")  # line 5: zone of another region
        path, result = self.start_with("\n".join(lines) + "\n")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn(f"{path}:5: availability_zone eu-west-1b is not a zone of region us-east-1",
                      result.stderr)
        self.assertNotIn("listening on", result.stdout)

    def test_a_duplicate_subnet_and_a_missing_file_stop_it_too(self):
        path, result = self.start_with(NETWORK + NETWORK.splitlines()[3] + "\n")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"{path}:11: subnet subnet-0d0000000000000a1 is already declared on line 4",
                      result.stderr)
        result = subprocess.run([binary_path(), "--in-memory", "--port", "0",
                                 "--network-file", "/nonexistent/network.csv"],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot read network file '/nonexistent/network.csv'", result.stderr)

    def test_the_shipped_config_file_documents_the_setting(self):
        with open(os.path.join(REPO_ROOT, "config", "elasticache-local.conf")) as f:
            text = f.read()
        self.assertIn("#network_file =", text)
        self.assertIn("subnet_id,vpc_id,region,availability_zone,ipv4,ipv6,default_for_az,account",
                      text)


if __name__ == "__main__":
    main()

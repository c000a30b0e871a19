"""The AWS CLI against the server: --endpoint-url and AWS_ENDPOINT_URL_ELASTICACHE.

Uses Debian's AWS CLI v2 (/usr/bin/aws) when present, else whatever `aws` is on PATH.
"""

import json
import re
import shutil
import subprocess

from ecl_cli import CLI, CliTestCase
from ecl_harness import main


def cli_version(cli):
    """(major, minor, patch) of the CLI, or of botocore for v1 (which decides endpoint env vars)."""
    out = subprocess.run([cli, "--version"], capture_output=True, text=True, timeout=60)
    text = out.stdout + out.stderr
    match = re.search(r"aws-cli/(\d+)\.(\d+)\.(\d+)", text)
    version = tuple(int(p) for p in match.groups()) if match else (0, 0, 0)
    botocore = re.search(r"botocore/(\d+)\.(\d+)\.(\d+)", text)
    return version, (tuple(int(p) for p in botocore.groups()) if botocore else None)


def supports_service_endpoint_env(cli):
    """AWS_ENDPOINT_URL_<SERVICE> arrived in CLI v2.13 and botocore 1.31 (CLI v1)."""
    version, botocore = cli_version(cli)
    if version[0] >= 2:
        return version >= (2, 13, 0)
    return botocore is not None and botocore >= (1, 31, 0)


class AwsCli(CliTestCase):
    # The fallback CLI on PATH (pip --user, pyenv) may live under the user's HOME.
    keep_user_home = True
    # The other CLI modules run their commands in one interpreter (ecl_cli.CliWorker); this
    # one starts `aws` itself for every command, as a user's script does.
    in_one_interpreter = False

    def test_cluster_mode_disabled_lifecycle(self):
        created = self.aws("create-replication-group", "--replication-group-id", "cli-rg",
                           "--replication-group-description", "from the CLI",
                           "--engine", "redis", "--cache-node-type", "cache.t3.micro",
                           "--num-cache-clusters", "3", "--automatic-failover-enabled",
                           "--tags", "Key=team,Value=cli")["ReplicationGroup"]
        self.assertEqual(created["Status"], "creating")
        self.assertEqual(created["MemberClusters"], ["cli-rg-001", "cli-rg-002", "cli-rg-003"])
        arn = created["ARN"]
        self.assertEqual(arn, "arn:aws:elasticache:us-east-1:000000000000:replicationgroup:cli-rg")

        self.aws("wait", "replication-group-available", "--replication-group-id", "cli-rg")
        groups = self.aws("describe-replication-groups",
                          "--replication-group-id", "cli-rg")["ReplicationGroups"]
        self.assertEqual(groups[0]["Status"], "available")
        self.assertEqual(groups[0]["NodeGroups"][0]["NodeGroupId"], "0001")

        clusters = self.aws("describe-cache-clusters", "--cache-cluster-id", "cli-rg-001",
                            "--show-cache-node-info")["CacheClusters"]
        self.assertEqual(clusters[0]["CacheNodes"][0]["CacheNodeId"], "0001")
        self.assertEqual(clusters[0]["CacheNodes"][0]["Endpoint"]["Port"], 6379)

        tags = self.aws("list-tags-for-resource", "--resource-name", arn)["TagList"]
        self.assertEqual(tags, [{"Key": "team", "Value": "cli"}])
        self.aws("add-tags-to-resource", "--resource-name", arn, "--tags", "Key=env,Value=ci")
        tags = self.aws("list-tags-for-resource", "--resource-name", arn)["TagList"]
        self.assertEqual(sorted(t["Key"] for t in tags), ["env", "team"])
        self.aws("remove-tags-from-resource", "--resource-name", arn, "--tag-keys", "team")
        tags = self.aws("list-tags-for-resource", "--resource-name", arn)["TagList"]
        self.assertEqual(tags, [{"Key": "env", "Value": "ci"}])

        deleted = self.aws("delete-replication-group",
                           "--replication-group-id", "cli-rg")["ReplicationGroup"]
        self.assertEqual(deleted["Status"], "deleting")
        self.aws("wait", "replication-group-deleted", "--replication-group-id", "cli-rg")

    def test_cluster_mode_enabled(self):
        created = self.aws("create-replication-group", "--replication-group-id", "cli-cme",
                           "--replication-group-description", "sharded",
                           "--engine", "redis", "--cache-node-type", "cache.t3.micro",
                           "--cache-parameter-group-name", "default.redis7.cluster.on",
                           "--num-node-groups", "3", "--replicas-per-node-group", "1",
                           "--automatic-failover-enabled")["ReplicationGroup"]
        self.assertEqual(len(created["MemberClusters"]), 6)
        self.aws("wait", "replication-group-available", "--replication-group-id", "cli-cme")
        group = self.aws("describe-replication-groups",
                         "--replication-group-id", "cli-cme")["ReplicationGroups"][0]
        self.assertTrue(group["ClusterEnabled"])
        self.assertIn(".clustercfg.use1.cache.amazonaws.com",
                      group["ConfigurationEndpoint"]["Address"])
        self.assertEqual(sorted(g["Slots"] for g in group["NodeGroups"]),
                         ["0-5461", "10923-16383", "5462-10922"])

    def test_error_exit_code_and_code_in_stderr(self):
        result = self.aws("describe-replication-groups", "--replication-group-id", "missing",
                          expect_ok=False)
        self.assertIn(result.returncode, (254, 255), result.stderr)
        self.assertIn("ReplicationGroupNotFoundFault", result.stderr)

    def test_invalid_combination_error(self):
        result = self.aws("create-replication-group", "--replication-group-id", "lonely",
                          "--replication-group-description", "d", "--num-cache-clusters", "1",
                          "--automatic-failover-enabled", expect_ok=False)
        self.assertIn(result.returncode, (254, 255), result.stderr)
        self.assertIn("InvalidParameterCombination", result.stderr)

    def test_endpoint_from_service_specific_environment_variable(self):
        cli = CLI
        if not supports_service_endpoint_env(cli):
            # Debian 12's CLI v2 (2.9) predates AWS_ENDPOINT_URL_<SERVICE>; use a CLI on
            # PATH that knows it (e.g. pip's v1 with a recent botocore) when there is one.
            other = shutil.which("aws", path=self.env["PATH"])
            if other and other != cli and supports_service_endpoint_env(other):
                cli = other
            else:
                self.skipTest(f"{cli} does not support AWS_ENDPOINT_URL_ELASTICACHE "
                              "(needs CLI v2.13+ or botocore 1.31+)")
        self.create_cmd("env-rg", clusters=2)
        env = dict(self.env, AWS_ENDPOINT_URL_ELASTICACHE=self.server.endpoint)
        result = subprocess.run([cli, "elasticache", "describe-replication-groups",
                                 "--output", "json"], capture_output=True, text=True, env=env,
                                timeout=120, stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 0, result.stderr)
        groups = json.loads(result.stdout)["ReplicationGroups"]
        self.assertEqual([g["ReplicationGroupId"] for g in groups], ["env-rg"])


if __name__ == "__main__":
    main()

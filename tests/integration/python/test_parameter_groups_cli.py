"""Parameter groups and engine versions through the AWS CLI: every operation with its
shorthand syntax (--parameter-name-values ParameterName=...,ParameterValue=...), automatic
paging, and AWS's error codes on stderr with exit code 254."""

from ecl_cli import CliTestCase
from ecl_harness import main


class ParameterGroupsCli(CliTestCase):
    def test_engine_versions(self):
        everything = self.aws("describe-cache-engine-versions", "--page-size", "20")
        versions = everything["CacheEngineVersions"]
        self.assertGreater(len(versions), 20)  # the CLI followed the markers
        self.assertNotIn("Marker", everything)
        defaults = self.aws("describe-cache-engine-versions", "--engine", "redis",
                            "--default-only")["CacheEngineVersions"]
        self.assertEqual([(v["EngineVersion"], v["CacheParameterGroupFamily"]) for v in defaults],
                         [("7.1", "redis7")])
        family = self.aws("describe-cache-engine-versions", "--cache-parameter-group-family",
                          "valkey8")["CacheEngineVersions"]
        self.assertEqual([v["EngineVersion"] for v in family], ["8.0", "8.1", "8.2"])
        self.assertCliError("InvalidParameterValue", "describe-cache-engine-versions",
                            "--max-records", "5")

    def test_create_modify_describe_reset_delete(self):
        created = self.aws("create-cache-parameter-group", "--cache-parameter-group-name",
                           "CLI-Params", "--cache-parameter-group-family", "redis7",
                           "--description", "from the cli", "--tags",
                           "Key=owner,Value=cli")["CacheParameterGroup"]
        self.assertEqual(created["CacheParameterGroupName"], "cli-params")
        self.assertEqual(created["ARN"],
                         "arn:aws:elasticache:us-east-1:000000000000:parametergroup:cli-params")
        modified = self.aws("modify-cache-parameter-group", "--cache-parameter-group-name",
                            "cli-params", "--parameter-name-values",
                            "ParameterName=maxmemory-policy,ParameterValue=allkeys-lru",
                            "ParameterName=timeout,ParameterValue=300")
        self.assertEqual(modified, {"CacheParameterGroupName": "cli-params"})
        user = self.aws("describe-cache-parameters", "--cache-parameter-group-name", "cli-params",
                        "--source", "user")["Parameters"]
        self.assertEqual({p["ParameterName"]: p["ParameterValue"] for p in user},
                         {"maxmemory-policy": "allkeys-lru", "timeout": "300"})
        # The CLI's paginator collects Parameters (the result key) over every page.
        every = self.aws("describe-cache-parameters", "--cache-parameter-group-name",
                         "cli-params", "--page-size", "20")
        self.assertGreater(len(every["Parameters"]), 40)
        whole = self.aws("describe-cache-parameters", "--cache-parameter-group-name",
                         "cli-params", "--no-paginate", "--max-records", "100")
        self.assertIn("maxmemory", [p["ParameterName"] for p in
                                    whole["CacheNodeTypeSpecificParameters"]])
        self.assertEqual(len(whole["Parameters"]), len(every["Parameters"]))
        groups = self.aws("describe-cache-parameter-groups", "--page-size", "20")[
            "CacheParameterGroups"]
        self.assertIn("default.redis7.cluster.on", [g["CacheParameterGroupName"] for g in groups])
        self.assertIn("cli-params", [g["CacheParameterGroupName"] for g in groups])
        self.assertEqual(self.aws("list-tags-for-resource", "--resource-name", created["ARN"])[
            "TagList"], [{"Key": "owner", "Value": "cli"}])
        self.aws("reset-cache-parameter-group", "--cache-parameter-group-name", "cli-params",
                 "--parameter-name-values", "ParameterName=timeout")
        user = self.aws("describe-cache-parameters", "--cache-parameter-group-name", "cli-params",
                        "--source", "user")["Parameters"]
        self.assertEqual([p["ParameterName"] for p in user], ["maxmemory-policy"])
        self.aws("reset-cache-parameter-group", "--cache-parameter-group-name", "cli-params",
                 "--reset-all-parameters")
        self.assertEqual(self.aws("describe-cache-parameters", "--cache-parameter-group-name",
                                  "cli-params", "--source", "user")["Parameters"], [])
        self.assertIsNone(self.aws("delete-cache-parameter-group", "--cache-parameter-group-name",
                                   "cli-params"))
        self.assertCliError("CacheParameterGroupNotFound", "describe-cache-parameter-groups",
                            "--cache-parameter-group-name", "cli-params",
                            contains="CacheParameterGroup cli-params not found.")

    def test_engine_defaults(self):
        defaults = self.aws("describe-engine-default-parameters", "--cache-parameter-group-family",
                            "memcached1.6", "--no-paginate")["EngineDefaults"]
        self.assertEqual(defaults["CacheParameterGroupFamily"], "memcached1.6")
        names = [p["ParameterName"] for p in defaults["Parameters"]]
        self.assertIn("chunk_size", names)
        self.assertIn("max_cache_memory", [p["ParameterName"] for p in
                                           defaults["CacheNodeTypeSpecificParameters"]])
        walked = self.aws("describe-engine-default-parameters", "--cache-parameter-group-family",
                          "redis7", "--page-size", "20")["EngineDefaults"]["Parameters"]
        self.assertIn("timeout", [p["ParameterName"] for p in walked])

    def test_errors_exit_254_with_the_code(self):
        self.aws("create-cache-parameter-group", "--cache-parameter-group-name", "errs",
                 "--cache-parameter-group-family", "redis7", "--description", "x")
        cases = [
            ("CacheParameterGroupAlreadyExists", "create-cache-parameter-group",
             "--cache-parameter-group-name", "errs", "--cache-parameter-group-family", "redis7",
             "--description", "x"),
            ("InvalidParameterValue", "create-cache-parameter-group",
             "--cache-parameter-group-name", "has.dot", "--cache-parameter-group-family",
             "redis7", "--description", "x"),
            ("InvalidParameterValue", "modify-cache-parameter-group",
             "--cache-parameter-group-name", "errs", "--parameter-name-values",
             "ParameterName=timeout,ParameterValue=5"),
            ("InvalidCacheParameterGroupState", "modify-cache-parameter-group",
             "--cache-parameter-group-name", "default.redis7", "--parameter-name-values",
             "ParameterName=timeout,ParameterValue=300"),
            ("InvalidParameterCombination", "reset-cache-parameter-group",
             "--cache-parameter-group-name", "errs", "--reset-all-parameters",
             "--parameter-name-values", "ParameterName=timeout"),
            ("InvalidCacheParameterGroupState", "delete-cache-parameter-group",
             "--cache-parameter-group-name", "default.valkey8"),
            ("CacheParameterGroupNotFound", "delete-cache-parameter-group",
             "--cache-parameter-group-name", "nope"),
            ("CacheParameterGroupNotFound", "create-replication-group",
             "--replication-group-id", "rg", "--replication-group-description", "x",
             "--cache-parameter-group-name", "nope"),
            ("InvalidParameterCombination", "create-replication-group",
             "--replication-group-id", "rg", "--replication-group-description", "x",
             "--engine-version", "4.0.13"),
        ]
        for code, *args in cases:
            with self.subTest(args[0], code=code):
                result = self.run_cli(*args)
                self.assertEqual(result.returncode, 254, result.stderr)
                self.assertIn(f"An error occurred ({code})", result.stderr)

    def test_replication_group_with_a_custom_group_and_version(self):
        self.aws("create-cache-parameter-group", "--cache-parameter-group-name", "six",
                 "--cache-parameter-group-family", "redis6.x", "--description", "x")
        self.aws("create-replication-group", "--replication-group-id", "cli-rg",
                 "--replication-group-description", "x", "--engine", "redis",
                 "--engine-version", "6.2", "--cache-parameter-group-name", "six",
                 "--num-cache-clusters", "1")
        cluster = self.aws("describe-cache-clusters", "--cache-cluster-id", "cli-rg-001")[
            "CacheClusters"][0]
        self.assertEqual(cluster["EngineVersion"], "6.2.6")
        self.assertEqual(cluster["CacheParameterGroup"]["CacheParameterGroupName"], "six")
        self.assertCliError("InvalidCacheParameterGroupState", "delete-cache-parameter-group",
                            "--cache-parameter-group-name", "six")


if __name__ == "__main__":
    main()

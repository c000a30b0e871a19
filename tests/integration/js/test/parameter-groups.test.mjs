// Cache parameter groups and engine versions through the AWS SDK for JavaScript v3: every
// operation, the paginators, the SDK's typed faults for each rule, the references
// CreateReplicationGroup checks, and the clusters' ParameterApplyStatus on the admin clock.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CacheParameterGroupAlreadyExistsFault,
  CacheParameterGroupNotFoundFault,
  CacheParameterGroupQuotaExceededFault,
  CreateCacheParameterGroupCommand,
  CreateReplicationGroupCommand,
  DeleteCacheParameterGroupCommand,
  DescribeCacheClustersCommand,
  DescribeCacheEngineVersionsCommand,
  DescribeCacheParametersCommand,
  DescribeEngineDefaultParametersCommand,
  InvalidCacheParameterGroupStateFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ListTagsForResourceCommand,
  ModifyCacheParameterGroupCommand,
  ResetCacheParameterGroupCommand,
  paginateDescribeCacheEngineVersions,
  paginateDescribeCacheParameterGroups,
  paginateDescribeCacheParameters,
  paginateDescribeEngineDefaultParameters,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

const server = new Server(["--transition-seconds", "10", "--parameter-groups-quota", "3"]);
let ec;

before(async () => {
  await server.start();
  ec = server.client();
});
after(async () => {
  ec?.destroy();
  assert.equal(await server.stop(), 0, `server did not exit cleanly:\n${server.output}`);
});
beforeEach(() => server.reset());

async function advance(seconds) {
  const response = await fetch(`${server.endpoint}/_admin/clock/advance?seconds=${seconds}`,
    { method: "POST" });
  assert.equal(response.status, 200);
}

function createGroup(name, family = "redis7", extra = {}) {
  return ec.send(new CreateCacheParameterGroupCommand({
    CacheParameterGroupName: name, CacheParameterGroupFamily: family, Description: "js", ...extra,
  }));
}

function modify(name, pairs) {
  return ec.send(new ModifyCacheParameterGroupCommand({
    CacheParameterGroupName: name,
    ParameterNameValues: Object.entries(pairs).map(([ParameterName, ParameterValue]) =>
      ({ ParameterName, ParameterValue })),
  }));
}

async function userValues(name) {
  const out = await ec.send(new DescribeCacheParametersCommand({
    CacheParameterGroupName: name, Source: "user",
  }));
  return Object.fromEntries(out.Parameters.map((p) => [p.ParameterName, p.ParameterValue]));
}

async function cluster(id) {
  const out = await ec.send(new DescribeCacheClustersCommand({
    CacheClusterId: id, ShowCacheNodeInfo: true,
  }));
  return out.CacheClusters[0];
}

describe("engine versions (SDK v3)", () => {
  test("the paginator walks every version in AWS's order", async () => {
    const keys = [];
    for await (const page of paginateDescribeCacheEngineVersions({ client: ec, pageSize: 20 }, {})) {
      assert.ok(page.CacheEngineVersions.length <= 20);
      keys.push(...page.CacheEngineVersions.map((v) => `${v.Engine} ${v.EngineVersion}`));
    }
    assert.ok(keys.length > 20);
    assert.deepEqual(keys, [...keys].sort());
    const defaults = await ec.send(new DescribeCacheEngineVersionsCommand({ DefaultOnly: true }));
    assert.deepEqual(defaults.CacheEngineVersions.map((v) => [v.Engine, v.EngineVersion]),
      [["memcached", "1.6.22"], ["redis", "7.1"], ["valkey", "8.2"]]);
    const six = await ec.send(new DescribeCacheEngineVersionsCommand({
      Engine: "redis", EngineVersion: "6.2",
    }));
    assert.equal(six.CacheEngineVersions[0].CacheParameterGroupFamily, "redis6.x");
    assert.equal(six.CacheEngineVersions[0].CacheEngineVersionDescription, "redis version 6.2.6");
    await assert.rejects(ec.send(new DescribeCacheEngineVersionsCommand({ MaxRecords: 10 })),
      InvalidParameterValueException);
  });

  test("create answers the full version and rejects unknown ones", async () => {
    await ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "js-six", ReplicationGroupDescription: "v", EngineVersion: "6.x",
      NumCacheClusters: 1,
    }));
    const member = await cluster("js-six-001");
    assert.equal(member.EngineVersion, "6.2.6");
    assert.equal(member.CacheParameterGroup.CacheParameterGroupName, "default.redis6.x");
    await assert.rejects(ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "js-old", ReplicationGroupDescription: "v", EngineVersion: "4.0.13",
    })), (e) => e instanceof InvalidParameterCombinationException &&
      e.message === "Cannot find version 4.0.13 for redis");
  });
});

describe("cache parameter groups (SDK v3)", () => {
  test("create, describe, modify, reset and delete", async () => {
    const { CacheParameterGroup: group } = await createGroup("JS-Params", "redis7", {
      Tags: [{ Key: "sdk", Value: "js" }],
    });
    assert.equal(group.CacheParameterGroupName, "js-params");
    assert.equal(group.IsGlobal, false);
    assert.match(group.ARN, /:parametergroup:js-params$/);
    const tags = await ec.send(new ListTagsForResourceCommand({ ResourceName: group.ARN }));
    assert.deepEqual(tags.TagList, [{ Key: "sdk", Value: "js" }]);

    const names = [];
    for await (const page of paginateDescribeCacheParameterGroups({ client: ec, pageSize: 20 }, {})) {
      names.push(...page.CacheParameterGroups.map((g) => g.CacheParameterGroupName));
    }
    for (const expected of ["default.redis7", "default.redis7.cluster.on", "default.valkey8",
      "default.memcached1.6", "js-params"]) assert.ok(names.includes(expected), expected);

    const answer = await modify("js-params", { "maxmemory-policy": "noeviction" });
    assert.equal(answer.CacheParameterGroupName, "js-params");
    await modify("js-params", { timeout: "120" });
    assert.deepEqual(await userValues("js-params"),
      { "maxmemory-policy": "noeviction", timeout: "120" });

    const walked = [];
    for await (const page of paginateDescribeCacheParameters({ client: ec, pageSize: 20 },
      { CacheParameterGroupName: "js-params" })) {
      walked.push(...page.Parameters.map((p) => p.ParameterName));
    }
    assert.deepEqual(walked, [...walked].sort());
    assert.ok(walked.includes("timeout"));

    await advance(11);  // the modifications are applied
    await ec.send(new ResetCacheParameterGroupCommand({
      CacheParameterGroupName: "js-params", ParameterNameValues: [{ ParameterName: "timeout" }],
    }));
    assert.deepEqual(await userValues("js-params"), { "maxmemory-policy": "noeviction" });
    await advance(11);
    await ec.send(new ResetCacheParameterGroupCommand({
      CacheParameterGroupName: "js-params", ResetAllParameters: true,
    }));
    assert.deepEqual(await userValues("js-params"), {});
    await advance(11);
    await ec.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: "js-params" }));
    await assert.rejects(ec.send(new DescribeCacheParametersCommand({
      CacheParameterGroupName: "js-params",
    })), CacheParameterGroupNotFoundFault);
  });

  test("engine defaults page over both lists", async () => {
    const first = await ec.send(new DescribeEngineDefaultParametersCommand({
      CacheParameterGroupFamily: "redis2.8", MaxRecords: 25,
    }));
    assert.equal(first.EngineDefaults.Parameters.length, 22);
    assert.equal(first.EngineDefaults.CacheNodeTypeSpecificParameters.length, 3);
    assert.ok(first.EngineDefaults.Marker);
    const names = [];
    for await (const page of paginateDescribeEngineDefaultParameters({ client: ec, pageSize: 20 },
      { CacheParameterGroupFamily: "valkey8" })) {
      names.push(...page.EngineDefaults.Parameters.map((p) => p.ParameterName));
    }
    assert.ok(names.includes("extended-redis-compatibility"));
    await assert.rejects(ec.send(new DescribeEngineDefaultParametersCommand({
      CacheParameterGroupFamily: "redis9",
    })), InvalidParameterValueException);
  });

  test("every rule maps to the SDK's fault", async () => {
    await createGroup("rules");
    await assert.rejects(createGroup("RULES"), CacheParameterGroupAlreadyExistsFault);
    await assert.rejects(createGroup("has.dot"), InvalidParameterValueException);
    await assert.rejects(createGroup("fam", "redis9"), InvalidParameterValueException);
    await createGroup("two");
    await createGroup("three");
    await assert.rejects(createGroup("four"), CacheParameterGroupQuotaExceededFault);

    const tooMany = Object.fromEntries([...Array(21).keys()].map((i) => [`p${i}`, "1"]));
    await assert.rejects(modify("rules", tooMany), InvalidParameterCombinationException);
    await assert.rejects(modify("rules", { nope: "1" }),
      (e) => e instanceof InvalidParameterValueException &&
        e.message === "Parameter nope doesn't exist");
    await assert.rejects(modify("rules", { maxclients: "1" }), InvalidParameterValueException);
    await assert.rejects(modify("rules", { timeout: "5" }),
      (e) => e instanceof InvalidParameterValueException && e.message.includes("timeout"));
    await assert.rejects(modify("default.redis7", { timeout: "300" }),
      InvalidCacheParameterGroupStateFault);
    await assert.rejects(modify("missing", { timeout: "300" }), CacheParameterGroupNotFoundFault);
    await assert.rejects(ec.send(new ResetCacheParameterGroupCommand({
      CacheParameterGroupName: "rules", ResetAllParameters: true,
      ParameterNameValues: [{ ParameterName: "timeout" }],
    })), InvalidParameterCombinationException);
    await assert.rejects(ec.send(new DeleteCacheParameterGroupCommand({
      CacheParameterGroupName: "default.redis7",
    })), InvalidCacheParameterGroupStateFault);
    await assert.rejects(ec.send(new DescribeCacheParametersCommand({
      CacheParameterGroupName: "rules", Source: "everyone",
    })), InvalidParameterValueException);
  });

  test("replication groups use the group and show its changes", async () => {
    await createGroup("used");
    await assert.rejects(ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "js-rg", ReplicationGroupDescription: "x",
      CacheParameterGroupName: "nothere",
    })), (e) => e instanceof CacheParameterGroupNotFoundFault &&
      e.message === "CacheParameterGroup not found: nothere" && e.$metadata.httpStatusCode === 404);
    await assert.rejects(ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "js-rg", ReplicationGroupDescription: "x", EngineVersion: "6.2",
      CacheParameterGroupName: "used",
    })), (e) => e instanceof InvalidParameterCombinationException &&
      e.message === "Expected a parameter group of family redis6.x but found one of family redis7");
    await ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "js-rg", ReplicationGroupDescription: "x", NumCacheClusters: 2,
      AutomaticFailoverEnabled: true, CacheParameterGroupName: "used",
    }));
    await advance(15);
    await modify("used", { "maxmemory-policy": "allkeys-lfu" });
    assert.equal((await cluster("js-rg-001")).CacheParameterGroup.ParameterApplyStatus, "applying");
    await advance(11);
    assert.equal((await cluster("js-rg-001")).CacheParameterGroup.ParameterApplyStatus, "in-sync");
    await modify("used", { databases: "64" });
    const rebooting = (await cluster("js-rg-002")).CacheParameterGroup;
    assert.equal(rebooting.ParameterApplyStatus, "pending-reboot");
    assert.deepEqual(rebooting.CacheNodeIdsToReboot, ["0001"]);
    await assert.rejects(ec.send(new DeleteCacheParameterGroupCommand({
      CacheParameterGroupName: "used",
    })), InvalidCacheParameterGroupStateFault);
  });
});

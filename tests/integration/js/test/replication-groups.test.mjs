// The AWS SDK for JavaScript v3 against elasticache-local: create in both cluster modes,
// waiters, paginators, tags, delete, and the SDK's error mapping.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AddTagsToResourceCommand,
  CreateReplicationGroupCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  InvalidParameterCombinationException,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
  ReplicationGroupNotFoundFault,
  paginateDescribeReplicationGroups,
  waitUntilReplicationGroupAvailable,
  waitUntilReplicationGroupDeleted,
} from "@aws-sdk/client-elasticache";
import { FAST_WAIT, Server } from "../harness.mjs";

const server = new Server();
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

function createDisabled(id, clusters = 3, extra = {}) {
  return ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id,
    ReplicationGroupDescription: "from the JS SDK",
    Engine: "redis",
    CacheNodeType: "cache.t3.micro",
    NumCacheClusters: clusters,
    AutomaticFailoverEnabled: clusters > 1,
    ...extra,
  }));
}

function createEnabled(id, shards = 3, replicas = 1) {
  return ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id,
    ReplicationGroupDescription: "sharded from the JS SDK",
    Engine: "redis",
    CacheNodeType: "cache.t3.micro",
    CacheParameterGroupName: "default.redis7.cluster.on",
    NumNodeGroups: shards,
    ReplicasPerNodeGroup: replicas,
    AutomaticFailoverEnabled: true,
  }));
}

async function describeOne(id) {
  const { ReplicationGroups } = await ec.send(
    new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  assert.equal(ReplicationGroups.length, 1);
  return ReplicationGroups[0];
}

describe("CreateReplicationGroup", () => {
  test("cluster mode disabled, then the available waiter", async () => {
    const { ReplicationGroup: created } = await createDisabled("js-rg", 3);
    assert.equal(created.Status, "creating");
    assert.deepEqual(created.MemberClusters, ["js-rg-001", "js-rg-002", "js-rg-003"]);
    assert.equal(created.ARN, "arn:aws:elasticache:us-east-1:000000000000:replicationgroup:js-rg");

    const result = await waitUntilReplicationGroupAvailable(
      { client: ec, ...FAST_WAIT }, { ReplicationGroupId: "js-rg" });
    assert.equal(result.state, "SUCCESS");

    const group = await describeOne("js-rg");
    assert.equal(group.Status, "available");
    const [nodeGroup] = group.NodeGroups;
    assert.equal(nodeGroup.NodeGroupId, "0001");
    assert.match(nodeGroup.PrimaryEndpoint.Address,
      /^js-rg\.[a-z0-9]{6}\.ng\.0001\.use1\.cache\.amazonaws\.com$/);
    assert.equal(nodeGroup.PrimaryEndpoint.Port, 6379);
    assert.match(nodeGroup.ReaderEndpoint.Address,
      /^js-rg-ro\.[a-z0-9]{6}\.ng\.0001\.use1\.cache\.amazonaws\.com$/);
    assert.deepEqual(nodeGroup.NodeGroupMembers.map((m) => m.CurrentRole).sort(),
      ["primary", "replica", "replica"]);
  });

  test("cluster mode enabled with three shards", async () => {
    const { ReplicationGroup: created } = await createEnabled("js-cme", 3, 1);
    assert.equal(created.MemberClusters.length, 6);
    assert.equal(created.MemberClusters[0], "js-cme-0001-001");
    await waitUntilReplicationGroupAvailable(
      { client: ec, ...FAST_WAIT }, { ReplicationGroupId: "js-cme" });
    const group = await describeOne("js-cme");
    assert.equal(group.ClusterEnabled, true);
    assert.match(group.ConfigurationEndpoint.Address,
      /^js-cme\.[a-z0-9]{6}\.clustercfg\.use1\.cache\.amazonaws\.com$/);
    assert.deepEqual(group.NodeGroups.map((g) => g.Slots).sort(),
      ["0-5461", "10923-16383", "5462-10922"]);
  });

  test("automatic failover with one cluster is InvalidParameterCombination", async () => {
    await assert.rejects(createDisabled("js-lonely", 1, { AutomaticFailoverEnabled: true }),
      (error) => {
        assert.ok(error instanceof InvalidParameterCombinationException, error.name);
        assert.equal(error.name, "InvalidParameterCombinationException");
        assert.equal(error.$metadata.httpStatusCode, 400);
        assert.equal(error.message, "When using automatic failover, there must be at least 2 "
          + "cache clusters in the replication group.");
        return true;
      });
  });
});

describe("DescribeReplicationGroups", () => {
  test("paginates 25 groups in pages of 20", async () => {
    const ids = Array.from({ length: 25 }, (_, n) => `page-${String(n).padStart(2, "0")}`);
    for (const id of ids) await createDisabled(id, 1);
    const pageSizes = [];
    const seen = [];
    for await (const page of paginateDescribeReplicationGroups(
      { client: ec, pageSize: 20 }, {})) {
      pageSizes.push(page.ReplicationGroups.length);
      seen.push(...page.ReplicationGroups.map((g) => g.ReplicationGroupId));
    }
    assert.deepEqual(pageSizes, [20, 5]);
    assert.deepEqual(seen, ids);
  });

  test("unknown id is ReplicationGroupNotFoundFault with HTTP 404", async () => {
    await assert.rejects(ec.send(new DescribeReplicationGroupsCommand({
      ReplicationGroupId: "js-missing" })), (error) => {
      assert.ok(error instanceof ReplicationGroupNotFoundFault, error.name);
      assert.equal(error.name, "ReplicationGroupNotFoundFault");
      assert.equal(error.$metadata.httpStatusCode, 404);
      assert.ok(error.$metadata.requestId, "request id from the response");
      return true;
    });
  });
});

describe("Tags, cache clusters and delete", () => {
  test("tags by ARN", async () => {
    const { ReplicationGroup: { ARN } } = await createDisabled("js-tags", 2,
      { Tags: [{ Key: "team", Value: "js" }] });
    const list = async () => (await ec.send(new ListTagsForResourceCommand({ ResourceName: ARN })))
      .TagList.map((t) => `${t.Key}=${t.Value}`).sort();
    assert.deepEqual(await list(), ["team=js"]);
    await ec.send(new AddTagsToResourceCommand({
      ResourceName: ARN, Tags: [{ Key: "env", Value: "ci" }] }));
    assert.deepEqual(await list(), ["env=ci", "team=js"]);
    await ec.send(new RemoveTagsFromResourceCommand({ ResourceName: ARN, TagKeys: ["team"] }));
    assert.deepEqual(await list(), ["env=ci"]);
  });

  test("cache clusters with node info", async () => {
    await createDisabled("js-nodes", 2);
    const { CacheClusters } = await ec.send(new DescribeCacheClustersCommand({
      ShowCacheNodeInfo: true }));
    assert.deepEqual(CacheClusters.map((c) => c.CacheClusterId).sort(),
      ["js-nodes-001", "js-nodes-002"]);
    for (const cluster of CacheClusters) {
      assert.equal(cluster.ReplicationGroupId, "js-nodes");
      assert.equal(cluster.CacheNodes[0].CacheNodeId, "0001");
      assert.equal(cluster.CacheNodes[0].Endpoint.Port, 6379);
    }
  });

  test("delete returns deleting, then the deleted waiter succeeds", async () => {
    await createDisabled("js-gone", 2);
    await waitUntilReplicationGroupAvailable(
      { client: ec, ...FAST_WAIT }, { ReplicationGroupId: "js-gone" });
    const { ReplicationGroup } = await ec.send(new DeleteReplicationGroupCommand({
      ReplicationGroupId: "js-gone" }));
    assert.equal(ReplicationGroup.Status, "deleting");
    const result = await waitUntilReplicationGroupDeleted(
      { client: ec, ...FAST_WAIT }, { ReplicationGroupId: "js-gone" });
    assert.equal(result.state, "SUCCESS");
    await assert.rejects(describeOne("js-gone"), { name: "ReplicationGroupNotFoundFault" });
  });
});

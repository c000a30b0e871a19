// ModifyReplicationGroupShardConfiguration through the AWS SDK for JavaScript v3: grow with
// and without ReshardingConfiguration, shrink by remove and by retain, rebalance, the rules'
// errors (a rejected call changes nothing), and a slow migration sampled on the admin clock.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidReplicationGroupStateFault,
  ModifyReplicationGroupShardConfigurationCommand,
  NodeGroupsPerReplicationGroupQuotaExceededFault,
  ReplicationGroupNotFoundFault,
  waitUntilReplicationGroupAvailable,
} from "@aws-sdk/client-elasticache";
import { FAST_WAIT, Server } from "../harness.mjs";

function parseSlots(text) {
  const slots = [];
  for (const part of text.split(",")) {
    const [start, end = start] = part.split("-").map(Number);
    for (let s = start; s <= end; s++) slots.push(s);
  }
  return slots;
}

// One server and client per describe block.
function useServer(args = []) {
  const ctx = { server: new Server(args) };
  before(async () => {
    await ctx.server.start();
    ctx.ec = ctx.server.client();
  });
  after(async () => {
    ctx.ec?.destroy();
    assert.equal(await ctx.server.stop(), 0, `server did not exit cleanly:\n${ctx.server.output}`);
  });
  beforeEach(() => ctx.server.reset());
  return ctx;
}

async function advance(server, seconds) {
  const response = await fetch(`${server.endpoint}/_admin/clock/advance?seconds=${seconds}`,
    { method: "POST" });
  assert.equal(response.status, 200);
}

function createSharded(ec, id, shards, replicas = 1, extra = {}) {
  return ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id,
    ReplicationGroupDescription: "sharded from the JS SDK",
    Engine: "redis",
    CacheNodeType: "cache.t3.micro",
    CacheParameterGroupName: "default.redis7.cluster.on",
    NumNodeGroups: shards,
    ReplicasPerNodeGroup: replicas,
    AutomaticFailoverEnabled: true,
    ...extra,
  }));
}

async function reshard(ec, id, count, extra = {}) {
  const out = await ec.send(new ModifyReplicationGroupShardConfigurationCommand({
    ReplicationGroupId: id, NodeGroupCount: count, ApplyImmediately: true, ...extra,
  }));
  return out.ReplicationGroup;
}

async function describeOne(ec, id) {
  const out = await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return out.ReplicationGroups[0];
}

async function clustersOf(ec, id) {
  const out = await ec.send(new DescribeCacheClustersCommand({ MaxRecords: 100 }));
  return out.CacheClusters.filter((c) => c.ReplicationGroupId === id);
}

const ids = (group) => group.NodeGroups.map((ng) => ng.NodeGroupId);

// Available, nothing pending, slots even and covering 0..16383 once, and MemberClusters,
// NodeGroups and DescribeCacheClusters agreeing.
async function assertSettled(ec, id, shards) {
  const group = await describeOne(ec, id);
  assert.equal(group.Status, "available");
  assert.equal(group.PendingModifiedValues?.Resharding, undefined);
  assert.equal(group.NodeGroups.length, shards);
  const every = group.NodeGroups.flatMap((ng) => parseSlots(ng.Slots));
  assert.deepEqual(every.sort((a, b) => a - b), Array.from({ length: 16384 }, (_, i) => i));
  const counts = group.NodeGroups.map((ng) => parseSlots(ng.Slots).length);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `uneven: ${counts}`);
  const members = group.NodeGroups.flatMap((ng) => ng.NodeGroupMembers.map((m) => m.CacheClusterId));
  assert.deepEqual(group.MemberClusters, members);
  const clusters = await clustersOf(ec, id);
  assert.deepEqual(clusters.map((c) => c.CacheClusterId).sort(), [...members].sort());
  assert.ok(clusters.every((c) => c.CacheClusterStatus === "available"));
  return group;
}

describe("resharding", () => {
  const ctx = useServer();

  test("grow without ReshardingConfiguration", async () => {
    await createSharded(ctx.ec, "js-grow", 3);
    const response = await reshard(ctx.ec, "js-grow", 4);
    assert.equal(response.Status, "modifying");
    assert.deepEqual(response.NodeGroups.map((ng) => ng.Status),
      ["modifying", "modifying", "modifying", "creating"]);
    const progress = response.PendingModifiedValues.Resharding.SlotMigration.ProgressPercentage;
    assert.equal(typeof progress, "number");
    assert.ok(response.MemberClusters.includes("js-grow-0004-002"));
    await waitUntilReplicationGroupAvailable({ client: ctx.ec, ...FAST_WAIT },
      { ReplicationGroupId: "js-grow" });
    const group = await assertSettled(ctx.ec, "js-grow", 4);
    assert.deepEqual(ids(group), ["0001", "0002", "0003", "0004"]);
  });

  test("grow with ReshardingConfiguration", async () => {
    await createSharded(ctx.ec, "js-cfg", 2, 1);
    await reshard(ctx.ec, "js-cfg", 4, {
      ReshardingConfiguration: [
        { NodeGroupId: "0021", PreferredAvailabilityZones: ["us-east-1b", "us-east-1c"] },
        { NodeGroupId: "22" },
      ],
    });
    const group = await assertSettled(ctx.ec, "js-cfg", 4);
    assert.deepEqual(ids(group), ["0001", "0002", "0021", "0022"]);
    const zones = Object.fromEntries((await clustersOf(ctx.ec, "js-cfg"))
      .map((c) => [c.CacheClusterId, c.PreferredAvailabilityZone]));
    assert.equal(zones["js-cfg-0021-001"], "us-east-1b");
    assert.equal(zones["js-cfg-0021-002"], "us-east-1c");
  });

  test("shrink by NodeGroupsToRemove and by NodeGroupsToRetain", async () => {
    await createSharded(ctx.ec, "js-down", 4, 1);
    const response = await reshard(ctx.ec, "js-down", 3, { NodeGroupsToRemove: ["0002"] });
    assert.equal(response.NodeGroups[1].Status, "deleting");
    let group = await assertSettled(ctx.ec, "js-down", 3);
    assert.deepEqual(ids(group), ["0001", "0003", "0004"]);
    await reshard(ctx.ec, "js-down", 2, { NodeGroupsToRetain: ["0004", "0001"] });
    group = await assertSettled(ctx.ec, "js-down", 2);
    assert.deepEqual(ids(group), ["0001", "0004"]);
    assert.deepEqual(group.MemberClusters,
      ["js-down-0001-001", "js-down-0001-002", "js-down-0004-001", "js-down-0004-002"]);
  });

  test("rebalance uneven custom slots", async () => {
    await createSharded(ctx.ec, "js-uneven", 3, 0, {
      NodeGroupConfiguration: [
        { NodeGroupId: "0001", Slots: "0-15000", ReplicaCount: 0 },
        { NodeGroupId: "0002", Slots: "15001-16000", ReplicaCount: 0 },
        { NodeGroupId: "0003", Slots: "16001-16383", ReplicaCount: 0 },
      ],
    });
    await reshard(ctx.ec, "js-uneven", 3);
    const group = await assertSettled(ctx.ec, "js-uneven", 3);
    assert.deepEqual(group.NodeGroups.map((ng) => ng.Slots),
      ["0-5461", "5462-9922,15001-16000", "9923-15000,16001-16383"]);
    await assert.rejects(reshard(ctx.ec, "js-uneven", 3), (error) => {
      assert.ok(error instanceof InvalidReplicationGroupStateFault, error.name);
      assert.equal(error.message,
        "Slots in the replication group are uniformly distributed. Nothing to do.");
      return true;
    });
  });

  test("each rule's error leaves the group unchanged", async () => {
    await createSharded(ctx.ec, "js-rules", 3, 1);
    await ctx.ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "js-cmd", ReplicationGroupDescription: "cmd", Engine: "redis",
      CacheNodeType: "cache.t3.micro", NumCacheClusters: 2, AutomaticFailoverEnabled: true,
    }));
    const before = await describeOne(ctx.ec, "js-rules");
    const clustersBefore = await clustersOf(ctx.ec, "js-rules");
    const cases = [
      ["js-cmd", 2, {}, InvalidParameterValueException,
        "Operation is only applicable for cluster mode enabled replication groups."],
      ["js-rules", 4, { ApplyImmediately: false }, InvalidParameterValueException, "ApplyImmediately"],
      ["js-rules", 0, {}, InvalidParameterValueException, "NodeGroupCount must be at least 1"],
      ["js-rules", 16, {}, NodeGroupsPerReplicationGroupQuotaExceededFault, "16"],
      ["js-rules", 2, {}, InvalidParameterValueException, "is required"],
      ["js-rules", 2, { NodeGroupsToRemove: ["0001"], NodeGroupsToRetain: ["0002", "0003"] },
        InvalidParameterCombinationException, "not both"],
      ["js-rules", 1, { NodeGroupsToRemove: ["0001"] }, InvalidParameterValueException,
        "NodeGroupsToRemove lists 1"],
      ["js-rules", 2, { NodeGroupsToRemove: ["0010"] }, InvalidParameterValueException,
        "The following node group ids are invalid: [0010]"],
      ["js-rules", 3, { ReshardingConfiguration: [{ NodeGroupId: "0009" }] },
        InvalidParameterCombinationException, "ReshardingConfiguration"],
      ["js-rules", 4, { ReshardingConfiguration: [{ NodeGroupId: "0001" }] },
        InvalidParameterValueException, "already in use"],
      ["js-rules", 4, { ReshardingConfiguration: [{ NodeGroupId: "abcd" }] },
        InvalidParameterValueException, "'abcd'"],
      ["js-rules", 3, {}, InvalidReplicationGroupStateFault, "Nothing to do."],
      ["js-missing", 2, {}, ReplicationGroupNotFoundFault, "js-missing"],
    ];
    for (const [id, count, extra, type, text] of cases) {
      await assert.rejects(reshard(ctx.ec, id, count, extra), (error) => {
        assert.ok(error instanceof type, `${id} ${count} ${JSON.stringify(extra)}: ${error.name}`);
        assert.ok(error.message.includes(text), error.message);
        assert.equal(error.$metadata.httpStatusCode, type === ReplicationGroupNotFoundFault ? 404 : 400);
        return true;
      });
    }
    assert.deepEqual(await describeOne(ctx.ec, "js-rules"), before);
    assert.deepEqual(await clustersOf(ctx.ec, "js-rules"), clustersBefore);
  });
});

describe("resharding with --transition-seconds 10", () => {
  const ctx = useServer(["--transition-seconds", "10"]);

  test("progress rises with the admin clock and never goes backwards", async () => {
    await createSharded(ctx.ec, "js-slow", 2, 1);
    await advance(ctx.server, 11);
    const response = await reshard(ctx.ec, "js-slow", 4);
    const samples = [response.PendingModifiedValues.Resharding.SlotMigration.ProgressPercentage];
    let group;
    for (let i = 0; i < 20; i++) {
      await advance(ctx.server, 1);
      group = await describeOne(ctx.ec, "js-slow");
      if (group.Status === "available") break;
      assert.equal(group.Status, "modifying");
      assert.deepEqual(group.NodeGroups.map((ng) => ng.Status),
        ["modifying", "modifying", "creating", "creating"]);
      samples.push(group.PendingModifiedValues.Resharding.SlotMigration.ProgressPercentage);
    }
    assert.equal(group.Status, "available", `still modifying; progress ${samples}`);
    assert.deepEqual(samples, [...samples].sort((a, b) => a - b), `went backwards: ${samples}`);
    assert.ok(samples.every((p) => p >= 0 && p <= 100), `${samples}`);
    assert.ok(samples.filter((p) => p > 0 && p < 100).length >= 5, `${samples}`);
    await assertSettled(ctx.ec, "js-slow", 4);
  });

  test("a group that is not available is refused", async () => {
    await createSharded(ctx.ec, "js-busy", 2, 1);
    await assert.rejects(reshard(ctx.ec, "js-busy", 3), (error) => {
      assert.ok(error instanceof InvalidReplicationGroupStateFault, error.name);
      assert.equal(error.message, "Replication group must be in available state to modify.");
      return true;
    });
    await advance(ctx.server, 11);
    await reshard(ctx.ec, "js-busy", 3);
    await assert.rejects(reshard(ctx.ec, "js-busy", 2, { NodeGroupsToRemove: ["0001"] }),
      InvalidReplicationGroupStateFault);
    await advance(ctx.server, 11);
    await assertSettled(ctx.ec, "js-busy", 3);
  });
});

// IncreaseReplicaCount and DecreaseReplicaCount through the AWS SDK for JavaScript v3: both
// cluster modes, per-shard configuration, ReplicasToRemove, every rule's modeled error, the
// maintenance-window path on the admin clock, and a slow transition.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateReplicationGroupCommand,
  DecreaseReplicaCountCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  IncreaseReplicaCountCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidReplicationGroupStateFault,
  NoOperationFault,
  ReplicationGroupNotFoundFault,
  waitUntilReplicationGroupAvailable,
} from "@aws-sdk/client-elasticache";
import { FAST_WAIT, Server } from "../harness.mjs";

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]; // Date#getUTCDay order

// One server per concern: instant transitions, and 2-second ones.
function serverFor(extraArgs = []) {
  const server = new Server(extraArgs);
  const state = { server, ec: undefined };
  before(async () => {
    await server.start();
    state.ec = server.client();
  });
  after(async () => {
    state.ec?.destroy();
    assert.equal(await server.stop(), 0, `server did not exit cleanly:\n${server.output}`);
  });
  beforeEach(() => server.reset());
  return state;
}

async function admin(server, method, path) {
  const response = await fetch(`${server.endpoint}${path}`, { method });
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  return response.json();
}
const clockOf = (server) => admin(server, "GET", "/_admin/clock");
const advance = (server, seconds) => admin(server, "POST", `/_admin/clock/advance?seconds=${seconds}`);

function helpers(state) {
  const send = (command) => state.ec.send(command);
  return {
    createDisabled: (id, clusters, extra = {}) => send(new CreateReplicationGroupCommand({
      ReplicationGroupId: id,
      ReplicationGroupDescription: "js replicas",
      Engine: "redis",
      CacheNodeType: "cache.t3.micro",
      NumCacheClusters: clusters,
      AutomaticFailoverEnabled: clusters > 1,
      ...extra,
    })),
    createEnabled: (id, shards, replicas) => send(new CreateReplicationGroupCommand({
      ReplicationGroupId: id,
      ReplicationGroupDescription: "js sharded replicas",
      Engine: "redis",
      CacheNodeType: "cache.t3.micro",
      CacheParameterGroupName: "default.redis7.cluster.on",
      NumNodeGroups: shards,
      ReplicasPerNodeGroup: replicas,
      AutomaticFailoverEnabled: true,
    })),
    increase: async (id, input) => (await send(new IncreaseReplicaCountCommand({
      ReplicationGroupId: id, ApplyImmediately: true, ...input,
    }))).ReplicationGroup,
    decrease: async (id, input) => (await send(new DecreaseReplicaCountCommand({
      ReplicationGroupId: id, ApplyImmediately: true, ...input,
    }))).ReplicationGroup,
    describeOne: async (id) => (await send(new DescribeReplicationGroupsCommand({
      ReplicationGroupId: id,
    }))).ReplicationGroups[0],
    clustersOf: async (id) => Object.fromEntries(
      (await send(new DescribeCacheClustersCommand({}))).CacheClusters
        .filter((c) => c.ReplicationGroupId === id)
        .map((c) => [c.CacheClusterId, c])),
  };
}

const membersOf = (group, nodeGroupId = "0001") => group.NodeGroups
  .find((ng) => ng.NodeGroupId === nodeGroupId).NodeGroupMembers.map((m) => m.CacheClusterId);

// Everything available and every view of the members agrees; returns the group.
async function assertSettled(h, id) {
  const group = await h.describeOne(id);
  assert.equal(group.Status, "available");
  const listed = group.NodeGroups.flatMap((ng) => ng.NodeGroupMembers.map((m) => m.CacheClusterId));
  assert.deepEqual(group.MemberClusters, listed);
  const clusters = await h.clustersOf(id);
  assert.deepEqual(Object.keys(clusters).sort(), [...listed].sort());
  for (const ng of group.NodeGroups) {
    assert.equal(ng.Status, "available");
    if (!group.ClusterEnabled) {
      const roles = ng.NodeGroupMembers.map((m) => m.CurrentRole);
      assert.deepEqual(roles.filter((r) => r === "primary"), ["primary"]);
      assert.ok(ng.ReaderEndpoint.Address.startsWith(`${id}-ro.`), ng.ReaderEndpoint.Address);
    }
    for (const m of ng.NodeGroupMembers) {
      assert.equal(clusters[m.CacheClusterId].CacheClusterStatus, "available");
      assert.equal(clusters[m.CacheClusterId].PreferredAvailabilityZone,
        m.PreferredAvailabilityZone);
    }
  }
  return group;
}

// Rejects with the SDK's modeled exception class and a message containing `fragment`.
async function assertRejects(promise, ErrorClass, fragment) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ErrorClass, `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode,
      ErrorClass === ReplicationGroupNotFoundFault ? 404 : 400);
    if (fragment) assert.ok(error.message.includes(fragment), error.message);
    return true;
  });
}

describe("instant transitions", () => {
  const state = serverFor();
  const h = helpers(state);

  test("cluster mode disabled: increase lists new members at once, node group when ready", async () => {
    await h.createDisabled("js-rg", 2);
    const group = await h.increase("js-rg", { NewReplicaCount: 3 });
    assert.equal(group.Status, "modifying");
    assert.equal(group.NodeGroups[0].Status, "modifying");
    assert.deepEqual(group.MemberClusters, ["js-rg-001", "js-rg-002", "js-rg-003", "js-rg-004"]);
    assert.deepEqual(membersOf(group), ["js-rg-001", "js-rg-002"]);
    await waitUntilReplicationGroupAvailable({ client: state.ec, ...FAST_WAIT },
      { ReplicationGroupId: "js-rg" });
    const settled = await assertSettled(h, "js-rg");
    assert.deepEqual(membersOf(settled), ["js-rg-001", "js-rg-002", "js-rg-003", "js-rg-004"]);
  });

  test("cluster mode disabled: decrease removes the newest, or the named replicas", async () => {
    await h.createDisabled("js-down", 6);
    const group = await h.decrease("js-down", { NewReplicaCount: 3 });
    assert.equal(group.Status, "modifying");
    assert.equal(group.MemberClusters.length, 6);
    assert.equal(membersOf(group).length, 6);
    assert.deepEqual((await assertSettled(h, "js-down")).MemberClusters,
      ["js-down-001", "js-down-002", "js-down-003", "js-down-004"]);
    await h.decrease("js-down", { ReplicasToRemove: ["js-down-002", "js-down-003"] });
    assert.deepEqual((await assertSettled(h, "js-down")).MemberClusters,
      ["js-down-001", "js-down-004"]);
    await h.decrease("js-down", { NewReplicaCount: 0, ReplicasToRemove: ["js-down-004"] })
      .then(() => assert.fail("auto failover needs a replica"), (error) => {
        assert.ok(error instanceof InvalidParameterValueException);
        assert.equal(error.message, "Must have at least 1 replica when cluster mode is disabled " +
          "with auto failover enabled.");
      });
  });

  test("cluster mode enabled: count for every shard, configuration per shard", async () => {
    await h.createEnabled("js-cme", 3, 1);
    let group = await h.increase("js-cme", { NewReplicaCount: 2 });
    assert.deepEqual(group.NodeGroups.map((ng) => ng.Status), ["modifying", "modifying", "modifying"]);
    assert.ok(group.MemberClusters.includes("js-cme-0003-003"));
    assert.equal((await assertSettled(h, "js-cme")).MemberClusters.length, 9);

    group = await h.increase("js-cme", {
      ReplicaConfiguration: [{
        NodeGroupId: "0002", NewReplicaCount: 3,
        PreferredAvailabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1c"],
      }],
    });
    assert.deepEqual(group.NodeGroups.map((ng) => ng.Status), ["available", "modifying", "available"]);
    group = await assertSettled(h, "js-cme");
    assert.deepEqual(membersOf(group, "0002"),
      ["js-cme-0002-001", "js-cme-0002-002", "js-cme-0002-003", "js-cme-0002-004"]);
    const zone = group.NodeGroups[1].NodeGroupMembers.find((m) => m.CacheClusterId === "js-cme-0002-004");
    assert.equal(zone.PreferredAvailabilityZone, "us-east-1c");

    await h.decrease("js-cme", {
      ReplicaConfiguration: [{ NodeGroupId: "0001", NewReplicaCount: 0 }],
    });
    await h.decrease("js-cme", { ReplicasToRemove: ["js-cme-0003-002"] });
    group = await assertSettled(h, "js-cme");
    assert.deepEqual(membersOf(group, "0001"), ["js-cme-0001-001"]);
    assert.deepEqual(membersOf(group, "0003"), ["js-cme-0003-001", "js-cme-0003-003"]);
  });

  test("every rule answers with its modeled error and changes nothing", async () => {
    await h.createDisabled("js-rules", 3);
    await h.createEnabled("js-shards", 2, 1);
    await assertRejects(h.increase("js-rules", { NewReplicaCount: 6 }),
      InvalidParameterValueException, "NewReplicaCount was 6");
    await assertRejects(h.increase("js-rules", { NewReplicaCount: 2 }), NoOperationFault,
      "Requested new replica count already matches current number of replicas.");
    await assertRejects(h.decrease("js-rules", { NewReplicaCount: 2 }), NoOperationFault);
    await assertRejects(h.increase("js-rules", { NewReplicaCount: 1 }),
      InvalidParameterValueException, "must be larger than its current replica count 2");
    await assertRejects(h.decrease("js-rules", { NewReplicaCount: 4 }),
      InvalidParameterValueException, "must be smaller than its current replica count 2");
    await assertRejects(h.increase("js-rules", {
      NewReplicaCount: 3, ReplicaConfiguration: [{ NodeGroupId: "0001", NewReplicaCount: 3 }],
    }), InvalidParameterCombinationException, "not both");
    await assertRejects(h.increase("js-rules", {}), InvalidParameterCombinationException);
    await assertRejects(h.increase("js-rules", {
      ReplicaConfiguration: [{
        NodeGroupId: "0001", NewReplicaCount: 3, PreferredAvailabilityZones: ["us-east-1a"],
      }],
    }), InvalidParameterValueException, "must list 4 Availability Zones");
    await assertRejects(h.increase("js-shards", {
      ReplicaConfiguration: [{ NodeGroupId: "0005", NewReplicaCount: 2 }],
    }), InvalidParameterValueException, "The following node group ids are invalid: [0005]");
    await assertRejects(h.decrease("js-rules", { ReplicasToRemove: ["js-rules-001"] }),
      InvalidParameterValueException, "js-rules-001 is the primary");
    await assertRejects(h.decrease("js-rules", { ReplicasToRemove: ["js-shards-0001-002"] }),
      InvalidParameterValueException, "js-shards-0001-002 is not a member of replication group js-rules");
    await assertRejects(h.decrease("js-rules", {
      NewReplicaCount: 0, ReplicasToRemove: ["js-rules-002"],
    }), InvalidParameterValueException);
    await assertRejects(h.decrease("js-rules", {
      NewReplicaCount: 1, ReplicasToRemove: ["js-rules-002", "js-rules-003"],
    }), InvalidParameterValueException, "ReplicasToRemove names 2 replicas");
    await assertRejects(h.increase("js-none", { NewReplicaCount: 2 }),
      ReplicationGroupNotFoundFault, "js-none");
    assert.deepEqual((await assertSettled(h, "js-rules")).MemberClusters,
      ["js-rules-001", "js-rules-002", "js-rules-003"]);
    assert.equal((await assertSettled(h, "js-shards")).MemberClusters.length, 4);
  });

  test("multi-AZ keeps one replica; without failover zero is allowed", async () => {
    await h.createDisabled("js-maz", 2, { MultiAZEnabled: true });
    await assertRejects(h.decrease("js-maz", { NewReplicaCount: 0 }),
      InvalidParameterValueException, "Must have at least 1 replica for Multi-AZ enabled Replication Group");
    await h.createDisabled("js-plain", 2, { AutomaticFailoverEnabled: false });
    await h.decrease("js-plain", { NewReplicaCount: 0 });
    assert.deepEqual((await assertSettled(h, "js-plain")).MemberClusters, ["js-plain-001"]);
  });

  test("ApplyImmediately=false waits for the maintenance window on the admin clock", async () => {
    const clock = await clockOf(state.server);
    const start = new Date(clock.epoch_ms + 2 * 86400_000);
    start.setUTCMinutes(0, 0, 0);
    const end = new Date(start.getTime() + 2 * 3600_000);
    const hh = (d) => String(d.getUTCHours()).padStart(2, "0");
    const window = `${DAY_NAMES[start.getUTCDay()]}:${hh(start)}:00-${DAY_NAMES[end.getUTCDay()]}:${hh(end)}:00`;
    await h.createDisabled("js-later", 3, { PreferredMaintenanceWindow: window });

    const group = await h.decrease("js-later", { NewReplicaCount: 1, ApplyImmediately: false });
    assert.equal(group.Status, "available");
    assert.equal(group.MemberClusters.length, 3);
    const untilWindow = (start.getTime() - clock.epoch_ms) / 1000;
    await advance(state.server, untilWindow - 600);
    assert.equal((await assertSettled(h, "js-later")).MemberClusters.length, 3);
    await advance(state.server, 1200);
    assert.deepEqual((await assertSettled(h, "js-later")).MemberClusters,
      ["js-later-001", "js-later-002"]);
  });
});

describe("slow transitions (--transition-seconds 2)", () => {
  const state = serverFor(["--transition-seconds", "2"]);
  const h = helpers(state);

  test("modifying, new members creating, a second change refused", async () => {
    await h.createDisabled("js-slow", 2);
    await assertRejects(h.increase("js-slow", { NewReplicaCount: 2 }),
      InvalidReplicationGroupStateFault, "js-slow is creating");
    await advance(state.server, 5);
    await h.increase("js-slow", { NewReplicaCount: 3 });
    const group = await h.describeOne("js-slow");
    assert.equal(group.Status, "modifying");
    assert.deepEqual(membersOf(group), ["js-slow-001", "js-slow-002"]);
    const clusters = await h.clustersOf("js-slow");
    assert.equal(clusters["js-slow-003"].CacheClusterStatus, "creating");
    assert.equal(clusters["js-slow-004"].CacheClusterStatus, "creating");
    assert.equal(clusters["js-slow-001"].CacheClusterStatus, "available");
    await assertRejects(h.decrease("js-slow", { NewReplicaCount: 1 }),
      InvalidReplicationGroupStateFault, "js-slow is modifying");
    await advance(state.server, 5);
    assert.equal((await assertSettled(h, "js-slow")).MemberClusters.length, 4);
  });

  test("leaving members are deleting and listed until gone", async () => {
    await h.createEnabled("js-fade", 2, 2);
    await advance(state.server, 5);
    await h.decrease("js-fade", { ReplicasToRemove: ["js-fade-0002-002"] });
    const group = await h.describeOne("js-fade");
    assert.equal(group.Status, "modifying");
    assert.deepEqual(membersOf(group, "0002"), ["js-fade-0002-001", "js-fade-0002-002", "js-fade-0002-003"]);
    assert.equal((await h.clustersOf("js-fade"))["js-fade-0002-002"].CacheClusterStatus, "deleting");
    await advance(state.server, 5);
    assert.deepEqual(membersOf(await assertSettled(h, "js-fade"), "0002"),
      ["js-fade-0002-001", "js-fade-0002-003"]);
  });
});

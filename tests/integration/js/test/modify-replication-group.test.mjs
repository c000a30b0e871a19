// ModifyReplicationGroup and TestFailover through the AWS SDK for JavaScript v3: every
// parameter family with its typed faults, PendingModifiedValues (the group's and the member
// clusters'), the maintenance window on the admin clock, waiters, and the failover's roles and
// events.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  APICallRateForCustomerExceededFault,
  CacheClusterNotFoundFault,
  CacheParameterGroupNotFoundFault,
  CreateCacheParameterGroupCommand,
  CreateReplicationGroupCommand,
  CreateUserGroupCommand,
  DescribeCacheClustersCommand,
  DescribeEventsCommand,
  DescribeReplicationGroupsCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidReplicationGroupStateFault,
  ModifyReplicationGroupCommand,
  NodeGroupNotFoundFault,
  ReplicationGroupNotFoundFault,
  TestFailoverCommand,
  TestFailoverNotAvailableFault,
  UserGroupNotFoundFault,
  waitUntilReplicationGroupAvailable,
} from "@aws-sdk/client-elasticache";
import { FAST_WAIT, Server } from "../harness.mjs";

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]; // Date#getUTCDay order
const TOKEN = "This-is-a-token-0001";

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
  const h = {
    send,
    create: (id, extra = {}) => send(new CreateReplicationGroupCommand({
      ReplicationGroupId: id,
      ReplicationGroupDescription: "js modify",
      Engine: "redis",
      EngineVersion: "7.1",
      CacheNodeType: "cache.t3.micro",
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      ...extra,
    })),
    modify: async (id, input) => (await send(new ModifyReplicationGroupCommand({
      ReplicationGroupId: id, ApplyImmediately: true, ...input,
    }))).ReplicationGroup,
    describe: async (id) => (await send(new DescribeReplicationGroupsCommand({
      ReplicationGroupId: id,
    }))).ReplicationGroups[0],
    members: async (id) => (await send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true })))
      .CacheClusters.filter((c) => c.ReplicationGroupId === id),
    failover: async (id, nodeGroupId = "0001") => (await send(new TestFailoverCommand({
      ReplicationGroupId: id, NodeGroupId: nodeGroupId,
    }))).ReplicationGroup,
    messages: async (SourceIdentifier) => (await send(new DescribeEventsCommand({
      Duration: 60, SourceIdentifier,
    }))).Events.map((e) => e.Message),
  };
  return h;
}

describe("ModifyReplicationGroup", () => {
  const state = serverFor();
  const h = helpers(state);

  test("node type, windows and retention reach every member", async () => {
    await h.create("js-nodes");
    const group = await h.modify("js-nodes", {
      CacheNodeType: "cache.t3.small",
      PreferredMaintenanceWindow: "mon:04:00-mon:05:00",
      ReplicationGroupDescription: "scaled",
      SnapshotRetentionLimit: 5,
      SnapshottingClusterId: "js-nodes-002",
    });
    assert.equal(group.Status, "modifying");
    assert.equal(group.Description, "scaled");
    await waitUntilReplicationGroupAvailable({ client: state.ec, ...FAST_WAIT },
      { ReplicationGroupId: "js-nodes" });
    const settled = await h.describe("js-nodes");
    assert.equal(settled.CacheNodeType, "cache.t3.small");
    assert.equal(settled.SnapshotRetentionLimit, 5);
    assert.equal(settled.SnapshottingClusterId, "js-nodes-002");
    for (const member of await h.members("js-nodes")) {
      assert.equal(member.CacheNodeType, "cache.t3.small");
      assert.equal(member.PreferredMaintenanceWindow, "mon:04:00-mon:05:00");
      assert.equal(member.SnapshotRetentionLimit, 5);
      assert.deepEqual(member.PendingModifiedValues, {});
    }
  });

  test("typed faults for the rules", async () => {
    await h.create("js-rules");
    await assert.rejects(h.modify("js-rules", {}), (e) => e instanceof
      InvalidParameterCombinationException && e.message === "No modifications were requested.");
    await assert.rejects(h.modify("js-ghost", { ReplicationGroupDescription: "x" }),
      ReplicationGroupNotFoundFault);
    await assert.rejects(h.modify("js-rules", { CacheParameterGroupName: "missing" }),
      CacheParameterGroupNotFoundFault);
    await assert.rejects(h.modify("js-rules", { PrimaryClusterId: "js-rules-009" }),
      CacheClusterNotFoundFault);
    await assert.rejects(h.modify("js-rules", { UserGroupIdsToAdd: ["ghost"] }),
      InvalidParameterCombinationException); // needs in-transit encryption first
    await assert.rejects(h.modify("js-rules", { EngineVersion: "6.2" }),
      InvalidParameterCombinationException);
    await assert.rejects(h.modify("js-rules", { CacheNodeType: "cache.nope.large" }),
      InvalidParameterValueException);
    await assert.rejects(h.modify("js-rules", { AuthToken: TOKEN }), (e) =>
      e instanceof InvalidParameterValueException &&
      e.message === "The AUTH token is only supported when encryption-in-transit is enabled");
    await assert.rejects(h.modify("js-rules", { ClusterMode: "enabled" }),
      InvalidParameterCombinationException);
  });

  test("in-transit encryption, AUTH token and user groups", async () => {
    await h.create("js-secure");
    let group = await h.modify("js-secure", {
      TransitEncryptionEnabled: true, TransitEncryptionMode: "preferred",
    });
    assert.deepEqual(group.PendingModifiedValues,
      { TransitEncryptionEnabled: true, TransitEncryptionMode: "preferred" });
    await h.modify("js-secure", { TransitEncryptionMode: "required" });
    group = await h.modify("js-secure", { AuthToken: TOKEN, AuthTokenUpdateStrategy: "ROTATE" });
    assert.deepEqual(group.PendingModifiedValues, { AuthTokenStatus: "ROTATING" });
    group = await h.describe("js-secure");
    assert.equal(group.AuthTokenEnabled, true);
    assert.equal(group.TransitEncryptionMode, "required");
    for (const member of await h.members("js-secure")) {
      assert.equal(member.TransitEncryptionEnabled, true);
      assert.equal(member.TransitEncryptionMode, "required");
      assert.equal(member.AuthTokenEnabled, true);
    }
    await h.send(new CreateUserGroupCommand({
      UserGroupId: "js-team", Engine: "redis", UserIds: ["default"],
    }));
    await assert.rejects(h.modify("js-secure", { UserGroupIdsToAdd: ["js-team"] }),
      InvalidParameterCombinationException);
    await assert.rejects(h.modify("js-secure", {
      UserGroupIdsToAdd: ["js-nobody"], AuthTokenUpdateStrategy: "DELETE",
    }), UserGroupNotFoundFault);
    group = await h.modify("js-secure", {
      UserGroupIdsToAdd: ["js-team"], AuthTokenUpdateStrategy: "DELETE",
    });
    assert.deepEqual(group.PendingModifiedValues.UserGroups, { UserGroupIdsToAdd: ["js-team"] });
    group = await h.describe("js-secure");
    assert.deepEqual(group.UserGroupIds, ["js-team"]);
    assert.equal(group.AuthTokenEnabled, false);
  });

  test("a parameter group of the family, and log delivery pending while applied", async () => {
    await h.send(new CreateCacheParameterGroupCommand({
      CacheParameterGroupName: "js-tuned", CacheParameterGroupFamily: "redis7", Description: "t",
    }));
    await h.create("js-params");
    const group = await h.modify("js-params", {
      CacheParameterGroupName: "js-tuned",
      LogDeliveryConfigurations: [{
        LogType: "engine-log",
        DestinationType: "kinesis-firehose",
        DestinationDetails: { KinesisFirehoseDetails: { DeliveryStream: "logs" } },
        LogFormat: "json",
      }],
    });
    assert.equal(group.PendingModifiedValues.LogDeliveryConfigurations[0].LogType, "engine-log");
    assert.equal(group.LogDeliveryConfigurations[0].Status, "enabling");
    for (const member of await h.members("js-params"))
      assert.equal(member.CacheParameterGroup.CacheParameterGroupName, "js-tuned");
    const logs = (await h.describe("js-params")).LogDeliveryConfigurations;
    assert.deepEqual(logs.map((l) => [l.LogType, l.Status]), [["engine-log", "active"]]);
  });
});

describe("ModifyReplicationGroup with ApplyImmediately=false", () => {
  const state = serverFor(["--transition-seconds", "2"]);
  const h = helpers(state);

  test("the engine upgrade waits for the window, then is applied", async () => {
    const now = new Date((await clockOf(state.server)).epoch_ms);
    const start = new Date(now.getTime() + 2 * 86400 * 1000);
    start.setUTCMinutes(0, 0, 0);
    const end = new Date(start.getTime() + 2 * 3600 * 1000);
    const hh = (d) => String(d.getUTCHours()).padStart(2, "0");
    const window = `${DAY_NAMES[start.getUTCDay()]}:${hh(start)}:00-` +
      `${DAY_NAMES[end.getUTCDay()]}:${hh(end)}:00`;
    await h.create("js-later", { EngineVersion: "6.2", PreferredMaintenanceWindow: window });
    await advance(state.server, 3);
    const group = await h.modify("js-later", { EngineVersion: "7.1", ApplyImmediately: false });
    assert.equal(group.Status, "available");
    for (const member of await h.members("js-later"))
      assert.deepEqual(member.PendingModifiedValues, { EngineVersion: "7.1.0" });
    const untilWindow = (start.getTime() - (await clockOf(state.server)).epoch_ms) / 1000;
    await advance(state.server, untilWindow + 1);
    assert.equal((await h.describe("js-later")).Status, "modifying");
    await advance(state.server, 3);
    assert.equal((await h.describe("js-later")).Status, "available");
    for (const member of await h.members("js-later")) {
      assert.equal(member.EngineVersion, "7.1.0");
      assert.equal(member.CacheParameterGroup.CacheParameterGroupName, "default.redis7");
      assert.deepEqual(member.PendingModifiedValues, {});
    }
    assert.ok((await h.messages("js-later-001")).includes("Cache cluster patched"));
  });

  test("a group that is modifying refuses another change", async () => {
    await h.create("js-busy");
    await advance(state.server, 3);
    await h.modify("js-busy", { AutomaticFailoverEnabled: false });
    assert.equal((await h.describe("js-busy")).AutomaticFailover, "disabling");
    await assert.rejects(h.modify("js-busy", { ReplicationGroupDescription: "x" }),
      (e) => e instanceof InvalidReplicationGroupStateFault &&
        e.message === "Replication group must be in available state to modify.");
  });
});

describe("TestFailover", () => {
  const state = serverFor(["--transition-seconds", "2"]);
  const h = helpers(state);

  test("the primary moves and DescribeEvents says so in order", async () => {
    await h.create("js-fo", { NumCacheClusters: 3 });
    await advance(state.server, 3);
    const answer = await h.failover("js-fo");
    assert.equal(answer.Status, "available");
    assert.equal(answer.NodeGroups[0].NodeGroupMembers[0].CurrentRole, "primary");
    assert.equal((await h.describe("js-fo")).Status, "modifying");
    await assert.rejects(h.failover("js-fo"), TestFailoverNotAvailableFault);
    await advance(state.server, 5);
    const group = await h.describe("js-fo");
    assert.equal(group.Status, "available");
    assert.deepEqual(group.NodeGroups[0].NodeGroupMembers.map((m) => m.CurrentRole),
      ["replica", "primary", "replica"]);
    const groupEvents = (await h.messages("js-fo")).reverse();
    assert.deepEqual(groupEvents.filter((m) => m.includes("ailover") && !m.includes("turned")), [
      "Test Failover API called for node group 0001",
      "Failover to replica node js-fo-002 completed",
      "Failover from master node js-fo-001 to replica node js-fo-002 completed",
    ]);
    assert.deepEqual((await h.messages("js-fo-001")).reverse().slice(-3), [
      "Failover from master node js-fo-001 to replica node js-fo-002 completed",
      "Recovering cache nodes 0001",
      "Finished recovery for cache nodes 0001",
    ]);
  });

  test("typed faults", async () => {
    await h.create("js-faults", { NumCacheClusters: 2 });
    await assert.rejects(h.failover("js-faults"), InvalidReplicationGroupStateFault); // creating
    await advance(state.server, 3);
    await assert.rejects(h.failover("js-faults", "0003"), NodeGroupNotFoundFault);
    await assert.rejects(h.failover("js-none"), ReplicationGroupNotFoundFault);
    await h.create("js-many", {
      NumCacheClusters: undefined, CacheParameterGroupName: "default.redis7.cluster.on",
      NumNodeGroups: 5, ReplicasPerNodeGroup: 1,
    });
    await advance(state.server, 3);
    for (let round = 0; round < 3; round++) {
      for (const shard of ["0001", "0002", "0003", "0004", "0005"]) {
        await h.failover("js-many", shard);
        await advance(state.server, 5);
      }
    }
    await assert.rejects(h.failover("js-faults"), APICallRateForCustomerExceededFault);
  });
});

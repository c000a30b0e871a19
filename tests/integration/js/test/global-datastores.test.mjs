// Global datastores through the AWS SDK for JavaScript v3: one server serves every region, so
// a client for us-east-1 and one for us-west-2 build one datastore. The nine operations with
// their answers (the region-less ARN, the prefixed id, members and global node groups agreeing
// with the members' own descriptions), the paginator, the typed faults with their HTTP
// statuses (a refused call changes nothing), and the intermediate states on the admin clock.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AddTagsToResourceCommand,
  CreateGlobalReplicationGroupCommand,
  CreateReplicationGroupCommand,
  DecreaseNodeGroupsInGlobalReplicationGroupCommand,
  DeleteGlobalReplicationGroupCommand,
  DeleteReplicationGroupCommand,
  DescribeGlobalReplicationGroupsCommand,
  DescribeReplicationGroupsCommand,
  DisassociateGlobalReplicationGroupCommand,
  FailoverGlobalReplicationGroupCommand,
  GlobalReplicationGroupAlreadyExistsFault,
  GlobalReplicationGroupNotFoundFault,
  IncreaseNodeGroupsInGlobalReplicationGroupCommand,
  InvalidARNFault,
  InvalidGlobalReplicationGroupStateFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidReplicationGroupStateFault,
  ModifyGlobalReplicationGroupCommand,
  RebalanceSlotsInGlobalReplicationGroupCommand,
  paginateDescribeGlobalReplicationGroups,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

const EAST = "us-east-1";
const WEST = "us-west-2";

async function rejectsWith(promise, ErrorClass, status, fragment) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ErrorClass, `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode, status);
    if (fragment) assert.ok(error.message.includes(fragment), error.message);
    return true;
  });
}

function slotCount(text) {
  let n = 0;
  for (const part of text.split(",")) {
    const [start, end = start] = part.split("-").map(Number);
    n += end - start + 1;
  }
  return n;
}

// A server, a client per region, and the calls every test makes.
function useGlobalServer(args = []) {
  const ctx = { server: new Server(args) };
  before(async () => {
    await ctx.server.start();
    ctx.east = ctx.server.client({ region: EAST });
    ctx.west = ctx.server.client({ region: WEST });
  });
  after(async () => {
    ctx.east?.destroy();
    ctx.west?.destroy();
    assert.equal(await ctx.server.stop(), 0, `server did not exit cleanly:\n${ctx.server.output}`);
  });
  beforeEach(() => ctx.server.reset());

  ctx.client = (region) => (region === WEST ? ctx.west : ctx.east);
  // A replication group that may become a primary: cache.r6g.large, Redis OSS 7.1.
  ctx.primary = (id, extra = {}, ec = ctx.east) => ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id, ReplicationGroupDescription: "primary from the JS SDK",
    Engine: "redis", EngineVersion: "7.1", CacheNodeType: "cache.r6g.large",
    NumCacheClusters: 2, AutomaticFailoverEnabled: true, ...extra,
  }));
  // Cluster mode enabled with uneven slots, so a rebalance has something to do.
  ctx.shardedPrimary = (id) => ctx.primary(id, {
    NumCacheClusters: undefined, CacheParameterGroupName: "default.redis7.cluster.on",
    NumNodeGroups: 2, NodeGroupConfiguration: [
      { Slots: "0-100", ReplicaCount: 1 }, { Slots: "101-16383", ReplicaCount: 1 }],
  });
  ctx.createGlobal = (suffix, primary, extra = {}) => ctx.east.send(
    new CreateGlobalReplicationGroupCommand({
      GlobalReplicationGroupIdSuffix: suffix, PrimaryReplicationGroupId: primary, ...extra,
    }));
  ctx.secondary = (globalId, id, extra = {}) => ctx.west.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id, ReplicationGroupDescription: "secondary from the JS SDK",
    GlobalReplicationGroupId: globalId, ...extra,
  }));
  ctx.describeGlobal = async (id, ec = ctx.east) => (await ec.send(
    new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: id, ShowMemberInfo: true })))
    .GlobalReplicationGroups[0];
  ctx.group = async (id, region = EAST) => (await ctx.client(region).send(
    new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups[0];

  // The datastore, each member's GlobalReplicationGroupInfo and their node groups agree.
  ctx.assertAgrees = async (globalId) => {
    const grg = await ctx.describeGlobal(globalId);
    const primaries = grg.Members.filter((m) => m.Role === "PRIMARY");
    assert.equal(primaries.length, 1, JSON.stringify(grg.Members));
    const shards = [];
    for (const m of grg.Members) {
      const rg = await ctx.group(m.ReplicationGroupId, m.ReplicationGroupRegion);
      assert.deepEqual(rg.GlobalReplicationGroupInfo, {
        GlobalReplicationGroupId: globalId, GlobalReplicationGroupMemberRole: m.Role });
      assert.equal(rg.CacheNodeType, grg.CacheNodeType);
      assert.equal(rg.ClusterEnabled, grg.ClusterEnabled);
      shards.push(rg.NodeGroups.map((ng) => [ng.NodeGroupId, ng.Slots]));
    }
    for (const s of shards) assert.deepEqual(s, shards[0], "members hold different node groups");
    if (grg.ClusterEnabled) {
      assert.deepEqual(grg.GlobalNodeGroups.map((g) => [g.GlobalNodeGroupId, g.Slots]),
        shards[0].map(([id, slots]) => [`${globalId}-${id}`, slots]));
      assert.equal(grg.GlobalNodeGroups.reduce((n, g) => n + slotCount(g.Slots), 0), 16384);
    } else {
      assert.equal(grg.GlobalNodeGroups, undefined);
    }
    return grg;
  };
  return ctx;
}

describe("global datastores (SDK v3)", () => {
  const ctx = useGlobalServer();

  test("all nine operations with a secondary in another region", async () => {
    await ctx.shardedPrimary("js-shop");
    const created = (await ctx.createGlobal("js-shop", "js-shop", {
      GlobalReplicationGroupDescription: "orders everywhere" })).GlobalReplicationGroup;
    assert.equal(created.GlobalReplicationGroupId, "ldgnf-js-shop");
    assert.equal(created.Status, "creating");
    assert.equal(created.ARN, "arn:aws:elasticache::000000000000:globalreplicationgroup:ldgnf-js-shop");
    assert.deepEqual(created.Members.map((m) => [m.ReplicationGroupId, m.ReplicationGroupRegion, m.Role]),
      [["js-shop", EAST, "PRIMARY"]]);
    assert.equal((await ctx.describeGlobal("ldgnf-js-shop")).Status, "primary-only");

    // The secondary names only the datastore: engine, version, node type and shards are the
    // primary's, and it gets a parameter group ElastiCache made for it.
    const secondary = (await ctx.secondary("ldgnf-js-shop", "js-shop-west",
      { ReplicasPerNodeGroup: 1 })).ReplicationGroup;
    assert.deepEqual(secondary.GlobalReplicationGroupInfo, {
      GlobalReplicationGroupId: "ldgnf-js-shop", GlobalReplicationGroupMemberRole: "SECONDARY" });
    assert.equal(secondary.CacheNodeType, "cache.r6g.large");
    let grg = await ctx.assertAgrees("ldgnf-js-shop");
    assert.equal(grg.Status, "available");
    assert.equal(grg.GlobalReplicationGroupDescription, "orders everywhere");
    assert.deepEqual(grg.Members.map((m) => [m.ReplicationGroupId, m.ReplicationGroupRegion, m.Role, m.Status]),
      [["js-shop", EAST, "PRIMARY", "associated"], ["js-shop-west", WEST, "SECONDARY", "associated"]]);
    assert.deepEqual(grg.GlobalNodeGroups.map((g) => slotCount(g.Slots)), [101, 16283]);
    // The west region finds it under the same id.
    assert.equal((await ctx.describeGlobal("ldgnf-js-shop", ctx.west)).ARN, created.ARN);

    const rebalanced = (await ctx.east.send(new RebalanceSlotsInGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", ApplyImmediately: true }))).GlobalReplicationGroup;
    assert.equal(rebalanced.Status, "modifying");
    grg = await ctx.assertAgrees("ldgnf-js-shop");
    assert.deepEqual(grg.GlobalNodeGroups.map((g) => slotCount(g.Slots)), [8192, 8192]);

    await ctx.east.send(new IncreaseNodeGroupsInGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", NodeGroupCount: 3, ApplyImmediately: true,
      RegionalConfigurations: [{
        ReplicationGroupId: "js-shop-west", ReplicationGroupRegion: WEST,
        ReshardingConfiguration: [{ NodeGroupId: "0003",
          PreferredAvailabilityZones: ["us-west-2c", "us-west-2b"] }] }] }));
    grg = await ctx.assertAgrees("ldgnf-js-shop");
    assert.deepEqual(grg.GlobalNodeGroups.map((g) => g.GlobalNodeGroupId),
      ["ldgnf-js-shop-0001", "ldgnf-js-shop-0002", "ldgnf-js-shop-0003"]);
    const west = await ctx.group("js-shop-west", WEST);
    assert.deepEqual(west.NodeGroups[2].NodeGroupMembers.map((m) => m.PreferredAvailabilityZone),
      ["us-west-2c", "us-west-2b"]);

    await ctx.east.send(new DecreaseNodeGroupsInGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", NodeGroupCount: 2, ApplyImmediately: true,
      GlobalNodeGroupsToRemove: ["ldgnf-js-shop-0001"] }));
    grg = await ctx.assertAgrees("ldgnf-js-shop");
    assert.deepEqual(grg.GlobalNodeGroups.map((g) => g.GlobalNodeGroupId),
      ["ldgnf-js-shop-0002", "ldgnf-js-shop-0003"]);

    const modified = (await ctx.east.send(new ModifyGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", ApplyImmediately: true,
      CacheNodeType: "cache.r6g.xlarge", GlobalReplicationGroupDescription: "bigger" })))
      .GlobalReplicationGroup;
    assert.equal(modified.Status, "modifying");
    assert.equal(modified.Members, undefined);
    grg = await ctx.assertAgrees("ldgnf-js-shop");
    assert.deepEqual([grg.CacheNodeType, grg.GlobalReplicationGroupDescription],
      ["cache.r6g.xlarge", "bigger"]);

    // The primary region moves west; then the old primary leaves and the datastore goes.
    const failing = (await ctx.west.send(new FailoverGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", PrimaryRegion: WEST,
      PrimaryReplicationGroupId: "js-shop-west" }))).GlobalReplicationGroup;
    assert.equal(failing.Status, "modifying");
    grg = await ctx.assertAgrees("ldgnf-js-shop");
    assert.deepEqual(Object.fromEntries(grg.Members.map((m) => [m.ReplicationGroupRegion, m.Role])),
      { [EAST]: "SECONDARY", [WEST]: "PRIMARY" });

    await ctx.east.send(new DisassociateGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", ReplicationGroupId: "js-shop",
      ReplicationGroupRegion: EAST }));
    grg = await ctx.assertAgrees("ldgnf-js-shop");
    assert.equal(grg.Status, "primary-only");
    assert.equal((await ctx.group("js-shop")).GlobalReplicationGroupInfo, undefined);
    await ctx.east.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: "js-shop" }));

    const deleting = (await ctx.west.send(new DeleteGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", RetainPrimaryReplicationGroup: true })))
      .GlobalReplicationGroup;
    assert.equal(deleting.Status, "deleting");
    await rejectsWith(ctx.west.send(new DescribeGlobalReplicationGroupsCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop" })), GlobalReplicationGroupNotFoundFault, 404,
    "ldgnf-js-shop");
    const kept = await ctx.group("js-shop-west", WEST);
    assert.equal(kept.Status, "available");
    assert.equal(kept.GlobalReplicationGroupInfo, undefined);
  });

  test("the paginator reaches every datastore; members only when asked", async () => {
    for (let i = 0; i < 23; i++) {
      await ctx.primary(`p${String(i).padStart(2, "0")}`);
      await ctx.createGlobal(`g${String(i).padStart(2, "0")}`, `p${String(i).padStart(2, "0")}`);
    }
    const pages = [];
    for await (const page of paginateDescribeGlobalReplicationGroups(
      { client: ctx.west, pageSize: 20 }, {})) {
      pages.push(page.GlobalReplicationGroups);
    }
    assert.deepEqual(pages.map((p) => p.length), [20, 3]);
    const ids = pages.flat().map((g) => g.GlobalReplicationGroupId);
    assert.deepEqual(ids, Array.from({ length: 23 }, (_, i) => `ldgnf-g${String(i).padStart(2, "0")}`));
    assert.ok(pages.flat().every((g) => g.Members === undefined));
    await rejectsWith(ctx.east.send(new DescribeGlobalReplicationGroupsCommand({
      Marker: "not-a-marker" })), InvalidParameterValueException, 400);
  });

  test("typed faults with their codes and statuses; a refusal changes nothing", async () => {
    await ctx.primary("js-shop");
    await ctx.createGlobal("js-shop", "js-shop");
    await ctx.secondary("ldgnf-js-shop", "js-shop-west", { NumCacheClusters: 2 });
    const before = await ctx.describeGlobal("ldgnf-js-shop");

    await rejectsWith(ctx.west.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "other", ReplicationGroupDescription: "x",
      GlobalReplicationGroupId: "ldgnf-nowhere" })), GlobalReplicationGroupNotFoundFault, 404);
    await ctx.primary("js-again");
    await rejectsWith(ctx.createGlobal("js-shop", "js-again"),
      GlobalReplicationGroupAlreadyExistsFault, 400, "ldgnf-js-shop");
    await rejectsWith(ctx.createGlobal("js-twice", "js-shop"), InvalidParameterValueException,
      400, "already a member");
    await ctx.primary("small", { CacheNodeType: "cache.t3.micro" });
    await rejectsWith(ctx.createGlobal("small", "small"), InvalidParameterValueException, 400,
      "Global replication group is not supported for the node type.");
    // What a secondary inherits may not be given to it.
    await rejectsWith(ctx.server.client({ region: "eu-west-1" }).send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "eu", ReplicationGroupDescription: "x",
      GlobalReplicationGroupId: "ldgnf-js-shop", EngineVersion: "7.1" })),
    InvalidParameterCombinationException, 400,
    "Cannot use the given parameters when creating new replication group in an existing global "
      + "replication group.");
    await rejectsWith(ctx.secondary("ldgnf-js-shop", "js-second-west"),
      InvalidParameterValueException, 400, "already has a member in region us-west-2");
    await rejectsWith(ctx.east.send(new DeleteGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", RetainPrimaryReplicationGroup: true })),
    InvalidGlobalReplicationGroupStateFault, 400,
    "Cannot delete a global replication group in available state.");
    await rejectsWith(ctx.east.send(new ModifyGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", ApplyImmediately: false,
      CacheNodeType: "cache.r6g.xlarge" })), InvalidParameterValueException, 400,
    "ApplyImmediately must be true");
    await rejectsWith(ctx.east.send(new FailoverGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", PrimaryRegion: EAST,
      PrimaryReplicationGroupId: "js-shop" })), InvalidParameterValueException, 400,
    "already the primary");
    await rejectsWith(ctx.east.send(new DisassociateGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", ReplicationGroupId: "js-shop-west",
      ReplicationGroupRegion: "eu-west-1" })), InvalidParameterValueException, 400,
    "Replication group js-shop-west in region eu-west-1 is not associated with Global "
      + "Replication Group ldgnf-js-shop.");
    await rejectsWith(ctx.east.send(new IncreaseNodeGroupsInGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-shop", NodeGroupCount: 2, ApplyImmediately: true })),
    InvalidParameterValueException, 400);
    // Members leave what the datastore owns to it and cannot be deleted while in it.
    await rejectsWith(ctx.west.send(new DeleteReplicationGroupCommand({
      ReplicationGroupId: "js-shop-west" })), InvalidParameterValueException, 400,
    "Cluster [js-shop-west] is part of a global cluster [ldgnf-js-shop]. Request rejected.");
    await rejectsWith(ctx.east.send(new AddTagsToResourceCommand({
      ResourceName: before.ARN, Tags: [{ Key: "team", Value: "orders" }] })), InvalidARNFault, 400);

    assert.deepEqual(await ctx.describeGlobal("ldgnf-js-shop"), before);
    await ctx.assertAgrees("ldgnf-js-shop");
  });
});

describe("global datastores on a slow clock (SDK v3)", () => {
  const ctx = useGlobalServer(["--transition-seconds", "60"]);
  const advance = async (seconds) => {
    const response = await fetch(
      `${ctx.server.endpoint}/_admin/clock/advance?seconds=${seconds}`, { method: "POST" });
    assert.equal(response.status, 200);
  };

  test("creating, associating and deleting as they happen", async () => {
    await ctx.primary("js-slow");
    await rejectsWith(ctx.createGlobal("js-slow", "js-slow"), InvalidReplicationGroupStateFault, 400);
    await advance(61);
    await ctx.createGlobal("js-slow", "js-slow");
    assert.equal((await ctx.describeGlobal("ldgnf-js-slow")).Status, "creating");
    await rejectsWith(ctx.secondary("ldgnf-js-slow", "js-slow-west"),
      InvalidGlobalReplicationGroupStateFault, 400);
    await advance(61);
    await ctx.secondary("ldgnf-js-slow", "js-slow-west", { NumCacheClusters: 2 });
    const joining = await ctx.describeGlobal("ldgnf-js-slow");
    assert.equal(joining.Status, "modifying");
    assert.deepEqual(joining.Members.map((m) => [m.ReplicationGroupId, m.Status]),
      [["js-slow", "associated"], ["js-slow-west", "associating"]]);
    assert.equal((await ctx.group("js-slow-west", WEST)).Status, "creating");
    await advance(61);
    assert.equal((await ctx.assertAgrees("ldgnf-js-slow")).Status, "available");

    await ctx.west.send(new DisassociateGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-slow", ReplicationGroupId: "js-slow-west",
      ReplicationGroupRegion: WEST }));
    const leaving = await ctx.describeGlobal("ldgnf-js-slow");
    assert.equal(leaving.Status, "modifying");
    assert.equal(leaving.Members.length, 2);
    await advance(61);
    await ctx.east.send(new DeleteGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: "ldgnf-js-slow", RetainPrimaryReplicationGroup: true }));
    assert.equal((await ctx.describeGlobal("ldgnf-js-slow")).Status, "deleting");
    assert.ok((await ctx.group("js-slow")).GlobalReplicationGroupInfo);
    await advance(61);
    await rejectsWith(ctx.east.send(new DescribeGlobalReplicationGroupsCommand({
      GlobalReplicationGroupId: "ldgnf-js-slow" })), GlobalReplicationGroupNotFoundFault, 404);
    assert.equal((await ctx.group("js-slow")).GlobalReplicationGroupInfo, undefined);
  });
});

// Cache subnet groups through the AWS SDK for JavaScript v3: the built-in default group,
// create / describe (paginator) / modify / delete with their typed faults, tags by ARN, and
// replication groups that must name an existing subnet group and are placed in its zones.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AddTagsToResourceCommand,
  CacheSubnetGroupAlreadyExistsFault,
  CacheSubnetGroupInUse,
  CacheSubnetGroupNotFoundFault,
  CacheSubnetGroupQuotaExceededFault,
  CacheSubnetQuotaExceededFault,
  CreateCacheSubnetGroupCommand,
  CreateReplicationGroupCommand,
  DeleteCacheSubnetGroupCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  IncreaseReplicaCountCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidSubnet,
  InvalidVPCNetworkStateFault,
  ListTagsForResourceCommand,
  ModifyCacheSubnetGroupCommand,
  SubnetInUse,
  paginateDescribeCacheSubnetGroups,
  waitUntilReplicationGroupDeleted,
} from "@aws-sdk/client-elasticache";
import { FAST_WAIT, Server } from "../harness.mjs";

const SUBNETS = ["subnet-6f28c982", "subnet-bcd382f3", "subnet-845b3e7c0"];

async function rejectsWith(promise, ErrorClass, fragment) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ErrorClass, `${error.name}: ${error.message}`);
    // Every subnet group fault is a 400, CacheSubnetGroupNotFoundFault included (service model).
    assert.equal(error.$metadata.httpStatusCode, 400);
    if (fragment) assert.ok(error.message.includes(fragment), error.message);
    return true;
  });
}

describe("cache subnet groups (SDK v3)", () => {
  const server = new Server(["--subnet-groups-quota", "24"]);
  let ec;

  const create = (name, SubnetIds = SUBNETS, extra = {}) =>
    ec.send(new CreateCacheSubnetGroupCommand({
      CacheSubnetGroupName: name, CacheSubnetGroupDescription: `${name} subnets`, SubnetIds,
      ...extra,
    }));
  const describeOne = async (name) =>
    (await ec.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: name })))
      .CacheSubnetGroups[0];
  const defaultSubnets = async () => Object.fromEntries((await describeOne("default")).Subnets
    .map((s) => [s.SubnetAvailabilityZone.Name, s.SubnetIdentifier]));
  const replicationGroup = (id, extra) => ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id, ReplicationGroupDescription: "on a subnet group",
    NumCacheClusters: 2, AutomaticFailoverEnabled: true, ...extra,
  }));
  const zones = (group) => group.NodeGroups.flatMap((ng) =>
    ng.NodeGroupMembers.map((m) => m.PreferredAvailabilityZone));

  before(async () => {
    await server.start();
    ec = server.client();
  });
  after(async () => {
    ec?.destroy();
    assert.equal(await server.stop(), 0, `server did not exit cleanly:\n${server.output}`);
  });
  beforeEach(() => server.reset());

  test("the default group has one default subnet per zone and cannot be deleted", async () => {
    const def = await describeOne("default");
    assert.equal(def.CacheSubnetGroupDescription, "Default CacheSubnetGroup");
    assert.match(def.VpcId, /^vpc-[0-9a-f]{17}$/);
    assert.deepEqual(def.Subnets.map((s) => s.SubnetAvailabilityZone.Name),
      ["us-east-1a", "us-east-1b", "us-east-1c"]);
    assert.deepEqual(def.SupportedNetworkTypes, ["ipv4"]);
    await rejectsWith(ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: "default" })),
      InvalidParameterValueException);
    await rejectsWith(ec.send(new AddTagsToResourceCommand({
      ResourceName: def.ARN, Tags: [{ Key: "k", Value: "v" }],
    })), InvalidParameterValueException, "Tagging on default resources is not supported");
  });

  test("create answers the group as stored, with subnets, VPC, network types and ARN", async () => {
    const { CacheSubnetGroup: g } = await create("JS-Group", SUBNETS,
      { Tags: [{ Key: "sdk", Value: "js" }] });
    assert.equal(g.CacheSubnetGroupName, "js-group");
    assert.equal(g.VpcId, (await describeOne("default")).VpcId);
    assert.deepEqual(g.Subnets.map((s) => s.SubnetIdentifier), SUBNETS);
    for (const s of g.Subnets) {
      assert.match(s.SubnetAvailabilityZone.Name, /^us-east-1[abc]$/);
      assert.deepEqual(s.SupportedNetworkTypes, ["ipv4"]);
    }
    assert.equal(g.ARN, "arn:aws:elasticache:us-east-1:000000000000:subnetgroup:js-group");
    assert.deepEqual(await describeOne("js-group"), g);
    const tags = await ec.send(new ListTagsForResourceCommand({ ResourceName: g.ARN }));
    assert.deepEqual(tags.TagList, [{ Key: "sdk", Value: "js" }]);
  });

  test("create rules, each with its typed fault", async () => {
    await create("taken");
    await rejectsWith(create("TAKEN"), CacheSubnetGroupAlreadyExistsFault,
      "Cache subnet group taken already exists.");
    await rejectsWith(create("no--double"), InvalidParameterValueException,
      "is not a valid identifier");
    await rejectsWith(create("empty", []), InvalidParameterValueException,
      "The parameter SubnetIds must be provided.");
    await rejectsWith(create("bad", ["subnet-nothex"]), InvalidSubnet);
    await rejectsWith(create("many", Array.from({ length: 21 },
      (_, i) => `subnet-${i.toString(16).padStart(8, "0")}`)), CacheSubnetQuotaExceededFault);
    await rejectsWith(ec.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: "nope" })),
      CacheSubnetGroupNotFoundFault, "Cache subnet group nope not found.");
  });

  test("the paginator lists every group in name order", async () => {
    const names = Array.from({ length: 23 }, (_, i) => `p-${String(i).padStart(2, "0")}`);
    for (const name of [...names].reverse()) await create(name);
    const seen = [];
    for await (const page of paginateDescribeCacheSubnetGroups({ client: ec, pageSize: 20 }, {})) {
      assert.ok(page.CacheSubnetGroups.length <= 20);
      seen.push(...page.CacheSubnetGroups.map((g) => g.CacheSubnetGroupName));
    }
    assert.deepEqual(seen, [...names, "default"].sort());
    // 23 groups and the default one fill the quota of 24.
    await rejectsWith(create("one-too-many"), CacheSubnetGroupQuotaExceededFault);
  });

  test("modify replaces description and subnets; delete removes the group", async () => {
    await create("mod");
    const { CacheSubnetGroup: g } = await ec.send(new ModifyCacheSubnetGroupCommand({
      CacheSubnetGroupName: "mod", CacheSubnetGroupDescription: "changed",
      SubnetIds: ["subnet-bcde2345"],
    }));
    assert.equal(g.CacheSubnetGroupDescription, "changed");
    assert.deepEqual(g.Subnets.map((s) => s.SubnetIdentifier), ["subnet-bcde2345"]);
    await rejectsWith(ec.send(new ModifyCacheSubnetGroupCommand({
      CacheSubnetGroupName: "absent", CacheSubnetGroupDescription: "x",
    })), CacheSubnetGroupNotFoundFault);
    await ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: "MOD" }));
    await rejectsWith(ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: "mod" })),
      CacheSubnetGroupNotFoundFault, "Cache Subnet Group mod does not exist.");
  });

  test("replication groups need an existing subnet group and are placed in its zones", async () => {
    await rejectsWith(replicationGroup("orphan", { CacheSubnetGroupName: "missing" }),
      CacheSubnetGroupNotFoundFault, "Cache subnet group missing not found.");
    const subnets = await defaultSubnets();
    await create("ac", [subnets["us-east-1c"], subnets["us-east-1a"]]);
    const { ReplicationGroup: rg } = await replicationGroup("placed", {
      CacheSubnetGroupName: "AC", NumCacheClusters: 3,
    });
    assert.deepEqual(zones(rg), ["us-east-1a", "us-east-1c", "us-east-1a"]);
    const clusters = await ec.send(new DescribeCacheClustersCommand({}));
    for (const c of clusters.CacheClusters) assert.equal(c.CacheSubnetGroupName, "ac");
    await rejectsWith(replicationGroup("outside", {
      CacheSubnetGroupName: "ac", PreferredCacheClusterAZs: ["us-east-1a", "us-east-1b"],
    }), InvalidVPCNetworkStateFault, "us-east-1b");
    await rejectsWith(replicationGroup("dual", {
      CacheSubnetGroupName: "ac", NetworkType: "dual_stack",
    }), InvalidParameterCombinationException, "not supported by cache subnet group 'ac'");
    await rejectsWith(ec.send(new IncreaseReplicaCountCommand({
      ReplicationGroupId: "placed", ApplyImmediately: true,
      ReplicaConfiguration: [{
        NodeGroupId: "0001", NewReplicaCount: 3,
        PreferredAvailabilityZones: ["us-east-1a", "us-east-1c", "us-east-1a", "us-east-1b"],
      }],
    })), InvalidVPCNetworkStateFault);

    await rejectsWith(ec.send(new ModifyCacheSubnetGroupCommand({
      CacheSubnetGroupName: "ac", SubnetIds: [subnets["us-east-1a"]],
    })), SubnetInUse, subnets["us-east-1c"]);
    await rejectsWith(ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: "ac" })),
      CacheSubnetGroupInUse, "is currently in use by a cache cluster");
    await ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: "placed" }));
    await waitUntilReplicationGroupDeleted({ client: ec, ...FAST_WAIT },
      { ReplicationGroupId: "placed" });
    await ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: "ac" }));
  });
});

// Snapshots through the AWS SDK for JavaScript v3: create, describe with and without
// ShowNodeGroupConfig, the paginator over 25+ snapshots, copy, export, restore, delete and
// the SDK's mapping of the snapshot faults.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CopySnapshotCommand,
  CreateReplicationGroupCommand,
  CreateSnapshotCommand,
  DeleteReplicationGroupCommand,
  DeleteSnapshotCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  InvalidParameterValueException,
  SnapshotAlreadyExistsFault,
  SnapshotNotFoundFault,
  paginateDescribeSnapshots,
  waitUntilReplicationGroupAvailable,
} from "@aws-sdk/client-elasticache";
import { FAST_WAIT, Server } from "../harness.mjs";

const exportDir = mkdtempSync(join(tmpdir(), "ecl-js-exports-"));
mkdirSync(join(exportDir, "js-bucket"));
const server = new Server(["--export-dir", exportDir]);
let ec;

before(async () => {
  await server.start();
  ec = server.client();
});

after(async () => {
  ec?.destroy();
  assert.equal(await server.stop(), 0, `server did not exit cleanly:\n${server.output}`);
  rmSync(exportDir, { recursive: true, force: true });
});

beforeEach(() => server.reset());

function createUneven(id) {
  return ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id,
    ReplicationGroupDescription: "uneven shards",
    CacheParameterGroupName: "default.redis7.cluster.on",
    AutomaticFailoverEnabled: true,
    NodeGroupConfiguration: [
      { NodeGroupId: "0001", Slots: "0-500", ReplicaCount: 2 },
      { NodeGroupId: "0002", Slots: "501-16383", ReplicaCount: 1 },
    ],
  }));
}

function createSingle(id) {
  return ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id, ReplicationGroupDescription: "one node", NumCacheClusters: 1,
  }));
}

async function snapshotNamed(name, show) {
  const { Snapshots } = await ec.send(
    new DescribeSnapshotsCommand({ SnapshotName: name, ShowNodeGroupConfig: show }));
  assert.equal(Snapshots.length, 1);
  return Snapshots[0];
}

describe("snapshots", () => {
  test("create, describe with node group configuration, restore with uneven slots", async () => {
    await createUneven("js-src");
    const { Snapshot: created } = await ec.send(new CreateSnapshotCommand({
      ReplicationGroupId: "js-src", SnapshotName: "JS-Snap",
    }));
    assert.equal(created.SnapshotName, "js-snap");
    assert.equal(created.SnapshotStatus, "creating");
    assert.equal(created.SnapshotSource, "manual");
    assert.equal(created.NumNodeGroups, 2);
    assert.ok(created.NodeSnapshots[0].SnapshotCreateTime instanceof Date);

    const hidden = await snapshotNamed("js-snap", false);
    assert.equal(hidden.SnapshotStatus, "available");
    assert.equal(hidden.NodeSnapshots[0].NodeGroupConfiguration, undefined);
    const shown = await snapshotNamed("js-snap", true);
    assert.deepEqual(shown.NodeSnapshots.map((n) => n.NodeGroupConfiguration.Slots),
      ["0-500", "501-16383"]);
    assert.deepEqual(shown.NodeSnapshots.map((n) => n.NodeGroupConfiguration.ReplicaCount), [2, 1]);

    await ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "js-restored", ReplicationGroupDescription: "restored",
      SnapshotName: "js-snap",
    }));
    await waitUntilReplicationGroupAvailable({ client: ec, ...FAST_WAIT },
      { ReplicationGroupId: "js-restored" });
    const { ReplicationGroups: [group] } = await ec.send(
      new DescribeReplicationGroupsCommand({ ReplicationGroupId: "js-restored" }));
    assert.deepEqual(group.NodeGroups.map((g) => [g.NodeGroupId, g.Slots, g.NodeGroupMembers.length]),
      [["0001", "0-500", 3], ["0002", "501-16383", 2]]);
  });

  test("paginator walks 26 snapshots in pages of 20", async () => {
    await createSingle("js-one");
    const names = Array.from({ length: 26 }, (_, i) => `js-${String(i).padStart(2, "0")}`);
    for (const name of names)
      await ec.send(new CreateSnapshotCommand({ ReplicationGroupId: "js-one", SnapshotName: name }));
    const pages = [];
    for await (const page of paginateDescribeSnapshots({ client: ec, pageSize: 20 }, {}))
      pages.push(page.Snapshots.map((s) => s.SnapshotName));
    assert.deepEqual(pages.map((p) => p.length), [20, 6]);
    assert.deepEqual(pages.flat(), names);
  });

  test("copy, export, delete and final snapshot", async () => {
    await createUneven("js-src");
    await ec.send(new CreateSnapshotCommand({ ReplicationGroupId: "js-src", SnapshotName: "orig" }));
    const { Snapshot: copy } = await ec.send(new CopySnapshotCommand({
      SourceSnapshotName: "orig", TargetSnapshotName: "dup",
    }));
    assert.equal(copy.SnapshotName, "dup");
    const { Snapshot: exported } = await ec.send(new CopySnapshotCommand({
      SourceSnapshotName: "orig", TargetSnapshotName: "js-export", TargetBucket: "js-bucket",
    }));
    assert.equal(exported.SnapshotStatus, "exporting");
    assert.deepEqual(readdirSync(join(exportDir, "js-bucket")).sort(),
      ["js-export-0001.rdb", "js-export-0002.rdb"]);

    const { Snapshot: deleting } = await ec.send(new DeleteSnapshotCommand({ SnapshotName: "dup" }));
    assert.equal(deleting.SnapshotStatus, "deleting");
    await assert.rejects(snapshotNamed("dup"), SnapshotNotFoundFault);

    await ec.send(new DeleteReplicationGroupCommand({
      ReplicationGroupId: "js-src", FinalSnapshotIdentifier: "js-final",
    }));
    const final = await snapshotNamed("js-final", true);
    assert.equal(final.ReplicationGroupId, "js-src");
    assert.equal(final.NodeSnapshots[1].NodeGroupConfiguration.Slots, "501-16383");
  });

  test("faults map to the SDK's exception classes", async () => {
    await createSingle("js-one");
    await ec.send(new CreateSnapshotCommand({ ReplicationGroupId: "js-one", SnapshotName: "a" }));
    await assert.rejects(ec.send(new CreateSnapshotCommand({
      ReplicationGroupId: "js-one", SnapshotName: "a",
    })), SnapshotAlreadyExistsFault);
    await assert.rejects(ec.send(new CopySnapshotCommand({
      SourceSnapshotName: "missing", TargetSnapshotName: "b",
    })), SnapshotNotFoundFault);
    await assert.rejects(ec.send(new CopySnapshotCommand({
      SourceSnapshotName: "a", TargetSnapshotName: "b", TargetBucket: "no-such-bucket",
    })), (error) => error instanceof InvalidParameterValueException &&
      error.message.includes("The S3 bucket no-such-bucket does not exist."));
    await assert.rejects(ec.send(new DescribeSnapshotsCommand({ MaxRecords: 100 })),
      InvalidParameterValueException);
    await assert.rejects(ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "r", ReplicationGroupDescription: "r", SnapshotName: "missing",
    })), SnapshotNotFoundFault);
  });
});

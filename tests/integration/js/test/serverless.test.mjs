// Serverless caches and their snapshots through the AWS SDK for JavaScript v3: the nine
// operations, typed faults for each rule, both paginators, statuses moved by the admin clock,
// a user group, an engine upgrade, a final snapshot and a restore, and the daily automatic
// snapshot.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CopyServerlessCacheSnapshotCommand,
  CreateServerlessCacheCommand,
  CreateServerlessCacheSnapshotCommand,
  CreateUserCommand,
  CreateUserGroupCommand,
  DeleteServerlessCacheCommand,
  DeleteServerlessCacheSnapshotCommand,
  DeleteUserGroupCommand,
  DescribeEventsCommand,
  DescribeServerlessCacheSnapshotsCommand,
  DescribeServerlessCachesCommand,
  DescribeUserGroupsCommand,
  ExportServerlessCacheSnapshotCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidServerlessCacheSnapshotStateFault,
  InvalidServerlessCacheStateFault,
  InvalidUserGroupStateFault,
  ModifyServerlessCacheCommand,
  ServerlessCacheAlreadyExistsFault,
  ServerlessCacheNotFoundFault,
  ServerlessCacheQuotaForCustomerExceededFault,
  ServerlessCacheSnapshotAlreadyExistsFault,
  ServerlessCacheSnapshotNotFoundFault,
  ServerlessCacheSnapshotQuotaExceededFault,
  UserGroupNotFoundFault,
  paginateDescribeServerlessCacheSnapshots,
  paginateDescribeServerlessCaches,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

const DAY = 24 * 3600;

async function advance(server, seconds) {
  const response = await fetch(`${server.endpoint}/_admin/clock/advance?seconds=${seconds}`,
    { method: "POST" });
  assert.equal(response.status, 200);
}

function createCache(ec, ServerlessCacheName, extra = {}) {
  return ec.send(new CreateServerlessCacheCommand({ ServerlessCacheName, Engine: "valkey",
    ...extra }));
}

async function oneCache(ec, ServerlessCacheName) {
  const out = await ec.send(new DescribeServerlessCachesCommand({ ServerlessCacheName }));
  assert.equal(out.ServerlessCaches.length, 1);
  return out.ServerlessCaches[0];
}

async function snapshots(ec, filters = {}) {
  return (await ec.send(new DescribeServerlessCacheSnapshotsCommand(filters)))
    .ServerlessCacheSnapshots;
}

describe("serverless caches (SDK v3)", () => {
  const exportDir = mkdtempSync(join(tmpdir(), "ecl-sls-js-"));
  const server = new Server(["--serverless-cache-quota", "25",
    "--serverless-snapshots-per-day-quota", "3", "--export-dir", exportDir]);
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

  test("create, describe, modify and delete", async () => {
    const { ServerlessCache: created } = await createCache(ec, "Sessions", {
      Description: "js", MajorEngineVersion: "8",
      CacheUsageLimits: { DataStorage: { Maximum: 10, Unit: "GB" },
        ECPUPerSecond: { Maximum: 5000, Minimum: 1000 } },
      Tags: [{ Key: "team", Value: "cache" }],
    });
    assert.equal(created.ServerlessCacheName, "sessions");
    assert.equal(created.Status, "creating");
    assert.equal(created.Endpoint, undefined);
    const cache = await oneCache(ec, "sessions");
    assert.equal(cache.Status, "available");
    assert.deepEqual([cache.Engine, cache.MajorEngineVersion, cache.FullEngineVersion],
      ["valkey", "8", "8.2"]);
    assert.match(cache.Endpoint.Address, /^sessions-[a-z0-9]{6}\.serverless\.use1\.cache\.amazonaws\.com$/);
    assert.deepEqual([cache.Endpoint.Port, cache.ReaderEndpoint.Port], [6379, 6380]);
    assert.ok(cache.CreateTime instanceof Date);

    const { ServerlessCache: modified } = await ec.send(new ModifyServerlessCacheCommand({
      ServerlessCacheName: "sessions", Description: "changed",
      CacheUsageLimits: { DataStorage: { Maximum: 20, Unit: "GB" } },
    }));
    assert.equal(modified.Status, "modifying");
    const after = await oneCache(ec, "sessions");
    assert.equal(after.Description, "changed");
    assert.deepEqual(after.CacheUsageLimits, { DataStorage: { Maximum: 20, Unit: "GB" } });

    const { ServerlessCache: deleted } = await ec.send(new DeleteServerlessCacheCommand({
      ServerlessCacheName: "sessions" }));
    assert.equal(deleted.Status, "deleting");
    await assert.rejects(oneCache(ec, "sessions"), ServerlessCacheNotFoundFault);
    const events = (await ec.send(new DescribeEventsCommand({ SourceType: "serverless-cache" })))
      .Events.map((e) => e.Message);
    assert.deepEqual(events, ["Serverless cache sessions deleted",
      "Serverless cache sessions updated", "Serverless cache sessions created"]);
  });

  test("typed faults for the rules", async () => {
    await createCache(ec, "taken");
    await assert.rejects(createCache(ec, "taken"), ServerlessCacheAlreadyExistsFault);
    await assert.rejects(createCache(ec, "bad_name"), InvalidParameterValueException);
    await assert.rejects(createCache(ec, "c", { MajorEngineVersion: "6" }),
      InvalidParameterValueException);
    await assert.rejects(createCache(ec, "c", {
      CacheUsageLimits: { ECPUPerSecond: { Maximum: 20000000 } } }),
    (e) => e instanceof InvalidParameterValueException && /between 1000 and 15000000/.test(e.message));
    await assert.rejects(createCache(ec, "c", { Engine: "memcached", UserGroupId: "grp" }),
      InvalidParameterCombinationException);
    await assert.rejects(createCache(ec, "c", { UserGroupId: "nobody" }), UserGroupNotFoundFault);
    await assert.rejects(ec.send(new ModifyServerlessCacheCommand({
      ServerlessCacheName: "taken", MajorEngineVersion: "7" })), InvalidParameterValueException);
    await assert.rejects(ec.send(new ModifyServerlessCacheCommand({
      ServerlessCacheName: "missing" })), ServerlessCacheNotFoundFault);
    await assert.rejects(ec.send(new DescribeServerlessCachesCommand({ MaxResults: 5 })),
      InvalidParameterValueException);
    await assert.rejects(ec.send(new DescribeServerlessCachesCommand({ NextToken: "forged" })),
      InvalidParameterValueException);
  });

  test("the quota of caches", async () => {
    for (let i = 0; i < 25; i++) await createCache(ec, `q-${String(i).padStart(2, "0")}`);
    await assert.rejects(createCache(ec, "one-more"), ServerlessCacheQuotaForCustomerExceededFault);
    const names = [];
    for await (const page of paginateDescribeServerlessCaches({ client: ec, pageSize: 20 }, {}))
      names.push(...page.ServerlessCaches.map((c) => c.ServerlessCacheName));
    assert.equal(names.length, 25);
    assert.equal(names[0], "q-00");
  });

  test("a user group, an engine upgrade and statuses on the clock", async () => {
    await ec.send(new CreateUserCommand({ UserId: "app", UserName: "default", Engine: "redis",
      AccessString: "on ~* +@all", Passwords: ["correct-horse-battery-1"] }));
    await ec.send(new CreateUserGroupCommand({ UserGroupId: "grp", Engine: "redis",
      UserIds: ["app"] }));
    await ec.send(new DescribeUserGroupsCommand({}));
    await createCache(ec, "r", { Engine: "redis", UserGroupId: "grp" });
    assert.equal((await oneCache(ec, "r")).UserGroupId, "grp");
    const group = (await ec.send(new DescribeUserGroupsCommand({ UserGroupId: "grp" })))
      .UserGroups[0];
    assert.deepEqual(group.ServerlessCaches, ["r"]);
    await assert.rejects(ec.send(new DeleteUserGroupCommand({ UserGroupId: "grp" })),
      InvalidUserGroupStateFault);
    await ec.send(new ModifyServerlessCacheCommand({ ServerlessCacheName: "r", Engine: "valkey",
      MajorEngineVersion: "8" }));
    const upgraded = await oneCache(ec, "r");
    assert.deepEqual([upgraded.Engine, upgraded.MajorEngineVersion], ["valkey", "8"]);
    assert.equal(upgraded.UserGroupId, "grp");  // a Valkey cache keeps its redis group
  });

  test("snapshots: create, copy, export, delete, restore and the daily quota", async () => {
    mkdirSync(join(exportDir, "js-bucket"), { recursive: true });
    await createCache(ec, "c");
    await oneCache(ec, "c");
    const { ServerlessCacheSnapshot: snap } = await ec.send(
      new CreateServerlessCacheSnapshotCommand({ ServerlessCacheSnapshotName: "s1",
        ServerlessCacheName: "c" }));
    assert.deepEqual([snap.SnapshotType, snap.Status], ["manual", "creating"]);
    assert.equal(snap.ARN, "arn:aws:elasticache:us-east-1:000000000000:serverlesscachesnapshot:s1");
    await assert.rejects(ec.send(new CreateServerlessCacheSnapshotCommand({
      ServerlessCacheSnapshotName: "s1", ServerlessCacheName: "c" })),
    ServerlessCacheSnapshotAlreadyExistsFault);
    await ec.send(new CopyServerlessCacheSnapshotCommand({
      SourceServerlessCacheSnapshotName: "s1", TargetServerlessCacheSnapshotName: "s1-copy" }));
    const { ServerlessCacheSnapshot: exported } = await ec.send(
      new ExportServerlessCacheSnapshotCommand({ ServerlessCacheSnapshotName: "s1",
        S3BucketName: "js-bucket" }));
    assert.equal(exported.Status, "exporting");
    assert.ok(existsSync(join(exportDir, "js-bucket", "s1-0001.rdb")));
    await ec.send(new CreateServerlessCacheSnapshotCommand({ ServerlessCacheSnapshotName: "s2",
      ServerlessCacheName: "c" }));
    await ec.send(new CreateServerlessCacheSnapshotCommand({ ServerlessCacheSnapshotName: "s3",
      ServerlessCacheName: "c" }));
    await assert.rejects(ec.send(new CreateServerlessCacheSnapshotCommand({
      ServerlessCacheSnapshotName: "s4", ServerlessCacheName: "c" })),
    ServerlessCacheSnapshotQuotaExceededFault);
    const names = [];
    for await (const page of paginateDescribeServerlessCacheSnapshots({ client: ec },
      { ServerlessCacheName: "c" })) names.push(...page.ServerlessCacheSnapshots.map(
      (s) => s.ServerlessCacheSnapshotName));
    assert.deepEqual(names, ["s1", "s1-copy", "s2", "s3"]);
    await createCache(ec, "restored", { SnapshotArnsToRestore: [snap.ARN] });
    await ec.send(new DeleteServerlessCacheSnapshotCommand({ ServerlessCacheSnapshotName: "s1-copy" }));
    await assert.rejects(snapshots(ec, { ServerlessCacheSnapshotName: "s1-copy" }),
      ServerlessCacheSnapshotNotFoundFault);
    await ec.send(new DeleteServerlessCacheCommand({ ServerlessCacheName: "restored",
      FinalSnapshotName: "restored-final" }));
    const [final] = await snapshots(ec, { ServerlessCacheSnapshotName: "restored-final" });
    assert.equal(final.ServerlessCacheConfiguration.ServerlessCacheName, "restored");
  });

  test("slow transitions refuse changes in between", async () => {
    const slow = new Server(["--transition-seconds", "60"]);
    await slow.start();
    const client = slow.client();
    try {
      await client.send(new CreateServerlessCacheCommand({ ServerlessCacheName: "c",
        Engine: "redis" }));
      await assert.rejects(client.send(new ModifyServerlessCacheCommand({
        ServerlessCacheName: "c", Description: "x" })), InvalidServerlessCacheStateFault);
      await advance(slow, 61);
      await client.send(new CreateServerlessCacheSnapshotCommand({
        ServerlessCacheSnapshotName: "s", ServerlessCacheName: "c" }));
      await assert.rejects(client.send(new DeleteServerlessCacheSnapshotCommand({
        ServerlessCacheSnapshotName: "s" })), InvalidServerlessCacheSnapshotStateFault);
      await advance(slow, 61);
      assert.equal((await snapshots(client, { ServerlessCacheSnapshotName: "s" }))[0].Status,
        "available");
    } finally {
      client.destroy();
      assert.equal(await slow.stop(), 0);
    }
  });

  test("daily automatic snapshots", async () => {
    await createCache(ec, "daily", { SnapshotRetentionLimit: 1, DailySnapshotTime: "06:30" });
    await oneCache(ec, "daily");
    await advance(server, DAY);
    const automated = await snapshots(ec, { ServerlessCacheName: "daily",
      SnapshotType: "automated" });
    assert.equal(automated.length, 1);
    assert.match(automated[0].ServerlessCacheSnapshotName, /^automatic\.daily-\d{4}-\d\d-\d\d-06-30$/);
    assert.equal(automated[0].ExpiryTime - automated[0].CreateTime, DAY * 1000);
  });
});

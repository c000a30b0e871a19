// Service updates, update actions and online migration through the AWS SDK for JavaScript v3:
// the catalog and its paginator, update actions with node-level statuses, applying and
// stopping on the admin clock, unprocessed reasons, typed faults, and a migration from start
// to completion.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BatchApplyUpdateActionCommand,
  BatchStopUpdateActionCommand,
  CompleteMigrationCommand,
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  DescribeServiceUpdatesCommand,
  DescribeUpdateActionsCommand,
  InvalidParameterValueException,
  InvalidReplicationGroupStateFault,
  ReplicationGroupAlreadyUnderMigrationFault,
  ReplicationGroupNotFoundFault,
  ReplicationGroupNotUnderMigrationFault,
  ServiceUpdateNotFoundFault,
  StartMigrationCommand,
  TestMigrationCommand,
  paginateDescribeServiceUpdates,
  paginateDescribeUpdateActions,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

const INTEL = "elasticache-20250507-intel";
const FEB = "elasticache-feb-patch-update-202602";
const SOURCE = [{ Address: "10.0.0.241", Port: 6379 }];

async function advance(server, seconds) {
  const response = await fetch(`${server.endpoint}/_admin/clock/advance?seconds=${seconds}`,
    { method: "POST" });
  assert.equal(response.status, 200);
}

function createGroup(ec, ReplicationGroupId, extra = {}) {
  return ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId, ReplicationGroupDescription: "sdk", Engine: "redis",
    CacheNodeType: "cache.t3.micro", NumCacheClusters: 2, AutomaticFailoverEnabled: true,
    ...extra,
  }));
}

async function oneAction(ec, ServiceUpdateName, target) {
  const out = await ec.send(new DescribeUpdateActionsCommand({
    ServiceUpdateName, ShowNodeLevelUpdateStatus: true, ...target,
  }));
  assert.equal(out.UpdateActions.length, 1);
  return out.UpdateActions[0];
}

async function groupStatus(ec, ReplicationGroupId) {
  const out = await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId }));
  return out.ReplicationGroups[0].Status;
}

describe("service updates and migration (SDK v3)", () => {
  const server = new Server(["--transition-seconds", "10"]);
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

  test("the catalog, its filters and its paginator", async () => {
    const all = await ec.send(new DescribeServiceUpdatesCommand({}));
    const elc = all.ServiceUpdates.find((u) => u.ServiceUpdateName === "elc-20191007-001");
    assert.ok(elc.ServiceUpdateReleaseDate instanceof Date);
    assert.equal(elc.ServiceUpdateReleaseDate.toISOString(), "2019-10-09T16:00:00.000Z");
    assert.equal(elc.ServiceUpdateStatus, "expired");
    assert.equal(elc.AutoUpdateAfterRecommendedApplyByDate, false);
    const available = await ec.send(new DescribeServiceUpdatesCommand({
      ServiceUpdateStatus: ["available"],
    }));
    assert.ok(available.ServiceUpdates.every((u) => u.ServiceUpdateStatus === "available"));
    let count = 0;
    for await (const page of paginateDescribeServiceUpdates({ client: ec, pageSize: 20 }, {})) {
      count += page.ServiceUpdates.length;
    }
    assert.equal(count, all.ServiceUpdates.length);
    await assert.rejects(ec.send(new DescribeServiceUpdatesCommand({
      ServiceUpdateName: "elasticache-29990101-001",
    })), ServiceUpdateNotFoundFault);
    await assert.rejects(ec.send(new DescribeServiceUpdatesCommand({
      ServiceUpdateStatus: ["complete"],
    })), InvalidParameterValueException);
  });

  test("update actions per group and standalone cluster, applied and stopped", async () => {
    await createGroup(ec, "shop");
    await ec.send(new CreateCacheClusterCommand({
      CacheClusterId: "web", Engine: "memcached", CacheNodeType: "cache.t3.micro",
      NumCacheNodes: 2,
    }));
    await advance(server, 11);

    const shop = await oneAction(ec, INTEL, { ReplicationGroupIds: ["shop"] });
    assert.equal(shop.UpdateActionStatus, "not-applied");
    assert.equal(shop.NodesUpdated, "0/2");
    assert.deepEqual(shop.NodeGroupUpdateStatus[0].NodeGroupMemberUpdateStatus.map(
      (m) => [m.CacheClusterId, m.NodeUpdateStatus]),
    [["shop-002", "not-applied"], ["shop-001", "not-applied"]]);
    const web = await oneAction(ec, INTEL, { CacheClusterIds: ["web"] });
    assert.deepEqual(web.CacheNodeUpdateStatus.map((n) => n.CacheNodeId), ["0001", "0002"]);

    const applied = await ec.send(new BatchApplyUpdateActionCommand({
      ServiceUpdateName: INTEL, ReplicationGroupIds: ["shop", "nope"], CacheClusterIds: ["web"],
    }));
    assert.deepEqual(applied.ProcessedUpdateActions.map((p) => p.UpdateActionStatus),
      ["waiting-to-start", "waiting-to-start"]);
    assert.deepEqual(applied.UnprocessedUpdateActions, [{
      ReplicationGroupId: "nope", ServiceUpdateName: INTEL,
      ErrorType: "ReplicationGroupNotFoundFault", ErrorMessage: "Replication group nope not found.",
    }]);
    await advance(server, 10);
    const stopped = await ec.send(new BatchStopUpdateActionCommand({
      ServiceUpdateName: INTEL, CacheClusterIds: ["web"],
    }));
    assert.equal(stopped.ProcessedUpdateActions[0].UpdateActionStatus, "stopping");
    await advance(server, 20);
    assert.equal((await oneAction(ec, INTEL, { ReplicationGroupIds: ["shop"] })).NodesUpdated,
      "2/2");
    const stoppedWeb = await oneAction(ec, INTEL, { CacheClusterIds: ["web"] });
    assert.equal(stoppedWeb.UpdateActionStatus, "stopped");
    assert.deepEqual(stoppedWeb.CacheNodeUpdateStatus.map((n) => n.NodeUpdateStatus),
      ["complete", "stopped"]);
    assert.equal(await groupStatus(ec, "shop"), "available");

    // Not applicable to Memcached.
    const feb = await ec.send(new BatchApplyUpdateActionCommand({
      ServiceUpdateName: FEB, CacheClusterIds: ["web"],
    }));
    assert.equal(feb.UnprocessedUpdateActions[0].ErrorType, "InvalidParameterValue");
    await assert.rejects(ec.send(new BatchApplyUpdateActionCommand({
      ServiceUpdateName: "nope", CacheClusterIds: ["web"],
    })), ServiceUpdateNotFoundFault);
  });

  test("the update actions paginator", async () => {
    for (let i = 0; i < 12; i++) {
      await ec.send(new CreateCacheClusterCommand({
        CacheClusterId: `c${String(i).padStart(2, "0")}`, Engine: "redis",
        CacheNodeType: "cache.t3.micro",
      }));
    }
    const ids = [];
    let pages = 0;
    for await (const page of paginateDescribeUpdateActions({ client: ec, pageSize: 20 }, {})) {
      pages += 1;
      ids.push(...page.UpdateActions.map((a) => `${a.ServiceUpdateName}/${a.CacheClusterId}`));
    }
    assert.equal(pages, 2);
    assert.equal(ids.length, 24);
    assert.equal(new Set(ids).size, 24);
  });

  test("an online migration from start to completion, with its typed faults", async () => {
    await createGroup(ec, "target", { NumCacheClusters: 3, MultiAZEnabled: true });
    await advance(server, 11);
    const tested = await ec.send(new TestMigrationCommand({
      ReplicationGroupId: "target", CustomerNodeEndpointList: SOURCE,
    }));
    assert.equal(tested.ReplicationGroup.Status, "available");
    await assert.rejects(ec.send(new CompleteMigrationCommand({ ReplicationGroupId: "target" })),
      ReplicationGroupNotUnderMigrationFault);

    const started = await ec.send(new StartMigrationCommand({
      ReplicationGroupId: "target", CustomerNodeEndpointList: SOURCE,
    }));
    assert.equal(started.ReplicationGroup.Status, "modifying");
    await assert.rejects(ec.send(new StartMigrationCommand({
      ReplicationGroupId: "target", CustomerNodeEndpointList: SOURCE,
    })), ReplicationGroupAlreadyUnderMigrationFault);
    await assert.rejects(ec.send(new CompleteMigrationCommand({ ReplicationGroupId: "target" })),
      InvalidReplicationGroupStateFault);
    await advance(server, 10);
    assert.equal(await groupStatus(ec, "target"), "migrating");
    await ec.send(new CompleteMigrationCommand({ ReplicationGroupId: "target", Force: true }));
    await advance(server, 10);
    assert.equal(await groupStatus(ec, "target"), "available");

    await assert.rejects(ec.send(new StartMigrationCommand({
      ReplicationGroupId: "missing", CustomerNodeEndpointList: SOURCE,
    })), ReplicationGroupNotFoundFault);
    await assert.rejects(ec.send(new StartMigrationCommand({
      ReplicationGroupId: "target", CustomerNodeEndpointList: [...SOURCE, ...SOURCE],
    })), InvalidParameterValueException);
    await createGroup(ec, "single");
    await advance(server, 11);
    await assert.rejects(ec.send(new StartMigrationCommand({
      ReplicationGroupId: "single", CustomerNodeEndpointList: SOURCE,
    })), (e) => e instanceof InvalidParameterValueException && /Multi-AZ/.test(e.message));
  });
});

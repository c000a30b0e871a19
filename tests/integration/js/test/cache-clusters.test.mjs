// Cache clusters through the AWS SDK for JavaScript v3: Memcached and Redis clusters, their
// nodes, the waiters, ModifyCacheCluster, RebootCacheCluster, member deletion rules and the
// mapped faults.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CacheClusterAlreadyExistsFault,
  CacheClusterNotFoundFault,
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DeleteCacheClusterCommand,
  DescribeCacheClustersCommand,
  InvalidCacheClusterStateFault,
  InvalidParameterCombinationException,
  ListAllowedNodeTypeModificationsCommand,
  ModifyCacheClusterCommand,
  NodeQuotaForClusterExceededFault,
  RebootCacheClusterCommand,
  waitUntilCacheClusterAvailable,
  waitUntilCacheClusterDeleted,
  waitUntilReplicationGroupAvailable,
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

const describeCluster = async (id) =>
  (await ec.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true })))
    .CacheClusters[0];

describe("cache clusters", () => {
  test("a Memcached cluster grows, shrinks and scales up", async () => {
    const { CacheCluster } = await ec.send(new CreateCacheClusterCommand({
      CacheClusterId: "js-mc", Engine: "memcached", CacheNodeType: "cache.t3.micro",
      NumCacheNodes: 3, AZMode: "cross-az",
    }));
    assert.equal(CacheCluster.PreferredAvailabilityZone, "Multiple");
    assert.match(CacheCluster.ConfigurationEndpoint.Address, /^js-mc\.[a-z0-9]{6}\.cfg\.use1\./);
    await waitUntilCacheClusterAvailable({ client: ec, ...FAST_WAIT }, { CacheClusterId: "js-mc" });
    let cluster = await describeCluster("js-mc");
    assert.deepEqual(cluster.CacheNodes.map((n) => n.CustomerAvailabilityZone),
      ["us-east-1a", "us-east-1b", "us-east-1c"]);
    await ec.send(new ModifyCacheClusterCommand({
      CacheClusterId: "js-mc", NumCacheNodes: 1, CacheNodeIdsToRemove: ["0002", "0003"],
      ApplyImmediately: true,
    }));
    await waitUntilCacheClusterAvailable({ client: ec, ...FAST_WAIT }, { CacheClusterId: "js-mc" });
    cluster = await describeCluster("js-mc");
    assert.deepEqual(cluster.CacheNodes.map((n) => n.CacheNodeId), ["0001"]);
    await assert.rejects(ec.send(new ModifyCacheClusterCommand({
      CacheClusterId: "js-mc", NumCacheNodes: 1,
    })), InvalidParameterCombinationException);
    // On-demand vertical scaling, its ScaleConfig shown while the change waits.
    const pending = await ec.send(new ModifyCacheClusterCommand({
      CacheClusterId: "js-mc", CacheNodeType: "cache.m5.large", ApplyImmediately: false,
      ScaleConfig: { ScalePercentage: 50, ScaleIntervalMinutes: 10 },
    }));
    assert.deepEqual(pending.CacheCluster.PendingModifiedValues, {
      CacheNodeType: "cache.m5.large", ScaleConfig: { ScalePercentage: 50, ScaleIntervalMinutes: 10 },
    });
    await ec.send(new DeleteCacheClusterCommand({ CacheClusterId: "js-mc" }));
    await waitUntilCacheClusterDeleted({ client: ec, ...FAST_WAIT }, { CacheClusterId: "js-mc" });
    await assert.rejects(describeCluster("js-mc"), CacheClusterNotFoundFault);
  });

  test("a Redis cluster scales and reboots", async () => {
    await ec.send(new CreateCacheClusterCommand({
      CacheClusterId: "js-redis", Engine: "redis", CacheNodeType: "cache.t3.micro",
    }));
    await assert.rejects(ec.send(new CreateCacheClusterCommand({
      CacheClusterId: "js-redis", Engine: "redis", CacheNodeType: "cache.t3.micro",
    })), CacheClusterAlreadyExistsFault);
    await waitUntilCacheClusterAvailable({ client: ec, ...FAST_WAIT }, { CacheClusterId: "js-redis" });
    const allowed = await ec.send(new ListAllowedNodeTypeModificationsCommand({
      CacheClusterId: "js-redis",
    }));
    assert.ok(allowed.ScaleUpModifications.includes("cache.t3.small"));
    await ec.send(new ModifyCacheClusterCommand({
      CacheClusterId: "js-redis", CacheNodeType: "cache.t3.small", ApplyImmediately: true,
    }));
    await waitUntilCacheClusterAvailable({ client: ec, ...FAST_WAIT }, { CacheClusterId: "js-redis" });
    assert.equal((await describeCluster("js-redis")).CacheNodeType, "cache.t3.small");
    const reboot = await ec.send(new RebootCacheClusterCommand({
      CacheClusterId: "js-redis", CacheNodeIdsToReboot: ["0001"],
    }));
    assert.equal(reboot.CacheCluster.CacheClusterStatus, "rebooting cache cluster nodes");
    await assert.rejects(ec.send(new CreateCacheClusterCommand({
      CacheClusterId: "js-big", Engine: "memcached", CacheNodeType: "cache.t3.micro",
      NumCacheNodes: 41,
    })), NodeQuotaForClusterExceededFault);
  });

  test("members: a replica joins; the primary cannot be deleted", async () => {
    await ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "js-grp", ReplicationGroupDescription: "g", NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
    }));
    await waitUntilReplicationGroupAvailable({ client: ec, ...FAST_WAIT },
      { ReplicationGroupId: "js-grp" });
    const added = await ec.send(new CreateCacheClusterCommand({
      CacheClusterId: "js-grp-extra", ReplicationGroupId: "js-grp",
    }));
    assert.equal(added.CacheCluster.ReplicationGroupId, "js-grp");
    await waitUntilReplicationGroupAvailable({ client: ec, ...FAST_WAIT },
      { ReplicationGroupId: "js-grp" });
    await assert.rejects(ec.send(new DeleteCacheClusterCommand({ CacheClusterId: "js-grp-001" })),
      (e) => e instanceof InvalidCacheClusterStateFault && /serving as primary/.test(e.message));
    await ec.send(new DeleteCacheClusterCommand({ CacheClusterId: "js-grp-extra" }));
    await waitUntilCacheClusterDeleted({ client: ec, ...FAST_WAIT },
      { CacheClusterId: "js-grp-extra" });
  });
});

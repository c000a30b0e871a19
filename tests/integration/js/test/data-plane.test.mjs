// The data plane judged by npm clients of the engines: memcached-elasticache discovers a
// Memcached cluster's nodes through its configuration endpoint (and sees a node added), and
// ioredis writes through a group's primary endpoint and reads through its reader endpoint.
// Skipped, saying why, where redis-server or memcached is not installed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ModifyCacheClusterCommand,
} from "@aws-sdk/client-elasticache";
import Redis from "ioredis";
import MemcachedElastiCache from "memcached-elasticache";
import { Server } from "../harness.mjs";

function missingEngine() {
  for (const program of ["redis-server", "memcached"]) {
    try {
      execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    } catch {
      return `${program} is not installed (bash scripts/setup.sh installs it)`;
    }
  }
  return false;
}

const skip = missingEngine();

describe("data plane through npm clients", { skip }, () => {
  let server;
  let ec;

  before(async () => {
    server = await new Server(["--data-plane", "--engine-ports", "24800-25099"]).start();
    ec = server.client();
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  it("memcached-elasticache discovers the nodes and a node added later", async () => {
    await server.reset();
    await ec.send(new CreateCacheClusterCommand({
      CacheClusterId: "sessions", Engine: "memcached", CacheNodeType: "cache.t3.micro",
      NumCacheNodes: 2,
    }));
    const describe = async () => (await ec.send(new DescribeCacheClustersCommand({
      CacheClusterId: "sessions", ShowCacheNodeInfo: true,
    }))).CacheClusters[0];
    const cluster = await describe();
    const config = cluster.ConfigurationEndpoint;
    const discovered = [];
    const client = new MemcachedElastiCache(`${config.Address}:${config.Port}`,
      { autoDiscoverInterval: 200 });
    client.on("autoDiscover", (nodes) => discovered.push(nodes));
    try {
      const waitFor = async (count) => {
        const deadline = Date.now() + 10000;
        while (Date.now() < deadline) {
          const last = discovered[discovered.length - 1];
          if (last && last.length === count) return last;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`no discovery of ${count} nodes; saw ${JSON.stringify(discovered)}`);
      };
      const nodes = await waitFor(2);
      assert.deepEqual(nodes.sort(),
        cluster.CacheNodes.map((n) => `${n.Endpoint.Address}:${n.Endpoint.Port}`).sort());
      await new Promise((resolve, reject) => client.set("user:1", "ada", 60,
        (err) => (err ? reject(err) : resolve())));
      const value = await new Promise((resolve, reject) => client.get("user:1",
        (err, data) => (err ? reject(err) : resolve(data))));
      assert.equal(value, "ada");

      await ec.send(new ModifyCacheClusterCommand({
        CacheClusterId: "sessions", NumCacheNodes: 3, ApplyImmediately: true,
      }));
      const grown = await describe();
      assert.equal(grown.CacheNodes.length, 3);
      assert.equal((await waitFor(3)).length, 3);
    } finally {
      client.end();
    }
  });

  it("ioredis writes through the primary endpoint and reads through the reader endpoint", async () => {
    await server.reset();
    await ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "orders", ReplicationGroupDescription: "orders",
      Engine: "redis", CacheNodeType: "cache.t3.micro", NumCacheClusters: 2,
    }));
    const group = (await ec.send(new DescribeReplicationGroupsCommand({
      ReplicationGroupId: "orders",
    }))).ReplicationGroups[0];
    assert.equal(group.Status, "available");
    const { PrimaryEndpoint: primary, ReaderEndpoint: reader } = group.NodeGroups[0];
    const writer = new Redis({ host: primary.Address, port: primary.Port, lazyConnect: true });
    const readerClient = new Redis({ host: reader.Address, port: reader.Port, lazyConnect: true });
    try {
      await writer.connect();
      await readerClient.connect();
      assert.equal(await writer.set("order:1", "paid"), "OK");
      assert.equal(await writer.wait(1, 5000), 1);
      assert.equal(await readerClient.get("order:1"), "paid");
      await assert.rejects(readerClient.set("order:2", "x"), /READONLY/);
    } finally {
      writer.disconnect();
      readerClient.disconnect();
    }
  });
});

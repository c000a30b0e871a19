// Cluster mode enabled on the data plane judged by ioredis's Cluster client: it discovers
// the cluster through the configuration endpoint, writes and reads thousands of keys across
// the shards, and CLUSTER SLOTS names the node endpoints DescribeCacheClusters shows, with
// each node group's own Slots. Skipped, saying why, where redis-server is not installed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  CreateReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
} from "@aws-sdk/client-elasticache";
import Redis from "ioredis";
import { Server } from "../harness.mjs";

function missingEngine() {
  try {
    execFileSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" });
    return false;
  } catch {
    return "redis-server is not installed (bash scripts/setup.sh installs it)";
  }
}

function ranges(slots) {
  return slots.split(",").map((part) => {
    const [start, end] = part.split("-").map(Number);
    return [start, end ?? start];
  });
}

describe("cluster mode enabled through ioredis Cluster", { skip: missingEngine() }, () => {
  let server;
  let ec;

  before(async () => {
    server = await new Server(["--data-plane", "--engine-ports", "27300-27599"]).start();
    ec = server.client();
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  it("writes and reads thousands of keys; CLUSTER SLOTS is what the API describes", async () => {
    await server.reset();
    await ec.send(new CreateReplicationGroupCommand({
      ReplicationGroupId: "catalog", ReplicationGroupDescription: "catalog",
      Engine: "redis", CacheNodeType: "cache.t3.micro",
      CacheParameterGroupName: "default.redis7.cluster.on", AutomaticFailoverEnabled: true,
      NumNodeGroups: 3,
      NodeGroupConfiguration: [
        { NodeGroupId: "0001", Slots: "0-999,12000-16383", ReplicaCount: 1 },
        { NodeGroupId: "0002", Slots: "1000-5999", ReplicaCount: 1 },
        { NodeGroupId: "0003", Slots: "6000-11999", ReplicaCount: 1 },
      ],
    }));
    const group = (await ec.send(new DescribeReplicationGroupsCommand({
      ReplicationGroupId: "catalog",
    }))).ReplicationGroups[0];
    assert.equal(group.Status, "available");
    const config = group.ConfigurationEndpoint;
    const cluster = new Redis.Cluster([{ host: config.Address, port: config.Port }],
      { lazyConnect: true });
    try {
      await cluster.connect();
      for (let i = 0; i < 3000; i += 1) await cluster.set(`product:${i}`, String(i));
      for (let i = 0; i < 3000; i += 13) assert.equal(await cluster.get(`product:${i}`), String(i));
      assert.equal(cluster.nodes("master").length, 3);

      const endpoints = new Map();
      for (const id of group.MemberClusters) {
        const cc = (await ec.send(new DescribeCacheClustersCommand({
          CacheClusterId: id, ShowCacheNodeInfo: true,
        }))).CacheClusters[0];
        const e = cc.CacheNodes[0].Endpoint;
        endpoints.set(id, `${e.Address}:${e.Port}`);
      }
      const slots = await cluster.cluster("SLOTS");
      const shown = new Map(slots.map(([start, end, primary, ...replicas]) => [
        `${start}-${end}`, [`${primary[0]}:${primary[1]}`, ...replicas.map((r) => `${r[0]}:${r[1]}`)].sort(),
      ]));
      const expected = new Map();
      for (const ng of group.NodeGroups) {
        const members = ng.NodeGroupMembers.map((m) => endpoints.get(m.CacheClusterId)).sort();
        for (const [start, end] of ranges(ng.Slots)) expected.set(`${start}-${end}`, members);
      }
      assert.deepEqual(shown, expected);
    } finally {
      cluster.disconnect();
    }
  });
});

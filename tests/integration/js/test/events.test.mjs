// DescribeEvents through the AWS SDK for JavaScript v3: the events of a group's creation and
// replica change, filters, the SDK's paginator over Marker, and the mapped errors.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateReplicationGroupCommand,
  DescribeEventsCommand,
  DescribeReplicationGroupsCommand,
  IncreaseReplicaCountCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  paginateDescribeEvents,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

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

async function createGroup(id, clusters = 2) {
  await ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: id, ReplicationGroupDescription: "events", NumCacheClusters: clusters,
    AutomaticFailoverEnabled: clusters > 1,
  }));
  await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
}

describe("DescribeEvents", () => {
  test("a group's creation and replica change, in ElastiCache's words", async () => {
    await createGroup("js-ev");
    await ec.send(new IncreaseReplicaCountCommand({
      ReplicationGroupId: "js-ev", NewReplicaCount: 2, ApplyImmediately: true,
    }));
    await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: "js-ev" }));
    const { Events } = await ec.send(new DescribeEventsCommand({
      SourceType: "replication-group", SourceIdentifier: "js-ev",
    }));
    const messages = Events.map((e) => e.Message);
    assert.ok(messages.includes("Replication group js-ev created"), messages.join("\n"));
    assert.ok(messages.some((m) =>
      /^Increase replica count completed for replication group js-ev on \d{4}-\d\d-\d\dT/.test(m)));
    assert.ok(Events.every((e) => e.Date instanceof Date && e.SourceType === "replication-group"));
    const dates = Events.map((e) => e.Date.getTime());
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a));

    const node = await ec.send(new DescribeEventsCommand({
      SourceType: "cache-cluster", SourceIdentifier: "js-ev-003",
    }));
    assert.deepEqual(node.Events.map((e) => e.Message).sort(),
      ["Added cache node 0001 in availability zone us-east-1c", "Cache cluster created"]);
  });

  test("the paginator follows Marker", async () => {
    for (let i = 0; i < 9; i++) await createGroup(`js-p${i}`, 1);
    const sizes = [];
    for await (const page of paginateDescribeEvents({ client: ec, pageSize: 20 }, {})) {
      sizes.push(page.Events.length);
    }
    assert.deepEqual(sizes, [20, 7]);
  });

  test("bad values and combinations are mapped", async () => {
    await assert.rejects(ec.send(new DescribeEventsCommand({ SourceType: "reservation" })),
      InvalidParameterValueException);
    await assert.rejects(ec.send(new DescribeEventsCommand({ Marker: "not-issued" })),
      InvalidParameterValueException);
    const now = new Date();
    await assert.rejects(ec.send(new DescribeEventsCommand({
      StartTime: now, EndTime: new Date(now.getTime() - 3600_000),
    })), InvalidParameterCombinationException);
  });
});

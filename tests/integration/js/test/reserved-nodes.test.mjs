// Reserved cache nodes through the AWS SDK for JavaScript v3: offerings paginator and
// filters, purchase, describe filters and paging, typed faults, the quota, and states moved
// by the admin clock.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DescribeReservedCacheNodesCommand,
  DescribeReservedCacheNodesOfferingsCommand,
  InvalidParameterValueException,
  ListTagsForResourceCommand,
  PurchaseReservedCacheNodesOfferingCommand,
  ReservedCacheNodeAlreadyExistsFault,
  ReservedCacheNodeNotFoundFault,
  ReservedCacheNodeQuotaExceededFault,
  ReservedCacheNodesOfferingNotFoundFault,
  paginateDescribeReservedCacheNodes,
  paginateDescribeReservedCacheNodesOfferings,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

const ONE_YEAR = 31536000;

async function advance(server, seconds) {
  const response = await fetch(`${server.endpoint}/_admin/clock/advance?seconds=${seconds}`,
    { method: "POST" });
  assert.equal(response.status, 200);
}

async function offeringId(ec, CacheNodeType, Duration, OfferingType) {
  const out = await ec.send(new DescribeReservedCacheNodesOfferingsCommand({
    CacheNodeType, Duration, OfferingType, ProductDescription: "redis",
  }));
  assert.equal(out.ReservedCacheNodesOfferings.length, 1);
  return out.ReservedCacheNodesOfferings[0].ReservedCacheNodesOfferingId;
}

function purchase(ec, input) {
  return ec.send(new PurchaseReservedCacheNodesOfferingCommand(input));
}

describe("reserved cache nodes (SDK v3)", () => {
  const server = new Server(["--transition-seconds", "30", "--reserved-nodes-quota", "50"]);
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

  test("the offerings paginator walks the whole catalog in id order", async () => {
    const ids = [];
    for await (const page of paginateDescribeReservedCacheNodesOfferings(
      { client: ec, pageSize: 100 }, {})) {
      assert.ok(page.ReservedCacheNodesOfferings.length <= 100);
      ids.push(...page.ReservedCacheNodesOfferings.map((o) => o.ReservedCacheNodesOfferingId));
    }
    assert.ok(ids.length > 1000);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids, [...ids].sort());
  });

  test("offering filters, shapes and validation", async () => {
    const out = await ec.send(new DescribeReservedCacheNodesOfferingsCommand({
      CacheNodeType: "cache.r6g.large", ProductDescription: "redis", Duration: "1",
      OfferingType: "No Upfront",
    }));
    assert.equal(out.ReservedCacheNodesOfferings.length, 1);
    const [offering] = out.ReservedCacheNodesOfferings;
    assert.equal(offering.ReservedCacheNodesOfferingId, "036d7c46-fda8-518f-95f8-03709df1504b");
    assert.equal(offering.Duration, ONE_YEAR);
    assert.equal(offering.FixedPrice, 0);
    assert.equal(offering.RecurringCharges[0].RecurringChargeFrequency, "Hourly");
    const unknown = await ec.send(new DescribeReservedCacheNodesOfferingsCommand({
      ReservedCacheNodesOfferingId: "1ef01f5b-94ff-433f-a530-61a56bfc8e7a",
    }));
    assert.deepEqual(unknown.ReservedCacheNodesOfferings ?? [], []);
    await assert.rejects(
      ec.send(new DescribeReservedCacheNodesOfferingsCommand({ Duration: "5" })),
      (e) => e instanceof InvalidParameterValueException && e.$metadata.httpStatusCode === 400);
    await assert.rejects(
      ec.send(new DescribeReservedCacheNodesOfferingsCommand({ MaxRecords: 101 })),
      (e) => e instanceof InvalidParameterValueException);
  });

  test("purchase, states on the admin clock, and tags", async () => {
    const oneYear = await offeringId(ec, "cache.t4g.small", "1", "Partial Upfront");
    const threeYears = await offeringId(ec, "cache.t4g.small", "3", "Partial Upfront");
    const { ReservedCacheNode: node } = await purchase(ec, {
      ReservedCacheNodesOfferingId: oneYear, ReservedCacheNodeId: "js-one", CacheNodeCount: 2,
      Tags: [{ Key: "sdk", Value: "v3" }],
    });
    assert.equal(node.State, "payment-pending");
    assert.ok(node.StartTime instanceof Date);
    assert.equal(node.ReservationARN,
      "arn:aws:elasticache:us-east-1:000000000000:reserved-instance:js-one");
    const generated = (await purchase(ec, { ReservedCacheNodesOfferingId: threeYears }))
      .ReservedCacheNode.ReservedCacheNodeId;
    assert.match(generated, /^ri-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}$/);

    const state = async (id) => (await ec.send(new DescribeReservedCacheNodesCommand({
      ReservedCacheNodeId: id,
    }))).ReservedCacheNodes[0].State;
    assert.equal(await state("js-one"), "payment-pending");
    await advance(server, 30);
    assert.equal(await state("js-one"), "active");
    await advance(server, ONE_YEAR);
    assert.equal(await state("js-one"), "retired");
    assert.equal(await state(generated), "active");
    await advance(server, 2 * ONE_YEAR);
    assert.equal(await state(generated), "retired");

    const tags = await ec.send(new ListTagsForResourceCommand({ ResourceName: node.ReservationARN }));
    assert.deepEqual(tags.TagList, [{ Key: "sdk", Value: "v3" }]);
  });

  test("describe filters, paging and typed faults", async () => {
    const small = await offeringId(ec, "cache.t3.small", "1", "No Upfront");
    const large = await offeringId(ec, "cache.r7g.large", "3", "Heavy Utilization");
    for (let i = 0; i < 23; i++) {
      await purchase(ec, { ReservedCacheNodesOfferingId: small,
        ReservedCacheNodeId: `js-${String(i).padStart(2, "0")}` });
    }
    await purchase(ec, { ReservedCacheNodesOfferingId: large, ReservedCacheNodeId: "js-large" });

    const pages = [];
    for await (const page of paginateDescribeReservedCacheNodes(
      { client: ec, pageSize: 20 }, {})) {
      pages.push(page.ReservedCacheNodes.length);
    }
    assert.deepEqual(pages, [20, 4]);
    const byDuration = await ec.send(new DescribeReservedCacheNodesCommand({ Duration: "94608000" }));
    assert.deepEqual(byDuration.ReservedCacheNodes.map((n) => n.ReservedCacheNodeId), ["js-large"]);
    const byType = await ec.send(new DescribeReservedCacheNodesCommand({
      CacheNodeType: "cache.t3.small", OfferingType: "No Upfront", ProductDescription: "redis",
      ReservedCacheNodesOfferingId: small,
    }));
    assert.equal(byType.ReservedCacheNodes.length, 23);

    await assert.rejects(
      ec.send(new DescribeReservedCacheNodesCommand({ ReservedCacheNodeId: "nope" })),
      (e) => e instanceof ReservedCacheNodeNotFoundFault && e.$metadata.httpStatusCode === 404);
    await assert.rejects(
      purchase(ec, { ReservedCacheNodesOfferingId: small, ReservedCacheNodeId: "js-large" }),
      (e) => e instanceof ReservedCacheNodeAlreadyExistsFault && e.$metadata.httpStatusCode === 404);
    await assert.rejects(
      purchase(ec, { ReservedCacheNodesOfferingId: "00000000-0000-0000-0000-000000000000" }),
      (e) => e instanceof ReservedCacheNodesOfferingNotFoundFault);
    await assert.rejects(
      purchase(ec, { ReservedCacheNodesOfferingId: small, CacheNodeCount: 27 }),
      (e) => e instanceof ReservedCacheNodeQuotaExceededFault && e.$metadata.httpStatusCode === 400);
    await assert.rejects(
      ec.send(new DescribeReservedCacheNodesCommand({ Duration: "2" })),
      (e) => e instanceof InvalidParameterValueException);
  });
});

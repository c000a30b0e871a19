// Cache security groups through the AWS SDK for JavaScript v3: a VPC-only account (the
// default) is refused every operation with AWS's InvalidParameterValue; with --ec2-classic
// the default group, create/describe (paginator)/delete, authorize and revoke on the admin
// clock, typed faults, the quota, tags by ARN and references from CreateReplicationGroup.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AddTagsToResourceCommand,
  AuthorizationAlreadyExistsFault,
  AuthorizationNotFoundFault,
  AuthorizeCacheSecurityGroupIngressCommand,
  CacheSecurityGroupAlreadyExistsFault,
  CacheSecurityGroupNotFoundFault,
  CacheSecurityGroupQuotaExceededFault,
  CreateCacheSecurityGroupCommand,
  CreateReplicationGroupCommand,
  DeleteCacheSecurityGroupCommand,
  DescribeCacheClustersCommand,
  DescribeCacheSecurityGroupsCommand,
  DescribeReplicationGroupsCommand,
  InvalidCacheSecurityGroupStateFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ListTagsForResourceCommand,
  RevokeCacheSecurityGroupIngressCommand,
  paginateDescribeCacheSecurityGroups,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

const NOT_PERMITTED =
  "Use of cache security groups is not permitted in this API version for your account.";
const ACCOUNT = "123456789012";
const arn = (name) => `arn:aws:elasticache:us-east-1:${ACCOUNT}:securitygroup:${name}`;

async function advance(server, seconds) {
  const response = await fetch(`${server.endpoint}/_admin/clock/advance?seconds=${seconds}`,
    { method: "POST" });
  assert.equal(response.status, 200);
}

const ingress = (CacheSecurityGroupName, EC2SecurityGroupName, EC2SecurityGroupOwnerId = ACCOUNT) =>
  ({ CacheSecurityGroupName, EC2SecurityGroupName, EC2SecurityGroupOwnerId });

const group = (id, extra = {}) => new CreateReplicationGroupCommand({
  ReplicationGroupId: id, ReplicationGroupDescription: "d", NumCacheClusters: 1, ...extra,
});

describe("cache security groups in a VPC-only account (SDK v3)", () => {
  const server = new Server();
  let ec;

  before(async () => {
    await server.start();
    ec = server.client({ accessKeyId: ACCOUNT });
  });
  after(async () => {
    ec?.destroy();
    assert.equal(await server.stop(), 0, `server did not exit cleanly:\n${server.output}`);
  });
  beforeEach(() => server.reset());

  test("every operation, and a create naming cache security groups, is not permitted", async () => {
    const commands = [
      new CreateCacheSecurityGroupCommand({ CacheSecurityGroupName: "web", Description: "d" }),
      new DescribeCacheSecurityGroupsCommand({}),
      new DeleteCacheSecurityGroupCommand({ CacheSecurityGroupName: "web" }),
      new AuthorizeCacheSecurityGroupIngressCommand(ingress("default", "app")),
      new RevokeCacheSecurityGroupIngressCommand(ingress("default", "app")),
      group("classic", { CacheSecurityGroupNames: ["default"] }),
    ];
    for (const command of commands) {
      await assert.rejects(ec.send(command), (e) => {
        assert.ok(e instanceof InvalidParameterValueException, e.name);
        assert.equal(e.message, NOT_PERMITTED);
        assert.equal(e.$metadata.httpStatusCode, 400);
        return true;
      });
    }
    const out = await ec.send(new DescribeReplicationGroupsCommand({}));
    assert.deepEqual(out.ReplicationGroups, []);
  });

  test("VPC security group ids are checked by format and shown active", async () => {
    await ec.send(group("vpc", { SecurityGroupIds: ["sg-0123456789abcdef0"] }));
    const { CacheClusters } = await ec.send(new DescribeCacheClustersCommand({}));
    assert.deepEqual(CacheClusters[0].SecurityGroups,
      [{ SecurityGroupId: "sg-0123456789abcdef0", Status: "active" }]);
    await assert.rejects(ec.send(group("bad", { SecurityGroupIds: ["sg-xyz"] })),
      InvalidParameterValueException);
  });
});

describe("cache security groups in an EC2-Classic account (SDK v3)", () => {
  const server = new Server(["--ec2-classic", "--transition-seconds", "5",
    "--cache-security-groups-quota", "30"]);
  let ec;

  before(async () => {
    await server.start();
    ec = server.client({ accessKeyId: ACCOUNT });
  });
  after(async () => {
    ec?.destroy();
    assert.equal(await server.stop(), 0, `server did not exit cleanly:\n${server.output}`);
  });
  beforeEach(() => server.reset());

  const describeGroup = async (CacheSecurityGroupName) =>
    (await ec.send(new DescribeCacheSecurityGroupsCommand({ CacheSecurityGroupName })))
      .CacheSecurityGroups[0];

  test("create, the paginator, the quota and delete", async () => {
    const { CacheSecurityGroup } = await ec.send(new CreateCacheSecurityGroupCommand({
      CacheSecurityGroupName: "JS-Group", Description: "from js",
      Tags: [{ Key: "sdk", Value: "v3" }],
    }));
    assert.deepEqual(CacheSecurityGroup, {
      OwnerId: ACCOUNT, CacheSecurityGroupName: "js-group", Description: "from js",
      EC2SecurityGroups: [], ARN: arn("js-group"),
    });
    const tags = await ec.send(new ListTagsForResourceCommand({ ResourceName: arn("js-group") }));
    assert.deepEqual(tags.TagList, [{ Key: "sdk", Value: "v3" }]);
    await assert.rejects(ec.send(new CreateCacheSecurityGroupCommand({
      CacheSecurityGroupName: "js-group", Description: "again" })),
    CacheSecurityGroupAlreadyExistsFault);
    await assert.rejects(ec.send(new CreateCacheSecurityGroupCommand({
      CacheSecurityGroupName: "default", Description: "mine" })), InvalidParameterValueException);
    for (let i = 0; i < 28; i++) {
      await ec.send(new CreateCacheSecurityGroupCommand({
        CacheSecurityGroupName: `g${String(i).padStart(2, "0")}`, Description: "d" }));
    }
    await assert.rejects(ec.send(new CreateCacheSecurityGroupCommand({
      CacheSecurityGroupName: "over", Description: "d" })), CacheSecurityGroupQuotaExceededFault);
    const names = [];
    for await (const page of paginateDescribeCacheSecurityGroups({ client: ec, pageSize: 20 }, {})) {
      assert.ok(page.CacheSecurityGroups.length <= 20);
      names.push(...page.CacheSecurityGroups.map((g) => g.CacheSecurityGroupName));
    }
    assert.equal(names.length, 30);
    assert.deepEqual(names, [...names].sort());
    assert.equal(names[0], "default");
    await ec.send(new DeleteCacheSecurityGroupCommand({ CacheSecurityGroupName: "JS-GROUP" }));
    await assert.rejects(describeGroup("js-group"), CacheSecurityGroupNotFoundFault);
    await assert.rejects(ec.send(new DeleteCacheSecurityGroupCommand({
      CacheSecurityGroupName: "default" })), InvalidCacheSecurityGroupStateFault);
  });

  test("authorize is authorizing then authorized; revoke is revoking then gone", async () => {
    await ec.send(new CreateCacheSecurityGroupCommand({ CacheSecurityGroupName: "web", Description: "d" }));
    const authorized = await ec.send(new AuthorizeCacheSecurityGroupIngressCommand(ingress("web", "app")));
    assert.deepEqual(authorized.CacheSecurityGroup.EC2SecurityGroups, [
      { Status: "authorizing", EC2SecurityGroupName: "app", EC2SecurityGroupOwnerId: ACCOUNT }]);
    await assert.rejects(ec.send(new AuthorizeCacheSecurityGroupIngressCommand(ingress("web", "app"))),
      AuthorizationAlreadyExistsFault);
    await assert.rejects(ec.send(new RevokeCacheSecurityGroupIngressCommand(ingress("web", "app"))),
      InvalidCacheSecurityGroupStateFault);
    await advance(server, 5);
    assert.equal((await describeGroup("web")).EC2SecurityGroups[0].Status, "authorized");
    const revoked = await ec.send(new RevokeCacheSecurityGroupIngressCommand(ingress("web", "app")));
    assert.equal(revoked.CacheSecurityGroup.EC2SecurityGroups[0].Status, "revoking");
    await advance(server, 5);
    assert.deepEqual((await describeGroup("web")).EC2SecurityGroups, []);
    await assert.rejects(ec.send(new RevokeCacheSecurityGroupIngressCommand(ingress("web", "app"))),
      AuthorizationNotFoundFault);
    await assert.rejects(ec.send(new AuthorizeCacheSecurityGroupIngressCommand(
      ingress("web", "app", "1234567890"))), InvalidParameterValueException);
    await assert.rejects(ec.send(new AuthorizeCacheSecurityGroupIngressCommand(
      ingress("nope", "app"))), CacheSecurityGroupNotFoundFault);
  });

  test("CreateReplicationGroup checks the groups it names; a group in use stays", async () => {
    await assert.rejects(ec.send(group("shop", { CacheSecurityGroupNames: ["missing"] })),
      CacheSecurityGroupNotFoundFault);
    await assert.rejects(ec.send(group("shop", {
      CacheSecurityGroupNames: ["default"], SecurityGroupIds: ["sg-1a2b3c4d"] })),
    InvalidParameterCombinationException);
    await ec.send(new CreateCacheSecurityGroupCommand({ CacheSecurityGroupName: "web", Description: "d" }));
    await ec.send(group("shop", { CacheSecurityGroupNames: ["Web"] }));
    const { CacheClusters } = await ec.send(new DescribeCacheClustersCommand({}));
    assert.deepEqual(CacheClusters[0].CacheSecurityGroups,
      [{ CacheSecurityGroupName: "web", Status: "active" }]);
    assert.equal(CacheClusters[0].CacheSubnetGroupName, undefined);
    await assert.rejects(ec.send(new DeleteCacheSecurityGroupCommand({ CacheSecurityGroupName: "web" })),
      InvalidCacheSecurityGroupStateFault);
    await ec.send(new AddTagsToResourceCommand({ ResourceName: arn("web"),
      Tags: [{ Key: "in-use", Value: "yes" }] }));
    const tags = await ec.send(new ListTagsForResourceCommand({ ResourceName: arn("web") }));
    assert.deepEqual(tags.TagList, [{ Key: "in-use", Value: "yes" }]);
  });
});

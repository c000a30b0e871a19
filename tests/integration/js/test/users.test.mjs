// Users and user groups through the AWS SDK for JavaScript v3: every operation, typed faults
// for each rule, the paginators, transitions moved by the admin clock, and a replication group
// with UserGroupIds.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateReplicationGroupCommand,
  CreateUserCommand,
  CreateUserGroupCommand,
  DefaultUserAssociatedToUserGroupFault,
  DefaultUserRequired,
  DeleteUserCommand,
  DeleteUserGroupCommand,
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
  DuplicateUserNameFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  InvalidUserGroupStateFault,
  InvalidUserStateFault,
  ListTagsForResourceCommand,
  ModifyUserCommand,
  ModifyUserGroupCommand,
  UserAlreadyExistsFault,
  UserGroupAlreadyExistsFault,
  UserGroupNotFoundFault,
  UserGroupQuotaExceededFault,
  UserNotFoundFault,
  UserQuotaExceededFault,
  paginateDescribeUserGroups,
  paginateDescribeUsers,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

const PW = "correct-horse-battery-1";
const PW2 = "correct-horse-battery-2";

async function advance(server, seconds) {
  const response = await fetch(`${server.endpoint}/_admin/clock/advance?seconds=${seconds}`,
    { method: "POST" });
  assert.equal(response.status, 200);
}

function createUser(ec, UserId, extra = {}) {
  return ec.send(new CreateUserCommand({
    UserId, UserName: UserId, Engine: "redis", AccessString: "on ~* +@all", Passwords: [PW],
    ...extra,
  }));
}

async function oneUser(ec, UserId) {
  const out = await ec.send(new DescribeUsersCommand({ UserId }));
  assert.equal(out.Users.length, 1);
  return out.Users[0];
}

async function oneGroup(ec, UserGroupId) {
  const out = await ec.send(new DescribeUserGroupsCommand({ UserGroupId }));
  assert.equal(out.UserGroups.length, 1);
  return out.UserGroups[0];
}

describe("users and user groups (SDK v3)", () => {
  const server = new Server(["--user-quota", "30", "--user-group-quota", "25"]);
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

  test("the default user exists and cannot be changed", async () => {
    const user = await oneUser(ec, "default");
    assert.deepEqual(
      [user.UserName, user.Engine, user.AccessString, user.Authentication, user.Status],
      ["default", "redis", "on ~* +@all", { Type: "no-password" }, "active"]);
    await assert.rejects(ec.send(new ModifyUserCommand({ UserId: "default", AccessString: "off" })),
      InvalidParameterValueException);
    await assert.rejects(ec.send(new DeleteUserCommand({ UserId: "default" })),
      InvalidParameterValueException);
    await assert.rejects(createUser(ec, "default"), UserAlreadyExistsFault);
  });

  test("create, modify and delete a user", async () => {
    const created = await createUser(ec, "App", {
      UserName: "app-name", AccessString: "off +get ~keys*", Passwords: [PW, PW2],
      Tags: [{ Key: "team", Value: "cache" }],
    });
    assert.equal(created.UserId, "app");
    assert.equal(created.AccessString, "off ~keys* -@all +get");
    assert.deepEqual(created.Authentication, { Type: "password", PasswordCount: 2 });
    assert.equal(created.ARN, "arn:aws:elasticache:us-east-1:000000000000:user:app");
    const tags = await ec.send(new ListTagsForResourceCommand({ ResourceName: created.ARN }));
    assert.deepEqual(tags.TagList, [{ Key: "team", Value: "cache" }]);

    const modified = await ec.send(new ModifyUserCommand({
      UserId: "app", AppendAccessString: "on ~* +@all", Passwords: [PW2],
    }));
    assert.equal(modified.Status, "modifying");
    assert.equal(modified.AccessString, "on ~* +@all");
    assert.deepEqual((await oneUser(ec, "app")).Authentication,
      { Type: "password", PasswordCount: 1 });
    await ec.send(new ModifyUserCommand({ UserId: "app", AuthenticationMode: { Type: "iam" } })
    ).then(() => assert.fail("iam needs UserId == UserName"), (e) =>
      assert.ok(e instanceof InvalidParameterCombinationException, e.name));

    const deleted = await ec.send(new DeleteUserCommand({ UserId: "app" }));
    assert.equal(deleted.Status, "deleting");
    await assert.rejects(ec.send(new DescribeUsersCommand({ UserId: "app" })), UserNotFoundFault);
  });

  test("user rules answer typed faults", async () => {
    await assert.rejects(createUser(ec, "x", { Passwords: ["short"] }),
      (e) => e instanceof InvalidParameterValueException &&
        e.message === "Passwords length must be between 16-128 characters.");
    await assert.rejects(createUser(ec, "x", { AccessString: "on ~* +@bogus" }),
      InvalidParameterValueException);
    await assert.rejects(createUser(ec, "x", { Passwords: undefined }),
      InvalidParameterValueException);
    await assert.rejects(createUser(ec, "x", { NoPasswordRequired: true }),
      InvalidParameterCombinationException);
    await assert.rejects(createUser(ec, "x", {
      Passwords: undefined, AuthenticationMode: { Type: "iam" }, UserName: "y",
    }), InvalidParameterCombinationException);
    await assert.rejects(createUser(ec, "bad--id"), InvalidParameterValueException);
    await createUser(ec, "x");
    await assert.rejects(createUser(ec, "x"), UserAlreadyExistsFault);
    await assert.rejects(ec.send(new ModifyUserCommand({ UserId: "ghost", AccessString: "on" })),
      UserNotFoundFault);
  });

  test("the user quota and the paginator", async () => {
    for (let i = 0; i < 30; i++) await createUser(ec, `u-${String(i).padStart(2, "0")}`);
    await assert.rejects(createUser(ec, "one-too-many"), UserQuotaExceededFault);
    const ids = [];
    for await (const page of paginateDescribeUsers({ client: ec, pageSize: 20 }, {})) {
      assert.ok(page.Users.length <= 20);
      ids.push(...page.Users.map((u) => u.UserId));
    }
    assert.equal(ids.length, 31);
    assert.deepEqual(ids, [...ids].sort());
    const filtered = await ec.send(new DescribeUsersCommand({
      Filters: [{ Name: "user-id", Values: ["u-03", "u-07"] }],
    }));
    assert.deepEqual(filtered.Users.map((u) => u.UserId), ["u-03", "u-07"]);
  });

  test("user groups: create, modify with pending changes, delete", async () => {
    await createUser(ec, "app");
    await createUser(ec, "ops");
    const created = await ec.send(new CreateUserGroupCommand({
      UserGroupId: "grp", Engine: "redis", UserIds: ["default", "app"],
    }));
    assert.equal(created.Status, "creating");
    assert.deepEqual(created.ReplicationGroups, []);
    assert.equal(created.ARN, "arn:aws:elasticache:us-east-1:000000000000:usergroup:grp");
    await assert.rejects(ec.send(new CreateUserGroupCommand({
      UserGroupId: "grp", Engine: "redis", UserIds: ["default"],
    })), UserGroupAlreadyExistsFault);
    const modified = await ec.send(new ModifyUserGroupCommand({
      UserGroupId: "grp", UserIdsToAdd: ["ops"], UserIdsToRemove: ["app"],
    }));
    assert.deepEqual(modified.PendingChanges, { UserIdsToAdd: ["ops"], UserIdsToRemove: ["app"] });
    assert.deepEqual((await oneGroup(ec, "grp")).UserIds, ["default", "ops"]);
    assert.deepEqual((await oneUser(ec, "ops")).UserGroupIds, ["grp"]);
    await assert.rejects(ec.send(new DeleteUserCommand({ UserId: "nope" })), UserNotFoundFault);
    const deleted = await ec.send(new DeleteUserGroupCommand({ UserGroupId: "grp" }));
    assert.equal(deleted.Status, "deleting");
    await assert.rejects(ec.send(new DescribeUserGroupsCommand({ UserGroupId: "grp" })),
      UserGroupNotFoundFault);
  });

  test("user group rules answer typed faults", async () => {
    await createUser(ec, "app");
    await createUser(ec, "other-default", { UserName: "default" });
    await assert.rejects(ec.send(new CreateUserGroupCommand({
      UserGroupId: "g", Engine: "redis", UserIds: ["app"],
    })), DefaultUserRequired);
    await assert.rejects(ec.send(new CreateUserGroupCommand({
      UserGroupId: "g", Engine: "redis", UserIds: ["default", "other-default"],
    })), DuplicateUserNameFault);
    await assert.rejects(ec.send(new CreateUserGroupCommand({
      UserGroupId: "g", Engine: "redis", UserIds: ["default", "ghost"],
    })), UserNotFoundFault);
    await ec.send(new CreateUserGroupCommand({
      UserGroupId: "g", Engine: "redis", UserIds: ["other-default", "app"],
    }));
    await assert.rejects(ec.send(new DeleteUserCommand({ UserId: "other-default" })),
      DefaultUserAssociatedToUserGroupFault);
    await ec.send(new DescribeUserGroupsCommand({}));
    await assert.rejects(ec.send(new ModifyUserGroupCommand({
      UserGroupId: "g", UserIdsToRemove: ["other-default"],
    })), DefaultUserRequired);
    await assert.rejects(ec.send(new ModifyUserGroupCommand({
      UserGroupId: "g", UserIdsToRemove: ["default"],
    })), (e) => e instanceof InvalidParameterValueException && /not a member/.test(e.message));
    for (let i = 0; i < 24; i++) {
      await ec.send(new CreateUserGroupCommand({
        UserGroupId: `many-${i}`, Engine: "redis", UserIds: ["default"],
      }));
    }
    await assert.rejects(ec.send(new CreateUserGroupCommand({
      UserGroupId: "last", Engine: "redis", UserIds: ["default"],
    })), UserGroupQuotaExceededFault);
    let count = 0;
    for await (const page of paginateDescribeUserGroups({ client: ec, pageSize: 20 }, {})) {
      count += page.UserGroups.length;
    }
    assert.equal(count, 25);
  });

  test("a replication group with UserGroupIds", async () => {
    await createUser(ec, "app");
    await ec.send(new CreateUserGroupCommand({
      UserGroupId: "grp", Engine: "redis", UserIds: ["default", "app"],
    }));
    await ec.send(new DescribeUserGroupsCommand({}));
    const input = {
      ReplicationGroupId: "rbac", ReplicationGroupDescription: "rbac", Engine: "redis",
      CacheNodeType: "cache.t3.micro", NumCacheClusters: 1, UserGroupIds: ["grp"],
    };
    await assert.rejects(ec.send(new CreateReplicationGroupCommand(input)),
      (e) => e instanceof InvalidParameterCombinationException &&
        /encryption-in-transit/.test(e.message));
    const out = await ec.send(new CreateReplicationGroupCommand({
      ...input, TransitEncryptionEnabled: true,
    }));
    assert.deepEqual(out.ReplicationGroup.UserGroupIds, ["grp"]);
    assert.deepEqual((await oneGroup(ec, "grp")).ReplicationGroups, ["rbac"]);
    await assert.rejects(ec.send(new DeleteUserGroupCommand({ UserGroupId: "grp" })),
      InvalidUserGroupStateFault);
    await assert.rejects(ec.send(new CreateReplicationGroupCommand({
      ...input, ReplicationGroupId: "ghost", TransitEncryptionEnabled: true, UserGroupIds: ["none"],
    })), UserGroupNotFoundFault);
  });
});

describe("user and user group transitions (SDK v3)", () => {
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

  test("modifying, then active once the clock moves", async () => {
    await createUser(ec, "app");
    await ec.send(new CreateUserGroupCommand({
      UserGroupId: "grp", Engine: "redis", UserIds: ["default", "app"],
    }));
    assert.equal((await oneGroup(ec, "grp")).Status, "creating");
    await advance(server, 11);
    await ec.send(new ModifyUserCommand({ UserId: "app", AccessString: "on ~* -@all +get" }));
    assert.equal((await oneUser(ec, "app")).Status, "modifying");
    assert.equal((await oneGroup(ec, "grp")).Status, "modifying");
    await assert.rejects(ec.send(new ModifyUserCommand({ UserId: "app", AccessString: "off" })),
      InvalidUserStateFault);
    await assert.rejects(ec.send(new ModifyUserGroupCommand({
      UserGroupId: "grp", UserIdsToRemove: ["app"],
    })), InvalidUserGroupStateFault);
    await advance(server, 11);
    assert.equal((await oneUser(ec, "app")).Status, "active");
    assert.equal((await oneGroup(ec, "grp")).Status, "active");
  });
});

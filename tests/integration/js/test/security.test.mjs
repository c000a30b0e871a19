// --verify-signatures through the AWS SDK for JavaScript v3 signing real requests: the right
// secret works in the account the credentials file names, a wrong one is SignatureDoesNotMatch,
// an unknown key InvalidClientTokenId, a clock 20 minutes off RequestExpired (after which the
// SDK corrects its clock from the server's Date header, as it does with AWS), and an unsigned
// request MissingAuthenticationToken. --admin-token guards /_admin/* but not /health.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateCacheParameterGroupCommand,
  DescribeCacheParameterGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
} from "@aws-sdk/client-elasticache";
import { Server } from "../harness.mjs";

const KEY = "AKIDJSRIGHT";
const SECRET = "js-right-secret";
const ACCOUNT = "345678901234";

function client(server, { accessKeyId = KEY, secretAccessKey = SECRET, ...rest } = {}) {
  return new ElastiCacheClient({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    ...rest,
  });
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("the call was accepted");
}

describe("signature verification", () => {
  let server;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ecl-js-keys-"));
    const file = join(dir, "credentials.csv");
    writeFileSync(file, `access_key_id,secret_access_key,account_id\n${KEY},${SECRET},${ACCOUNT}\n`);
    server = await new Server(["--verify-signatures", "--credentials-file", file,
      "--admin-token", "js-admin"]).start();
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  test("the right secret works, in the file's account", async () => {
    const out = await client(server).send(new CreateCacheParameterGroupCommand({
      CacheParameterGroupName: "js-signed", CacheParameterGroupFamily: "redis7",
      Description: "signed by the JS SDK",
    }));
    assert.match(out.CacheParameterGroup.ARN, new RegExp(`:${ACCOUNT}:parametergroup:js-signed$`));
  });

  test("a wrong secret is SignatureDoesNotMatch and changes nothing", async () => {
    const error = await rejection(client(server, { secretAccessKey: "nope" }).send(
      new CreateCacheParameterGroupCommand({
        CacheParameterGroupName: "js-refused", CacheParameterGroupFamily: "redis7",
        Description: "d",
      })));
    assert.equal(error.name, "SignatureDoesNotMatch");
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.match(error.message, /^The request signature we calculated does not match/);
    const groups = await client(server).send(new DescribeCacheParameterGroupsCommand({}));
    assert.ok(!groups.CacheParameterGroups.some((g) => g.CacheParameterGroupName === "js-refused"));
  });

  test("an unknown access key is InvalidClientTokenId", async () => {
    const error = await rejection(client(server, { accessKeyId: "AKIDJSUNKNOWN" }).send(
      new DescribeReplicationGroupsCommand({})));
    assert.equal(error.name, "InvalidClientTokenId");
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.message, "The security token included in the request is invalid.");
  });

  test("a clock 20 minutes off is RequestExpired, then the SDK corrects it", async () => {
    const skewed = client(server, { systemClockOffset: -20 * 60 * 1000 });
    const error = await rejection(skewed.send(new DescribeReplicationGroupsCommand({})));
    assert.equal(error.name, "RequestExpired");
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.message, /^Request has expired\./);
    // The next call signs with the server's time, read from its Date header.
    const ok = await skewed.send(new DescribeReplicationGroupsCommand({}));
    assert.deepEqual(ok.ReplicationGroups, []);
  });

  test("an unsigned request is MissingAuthenticationToken", async () => {
    const unsigned = client(server, { signer: { sign: async (request) => request } });
    const error = await rejection(unsigned.send(new DescribeReplicationGroupsCommand({})));
    assert.equal(error.name, "MissingAuthenticationToken");
    assert.equal(error.$metadata.httpStatusCode, 403);
  });

  test("the admin token guards /_admin/* but not /health", async () => {
    assert.equal((await fetch(`${server.endpoint}/_admin/reset`, { method: "POST" })).status, 401);
    const ok = await fetch(`${server.endpoint}/_admin/reset`,
      { method: "POST", headers: { Authorization: "Bearer js-admin" } });
    assert.equal(ok.status, 200);
    assert.equal((await fetch(`${server.endpoint}/health`)).status, 200);
  });
});

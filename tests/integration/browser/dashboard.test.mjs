// The dashboard (GET /_admin/ui) in a real headless Chromium (Debian's `chromium`, driven by
// playwright-core): resources made through the AWS SDK for JavaScript v3 appear with their
// status, a replication group's shards are drawn over the 16,384 slots with their members'
// roles, zones and endpoints, the events form a timeline, "advance clock" turns `creating`
// into `available`, and reset empties the page. A screenshot is kept for CI
// (ECL_ARTIFACT_DIR, by default build/test-artifacts/dashboard.png).
// With the data plane on, each member shows the engine that serves it, as GET /_admin/engines
// reports it. Skipped with the reason when no Chromium (or, for the data plane, no
// redis-server or memcached) is installed; scripts/setup.sh installs them.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Server } from "../js/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
// The SDK is the JS suite's dependency (tests/integration/js); this folder adds only the
// browser driver, so it is loaded from there.
const sdk = createRequire(resolve(here, "../js/package.json"))("@aws-sdk/client-elasticache");

function findChromium() {
  const candidates = [process.env.ECL_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path) => path && existsSync(path));
}

const chromiumPath = findChromium();
const skip = chromiumPath ? false
  : "no Chromium found (set ECL_CHROMIUM or run scripts/setup.sh, which installs Debian's chromium)";
function onPath(program) {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const skipEngines = skip || (["redis-server", "memcached"].every(onPath) ? false
  : "the data plane needs redis-server and memcached (scripts/setup.sh installs them)");
const artifactDir = process.env.ECL_ARTIFACT_DIR || resolve(here, "../../../build/test-artifacts");
const TRANSITION_SECONDS = 300;

async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

describe("dashboard in a headless browser", { skip }, () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await new Server(["--transition-seconds", String(TRANSITION_SECONDS)]).start();
    const client = server.client();
    await client.send(new sdk.CreateReplicationGroupCommand({
      ReplicationGroupId: "orders",
      ReplicationGroupDescription: "orders cache",
      NumNodeGroups: 2,
      ReplicasPerNodeGroup: 1,
      CacheNodeType: "cache.r7g.large",
      Engine: "redis",
    }));
    await client.send(new sdk.CreateCacheParameterGroupCommand({
      CacheParameterGroupName: "orders-params",
      CacheParameterGroupFamily: "redis7",
      Description: "orders",
    }));
    // A second region: the page lists it as its own account and region.
    await server.client({ region: "eu-west-1" }).send(new sdk.CreateUserCommand({
      UserId: "reporter", UserName: "reporter", Engine: "redis", AccessString: "on ~* +@read",
      NoPasswordRequired: true,
    }));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = [];
    page.on("pageerror", (error) => errors.push(error));
    page.errors = errors;
    await page.goto(`${server.endpoint}/_admin/ui`);
    await page.waitForSelector('[data-group="orders"]');
  });

  after(async () => {
    await browser?.close();
    if (server) assert.equal(await server.stop(), 0);
  });

  const text = (selector) => page.locator(selector).first().innerText();

  test("lists every resource of the account and region with its status", async () => {
    assert.equal(await text('tr[data-kind="replication-group"][data-id="orders"] .status'),
      "creating");
    assert.equal(await text('tr[data-kind="cache-parameter-group"][data-id="orders-params"] .status'),
      "—");
    // Four member clusters, all creating.
    const members = page.locator('tr[data-kind="cache-cluster"] .status');
    assert.equal(await members.count(), 4);
    assert.deepEqual(new Set(await members.allInnerTexts()), new Set(["creating"]));
    // Built-in resources (default parameter groups, the default user) are hidden until asked.
    assert.equal(await page.locator('tr[data-kind="user"][data-id="default"]').count(), 0);
    await page.check("#show-built-in");
    assert.ok(await page.locator("tr[data-kind='cache-parameter-group'] td.id", { hasText: "built-in" })
      .count() > 0);
    await page.uncheck("#show-built-in");
  });

  test("draws the shards over the 16,384 slots with members, roles, zones and endpoints", async () => {
    const bars = page.locator('[data-group="orders"] .slots .shard');
    assert.equal(await bars.count(), 2);
    const barBox = await page.locator('[data-group="orders"] .slots').boundingBox();
    const first = await bars.nth(0).boundingBox();
    const second = await bars.nth(1).boundingBox();
    // 0-8191 and 8192-16383: each half of the bar, side by side.
    assert.ok(Math.abs(first.width - barBox.width / 2) < 2, `${first.width} vs ${barBox.width}`);
    assert.ok(Math.abs(second.x - (barBox.x + barBox.width / 2)) < 2);
    assert.match(await text('[data-shard-row="0001"]'), /slots 0-8191/);
    assert.match(await text('[data-shard-row="0002"]'), /slots 8192-16383/);

    const primary = page.locator('[data-member="orders-0001-001"]');
    assert.match(await primary.innerText(), /primary/);
    assert.match(await primary.innerText(), /us-east-1[a-f]/);
    assert.match(await primary.innerText(),
      /orders-0001-001\.[a-z0-9]+\.0001\.use1\.cache\.amazonaws\.com:6379/);
    assert.match(await text('[data-member="orders-0001-002"]'), /replica/);
    assert.match(await text('[data-group="orders"]'), /configuration orders\..*clustercfg/);
  });

  test("advance clock turns creating into available, and the events tell it", async () => {
    await page.click(`button[data-advance="600"]`);
    await page.waitForFunction(() => document.querySelector(
      'tr[data-kind="replication-group"][data-id="orders"] .status')?.textContent === "available");
    assert.match(await text("#clock-offset"), /10 min ahead of real time/);
    const members = page.locator('[data-group="orders"] .member .status');
    assert.deepEqual(new Set(await members.allInnerTexts()), new Set(["available"]));
    const events = await page.locator("#events ol.timeline li").allInnerTexts();
    assert.ok(events.some((e) => /replication-group orders/.test(e)), events.join("\n"));

    mkdirSync(artifactDir, { recursive: true });
    const shot = join(artifactDir, "dashboard.png");
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(existsSync(shot));
    console.log(`dashboard screenshot: ${shot}`);
  });

  test("shows each account and region on its own", async () => {
    const options = await page.locator("#scope option").allInnerTexts();
    assert.equal(options.length, 2, options.join(", "));
    await page.selectOption("#scope", "000000000000/eu-west-1");
    await page.waitForSelector('tr[data-kind="user"][data-id="reporter"]');
    assert.equal(await page.locator('[data-group="orders"]').count(), 0);
    await page.selectOption("#scope", "000000000000/us-east-1");
    await page.waitForSelector('[data-group="orders"]');
  });

  test("reset empties the emulator after confirmation", async () => {
    page.once("dialog", (dialog) => dialog.accept());
    await page.click("#reset");
    await page.waitForFunction(() => /holds no resources/.test(
      document.getElementById("content").textContent));
    const client = server.client();
    const groups = await client.send(new sdk.DescribeReplicationGroupsCommand({}));
    assert.equal(groups.ReplicationGroups.length, 0);
    assert.deepEqual(page.errors, []);
  });
});

describe("dashboard with the data plane on", { skip: skipEngines }, () => {
  let server;
  let browser;

  before(async () => {
    server = await new Server(["--data-plane"]).start();
    const client = server.client();
    await client.send(new sdk.CreateReplicationGroupCommand({
      ReplicationGroupId: "live", ReplicationGroupDescription: "live", NumCacheClusters: 2,
      AutomaticFailoverEnabled: true, Engine: "redis",
    }));
    await client.send(new sdk.CreateCacheClusterCommand({
      CacheClusterId: "memo", Engine: "memcached", NumCacheNodes: 2,
      CacheNodeType: "cache.t3.micro",
    }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (server) assert.equal(await server.stop(), 0);
  });

  test("shows the engine behind each member and each node", async () => {
    const { engines } = await (await fetch(`${server.endpoint}/_admin/engines`)).json();
    const engine = (cluster, node = "0001") =>
      engines.find((e) => e.cache_cluster_id === cluster && e.cache_node_id === node);
    const page = await browser.newPage();
    await page.goto(`${server.endpoint}/_admin/ui`);
    await page.waitForSelector('[data-member="live-001"] .engine');
    const primary = await page.locator('[data-member="live-001"] .engine').innerText();
    assert.equal(primary, `engine primary up, port ${engine("live-001").port}, ` +
      `pid ${engine("live-001").pid}`);
    assert.match(await page.locator('[data-member="live-002"] .engine').innerText(),
      new RegExp(`^engine replica up, port ${engine("live-002").port}`));
    const memo = await page.locator('tr[data-kind="cache-cluster"][data-id="memo"] td.engine')
      .innerText();
    assert.equal(memo, `0001 up :${engine("memo").port}, 0002 up :${engine("memo", "0002").port}`);
  });
});

// The elasticache-local dashboard. It polls the emulator's admin JSON (the same records the
// API answers from) and redraws: resources by account, region and kind with their status, each
// replication group's shards over the 16,384 slots and its members, the events as a timeline,
// and the emulator clock with buttons that move it. No framework and nothing from the network.
"use strict";

const SLOT_COUNT = 16384;
const POLL_MS = 2000;
const SHARD_COLOURS = ["#0969da", "#8250df", "#bf3989", "#1a7f37", "#9a6700", "#cf222e",
  "#1b7c83", "#6e7781"];

const state = { overview: null, engines: null, scope: "", timer: null };

// el("td", {class: "status"}, "available"): an element with attributes and children (strings
// become text nodes, so ids and messages from the API are never parsed as HTML).
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "style") Object.assign(node.style, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function statusClass(status) {
  if (["available", "active", "in-sync", "complete", "running"].includes(status)) return "ok";
  if (/fail|delet|retired|incompatible|stopped/.test(status)) return "bad";
  return status ? "busy" : "";
}

function statusCell(status) {
  return el("span", { class: `status ${statusClass(status)}`, "data-status": status },
    status || "—");
}

async function getJson(path, options) {
  const response = await fetch(path, options);
  if (response.status === 404 && path === "/_admin/engines") return null;  // no data plane
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

// --- the clock ---------------------------------------------------------------------------
function showClock(clock) {
  document.getElementById("clock-now").textContent = clock.now;
  const offset = Number(clock.offset_seconds);
  document.getElementById("clock-offset").textContent =
    offset ? `(${formatDuration(offset)} ahead of real time)` : "(real time)";
}

function formatDuration(seconds) {
  const units = [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]];
  const parts = [];
  let rest = Math.round(seconds);
  for (const [name, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
  }
  return parts.join(" ") || "0 s";
}

async function advance(seconds) {
  showClock(await getJson(`/_admin/clock/advance?seconds=${seconds}`, { method: "POST" }));
  await refresh();
}

async function resetAll() {
  if (!window.confirm("Delete every resource of every account and region?")) return;
  await getJson("/_admin/reset", { method: "POST" });
  await refresh();
}

// --- resources ---------------------------------------------------------------------------
function resourcesPanel(scope, showBuiltIn) {
  const rows = scope.resources.filter((r) => showBuiltIn || !r.built_in);
  const byKind = new Map();
  for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) || []), r]);
  const body = [];
  for (const [kind, list] of [...byKind].sort()) {
    list.forEach((r, i) => body.push(el("tr", { "data-kind": r.kind, "data-id": r.id },
      el("td", {}, i === 0 ? `${kind} (${list.length})` : ""),
      el("td", { class: "id" }, r.id, r.built_in ? el("span", { class: "meta" }, " built-in") : ""),
      el("td", {}, statusCell(r.status)),
      el("td", { class: "meta" }, r.due_at ? `next step due ${r.due_at}` : ""),
      state.engines ? el("td", { class: "engine" }, clusterEngines(scope, r)) : "")));
  }
  return el("section", { class: "panel", id: "resources" },
    el("h2", {}, `Resources (${rows.length})`),
    rows.length
      ? el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Kind"), el("th", {}, "Id"),
        el("th", {}, "Status"), el("th", {}, ""), state.engines ? el("th", {}, "Engines") : "")),
      el("tbody", {}, body))
      : el("p", { class: "empty" }, "No resources in this account and region."));
}

// --- replication group topology ----------------------------------------------------------
function engineOf(scope, member) {
  if (!state.engines) return undefined;
  return state.engines.find((e) => e.account === scope.account && e.region === scope.region &&
    e.cache_cluster_id === member.cache_cluster_id &&
    (!member.cache_node_id || e.cache_node_id === member.cache_node_id));
}

function engineText(engine) {
  if (!engine) return "engine: not running";
  const parts = [engine.running ? `engine ${engine.role || ""} up` : "engine down",
    `port ${engine.port}`];
  if (engine.pid) parts.push(`pid ${engine.pid}`);
  if (engine.used_memory !== undefined) parts.push(`${engine.used_memory} bytes used`);
  if (engine.keys !== undefined) parts.push(`${engine.keys} keys`);
  return parts.join(", ");
}

// A cache cluster's engines, node by node ("0001 up :21004"), with the data plane on.
function clusterEngines(scope, resource) {
  if (resource.kind !== "cache-cluster") return "";
  return state.engines
    .filter((e) => e.account === scope.account && e.region === scope.region &&
      e.cache_cluster_id === resource.id)
    .map((e) => `${e.cache_node_id} ${e.running ? "up" : "down"} :${e.port}`).join(", ");
}

function slotBar(group) {
  const bar = el("div", { class: "slots", "aria-label": "slots 0 to 16383" });
  group.shards.forEach((shard, i) => {
    for (const [start, end] of shard.ranges) {
      bar.append(el("div", {
        class: "shard", "data-shard": shard.id, title: `shard ${shard.id}: slots ${start}-${end}`,
        style: { left: `${(start / SLOT_COUNT) * 100}%`,
          width: `${((end - start + 1) / SLOT_COUNT) * 100}%`,
          background: SHARD_COLOURS[i % SHARD_COLOURS.length] },
      }, shard.id));
    }
  });
  return [bar, el("div", { class: "slot-scale" }, el("span", {}, "0"), el("span", {}, "8192"),
    el("span", {}, "16383"))];
}

function memberChip(scope, member) {
  return el("div", { class: `member ${member.role}`, "data-member": member.cache_cluster_id },
    el("div", {}, el("span", { class: "role" }, member.role), " ", member.cache_cluster_id, " ",
      statusCell(member.status), member.change ? ` (${member.change})` : ""),
    el("div", { class: "meta" }, member.zone, " · ", member.endpoint || "no endpoint yet"),
    state.engines ? el("div", { class: "engine" }, engineText(engineOf(scope, member))) : "");
}

function groupCard(scope, group) {
  const endpoints = [];
  if (group.configuration_endpoint) endpoints.push(`configuration ${group.configuration_endpoint}`);
  return el("div", { class: "group", "data-group": group.id },
    el("h3", {}, group.id, " ", statusCell(group.status)),
    el("div", { class: "meta" }, `${group.engine} ${group.engine_version} · ` +
      `${group.cache_node_type} · cluster mode ${group.cluster_mode}`,
      endpoints.length ? ` · ${endpoints.join(", ")}` : ""),
    slotBar(group),
    group.shards.map((shard) => el("div", { class: "shard-row", "data-shard-row": shard.id },
      el("div", {}, el("strong", {}, `shard ${shard.id}`), " ", statusCell(shard.status),
        el("span", { class: "meta" }, ` slots ${shard.slots}`,
          shard.primary_endpoint ? ` · primary ${shard.primary_endpoint}` : "",
          shard.reader_endpoint ? ` · reader ${shard.reader_endpoint}` : "")),
      el("div", { class: "members" }, shard.members.map((m) => memberChip(scope, m))))));
}

function topologyPanel(scope) {
  return el("section", { class: "panel wide", id: "topology" },
    el("h2", {}, `Replication groups (${scope.replication_groups.length})`),
    scope.replication_groups.length
      ? scope.replication_groups.map((g) => groupCard(scope, g))
      : el("p", { class: "empty" }, "No replication groups."));
}

// --- events ------------------------------------------------------------------------------
function eventsPanel(scope) {
  return el("section", { class: "panel", id: "events" },
    el("h2", {}, `Events (${scope.events.length})`),
    scope.events.length
      ? el("ol", { class: "timeline" }, scope.events.map((e) => el("li", {},
        el("time", {}, e.at), el("strong", {}, `${e.source_type} ${e.source_id}`), ": ",
        e.message)))
      : el("p", { class: "empty" }, "No events in the last 14 days."));
}

// --- drawing -----------------------------------------------------------------------------
function scopeKey(scope) { return `${scope.account}/${scope.region}`; }

function drawScopes(scopes) {
  const select = document.getElementById("scope");
  const own = (s) => s.resources.filter((r) => !r.built_in).length;
  // Until one is chosen, the account and region that holds the most.
  if (!scopes.some((s) => scopeKey(s) === state.scope)) {
    const busiest = [...scopes].sort((a, b) => own(b) - own(a))[0];
    state.scope = busiest ? scopeKey(busiest) : "";
  }
  select.replaceChildren(...scopes.map((s) => el("option",
    { value: scopeKey(s), selected: scopeKey(s) === state.scope },
    `${s.account} · ${s.region} (${own(s)})`)));
}

function draw() {
  const content = document.getElementById("content");
  const scopes = state.overview.scopes;
  drawScopes(scopes);
  const scope = scopes.find((s) => scopeKey(s) === state.scope);
  if (!scope) {
    content.replaceChildren(el("p", { class: "empty" },
      "The emulator holds no resources yet. Create some through the API or start it with --init."));
    return;
  }
  const showBuiltIn = document.getElementById("show-built-in").checked;
  content.replaceChildren(topologyPanel(scope), resourcesPanel(scope, showBuiltIn),
    eventsPanel(scope));
}

async function refresh() {
  try {
    const [overview, clock, engines] = await Promise.all([getJson("/_admin/overview"),
      getJson("/_admin/clock"), getJson("/_admin/engines").catch(() => null)]);
    state.overview = overview;
    state.engines = engines ? engines.engines : null;
    showClock(clock);
    draw();
    document.getElementById("updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    document.getElementById("updated").textContent = `cannot reach the emulator: ${error.message}`;
  }
}

function schedule() {
  clearInterval(state.timer);
  if (document.getElementById("live").checked) state.timer = setInterval(refresh, POLL_MS);
}

document.querySelectorAll("[data-advance]").forEach((button) =>
  button.addEventListener("click", () => advance(button.dataset.advance)));
document.getElementById("reset").addEventListener("click", resetAll);
document.getElementById("scope").addEventListener("change", (e) => {
  state.scope = e.target.value;
  draw();
});
document.getElementById("show-built-in").addEventListener("change", draw);
document.getElementById("live").addEventListener("change", schedule);
refresh();
schedule();

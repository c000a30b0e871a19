-- wrk script: a write mix alternating CreateReplicationGroup and DeleteReplicationGroup.
-- Ids are unique per wrk thread; each delete targets a group created LAG creates earlier,
-- so the create has been answered (more creates than connections per thread are in flight
-- at most). Until LAG creates exist, the even slots create too.
package.path = (os.getenv("BENCH_DIR") or "bench") .. "/?.lua;" .. package.path
local common = require("common")

local LAG = 64
local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local created = 0
local deleted = 0

local function group_id(n)
  return string.format("w%d-%d", thread_id, n)
end

local function create(n)
  return common.post("Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupId="
    .. group_id(n) .. "&ReplicationGroupDescription=bench&Engine=redis"
    .. "&CacheNodeType=cache.t3.micro&NumCacheClusters=2&AutomaticFailoverEnabled=true")
end

function request()
  counter = counter + 1
  if counter % 2 == 1 or created - deleted <= LAG then
    created = created + 1
    return create(created)
  end
  deleted = deleted + 1
  return common.post("Action=DeleteReplicationGroup&Version=2015-02-02&ReplicationGroupId="
    .. group_id(deleted))
end

function done(summary, latency, requests)
  common.report("create/delete mix", summary, latency)
end

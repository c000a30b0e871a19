-- wrk script: a write mix alternating CreateReplicationGroup and DeleteReplicationGroup.
-- Ids are unique per wrk thread and run (a run's last creates stay, and the next run on
-- the same server must not collide with them). A delete only targets a group whose create was answered
-- 200 (read back from the response), so a run counts no self-inflicted errors; when no
-- such group is waiting, the slot creates instead.
package.path = (os.getenv("BENCH_DIR") or "bench") .. "/?.lua;" .. package.path
local common = require("common")

local next_thread_id = 0
function setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("thread_id", next_thread_id)
end

-- Each wrk thread loads this script in a Lua state of its own, at start.
local run = string.format("%x", os.time() % 1048576)
local counter = 0
local created = 0
local deletable = {}  -- ids whose create succeeded, oldest first
local first = 1       -- index of the oldest waiting entry in `deletable`
local last = 0        -- index of the newest

function request()
  counter = counter + 1
  if counter % 2 == 0 and deletable[first] then
    local id = deletable[first]
    deletable[first] = nil
    first = first + 1
    return common.post("Action=DeleteReplicationGroup&Version=2015-02-02&ReplicationGroupId=" .. id)
  end
  created = created + 1
  return common.post("Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupId="
    .. string.format("w%s-%d-%d", run, thread_id or 0, created) .. "&ReplicationGroupDescription=bench"
    .. "&Engine=redis&CacheNodeType=cache.t3.micro&NumCacheClusters=2&AutomaticFailoverEnabled=true")
end

function response(status, headers, body)
  if status == 200 and body:find("<CreateReplicationGroupResponse", 1, true) then
    local id = body:match("<ReplicationGroupId>([^<]+)</ReplicationGroupId>")
    if id then
      last = last + 1
      deletable[last] = id
    end
  end
end

function done(summary, latency, requests)
  common.report("create/delete mix", summary, latency)
end

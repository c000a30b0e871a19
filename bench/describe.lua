-- wrk script: DescribeReplicationGroups for one group (read path), id from BENCH_GROUP_ID.
package.path = (os.getenv("BENCH_DIR") or "bench") .. "/?.lua;" .. package.path
local common = require("common")

local group_id = os.getenv("BENCH_GROUP_ID") or "bench-shards"
local body = "Action=DescribeReplicationGroups&Version=2015-02-02&ReplicationGroupId=" .. group_id
local prepared

function init(args)
  prepared = common.post(body)
end

function request()
  return prepared
end

function done(summary, latency, requests)
  common.report("describe", summary, latency)
end

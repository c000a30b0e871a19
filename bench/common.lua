-- Shared by the wrk scripts: an AWS Query POST with a SigV4-shaped Authorization header.
-- The signature is not checked by elasticache-local; the credential scope picks the
-- region (us-east-1) and the default account.
local M = {}

M.headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8",
  ["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/elasticache/aws4_request, "
    .. "SignedHeaders=content-type;host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
  ["X-Amz-Date"] = "20240101T000000Z",
}

function M.post(body)
  return wrk.format("POST", "/", M.headers, body)
end

-- Prints one summary line per run: throughput, latency percentiles (ms) and non-2xx count.
function M.report(name, summary, latency)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "%s: %d requests in %.1fs, %.0f req/s, latency p50 %.2f ms p99 %.2f ms max %.2f ms, errors %d (non-2xx %d)\n",
    name, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, summary.errors.status))
end

return M

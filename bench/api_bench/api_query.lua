-- wrk script for the API benchmark: bearer token and path from the environment, and the
-- latency percentiles the driver parses printed at the end.
local token = os.getenv("API_TOKEN")
local path = os.getenv("API_PATH")
-- API_DELAY_MS paces each connection (milliseconds between a response and the next request),
-- so the driver offers a rate below the server's peak instead of saturating it.
local pause = tonumber(os.getenv("API_DELAY_MS") or "0")
if pause > 0 then
  delay = function() return pause end
end

request = function()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d errors=%d rps=%.1f p50_us=%d p95_us=%d p99_us=%d\n",
                         summary.requests, errors, summary.requests / (summary.duration / 1e6),
                         latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end

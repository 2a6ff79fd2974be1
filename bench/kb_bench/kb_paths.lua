-- wrk script for the knowledge-base benchmark: public GET requests (no token) cycling
-- through the paths listed one per line in the file named by KB_PATHS; the latency
-- percentiles the driver parses printed at the end.
local paths = {}
for line in io.lines(os.getenv("KB_PATHS")) do
  paths[#paths + 1] = line
end
local i = 0

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write
  io.write(string.format("RESULT requests=%d errors=%d timeouts=%d rps=%.1f p50_us=%d p99_us=%d\n",
                         summary.requests, errors, summary.errors.timeout,
                         summary.requests / (summary.duration / 1e6),
                         latency:percentile(50), latency:percentile(99)))
end

-- tools/bench.d/report.lua: wrk's summary as one line that tools/bench
-- reads. Only done() is defined, so wrk keeps its fast path (one static
-- request, responses not handed to Lua).
done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d"
      .. " status_errors=%d socket_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.status, e.connect + e.read + e.write + e.timeout))
end

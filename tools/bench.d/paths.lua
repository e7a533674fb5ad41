-- tools/bench.d/paths.lua: wrk cycling over the paths listed in a file
-- (one a line), for the memory run of tools/bench:
--   wrk -s paths.lua URL -- PATHS-FILE
-- Each thread starts at its own place in the list. Prints the summary
-- line of report.lua.
local threads = {}
local paths = {}
local i = 0

function setup(thread)
   thread:set("thread_no", #threads)
   table.insert(threads, thread)
end

function init(args)
   for line in io.lines(args[1]) do
      if line ~= "" then table.insert(paths, line) end
   end
   i = (thread_no or 0) * 7919 % #paths
end

function request()
   i = i % #paths + 1
   return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d"
      .. " status_errors=%d socket_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.status, e.connect + e.read + e.write + e.timeout))
end

-- summary.lua — wrk script that prints one machine-readable line at the end:
--   BENCH rps=.. requests=.. avg_bytes=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. errors=..
-- avg_bytes (response bytes, headers included, per request) lets the caller
-- check that every answer was the full page and not a short redirect, which
-- wrk would count as a success.  errors adds connect/read/write/timeout
-- errors and statuses >= 400.
function done(summary, latency, requests)
   local e = summary.errors
   local secs = summary.duration / 1e6
   local n = summary.requests
   io.write(string.format(
      "BENCH rps=%.1f requests=%d avg_bytes=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d\n",
      n / secs, n, n > 0 and summary.bytes / n or 0,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      e.connect + e.read + e.write + e.timeout + e.status))
end

-- login_storm.lua — wrk script: every connection posts complete sign-ins
-- (POST /login) for users PREFIX01..PREFIXnn in turn, each with the
-- double-submit pre-token in both the aduana_pre cookie and the csrf field,
-- so every request reaches the password hash.
--
--   wrk -t1 -c50 -d13s --timeout 30s -s login_storm.lua URL -- RUC PASSWORD PREFIX COUNT PRETOKEN
--
-- Counts the answers: only "303 to /oce" is a completed sign-in; anything
-- else (400, 401, 403, 503...) is reported as bad with its last status.
-- Prints at the end:
--   STORM signins=.. bad=.. last_bad=.. rate=.. p50_ms=.. p99_ms=.. errors=..
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

local reqs = {}
local next_req = 0
ok = 0
bad = 0
last_bad = 0

function init(args)
   local ruc, pass, prefix, count, pre = args[1], args[2], args[3], tonumber(args[4]), args[5]
   local headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "aduana_pre=" .. pre,
   }
   for k = 1, count do
      local body = string.format("ruc=%s&usuario=%s%02d&clave=%s&csrf=%s", ruc, prefix, k, pass, pre)
      reqs[k] = wrk.format("POST", "/login", headers, body)
   end
end

function request()
   next_req = next_req % #reqs + 1
   return reqs[next_req]
end

function response(status, headers, body)
   if status == 303 and headers["Location"] == "/oce" then
      ok = ok + 1
   else
      bad = bad + 1
      last_bad = status
   end
end

function done(summary, latency, requests)
   local n_ok, n_bad, last = 0, 0, 0
   for _, t in ipairs(threads) do
      n_ok = n_ok + t:get("ok")
      n_bad = n_bad + t:get("bad")
      if t:get("last_bad") ~= 0 then last = t:get("last_bad") end
   end
   local e = summary.errors
   io.write(string.format(
      "STORM signins=%d bad=%d last_bad=%d rate=%.2f p50_ms=%.1f p99_ms=%.1f errors=%d\n",
      n_ok, n_bad, last, n_ok / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      e.connect + e.read + e.write + e.timeout + e.status))
end

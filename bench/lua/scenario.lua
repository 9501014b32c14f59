-- A load scenario for wrk, configured through the environment (bench/load.py
-- and bench/soak.py set these):
--   BENCH_REQUESTS_FILE  a file of one request per line: METHOD <tab> PATH
--                   [<tab> JSON BODY]; the lines are sent in turn (repeat a
--                   line to weight it); or BENCH_REQUESTS, the same lines
--                   (an environment value holds at most 128 KiB)
--   BENCH_COOKIE    the Cookie header, `name=value` (optional)
--   BENCH_COUNT_SHED=1  count 429 and 503 answers (refused with Retry-After
--                   by the login limits and the bounded password-hashing
--                   queue) apart, as "shed"; off by default, since a
--                   response() callback costs wrk time
-- done() prints one line "BENCH_JSON {...}": requests, duration, latency
-- percentiles in microseconds, and errors, where errors.status counts answers
-- that were not 2xx or 3xx.

local function split(s, sep)
  local out = {}
  if s == nil or s == "" then return out end
  local start = 1
  while true do
    local i, j = string.find(s, sep, start, true)
    if not i then
      table.insert(out, string.sub(s, start))
      break
    end
    table.insert(out, string.sub(s, start, i - 1))
    start = j + 1
  end
  return out
end

local cookie = os.getenv("BENCH_COOKIE")

-- Requests are formatted once, then sent in turn.
local requests = {}
local lines = os.getenv("BENCH_REQUESTS")
local file = os.getenv("BENCH_REQUESTS_FILE")
if file and file ~= "" then
  local f = assert(io.open(file, "r"))
  lines = f:read("*a")
  f:close()
end
for _, line in ipairs(split(lines, "\n")) do
  if line ~= "" then
    local parts = split(line, "\t")
    local method, path, body = parts[1], parts[2], parts[3]
    local headers = {}
    if cookie and cookie ~= "" then
      headers["Cookie"] = cookie
    end
    if body then
      headers["Content-Type"] = "application/json"
    end
    table.insert(requests, wrk.format(method, path, headers, body))
  end
end
if #requests == 0 then
  error("BENCH_REQUESTS holds no request")
end

local n = #requests
local counter = 0

local threads = {}

function setup(thread)
  thread:set("offset", math.random(0, n - 1))
  table.insert(threads, thread)
end

if os.getenv("BENCH_COUNT_SHED") == "1" then
  shed = 0
  function response(status, headers, body)
    if status == 503 or status == 429 then shed = shed + 1 end
  end
end

function init(args)
  -- Threads start at different places in the list.
  counter = offset or 0
end

function request()
  counter = counter + 1
  return requests[(counter % n) + 1]
end

function done(summary, latency, requests_)
  local e = summary.errors
  local shed = 0
  for _, t in ipairs(threads) do
    shed = shed + (t:get("shed") or 0)
  end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"shed":%d,"duration_us":%d,"bytes":%d,' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}}\n',
    summary.requests, shed, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout, e.status))
end

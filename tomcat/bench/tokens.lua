-- wrk script for the load benchmark: sends "Authorization: Bearer <token>" and prints one machine-readable
-- RESULT line at the end.
--   wrk ... -s tokens.lua URL                       no token (the ceilings)
--   wrk ... -s tokens.lua URL -- one FILE           the first token of FILE on every request (cache hits)
--   wrk ... -s tokens.lua URL -- one-close FILE     the same with "Connection: close" (a connection per request)
--   wrk ... -s tokens.lua URL -- cycle FILE         every token of FILE in turn; thread k starts at token
--                                                   7919 k (mod their count), so threads send different ones
--   wrk ... -s tokens.lua URL -- stream PATTERN     thread k reads string.format(PATTERN, k) once, line by line,
--                                                   and stops at its end (the cache-bound check: each token once)
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local requests = nil
local n, i = 0, 0
local stream = nil
local last = nil
local sent = 0

function init(args)
  local mode, file = args[1], args[2]
  local k = id
  if mode == nil then
    requests = { wrk.format("GET", wrk.path) }
  elseif mode == "stream" then
    stream = assert(io.open(string.format(file, k), "r"))
  else
    requests = {}
    for line in io.lines(file) do
      if #line > 0 then
        local headers = { ["Authorization"] = "Bearer " .. line }
        if mode == "one-close" then headers["Connection"] = "close" end
        requests[#requests + 1] = wrk.format("GET", wrk.path, headers)
        if mode == "one" or mode == "one-close" then break end
      end
    end
  end
  if requests then
    n = #requests
    i = (k * 7919) % n  -- spread the threads' starting points
  end
end

function request()
  if stream then
    local token = stream:read("l")
    if token == nil then
      -- Out of tokens: stop; the requests still to go out repeat the last token (a cache hit, not an error).
      wrk.thread:stop()
      return last
    end
    sent = sent + 1
    wrk.thread:set("sent", sent)
    last = wrk.format("GET", wrk.path, { ["Authorization"] = "Bearer " .. token })
    return last
  end
  i = i + 1
  if i > n then i = 1 end
  sent = sent + 1
  return requests[i]
end

function done(summary, latency, _)
  local e = summary.errors
  local tokens = 0
  for _, t in ipairs(threads) do tokens = tokens + (t:get("sent") or 0) end
  io.write(string.format(
    "RESULT requests=%d duration_us=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d sent=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), tokens))
end

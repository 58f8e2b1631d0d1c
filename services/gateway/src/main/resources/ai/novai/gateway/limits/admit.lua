-- Admits one request against its key's RPM and TPM windows and budget, all or nothing, atomically.
--
-- Windows: a hash per key and limit, one field per second (epoch second -> count). A request is admitted
-- when the sum over the last 60 seconds plus what it asks for stays within the limit, so no 60 seconds
-- ever hold more than the limit (no burst of 2x at a window boundary, as fixed windows allow).
-- Budget: a hash per key and budget period: spent (settled, micro-USD), reserved (open reservations)
-- and one field per open reservation; a sorted set holds each reservation's expiry, so the money held
-- by a gateway that died mid-request comes back.
--
-- KEYS: 1 rpm window, 2 tpm window, 3 budget hash, 4 budget reservation expiries
-- ARGV: 1 rpm limit (0 = none), 2 tpm limit (0 = none), 3 tokens, 4 budget micro-USD (-1 = none),
--       5 cost micro-USD, 6 reservation id, 7 budget key lifetime s, 8 reservation lifetime s,
--       9 (optional) the key's spend in the period from the ledger, micro-USD: loads the budget if missing
-- Answer: {status (1 admitted, 0 refused, -1 budget not loaded: ask again with the ledger's spend),
--          refused limit (0 none, 1 rpm, 2 tpm, 3 budget), retry after ms (-1 = not by waiting),
--          rpm remaining (-1 = no limit), rpm reset ms, tpm remaining (-1 = no limit), tpm reset ms,
--          the second the request was counted in}
local WINDOW = 60
local time = redis.call('TIME')
local now = tonumber(time[1])
local nowMs = now * 1000 + math.floor(tonumber(time[2]) / 1000)

local function window(key)
  local fields = redis.call('HGETALL', key)
  local used = 0
  local slots = {}
  for i = 1, #fields, 2 do
    local slot = tonumber(fields[i])
    local count = tonumber(fields[i + 1])
    if slot <= now - WINDOW then
      redis.call('HDEL', key, fields[i])
    else
      used = used + count
      slots[#slots + 1] = { slot, count }
    end
  end
  table.sort(slots, function(a, b) return a[1] < b[1] end)
  return used, slots
end

-- milliseconds until `need` more fit under `limit`, as the oldest seconds leave the window
local function waitMs(used, slots, need, limit)
  local excess = used + need - limit
  for _, s in ipairs(slots) do
    excess = excess - s[2]
    if excess <= 0 then
      return math.max(1, (s[1] + WINDOW) * 1000 - nowMs)
    end
  end
  return WINDOW * 1000
end

-- milliseconds until everything counted now has left the window
local function resetMs(slots)
  if #slots == 0 then
    return 0
  end
  return math.max(0, (slots[#slots][1] + WINDOW) * 1000 - nowMs)
end

local rpmLimit = tonumber(ARGV[1])
local tpmLimit = tonumber(ARGV[2])
local tokens = tonumber(ARGV[3])
local budget = tonumber(ARGV[4])
local cost = tonumber(ARGV[5])

local rpmUsed, rpmSlots, tpmUsed, tpmSlots = 0, {}, 0, {}
if rpmLimit > 0 then
  rpmUsed, rpmSlots = window(KEYS[1])
end
if tpmLimit > 0 then
  tpmUsed, tpmSlots = window(KEYS[2])
end

local function answer(status, limit, retry, requests, usedTokens)
  local rpmLeft = -1
  local tpmLeft = -1
  if rpmLimit > 0 then rpmLeft = math.max(0, rpmLimit - rpmUsed - requests) end
  if tpmLimit > 0 then tpmLeft = math.max(0, tpmLimit - tpmUsed - usedTokens) end
  return { status, limit, retry, rpmLeft, resetMs(rpmSlots), tpmLeft, resetMs(tpmSlots), now }
end

if rpmLimit > 0 and rpmUsed + 1 > rpmLimit then
  return answer(0, 1, waitMs(rpmUsed, rpmSlots, 1, rpmLimit), 0, 0)
end
if tpmLimit > 0 and tpmUsed + tokens > tpmLimit then
  if tokens > tpmLimit then
    return answer(0, 2, -1, 0, 0)
  end
  return answer(0, 2, waitMs(tpmUsed, tpmSlots, tokens, tpmLimit), 0, 0)
end

if budget >= 0 then
  if redis.call('EXISTS', KEYS[3]) == 0 then
    if ARGV[9] == nil then
      return answer(-1, 0, 0, 0, 0)
    end
    -- seeded in the same script as the admission: a budget dropped meanwhile (by another replica back
    -- from fallback) cannot leave this admission without one
    redis.call('HSET', KEYS[3], 'spent', ARGV[9], 'reserved', 0)
    redis.call('EXPIRE', KEYS[3], tonumber(ARGV[7]))
  end
  local expired = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
  for _, id in ipairs(expired) do
    local held = redis.call('HGET', KEYS[3], 'r:' .. id)
    if held then
      redis.call('HINCRBY', KEYS[3], 'reserved', 0 - tonumber(held))
      redis.call('HDEL', KEYS[3], 'r:' .. id)
    end
    redis.call('ZREM', KEYS[4], id)
  end
  local spent = tonumber(redis.call('HGET', KEYS[3], 'spent') or '0')
  local reserved = tonumber(redis.call('HGET', KEYS[3], 'reserved') or '0')
  if spent + reserved + cost > budget then
    return answer(0, 3, -1, 0, 0)
  end
  redis.call('HINCRBY', KEYS[3], 'reserved', cost)
  redis.call('HSET', KEYS[3], 'r:' .. ARGV[6], cost)
  redis.call('ZADD', KEYS[4], now + tonumber(ARGV[8]), ARGV[6])
  redis.call('EXPIRE', KEYS[3], tonumber(ARGV[7]))
  redis.call('EXPIRE', KEYS[4], tonumber(ARGV[7]))
end

if rpmLimit > 0 then
  redis.call('HINCRBY', KEYS[1], now, 1)
  redis.call('EXPIRE', KEYS[1], WINDOW + 5)
end
if tpmLimit > 0 then
  redis.call('HINCRBY', KEYS[2], now, tokens)
  redis.call('EXPIRE', KEYS[2], WINDOW + 5)
end
return answer(1, 0, 0, 1, tokens)

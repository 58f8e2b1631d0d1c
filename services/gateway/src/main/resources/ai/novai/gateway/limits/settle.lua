-- Settles a reservation made by admit.lua with what the request really used.
-- TPM: an overshoot is counted in the current second (the tokens were produced now); a refund goes back
-- to the second the reservation was counted in, while that second is still in the window.
-- Budget: the reservation is dropped and the actual cost added to spent. A budget hash that is gone
-- (Redis restarted) is left alone: the ledger row is written before this runs, and the next admission
-- loads the spend from the ledger.
--
-- KEYS: 1 tpm window, 2 budget hash, 3 budget reservation expiries
-- ARGV: 1 second the reservation was counted in, 2 token delta (actual - reserved),
--       3 reservation id, 4 actual cost micro-USD, 5 tpm limited (1/0), 6 budget limited (1/0)
-- Negation is written 0 - x: Lua's -x of 0 is -0, which reaches Redis as "-0", an argument HINCRBY refuses.
local WINDOW = 60
local now = tonumber(redis.call('TIME')[1])
local slot = tonumber(ARGV[1])
local delta = tonumber(ARGV[2])

if ARGV[5] == '1' then
  if delta > 0 then
    redis.call('HINCRBY', KEYS[1], now, delta)
    redis.call('EXPIRE', KEYS[1], WINDOW + 5)
  elseif delta < 0 and slot > now - WINDOW and redis.call('HEXISTS', KEYS[1], slot) == 1 then
    if redis.call('HINCRBY', KEYS[1], slot, delta) < 0 then
      redis.call('HSET', KEYS[1], slot, 0)
    end
  end
end

if ARGV[6] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then
  local held = redis.call('HGET', KEYS[2], 'r:' .. ARGV[3])
  if held then
    redis.call('HINCRBY', KEYS[2], 'reserved', 0 - tonumber(held))
    redis.call('HDEL', KEYS[2], 'r:' .. ARGV[3])
    redis.call('ZREM', KEYS[3], ARGV[3])
  end
  redis.call('HINCRBY', KEYS[2], 'spent', tonumber(ARGV[4]))
end
return { 1 }

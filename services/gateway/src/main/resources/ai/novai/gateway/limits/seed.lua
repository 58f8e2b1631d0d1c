-- Loads a key's spend for a budget period (from the usage ledger) unless another gateway already did.
-- KEYS: 1 budget hash. ARGV: 1 spent micro-USD, 2 lifetime s
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'spent', ARGV[1], 'reserved', 0)
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
end
return { 1 }

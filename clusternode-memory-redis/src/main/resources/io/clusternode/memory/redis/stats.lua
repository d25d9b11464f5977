-- KEYS: window, system, meta, index. ARGV: id, ttl, now. Returns {created, last, messages...}, or {} for an
-- absent or expired session. Does not count as use.
if not live() then return {} end
local meta = redis.call('HMGET', KEYS[3], 'created', 'last')
local out = {meta[1] or meta[2], meta[2]}
for k = 2, 1, -1 do
  local items = redis.call('LRANGE', KEYS[k], 0, -1)
  for i = 1, #items do out[#out + 1] = items[i] end
end
return out

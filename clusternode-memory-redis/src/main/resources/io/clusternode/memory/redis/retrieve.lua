-- The system messages and the last ARGV[4] others. KEYS: window, system, meta, index. ARGV: id, ttl, now, count.
-- Returns {#system, system..., others...}, or {} for an absent or expired session. Counts as use.
if not live() then return {} end
local out = redis.call('LRANGE', KEYS[2], 0, -1)
local systemCount = #out
local count = tonumber(ARGV[4])
if count > 0 then
  local rest = redis.call('LRANGE', KEYS[1], -count, -1)
  for i = 1, #rest do out[#out + 1] = rest[i] end
end
touch()
table.insert(out, 1, tostring(systemCount))
return out

-- KEYS: window, system, meta, index. ARGV: id, ttl, now. Returns 1 if a live session was removed.
local existed = live()
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
if existed then return 1 end
return 0

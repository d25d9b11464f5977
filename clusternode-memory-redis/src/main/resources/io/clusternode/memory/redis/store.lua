-- Appends one turn. KEYS: window, system, meta, index. ARGV: id, ttl, now, max, elements...
-- Each element is a role letter (s, u, a, t) and the message's JSON. The window rule is the core planner's
-- (io.clusternode.core.memory.WindowPlanner), checked against it by the memory contract's differential test:
-- each non-system message that finds the window full evicts the oldest, then tool results left at the head.
if not live() then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  redis.call('HSET', KEYS[3], 'created', now)
end
local max = tonumber(ARGV[4])
local size = redis.call('LLEN', KEYS[1])
for i = 5, #ARGV do
  local e = ARGV[i]
  if string.sub(e, 1, 1) == 's' then
    redis.call('RPUSH', KEYS[2], e)
  else
    local evicted = false
    if size >= max then
      local drop = size - max + 1
      redis.call('LTRIM', KEYS[1], drop, -1)
      size = size - drop
      evicted = true
    end
    redis.call('RPUSH', KEYS[1], e)
    size = size + 1
    if evicted then
      while size > 0 and string.sub(redis.call('LINDEX', KEYS[1], 0), 1, 1) == 't' do
        redis.call('LPOP', KEYS[1])
        size = size - 1
      end
    end
  end
end
touch()
return size

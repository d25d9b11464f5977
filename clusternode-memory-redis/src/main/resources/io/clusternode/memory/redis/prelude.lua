-- Shared start of every script. ARGV[2] is the idle TTL in ms (0: never), ARGV[3] the client's clock in ms
-- or '' to use the server's time (the default: processes with skewed clocks then agree).
local ttl = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = t[1] * 1000 + math.floor(t[2] / 1000)
end

-- Whether the session whose meta hash is KEYS[3] exists and has not been idle past the TTL.
local function live()
  local last = redis.call('HGET', KEYS[3], 'last')
  if not last then
    return false
  end
  return ttl <= 0 or now - tonumber(last) <= ttl
end

-- Marks the session used now and renews the expiry of its three keys.
local function touch()
  redis.call('HSET', KEYS[3], 'last', now)
  redis.call('ZADD', KEYS[4], now, ARGV[1])
  for k = 1, 3 do
    if ttl > 0 then redis.call('PEXPIRE', KEYS[k], ttl) else redis.call('PERSIST', KEYS[k]) end
  end
end

-- KEYS: index. ARGV: (unused), ttl, now. Drops index entries idle past the TTL;
-- returns the live session ids, most recently used first.
if ttl > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - ttl)) end
return redis.call('ZREVRANGE', KEYS[1], 0, -1)

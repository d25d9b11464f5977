package io.clusternode.memory.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.memory.SessionIds;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Chat memory in Redis (kind {@value #KIND}), for several ClusterNode processes sharing conversations.
 *
 * <p>Per session: a list {@code PREFIX w:ID} of the windowed non-system messages, a list {@code PREFIX s:ID}
 * of the pinned system messages and a hash {@code PREFIX m:ID} with the creation and last-use times (server
 * time, so processes with skewed clocks agree); all three carry the idle TTL as their expiry, so Redis itself
 * drops idle sessions. A sorted set {@code PREFIX sessions} indexes session ids by last use for listing; its
 * stale members are removed lazily.
 *
 * <p>Every operation is one Lua script, so a store is atomic across processes: the append, the window trim
 * (evicting the oldest, then any tool result left at the head, exactly as {@link
 * io.clusternode.core.memory.WindowMemory} does) and the TTL refresh happen in one step no reader or writer
 * can interleave with. Each list element is a one-letter role code followed by the message's JSON, which lets
 * the script see roles without decoding JSON.
 */
public final class RedisMemory implements MemoryProvider {

    public static final String KIND = "memory_redis";
    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.MEMORY, "Redis Chat Memory", 1,
            null);

    private static final String NOW = "local t = redis.call('TIME')\n"
            + "local now = t[1] * 1000 + math.floor(t[2] / 1000)\n";

    private static final String TOUCH = "redis.call('HSET', KEYS[3], 'last', now)\n"
            + "redis.call('ZADD', KEYS[4], now, ARGV[1])\n"
            + "local ttl = tonumber(ARGV[2])\n"
            + "for k = 1, 3 do\n"
            + "  if ttl > 0 then redis.call('PEXPIRE', KEYS[k], ttl) else redis.call('PERSIST', KEYS[k]) end\n"
            + "end\n";

    /** KEYS: window, system, meta, index. ARGV: id, ttl ms, max, elements... */
    private static final String STORE = NOW
            + "if redis.call('EXISTS', KEYS[3]) == 0 then\n"
            + "  redis.call('DEL', KEYS[1], KEYS[2])\n"
            + "  redis.call('HSET', KEYS[3], 'created', now)\n"
            + "end\n"
            + "local max = tonumber(ARGV[3])\n"
            + "local size = redis.call('LLEN', KEYS[1])\n"
            + "for i = 4, #ARGV do\n"
            + "  local e = ARGV[i]\n"
            + "  if string.sub(e, 1, 1) == 's' then\n"
            + "    redis.call('RPUSH', KEYS[2], e)\n"
            + "  else\n"
            + "    local evicted = false\n"
            + "    if size >= max then\n"
            + "      local drop = size - max + 1\n"
            + "      redis.call('LTRIM', KEYS[1], drop, -1)\n"
            + "      size = size - drop\n"
            + "      evicted = true\n"
            + "    end\n"
            + "    redis.call('RPUSH', KEYS[1], e)\n"
            + "    size = size + 1\n"
            + "    if evicted then\n"
            + "      while size > 0 and string.sub(redis.call('LINDEX', KEYS[1], 0), 1, 1) == 't' do\n"
            + "        redis.call('LPOP', KEYS[1])\n"
            + "        size = size - 1\n"
            + "      end\n"
            + "    end\n"
            + "  end\n"
            + "end\n"
            + TOUCH
            + "return size\n";

    /** KEYS: window, system, meta, index. ARGV: id, ttl ms, count. Returns {#system, system..., last count...}. */
    private static final String RETRIEVE = NOW
            + "if redis.call('EXISTS', KEYS[3]) == 0 then return {} end\n"
            + "local out = redis.call('LRANGE', KEYS[2], 0, -1)\n"
            + "local systemCount = #out\n"
            + "local count = tonumber(ARGV[3])\n"
            + "if count > 0 then\n"
            + "  local rest = redis.call('LRANGE', KEYS[1], -count, -1)\n"
            + "  for i = 1, #rest do out[#out + 1] = rest[i] end\n"
            + "end\n"
            + TOUCH
            + "table.insert(out, 1, tostring(systemCount))\n"
            + "return out\n";

    /** KEYS: window, system, meta. Returns {created, last, messages...} or {} without touching the session. */
    private static final String STATS = "local meta = redis.call('HMGET', KEYS[3], 'created', 'last')\n"
            + "if not meta[1] then return {} end\n"
            + "local out = {meta[1], meta[2] or meta[1]}\n"
            + "for k = 2, 1, -1 do\n"
            + "  local items = redis.call('LRANGE', KEYS[k], 0, -1)\n"
            + "  for i = 1, #items do out[#out + 1] = items[i] end\n"
            + "end\n"
            + "return out\n";

    /** KEYS: window, system, meta, index. ARGV: id. */
    private static final String CLEAR = "local existed = redis.call('EXISTS', KEYS[3])\n"
            + "redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])\n"
            + "redis.call('ZREM', KEYS[4], ARGV[1])\n"
            + "return existed\n";

    /** KEYS: index. ARGV: ttl ms. Drops index entries idle past the TTL; returns ids, most recent first. */
    private static final String LIST = NOW
            + "local ttl = tonumber(ARGV[1])\n"
            + "if ttl > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - ttl)) end\n"
            + "return redis.call('ZREVRANGE', KEYS[1], 0, -1)\n";

    private final RedisConnection connection;
    private final RedisMemoryOptions options;
    private final String ttlArgument;
    private final String maxArgument;
    private final String indexKey;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile RedisClient client;
    private volatile boolean closed;

    public RedisMemory(RedisConnection connection, RedisMemoryOptions options) {
        this.connection = connection;
        this.options = options;
        this.ttlArgument = Long.toString(options.ttl().toMillis());
        this.maxArgument = Integer.toString(options.maxMessages());
        this.indexKey = options.keyPrefix() + "sessions";
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    public RedisMemoryOptions options() {
        return options;
    }

    public RedisConnection connection() {
        return connection;
    }

    @Override
    public void initialize() {
        client();
    }

    private RedisClient client() {
        RedisClient current = client;
        if (current != null) {
            return current;
        }
        lifecycle.lock();
        try {
            if (closed) {
                throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, this + " is closed");
            }
            if (client == null) {
                DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                        .database(connection.database()).ssl(connection.ssl()).clientName("clusternode")
                        .timeoutMillis(10_000);
                if (connection.user() != null) {
                    config.user(connection.user());
                }
                if (connection.password() != null) {
                    config.password(connection.password());
                }
                ConnectionPoolConfig pool = new ConnectionPoolConfig();
                pool.setMaxTotal(options.poolSize());
                pool.setMaxIdle(options.poolSize());
                pool.setMinIdle(0);
                RedisClient created = RedisClient.builder().hostAndPort(connection.host(), connection.port())
                        .clientConfig(config.build()).poolConfig(pool).build();
                try {
                    created.ping();
                } catch (RuntimeException e) {
                    created.close();
                    throw failure("cannot connect (check host, port, password and database)", e);
                }
                client = created;
            }
            return client;
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            closed = true;
            if (client != null) {
                client.close();
                client = null;
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private List<String> keys(String sessionId) {
        String prefix = options.keyPrefix();
        return List.of(prefix + "w:" + sessionId, prefix + "s:" + sessionId, prefix + "m:" + sessionId, indexKey);
    }

    @Override
    public void store(String sessionId, List<Message> messages) {
        SessionIds.requireValid(sessionId);
        if (messages.isEmpty()) {
            return;
        }
        List<String> arguments = new ArrayList<>(messages.size() + 3);
        arguments.add(sessionId);
        arguments.add(ttlArgument);
        arguments.add(maxArgument);
        for (Message message : messages) {
            if (message == null) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a stored message must not be null");
            }
            arguments.add(encode(message));
        }
        run(STORE, keys(sessionId), arguments, "cannot store messages of session '" + sessionId + "'");
    }

    @Override
    public List<Message> retrieve(String sessionId, int count) {
        SessionIds.requireValid(sessionId);
        if (count < 0) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "count must not be negative, was " + count);
        }
        List<?> reply = (List<?>) run(RETRIEVE, keys(sessionId), List.of(sessionId, ttlArgument,
                Integer.toString(count)), "cannot read session '" + sessionId + "'");
        if (reply.isEmpty()) {
            return List.of();
        }
        int systemCount = Integer.parseInt(text(reply.get(0)));
        List<Message> out = new ArrayList<>(reply.size() - 1);
        boolean leading = true;
        for (int i = 1; i < reply.size(); i++) {
            Message message = decode(text(reply.get(i)));
            if (i > systemCount && leading) {
                if (message.role() == Role.TOOL) {
                    continue;
                }
                leading = false;
            }
            out.add(message);
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<SessionStats> stats(String sessionId) {
        SessionIds.requireValid(sessionId);
        return readStats(sessionId);
    }

    private Optional<SessionStats> readStats(String sessionId) {
        List<String> keys = keys(sessionId);
        List<?> reply = (List<?>) run(STATS, keys.subList(0, 3), List.of(),
                "cannot read statistics of session '" + sessionId + "'");
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        long bytes = 0;
        for (int i = 2; i < reply.size(); i++) {
            bytes += decode(text(reply.get(i))).approximateBytes();
        }
        return Optional.of(new SessionStats(sessionId, reply.size() - 2,
                Instant.ofEpochMilli(Long.parseLong(text(reply.get(0)))),
                Instant.ofEpochMilli(Long.parseLong(text(reply.get(1)))), bytes));
    }

    @Override
    public List<SessionStats> sessions() {
        List<?> ids = (List<?>) run(LIST, List.of(indexKey), List.of(ttlArgument), "cannot list sessions");
        List<SessionStats> result = new ArrayList<>(ids.size());
        for (Object id : ids) {
            readStats(text(id)).ifPresent(result::add);
        }
        result.sort(Comparator.comparing(SessionStats::lastAccessAt).reversed());
        return result;
    }

    @Override
    public boolean clear(String sessionId) {
        SessionIds.requireValid(sessionId);
        Object existed = run(CLEAR, keys(sessionId), List.of(sessionId), "cannot clear session '" + sessionId + "'");
        return existed instanceof Long value && value > 0;
    }

    /** Runs a script by its SHA1 (cached on the server), loading it again if the server forgot it. */
    private Object run(String script, List<String> keys, List<String> arguments, String what) {
        RedisClient redis = client();
        try {
            try {
                return redis.evalsha(Scripts.sha1(script), keys, arguments);
            } catch (JedisNoScriptException e) {
                redis.scriptLoad(script);
                return redis.evalsha(Scripts.sha1(script), keys, arguments);
            }
        } catch (NodeExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            if (closed) {
                throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, this + " is closed", e);
            }
            throw failure(what, e);
        }
    }

    private NodeExecutionException failure(String what, RuntimeException e) {
        return new NodeExecutionException(ErrorCode.MEMORY_ERROR, "Redis memory at " + connection + ": " + what + ": "
                + e.getMessage(), e);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    static String encode(Message message) {
        ObjectNode node = Json.object();
        node.put("c", message.content());
        if (message.hasToolCalls()) {
            ArrayNode calls = node.putArray("tc");
            for (ToolCall call : message.toolCalls()) {
                calls.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (message.toolCallId() != null) {
            node.put("id", message.toolCallId());
        }
        char code = switch (message.role()) {
            case SYSTEM -> 's';
            case USER -> 'u';
            case ASSISTANT -> 'a';
            case TOOL -> 't';
        };
        return code + node.toString();
    }

    static Message decode(String element) {
        Role role = switch (element.charAt(0)) {
            case 's' -> Role.SYSTEM;
            case 'u' -> Role.USER;
            case 'a' -> Role.ASSISTANT;
            case 't' -> Role.TOOL;
            default -> throw new NodeExecutionException(ErrorCode.MEMORY_ERROR,
                    "Redis memory holds an element of unknown role '" + element.charAt(0) + "'");
        };
        JsonNode node = Json.parse(element.substring(1), "stored message");
        List<ToolCall> calls = List.of();
        JsonNode tc = node.get("tc");
        if (tc != null) {
            calls = new ArrayList<>(tc.size());
            for (JsonNode call : tc) {
                calls.add(new ToolCall(call.path("id").asText(), call.path("name").asText(),
                        call.path("arguments").asText()));
            }
        }
        JsonNode id = node.get("id");
        return new Message(role, node.path("c").asText(), calls, id == null ? null : id.asText());
    }

    @Override
    public String toString() {
        return "RedisMemory[" + connection + ", maxMessages=" + options.maxMessages() + ", ttl=" + options.ttl()
                + ", keyPrefix=" + options.keyPrefix() + "]";
    }
}

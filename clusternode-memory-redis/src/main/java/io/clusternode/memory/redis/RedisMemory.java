package io.clusternode.memory.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.memory.GroupCommit;
import io.clusternode.core.memory.MemoryArguments;
import io.clusternode.core.memory.SessionIds;
import io.clusternode.core.memory.StoredSize;
import io.clusternode.core.memory.ToolCallCodec;
import io.clusternode.core.memory.WindowPlanner;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Chat memory in Redis (kind {@value #KIND}), for several ClusterNode processes sharing conversations.
 *
 * <p>Per session: a list {@code PREFIX w:ID} of the windowed non-system messages, a list {@code PREFIX s:ID}
 * of the pinned system messages and a hash {@code PREFIX m:ID} with the creation and last-use times (server
 * time by default, so processes with skewed clocks agree); all three carry the idle TTL as their expiry, so
 * Redis itself drops idle sessions. A sorted set {@code PREFIX sessions} indexes session ids by last use for
 * listing; its stale members are removed lazily.
 *
 * <p>Every operation is one Lua script (resource files next to this class), so a store is atomic across
 * processes: the append, the window trim and the TTL refresh happen in one step no reader or writer can
 * interleave with. The script runs the window rule of {@link WindowPlanner} inside Redis; the memory contract
 * drives both with the same random conversations and requires identical windows. Each list element is a
 * one-letter role code followed by the message's JSON, which lets the script see roles without decoding JSON.
 *
 * <p>Concurrent stores are pipelined: stores waiting at the same moment go to Redis as one pipeline of script
 * calls on one connection ({@link GroupCommit}), and {@link #storeBatch} sends a whole batch that way; each
 * session's turn stays one atomic script call.
 *
 * <p>No call waits forever: connecting, each reply and waiting for a pooled connection are bounded by the
 * options' timeout (10 s by default); a server that accepts and never answers fails with {@code TIMEOUT}.
 */
public final class RedisMemory implements MemoryProvider {

    public static final String KIND = "memory_redis";
    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.MEMORY, "Redis Chat Memory", 1,
            null);
    private static final int MAX_GROUP = 256;

    private final RedisConnection connection;
    private final RedisMemoryOptions options;
    private final Clock clock;
    private final String ttlArgument;
    private final String maxArgument;
    private final String indexKey;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final GroupCommit<List<String>> writes;
    private volatile RedisClient client;
    private volatile boolean closed;

    /** A memory on {@code connection} stamping sessions with the server's time; connects on first use. */
    public RedisMemory(RedisConnection connection, RedisMemoryOptions options) {
        this(connection, options, null);
    }

    /**
     * As {@link #RedisMemory(RedisConnection, RedisMemoryOptions)}, with the clock that times idleness and
     * stamps sessions instead of the server's time (null for the server's time).
     */
    public RedisMemory(RedisConnection connection, RedisMemoryOptions options, Clock clock) {
        this.connection = connection;
        this.options = options;
        this.clock = clock;
        this.ttlArgument = Long.toString(options.ttl().toMillis());
        this.maxArgument = Integer.toString(options.maxMessages());
        this.indexKey = options.keyPrefix() + "sessions";
        this.writes = new GroupCommit<>(Math.max(1, options.poolSize() / 2), MAX_GROUP, this::writeGroup);
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
                int timeout = (int) options.timeout().toMillis();
                DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                        .database(connection.database()).clientName("clusternode")
                        .connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
                        .blockingSocketTimeoutMillis(timeout);
                if (connection.ssl()) {
                    config.sslOptions(SslOptions.defaults());
                }
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
                pool.setMaxWait(options.timeout());
                pool.setFairness(true);
                RedisClient created = RedisClient.builder().hostAndPort(connection.host(), connection.port())
                        .clientConfig(config.build()).poolConfig(pool).build();
                try {
                    created.ping();
                    for (Scripts script : Scripts.values()) {
                        created.scriptLoad(script.source);
                    }
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

    /** The arguments every script starts with: session id, TTL, the client's clock or '' for server time. */
    private List<String> arguments(String sessionId, int extra) {
        List<String> arguments = new ArrayList<>(3 + extra);
        arguments.add(sessionId);
        arguments.add(ttlArgument);
        arguments.add(clock == null ? "" : Long.toString(clock.millis()));
        return arguments;
    }

    private List<String> storeArguments(String sessionId, List<Message> messages) {
        List<String> arguments = arguments(sessionId, messages.size() + 1);
        arguments.add(maxArgument);
        for (Message message : messages) {
            arguments.add(encode(message));
        }
        return arguments;
    }

    @Override
    public void store(String sessionId, List<Message> messages) {
        SessionIds.requireValid(sessionId);
        MemoryArguments.requireMessages(messages);
        if (messages.isEmpty()) {
            return;
        }
        writes.submit(sessionId, storeArguments(sessionId, messages));
    }

    /** Pipelines one group of stores; a turn the server refuses fails alone. */
    private void writeGroup(List<GroupCommit.Turn<List<String>>> group) {
        List<RuntimeException> failures = pipeline(group.stream().map(GroupCommit.Turn::sessionId).toList(),
                group.stream().map(GroupCommit.Turn::value).toList());
        for (int i = 0; i < group.size(); i++) {
            RuntimeException failure = failures.get(i);
            if (failure != null) {
                group.get(i).fail(failure("cannot store messages of session '" + group.get(i).sessionId() + "'",
                        failure));
            }
        }
    }

    /**
     * Stores several sessions' messages in one pipeline of script calls: one round trip, each session's turn
     * atomic.
     */
    @Override
    public void storeBatch(Map<String, List<Message>> messagesBySession) {
        MemoryArguments.requireBatch(messagesBySession);
        List<String> sessionIds = new ArrayList<>(messagesBySession.size());
        List<List<String>> arguments = new ArrayList<>(messagesBySession.size());
        messagesBySession.forEach((id, messages) -> {
            if (!messages.isEmpty()) {
                sessionIds.add(id);
                arguments.add(storeArguments(id, messages));
            }
        });
        if (sessionIds.isEmpty()) {
            return;
        }
        List<RuntimeException> failures = pipeline(sessionIds, arguments);
        for (int i = 0; i < failures.size(); i++) {
            RuntimeException failure = failures.get(i);
            if (failure != null) {
                throw failure("cannot store messages of session '" + sessionIds.get(i) + "' (of a batch of "
                        + sessionIds.size() + ")", failure);
            }
        }
    }

    /**
     * Sends one store script call per session in one pipeline; returns each call's failure (null when it
     * succeeded). Calls refused because the server forgot the script (a restart) are sent once more after
     * loading it: a refused call did not run, so nothing is stored twice.
     */
    private List<RuntimeException> pipeline(List<String> sessionIds, List<List<String>> arguments) {
        RedisClient redis = client();
        List<RuntimeException> failures = new ArrayList<>(sessionIds.size());
        try {
            List<Integer> retry = new ArrayList<>();
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<Object>> replies = new ArrayList<>(sessionIds.size());
                for (int i = 0; i < sessionIds.size(); i++) {
                    replies.add(pipeline.evalsha(Scripts.STORE.sha1, keys(sessionIds.get(i)), arguments.get(i)));
                }
                pipeline.sync();
                for (int i = 0; i < replies.size(); i++) {
                    RuntimeException failure = replyFailure(replies.get(i));
                    if (failure instanceof JedisNoScriptException) {
                        retry.add(i);
                    }
                    failures.add(failure);
                }
            }
            if (!retry.isEmpty()) {
                redis.scriptLoad(Scripts.STORE.source);
                for (int i : retry) {
                    try {
                        redis.evalsha(Scripts.STORE.sha1, keys(sessionIds.get(i)), arguments.get(i));
                        failures.set(i, null);
                    } catch (RuntimeException e) {
                        failures.set(i, e);
                    }
                }
            }
            return failures;
        } catch (RuntimeException e) {
            throw failure("cannot store messages of " + sessionIds.size() + " session(s)", e);
        }
    }

    private static RuntimeException replyFailure(Response<Object> reply) {
        try {
            reply.get();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Override
    public List<Message> retrieve(String sessionId, int count) {
        SessionIds.requireValid(sessionId);
        MemoryArguments.requireCount(count);
        List<String> arguments = arguments(sessionId, 1);
        arguments.add(Integer.toString(count));
        List<?> reply = (List<?>) run(Scripts.RETRIEVE, keys(sessionId), arguments,
                "cannot read session '" + sessionId + "'");
        if (reply.isEmpty()) {
            return List.of();
        }
        int systemCount = Integer.parseInt(text(reply.get(0)));
        List<Message> system = new ArrayList<>(systemCount);
        List<Message> recent = new ArrayList<>(reply.size() - 1 - systemCount);
        for (int i = 1; i < reply.size(); i++) {
            (i <= systemCount ? system : recent).add(decode(text(reply.get(i))));
        }
        return WindowPlanner.retrieved(system, recent);
    }

    @Override
    public Optional<SessionStats> stats(String sessionId) {
        SessionIds.requireValid(sessionId);
        List<?> reply = (List<?>) run(Scripts.STATS, keys(sessionId), arguments(sessionId, 0),
                "cannot read statistics of session '" + sessionId + "'");
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        long bytes = 0;
        for (int i = 2; i < reply.size(); i++) {
            bytes += StoredSize.of(decode(text(reply.get(i))));
        }
        return Optional.of(new SessionStats(sessionId, reply.size() - 2,
                Instant.ofEpochMilli(Long.parseLong(text(reply.get(0)))),
                Instant.ofEpochMilli(Long.parseLong(text(reply.get(1)))), bytes));
    }

    @Override
    public List<SessionStats> sessions() {
        List<?> ids = (List<?>) run(Scripts.LIST, List.of(indexKey), arguments("", 0), "cannot list sessions");
        List<SessionStats> result = new ArrayList<>(ids.size());
        for (Object id : ids) {
            stats(text(id)).ifPresent(result::add);
        }
        result.sort(Comparator.comparing(SessionStats::lastAccessAt).reversed());
        return result;
    }

    @Override
    public boolean clear(String sessionId) {
        SessionIds.requireValid(sessionId);
        Object existed = run(Scripts.CLEAR, keys(sessionId), arguments(sessionId, 0),
                "cannot clear session '" + sessionId + "'");
        return existed instanceof Long value && value > 0;
    }

    /** Runs a script by its SHA1 (loaded at start), loading it again if the server forgot it. */
    private Object run(Scripts script, List<String> keys, List<String> arguments, String what) {
        RedisClient redis = client();
        try {
            try {
                return redis.evalsha(script.sha1, keys, arguments);
            } catch (JedisNoScriptException e) {
                redis.scriptLoad(script.source);
                return redis.evalsha(script.sha1, keys, arguments);
            }
        } catch (NodeExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    /**
     * A {@code MEMORY_ERROR} (or {@code TIMEOUT}, or {@code PROVIDER_CLOSED}) naming where and what failed,
     * with the client's message redacted and bounded; never a password or the stored messages.
     */
    private NodeExecutionException failure(String what, RuntimeException e) {
        if (e instanceof NodeExecutionException known) {
            return known;
        }
        if (closed) {
            return new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, this + " is closed");
        }
        ErrorCode code = isTimeout(e) ? ErrorCode.TIMEOUT : ErrorCode.MEMORY_ERROR;
        return new NodeExecutionException(code, "Redis memory at " + connection + ": " + what + ": ("
                + e.getClass().getSimpleName() + ") " + Redaction.line(e.getMessage(), 200));
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || (t.getMessage() != null
                    && (t.getMessage().contains("timed out") || t.getMessage().contains("Timeout waiting")))) {
                return true;
            }
        }
        return false;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    static String encode(Message message) {
        ObjectNode node = Json.object();
        node.put("c", message.content());
        if (message.hasToolCalls()) {
            node.set("tc", ToolCallCodec.toArray(message.toolCalls()));
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
                    "Redis memory holds an element of unknown role code (not s, u, a or t)");
        };
        JsonNode node = Json.parse(element.substring(1), "stored message");
        JsonNode tc = node.get("tc");
        List<ToolCall> calls = tc == null ? List.of() : ToolCallCodec.fromArray(tc);
        JsonNode id = node.get("id");
        return new Message(role, node.path("c").asText(), calls, id == null ? null : id.asText());
    }

    @Override
    public String toString() {
        return "RedisMemory[" + connection + ", maxMessages=" + options.maxMessages() + ", ttl=" + options.ttl()
                + ", keyPrefix=" + options.keyPrefix() + "]";
    }
}

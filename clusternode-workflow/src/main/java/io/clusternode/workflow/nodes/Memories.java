package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.workflow.credentials.Credential;
import io.clusternode.workflow.expression.ExpressionScope;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MemoryNode;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.SubNodeScope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The memory sub-nodes, mapped onto ClusterNode memories: {@code memoryBufferWindow} (in-process window memory),
 * {@code memoryPostgresChat} (PostgreSQL memory) and {@code memoryRedisChat} (Redis memory). The session comes
 * from the node's {@code sessionIdType} / {@code sessionKey} as in n8n; the agent loads the last
 * {@code contextWindowLength} exchanges (twice as many messages).
 */
final class Memories {

    /** History loaded for nodes that keep the whole history (older type versions without a window). */
    static final int WHOLE_HISTORY = 1000;
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");

    private Memories() {
    }

    private record StoreNode(NodeSpec spec, MemoryProvider provider, int historyLimit, boolean customKey)
            implements MemoryNode {

        StoreNode(NodeSpec spec, MemoryProvider provider, int historyLimit) {
            this(spec, provider, historyLimit, Memories.customKey(spec));
        }

        @Override
        public Supply memory(SubNodeScope scope) {
            return new Supply(provider, sessionId(spec, scope, customKey), historyLimit);
        }

        @Override
        public void close() {
            provider.close();
        }
    }

    /** n8n's session rules: v1 a literal key, v1.1 {@code $json.sessionId}, later {@code sessionIdType}. */
    static boolean customKey(NodeSpec spec) {
        return spec.typeVersion() < 1.2 || "customKey".equals(spec.parameter("sessionIdType").asText("fromInput"));
    }

    static String sessionId(NodeSpec spec, SubNodeScope scope, boolean customKey) {
        boolean memoryV1 = spec.typeVersion() < 1.1;
        if (customKey) {
            String fallback = memoryV1 ? "chat_history" : null;
            JsonNode key = spec.parameter("sessionKey").isMissingNode() && !memoryV1
                    ? scope.scope().json().path("sessionId")
                    : scope.parameter(spec, "sessionKey");
            String session = Params.text(key, fallback);
            if (session == null || session.isBlank()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name()
                        + "': the session key is empty; set 'Key' (sessionKey) to a value or an expression that gives one");
            }
            return session;
        }
        ExpressionScope context = scope.scope();
        String session = Params.text(context.json().get("sessionId"), null);
        if ((session == null || session.isBlank()) && scope.chatTriggerName() != null) {
            List<io.clusternode.workflow.Item> trigger = context.run().outputOf(scope.chatTriggerName());
            if (trigger != null && !trigger.isEmpty()) {
                session = Params.text(trigger.get(0).json().get("sessionId"), null);
            }
        }
        if (session == null || session.isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': no session ID found:"
                    + " the input item has no 'sessionId' and no chat trigger ran; connect a chat trigger or set the"
                    + " session ID type to 'Define below' with a key");
        }
        return session;
    }

    private static int historyLimit(NodeSpec spec, double windowSince) {
        if (spec.typeVersion() < windowSince) {
            return WHOLE_HISTORY;
        }
        int pairs = Params.integer(spec.parameter("contextWindowLength"), spec, "contextWindowLength", 5);
        if (pairs < 1) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name()
                    + "': contextWindowLength must be at least 1");
        }
        return 2 * pairs;
    }

    /** Messages a store keeps per session: room for the window plus the tool messages of its turns. */
    private static int kept(int historyLimit) {
        return Math.max(WindowMemory.DEFAULT_MAX_MESSAGES, 4 * historyLimit);
    }

    /** {@code memoryBufferWindow} ("Simple Memory"): in this process, per node. */
    static MemoryNode window(NodeContext context) {
        NodeSpec spec = context.node();
        int limit = historyLimit(spec, 1.0);
        return new StoreNode(spec, WindowMemory.builder().maxMessages(kept(limit)).build(), limit);
    }

    /** {@code memoryPostgresChat}: credential {@code postgres}; {@code tableName} prefixes ClusterNode's tables. */
    static MemoryNode postgres(NodeContext context) {
        NodeSpec spec = context.node();
        Credential c = context.credential("postgres");
        String table = spec.parameter("tableName").asText("n8n_chat_histories");
        if (!TABLE.matcher(table).matches()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': tableName must be"
                    + " letters, digits and underscores (at most 30), starting with a letter or underscore");
        }
        int limit = historyLimit(spec, 1.1);
        String user = c.get("user").orElse("postgres");
        String password = c.get("password").map(p -> ":" + encode(p)).orElse("");
        String spec0 = "postgresql://" + encode(user) + password + "@" + c.require("host", "PGHOST") + ":"
                + c.get("port").orElse("5432") + "/" + c.require("database", "PGDATABASE") + "?prefix=" + table + "_"
                + "&ttl=0&max=" + kept(limit);
        return new StoreNode(spec, open(spec, spec0, context), limit);
    }

    /** {@code memoryRedisChat}: credential {@code redis}; {@code sessionTTL} seconds (0 = never expires). */
    static MemoryNode redis(NodeContext context) {
        NodeSpec spec = context.node();
        Credential c = context.credential("redis");
        int ttl = Params.integer(spec.parameter("sessionTTL"), spec, "sessionTTL", 0);
        if (ttl < 0) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': sessionTTL must not be negative");
        }
        int limit = historyLimit(spec, 1.3);
        String auth = c.get("password").map(p -> c.get("user").map(Memories::encode).orElse("") + ":" + encode(p) + "@")
                .orElse("");
        boolean ssl = Boolean.parseBoolean(c.get("ssl").orElse("false"));
        String spec0 = (ssl ? "rediss://" : "redis://") + auth + c.require("host", "REDIS_HOST") + ":"
                + c.get("port").orElse("6379") + "/" + c.get("database").orElse("0") + "?ttl=" + ttl + "&max=" + kept(limit);
        return new StoreNode(spec, open(spec, spec0, context), limit);
    }

    private static MemoryProvider open(NodeSpec spec, String memorySpec, NodeContext context) {
        MemoryProvider provider = Providers.memory(memorySpec, context.settings());
        try {
            provider.initialize();
        } catch (NodeExecutionException e) {
            provider.close();
            throw new NodeExecutionException(e.code(), "node '" + spec.name() + "': " + e.getMessage(), e);
        }
        return provider;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

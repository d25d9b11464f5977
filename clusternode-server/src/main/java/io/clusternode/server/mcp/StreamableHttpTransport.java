package io.clusternode.server.mcp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.clusternode.core.secret.Redaction;
import io.clusternode.server.http.ApiException;
import io.clusternode.server.http.Bodies;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The MCP Streamable HTTP transport (protocol revisions 2025-03-26 and 2025-06-18) on the Helidon web server,
 * built on the MCP Java SDK's server-side abstractions: the SDK's {@code McpServer} does the protocol (initialise,
 * tools/list, tools/call, errors), this class carries its messages over HTTP.
 *
 * <ul>
 *   <li>{@code POST} carries one JSON-RPC message. {@code initialize} starts a session and answers with its id
 *       in {@code Mcp-Session-Id}; every later message must carry that header (400 without it, 404 for an unknown
 *       or ended session, after which the client starts a new one). A request is answered with
 *       {@code application/json} when its response is the only message, and as {@code text/event-stream} when the
 *       server sends messages (notifications) before the response and the client accepts event streams.
 *       Notifications and responses from the client get 202 with no body.</li>
 *   <li>{@code GET} (a stream for server-initiated messages) answers 405: nothing here sends messages outside a
 *       request, as the protocol allows.</li>
 *   <li>{@code DELETE} ends the session (204).</li>
 * </ul>
 *
 * <p>An {@code MCP-Protocol-Version} header naming a revision the server does not speak gets 400. Sessions live
 * in this process; one idle for {@link #SESSION_IDLE} ends, and past {@link #MAX_SESSIONS} the least recently used
 * ends (the client then gets 404 and starts anew). Transport errors are JSON-RPC error objects with the
 * matching HTTP status; they never carry a stack trace or the request's body.
 *
 * <p>The SDK is called on the request's (virtual) thread and blocked on there, so a tool call runs on that
 * thread, as every other request's work does.
 */
public final class StreamableHttpTransport implements McpStreamableServerTransportProvider {

    /** How long a session may go unused before it ends. */
    public static final Duration SESSION_IDLE = Duration.ofHours(1);
    /** The most sessions kept at once. */
    public static final int MAX_SESSIONS = 10_000;

    static final HeaderName SESSION_ID = HeaderNames.create(HttpHeaders.MCP_SESSION_ID);
    static final HeaderName PROTOCOL_VERSION = HeaderNames.create(HttpHeaders.PROTOCOL_VERSION);

    private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpTransport.class);
    private static final List<String> VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18);
    /** JSON-RPC's codes, and the one the MCP reference servers use for transport-level refusals. */
    private static final int PARSE_ERROR = -32700;
    private static final int INVALID_REQUEST = -32600;
    private static final int INTERNAL_ERROR = -32603;
    private static final int SERVER_ERROR = -32000;
    private static final int SESSION_NOT_FOUND = -32001;
    private static final TypeRef<McpSchema.InitializeRequest> INITIALIZE = new TypeRef<>() {
    };

    private final McpJsonMapper mapper;
    private final long maxBodyBytes;
    private final BooleanSupplier stopping;
    private final Cache<String, McpStreamableServerSession> sessions;
    private volatile McpStreamableServerSession.Factory sessionFactory;
    private volatile boolean closed;

    /**
     * @param mapper       the SDK's JSON mapper
     * @param maxBodyBytes the largest request body accepted (413 above)
     * @param stopping     true once the server is stopping: requests then get 503
     */
    public StreamableHttpTransport(McpJsonMapper mapper, long maxBodyBytes, BooleanSupplier stopping) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.maxBodyBytes = maxBodyBytes;
        this.stopping = Objects.requireNonNull(stopping, "stopping");
        this.sessions = Caffeine.newBuilder()
                .expireAfterAccess(SESSION_IDLE)
                .maximumSize(MAX_SESSIONS)
                .<String, McpStreamableServerSession>removalListener((id, session, cause) -> {
                    if (session != null && cause != RemovalCause.EXPLICIT) {
                        LOG.debug("MCP session ended ({})", cause);
                        session.close();
                    }
                })
                .build();
    }

    @Override
    public List<String> protocolVersions() {
        return VERSIONS;
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        this.sessionFactory = factory;
    }

    /** Sessions open now. */
    public long sessionCount() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        // Server-initiated messages go to a session's GET stream, which this transport does not offer.
        return Flux.fromIterable(List.copyOf(sessions.asMap().values()))
                .flatMap(session -> session.sendNotification(method, params).onErrorResume(e -> Mono.empty()))
                .then();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closed = true;
            for (McpStreamableServerSession session : List.copyOf(sessions.asMap().values())) {
                try {
                    session.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing an MCP session failed", e);
                }
            }
            sessions.invalidateAll();
        });
    }

    /** Adds the endpoint's routes at {@code path} (e.g. {@code /mcp}). */
    public void routes(HttpRouting.Builder routing, String path) {
        routing.post(path, this::post).get(path, this::notAllowed).delete(path, this::delete)
                .any(path, this::notAllowed);
    }

    private void post(ServerRequest req, ServerResponse res) {
        if (refused(res)) {
            return;
        }
        boolean json = req.headers().isAccepted(MediaTypes.APPLICATION_JSON);
        boolean events = req.headers().isAccepted(MediaTypes.TEXT_EVENT_STREAM);
        if (!json && !events) {
            error(res, Status.NOT_ACCEPTABLE_406, INVALID_REQUEST,
                    "Not Acceptable: the client must accept application/json and text/event-stream");
            return;
        }
        byte[] body;
        try {
            body = Bodies.read(req, maxBodyBytes);
        } catch (ApiException e) {
            error(res, Status.create(e.error().status()), INVALID_REQUEST, e.getMessage());
            return;
        }
        McpSchema.JSONRPCMessage message = parse(body, res);
        if (message == null) {
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            initialize(request, res);
            return;
        }
        McpStreamableServerSession session = session(req, res);
        if (session == null) {
            return;
        }
        switch (message) {
            case McpSchema.JSONRPCRequest request -> {
                ResponseChannel channel = new ResponseChannel(res, request.id(), events);
                try {
                    session.responseStream(request, channel).block();
                } catch (RuntimeException e) {
                    // The SDK answers a failing handler with a JSON-RPC error itself; this is the transport failing.
                    LOG.warn("an MCP request failed", e);
                } finally {
                    channel.finish();
                }
            }
            case McpSchema.JSONRPCNotification notification -> accepted(session.accept(notification), res);
            case McpSchema.JSONRPCResponse response -> accepted(session.accept(response), res);
        }
    }

    /** Answers 202 once the SDK has taken a notification or response; 400 when it refuses it. */
    private void accepted(Mono<Void> handling, ServerResponse res) {
        try {
            handling.block();
        } catch (RuntimeException e) {
            LOG.debug("an MCP message was refused: {}", e.toString());
            error(res, Status.BAD_REQUEST_400, INVALID_REQUEST,
                    "Bad Request: the message was refused (a response to no request of this session?)");
            return;
        }
        res.status(Status.ACCEPTED_202).send();
    }

    /** The one JSON-RPC message of the body, or null once a 400 is sent. */
    private McpSchema.JSONRPCMessage parse(byte[] body, ServerResponse res) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.stripLeading().startsWith("[")) {
            error(res, Status.BAD_REQUEST_400, INVALID_REQUEST,
                    "Bad Request: send one JSON-RPC message per request; batches are not supported");
            return null;
        }
        try {
            return McpSchema.deserializeJsonRpcMessage(mapper, text);
        } catch (IOException | RuntimeException e) {
            // The SDK's messages quote the body; the client knows what it sent.
            error(res, Status.BAD_REQUEST_400, PARSE_ERROR,
                    "Parse error: the body is not a JSON-RPC request, notification or response object");
            return null;
        }
    }

    private void initialize(McpSchema.JSONRPCRequest request, ServerResponse res) {
        McpStreamableServerSession.Factory factory = sessionFactory;
        if (factory == null) {
            error(res, Status.SERVICE_UNAVAILABLE_503, SERVER_ERROR, "the MCP server is not ready");
            return;
        }
        McpSchema.InitializeRequest initialize;
        try {
            initialize = mapper.convertValue(request.params(), INITIALIZE);
        } catch (RuntimeException e) {
            error(res, Status.BAD_REQUEST_400, McpSchema.ErrorCodes.INVALID_PARAMS,
                    "Invalid params: initialize needs protocolVersion, capabilities and clientInfo");
            return;
        }
        McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(initialize);
        McpSchema.InitializeResult result;
        try {
            result = started.initResult().block();
        } catch (RuntimeException e) {
            LOG.warn("starting an MCP session failed", e);
            error(res, Status.INTERNAL_SERVER_ERROR_500, INTERNAL_ERROR, "Internal error: the session could not start");
            return;
        }
        sessions.put(started.session().getId(), started.session());
        res.header(SESSION_ID, started.session().getId());
        send(res, Status.OK_200, new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null));
    }

    /** The request's session, or null once a 400 or 404 is sent. */
    private McpStreamableServerSession session(ServerRequest req, ServerResponse res) {
        String version = req.headers().first(PROTOCOL_VERSION).orElse(null);
        if (version != null && !VERSIONS.contains(version.strip())) {
            error(res, Status.BAD_REQUEST_400, INVALID_REQUEST, "Bad Request: unsupported MCP-Protocol-Version; this"
                    + " server speaks " + String.join(", ", VERSIONS));
            return null;
        }
        String id = req.headers().first(SESSION_ID).map(String::strip).orElse("");
        if (id.isEmpty()) {
            error(res, Status.BAD_REQUEST_400, INVALID_REQUEST,
                    "Bad Request: the Mcp-Session-Id header is required; send initialize first");
            return null;
        }
        McpStreamableServerSession session = sessions.getIfPresent(id);
        if (session == null) {
            error(res, Status.NOT_FOUND_404, SESSION_NOT_FOUND,
                    "Session not found: it ended or never existed; send initialize to start a new one");
        }
        return session;
    }

    private void delete(ServerRequest req, ServerResponse res) {
        if (refused(res)) {
            return;
        }
        McpStreamableServerSession session = session(req, res);
        if (session == null) {
            return;
        }
        sessions.invalidate(session.getId());
        session.delete().block();
        res.status(Status.NO_CONTENT_204).send();
    }

    private void notAllowed(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.ALLOW, "POST, DELETE");
        error(res, Status.METHOD_NOT_ALLOWED_405, INVALID_REQUEST,
                "Method Not Allowed: this server sends no messages outside a request; use POST and DELETE");
    }

    private boolean refused(ServerResponse res) {
        if (closed || stopping.getAsBoolean()) {
            error(res, Status.SERVICE_UNAVAILABLE_503, SERVER_ERROR,
                    "the server is shutting down; retry on another instance");
            return true;
        }
        return false;
    }

    private void error(ServerResponse res, Status status, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", Redaction.line(message));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.put("id", null);
        body.put("error", error);
        send(res, status, body);
    }

    private void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, MediaTypes.APPLICATION_JSON_VALUE);
        res.send(bytes);
    }

    /**
     * Carries the messages of one request's handling back to the client: the response alone as JSON, or, when
     * something comes before it, every message as a server-sent event.
     */
    private final class ResponseChannel implements McpStreamableServerTransport {

        private static final byte[] EVENT = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

        private final ServerResponse res;
        private final Object requestId;
        private final boolean eventsAccepted;
        private final ReentrantLock lock = new ReentrantLock();
        private OutputStream events;
        private boolean done;

        ResponseChannel(ServerResponse res, Object requestId, boolean eventsAccepted) {
            this.res = res;
            this.requestId = requestId;
            this.eventsAccepted = eventsAccepted;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            return Mono.fromRunnable(() -> write(message, messageId));
        }

        private void write(McpSchema.JSONRPCMessage message, String messageId) {
            lock.lock();
            try {
                if (done) {
                    return;
                }
                boolean last = message instanceof McpSchema.JSONRPCResponse response
                        && Objects.equals(response.id(), requestId);
                if (events == null && last) {
                    send(res, Status.OK_200, message);
                    done = true;
                    return;
                }
                if (!eventsAccepted) {
                    LOG.debug("dropping an MCP message the client cannot receive (it accepts no event stream)");
                    return;
                }
                if (events == null) {
                    res.status(Status.OK_200);
                    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
                    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                    res.header(HeaderNames.create("X-Accel-Buffering"), "no");
                    events = res.outputStream();
                }
                if (messageId != null && messageId.matches("[A-Za-z0-9._-]{1,128}")) {
                    events.write(("id: " + messageId + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                events.write(EVENT);
                events.write(mapper.writeValueAsBytes(message));
                events.write(END);
                events.flush();
                if (last) {
                    events.close();
                    done = true;
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("the MCP client went away: {}", e.toString());
                done = true;
            } finally {
                lock.unlock();
            }
        }

        /** Ends the answer: closes an event stream; a request that produced nothing gets a JSON-RPC error. */
        void finish() {
            lock.lock();
            try {
                if (done) {
                    return;
                }
                done = true;
                if (events != null) {
                    events.close();
                } else if (!res.isSent()) {
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("code", INTERNAL_ERROR);
                    error.put("message", "the server produced no response to this request");
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
                    body.put("id", requestId);
                    body.put("error", error);
                    send(res, Status.INTERNAL_SERVER_ERROR_500, body);
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("the MCP client went away: {}", e.toString());
            } finally {
                lock.unlock();
            }
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return mapper.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            // The SDK closes the channel right after the response; finish() ends the HTTP answer once the SDK
            // is done with the request.
            return Mono.empty();
        }

        @Override
        public void close() {
            // As closeGracefully().
        }
    }
}

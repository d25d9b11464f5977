package io.clusternode.mcp;

import io.clusternode.core.secret.Redaction;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport plus what ClusterNode needs around the child process: its handle (to see that it
 * died and to reap it with its descendants) and the last lines it wrote to standard error (to say why it
 * failed). The SDK keeps the process private; it is read once through a {@link VarHandle}, and a test
 * checks that reaping works, so an SDK change that breaks this shows at once.
 */
final class ChildProcessTransport extends StdioClientTransport {

    private static final int STDERR_LINES = 5;
    private static final VarHandle PROCESS;

    static {
        VarHandle handle;
        try {
            handle = MethodHandles.privateLookupIn(StdioClientTransport.class, MethodHandles.lookup())
                    .findVarHandle(StdioClientTransport.class, "process", Process.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            handle = null;
        }
        PROCESS = handle;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock sending = new ReentrantLock();
    private final Deque<String> stderr = new ArrayDeque<>(STDERR_LINES);

    private final WatchingJsonMapper mapper;

    ChildProcessTransport(List<String> command, Map<String, String> environment) {
        this(ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).env(environment)
                .build(), new WatchingJsonMapper(McpJsonMapper.getDefault()));
    }

    private ChildProcessTransport(ServerParameters parameters, WatchingJsonMapper mapper) {
        super(parameters, mapper);
        this.mapper = mapper;
        setStdErrorHandler(this::onStderr);
    }

    /**
     * The first line the server wrote on standard output that is not JSON (bounded, redacted), or empty. The
     * SDK stops reading at such a line, so it is what explains a server that went silent.
     */
    String notMcpLine() {
        String line = mapper.firstUnreadable;
        return line == null ? "" : Redaction.line(line);
    }

    /** The SDK's mapper, noting the first text it could not read as JSON. */
    private static final class WatchingJsonMapper implements McpJsonMapper {
        private final McpJsonMapper delegate;
        private volatile String firstUnreadable;

        WatchingJsonMapper(McpJsonMapper delegate) {
            this.delegate = delegate;
        }

        private <T> T noting(String content, IOCall<T> read) throws IOException {
            try {
                return read.call();
            } catch (IOException | RuntimeException e) {
                if (firstUnreadable == null) {
                    firstUnreadable = content;
                }
                throw e;
            }
        }

        @Override
        public <T> T readValue(String content, Class<T> type) throws IOException {
            return noting(content, () -> delegate.readValue(content, type));
        }

        @Override
        public <T> T readValue(byte[] content, Class<T> type) throws IOException {
            return delegate.readValue(content, type);
        }

        @Override
        public <T> T readValue(String content, TypeRef<T> type) throws IOException {
            return noting(content, () -> delegate.readValue(content, type));
        }

        @Override
        public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
            return delegate.readValue(content, type);
        }

        @Override
        public <T> T convertValue(Object fromValue, Class<T> type) {
            return delegate.convertValue(fromValue, type);
        }

        @Override
        public <T> T convertValue(Object fromValue, TypeRef<T> type) {
            return delegate.convertValue(fromValue, type);
        }

        @Override
        public String writeValueAsString(Object value) throws IOException {
            return delegate.writeValueAsString(value);
        }

        @Override
        public byte[] writeValueAsBytes(Object value) throws IOException {
            return delegate.writeValueAsBytes(value);
        }
    }

    @FunctionalInterface
    private interface IOCall<T> {
        T call() throws IOException;
    }

    private void onStderr(String line) {
        lock.lock();
        try {
            if (stderr.size() == STDERR_LINES) {
                stderr.removeFirst();
            }
            stderr.addLast(line);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands a message to the SDK's outbound queue, one sender at a time: the queue is a unicast sink that
     * refuses a message offered while another thread offers one ("Failed to enqueue message"), which happens
     * when the client answers the server while a tool call goes out. The offer does not block.
     */
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        sending.lock();
        try {
            return super.sendMessage(message);
        } finally {
            sending.unlock();
        }
    }

    /** The child process once started. */
    Optional<Process> process() {
        return PROCESS == null ? Optional.empty() : Optional.ofNullable((Process) PROCESS.getVolatile(this));
    }

    /** The last lines the server wrote to standard error, redacted and bounded, or empty. */
    String stderrTail() {
        lock.lock();
        try {
            return stderr.isEmpty() ? "" : Redaction.line(String.join(" | ", stderr));
        } finally {
            lock.unlock();
        }
    }
}

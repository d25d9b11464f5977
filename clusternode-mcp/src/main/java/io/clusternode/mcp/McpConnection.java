package io.clusternode.mcp;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One live session with an MCP server: the SDK client and, for stdio, the child process it started. */
final class McpConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpConnection.class);
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);

    private final McpAsyncClient client;
    private final ChildProcessTransport stdio;
    private final String label;
    private final Thread reaper;

    private McpConnection(McpAsyncClient client, ChildProcessTransport stdio, String label) {
        this.client = client;
        this.stdio = stdio;
        this.label = label;
        // A JVM that exits without closing still ends the servers it started.
        this.reaper = stdio == null ? null : new Thread(this::reap, "mcp-reaper");
        if (reaper != null) {
            Runtime.getRuntime().addShutdownHook(reaper);
        }
    }

    /**
     * Starts or reaches the server and completes the MCP handshake.
     *
     * @throws NodeExecutionException {@code TIMEOUT} when the server does not answer within the connect timeout,
     *         {@code TOOL_ERROR} when it cannot be started or reached, saying why
     */
    static McpConnection open(McpServerConfig config) {
        McpTransportSpec spec = config.transport();
        ChildProcessTransport stdio = null;
        McpClientTransport transport;
        switch (spec) {
            case McpTransportSpec.Stdio command -> {
                requireRunnable(command);
                stdio = new ChildProcessTransport(command.command(), command.environment());
                transport = stdio;
            }
            case McpTransportSpec.Http http -> transport = http(http);
        }
        McpAsyncClient client = McpClient.async(transport)
                // The SDK's own limit stays behind ours, so a slow call meets ClusterNode's timeout and message.
                .requestTimeout(config.callTimeout().plusSeconds(5))
                .initializationTimeout(config.connectTimeout().plusSeconds(5))
                .clientInfo(new McpSchema.Implementation("clusternode", "1"))
                .build();
        McpConnection connection = new McpConnection(client, stdio, spec.label());
        try {
            connection.await(client.initialize().toFuture(), config.connectTimeout());
            return connection;
        } catch (Exception e) {
            connection.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new NodeExecutionException(ErrorCode.CANCELLED, "interrupted while starting MCP server '"
                        + spec.label() + "'");
            }
            throw connection.failure("could not be started", e instanceof ExecutionException ? e.getCause() : e,
                    config.connectTimeout());
        }
    }

    /**
     * Waits for an answer from the server, and stops waiting as soon as a stdio server's process has exited
     * (the SDK would wait for its timeout).
     *
     * @throws ServerExited when the process exited first
     * @throws TimeoutException when the timeout passed first (the request is cancelled)
     */
    <T> T await(CompletableFuture<T> answer, Duration timeout)
            throws ServerExited, TimeoutException, ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return answer.get(Math.max(0, Math.min(left, POLL.toNanos())), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (!alive()) {
                    answer.cancel(true);
                    // Lets the stderr reader take the process's last lines before the message is written.
                    stdio.process().ifPresent(p -> p.onExit().completeOnTimeout(p, 200, TimeUnit.MILLISECONDS).join());
                    Thread.sleep(100);
                    throw new ServerExited();
                }
                if (System.nanoTime() - deadline >= 0) {
                    answer.cancel(true);
                    throw e;
                }
            }
        }
    }

    /** The server's process exited while a request waited for it. */
    static final class ServerExited extends Exception {
        ServerExited() {
            super("the server process exited", null, false, false);
        }
    }

    /** Fails fast, and clearly, for a program that is not there, instead of waiting for a server that never starts. */
    private static void requireRunnable(McpTransportSpec.Stdio command) {
        String program = command.command().get(0);
        boolean found;
        if (program.contains("/")) {
            found = Files.isExecutable(Path.of(program));
        } else {
            String path = System.getenv("PATH");
            found = path != null && Arrays.stream(path.split(java.io.File.pathSeparator))
                    .filter(dir -> !dir.isEmpty())
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
        }
        if (!found) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "MCP server '" + command.label()
                    + "' could not be started: the program '" + program + "' was not found"
                    + (program.contains("/") ? "" : " on the PATH") + " or is not executable");
        }
    }

    private static McpClientTransport http(McpTransportSpec.Http http) {
        URI url = http.url();
        String base = url.getScheme() + "://" + url.getRawAuthority();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        if (http.sse()) {
            return HttpClientSseClientTransport.builder(base).sseEndpoint(path)
                    .customizeRequest(request -> http.headers().forEach(request::header)).build();
        }
        return HttpClientStreamableHttpTransport.builder(base).endpoint(path)
                .customizeRequest(request -> http.headers().forEach(request::header)).build();
    }

    McpAsyncClient client() {
        return client;
    }

    /** False once a stdio server's process has exited; HTTP servers are found dead by a failing call. */
    boolean alive() {
        return stdio == null || stdio.process().map(Process::isAlive).orElse(true);
    }

    /** The process's exit, for a call to stop waiting when the server dies; empty for HTTP servers. */
    Optional<Process> process() {
        return stdio == null ? Optional.empty() : stdio.process();
    }

    /** An error for the user or model: what happened to the server, why, and its last words on stderr. */
    NodeExecutionException failure(String what, Throwable cause, Duration timeout) {
        return failure(what, cause, timeout, "");
    }

    /** As {@link #failure(String, Throwable, Duration)}, ending with {@code after} (what happens next). */
    NodeExecutionException failure(String what, Throwable cause, Duration timeout, String after) {
        boolean timedOut = isTimeout(cause);
        StringBuilder message = new StringBuilder("MCP server '").append(label).append("' ").append(what).append(": ");
        Optional<Process> process = process();
        String notMcp = stdio == null ? "" : stdio.notMcpLine();
        if (!notMcp.isEmpty()) {
            message.append("it wrote something other than MCP messages on its standard output: '").append(notMcp)
                    .append("' (a stdio server may write logs only to standard error)");
        } else if (timedOut && !(cause instanceof ServerExited)) {
            message.append("no MCP answer within ").append(timeout.toMillis()).append(" ms");
        } else if (cause instanceof ServerExited || process.isPresent() && !process.get().isAlive()) {
            message.append("it exited").append(process.map(p -> " with code " + p.exitValue()).orElse(""));
        } else {
            message.append(Redaction.line(rootMessage(cause)));
        }
        String stderr = stdio == null ? "" : stdio.stderrTail();
        if (!stderr.isEmpty()) {
            message.append(" (its last error output: ").append(stderr).append(')');
        }
        message.append(after);
        return new NodeExecutionException(timedOut ? ErrorCode.TIMEOUT : ErrorCode.TOOL_ERROR, message.toString(),
                cause);
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** Ends the session; a child process and everything it started are ended and reaped. Idempotent. */
    @Override
    public void close() {
        reap();
        try {
            client.closeGracefully().block(TERMINATE_GRACE.plusSeconds(1));
        } catch (RuntimeException e) {
            LOG.debug("closing the MCP client of '{}' failed", label, e);
            client.close();
        }
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // The JVM is shutting down and runs the hook itself.
            }
        }
    }

    private void reap() {
        if (stdio == null) {
            return;
        }
        stdio.process().ifPresent(process -> {
            // Collected before the parent ends: orphans are re-parented and no longer its descendants.
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            descendants.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(TERMINATE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(TERMINATE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        });
    }
}

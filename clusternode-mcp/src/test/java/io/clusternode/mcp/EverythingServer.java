package io.clusternode.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code @modelcontextprotocol/server-everything} from npm (installed by {@code .ci/run}; skipped without
 * node, failed under {@code CI=true}) listening on a loopback port over Streamable HTTP or SSE.
 */
public final class EverythingServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String mode;

    private EverythingServer(Process process, int port, String mode) {
        this.process = process;
        this.port = port;
        this.mode = mode;
    }

    /** Starts it in {@code mode} ({@code streamableHttp} or {@code sse}) on a free port. */
    public static EverythingServer start(String mode) throws IOException, InterruptedException {
        return start(mode, freePort());
    }

    /** Starts it in {@code mode} on {@code port} and waits until it listens. */
    public static EverythingServer start(String mode, int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(NpmServers.everything(mode)).redirectErrorStream(true);
        builder.environment().put("PORT", String.valueOf(port));
        Process process = builder.start();
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains(String.valueOf(port))) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        });
        if (!listening.await(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the everything server (" + mode + ") did not start listening on " + port);
        }
        return new EverythingServer(process, port, mode);
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The endpoint: {@code /mcp} for Streamable HTTP, {@code /sse} for SSE. */
    public String url() {
        return "http://127.0.0.1:" + port + (mode.equals("sse") ? "/sse" : "/mcp");
    }

    @Override
    public void close() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.clusternode.bench.openai;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal HTTP/1.1 keep-alive server on 127.0.0.1 that answers every request with one canned
 * chat completion. Raw sockets and a virtual thread per connection: it does as little as a server can
 * (find Content-Length, skip the body, write pre-encoded bytes), so that a benchmark measures the clients,
 * not the server.
 */
public final class CannedCompletionServer implements AutoCloseable {

    /** A realistic chat completion as OpenAI and DeepSeek return it. */
    public static final String COMPLETION = """
            {"id":"chatcmpl-bench","object":"chat.completion","created":1726000000,"model":"bench-model",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"12 * 7 is 84. Multiplying twelve by \
            seven gives eighty-four.","refusal":null},"logprobs":null,"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":24,"completion_tokens":18,"total_tokens":42,\
            "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
            "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,\
            "rejected_prediction_tokens":0}},"system_fingerprint":"fp_bench"}""";

    private static final byte[] RESPONSE = buildResponse();

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    public CannedCompletionServer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        Thread.ofVirtual().name("bench-accept").start(this::acceptLoop);
    }

    private static byte[] buildResponse() {
        byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    public long requests() {
        return requests.get();
    }

    public long connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().name("bench-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            while (true) {
                long length = readHead(in);
                if (length < 0) {
                    return;
                }
                in.skipNBytes(length);
                requests.incrementAndGet();
                out.write(RESPONSE);
                out.flush();
            }
        } catch (IOException e) {
            // The client closed the connection.
        } finally {
            open.remove(socket);
        }
    }

    /** Reads a request head; returns its Content-Length (0 when absent), or -1 at the end of the stream. */
    private static long readHead(InputStream in) throws IOException {
        long length = 0;
        StringBuilder line = new StringBuilder(64);
        boolean first = true;
        while (true) {
            line.setLength(0);
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            if (b < 0) {
                return -1;
            }
            if (line.isEmpty()) {
                if (first) {
                    continue;
                }
                return length;
            }
            first = false;
            if (line.length() > 15 && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}

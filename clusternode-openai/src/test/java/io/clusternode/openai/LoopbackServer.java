package io.clusternode.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) on raw sockets, so tests can do what a framework
 * server hides: count client connections, stream chunked SSE in arbitrary slices, stall, and drop a
 * connection mid-body. Keep-alive like a real endpoint. Records every request.
 */
final class LoopbackServer implements AutoCloseable {

    /** One received request; header names are lower case. */
    @SuppressWarnings("ArrayRecordComponent") // a test's read-only view of the bytes received
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return Json.parse(text(), "request body");
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(Request request, Exchange exchange) throws Exception;
    }

    /** How a handler answers. */
    static final class Exchange {
        private final Socket socket;
        private final OutputStream out;
        private boolean keepOpen = true;

        Exchange(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        void respond(int status, String contentType, String body, String... headerPairs) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                    .append("\r\nContent-Type: ").append(contentType)
                    .append("\r\nContent-Length: ").append(bytes.length).append("\r\n");
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                head.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        }

        void json(String body) throws IOException {
            respond(200, "application/json", body);
        }

        void startChunked(int status, String contentType) throws IOException {
            String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\nCache-Control: no-cache\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void chunk(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0) {
                return;
            }
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void endChunked() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Streams an SSE text in slices of {@code slice} bytes, so events and lines split across reads. */
        void sse(String text, int slice) throws IOException {
            startChunked(200, "text/event-stream");
            for (int i = 0; i < text.length(); i += slice) {
                chunk(text.substring(i, Math.min(text.length(), i + slice)));
            }
            endChunked();
        }

        /** Closes the connection (FIN) after what was written, mid-response or instead of one. */
        void drop() throws IOException {
            keepOpen = false;
            out.flush();
            socket.shutdownOutput();
            socket.close();
        }

        /** Resets the connection (RST), as a crashed peer or a middlebox does. */
        void reset() throws IOException {
            keepOpen = false;
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 422 -> "Unprocessable Entity";
                case 429 -> "Too Many Requests";
                case 500 -> "Internal Server Error";
                case 502 -> "Bad Gateway";
                case 503 -> "Service Unavailable";
                case 504 -> "Gateway Timeout";
                default -> "Status";
            };
        }
    }

    private final ServerSocket server;
    private final Handler handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private final boolean tls;

    LoopbackServer(Handler handler) throws IOException {
        this(handler, null);
    }

    /** @param tls a TLS context to serve https with; null for plain http */
    LoopbackServer(Handler handler, javax.net.ssl.SSLContext tls) throws IOException {
        this.handler = Objects.requireNonNull(handler);
        this.tls = tls != null;
        this.server = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.acceptor = Thread.ofVirtual().name("loopback-accept").start(this::acceptLoop);
    }

    String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    List<Request> requests() {
        return requests;
    }

    Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    /** Distinct client connections accepted so far. */
    int connections() {
        return connections.get();
    }

    Set<Integer> clientPorts() {
        return clientPorts;
    }

    static String fixture(String name) {
        try (InputStream in = LoopbackServer.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                clientPorts.add(socket.getPort());
                open.add(socket);
                Thread.ofVirtual().name("loopback-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Request request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Exchange exchange = new Exchange(socket, out);
                handler.handle(request, exchange);
                if (!exchange.keepOpen || socket.isClosed()) {
                    return;
                }
            }
        } catch (SocketException | javax.net.ssl.SSLException e) {
            // The client went away, refused our certificate, or the server closed.
        } catch (Exception e) {
            if (!server.isClosed()) {
                System.err.println("loopback handler failed: " + e);
            }
        } finally {
            open.remove(socket);
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Request(parts[0], parts[1], headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        acceptor.interrupt();
    }
}

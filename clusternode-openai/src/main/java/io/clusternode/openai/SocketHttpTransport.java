package io.clusternode.openai;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A keep-alive HTTP/1.1 client for one endpoint on blocking sockets, doing its I/O on the calling thread.
 *
 * <p>Why not only the JDK {@code HttpClient}: its synchronous {@code send} runs every exchange through a
 * selector thread and executor hand-offs, which on a fast endpoint costs more than the whole rest of a
 * call, and made ClusterNode no faster than LangChain4j on the same client (see docs/models.md). Here a call
 * is one {@code write} of a pre-encoded head plus body and blocking reads of the reply, which is what
 * virtual threads make cheap. TLS is the JDK's JSSE with host-name verification; HTTP/2, proxies and
 * redirects are not spoken (chat endpoints need none; the JDK transport is there for whoever does).
 *
 * <p>Pool: idle connections wait in a LIFO deque (the most recently used is warmest), at most
 * {@value #MAX_IDLE}, each for at most {@value #KEEP_ALIVE_SECONDS} s. A pooled connection the server has
 * meanwhile closed fails before any byte of a reply; that request is sent again once on a new connection,
 * which is safe because the server never saw it. Read timeouts are the socket's {@code SO_TIMEOUT}, so they
 * bound every silence: before the head and between any two pieces of a streamed body.
 */
final class SocketHttpTransport implements HttpTransport {

    static final int MAX_IDLE = 256;
    static final int KEEP_ALIVE_SECONDS = 50;

    private static final byte[] CRLF2 = {'\r', '\n', '\r', '\n'};

    private final String host;
    private final int port;
    private final boolean tls;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final byte[] jsonHead;
    private final byte[] streamHead;
    private final SSLContext sslContext;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    SocketHttpTransport(OpenAiConfig config) {
        this(config, null);
    }

    /** @param sslContext the TLS context for https endpoints; null for the JVM's default */
    SocketHttpTransport(OpenAiConfig config, SSLContext sslContext) {
        URI uri = config.chatCompletionsUri();
        this.host = uri.getHost();
        this.tls = "https".equals(uri.getScheme());
        this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.readTimeout().toMillis()));
        this.sslContext = sslContext;
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        boolean defaultPort = uri.getPort() < 0 || uri.getPort() == (tls ? 443 : 80);
        String hostHeader = (host.contains(":") ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
        String common = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nUser-Agent: ClusterNode\r\nContent-Type: application/json\r\n"
                + (config.hasApiKey() ? "Authorization: Bearer " + config.apiKey() + "\r\n" : "");
        this.jsonHead = (common + "Accept: application/json\r\nContent-Length: ").getBytes(StandardCharsets.UTF_8);
        this.streamHead = (common + "Accept: text/event-stream\r\nContent-Length: ").getBytes(StandardCharsets.UTF_8);
    }

    /** Connections opened so far (for tests and diagnostics). */
    int connectionsOpened() {
        return opened.get();
    }

    @Override
    public Response post(byte[] body, boolean stream) throws IOException {
        if (closed) {
            throw new IOException("the transport was closed");
        }
        byte[] request = assemble(stream ? streamHead : jsonHead, body);
        while (true) {
            Connection connection = takeIdle();
            boolean reused = connection != null;
            if (connection == null) {
                connection = connect();
            }
            try {
                connection.out.write(request);
                connection.out.flush();
                return connection.readHead();
            } catch (SocketTimeoutException e) {
                connection.closeQuietly();
                throw new HttpTimeoutException("no response within " + readTimeoutMillis + " ms");
            } catch (IOException e) {
                connection.closeQuietly();
                if (reused && !connection.receivedAny) {
                    continue; // the server had closed this idle connection: it never saw the request
                }
                throw e;
            }
        }
    }

    private static byte[] assemble(byte[] head, byte[] body) {
        byte[] length = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + length.length + CRLF2.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(length, 0, request, head.length, length.length);
        System.arraycopy(CRLF2, 0, request, head.length + length.length, CRLF2.length);
        System.arraycopy(body, 0, request, head.length + length.length + CRLF2.length, body.length);
        return request;
    }

    private Connection takeIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            if (System.nanoTime() - connection.idleSince < KEEP_ALIVE_SECONDS * 1_000_000_000L
                    && !connection.socket.isClosed()) {
                return connection;
            }
            connection.closeQuietly();
        }
        return null;
    }

    private void release(Connection connection) {
        if (closed || idleCount.incrementAndGet() > MAX_IDLE) {
            idleCount.decrementAndGet();
            connection.closeQuietly();
            return;
        }
        connection.idleSince = System.nanoTime();
        idle.offerFirst(connection);
        if (closed && idle.remove(connection)) {
            idleCount.decrementAndGet();
            connection.closeQuietly();
        }
    }

    private Connection connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            try {
                socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("no connection within " + connectTimeoutMillis + " ms");
            }
            socket.setSoTimeout(readTimeoutMillis);
            Socket used = socket;
            if (tls) {
                SSLSocketFactory factory = (sslContext == null ? SSLContext.getDefault() : sslContext).getSocketFactory();
                SSLSocket ssl = (SSLSocket) factory.createSocket(socket, host, port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setApplicationProtocols(new String[] {"http/1.1"});
                ssl.setSSLParameters(parameters);
                try {
                    ssl.startHandshake();
                } catch (SocketTimeoutException e) {
                    throw new HttpConnectTimeoutException("no TLS handshake within " + readTimeoutMillis + " ms");
                }
                used = ssl;
            }
            opened.incrementAndGet();
            return new Connection(used);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        } catch (NoSuchAlgorithmException e) {
            socket.close();
            throw new IOException("this JVM has no TLS support", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            connection.closeQuietly();
        }
    }

    /** One socket with its read buffer. Used by one exchange at a time. */
    private final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] buffer = new byte[16 * 1024];
        int position;
        int limit;
        boolean receivedAny;
        long idleSince;
        private final StringBuilder line = new StringBuilder(64);

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException e) {
                // Nothing left to release.
            }
        }

        /** Fills the buffer; false at the end of the stream. */
        boolean fill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            receivedAny = true;
            position = 0;
            limit = n;
            return true;
        }

        int readByte() throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        /** One header-section line as Latin-1 text, without CRLF; null at the end of the stream. */
        String readLine() throws IOException {
            line.setLength(0);
            int b;
            while ((b = readByte()) >= 0) {
                if (b == '\n') {
                    int length = line.length();
                    if (length > 0 && line.charAt(length - 1) == '\r') {
                        line.setLength(length - 1);
                    }
                    return line.toString();
                }
                if (line.length() > 64 * 1024) {
                    throw new IOException("a response header line is longer than 64 KiB");
                }
                line.append((char) b);
            }
            return line.isEmpty() ? null : line.toString();
        }

        SocketResponse readHead() throws IOException {
            while (true) {
                String statusLine = readLine();
                if (statusLine == null) {
                    throw new EOFException("the server closed the connection without answering");
                }
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                    throw new IOException("not an HTTP/1.x response: '" + abbreviate(statusLine) + "'");
                }
                int status;
                try {
                    status = Integer.parseInt(statusLine, 9, 12, 10);
                } catch (NumberFormatException e) {
                    throw new IOException("not an HTTP status line: '" + abbreviate(statusLine) + "'");
                }
                SocketResponse response = new SocketResponse(this, status, statusLine.charAt(7) == '0');
                String header;
                while ((header = readLine()) != null && !header.isEmpty()) {
                    response.parseHeader(header);
                }
                if (header == null) {
                    throw new EOFException("the server closed the connection in the response head");
                }
                if (status >= 100 && status < 200) {
                    continue; // 100 Continue and other interim responses precede the real one
                }
                response.startBody();
                return response;
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    /** A response on a pooled connection; its body stream decodes Content-Length and chunked framing. */
    private final class SocketResponse extends InputStream implements Response {
        private final Connection connection;
        private final int status;
        private boolean keepAlive;
        private long contentLength = -1;
        private boolean chunked;
        private String contentType;
        private String retryAfter;
        /** Bytes left in the body (fixed length) or the current chunk; -1 when the body runs until EOF. */
        private long remaining;
        private boolean complete;
        private boolean timedOut;
        private boolean closedResponse;

        SocketResponse(Connection connection, int status, boolean http10) {
            this.connection = connection;
            this.status = status;
            this.keepAlive = !http10;
        }

        void parseHeader(String line) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    contentLength = -1;
                    keepAlive = false;
                }
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                String v = value.toLowerCase(java.util.Locale.ROOT);
                if (v.contains("close")) {
                    keepAlive = false;
                } else if (v.contains("keep-alive")) {
                    keepAlive = true;
                }
            } else if (name.equalsIgnoreCase("content-type") && contentType == null) {
                contentType = value;
            } else if (name.equalsIgnoreCase("retry-after") && retryAfter == null) {
                retryAfter = value;
            }
        }

        void startBody() {
            if (status == 204 || status == 304) {
                complete = true;
            } else if (chunked) {
                remaining = 0; // the first chunk-size line is read on the first read
            } else if (contentLength >= 0) {
                remaining = contentLength;
                complete = contentLength == 0;
            } else {
                remaining = -1;
                keepAlive = false;
            }
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String header(String lowerCaseName) {
            return switch (lowerCaseName) {
                case "content-type" -> contentType;
                case "retry-after" -> retryAfter;
                case "content-length" -> contentLength < 0 ? null : Long.toString(contentLength);
                default -> null;
            };
        }

        @Override
        public InputStream body() {
            return this;
        }

        @Override
        public boolean timedOut() {
            return timedOut;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (complete || closedResponse) {
                return -1;
            }
            try {
                if (chunked && remaining == 0 && !nextChunk()) {
                    return -1;
                }
                Connection c = connection;
                if (c.position == c.limit && !c.fill()) {
                    if (remaining < 0) {
                        complete = true;
                        return -1;
                    }
                    throw new EOFException("the server closed the connection in the middle of the response body");
                }
                int n = Math.min(len, c.limit - c.position);
                if (remaining >= 0) {
                    n = (int) Math.min(n, remaining);
                }
                System.arraycopy(c.buffer, c.position, b, off, n);
                c.position += n;
                if (remaining >= 0) {
                    remaining -= n;
                    if (remaining == 0 && !chunked) {
                        complete = true;
                    }
                }
                return n;
            } catch (SocketTimeoutException e) {
                timedOut = true;
                keepAlive = false;
                throw e;
            }
        }

        /** Reads the CRLF ending the previous chunk (if any) and the next chunk-size line; false at the last chunk. */
        private boolean nextChunk() throws IOException {
            Connection c = connection;
            String sizeLine = c.readLine();
            if (sizeLine != null && sizeLine.isEmpty()) {
                sizeLine = c.readLine(); // the CRLF after the previous chunk's data
            }
            if (sizeLine == null) {
                throw new EOFException("the server closed the connection in the middle of the response body");
            }
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size '" + abbreviate(sizeLine) + "'");
            }
            if (size == 0) {
                String trailer;
                while ((trailer = c.readLine()) != null && !trailer.isEmpty()) {
                    // trailers carry nothing a chat reply needs
                }
                if (trailer == null) {
                    keepAlive = false;
                }
                complete = true;
                return false;
            }
            remaining = size;
            return true;
        }

        @Override
        public int available() {
            return complete ? 0 : connection.limit - connection.position;
        }

        @Override
        public void close() {
            if (closedResponse) {
                return;
            }
            closedResponse = true;
            if (complete && keepAlive && connection.position == connection.limit) {
                connection.receivedAny = false;
                release(connection);
            } else {
                connection.closeQuietly();
            }
        }
    }
}

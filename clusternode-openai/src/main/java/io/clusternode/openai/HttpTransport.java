package io.clusternode.openai;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * How a provider moves one chat-completions POST over HTTP/1.1: the request body goes out, a response
 * whose body is read as a stream comes back. Two implementations: {@link OkHttpTransport} (the default,
 * OkHttp's blocking calls run on the caller's thread) and {@link JdkHttpTransport} (the JDK
 * {@code HttpClient}). Thread-safe; one per provider.
 *
 * <p>Timeouts surface as {@link java.net.http.HttpConnectTimeoutException} (connecting) and
 * {@link java.net.http.HttpTimeoutException} (waiting for the response head) from {@link #post}, and as an
 * IOException from the body stream with {@link Response#timedOut()} true (silence mid-body). Past the
 * call's deadline every wait ends with an IOException; the caller tells that case by the clock.
 */
interface HttpTransport extends AutoCloseable {

    /** The {@code Accept} header of a call that wants one JSON completion. */
    String JSON = "application/json";
    /** The {@code Accept} header of a call that wants server-sent events. */
    String EVENT_STREAM = "text/event-stream";

    /**
     * Sends one request.
     *
     * @param body          the JSON request body
     * @param accept        {@link #JSON} or {@link #EVENT_STREAM}
     * @param deadlineNanos a {@link System#nanoTime()} value after which no part of the exchange, body
     *                      reading included, may still wait
     */
    Response post(byte[] body, String accept, long deadlineNanos) throws IOException, InterruptedException;

    @Override
    void close();

    /** A response whose body has not been read yet. Closing it returns the connection to the pool when possible. */
    interface Response extends Closeable {
        int status();

        /** The first value of a header (name in lower case), or null. */
        String header(String lowerCaseName);

        InputStream body();

        /** Whether reading the body failed because nothing arrived for the read timeout. */
        boolean timedOut();
    }
}

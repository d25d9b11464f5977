package io.clusternode.server.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clusternode.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Server-sent events for a streamed completion: {@code data: JSON} events, then {@code data: [DONE]}; or, for
 * n8n's chat widget, newline-delimited JSON ({@link #ndjson}). Written by the run's thread while it streams, and
 * by the request's thread when the run fails or times out; once {@link #finish} has run, later writes are
 * dropped, so a cancelled run cannot write after the end.
 */
public final class SseStream {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = new byte[0];
    private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] prefix;
    private final byte[] suffix;
    private final byte[] done;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean finished;
    private boolean broken;

    SseStream(OutputStream out) {
        this(out, DATA, END, DONE);
    }

    private SseStream(OutputStream out, byte[] prefix, byte[] suffix, byte[] done) {
        this.out = out;
        this.prefix = prefix;
        this.suffix = suffix;
        this.done = done;
    }

    /** One JSON object per line, nothing at the end: the streaming protocol of n8n's chat widget. */
    public static SseStream ndjson(OutputStream out) {
        return new SseStream(out, NONE, NEWLINE, NONE);
    }

    /** Sends one event; returns false when the stream has ended or the client has gone. */
    public boolean send(Object event) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        lock.lock();
        try {
            if (finished || broken) {
                return false;
            }
            out.write(prefix);
            out.write(json);
            out.write(suffix);
            out.flush();
            return true;
        } catch (IOException | UncheckedIOException e) {
            broken = true;
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code [DONE]} (unless {@code complete} is false; nothing for NDJSON) and closes; idempotent. */
    public void finish(boolean complete) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            if (!broken && complete && done.length > 0) {
                out.write(done);
            }
            out.close();
        } catch (IOException | UncheckedIOException e) {
            broken = true;
        } finally {
            lock.unlock();
        }
    }
}

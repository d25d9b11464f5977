package io.clusternode.server.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clusternode.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Server-sent events for a streamed completion: {@code data: JSON} events, then {@code data: [DONE]}. Written
 * by the run's thread while it streams, and by the request's thread when the run fails or times out; once
 * {@link #finish} has run, later writes are dropped, so a cancelled run cannot write after the end.
 */
final class SseStream {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean finished;
    private boolean broken;

    SseStream(OutputStream out) {
        this.out = out;
    }

    /** Sends one event; returns false when the stream has ended or the client has gone. */
    boolean send(Object event) {
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
            out.write(DATA);
            out.write(json);
            out.write(END);
            out.flush();
            return true;
        } catch (IOException | UncheckedIOException e) {
            broken = true;
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code [DONE]} (unless {@code done} is false) and closes; idempotent. */
    void finish(boolean done) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            if (!broken && done) {
                out.write(DONE);
            }
            out.close();
        } catch (IOException | UncheckedIOException e) {
            broken = true;
        } finally {
            lock.unlock();
        }
    }
}

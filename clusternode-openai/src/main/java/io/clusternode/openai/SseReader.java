package io.clusternode.openai;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads server-sent events line by line from a response body as it arrives, returning each event's
 * {@code data} (several data lines joined with a newline). Comment lines ({@code : keep-alive}), blank
 * lines without data, and {@code event:}/{@code id:}/{@code retry:} fields are skipped. Works on bytes, so
 * no decoder sits between the socket and the JSON parser. Lines and events can be no longer than the body,
 * which the provider bounds ({@link LimitedInputStream}). Not thread-safe: one per stream.
 */
final class SseReader {

    private static final byte[] DATA = {'d', 'a', 't', 'a'};

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int lineLength;
    private byte[] data = new byte[1024];
    private int dataLength;

    SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event's data, or null when the stream ended. */
    byte[] nextData() throws IOException {
        dataLength = 0;
        boolean hasData = false;
        while (true) {
            if (!readLine()) {
                // The stream ended; an event without its closing blank line still counts.
                return hasData ? Arrays.copyOf(data, dataLength) : null;
            }
            if (lineLength == 0) {
                if (hasData) {
                    return Arrays.copyOf(data, dataLength);
                }
                continue;
            }
            if (line[0] == ':' || !startsWithData()) {
                continue;
            }
            int start = DATA.length;
            if (start < lineLength && line[start] == ':') {
                start++;
                if (start < lineLength && line[start] == ' ') {
                    start++;
                }
            } else if (start != lineLength) {
                continue; // a field such as "dataset:", not "data"
            }
            if (hasData) {
                append((byte) '\n');
            }
            for (int i = start; i < lineLength; i++) {
                append(line[i]);
            }
            hasData = true;
        }
    }

    private boolean startsWithData() {
        if (lineLength < DATA.length) {
            return false;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (line[i] != DATA[i]) {
                return false;
            }
        }
        return true;
    }

    private void append(byte b) {
        if (dataLength == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[dataLength++] = b;
    }

    /** Reads one line without its terminator (LF or CRLF); false at the end of the stream with no line. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int count = position - start;
            if (lineLength + count > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
            }
            System.arraycopy(buffer, start, line, lineLength, count);
            lineLength += count;
            if (position < limit) {
                position++; // the '\n'
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
        }
    }
}

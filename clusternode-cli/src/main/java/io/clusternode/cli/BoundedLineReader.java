package io.clusternode.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most a given number of characters. A longer line is not kept: its characters are read
 * and dropped up to the end of the line, so a huge line (hundreds of megabytes piped into the chat) costs
 * a fixed amount of memory and is reported as {@link Line#tooLong()}, never an {@link OutOfMemoryError}.
 * Lines end at {@code \n}, {@code \r} or {@code \r\n}.
 */
final class BoundedLineReader {

    /**
     * One line read.
     *
     * @param text    the line without its terminator; null when the line was too long
     * @param tooLong whether the line exceeded the limit (and was dropped)
     */
    record Line(String text, boolean tooLong) {
    }

    private final Reader reader;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private boolean skipLineFeed;

    /**
     * @param reader   where the characters come from (read in blocks of 8192; no need to buffer it)
     * @param maxChars longest line returned, at least 1
     */
    BoundedLineReader(Reader reader, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1");
        }
        this.reader = reader;
        this.maxChars = maxChars;
    }

    /**
     * The next line, or null at the end of input.
     *
     * @throws IOException when the input cannot be read
     */
    Line next() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? new Line(tooLong ? null : line.toString(), tooLong) : null;
                }
            }
            char c = buffer[position++];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (c == '\n') {
                    continue;
                }
            }
            any = true;
            if (c == '\n' || c == '\r') {
                skipLineFeed = c == '\r';
                return new Line(tooLong ? null : line.toString(), tooLong);
            }
            if (tooLong) {
                continue;
            }
            if (line.length() == maxChars) {
                tooLong = true;
                line = new StringBuilder();
            } else {
                line.append(c);
            }
        }
    }
}

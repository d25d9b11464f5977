package io.clusternode.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<String> events(String text) throws IOException {
        return events(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> events(InputStream in) throws IOException {
        SseReader reader = new SseReader(in);
        List<String> out = new ArrayList<>();
        byte[] data;
        while ((data = reader.nextData()) != null) {
            out.add(new String(data, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void commentsBlankLinesAndOtherFieldsAreSkipped() throws IOException {
        assertThat(events(": keep-alive\n\n\nevent: message\nid: 7\nretry: 100\ndata: {\"a\":1}\n\n: ping\n\ndata: [DONE]\n\n"))
                .containsExactly("{\"a\":1}", "[DONE]");
    }

    @Test
    void crlfLineEndsAndMultiLineDataAndNoSpaceAfterColon() throws IOException {
        assertThat(events("data:one\r\ndata: two\r\n\r\ndata:\r\n\r\ndata: three"))
                .containsExactly("one\ntwo", "", "three");
    }

    @Test
    void fieldsThatOnlyStartWithDataAreNotData() throws IOException {
        assertThat(events("dataset: x\ndata: y\n\n")).containsExactly("y");
    }

    @Test
    void linesLongerThanTheBufferAndOneByteReads() throws IOException {
        String big = "x".repeat(50_000);
        byte[] bytes = ("data: " + big + "\n\ndata: é\n\n").getBytes(StandardCharsets.UTF_8);
        InputStream oneByteAtATime = new InputStream() {
            int position;

            @Override
            public int read() {
                return position < bytes.length ? bytes[position++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[position++];
                return 1;
            }
        };
        assertThat(events(oneByteAtATime)).containsExactly(big, "é");
    }

    @Test
    void emptyStreamHasNoEvents() throws IOException {
        assertThat(events("")).isEmpty();
        assertThat(events(": only a comment\n\n")).isEmpty();
    }
}

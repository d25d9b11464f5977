package io.clusternode.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import org.jspecify.annotations.Nullable;

/** The one shared, thread-safe Jackson mapper and the JSON helpers every module uses. */
public final class Json {

    /**
     * The most parser and generator buffer sets kept for reuse. Jackson's default pool is per thread, which
     * on virtual threads (a new thread per request or run) means fresh buffers, some 16 KB, for every JSON
     * read or write; one bounded pool shared by all threads reuses them.
     */
    private static final int POOLED_BUFFERS = 128;

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newBoundedPool(POOLED_BUFFERS)).build())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * Rejects content after the first value ({@code {"a":1} {"b":2}}): a model that emits two argument
     * objects, or a truncated-then-retried body, must not be silently reduced to its first part.
     */
    private static final ObjectReader STRICT_READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /**
     * Parses JSON text.
     *
     * @param text the JSON text; null fails as empty
     * @param what names the text in the error message, e.g. "tool arguments"
     * @throws NodeExecutionException with {@code INVALID_JSON} and the parser's location on malformed input
     */
    public static JsonNode parse(@Nullable String text, String what) {
        if (text == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_JSON, what + " is empty");
        }
        try {
            JsonNode node = STRICT_READER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new NodeExecutionException(ErrorCode.INVALID_JSON, what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_JSON,
                    what + " is not valid JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new NodeExecutionException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
